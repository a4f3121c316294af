"""The bundle works one document at a time: memory holds one document's catalogs, not the corpus's."""

from __future__ import annotations

from pipeline.catalogs import pofiles
from pipeline.outputs import bundle
from pipeline.outputs.bundle import build_bundles

from live_objects import LiveCounter
from test_bundle import AZ, DOCUMENT, make_project, out_dir, translate


def test_a_documents_catalogs_are_released_before_the_next_document_is_read(tmp_path, monkeypatch):
    config = make_project(tmp_path, {"one": DOCUMENT, "two": DOCUMENT, "three": DOCUMENT}, locales=("az", "ru"))
    for stem in ("one", "two", "three"):
        translate(config, "az", stem, AZ)
    counting = LiveCounter(pofiles.read_po_bytes)
    monkeypatch.setattr(bundle, "read_po_bytes", counting)
    result = build_bundles(config, min_complete=0)
    assert len(result.written) == 6
    assert counting.most <= 1  # while a catalog is read, at most one other (its document's other locale) is alive


def _save_between_the_passes(monkeypatch, save):
    real = bundle._survey

    def survey_then_save(*args):
        found = real(*args)
        save()  # a translator's save, after the first pass checked the catalog
        return found

    monkeypatch.setattr(bundle, "_survey", survey_then_save)


def test_a_catalog_saved_between_the_two_passes_ships_as_saved(tmp_path, monkeypatch):
    config = make_project(tmp_path, {"one": DOCUMENT, "two": DOCUMENT})
    for stem in ("one", "two"):
        translate(config, "az", stem, AZ)
    title = next(iter(AZ))
    _save_between_the_passes(monkeypatch, lambda: translate(config, "az", "two", {title: "Başqa başlıq"}))
    result = build_bundles(config, min_complete=0)
    assert len(result.written) == 2
    assert (out_dir(config) / "az" / "two.txt").read_text(encoding="utf-8").startswith("Başqa başlıq\n")


def test_a_save_that_breaks_a_catalog_leaves_its_files_as_they_were_with_a_warning(tmp_path, monkeypatch, capsys):
    config = make_project(tmp_path, {"one": DOCUMENT, "two": DOCUMENT})
    for stem in ("one", "two"):
        translate(config, "az", stem, AZ)
    build_bundles(config, min_complete=0)
    before = (out_dir(config) / "az" / "two.txt").read_bytes()
    catalog = config.root / "locales" / "az" / "LC_MESSAGES" / "two.po"
    _save_between_the_passes(monkeypatch, lambda: catalog.write_bytes(catalog.read_bytes() + b'\nmsgid "broken\n'))
    result = build_bundles(config, min_complete=0)
    assert [(d.stem, d.status) for d in result.documents] == [("one", "written"), ("two", "skipped")]
    assert "was saved while l10n bundle ran and now fails its checks" in result.documents[1].reason
    assert (out_dir(config) / "az" / "two.txt").read_bytes() == before
    assert "two.po was saved while l10n bundle ran" in capsys.readouterr().err
