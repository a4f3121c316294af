"""Writing a merge into hand-written glossary files: only what changed changes.

Untouched entries, comments, blank lines, quoting and order stay byte for byte; an updated
entry keeps every key whose value did not change as it was written; new entries are appended
in the file's own indentation and spacing; what is written loads back as what was merged.
"""

from __future__ import annotations

import difflib
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline.glossary import load_glossary
from pipeline.glossary.dump import Style, entry_lines, file_text
from pipeline.glossary.load import _load_file
from pipeline.glossary.merge import merge_terms, write_glossary
from pipeline.core.model import Forbidden, Rendering, Term

HAND_WRITTEN = """\
# Places.  Hand-written: comments, a folded note, flow items, odd spacing.
category: place
terms:
    # --- first section ---
    -   id: khojaly
        term: Khojaly   # the canonical form
        notes: >-
            Town in Karabakh; a hand-wrapped note
            that a rewrite would re-wrap.
        locales:
            az: {rendering: Xocalı}
            ru:
                rendering: Ходжалы
                # a comment among the Russian forms
                forbidden:
                -   {form: Ходжали, reason: non-standard; use Ходжалы}
            tr: Hocalı

    -
        id: baku
        term: "Baku"
        notes: |
            # not a comment: a line of the note
            second line
        locales: {az: Bakı, ru: Баку, tr: Bakü}
    # --- trailing section comment ---
"""


def _project(tmp_path: Path, text: str, name: str = "places.yaml", newline: str = "\n") -> Path:
    directory = tmp_path / "glossary"
    directory.mkdir()
    (directory / name).write_bytes(text.replace("\n", newline).encode("utf-8"))
    return directory


def _write(directory: Path, imported: list[Term]) -> tuple[list[str], list[str]]:
    """Merge ``imported``, write, and return the file's lines before and after."""
    path = directory / "places.yaml"
    before_lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    before = load_glossary(directory)
    merged, _ = merge_terms(before, imported, default_category="place")
    write_glossary(merged, directory, before)
    after = load_glossary(directory)
    assert sorted(after.terms, key=lambda t: t.id) == sorted(merged.terms, key=lambda t: t.id)
    return before_lines, path.read_text(encoding="utf-8").splitlines(keepends=True)


def _changes(before: list[str], after: list[str]) -> tuple[list[str], list[str]]:
    """(removed lines, added lines)."""
    diff = list(difflib.ndiff(before, after))
    return [d[2:] for d in diff if d.startswith("- ")], [d[2:] for d in diff if d.startswith("+ ")]


NAKHCHIVAN = Term(
    "nakhchivan",
    "place",
    "Nakhchivan",
    renderings={"az": Rendering("az", "Naxçıvan"), "ru": Rendering("ru", "Нахчыван"), "tr": Rendering("tr", "Nahçıvan")},
)


def test_a_new_entry_is_appended_in_the_files_own_layout_and_nothing_else_moves(tmp_path):
    before, after = _write(_project(tmp_path, HAND_WRITTEN), [NAKHCHIVAN])
    removed, added = _changes(before, after)
    assert removed == []
    # After the last entry, before the trailing comment, in the file's layout: indented by 4,
    # "-   " before an item, a blank line between entries.
    assert "".join(added) == (
        "\n    -   id: nakhchivan\n        term: Nakhchivan\n        locales:\n"
        "            az:\n                rendering: Naxçıvan\n"
        "            ru:\n                rendering: Нахчыван\n"
        "            tr:\n                rendering: Nahçıvan\n"
    )
    assert after[-1] == "    # --- trailing section comment ---\n"


def test_an_update_rewrites_only_the_keys_that_changed(tmp_path):
    update = Term(
        "khojaly",
        "",
        "Khojaly",
        renderings={
            "ru": Rendering("ru", "Ходжалы", (), (Forbidden("Ходжала", "misspelling; use Ходжалы"),)),
            "tr": Rendering("tr", "Hocalı", ("Hocalı ilçesi",)),
        },
    )
    before, after = _write(_project(tmp_path, HAND_WRITTEN), [update])
    removed, added = _changes(before, after)
    # ru only gains a forbidden form: the new item goes after the old one, in the file's layout.
    # tr was the shorthand "tr: Hocalı": it is written out as a mapping, in the file's indentation.
    assert removed == ["            tr: Hocalı\n"]
    assert added == [
        "                -   form: Ходжала\n",
        "                    reason: misspelling; use Ходжалы\n",
        "            tr:\n",
        "                rendering: Hocalı\n",
        "                accepted:\n",
        "                -   Hocalı ilçesi\n",
    ]
    # ... so the folded note, the comments and the flow item are exactly as they were.
    assert [line for line in after if "#" in line] == [line for line in before if "#" in line]


def test_a_changed_value_is_rewritten_and_comments_inside_it_move_above_it(tmp_path):
    # The import forbids the form the entry accepted: the whole "ru" forbidden list changes.
    update = Term(
        "khojaly",
        "",
        "Khojaly",
        renderings={"ru": Rendering("ru", "Ходжалы", (), (Forbidden("Ходжали", "wrong; use Ходжалы", "warning"),))},
    )
    before, after = _write(_project(tmp_path, HAND_WRITTEN), [update])
    removed, added = _changes(before, after)
    assert removed == ["                -   {form: Ходжали, reason: non-standard; use Ходжалы}\n"]
    assert added == [
        "                -   form: Ходжали\n",
        "                    reason: wrong; use Ходжалы\n",
        "                    severity: warning\n",
    ]


def test_an_entry_in_flow_style_is_rewritten_whole_and_keeps_its_comments(tmp_path):
    text = (
        "category: place\nterms:\n  - {id: baku, term: Baku,  # the capital\n"
        "     locales: {az: Bakı, ru: Баку, tr: Bakü}}\n  - id: ganja\n    term: Ganja\n"
    )
    update = Term("baku", "", "Baku", variants=("Baky",))
    before, after = _write(_project(tmp_path, text), [update])
    assert after[:2] == before[:2] and after[-2:] == before[-2:]
    assert after[2] == "  # the capital\n" and after[3] == "  - id: baku\n"


def test_terms_written_as_a_flow_list_become_a_block_list(tmp_path):
    directory = _project(tmp_path, "category: place\nterms: []  # none yet\n")
    (directory / "people.yaml").write_text("category: person\nterms:\n  - id: a\n    term: A\n", encoding="utf-8")
    before, after = _write(directory, [NAKHCHIVAN])
    assert after[0] == before[0] and after[1] == "terms:  # none yet\n"
    assert after[2] == "  - id: nakhchivan\n"


def test_crlf_a_byte_order_mark_and_no_final_line_end_are_kept(tmp_path):
    text = "category: place\nterms:\n  - id: baku\n    term: Baku"
    directory = _project(tmp_path, text, newline="\r\n")
    path = directory / "places.yaml"
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    before = load_glossary(directory)
    merged, _ = merge_terms(before, [NAKHCHIVAN])
    write_glossary(merged, directory, before)
    data = path.read_bytes()
    assert data.startswith(b"\xef\xbb\xbfcategory: place\r\nterms:\r\n  - id: baku\r\n    term: Baku\r\n\r\n")
    assert b"\n" not in data.replace(b"\r\n", b"")
    assert [t.id for t in load_glossary(directory).terms] == ["baku", "nakhchivan"]


def test_an_unchanged_merge_writes_nothing(tmp_path):
    directory = _project(tmp_path, HAND_WRITTEN)
    before = load_glossary(directory)
    merged, report = merge_terms(before, [Term("baku", "", "Baku")])
    assert not report.changed and write_glossary(merged, directory, before) == []


# --------------------------------------------------------------------------- the YAML each entry is written as

_AWKWARD = st.sampled_from(
    [
        "yes",
        "No",
        "null",
        "~",
        "1992",
        "0x1F",
        "1_000",
        ".inf",
        "2024-01-01",
        "=",
        "<<",
        "- x",
        "? x",
        ": x",
        "#x",
        "x #y",
        "a: b",
        "x:",
        "'q'",
        '"q"',
        "@x",
        "%x",
        "`x",
        "!x",
        "&x",
        "*x",
        "|x",
        ">x",
        "[x]",
        "{x}",
        ",x",
        " lead",
        "trail ",
        "tab\there",
        "a\nb",
        "a\nb\n",
        "a\nb\n\n",
        "\nlead",
        "a\n  b",
        "a\n\nb",
        "x\u2028y",
        "\x85",
        "\ufeffx",
        "é\x7f",
        "\x00",
        "🙂",
        "Ümummilli Lider",
        "O'Neil",
        "100%",
    ]
)
_TEXT = st.one_of(
    _AWKWARD,
    st.text(min_size=1, max_size=30),
    st.text(" abc#:-'\"\n", min_size=1, max_size=12),
    st.text("Lorem ipsum dolor sit amet ", min_size=90, max_size=220),
)
_FORBIDDEN = st.builds(Forbidden, _TEXT, st.one_of(st.just(""), _TEXT), st.sampled_from(("error", "warning")))


@st.composite
def _terms(draw) -> Term:
    codes = draw(st.lists(st.sampled_from(("az", "ru", "tr", "no", "pt_BR")), max_size=3, unique=True))
    return Term(
        id="x",
        category=draw(st.sampled_from(("place", "event"))),
        term=draw(_TEXT),
        variants=tuple(draw(st.lists(_TEXT, max_size=3))),
        forbidden=tuple(draw(st.lists(_FORBIDDEN, max_size=2))),
        notes=draw(st.one_of(st.just(""), _TEXT)),
        dnt=draw(st.booleans()),
        case=draw(st.sampled_from(("default", "exact"))),
        renderings={
            code: Rendering(code, draw(_TEXT), tuple(draw(st.lists(_TEXT, max_size=2))), tuple(draw(st.lists(_FORBIDDEN, max_size=2))))
            for code in codes
        },
    )


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_terms(), st.sampled_from((Style(), Style(item_column=0, dash_gap=4, indent=4, indent_sequences=False, gap=0, width=40))))
def test_every_entry_is_written_as_yaml_that_loads_back_the_same(term, style):
    text = file_text("place", [term], style)
    assert _load_file(Path("g.yaml"), text.encode("utf-8")) == [term], text


def test_long_notes_are_folded_like_the_glossarys_own():
    term = Term("x", "place", "X", notes="word " * 40 + "end")
    lines = entry_lines(term, "place")
    assert lines[2] == "    notes: >-" and all(line.startswith("      word") for line in lines[3:-1])
    assert all(len(line) <= 100 for line in lines)


def test_a_merged_glossary_has_the_version_its_content_gives():
    # merge_terms hashes entry by entry (a 100,000-entry JSON blob is 200 MB): the same version.
    from pipeline.glossary import Glossary

    merged, _ = merge_terms(None, [NAKHCHIVAN, Term("baku", "place", "Baku", notes="Capital — “Bakı”")])
    assert merged.version == Glossary(merged.terms).version
