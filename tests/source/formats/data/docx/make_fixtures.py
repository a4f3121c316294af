"""Write the Word fixtures of this folder, deterministically (run it again: the same bytes).

    python tests/source/formats/data/docx/make_fixtures.py

The packages are written the way Word writes them: the parts in Word's order, deflated, dated
1980-01-01 (Word's own zip dates), WordprocessingML with rsid attributes, spell-check marks
and language tags that split runs without changing how they look.  The tests also build small
documents with :func:`build_docx`.

* ``ombudsman-statement.docx``: corpus seed 002 ("a statement pasted from a word processor") as
  the Word statement it came from.  The plain text's first unit, "STATEMENT of the
  Commissioner … on the 30thAnniversary of Khojaly Genocide", is one Title paragraph whose text
  is in several runs of one formatting (the plain-text segmenter joined "STATEMENT" and the next
  line across a blank line; "30thAnniversary" is how the runs read, so "th" is not a superscript
  here, or the unit would hold a tag the plain text does not).  An empty paragraph follows it
  (the blank line), then one justified Normal paragraph per line of the body, split into runs
  where Word splits them (the glued words the corpus keeps, "whereas1275", "genocidalpolicy",
  sit between spell-check marks), trailing spaces and the last paragraph's leading and double
  spaces kept (``xml:space="preserve"``).  A footer holds a PAGE field.
* ``press-statement.docx``: a press statement written for these tests: a title, headings with a
  table-of-contents bookmark, a numbered and a bulleted list, a table with a bold header row and
  a nested table, bold, italic, underlined, superscript and coloured runs, a hyperlink, an
  inline picture (a 2x2 PNG), a caption with a SEQ field, a footnote, a line break and a tab,
  a header, a footer with a PAGE field, empty paragraphs.
"""

from __future__ import annotations

import io
import struct
import sys
import zipfile
import zlib
from pathlib import Path
from xml.sax.saxutils import escape

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[4]
SEED = ROOT / "corpus" / "2022-02-ombudsman-30th-anniversary-statement.txt"

NAMESPACES = (
    'xmlns:wpc="http://schemas.microsoft.com/office/word/2010/wordprocessingCanvas" '
    'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" '
    'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
    'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
    'xmlns:pic="http://schemas.openxmlformats.org/drawingml/2006/picture" '
    'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
    'xmlns:w14="http://schemas.microsoft.com/office/word/2010/wordml" '
    'mc:Ignorable="w14"'
)
DECLARATION = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n'
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
WORD_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml"

STYLES = f"""{DECLARATION}<w:styles {NAMESPACES}>\
<w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:ascii="Calibri" w:hAnsi="Calibri" w:eastAsia="Calibri" w:cs="Times New Roman"/>\
<w:sz w:val="22"/><w:szCs w:val="22"/><w:lang w:val="en-US" w:eastAsia="en-US" w:bidi="ar-SA"/></w:rPr></w:rPrDefault>\
<w:pPrDefault><w:pPr><w:spacing w:after="160" w:line="259" w:lineRule="auto"/></w:pPr></w:pPrDefault></w:docDefaults>\
<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/><w:qFormat/></w:style>\
<w:style w:type="paragraph" w:styleId="Title"><w:name w:val="Title"/><w:basedOn w:val="Normal"/><w:next w:val="Normal"/>\
<w:qFormat/><w:rPr><w:rFonts w:asciiTheme="majorHAnsi"/><w:b/><w:sz w:val="32"/></w:rPr></w:style>\
<w:style w:type="paragraph" w:styleId="Heading1"><w:name w:val="heading 1"/><w:basedOn w:val="Normal"/>\
<w:next w:val="Normal"/><w:qFormat/><w:pPr><w:keepNext/><w:outlineLvl w:val="0"/></w:pPr><w:rPr><w:b/><w:sz w:val="28"/></w:rPr></w:style>\
<w:style w:type="paragraph" w:styleId="Heading2"><w:name w:val="heading 2"/><w:basedOn w:val="Normal"/>\
<w:next w:val="Normal"/><w:qFormat/><w:pPr><w:keepNext/><w:outlineLvl w:val="1"/></w:pPr><w:rPr><w:b/><w:sz w:val="24"/></w:rPr></w:style>\
<w:style w:type="paragraph" w:styleId="ListParagraph"><w:name w:val="List Paragraph"/><w:basedOn w:val="Normal"/>\
<w:qFormat/><w:pPr><w:ind w:left="720"/><w:contextualSpacing/></w:pPr></w:style>\
<w:style w:type="paragraph" w:styleId="Caption"><w:name w:val="caption"/><w:basedOn w:val="Normal"/><w:next w:val="Normal"/>\
<w:qFormat/><w:rPr><w:i/><w:sz w:val="18"/></w:rPr></w:style>\
<w:style w:type="paragraph" w:styleId="FootnoteText"><w:name w:val="footnote text"/><w:basedOn w:val="Normal"/></w:style>\
<w:style w:type="character" w:default="1" w:styleId="DefaultParagraphFont"><w:name w:val="Default Paragraph Font"/></w:style>\
<w:style w:type="character" w:styleId="Hyperlink"><w:name w:val="Hyperlink"/><w:rPr><w:color w:val="0563C1"/>\
<w:u w:val="single"/></w:rPr></w:style>\
<w:style w:type="character" w:styleId="FootnoteReference"><w:name w:val="footnote reference"/><w:rPr>\
<w:vertAlign w:val="superscript"/></w:rPr></w:style>\
<w:style w:type="table" w:default="1" w:styleId="TableNormal"><w:name w:val="Normal Table"/></w:style>\
<w:style w:type="table" w:styleId="TableGrid"><w:name w:val="Table Grid"/><w:basedOn w:val="TableNormal"/></w:style>\
</w:styles>"""

NUMBERING = f"""{DECLARATION}<w:numbering {NAMESPACES}>\
<w:abstractNum w:abstractNumId="0"><w:multiLevelType w:val="hybridMultilevel"/><w:lvl w:ilvl="0"><w:start w:val="1"/>\
<w:numFmt w:val="decimal"/><w:lvlText w:val="%1."/><w:lvlJc w:val="left"/><w:pPr><w:ind w:left="720" w:hanging="360"/></w:pPr>\
</w:lvl></w:abstractNum>\
<w:abstractNum w:abstractNumId="1"><w:multiLevelType w:val="hybridMultilevel"/><w:lvl w:ilvl="0"><w:start w:val="1"/>\
<w:numFmt w:val="bullet"/><w:lvlText w:val="\uf0b7"/><w:lvlJc w:val="left"/><w:pPr><w:ind w:left="720" w:hanging="360"/></w:pPr>\
<w:rPr><w:rFonts w:ascii="Symbol" w:hAnsi="Symbol" w:hint="default"/></w:rPr></w:lvl></w:abstractNum>\
<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num><w:num w:numId="2"><w:abstractNumId w:val="1"/></w:num>\
</w:numbering>"""

SETTINGS = f"""{DECLARATION}<w:settings {NAMESPACES}><w:zoom w:percent="100"/><w:proofState w:spelling="clean" w:grammar="clean"/>\
<w:defaultTabStop w:val="720"/><w:characterSpacingControl w:val="doNotCompress"/><w:footnotePr><w:footnote w:id="-1"/>\
<w:footnote w:id="0"/></w:footnotePr><w:rsids><w:rsidRoot w:val="00B54F21"/><w:rsid w:val="00B54F21"/><w:rsid w:val="00C2D7A4"/>\
<w:rsid w:val="00E81F3B"/></w:rsids><w:themeFontLang w:val="en-US"/></w:settings>"""

FONTS = f"""{DECLARATION}<w:fonts {NAMESPACES}><w:font w:name="Calibri"><w:panose1 w:val="020F0502020204030204"/>\
<w:charset w:val="00"/><w:family w:val="swiss"/><w:pitch w:val="variable"/></w:font><w:font w:name="Times New Roman">\
<w:panose1 w:val="02020603050405020304"/><w:charset w:val="00"/><w:family w:val="roman"/><w:pitch w:val="variable"/></w:font>\
</w:fonts>"""

CORE = f"""{DECLARATION}<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" \
xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:dcmitype="http://purl.org/dc/dcmitype/" \
xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><dc:title></dc:title><dc:creator>Press Office</dc:creator>\
<cp:lastModifiedBy>Press Office</cp:lastModifiedBy><cp:revision>3</cp:revision>\
<dcterms:created xsi:type="dcterms:W3CDTF">2022-02-24T09:12:00Z</dcterms:created>\
<dcterms:modified xsi:type="dcterms:W3CDTF">2022-02-25T07:40:00Z</dcterms:modified></cp:coreProperties>"""

APP = f"""{DECLARATION}<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties" \
xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"><Template>Normal.dotm</Template>\
<TotalTime>41</TotalTime><Pages>1</Pages><Application>Microsoft Office Word</Application><DocSecurity>0</DocSecurity>\
<AppVersion>16.0000</AppVersion></Properties>"""

SECTION = (
    '<w:sectPr w:rsidR="00B54F21"><w:headerReference w:type="default" r:id="rId8"/>'
    '<w:footerReference w:type="default" r:id="rId9"/><w:pgSz w:w="11906" w:h="16838"/>'
    '<w:pgMar w:top="1134" w:right="850" w:bottom="1134" w:left="1701" w:header="708" w:footer="708" w:gutter="0"/>'
    '<w:cols w:space="708"/><w:docGrid w:linePitch="360"/></w:sectPr>'
)
SECTION_PLAIN = '<w:sectPr><w:pgSz w:w="11906" w:h="16838"/><w:pgMar w:top="1134" w:right="850" w:bottom="1134" w:left="1701"/></w:sectPr>'
PAGE_FIELD = (
    '<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve"> PAGE   \\* MERGEFORMAT </w:instrText></w:r>'
    '<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:rPr><w:noProof/></w:rPr><w:t>1</w:t></w:r>'
    '<w:r><w:fldChar w:fldCharType="end"/></w:r>'
)


def t(text: str) -> str:
    """A ``w:t`` with ``xml:space="preserve"`` where Word writes it (spaces at an end)."""
    space = ' xml:space="preserve"' if text != text.strip() or "  " in text else ""
    return f"<w:t{space}>{escape(text)}</w:t>"


def run(text: str, props: str = "", rsid: str = "00B54F21") -> str:
    """One run: ``props`` is the inside of its ``w:rPr``."""
    properties = f"<w:rPr>{props}</w:rPr>" if props else ""
    return f'<w:r w:rsidRPr="{rsid}">{properties}{t(text)}</w:r>'


def paragraph(content: str, props: str = "", rsid: str = "00B54F21") -> str:
    """One paragraph: ``props`` is the inside of its ``w:pPr``."""
    properties = f"<w:pPr>{props}</w:pPr>" if props else ""
    return f'<w:p w:rsidR="{rsid}" w:rsidRDefault="{rsid}">{properties}{content}</w:p>'


def cell(content: str, width: int = 4500) -> str:
    return f'<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/></w:tcPr>{content}</w:tc>'


def table(rows: list[list[str]]) -> str:
    """A bordered table; each cell's content is paragraphs (or a nested table and a paragraph)."""
    grid = "".join('<w:gridCol w:w="4500"/>' for _ in rows[0])
    body = "".join(f"<w:tr>{''.join(cell(content) for content in row)}</w:tr>" for row in rows)
    return (
        '<w:tbl><w:tblPr><w:tblStyle w:val="TableGrid"/><w:tblW w:w="0" w:type="auto"/><w:tblLook w:val="04A0"/></w:tblPr>'
        f"<w:tblGrid>{grid}</w:tblGrid>{body}</w:tbl>"
    )


def png(width: int = 2, height: int = 2) -> bytes:
    """A tiny RGB PNG (blue and white pixels), built byte for byte."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    rows = b"".join(b"\x00" + b"".join(b"\x00\x5e\xb8" if (x + y) % 2 else b"\xff\xff\xff" for x in range(width)) for y in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(rows, 9)) + chunk(b"IEND", b"")


def picture(rid: str = "rId10", name: str = "Picture 1") -> str:
    """An inline picture (``w:drawing``), as Word writes one."""
    size = 'cx="914400" cy="914400"'
    return (
        f'<w:r><w:rPr><w:noProof/></w:rPr><w:drawing><wp:inline distT="0" distB="0" distL="0" distR="0"><wp:extent {size}/>'
        f'<wp:docPr id="1" name="{name}"/><a:graphic><a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/picture">'
        f'<pic:pic><pic:nvPicPr><pic:cNvPr id="0" name="image1.png"/><pic:cNvPicPr/></pic:nvPicPr><pic:blipFill><a:blip r:embed="{rid}"/>'
        f'<a:stretch><a:fillRect/></a:stretch></pic:blipFill><pic:spPr><a:xfrm><a:off x="0" y="0"/><a:ext {size}/></a:xfrm>'
        '<a:prstGeom prst="rect"><a:avLst/></a:prstGeom></pic:spPr></pic:pic></a:graphicData></a:graphic></wp:inline></w:drawing></w:r>'
    )


def document_xml(body: str) -> str:
    return f"{DECLARATION}<w:document {NAMESPACES}><w:body>{body}</w:body></w:document>"


def build_docx(
    body: str,
    *,
    header: str | None = None,
    footer: str | None = None,
    footnotes: str | None = None,
    image: bytes | None = None,
    links: dict[str, str] | None = None,
    styles: str = STYLES,
) -> bytes:
    """A .docx whose body is ``body`` (WordprocessingML, without the ``w:body`` tags).

    ``header``/``footer`` are the inside of ``w:hdr``/``w:ftr`` (relationships rId8/rId9, as
    SECTION references them); ``footnotes`` the footnotes after Word's two separators;
    ``image`` the bytes of word/media/image1.png (rId10); ``links`` relationship id → URL.
    """
    parts: list[tuple[str, bytes]] = []
    overrides = [("/word/document.xml", f"{WORD_TYPE}.document.main+xml"), ("/word/styles.xml", f"{WORD_TYPE}.styles+xml")]
    overrides += [("/word/settings.xml", f"{WORD_TYPE}.settings+xml"), ("/word/numbering.xml", f"{WORD_TYPE}.numbering+xml")]
    overrides += [("/word/fontTable.xml", f"{WORD_TYPE}.fontTable+xml")]
    relationships = [
        ("rId1", "numbering", "numbering.xml"),
        ("rId2", "styles", "styles.xml"),
        ("rId3", "settings", "settings.xml"),
        ("rId4", "fontTable", "fontTable.xml"),
    ]
    extra: list[tuple[str, str]] = []
    if footnotes is not None:
        relationships.append(("rId6", "footnotes", "footnotes.xml"))
        overrides.append(("/word/footnotes.xml", f"{WORD_TYPE}.footnotes+xml"))
        separators = (
            '<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>'
            '<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:r><w:continuationSeparator/></w:r></w:p></w:footnote>'
        )
        extra.append(("word/footnotes.xml", f"{DECLARATION}<w:footnotes {NAMESPACES}>{separators}{footnotes}</w:footnotes>"))
    if header is not None:
        relationships.append(("rId8", "header", "header1.xml"))
        overrides.append(("/word/header1.xml", f"{WORD_TYPE}.header+xml"))
        extra.append(("word/header1.xml", f"{DECLARATION}<w:hdr {NAMESPACES}>{header}</w:hdr>"))
    if footer is not None:
        relationships.append(("rId9", "footer", "footer1.xml"))
        overrides.append(("/word/footer1.xml", f"{WORD_TYPE}.footer+xml"))
        extra.append(("word/footer1.xml", f"{DECLARATION}<w:ftr {NAMESPACES}>{footer}</w:ftr>"))
    if image is not None:
        relationships.append(("rId10", "image", "media/image1.png"))
    rels = "".join(f'<Relationship Id="{rid}" Type="{REL}/{kind}" Target="{target}"/>' for rid, kind, target in relationships)
    rels += "".join(
        f'<Relationship Id="{rid}" Type="{REL}/hyperlink" Target="{escape(url)}" TargetMode="External"/>'
        for rid, url in (links or {}).items()
    )
    content_types = (
        f'{DECLARATION}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="png" ContentType="image/png"/>'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        + "".join(f'<Override PartName="{name}" ContentType="{kind}"/>' for name, kind in overrides)
        + '<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>'
        '<Override PartName="/docProps/app.xml" ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/>'
        "</Types>"
    )
    package_rels = (
        f'{DECLARATION}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        f'<Relationship Id="rId3" Type="{REL}/extended-properties" Target="docProps/app.xml"/>'
        '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" '
        'Target="docProps/core.xml"/>'
        f'<Relationship Id="rId1" Type="{REL}/officeDocument" Target="word/document.xml"/></Relationships>'
    )
    document_rels = (
        f'{DECLARATION}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">{rels}</Relationships>'
    )
    parts.append(("[Content_Types].xml", content_types.encode()))
    parts.append(("_rels/.rels", package_rels.encode()))
    parts.append(("word/document.xml", document_xml(body).encode()))
    parts.append(("word/_rels/document.xml.rels", document_rels.encode()))
    parts.extend((name, text.encode()) for name, text in extra)
    if image is not None:
        parts.append(("word/media/image1.png", image))
    parts += [("word/styles.xml", styles.encode()), ("word/settings.xml", SETTINGS.encode()), ("word/numbering.xml", NUMBERING.encode())]
    parts += [("word/fontTable.xml", FONTS.encode()), ("docProps/core.xml", CORE.encode()), ("docProps/app.xml", APP.encode())]
    return zip_parts(parts)


def zip_parts(parts: list[tuple[str, bytes]]) -> bytes:
    """The parts in a zip archive as Word writes it: in this order, deflated, dated 1980-01-01."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, data in parts:
            info = zipfile.ZipInfo(name, (1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, data)
    return out.getvalue()


#: Where the seed's runs were cut: the glued words (between spell-check marks) and a few edits.
GLUED = (
    "whereas1275",
    "“BBC”reported",
    "Convention,the",
    "genocidalpolicy",
    "destroyedmore",
    "genocideis",
    "ofhumanity",
    "toits",
    "act,and",
    "beenbrought",
)
BODY_RUN = '<w:rFonts w:ascii="Times New Roman" w:hAnsi="Times New Roman" w:cs="Times New Roman"/><w:sz w:val="24"/><w:szCs w:val="24"/>'
RSIDS = ("00B54F21", "00C2D7A4", "00E81F3B")


def _seed_runs(text: str, index: int) -> str:
    """A body paragraph's text in Word's runs: cut at every glued word (itself between
    spell-check marks) and at each sentence, rsids and language tags varying, one look."""
    pieces: list[str] = []
    rest = text
    while rest:
        cut = min(((rest.find(word), word) for word in GLUED if word in rest), default=(-1, ""))
        if cut[0] < 0:
            pieces.append(rest)
            break
        pieces += [rest[: cut[0]], "\0" + cut[1]]
        rest = rest[cut[0] + len(cut[1]) :]
    runs = []
    for number, piece in enumerate(pieces):
        if not piece:
            continue
        props = BODY_RUN + ('<w:lang w:val="en-GB"/>' if (index + number) % 3 == 0 else "")
        rsid = RSIDS[(index + number) % len(RSIDS)]
        if piece.startswith("\0"):
            runs.append(f'<w:proofErr w:type="spellStart"/>{run(piece[1:], props, rsid)}<w:proofErr w:type="spellEnd"/>')
            continue
        for sentence in piece.replace(". ", ".\0 ").split("\0"):
            runs.append(run(sentence, props, rsid))
    return "".join(runs)


def ombudsman_statement() -> bytes:
    """Corpus seed 002 as the Word document it was pasted from (see the module's docstring)."""
    lines = SEED.read_text(encoding="utf-8").split("\n")
    title_props = BODY_RUN.replace('w:val="24"', 'w:val="28"') + "<w:b/><w:bCs/>"
    title_runs = [
        run("STATEMENT", title_props + '<w:lang w:val="en-US"/>', "00B54F21"),
        run(" of the Commissioner for Human Rights (", title_props, "00C2D7A4"),
        run("Ombudsman", title_props + '<w:lang w:val="en-GB"/>', "00C2D7A4"),
        run(") of the Republic of Azerbaijan on the 30", title_props, "00E81F3B"),
        run("th", title_props, "00E81F3B"),
        run("Anniversary of Khojaly Genocide", title_props, "00B54F21"),
    ]
    body = [paragraph("".join(title_runs), '<w:pStyle w:val="Title"/><w:jc w:val="center"/>')]
    body.append(paragraph("", '<w:jc w:val="center"/>'))
    justified = '<w:spacing w:after="120"/><w:ind w:firstLine="567"/><w:jc w:val="both"/>'
    for index, line in enumerate(line for line in lines[4:] if line.strip()):
        body.append(paragraph(_seed_runs(line, index), justified, RSIDS[index % len(RSIDS)]))
    footer = paragraph(PAGE_FIELD, '<w:jc w:val="right"/>')
    return build_docx("".join(body) + SECTION.replace('<w:headerReference w:type="default" r:id="rId8"/>', ""), footer=footer)


def press_statement() -> bytes:
    """A press statement with every kind of content the reader handles (see the module's docstring)."""
    bold, italic = "<w:b/><w:bCs/>", "<w:i/><w:iCs/>"
    footnote_mark = '<w:r><w:rPr><w:rStyle w:val="FootnoteReference"/></w:rPr><w:footnoteReference w:id="1"/></w:r>'
    caption_field = (
        '<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve"> SEQ Figure \\* ARABIC </w:instrText></w:r>'
        '<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:rPr><w:noProof/></w:rPr><w:t>1</w:t></w:r>'
        '<w:r><w:fldChar w:fldCharType="end"/></w:r>'
    )
    numbered, bulleted = '<w:pStyle w:val="ListParagraph"/><w:numPr><w:ilvl w:val="0"/><w:numId w:val="{}"/></w:numPr>', ""
    bulleted = numbered.format(2)
    numbered = numbered.format(1)
    body = [
        paragraph(run("Ombudsman meets the families of Khojaly victims"), '<w:pStyle w:val="Title"/>'),
        paragraph(
            run("Baku, 25 February 2022", bold)
            + run(" – On the eve of the 30")
            + run("th", '<w:vertAlign w:val="superscript"/>', "00C2D7A4")
            + run(" anniversary of the Khojaly tragedy, the Commissioner for Human Rights (Ombudsman)", rsid="00C2D7A4")
            + footnote_mark
            + run(" of the Republic of Azerbaijan met the families of the victims in ")
            + '<w:proofErr w:type="spellStart"/>'
            + run("Khojaly", rsid="00E81F3B")
            + '<w:proofErr w:type="spellEnd"/>'
            + run(" district.")
        ),
        paragraph(""),
        paragraph(
            '<w:bookmarkStart w:id="0" w:name="_Toc96415001"/>' + run("What the families asked for") + '<w:bookmarkEnd w:id="0"/>',
            '<w:pStyle w:val="Heading1"/>',
        ),
        paragraph(run("Information about the fate of the missing."), numbered),
        paragraph(run("Recognition", italic) + run(" of the tragedy as genocide by international organisations."), numbered),
        paragraph(run("Support for the education of the victims’ children."), numbered),
        paragraph(run("How to reach the Commissioner"), '<w:pStyle w:val="Heading2"/>'),
        paragraph(run("Hotline: 916 (free of charge, ") + run("every day", '<w:u w:val="single"/>') + run(")"), bulleted),
        paragraph(
            run("Website: ")
            + '<w:hyperlink r:id="rId11" w:history="1">'
            + run("www.ombudsman.az", '<w:rStyle w:val="Hyperlink"/>')
            + "</w:hyperlink>",
            bulleted,
        ),
        table(
            [
                [paragraph(run("Region", bold)), paragraph(run("Families met", bold))],
                [paragraph(run("Khojaly district")), paragraph(run("120"))],
                [
                    table([[paragraph(run("Baku")), paragraph(run("Ganja"))]]) + paragraph(run("Other cities")),
                    paragraph(run("85")),
                ],
            ]
        ),
        paragraph(""),
        paragraph(picture(), '<w:jc w:val="center"/>'),
        paragraph(run("Figure ") + caption_field + run(". The Ombudsman with the families."), '<w:pStyle w:val="Caption"/>'),
        paragraph(
            run("Commissioner for Human Rights")
            + "<w:r><w:br/></w:r>"
            + run("Baku, Azerbaijan")
            + "<w:r><w:tab/></w:r>"
            + run("Tel: (+994 12) 498 23 70")
        ),
        paragraph(
            run("The statement was ")
            + run("adopted unanimously", bold + italic)
            + run(" and ")
            + run("sent", '<w:color w:val="C00000"/>')
            + run(" to the international organisations. ")
        ),
        SECTION,
    ]
    footnotes = (
        '<w:footnote w:id="1"><w:p><w:pPr><w:pStyle w:val="FootnoteText"/></w:pPr>'
        '<w:r><w:rPr><w:rStyle w:val="FootnoteReference"/></w:rPr><w:footnoteRef/></w:r>'
        + run(" The Ombudsman is elected by the Milli Majlis.")
        + "</w:p></w:footnote>"
    )
    return build_docx(
        "".join(body),
        header=paragraph(run("Press release", italic), '<w:jc w:val="right"/>'),
        footer=paragraph(PAGE_FIELD, '<w:jc w:val="center"/>'),
        footnotes=footnotes,
        image=png(),
        links={"rId11": "https://www.ombudsman.az/en"},
    )


FIXTURES = {"ombudsman-statement.docx": ombudsman_statement, "press-statement.docx": press_statement}


def main() -> int:
    for name, make in FIXTURES.items():
        (HERE / name).write_bytes(make())
        print(f"wrote {HERE / name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
