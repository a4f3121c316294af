"""Translation memory in SQLite: engine output per sentence, reviewed translations per paragraph.

Two tables:

``sentences``
    What an engine returned for one source sentence, keyed by engine, package, package
    version, locale, glossary version and the source sentence.  The stored text is the raw
    engine output *with placeholders* (restoring is cheap and deterministic), plus its score.
    A new package version or glossary version therefore misses the cache, as it should.

``reviewed``
    Human translations (non-fuzzy catalog entries) keyed by locale and source paragraph,
    reused verbatim for an identical paragraph elsewhere.

The database runs in WAL mode; every write happens inside a transaction, so a run killed at
any point leaves the memory as of its last commit.  Use :meth:`Memory.transaction` to batch
many writes into one commit.
"""

from __future__ import annotations

import contextlib
import sqlite3
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Iterator

from .errors import InputError

__all__ = ["Memory", "MemoryKey", "Cached", "DEFAULT_PATH", "open_memory"]

#: Default location, relative to the project root.
DEFAULT_PATH = Path(".l10n/tm.sqlite")

_SCHEMA = """
CREATE TABLE IF NOT EXISTS sentences (
    engine TEXT NOT NULL, package TEXT NOT NULL, version TEXT NOT NULL,
    locale TEXT NOT NULL, glossary_version TEXT NOT NULL, source TEXT NOT NULL,
    target TEXT NOT NULL, score REAL, created REAL NOT NULL,
    PRIMARY KEY (engine, package, version, locale, glossary_version, source)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS reviewed (
    locale TEXT NOT NULL, source TEXT NOT NULL, translation TEXT NOT NULL, updated REAL NOT NULL,
    PRIMARY KEY (locale, source)
) WITHOUT ROWID;
"""
_CHUNK = 500  # host parameters per IN (...) query, well under SQLite's limit


@dataclass(frozen=True)
class MemoryKey:
    """Everything besides the sentence that decides what an engine returns for it."""

    engine: str
    package: str
    version: str
    locale: str
    glossary_version: str = ""


@dataclass(frozen=True)
class Cached:
    """A remembered engine output."""

    text: str
    score: float | None


class Memory:
    """A translation memory backed by one SQLite file (``":memory:"`` for a throw-away one)."""

    def __init__(self, path: str | Path = ":memory:", timeout: float = 30.0):
        """Open (creating if needed, with its parent directory) the memory at ``path``."""
        self.path = str(path)
        if self.path != ":memory:":
            Path(self.path).parent.mkdir(parents=True, exist_ok=True)
        try:
            self._db = sqlite3.connect(self.path, timeout=timeout, isolation_level=None)
            if self.path != ":memory:":
                self._db.execute("PRAGMA journal_mode=WAL")
                self._db.execute("PRAGMA synchronous=NORMAL")
            self._db.executescript(_SCHEMA)
        except sqlite3.DatabaseError as error:
            raise InputError(self.path, f"cannot open the translation memory: {error}",
                             "move the file away to start a fresh memory") from None
        self._depth = 0

    # -- lifecycle ------------------------------------------------------------------------
    def close(self) -> None:
        """Close the database (pending transactions were committed by their blocks)."""
        self._db.close()

    def __enter__(self) -> "Memory":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    @contextlib.contextmanager
    def transaction(self) -> Iterator[None]:
        """Group the writes of the block into one commit (nested blocks join the outer one).

        An exception inside the block rolls all of them back.
        """
        if self._depth:
            self._depth += 1
            try:
                yield
            finally:
                self._depth -= 1
            return
        self._db.execute("BEGIN IMMEDIATE")
        self._depth = 1
        try:
            yield
        except BaseException:
            self._depth = 0
            self._db.execute("ROLLBACK")
            raise
        self._depth = 0
        self._db.execute("COMMIT")

    # -- engine output per sentence ---------------------------------------------------------
    def lookup(self, key: MemoryKey, sources: Iterable[str]) -> dict[str, Cached]:
        """Return the remembered outputs for those of ``sources`` the memory has, by source."""
        wanted = list(dict.fromkeys(sources))
        found: dict[str, Cached] = {}
        for i in range(0, len(wanted), _CHUNK):
            chunk = wanted[i:i + _CHUNK]
            rows = self._db.execute(
                "SELECT source, target, score FROM sentences WHERE engine=? AND package=? AND version=?"
                " AND locale=? AND glossary_version=? AND source IN (%s)" % ",".join("?" * len(chunk)),
                (key.engine, key.package, key.version, key.locale, key.glossary_version, *chunk),
            )
            for source, target, score in rows:
                found[source] = Cached(target, score)
        return found

    def store(self, key: MemoryKey, items: Iterable[tuple[str, str, float | None]]) -> int:
        """Remember ``(source, output, score)`` triples under ``key``, in one commit.

        Returns how many were written.
        """
        now = time.time()
        rows = [(key.engine, key.package, key.version, key.locale, key.glossary_version,
                 source, target, score, now) for source, target, score in items]
        with self.transaction():
            self._db.executemany("INSERT OR REPLACE INTO sentences VALUES (?,?,?,?,?,?,?,?,?)", rows)
        return len(rows)

    # -- reviewed translations per paragraph ---------------------------------------------------
    def remember_reviewed(self, locale: str, source_paragraph: str, translation: str) -> None:
        """Remember a human-reviewed translation of a whole paragraph (replacing an older one)."""
        self.remember_reviewed_many(locale, [(source_paragraph, translation)])

    def remember_reviewed_many(self, locale: str, pairs: Iterable[tuple[str, str]]) -> int:
        """Remember many reviewed ``(source_paragraph, translation)`` pairs in one commit.

        Pairs already stored unchanged are not rewritten.  Returns how many pairs were given.
        """
        now = time.time()
        rows = [(locale, source, translation, now) for source, translation in pairs
                if source and translation]
        with self.transaction():
            self._db.executemany(
                "INSERT INTO reviewed VALUES (?,?,?,?) ON CONFLICT(locale, source) DO UPDATE"
                " SET translation=excluded.translation, updated=excluded.updated"
                " WHERE translation != excluded.translation", rows)
        return len(rows)

    def lookup_reviewed(self, locale: str, source_paragraph: str) -> str | None:
        """The reviewed translation of exactly ``source_paragraph`` in ``locale``, or None."""
        row = self._db.execute("SELECT translation FROM reviewed WHERE locale=? AND source=?",
                               (locale, source_paragraph)).fetchone()
        return row[0] if row else None

    def counts(self) -> dict[str, int]:
        """Number of rows per table, for status output."""
        return {table: self._db.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]
                for table in ("sentences", "reviewed")}


def open_memory(root: Path, path: Path | None = None) -> Memory:
    """Open the memory at ``path`` (relative paths against ``root``), default ``.l10n/tm.sqlite``."""
    path = Path(path) if path is not None else DEFAULT_PATH
    return Memory(path if path.is_absolute() else Path(root) / path)
