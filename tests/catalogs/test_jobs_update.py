"""``update`` streams documents: each one's files are written before the next is segmented, and
a broken template or catalog of any document still stops the run before anything is written.
With worker processes (``L10N_JOBS``) it writes the same bytes as in one process."""

from __future__ import annotations

from pathlib import Path

import pytest

import pipeline.catalogs.jobs as jobs
from pipeline.core.config import Config
from pipeline.core.errors import InputError
from pipeline.catalogs.layout import catalog_path, template_path

LOCALES = ("az", "ru")
STEMS = ("alpha", "beta", "gamma")


def _write_corpus(root: Path, word: str) -> None:
    (root / "corpus").mkdir(parents=True, exist_ok=True)
    for number, stem in enumerate(STEMS):
        (root / "corpus" / f"{stem}.txt").write_text(
            f"The {word} report number {number}.\n\nThe Ombudsman visited Khojaly on day {number}.\n", encoding="utf-8"
        )


def _files(root: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(root)): p.read_bytes() for p in sorted((root / "locales").rglob("*")) if p.is_file() and p.name != ".l10n.lock"
    }


@pytest.fixture
def project(tmp_path) -> Config:
    """Three documents updated once, then every document's text changed (each must be merged again)."""
    config = Config(root=tmp_path, locales=LOCALES)
    _write_corpus(tmp_path, "first")
    jobs.update(config)
    _write_corpus(tmp_path, "second")
    return config


@pytest.mark.parametrize("workers", ["1", "2"])
@pytest.mark.parametrize("broken", ["catalog", "template"])
def test_a_broken_file_of_the_last_document_stops_the_run_before_the_first_is_written(project, broken, workers, monkeypatch):
    monkeypatch.setenv("L10N_JOBS", workers)
    locales = project.root / "locales"
    path = catalog_path(locales, "ru", STEMS[-1]) if broken == "catalog" else template_path(locales, STEMS[-1])
    path.write_bytes(path.read_bytes().replace(b'msgid "The', b'msgid "The\n\n#', 1))
    before = _files(project.root)
    with pytest.raises(InputError, match="syntax error"):
        jobs.update(project)
    assert _files(project.root) == before


def test_each_document_is_written_before_the_next_is_segmented(project, monkeypatch):
    monkeypatch.delenv("L10N_JOBS", raising=False)  # three documents: serial
    locales = project.root / "locales"
    seen: list[tuple[str, bool]] = []
    real = jobs.segment_document

    def segment(document, names):
        # Whether the previous document's catalogs already hold the new text when this one starts.
        index = STEMS.index(document.stem)
        if index:
            previous = [catalog_path(locales, locale, STEMS[index - 1]) for locale in LOCALES]
            seen.append((document.stem, all(b"second" in p.read_bytes() for p in previous)))
        return real(document, names)

    monkeypatch.setattr(jobs, "segment_document", segment)
    results = jobs.update(project)
    assert seen == [("beta", True), ("gamma", True)]
    assert [(r.locale, r.stem) for r in results] == [(locale, stem) for locale in LOCALES for stem in STEMS]
    assert all(r.written for r in results)


# --- worker processes: the same bytes as the serial path ------------------------------------------

GLOSSARY = """\
category: place
terms:
  - id: khojaly
    term: Khojaly
    locales: {az: {rendering: Xocalı}, ru: {rendering: Ходжалы}}
  - id: baku
    term: Baku
    locales: {az: {rendering: Bakı}, ru: {rendering: Баку}}
"""


def _corpus(root: Path, edited: bool) -> None:
    (root / "corpus").mkdir(parents=True, exist_ok=True)
    for number in range(6):
        paragraphs = [
            f"Report {number}: the Ombudsman went from Baku to Khojaly.",
            f"Paragraph {number} says nothing of places.",
            "The same closing line in every document.",
        ]
        if edited and number % 2:
            paragraphs[1] = f"Paragraph {number} now says a little more about Baku."
        (root / "corpus" / f"doc-{number}.txt").write_text("\n\n".join(paragraphs) + "\n", encoding="utf-8")


def _translate_one(root: Path) -> None:
    """A translator's work in one catalog, which the next merge must keep (or mark fuzzy)."""
    path = catalog_path(root / "locales", "ru", "doc-1")
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace('says nothing of places."\nmsgstr ""', 'says nothing of places."\nmsgstr "Ничего."', 1), encoding="utf-8")


def test_two_workers_write_the_same_bytes_as_one(tmp_path, monkeypatch):
    from pipeline.glossary import load_glossary
    from pipeline.glossary.hints import hints_for

    (tmp_path / "glossary").mkdir()
    (tmp_path / "glossary" / "places.yaml").write_text(GLOSSARY, encoding="utf-8")
    glossary = load_glossary(tmp_path / "glossary")
    monkeypatch.setattr(jobs, "now_stamp", lambda: "2026-12-01 10:00+0000")
    trees = {}
    for workers in ("1", "2"):
        root = tmp_path / f"jobs-{workers}"
        monkeypatch.setenv("L10N_JOBS", workers)
        config = Config(root=root, locales=LOCALES)
        _corpus(root, edited=False)
        first = jobs.update(config, hints=hints_for(glossary), hints_version=glossary.version)
        _translate_one(root)
        _corpus(root, edited=True)
        second = jobs.update(config, hints=hints_for(glossary), hints_version=glossary.version)
        trees[workers] = (_files(root), [(r.locale, r.stem, r.report, r.written) for r in first + second])
    assert trees["1"] == trees["2"]
    assert "Ничего." in trees["2"][0]["locales/ru/LC_MESSAGES/doc-1.po"].decode()
    assert "Glossary: Baku" in trees["2"][0]["locales/az/LC_MESSAGES/doc-0.po"].decode()


def test_worker_count(monkeypatch):
    monkeypatch.delenv("L10N_JOBS", raising=False)
    monkeypatch.setattr(jobs.os, "cpu_count", lambda: 8)
    assert jobs.worker_count(jobs.PARALLEL_FROM - 1) == 1
    assert jobs.worker_count(100) == 8
    monkeypatch.setattr(jobs.os, "cpu_count", lambda: 1)
    assert jobs.worker_count(100) == 1
    monkeypatch.setenv("L10N_JOBS", "3")
    assert jobs.worker_count(2) == 2
    assert jobs.worker_count(100) == 3
    monkeypatch.setenv("L10N_JOBS", "many")
    with pytest.raises(InputError, match="L10N_JOBS"):
        jobs.worker_count(100)


@pytest.mark.parametrize("enabled", [True, False])
def test_update_leaves_the_cyclic_garbage_collector_as_it_found_it(project, enabled, monkeypatch):
    import gc

    monkeypatch.delenv("L10N_JOBS", raising=False)
    was = gc.isenabled()
    try:
        gc.enable() if enabled else gc.disable()
        jobs.update(project)
        assert gc.isenabled() is enabled
    finally:
        gc.enable() if was else gc.disable()
