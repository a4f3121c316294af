"""The translate job drafts a locale's catalogs a batch at a time: memory holds one batch of
parsed catalogs, the result is the one of drafting them all at once."""

from __future__ import annotations

import shutil
from pathlib import Path

import polib

from live_objects import LiveCounter
from pipeline.catalogs import jobs, safe_rewrite
from pipeline.core.config import Config
from pipeline.mt import job
from pipeline.mt.job import translate

SHARED = "The same paragraph appears in every statement."


def project(root: Path) -> Config:
    (root / "corpus").mkdir(parents=True)
    for name in ("a", "b", "c"):
        text = f"Statement {name.upper()} opens here.\n\n{SHARED}\n\nIt closes with words of {name}.\n"
        (root / "corpus" / f"{name}.txt").write_text(text, encoding="utf-8")
    config = Config(root=root, locales=("az", "ru"))
    jobs.update(config)
    catalog = root / "locales" / "az" / "LC_MESSAGES" / "c.po"  # reviewed in the LAST catalog only
    po = polib.pofile(str(catalog))
    po.find(SHARED).msgstr = "Eyni abzas hər bəyanatda var."
    po.save(str(catalog))
    return config


def files(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted((root / "locales").rglob("*.po"))}


def test_drafting_one_catalog_at_a_time_writes_what_drafting_them_all_at_once_writes(tmp_path, monkeypatch):
    together, batched = project(tmp_path / "together"), project(tmp_path / "batched")
    translate(together, "pseudo")
    monkeypatch.setattr(job, "CATALOGS_AT_ONCE", 1)
    results = translate(batched, "pseudo")
    assert files(together.root) == files(batched.root)
    az = results[0].stats
    assert (az.pending, az.reviewed_hits, az.reviewed_fed, len(az.changed)) == (8, 2, 1, 3)
    first = (batched.root / "locales" / "az" / "LC_MESSAGES" / "a.po").read_text(encoding="utf-8")
    assert 'msgstr "Eyni abzas hər bəyanatda var."' in first  # reviewed in c.po, filled in a.po


def test_memory_holds_one_batch_of_catalogs(tmp_path, monkeypatch):
    config = project(tmp_path / "p")
    shutil.rmtree(config.root / "locales" / "ru")
    monkeypatch.setattr(job, "CATALOGS_AT_ONCE", 1)
    counting = LiveCounter(safe_rewrite.read_catalog)
    monkeypatch.setattr(job, "read_catalog", counting)
    translate(config, "pseudo")
    assert counting.most == 0  # no catalog of an earlier batch is alive when the next is read
