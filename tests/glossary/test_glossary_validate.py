"""Validating glossary data: every problem the checker would trip over, at its file and line."""

from __future__ import annotations

import textwrap
from pathlib import Path

from pipeline.glossary import Problem, load_glossary, validate

CLEAN = """\
category: place
terms:
  - id: khojaly
    term: Khojaly
    forbidden: [{form: Khodjaly, reason: old spelling}]
    locales:
      az: {rendering: Xocalı, forbidden: [{form: Xocali, reason: dotless ı}]}
      ru: {rendering: Ходжалы}
      tr: {rendering: Hocalı}
  - id: heydar-aliyev
    term: Heydar Aliyev
    category: person
    locales:
      az: {rendering: Heydər Əliyev}
      ru: {rendering: Гейдар Алиев}
      tr: {rendering: Haydar Aliyev}
  - id: heydar-aliyev-foundation
    term: Heydar Aliyev Foundation
    category: organisation
    locales:
      az: {rendering: Heydər Əliyev Fondu}
      ru: {rendering: Фонд Гейдара Алиева}
      tr: {rendering: Haydar Aliyev Vakfı}
  - id: news-az
    term: News.Az
    category: organisation
    dnt: true
"""


def problems_in(tmp_path: Path, text: str, locales=None) -> list[Problem]:
    """Validate a one-file glossary written from ``text``."""
    directory = tmp_path / "glossary"
    directory.mkdir(exist_ok=True)
    (directory / "terms.yaml").write_text(textwrap.dedent(text), encoding="utf-8")
    return validate(load_glossary(directory), locales)


def entry(body: str) -> str:
    return CLEAN + textwrap.indent(textwrap.dedent(body), "  ")


def test_a_clean_glossary_has_no_problems(tmp_path):
    assert problems_in(tmp_path, CLEAN, ["az", "ru", "tr"]) == []


def test_problems_print_as_one_line_with_file_and_line(tmp_path):
    (problem,) = problems_in(
        tmp_path,
        entry("""\
        - id: baku
          term: Baku
          locales: {az: {rendering: Bakı}, ru: {rendering: ""}, tr: {rendering: Bakü}}
        """),
    )
    assert problem.path.endswith("terms.yaml") and problem.line == 30
    assert str(problem) == f"{problem.path}:30: empty ru rendering for 'baku'; write the ru rendering, or mark the entry dnt: true"


def test_the_same_english_form_in_two_entries_is_a_duplicate(tmp_path):
    (problem,) = problems_in(
        tmp_path,
        entry("""\
        - id: khojaly-town
          term: KHOJALY
          dnt: true
        """),
    )
    assert "duplicate term 'KHOJALY'" in problem.message and "'khojaly'" in problem.message
    assert problem.line == 29  # the line of the form


def test_a_form_allowed_and_forbidden_in_one_entry(tmp_path):
    (problem,) = problems_in(
        tmp_path,
        entry("""\
        - id: baku
          term: Baku
          variants: [Baki]
          forbidden: [{form: baki, reason: typo}]
          dnt: true
        """),
    )
    assert "form 'baki' of 'baku' is both allowed and forbidden" in problem.message and problem.line == 31


def test_a_form_allowed_in_one_entry_and_forbidden_in_another(tmp_path):
    (problem,) = problems_in(
        tmp_path,
        entry("""\
        - id: stepanakert
          term: Khodjaly
          dnt: true
        """),
    )
    assert "allowed in 'stepanakert' but forbidden in 'khojaly'" in problem.message


def test_a_rendering_that_is_also_forbidden_in_the_same_locale(tmp_path):
    problems = problems_in(tmp_path, CLEAN.replace("ru: {rendering: Ходжалы}", "ru: {rendering: Ходжалы, forbidden: [ходжалы]}"))
    assert [p.message for p in problems] == ["ru form 'ходжалы' of 'khojaly' is both allowed and forbidden"]
    assert problems[0].line == 8


def test_two_entries_with_the_same_rendering(tmp_path):
    (problem,) = problems_in(
        tmp_path,
        entry("""\
        - id: khojaly-district
          term: Khojaly District
          locales: {az: {rendering: Xocalı rayonu}, ru: {rendering: Ходжалы}, tr: {rendering: Hocalı ilçesi}}
        """),
    )
    assert problem.message.startswith("duplicate ru term 'Ходжалы': in 'khojaly'")


def test_empty_renderings_and_forms_without_letters(tmp_path):
    problems = problems_in(
        tmp_path,
        entry("""\
        - id: baku
          term: Baku
          variants: ["--"]
          locales: {az: {rendering: "  "}, ru: {rendering: Баку}, tr: {rendering: Bakü}}
        """),
    )
    assert [p.message for p in problems] == [
        "variant form '--' of 'baku' has no letters or digits",
        "empty az rendering for 'baku'",
    ]


def test_missing_renderings_for_configured_locales_unless_do_not_translate(tmp_path):
    problems = problems_in(tmp_path, CLEAN, ["az", "ru", "tr", "de"])
    assert sorted(p.message for p in problems) == [
        "'heydar-aliyev' has no de rendering",
        "'heydar-aliyev-foundation' has no de rendering",
        "'khojaly' has no de rendering",
    ]  # news-az is dnt
    assert problems[0].hint.startswith("add locales: de:")


def test_by_default_the_locales_are_those_the_glossary_uses(tmp_path):
    problems = problems_in(tmp_path, CLEAN.replace("      tr: {rendering: Hocalı}\n", ""))
    assert [p.message for p in problems] == ["'khojaly' has no tr rendering"]
    assert problems[0].line == 3


def test_locale_codes_babel_does_not_know(tmp_path):
    problems = problems_in(tmp_path, CLEAN.replace("tr: {rendering: Hocalı}", "tr: {rendering: Hocalı}\n      xx: X"), ["az", "ru", "tr"])
    assert [p.message for p in problems] == ["unknown locale code 'xx' in 'khojaly'"]
    assert problems[0].line == 10


def test_forms_of_two_entries_matching_the_same_span_are_ambiguous(tmp_path):
    # Different strings, same matches: a non-breaking hyphen is a hyphen.
    (problem,) = problems_in(
        tmp_path,
        entry("""\
        - id: khojaly-genocide
          term: Khojaly-genocide
          dnt: true
        - id: khojaly-massacre
          term: Khojaly\u2011Genocide
          dnt: true
        """),
    )
    assert problem.message.startswith("ambiguous form 'Khojaly\u2011Genocide' of 'khojaly-massacre'")
    assert "'khojaly-genocide'" in problem.message and problem.line == 32


def test_an_inflected_rendering_of_one_entry_that_is_another_entrys_rendering(tmp_path):
    az, tr = problems_in(
        tmp_path,
        entry("""\
        - id: in-khojaly
          term: in Khojaly
          locales: {az: {rendering: Xocalıda}, ru: {rendering: в Ходжалы}, tr: {rendering: Hocalı'da}}
        """),
    )
    assert az.message.startswith("ambiguous az form 'Xocalıda' of 'in-khojaly': it also matches 'Xocalı' of 'khojaly'")
    assert tr.message.startswith("ambiguous tr form 'Hocalı'da' of 'in-khojaly'")
    assert az.line == 30 and az.message.endswith("terms.yaml:7)")


def test_longer_forms_containing_shorter_ones_are_not_ambiguous(tmp_path):
    # Heydar Aliyev / Heydar Aliyev Foundation: the longest match decides, so no problem.
    assert problems_in(tmp_path, CLEAN) == []


def test_exact_case_forms_do_not_clash_with_words_in_other_cases(tmp_path):
    problems = problems_in(
        tmp_path,
        entry("""\
        - id: un
          term: UN
          dnt: true
        - id: un-prefix
          term: Un
          category: document
          dnt: true
        """),
    )
    # Same letters case-insensitively: a duplicate; but not an ambiguous match (UN is exact).
    assert [p.message.split(":")[0] for p in problems] == ["duplicate term 'Un'"]


def test_an_accepted_rendering_may_be_another_entrys_rendering(tmp_path):
    # "Parliament of the Republic of Azerbaijan" may be translated with the name Milli Məclis.
    problems = problems_in(
        tmp_path,
        entry("""\
        - id: milli-majlis
          term: Milli Majlis
          category: organisation
          locales: {az: {rendering: Milli Məclis}, ru: {rendering: Милли Меджлис}, tr: {rendering: Milli Meclis}}
        - id: parliament
          term: Parliament of the Republic of Azerbaijan
          category: organisation
          locales:
            az: {rendering: Azərbaycan Respublikasının Parlamenti, accepted: [Milli Məclis]}
            ru: {rendering: Парламент Азербайджанской Республики, accepted: [Милли Меджлис]}
            tr: {rendering: Azerbaycan Cumhuriyeti Parlamentosu, accepted: [Milli Meclis]}
        """),
    )
    assert problems == []


def _sharing(count: int, rendering: str = "Ortaq Ad", extra=()):
    """``count`` entries with their own English names and one az rendering, plus ``extra`` terms."""
    from pipeline.glossary import Glossary
    from pipeline.core.model import Rendering, Term

    terms = [
        Term(id=f"shared-{i:03d}", category="organisation", term=f"Velstan{i:03d} Institute", renderings={"az": Rendering("az", rendering)})
        for i in range(count)
    ]
    return Glossary(tuple(terms) + tuple(extra))


def test_entries_sharing_one_rendering_are_duplicates_not_ambiguities():
    # Each entry after the first is one duplicate of the first; the shared form, matched once
    # for all of them, is never also reported as an ambiguous match between every pair.
    problems = validate(_sharing(50), ["az"])
    assert len(problems) == 49
    assert all(p.message.startswith("duplicate az term 'Ortaq Ad': in 'shared-000'") for p in problems)


def test_a_form_shared_by_many_entries_is_still_ambiguous_with_an_inflected_one():
    # The shared-form shortcut must not hide a different form that matches the same span.
    from pipeline.core.model import Rendering, Term

    inflected = Term(id="in-the-place", category="place", term="In Velstan", renderings={"az": Rendering("az", "Xocalıda")})
    place = Term(id="the-place", category="place", term="Velstan", renderings={"az": Rendering("az", "Xocalı")})
    problems = validate(_sharing(20, extra=(place, inflected)), ["az"])
    ambiguous = [p.message for p in problems if p.message.startswith("ambiguous")]
    assert ambiguous == ["ambiguous az form 'Xocalıda' of 'in-the-place': it also matches 'Xocalı' of 'the-place' (:0)"]
    assert sum(p.message.startswith("duplicate az term 'Ortaq Ad'") for p in problems) == 19
