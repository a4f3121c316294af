"""The bundle works one document at a time: memory holds one document's catalogs, not the corpus's."""

from __future__ import annotations

import gc
import weakref

import pytest

from pipeline.catalogs import pofiles
from pipeline.core.errors import InputError
from pipeline.outputs import bundle
from pipeline.outputs.bundle import build_bundles

from test_bundle import AZ, DOCUMENT, make_project, out_dir, translate


def test_a_documents_catalogs_are_released_before_the_next_document_is_read(tmp_path, monkeypatch):
    config = make_project(tmp_path, {"one": DOCUMENT, "two": DOCUMENT, "three": DOCUMENT}, locales=("az", "ru"))
    for stem in ("one", "two", "three"):
        translate(config, "az", stem, AZ)
    alive: list[weakref.ref] = []
    most = [0]
    real = pofiles.read_po_bytes

    def counting(path):
        po, data = real(path)
        gc.collect()
        most[0] = max(most[0], sum(ref() is not None for ref in alive))
        alive.append(weakref.ref(po))
        return po, data

    monkeypatch.setattr(bundle, "read_po_bytes", counting)
    result = build_bundles(config, min_complete=0)
    assert len(result.written) == 6
    assert most[0] <= 1  # while a catalog is read, at most one other (its document's other locale) is alive


def test_a_catalog_saved_between_the_two_passes_stops_the_bundle_with_one_line(tmp_path, monkeypatch):
    config = make_project(tmp_path, {"one": DOCUMENT, "two": DOCUMENT})
    for stem in ("one", "two"):
        translate(config, "az", stem, AZ)
    real = bundle._survey

    def survey_then_save(*args):
        found = real(*args)
        translate(config, "az", "two", {next(iter(AZ)): "Başqa başlıq"})  # a translator's save
        return found

    monkeypatch.setattr(bundle, "_survey", survey_then_save)
    with pytest.raises(InputError, match="changed while l10n bundle was running; run l10n bundle again"):
        build_bundles(config, min_complete=0)
    assert (out_dir(config) / "az" / "one.txt").is_file()  # written whole before the change was seen
    assert not (out_dir(config) / "az" / "two.txt").exists()
