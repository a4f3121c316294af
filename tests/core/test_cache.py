"""The per-user cache: entries written whole, Babel's answers remembered by the code's fingerprint."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import pytest

from pipeline.core import cache


@pytest.fixture(autouse=True)
def _cache_home(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))


def test_an_entry_is_stored_whole_and_read_back_with_no_temporary_left(tmp_path):
    cache.store_cached("entry", b"data" * 1000)
    assert cache.read_cached("entry") == b"data" * 1000
    assert [p.name for p in (tmp_path / "l10n-pipeline").iterdir()] == ["entry"]
    assert cache.read_cached("missing") is None


def test_an_entry_given_in_pieces_is_stored_joined():
    records = b"0123456789" * 100
    cache.store_cached("pieces", b"header\n", memoryview(records)[10:-10], b"")
    assert cache.read_cached("pieces") == b"header\n" + records[10:-10]


def test_an_unwritable_cache_is_ignored(tmp_path):
    (tmp_path / "l10n-pipeline").write_text("a file where the folder should be")
    cache.store_cached("entry", b"data")  # no exception: the run is only slower
    assert cache.read_cached("entry") is None


def test_remembered_computes_once_and_recomputes_a_cut_entry(tmp_path):
    calls = []

    def compute() -> str:
        calls.append(1)
        return "ru_RU"

    assert cache.remembered("kind", "ru-ru", compute) == "ru_RU"
    assert cache.remembered("kind", "ru-ru", compute) == "ru_RU"
    assert len(calls) == 1
    (entry,) = (tmp_path / "l10n-pipeline").iterdir()
    entry.write_bytes(b"ru")  # cut short: no line end
    assert cache.remembered("kind", "ru-ru", compute) == "ru_RU" and len(calls) == 2
    assert cache.remembered("kind", "", lambda: "") == ""  # an empty answer is an answer too


def test_remembered_raises_and_keeps_nothing_when_the_computation_fails(tmp_path):
    def refuse() -> str:
        raise LookupError("unknown")

    with pytest.raises(LookupError):
        cache.remembered("kind", "xx", refuse)
    assert not (tmp_path / "l10n-pipeline").exists()


def test_the_code_fingerprint_is_stable_within_a_run():
    assert cache.code_fingerprint() == cache.code_fingerprint() and len(cache.code_fingerprint()) == 16


def test_the_code_fingerprint_covers_every_folder_of_the_package(monkeypatch):
    """A module outside core/ (here glossary/load.py, whose parsed glossaries are cached) counts too."""
    before = cache.code_fingerprint.__wrapped__()
    edited = Path(cache.__file__).resolve().parents[1] / "glossary" / "load.py"
    real_stat = Path.stat

    def stat(path, *args, **kwargs):
        result = real_stat(path, *args, **kwargs)
        if path == edited:  # as if the file had just been saved with one more byte
            return SimpleNamespace(st_size=result.st_size + 1, st_mtime_ns=result.st_mtime_ns + 1)
        return result

    monkeypatch.setattr(Path, "stat", stat)
    assert cache.code_fingerprint.__wrapped__() != before


def test_the_cache_keys_sha256_gives_hashlibs_digests():
    import hashlib

    for data in (b"", b"abc", "Xocalı".encode() * 1000):
        piecewise = cache.sha256()
        piecewise.update(data[:7])
        piecewise.update(data[7:])
        assert cache.sha256(data).hexdigest() == piecewise.hexdigest() == hashlib.sha256(data).hexdigest()
