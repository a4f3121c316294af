"""Word (.docx): which paragraphs are units, how runs become tags, and the document written back.

Small documents are built inline with the fixture script's :func:`build_docx` (WordprocessingML
as Word writes it); the realistic ones are the committed fixtures of data/docx/.
"""

from __future__ import annotations

import importlib.util
import io
import re
import zipfile
from pathlib import Path

import pytest
from lxml import etree

from pipeline.core.errors import InputError
from pipeline.core.model import Document
from pipeline.source.formats.docx import FORMAT

DATA = Path(__file__).resolve().parent / "data" / "docx"
_spec = importlib.util.spec_from_file_location("docx_fixtures", DATA / "make_fixtures.py")
fixtures = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(fixtures)
build_docx, paragraph, run, table = fixtures.build_docx, fixtures.paragraph, fixtures.run, fixtures.table

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = {"w": W, "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships"}
BOLD, ITALIC = "<w:b/><w:bCs/>", "<w:i/><w:iCs/>"


def read(data: bytes, name: str = "statement.docx") -> Document:
    return FORMAT.decode(Path(name), data)


def units(data: bytes) -> list[tuple[int, str, str]]:
    """``(line, kind, text)`` of each unit."""
    return [(unit.line, unit.kind, unit.text) for unit in FORMAT.segment(read(data), frozenset()).units]


def texts(data: bytes) -> list[str]:
    return [text for _, _, text in units(data)]


def members(data: bytes) -> list[tuple[str, int, bytes]]:
    """Each zip member's name, compression and unpacked bytes, in order."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return [(info.filename, info.compress_type, archive.read(info)) for info in archive.infolist()]


def body(data: bytes):
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return etree.fromstring(archive.read("word/document.xml"))


def render(data: bytes, change) -> bytes:
    """The document with every unit's text passed through ``change``."""
    document = read(data)
    return FORMAT.render(document, [change(unit.text) for unit in FORMAT.segment(document, frozenset()).units], "az")


def outside_tags(function):
    """``function`` applied to the text between tags only."""
    return lambda text: "".join(part if part.startswith("<") else function(part) for part in re.split(r"(<[^>]+>)", text))


@pytest.mark.parametrize("name", sorted(fixtures.FIXTURES))
def test_the_committed_fixtures_are_what_their_script_makes(name):
    """Members compared unpacked: another zlib may deflate the same parts to other bytes."""
    assert members(fixtures.FIXTURES[name]()) == members((DATA / name).read_bytes())


# --- 1. units --------------------------------------------------------------------------------------


def test_every_body_paragraph_with_text_is_a_unit_in_document_order_with_its_position_as_line():
    data = build_docx(
        paragraph(run("Statement of the Ombudsman"), '<w:pStyle w:val="Title"/>')
        + paragraph("")  # spacing: not a unit, but counted
        + paragraph(run("Background"), '<w:pStyle w:val="Heading1"/>')
        + paragraph(run("The Commissioner met the families."))
        + paragraph(run("Recommendations"), '<w:pStyle w:val="Heading2"/>')
        + paragraph(run("Find the missing."), '<w:pStyle w:val="ListParagraph"/><w:numPr><w:ilvl w:val="0"/><w:numId w:val="1"/></w:numPr>')
        + table([[paragraph(run("Region")), table([[paragraph(run("Baku"))]]) + paragraph(run("Ganja"))]])
        + '<w:sdt><w:sdtPr><w:alias w:val="Date"/></w:sdtPr><w:sdtContent>'  # a block content control: read through
        + paragraph(run("25 February 2022."))
        + "</w:sdtContent></w:sdt>"
        + paragraph(fixtures.picture())  # an image alone: not a unit
        + paragraph(run("   "))
        + fixtures.SECTION_PLAIN,
        image=fixtures.png(),
    )
    assert units(data) == [
        (1, "title", "Statement of the Ombudsman"),
        (3, "heading", "Background"),
        (4, "paragraph", "The Commissioner met the families."),
        (5, "heading", "Recommendations"),
        (6, "paragraph", "Find the missing."),
        (7, "paragraph", "Region"),
        (8, "paragraph", "Baku"),  # the nested table's cell, in document order
        (9, "paragraph", "Ganja"),
        (10, "paragraph", "25 February 2022."),
    ]


def test_every_paragraph_has_a_decision_and_parts_carried_through_are_named():
    data = build_docx(
        paragraph(run("Statement"), '<w:pStyle w:val="Title"/>') + paragraph("") + paragraph(fixtures.picture()),
        footer=paragraph(fixtures.PAGE_FIELD),
        image=fixtures.png(),
    )
    decisions = FORMAT.segment(read(data), frozenset()).decisions
    assert [(d.line, d.action) for d in decisions] == [(1, "unit"), (2, "drop"), (3, "drop"), (0, "drop")]
    assert decisions[0].reason == "Title style: the title"
    assert "empty paragraph" in decisions[1].reason and "only an image" in decisions[2].reason
    assert decisions[3].reason == "a footer (word/footer1.xml): carried through untranslated"


def test_the_second_title_or_heading_1_is_a_heading_and_a_document_without_one_gets_the_plain_text_title_rule():
    twice = build_docx(paragraph(run("Statement"), '<w:pStyle w:val="Heading1"/>') + paragraph(run("Annex"), '<w:pStyle w:val="Title"/>'))
    assert [kind for _, kind, _ in units(twice)] == ["title", "heading"]
    typed = build_docx(paragraph(run("STATEMENT of the Ombudsman", BOLD)) + paragraph(run("Short line")))
    assert [kind for _, kind, _ in units(typed)] == ["title", "paragraph"]  # as the plain-text segmenter decides
    sentence = build_docx(paragraph(run("The Ombudsman spoke today.")) + paragraph(run("Short line")))
    assert [kind for _, kind, _ in units(sentence)] == ["paragraph", "paragraph"]


def test_runs_that_look_alike_are_one_text_whatever_rsid_language_or_spell_check_mark_split_them():
    data = build_docx(
        paragraph(
            run("On the night of ", '<w:sz w:val="24"/>', "00A1")
            + '<w:proofErr w:type="spellStart"/>'
            + run("Khojaly", '<w:sz w:val="24"/><w:lang w:val="az-Latn-AZ"/><w:noProof/>', "00B2")
            + '<w:proofErr w:type="spellEnd"/>'
            + run("  the   families ", '<w:sz w:val="24"/><w:b w:val="0"/><w:szCs w:val="24"/>', "00C3")
            + '<w:bookmarkStart w:id="3" w:name="night"/>'
            + run("gathered.", '<w:sz w:val="24"/>', "00D4")
            + '<w:bookmarkEnd w:id="3"/>'
        )
    )
    assert texts(data) == ["On the night of Khojaly the families gathered."]


def test_runs_formatted_otherwise_than_the_paragraph_are_tags_named_by_the_difference():
    data = build_docx(
        paragraph(
            run("The ")
            + run("Ombudsman", BOLD)
            + run(" and ")
            + run("the", ITALIC)
            + run(" 30")
            + run("th", '<w:vertAlign w:val="superscript"/>')
            + run(" CO")
            + run("2", '<w:vertAlign w:val="subscript"/>')
            + run(" ")
            + run("report", '<w:u w:val="single"/>')
            + run(" was ")
            + run("read", '<w:color w:val="C00000"/>')
            + run(" ", BOLD)  # a bold space: not worth a tag
            + run("aloud", BOLD + ITALIC)
            + run(" with ")
            + run("force", '<w:rStyle w:val="Strong"/>')
            + run(" today.")
        )
    )
    assert texts(data) == [
        "The <b1>Ombudsman</b1> and <i2>the</i2> 30<sup3>th</sup3> CO<sub4>2</sub4> <u5>report</u5> was <r6>read</r6> "
        "<r7>aloud</r7> with <b8>force</b8> today."
    ]


def test_the_formatting_of_most_of_the_text_is_the_paragraphs_own():
    all_bold = build_docx(paragraph(run("A statement ", BOLD, "00A1") + run("in bold", BOLD, "00B2")))
    assert texts(all_bold) == ["A statement in bold"]
    mostly_bold = build_docx(paragraph(run("A long statement in bold ", BOLD) + run("but")))
    assert texts(mostly_bold) == ["A long statement in bold <r1>but</r1>"]  # bold taken away: not <b>


def test_links_breaks_tabs_images_fields_and_note_marks_are_tags():
    link = '<w:hyperlink r:id="rId11">' + run("the site", '<w:rStyle w:val="Hyperlink"/>') + "</w:hyperlink>"
    data = build_docx(
        paragraph(
            run("See ")
            + link
            + run(".")
            + "<w:r><w:br/></w:r>"
            + run("Page")
            + "<w:r><w:tab/></w:r>"
            + fixtures.PAGE_FIELD
            + run(" of the statement")
            + '<w:r><w:rPr><w:vertAlign w:val="superscript"/></w:rPr><w:footnoteReference w:id="1"/></w:r>'
            + fixtures.picture()
            + '<w:fldSimple w:instr=" NUMPAGES "><w:r><w:t>3</w:t></w:r></w:fldSimple>'
            + run(" ends.")
        ),
        image=fixtures.png(),
        links={"rId11": "https://ombudsman.az"},
    )
    # The PAGE field (begin … result … end) is one tag; the note mark is not a superscript stretch.
    assert texts(data) == ["See <a1>the site</a1>.<br2/>Page<tab3/><x4/> of the statement<x5/><img6/><x7/> ends."]


def test_formatting_inside_a_link_is_compared_with_the_links_own():
    link = (
        '<w:hyperlink w:anchor="annex">'
        + run("the annex of ", '<w:rStyle w:val="Hyperlink"/>')
        + run("2022", '<w:rStyle w:val="Hyperlink"/><w:b/>')
        + "</w:hyperlink>"
    )
    assert texts(build_docx(paragraph(run("Read ") + link + run(" now.")))) == ["Read <a1>the annex of <b2>2022</b2></a1> now."]


def test_a_tracked_insertion_is_a_pair_and_a_tracked_deletion_is_carried_whole():
    data = build_docx(
        paragraph(
            run("The Ombudsman ")
            + '<w:ins w:id="1" w:author="Press Office" w:date="2022-02-25T07:40:00Z">'
            + run("today ")
            + "</w:ins>"
            + '<w:del w:id="2" w:author="Press Office" w:date="2022-02-25T07:41:00Z"><w:r><w:delText>yesterday </w:delText></w:r></w:del>'
            + run("met the families.")
        )
    )
    assert texts(data) == ["The Ombudsman <r1>today </r1><x2/>met the families."]
    out = render(data, lambda text: "Ombudsman <r1>bu gün </r1><x2/>ailələrlə görüşdü.")
    inserted = body(out).find(".//w:ins", NS)
    assert inserted.get(f"{{{W}}}author") == "Press Office" and "".join(inserted.itertext()) == "bu gün "
    assert body(out).find(".//w:del/w:r/w:delText", NS).text == "yesterday "


def test_a_link_around_nothing_is_one_empty_tag_not_an_empty_pair():
    empty = '<w:hyperlink w:anchor="top"><w:bookmarkStart w:id="9" w:name="back"/><w:bookmarkEnd w:id="9"/></w:hyperlink>'
    data = build_docx(paragraph(run("Back to the statement.") + empty))
    assert texts(data) == ["Back to the statement.<x1/>"]
    out = render(data, lambda text: "Bəyanata qayıt.<x1/>")
    assert body(out).find(".//w:hyperlink/w:bookmarkStart", NS).get(f"{{{W}}}name") == "back"


def test_a_text_box_is_carried_not_read_and_its_paragraphs_are_not_counted():
    box = (
        "<w:r><w:pict><v:shape xmlns:v='urn:schemas-microsoft-com:vml'><v:textbox><w:txbxContent>"
        + paragraph(run("Inside the box"))
        + "</w:txbxContent></v:textbox></v:shape></w:pict></w:r>"
    )
    data = build_docx(paragraph(run("A box follows.") + box) + paragraph(run("It is carried.")))
    assert units(data) == [(1, "paragraph", "A box follows.<img1/>"), (2, "paragraph", "It is carried.")]
    decisions = FORMAT.segment(read(data), frozenset()).decisions
    assert [(d.line, d.action, d.reason) for d in decisions if "text box" in d.reason] == [
        (1, "drop", "a text box in this paragraph: carried through untranslated")
    ]


def test_the_document_text_is_the_units_joined_by_blank_lines():
    document = read(build_docx(paragraph(run("One.")) + paragraph("") + paragraph(run("Two."))))
    assert document.text == "One.\n\nTwo." and document.format == "docx" and document.raw.startswith(b"PK")


# --- 2. identity -----------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["press-statement.docx", "ombudsman-statement.docx"])
def test_every_unit_shipped_as_itself_gives_the_source_bytes(name):
    data = (DATA / name).read_bytes()
    assert render(data, lambda text: text) == data


def test_a_paragraph_rebuilt_from_its_own_text_reads_the_same_and_nothing_else_changes():
    """The writer's path on every unit: each paragraph's runs rebuilt from its own text give back
    the same units, tags and all, and every other member of the package as it was."""
    data = (DATA / "press-statement.docx").read_bytes()
    document = read(data)
    source_units = FORMAT.segment(document, frozenset()).units
    from pipeline.source.formats.docx import read_blocks
    from pipeline.source.formats.docx_package import open_package, parse_xml, replace_member, serialize
    from pipeline.source.formats.docx_rebuild import rebuild_paragraph

    package = open_package(document.path, data)
    tree = parse_xml(document.path, package.xml)
    for block in read_blocks(package, tree.getroot()):
        if block.tagged.has_words:
            rebuild_paragraph(block.element, block.tagged, block.tagged.text)
    rebuilt = replace_member(data, package.member, serialize(tree, package.xml))
    assert [unit.text for unit in FORMAT.segment(read(rebuilt), frozenset()).units] == [unit.text for unit in source_units]
    assert [m for m in members(rebuilt) if m[0] != "word/document.xml"] == [m for m in members(data) if m[0] != "word/document.xml"]


# --- 3. a translation ------------------------------------------------------------------------------


def test_a_translation_goes_into_runs_with_the_formatting_of_the_runs_it_came_from():
    data = (DATA / "press-statement.docx").read_bytes()
    out = render(data, outside_tags(str.upper))
    root = body(out)
    second = root.findall(".//w:body/w:p", NS)[1]
    runs = [(r.find("w:rPr", NS), "".join(r.itertext())) for r in second.findall("w:r", NS)]
    assert runs[0][1] == "BAKU, 25 FEBRUARY 2022" and runs[0][0].find("w:b", NS) is not None
    assert runs[2][1] == "TH" and runs[2][0].find("w:vertAlign", NS).get(f"{{{W}}}val") == "superscript"
    assert second.find("w:r/w:footnoteReference", NS) is not None  # the note mark put back
    assert second.find("w:proofErr", NS) is None  # spell-check marks marked the source's words
    spaced = second.findall("w:r/w:t", NS)[1]
    assert spaced.text.startswith(" – ON THE EVE") and spaced.get("{http://www.w3.org/XML/1998/namespace}space") == "preserve"
    link = root.find(".//w:hyperlink", NS)
    assert link.get(f"{{{NS['r']}}}id") == "rId11" and "".join(link.itertext()) == "WWW.OMBUDSMAN.AZ"
    heading = root.findall(".//w:body/w:p", NS)[3]
    assert [child.tag.split("}")[1] for child in heading] == ["pPr", "bookmarkStart", "r", "bookmarkEnd"]
    assert root.find(".//w:drawing", NS) is not None and root.find(".//w:instrText", NS).text == " SEQ Figure \\* ARABIC "
    assert [m for m in members(out) if m[0] != "word/document.xml"] == [m for m in members(data) if m[0] != "word/document.xml"]
    assert [name for name, _, _ in members(out)] == [name for name, _, _ in members(data)]
    assert dict((name, data) for name, _, data in members(out))["word/document.xml"].startswith(
        b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n<w:document xmlns:wpc='
    )  # Word's own declaration, and the namespaces as the source declares them
    import docx  # the translated package opens as a Word document (python-docx checks its parts)

    assert docx.Document(io.BytesIO(out)).paragraphs[0].text == "OMBUDSMAN MEETS THE FAMILIES OF KHOJALY VICTIMS"
    assert texts(out)[1].startswith("<b1>BAKU, 25 FEBRUARY 2022</b1> – ON THE EVE OF THE 30<sup2>TH</sup2>")


def test_translated_text_is_marked_as_written_in_the_target_language():
    data = (DATA / "press-statement.docx").read_bytes()
    root = body(render(data, outside_tags(str.upper)))
    text_runs = [r for r in root.findall(".//w:body/w:p", NS)[1].findall("w:r", NS) if r.find("w:t", NS) is not None]
    assert {r.find("w:rPr/w:lang", NS).get(f"{{{W}}}val") for r in text_runs} == {"az"}
    for run in text_runs:  # w:lang in CT_RPr's order: before eastAsianLayout, specVanish, oMath, rPrChange
        names = [child.tag.split("}")[1] for child in run.find("w:rPr", NS)]
        assert not {"eastAsianLayout", "specVanish", "oMath", "rPrChange"} & set(names[: names.index("lang")])
    untouched = body(render(data, lambda text: text))
    assert untouched.find(".//w:lang[@w:val='az']", NS) is None  # nothing translated, nothing marked


def test_tags_moved_by_the_translator_move_their_text_and_a_translation_with_broken_tags_ships_the_source():
    data = build_docx(
        paragraph(run("The ") + run("report", BOLD) + run(" of the ") + run("Ombudsman", ITALIC) + run(" is out."))
        + paragraph(run("The second ") + run("paragraph", BOLD) + run(" ends here."))
    )
    assert texts(data) == ["The <b1>report</b1> of the <i2>Ombudsman</i2> is out.", "The second <b1>paragraph</b1> ends here."]
    translations = iter(["Bu gün <i2>Ombudsmanın</i2> <b1>hesabatı</b1> dərc edildi.", "İkinci paragraf."])  # the second lost its tag
    out = render(data, lambda text: next(translations))
    assert texts(out) == ["Bu gün <i1>Ombudsmanın</i1> <b2>hesabatı</b2> dərc edildi.", "The second <b1>paragraph</b1> ends here."]
    first = body(out).findall(".//w:body/w:p", NS)[0]
    assert [(r.find("w:rPr/w:i", NS) is not None, r.find("w:rPr/w:b", NS) is not None) for r in first.findall("w:r", NS)] == [
        (False, False),  # Bu gün
        (True, False),
        (False, False),
        (False, True),
        (False, False),  # dərc edildi.
    ]


def test_an_unchanged_paragraph_keeps_its_xml_when_another_is_translated():
    data = build_docx(
        paragraph(run("Kept ", rsid="00A1") + '<w:proofErr w:type="spellStart"/>' + run("as is", rsid="00B2"))
        + paragraph(run("Translated"))
    )
    out = render(data, lambda text: "Tərcümə" if text == "Translated" else text)
    source, result = body(data).findall(".//w:body/w:p", NS), body(out).findall(".//w:body/w:p", NS)
    assert etree.tostring(source[0], method="c14n") == etree.tostring(result[0], method="c14n")
    assert texts(out) == ["Kept as is", "Tərcümə"]


# --- 6. bad input ----------------------------------------------------------------------------------


def _zip(members: dict[str, bytes]) -> bytes:
    return fixtures.zip_parts(list(members.items()))


GOOD = build_docx(paragraph(run("A statement.")))
BAD = {
    "truncated": (GOOD[: len(GOOD) // 2], "the zip archive is truncated or corrupt"),
    "text": (b"STATEMENT of the Ombudsman\n", "not a zip archive"),
    "doc": (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504), "an old binary Word document (.doc"),
    "no-parts": (_zip({"notes.txt": b"a zip, not a package"}), "not a Word .docx document: the archive has no [Content_Types].xml"),
    "no-document": (
        _zip({name: data for name, _, data in members(GOOD) if name != "word/document.xml"}),
        "not a Word .docx document: the archive has no word/document.xml",
    ),
    "not-xml": (
        _zip({name: (b"<w:document><w:body>broken" if name == "word/document.xml" else data) for name, _, data in members(GOOD)}),
        "not well-formed XML",
    ),
}


@pytest.mark.parametrize("case", sorted(BAD))
def test_a_corrupt_docx_is_one_line_naming_the_file_and_saying_to_re_save_it(case):
    data, problem = BAD[case]
    with pytest.raises(InputError) as caught:
        read(data, f"{case}.docx")
    message = str(caught.value)
    assert message.startswith(f"{case}.docx: ") and problem in message and "\n" not in message
    assert "; re-save it from Word as a .docx document (Word Document, *.docx)" in message


def test_a_document_part_that_would_unpack_past_the_limit_is_refused_before_it_is_read(monkeypatch):
    from pipeline.source.formats import docx_package

    docx_package._open.cache_clear()
    monkeypatch.setattr(docx_package, "MAX_PART_BYTES", 1 << 20)
    bomb = _zip(
        {name: (data + b" " * (1 << 20) if name == "word/document.xml" else data) for name, _, data in members(GOOD)}
    )  # a megabyte of spaces deflates to a kilobyte
    assert len(bomb) < 20_000
    with pytest.raises(InputError, match=r"bomb\.docx: word/document\.xml would unpack to 1,049,\d+ bytes, over the limit of 1,048,576"):
        read(bomb, "bomb.docx")


def test_a_docx_damaged_anywhere_is_read_whole_or_refused_in_one_line_never_a_traceback():
    """Bytes changed at random places (a fixed seed: the same 300 damaged files every run), in the
    deflated fixture and in a copy stored without compression (so the XML itself is hit): each
    either reads, segments and renders, or is one InputError line."""
    import random

    source = (DATA / "press-statement.docx").read_bytes()
    stored = io.BytesIO()
    with zipfile.ZipFile(stored, "w") as archive:
        for name, _, data in members(source):
            archive.writestr(zipfile.ZipInfo(name, (1980, 1, 1, 0, 0, 0)), data)
    rng, refused = random.Random(14), 0
    for base in (source, stored.getvalue()):
        for _ in range(150):
            damaged = bytearray(base)
            for _ in range(rng.randint(1, 4)):
                damaged[rng.randrange(len(damaged))] = rng.randrange(256)
            try:
                render(bytes(damaged), outside_tags(str.upper))
            except InputError as error:
                assert "\n" not in str(error) and str(error).startswith("statement.docx: ")
                refused += 1
    assert 0 < refused < 300  # some damage is harmless (a byte of text, a date), most is not
