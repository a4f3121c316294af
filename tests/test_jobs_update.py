"""``update`` streams documents: each one's files are written before the next is segmented, and
a broken template or catalog of any document still stops the run before anything is written."""

from __future__ import annotations

from pathlib import Path

import pytest

import pipeline.jobs as jobs
from pipeline.config import Config
from pipeline.errors import InputError
from pipeline.pofiles import catalog_path, template_path

LOCALES = ("az", "ru")
STEMS = ("alpha", "beta", "gamma")


def _write_corpus(root: Path, word: str) -> None:
    (root / "corpus").mkdir(parents=True, exist_ok=True)
    for number, stem in enumerate(STEMS):
        (root / "corpus" / f"{stem}.txt").write_text(
            f"The {word} report number {number}.\n\nThe Ombudsman visited Khojaly on day {number}.\n", encoding="utf-8")


def _files(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted((root / "locales").rglob("*"))
            if p.is_file() and p.name != ".l10n.lock"}


@pytest.fixture
def project(tmp_path) -> Config:
    """Three documents updated once, then every document's text changed (each must be merged again)."""
    config = Config(root=tmp_path, locales=LOCALES)
    _write_corpus(tmp_path, "first")
    jobs.update(config)
    _write_corpus(tmp_path, "second")
    return config


@pytest.mark.parametrize("broken", ["catalog", "template"])
def test_a_broken_file_of_the_last_document_stops_the_run_before_the_first_is_written(project, broken):
    locales = project.root / "locales"
    path = catalog_path(locales, "ru", STEMS[-1]) if broken == "catalog" else template_path(locales, STEMS[-1])
    path.write_bytes(path.read_bytes().replace(b'msgid "The', b'msgid "The\n\n#', 1))
    before = _files(project.root)
    with pytest.raises(InputError, match="syntax error"):
        jobs.update(project)
    assert _files(project.root) == before


def test_each_document_is_written_before_the_next_is_segmented(project, monkeypatch):
    locales = project.root / "locales"
    seen: list[tuple[str, bool]] = []
    real = jobs.segment

    def segment(document, names):
        # Whether the previous document's catalogs already hold the new text when this one starts.
        index = STEMS.index(document.stem)
        if index:
            previous = [catalog_path(locales, locale, STEMS[index - 1]) for locale in LOCALES]
            seen.append((document.stem, all(b"second" in p.read_bytes() for p in previous)))
        return real(document, names)

    monkeypatch.setattr(jobs, "segment", segment)
    results = jobs.update(project)
    assert seen == [("beta", True), ("gamma", True)]
    assert [(r.locale, r.stem) for r in results] == [(locale, stem) for locale in LOCALES for stem in STEMS]
    assert all(r.written for r in results)
