"""Loading the glossary: what a valid directory gives, and how bad input is reported (file:line)."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from pipeline.core.errors import InputError
from pipeline.glossary import Glossary, dump_glossary, form_line, load_glossary
from pipeline.core.model import Forbidden, Rendering, Term

PLACES = """\
category: place
terms:
  - id: khojaly
    term: Khojaly
    forbidden:
      - {form: Khodjaly, reason: "old transliteration"}
      - {form: Khojali, reason: "misspelling", severity: warning}
    notes: Town in Azerbaijan.
    locales:
      az: {rendering: Xocalı, forbidden: [{form: Xocali, reason: "no dotless ı"}]}
      ru: {rendering: Ходжалы}
      tr: {rendering: Hocalı}
  - id: khankendi
    term: Khankendi
    forbidden:
      - form: Stepanakert
        reason: Armenian name
    locales:
      az:
        rendering: Xankəndi
        forbidden: [Stepanakert]
      ru: {rendering: Ханкенди, forbidden: [{form: Степанакерт, reason: "Armenian name"}]}
      tr: Hankendi
"""

ORGS = """\
category: organisation
terms:
  - id: oic
    term: Organisation of Islamic Cooperation
    variants: [Organization of Islamic Cooperation, OIC]
    forbidden:
      - {form: Organisation of the Islamic Conference, reason: renamed in 2011, severity: warning}
    locales:
      az: {rendering: İslam Əməkdaşlıq Təşkilatı, accepted: [İƏT]}
  - id: news-az
    term: News.Az
    category: document
    case: exact
    dnt: true
"""


def write(directory: Path, **files: str) -> Path:
    """Write ``name=yaml text`` files into ``directory`` (created) and return it."""
    directory.mkdir(parents=True, exist_ok=True)
    for name, text in files.items():
        (directory / name.replace("_", ".")).write_text(textwrap.dedent(text), encoding="utf-8")
    return directory


def error_of(tmp_path: Path, text: str) -> InputError:
    write(tmp_path / "g", bad_yaml=text)
    with pytest.raises(InputError) as info:
        load_glossary(tmp_path / "g")
    return info.value


# --------------------------------------------------------------------------- what loading gives


def test_loads_every_yaml_file_in_sorted_order(tmp_path):
    glossary = load_glossary(write(tmp_path / "g", places_yaml=PLACES, orgs_yml=ORGS, notes_txt="ignored"))
    assert [t.id for t in glossary.terms] == ["oic", "news-az", "khojaly", "khankendi"]
    assert [p.name for p in glossary.files] == ["orgs.yml", "places.yaml"]
    assert len(glossary) == 4 and "khojaly" in glossary and glossary.get("nope") is None
    assert glossary.locales == ("az", "ru", "tr")


def test_an_entry_has_its_fields_defaults_and_renderings(tmp_path):
    glossary = load_glossary(write(tmp_path / "g", places_yaml=PLACES, orgs_yaml=ORGS))
    khojaly = glossary["khojaly"]
    assert khojaly.category == "place" and khojaly.term == "Khojaly" and khojaly.case == "default"
    assert khojaly.forbidden == (Forbidden("Khodjaly", "old transliteration", "error"), Forbidden("Khojali", "misspelling", "warning"))
    assert khojaly.renderings["az"] == Rendering("az", "Xocalı", (), (Forbidden("Xocali", "no dotless ı"),))
    assert khojaly.notes == "Town in Azerbaijan." and not khojaly.dnt
    # Shorthands: a bare forbidden form, and "tr: Hankendi" for a rendering alone.
    khankendi = glossary["khankendi"]
    assert khankendi.renderings["az"].forbidden == (Forbidden("Stepanakert"),)
    assert khankendi.renderings["tr"].text == "Hankendi"
    news = glossary["news-az"]
    assert (news.category, news.case, news.dnt, news.renderings) == ("document", "exact", True, {})
    assert glossary["oic"].variants == ("Organization of Islamic Cooperation", "OIC")


def test_entries_and_forms_remember_their_file_and_line(tmp_path):
    glossary = load_glossary(write(tmp_path / "g", places_yaml=PLACES))
    khojaly, khankendi = glossary["khojaly"], glossary["khankendi"]
    assert khojaly.source.endswith("places.yaml") and khojaly.line == 3
    assert form_line(khojaly, "Khojaly") == 4
    assert form_line(khojaly, "Khojali") == 7
    assert form_line(khojaly, "Xocali", "az") == 10
    assert khojaly.renderings["ru"].line == 11
    assert khankendi.line == 13 and form_line(khankendi, "Stepanakert") == 16
    assert form_line(khankendi, "Stepanakert", "az") == 21
    assert form_line(khankendi, "not a form") == khankendi.line


# --------------------------------------------------------------------------- version


def test_version_is_stable_and_changes_when_a_file_changes(tmp_path):
    directory = write(tmp_path / "g", places_yaml=PLACES)
    first = load_glossary(directory).version
    assert first == load_glossary(directory).version and len(first) == 16
    (directory / "places.yaml").write_text(PLACES.replace("Town in", "A town in"), encoding="utf-8")
    assert load_glossary(directory).version != first


def test_an_in_memory_glossary_gets_a_version_from_its_content():
    a = Glossary((Term("x", "place", "X"),))
    assert a.version == Glossary((Term("x", "place", "X"),)).version
    assert a.version != Glossary((Term("x", "place", "Y"),)).version


# --------------------------------------------------------------------------- dump / load round trip


def test_dump_then_load_gives_equal_terms(tmp_path):
    original = load_glossary(write(tmp_path / "g", places_yaml=PLACES, orgs_yaml=ORGS))
    written = dump_glossary(original, tmp_path / "out")
    assert sorted(p.name for p in written) == ["documents.yaml", "organisations.yaml", "places.yaml"]
    again = load_glossary(tmp_path / "out")
    assert sorted(again.terms, key=lambda t: t.id) == sorted(original.terms, key=lambda t: t.id)
    for term in original.terms:  # renderings take part in ==; check them explicitly anyway
        assert again[term.id].renderings == term.renderings
    text = (tmp_path / "out" / "places.yaml").read_text(encoding="utf-8")
    assert "Ходжалы" in text and "Xocalı" in text  # UTF-8, not \u escapes
    assert "severity: warning" in text and "severity: error" not in text  # defaults left out


def test_dump_quotes_values_yaml_would_misread(tmp_path):
    terms = (Term("no-term", "event", "no", variants=("1992", "yes"), notes="a: b # c"),)
    dump_glossary(terms, tmp_path)
    assert load_glossary(tmp_path).terms == terms


def test_the_real_glossary_survives_a_round_trip(tmp_path):
    real = load_glossary(Path(__file__).resolve().parents[2] / "glossary")
    dump_glossary(real, tmp_path)
    by_id = lambda terms: sorted(terms, key=lambda t: t.id)  # noqa: E731
    assert by_id(load_glossary(tmp_path).terms) == by_id(real.terms)


def test_dumping_twice_writes_nothing_new(tmp_path):
    glossary = load_glossary(write(tmp_path / "g", places_yaml=PLACES))
    path = dump_glossary(glossary, tmp_path / "out")[0]
    before = path.stat().st_mtime_ns
    dump_glossary(glossary, tmp_path / "out")
    assert path.stat().st_mtime_ns == before


# --------------------------------------------------------------------------- bad input: one line each


def test_a_missing_directory_is_an_input_error(tmp_path):
    with pytest.raises(InputError, match="not found"):
        load_glossary(tmp_path / "nowhere")


def test_a_directory_without_yaml_files_is_an_input_error(tmp_path):
    (tmp_path / "README.md").write_text("nothing", encoding="utf-8")
    with pytest.raises(InputError, match=r"no \*\.yaml files"):
        load_glossary(tmp_path)


def test_an_empty_file_is_an_input_error(tmp_path):
    error = error_of(tmp_path, "# only a comment\n")
    assert "empty" in error.problem and error.path.endswith("bad.yaml")


def test_a_yaml_syntax_error_reports_its_line(tmp_path):
    error = error_of(
        tmp_path,
        """\
        category: place
        terms:
          - id: khojaly
            term: "Khojaly
          - id: other
        """,
    )
    assert "YAML syntax error" in str(error) and error.line == 4
    assert "quoted scalar" in error.problem
    assert str(error).startswith(f"{error.path}:{error.line}: ")


@pytest.mark.parametrize(
    "body, line, words",
    [
        ("  - id: a\n    term: A\n    colour: red\n", 5, "unknown key 'colour'"),
        ("  - id: a\n", 3, "no 'term'"),
        ("  - id: Bad_Id\n    term: A\n", 3, "lowercase letters"),
        ("  - id: a\n    term: A\n    variants: Ay\n", 5, "must be a list"),
        ("  - id: a\n    term: A\n    variants: [yes]\n", 5, "must be text"),
        ("  - id: a\n    term: A\n    forbidden: [{form: B, severity: fatal}]\n", 5, "severity 'fatal'"),
        ("  - id: a\n    term: A\n    forbidden: [{reason: x}]\n", 5, "no 'form'"),
        ("  - id: a\n    term: A\n    category: river\n", 5, "category 'river'"),
        ("  - id: a\n    term: A\n    case: upper\n", 5, "case 'upper'"),
        ("  - id: a\n    term: A\n    dnt: maybe\n", 5, "'dnt' must be true or false"),
        ("  - id: a\n    term: A\n    locales: {az: {rendring: B}}\n", 5, "unknown key 'rendring'"),
        ("  - id: a\n    term: A\n    locales:\n      no: {rendering: B}\n", 6, "not a locale code"),
        ("  - id: a\n    term: A\n    term: B\n", 5, "appears twice"),
        ("  - id: a\n    term: A\n  - id: a\n    term: B\n", 5, "duplicate id 'a'"),
    ],
)
def test_each_structural_error_names_the_line_and_what_to_do(tmp_path, body, line, words):
    error = error_of(tmp_path, "category: place\nterms:\n" + body)
    assert words in error.problem
    assert error.line == line
    assert error.hint
    assert "\n" not in str(error)


def test_a_duplicate_id_across_files_names_both_places(tmp_path):
    write(
        tmp_path / "g",
        a_yaml="category: place\nterms:\n  - id: x\n    term: X\n",
        b_yaml="category: event\nterms:\n\n  - id: x\n    term: Y\n",
    )
    with pytest.raises(InputError) as info:
        load_glossary(tmp_path / "g")
    assert info.value.path.endswith("b.yaml") and info.value.line == 4
    assert "a.yaml:3" in info.value.problem


def test_an_entry_without_any_category_is_an_error(tmp_path):
    error = error_of(tmp_path, "terms:\n  - id: a\n    term: A\n")
    assert "no category" in error.problem and error.line == 2


def test_text_that_is_not_utf8_is_an_error(tmp_path):
    (tmp_path / "g").mkdir()
    (tmp_path / "g" / "x.yaml").write_bytes("category: place\nterms:\n  - id: a\n    term: Xocalı\n".encode("cp1254"))
    with pytest.raises(InputError, match="UTF-8") as info:
        load_glossary(tmp_path / "g")
    assert info.value.line == 4


def _shape(value):
    """A loaded YAML value with every line it carries, for comparing two loaders."""
    if isinstance(value, dict):
        return ("map", value.line, [(_shape(k), _shape(v), value.lines[k]) for k, v in value.items()])
    if isinstance(value, list):
        return ("seq", value.line, [_shape(v) for v in value], value.lines)
    return (type(value).__name__, value, getattr(value, "line", None))


def _outcome(load, text: str):
    try:
        return _shape(load(text))
    except Exception as error:  # the same exception, message and line
        return (type(error).__name__, str(error), getattr(error, "line", None))


@pytest.mark.parametrize(
    "text",
    [
        PLACES,
        ORGS,
        "",
        "a: &x [b, c]\nd: *x\n",  # an alias: PyYAML's own objects, shared
        "base: &b {x: 1}\nmore:\n  <<: *b\n  y: 2\n",  # a merge key
        "a: !!set {x, y}\nb: !!str 12\nc: !!binary aGk=\n",
        "a: yes\nb: 12\nc: ~\nd: 2020-02-03\ne: 1.5\n",
        "a: 1\na: 2\n",  # a duplicate key
        "[x]: 1\n",  # an unhashable key
        "a: !custom x\n",
        "a: 'never closed\n",
        "a: b\n---\nc: d\n",
    ],
)
def test_the_line_numbered_yaml_is_what_pyyaml_builds_with_the_line_loader(text):
    """load_lines builds strings, mappings and lists itself; every value, line and error is PyYAML's."""
    import yaml

    from pipeline.glossary.yaml_lines import line_loader, load_lines

    assert _outcome(load_lines, text) == _outcome(lambda t: yaml.load(t, Loader=line_loader()), text)  # noqa: S506
