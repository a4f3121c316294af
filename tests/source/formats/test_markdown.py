"""Markdown documents: what is a unit, where it is, and how a translation is written back in place."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.core.errors import InputError
from pipeline.core.model import HEADING, PARAGRAPH, TITLE, Document
from pipeline.source.formats import render_localized, segment_document
from pipeline.source.formats.markdown import FORMAT

DATA = Path(__file__).parent / "data" / "markdown"
STATEMENT = DATA / "ombudsman-statement.md"


def document(text: str, name: str = "statement.md") -> Document:
    return FORMAT.decode(Path(name), text.encode("utf-8"))


def units(text: str) -> list[tuple[str, int, str]]:
    """``(text, line, kind)`` of every unit of the Markdown ``text``."""
    return [(u.text, u.line, u.kind) for u in segment_document(document(text)).units]


def texts(text: str) -> list[str]:
    return [u.text for u in segment_document(document(text)).units]


def rendered(text: str, translations: dict[str, str]) -> str:
    """``text`` written back with the units named in ``translations`` translated, the rest as they are."""
    doc = document(text)
    shipped = [translations.get(u.text, u.text) for u in segment_document(doc).units]
    return render_localized(doc, shipped, "az").decode("utf-8")


# --- 1. what is a unit --------------------------------------------------------------------------


def test_headings_of_both_kinds_paragraphs_and_the_first_heading_as_title():
    text = "# Khojaly, 1992 #\n\nThe town was attacked.\n\nWhat happened\n-------------\n\n## Figures\n"
    assert units(text) == [
        ("Khojaly, 1992", 1, TITLE),
        ("The town was attacked.", 3, PARAGRAPH),
        ("What happened", 5, HEADING),
        ("Figures", 8, HEADING),
    ]


def test_a_hard_wrapped_paragraph_is_one_unit_with_its_inline_markup_as_written():
    text = 'The **Ombudsman** called on _all_ states\nto read the [report](https://ombudsman.gov.az/r "Report")\nand `OMB-2025`.\n'
    assert units(text) == [
        ('The **Ombudsman** called on _all_ states to read the [report](https://ombudsman.gov.az/r "Report") and `OMB-2025`.', 1, PARAGRAPH)
    ]


def test_list_items_block_quotes_and_nested_containers_give_their_paragraphs():
    text = "- First item\n  wrapped.\n- Second item\n  1. Nested one\n\n> Quoted line one\n> and two.\n>\n> - quoted item\n"
    assert units(text) == [
        ("First item wrapped.", 1, PARAGRAPH),
        ("Second item", 3, PARAGRAPH),
        ("Nested one", 4, PARAGRAPH),
        ("Quoted line one and two.", 6, PARAGRAPH),
        ("quoted item", 9, PARAGRAPH),
    ]


def test_table_cells_header_and_body_are_units_empty_cells_and_the_delimiter_row_are_not():
    text = "| Victims | Number |\n|:--|--:|\n| Killed | 613 |\n| Missing \\| fate | |\n"
    assert units(text) == [
        ("Victims", 1, PARAGRAPH),
        ("Number", 1, PARAGRAPH),
        ("Killed", 3, PARAGRAPH),
        ("613", 3, PARAGRAPH),
        ("Missing \\| fate", 4, PARAGRAPH),  # as written: the translator keeps the escape
    ]


def test_a_table_without_outer_pipes_and_inside_a_block_quote():
    assert texts("> a | b\n> --|--\n> c | d e\n") == ["a", "b", "c", "d e"]


def test_an_image_alone_in_its_paragraph_gives_its_alt_text_inside_a_paragraph_it_stays():
    text = '![The memorial in Baku](/img/m.jpg "Memorial")\n\nSee the ![map](/img/map.svg) below.\n\n![](/img/spacer.gif)\n'
    assert units(text) == [("The memorial in Baku", 1, PARAGRAPH), ("See the ![map](/img/map.svg) below.", 3, PARAGRAPH)]
    decisions = segment_document(document(text)).decisions
    assert [(d.line, d.action, d.reason) for d in decisions][-1] == (5, "drop", "image without alt text: nothing to translate")


def test_front_matter_title_and_description_string_values_are_units_and_the_title_is_the_title():
    text = (
        "---\ntitle: 'Khojaly: 33 years'  # shown in the tab\ndescription: The statement.\ndate: 2025-02-25\n"
        "tags: [khojaly]\nsummary: Not translated here.\n---\n\n# Statement\n\nText.\n"
    )
    assert units(text) == [
        ("Khojaly: 33 years", 2, TITLE),
        ("The statement.", 3, PARAGRAPH),
        ("Statement", 9, HEADING),
        ("Text.", 11, PARAGRAPH),
    ]


def test_front_matter_values_that_are_not_one_line_strings_are_not_units():
    text = "---\ntitle: 2025\ndescription: >\n  folded over\n  two lines\n---\n\nText.\n"
    assert texts(text) == ["Text."]


TOML_PAGE = (
    "+++\ntitle = \"Khojaly: 33 years\" # the tab\ndescription = 'The statement'\ndate = 2025-02-25\n"
    '[params]\ntitle = "not a top-level key"\n+++\n\n# Statement\n'
)


def test_a_toml_front_matter_is_kept_but_for_its_title_and_description():
    assert units(TOML_PAGE) == [("Khojaly: 33 years", 2, TITLE), ("The statement", 3, PARAGRAPH), ("Statement", 9, HEADING)]
    decisions = segment_document(document(TOML_PAGE)).decisions
    assert [(d.line, d.action) for d in decisions] == [(1, "drop"), (2, "unit"), (3, "unit"), (9, "unit")]


def test_toml_values_are_written_back_as_toml_strings():
    out = rendered(TOML_PAGE, {"Khojaly: 33 years": 'Xocalı: "33 il"', "The statement": "Bəyanat", "Statement": "Bəyanat"})
    assert out.splitlines()[1:3] == ['title = "Xocalı: \\"33 il\\"" # the tab', "description = 'Bəyanat'"]
    assert texts(out) == ['Xocalı: "33 il"', "Bəyanat", "Bəyanat"]
    assert rendered(TOML_PAGE, {"The statement": "Ombudsman's statement"}).splitlines()[2] == 'description = "Ombudsman\'s statement"'


def test_code_html_comments_reference_definitions_and_rules_are_not_units():
    text = (
        "Intro.\n\n```\nnot = translated\n```\n\n    indented code\n\n<!-- a comment -->\n\n"
        '<div class="note">\n<p>HTML</p>\n</div>\n\n---\n\n[report]: https://a.az/r "Report"\n\nEnd.\n'
    )
    segmentation = segment_document(document(text))
    assert [u.text for u in segmentation.units] == ["Intro.", "End."]
    assert [(d.line, d.action, d.reason.split(":")[0]) for d in segmentation.decisions] == [
        (1, "unit", "paragraph"),
        (3, "drop", "fenced code block"),
        (7, "drop", "indented code block"),
        (9, "drop", "HTML comment"),
        (11, "drop", "HTML block"),
        (15, "drop", "thematic break"),
        (17, "drop", "reference-link definition"),
        (19, "unit", "paragraph"),
    ]


def test_a_word_of_a_unit_is_located_at_its_line_and_column_in_the_file():
    segmentation = segment_document(document("> The Ombudsman\n> visited **Khojaly**.\n"))
    unit = segmentation.units[0]
    assert unit.text == "The Ombudsman visited **Khojaly**."
    assert unit.locate(unit.text.index("visited")) == (2, 3)
    assert unit.locate(unit.text.index("Ombudsman")) == (1, 7)


# --- 2. identity ----------------------------------------------------------------------------------


def identity(data: bytes, name: str = "statement.md") -> bytes:
    doc = FORMAT.decode(Path(name), data)
    return render_localized(doc, [u.text for u in segment_document(doc).units], "az")


def test_the_realistic_statement_comes_back_byte_for_byte_when_every_unit_ships_as_itself():
    data = STATEMENT.read_bytes()
    assert len(segment_document(document(data.decode("utf-8"))).units) == 28
    assert identity(data) == data


@pytest.mark.parametrize("line_end", ["\r\n", "\r"])
def test_identity_keeps_crlf_and_cr_line_ends(line_end):
    data = STATEMENT.read_bytes().replace(b"\n", line_end.encode())
    assert identity(data) == data


def test_a_bom_is_read_past_and_written_back():
    data = b"\xef\xbb\xbf---\ntitle: Khojaly\n---\n\n# Heading\n"
    doc = FORMAT.decode(Path("bom.md"), data)
    assert [(u.text, u.line) for u in segment_document(doc).units] == [("Khojaly", 2), ("Heading", 5)]
    assert identity(data) == data
    assert render_localized(doc, ["Xocalı", "Başlıq"], "az") == "\ufeff---\ntitle: Xocalı\n---\n\n# Başlıq\n".encode()


# --- 3. translated ----------------------------------------------------------------------------------


def test_every_unit_translated_comes_back_in_its_place_and_reads_as_the_translation():
    """A fake translation of every unit of the statement: the written document has the same
    blocks, and each reads back as its translation (one escape added in a table cell)."""
    text = STATEMENT.read_text(encoding="utf-8")
    doc = document(text)
    fake = [f"[az] {unit.text} | ok" for unit in segment_document(doc).units]
    written = render_localized(doc, fake, "az").decode("utf-8")
    again = segment_document(document(written))
    expected = [f.replace(" | ok", " \\| ok") if u.line in range(28, 34) else f for f, u in zip(fake, segment_document(doc).units)]
    assert [u.text for u in again.units] == expected
    assert [d.reason.split(" ")[0] for d in again.decisions] == [d.reason.split(" ")[0] for d in segment_document(doc).decisions]
    assert written.count("```") == text.count("```") and "<!-- Reviewed by the press office" in written


def test_inline_markup_is_written_as_the_translator_placed_it_nothing_escaped():
    text = 'Read the [report](https://a.az/r "Report") of the **Ombudsman** on `OMB-33`.\n'
    translation = '**Ombudsmanın** `OMB-33` üzrə [hesabatını](https://a.az/r "Hesabat") oxuyun & <baxın>.'
    assert rendered(text, {text.strip(): translation}) == translation + "\n"


def test_a_wrapped_paragraph_is_written_on_one_line_under_its_container_prefix():
    text = "> The Ombudsman\n> visited Khojaly.\n\n- A list item\n  wrapped here.\n- Next.\n"
    translations = {"The Ombudsman visited Khojaly.": "Ombudsman Xocalıya səfər etdi.", "A list item wrapped here.": "Siyahı bəndi."}
    assert rendered(text, translations) == "> Ombudsman Xocalıya səfər etdi.\n\n- Siyahı bəndi.\n- Next.\n"


def test_a_table_cell_translation_with_a_pipe_is_escaped_and_the_table_keeps_its_shape():
    text = "| Victims | Number |\n|---|---|\n| Killed | 613 |\n"
    out = rendered(text, {"Killed": "Öldürülən | həlak olan", "Number": "Say"})
    assert out == "| Victims | Say |\n|---|---|\n| Öldürülən \\| həlak olan | 613 |\n"
    assert texts(out) == ["Victims", "Say", "Öldürülən \\| həlak olan", "613"]


def test_a_translation_that_would_start_another_block_is_escaped():
    text = "Intro.\n\n- item\n\n# Title\n"
    out = rendered(text, {"Intro.": "1. bənd", "item": "# not a heading", "Title": "Başlıq #"})
    assert out == "1\\. bənd\n\n- \\# not a heading\n\n# Başlıq \\#\n"
    assert texts(out) == ["1\\. bənd", "\\# not a heading", "Başlıq \\#"]


def test_front_matter_values_keep_their_quoting_where_yaml_reads_them_back():
    text = "---\ntitle: Khojaly\ndescription: 'The statement'\n---\n\nText.\n"
    out = rendered(text, {"Khojaly": "Xocalı: 33 il", "The statement": "Bəyanatın 'mətni'"})
    assert out == "---\ntitle: \"Xocalı: 33 il\"\ndescription: 'Bəyanatın ''mətni'''\n---\n\nText.\n"
    assert texts(out) == ["Xocalı: 33 il", "Bəyanatın 'mətni'", "Text."]


def test_an_alt_text_with_an_unbalanced_bracket_is_escaped():
    assert rendered("![Memorial](/m.jpg)\n", {"Memorial": "Abidə ]"}) == "![Abidə \\]](/m.jpg)\n"


def test_a_translation_with_placeholder_tags_the_unit_does_not_have_ships_the_source_text():
    text = "The **Ombudsman** spoke.\n"
    assert rendered(text, {"The **Ombudsman** spoke.": "<b1>Ombudsman</b1> danışdı."}) == text


#: Shapes whose container prefixes and markers must survive both ways.
SHAPES = {
    "lazy continuation in a quote": "> quote\nlazy continuation\n> back\n",
    "nested quotes and a list in a quote": "> > nested\n> > two\n> - list in quote\n>   more\n",
    "tab-indented nested list": "- a\n\n\t- tab nested para\n\t  lazy\n",
    "ordered list with ) and a second paragraph": "1) one\n2) two\n\n   para in two\n",
    "hard breaks and a setext heading with trailing spaces": "Heading   \n===\n\nPara  \nwith hard break\\\nand backslash\n",
    "table rows with missing and extra cells": "| a | b |\n|---|---|\n| only one |\n| x | y | z |\n| `a\\|b` | c |\n",
    "table in a quote and in a list item": "> | a | b |\n> |---|---|\n> | c | d |\n\n- | e | f |\n  |---|---|\n  | g | h |\n",
    "indented heading and paragraph": "  # indented heading\n\n   Para indented 3\n",
    "empty list items": "- \n- item\n-\n  later\n",
    "multi-line setext heading": "Setext\nmulti line\n---\n",
    "image with brackets in its alt, image in a link": "![a [nested] alt](x.png)\n\n[![img](i.png)](http://l)\n",
    "CRLF front matter and body": "---\r\ntitle: T\r\n---\r\n\r\nBody\r\nline\r\n",
    "BOM and TOML front matter": '\ufeff+++\r\ntitle = "a"\r\n+++\r\nBody\r\n',
    "inline HTML and a multi-line reference definition": "Text <span>*x*</span>.\n\n[r]:\n  http://y\n  'title'\n",
}


@pytest.mark.parametrize("text", SHAPES.values(), ids=SHAPES.keys())
def test_every_shape_comes_back_as_it_was_and_a_translation_reads_back_as_written(text):
    data = text.encode("utf-8")
    assert identity(data) == data
    doc = document(text)
    fake = [f"X{number} {unit.text}" for number, unit in enumerate(segment_document(doc).units)]
    assert texts(render_localized(doc, fake, "az").decode("utf-8")) == fake


# --- 5. segmentation parity -------------------------------------------------------------------------


def test_the_khojaly_statement_as_a_static_site_page_gives_the_plain_texts_units(glossary):
    """Seed 004 (corpus/2023-02-31-years-since-khojaly.txt) re-created as the Hugo page it was
    scraped from: the title in the front matter (the theme shows it as the page's h1), the
    paragraphs hard-wrapped at 78 columns, the theme's furniture (related articles, comments,
    back-to-top) not in the page.  Its units are the plain text's, in order, kinds included."""
    from pipeline.core.config import load_config
    from pipeline.project import open_project
    from pipeline.source.corpus import read_document

    root = Path(__file__).resolve().parents[3]
    names = open_project(load_config(root)).names
    assert "Heydar Aliyev Foundation" in names  # the project's glossary names, not an empty set
    plain = segment_document(read_document(root / "corpus" / "2023-02-31-years-since-khojaly.txt", load_config(root)), names)
    page = segment_document(read_document(DATA / "2023-02-31-years-since-khojaly.md", load_config(root), folder=DATA), names)
    assert [u.text for u in page.units] == [u.text for u in plain.units]
    assert [u.kind for u in page.units] == [u.kind for u in plain.units]
    assert len(page.units) == 14


# --- 6. bad input -----------------------------------------------------------------------------------


def test_invalid_utf8_is_a_one_line_error_with_its_line():
    with pytest.raises(InputError) as error:
        FORMAT.decode(Path("bad.md"), b"# Title\n\nA caf\xe9 in Baku.\n")
    assert str(error.value).count("\n") == 0
    assert "bad.md:3" in str(error.value) and "UTF-8" in str(error.value)


def test_a_bom_and_nothing_else_is_an_empty_document():
    with pytest.raises(InputError, match="empty"):
        FORMAT.decode(Path("empty.md"), b"\xef\xbb\xbf\n")
