"""Bundle formats: each writer on its own, the registry, and what a unit ships as."""

from __future__ import annotations

import gettext
import io
import json
from pathlib import Path

import polib

from pipeline.core.model import Document
from pipeline.outputs.localize import localize
from pipeline.outputs.writers import DOCUMENT_WRITERS, LOCALE_WRITERS
from pipeline.outputs.writers.base import DocumentPlan, LocalePlan
from pipeline.outputs.writers.document import document_path
from pipeline.outputs.writers.json import json_path, unit_id
from pipeline.outputs.writers.mo import mo_path
from pipeline.source.segment import segment

TEXT = "A title\n\nThe first paragraph has six words.\n\nThe second paragraph.\n\nThe first paragraph has six words.\n"


def catalog(*, fuzzy_second: bool = True) -> polib.POFile:
    po = polib.POFile()
    po.metadata = {"Content-Type": "text/plain; charset=UTF-8", "Language": "az", "Plural-Forms": "nplurals=2; plural=(n != 1);"}
    po.append(polib.POEntry(msgid="A title", msgstr="Başlıq"))
    po.append(polib.POEntry(msgid="The first paragraph has six words.", msgstr="Birinci abzas."))
    po.append(polib.POEntry(msgid="The second paragraph.", msgstr="İkinci abzas.", flags=["fuzzy"] if fuzzy_second else []))
    po.append(polib.POEntry(msgid="one file", msgid_plural="%d files", msgstr_plural={0: "bir fayl", 1: "%d fayl"}))
    return po


def segmentation():
    return segment(Document(path=Path("corpus/visit.txt"), text=TEXT))


def test_localize_ships_reviewed_units_and_counts_the_rest():
    loc = localize(segmentation(), catalog())
    assert [shipped for _, shipped in loc.texts] == ["Başlıq", "Birinci abzas.", "The second paragraph.", "Birinci abzas."]
    assert (loc.translated, loc.fuzzy, loc.missing, loc.fallback) == (3, 1, 0, 1)
    assert (loc.words, loc.done_words) == (11, 8)  # distinct units' source words
    assert localize(segmentation(), catalog(), include_fuzzy=True).translated == 4
    nothing = localize(segmentation(), None)
    assert (nothing.translated, nothing.missing, nothing.percent) == (0, 4, 0.0)


def test_the_registry_lists_the_formats_in_writing_order():
    assert list(DOCUMENT_WRITERS) == ["mo", "document"]
    assert list(LOCALE_WRITERS) == ["json"]
    out = Path("out")
    visit = Document(path=Path("corpus/visit.txt"), text=TEXT)
    assert [w.path(out, "az", visit) for w in DOCUMENT_WRITERS.values()] == [
        mo_path(out, "az", "visit"),
        document_path(out, "az", "visit"),
    ]
    assert mo_path(out, "az", "visit") == Path("out/az/LC_MESSAGES/visit.mo")
    assert document_path(out, "az", "visit") == Path("out/az/visit.txt")
    assert LOCALE_WRITERS["json"].path(out, "az") == json_path(out, "az") == Path("out/az.json")


def test_the_localized_document_keeps_the_source_documents_extension():
    page = Document(path=Path("corpus/visit.html"), text="<p>Visit.</p>", format="html")
    assert DOCUMENT_WRITERS["document"].path(Path("out"), "az", page) == Path("out/az/visit.html")
    assert DOCUMENT_WRITERS["mo"].path(Path("out"), "az", page) == Path("out/az/LC_MESSAGES/visit.mo")


def test_the_document_and_mo_writers_render_a_plan():
    po = catalog()
    seg = segmentation()
    plan = DocumentPlan("az", seg.document, po, localize(seg, po), include_fuzzy=False)
    text = DOCUMENT_WRITERS["document"].render(plan)
    assert text == "Başlıq\n\nBirinci abzas.\n\nThe second paragraph.\n\nBirinci abzas.\n".encode("utf-8")
    translations = gettext.GNUTranslations(io.BytesIO(DOCUMENT_WRITERS["mo"].render(plan)))
    assert translations.gettext("A title") == "Başlıq"
    assert translations.gettext("The second paragraph.") == "The second paragraph."  # fuzzy: not shipped
    assert translations.ngettext("one file", "%d files", 3) == "%d fayl"
    assert DOCUMENT_WRITERS["mo"].render(plan) == DOCUMENT_WRITERS["mo"].render(plan)


def test_the_json_writer_keys_units_by_id_with_the_locales_metadata():
    loc = localize(segmentation(), catalog())
    plan = LocalePlan("az", "abc123", {"visit": loc.percent, "other": 0.0}, 50.0, {"visit": loc})
    data = json.loads(LOCALE_WRITERS["json"].render(plan))
    assert data["documents"] == {
        "visit": {
            unit_id("A title"): "Başlıq",
            unit_id("The first paragraph has six words."): "Birinci abzas.",
            unit_id("The second paragraph."): "The second paragraph.",
        }
    }
    metadata = data["metadata"]
    assert metadata["completeness"] == {"overall": 50.0, "documents": {"visit": 72.72, "other": 0.0}}
    assert metadata["fallback_units"] == {"visit": 1}
    assert (metadata["locale"], metadata["source_revision"]) == ("az", "abc123")
