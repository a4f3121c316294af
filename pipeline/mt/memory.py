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
import functools
import shlex
import sqlite3
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Iterator

from pipeline.core.errors import InputError

__all__ = ["Memory", "MemoryKey", "Cached", "Segment", "SeedCounts", "DEFAULT_PATH", "open_memory"]

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

# SQLite's own messages (sqlite3_errstr) for what a user can fix, the damaged file being the rest.
_SQLITE_PROBLEMS = (
    ("disk is full", "cannot write the translation memory: the disk is full", "free some space and run again"),
    (
        "readonly",
        "cannot write the translation memory: it is read-only",
        "make the file and its folder writable, or set [tool.l10n] memory to a writable path",
    ),
    ("locked", "the translation memory is in use by another program", "wait for it to finish and run again"),
    (
        "unable to open",
        "cannot open the translation memory",
        "check that its folder exists and is writable, or set [tool.l10n] memory to another path",
    ),
)


def memory_error(path: str, error: sqlite3.DatabaseError) -> InputError:
    """One line for a translation memory SQLite cannot use: which file, what is wrong, what to do.

    Anything not a full disk, a read-only or locked file or one that cannot be opened is a
    damaged file ("file is not a database", "database disk image is malformed"): the memory
    is only a cache, so moving it aside loses nothing the catalogs and the engine cannot give again.
    """
    message = str(error)
    for needle, problem, hint in _SQLITE_PROBLEMS:
        if needle in message.lower():
            return InputError(path, f"{problem} ({message})", hint)
    aside = f"mv {shlex.quote(path)} {shlex.quote(path + '.broken')}"
    return InputError(
        path,
        f"the translation memory is damaged ({message})",
        f"move it aside ({aside}) and run again: the memory is a cache that `l10n translate` "
        "rebuilds (reviewed translations from the catalogs, drafts from the engine)",
    )


def _guarded(method):
    """Raise :func:`memory_error` for a database error in ``method`` (never a traceback)."""

    @functools.wraps(method)
    def call(self, *args, **kwargs):
        try:
            return method(self, *args, **kwargs)
        except sqlite3.ProgrammingError:  # our bug (a closed memory, a bad query), not the user's file
            raise
        except sqlite3.DatabaseError as error:
            raise memory_error(self.path, error) from None

    return call


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


@dataclass(frozen=True)
class Segment:
    """One translation of one source text, as exchanged with other tools (TMX).

    ``key`` is None for a reviewed (human) translation of a paragraph; for an engine output it
    names the engine, and ``target`` is the raw output, placeholders included.
    """

    locale: str
    source: str
    target: str
    updated: float | None = None
    key: MemoryKey | None = None
    score: float | None = None


@dataclass(frozen=True)
class SeedCounts:
    """What :meth:`Memory.seed_reviewed` did."""

    added: int = 0
    replaced: int = 0
    unchanged: int = 0


class Memory:
    """A translation memory backed by one SQLite file (``":memory:"`` for a throw-away one)."""

    def __init__(self, path: str | Path = ":memory:", timeout: float = 30.0):
        """Open (creating if needed, with its parent directory) the memory at ``path``.

        A file SQLite cannot use raises :class:`InputError` (see :func:`memory_error`).
        """
        self.path = str(path)
        self._depth = 0
        if self.path != ":memory:":
            Path(self.path).parent.mkdir(parents=True, exist_ok=True)
        self._db = self._connect(timeout)

    def _connect(self, timeout: float) -> sqlite3.Connection:
        try:
            db = sqlite3.connect(self.path, timeout=timeout, isolation_level=None)
        except sqlite3.DatabaseError as error:
            raise memory_error(self.path, error) from None
        try:
            if self.path != ":memory:":
                db.execute("PRAGMA journal_mode=WAL")
                db.execute("PRAGMA synchronous=NORMAL")
            db.executescript(_SCHEMA)
        except sqlite3.DatabaseError as error:
            db.close()  # also removes the -wal and -shm files it made beside a damaged memory
            raise memory_error(self.path, error) from None
        return db

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
        self._execute("BEGIN IMMEDIATE")
        self._depth = 1
        try:
            yield
        except BaseException:
            self._depth = 0
            # SQLite may have rolled back already (a full disk does); the first error is the one to tell.
            with contextlib.suppress(sqlite3.Error):
                self._db.execute("ROLLBACK")
            raise
        self._depth = 0
        self._execute("COMMIT")

    @_guarded
    def _execute(self, statement: str) -> None:
        self._db.execute(statement)

    # -- engine output per sentence ---------------------------------------------------------
    @_guarded
    def lookup(self, key: MemoryKey, sources: Iterable[str]) -> dict[str, Cached]:
        """Return the remembered outputs for those of ``sources`` the memory has, by source."""
        wanted = list(dict.fromkeys(sources))
        found: dict[str, Cached] = {}
        for i in range(0, len(wanted), _CHUNK):
            chunk = wanted[i : i + _CHUNK]
            rows = self._db.execute(
                "SELECT source, target, score FROM sentences WHERE engine=? AND package=? AND version=?"
                " AND locale=? AND glossary_version=? AND source IN (%s)" % ",".join("?" * len(chunk)),
                (key.engine, key.package, key.version, key.locale, key.glossary_version, *chunk),
            )
            for source, target, score in rows:
                found[source] = Cached(target, score)
        return found

    @_guarded
    def store(self, key: MemoryKey, items: Iterable[tuple[str, str, float | None]]) -> int:
        """Remember ``(source, output, score)`` triples under ``key``, in one commit.

        Returns how many were written.
        """
        now = time.time()
        rows = [
            (key.engine, key.package, key.version, key.locale, key.glossary_version, source, target, score, now)
            for source, target, score in items
        ]
        with self.transaction():
            self._db.executemany("INSERT OR REPLACE INTO sentences VALUES (?,?,?,?,?,?,?,?,?)", rows)
        return len(rows)

    # -- reviewed translations per paragraph ---------------------------------------------------
    def remember_reviewed(self, locale: str, source_paragraph: str, translation: str) -> None:
        """Remember a human-reviewed translation of a whole paragraph (replacing an older one)."""
        self.remember_reviewed_many(locale, [(source_paragraph, translation)])

    @_guarded
    def remember_reviewed_many(self, locale: str, pairs: Iterable[tuple[str, str]]) -> int:
        """Remember many reviewed ``(source_paragraph, translation)`` pairs in one commit.

        Pairs already stored unchanged are not rewritten.  Returns how many pairs were given.
        """
        now = time.time()
        rows = [(locale, source, translation, now) for source, translation in pairs if source and translation]
        with self.transaction():
            self._db.executemany(
                "INSERT INTO reviewed VALUES (?,?,?,?) ON CONFLICT(locale, source) DO UPDATE"
                " SET translation=excluded.translation, updated=excluded.updated"
                " WHERE translation != excluded.translation",
                rows,
            )
        return len(rows)

    @_guarded
    def lookup_reviewed(self, locale: str, source_paragraph: str) -> str | None:
        """The reviewed translation of exactly ``source_paragraph`` in ``locale``, or None."""
        row = self._db.execute("SELECT translation FROM reviewed WHERE locale=? AND source=?", (locale, source_paragraph)).fetchone()
        return row[0] if row else None

    @_guarded
    def counts(self) -> dict[str, int]:
        """Number of rows per table, for status output."""
        return {table: self._db.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0] for table in ("sentences", "reviewed")}

    # -- exchange with other tools (TMX): segments out, reviewed segments in ---------------------
    @_guarded
    def reviewed_segments(self, locales: Iterable[str] | None = None) -> list[Segment]:
        """Every reviewed translation (of ``locales``; default all), ordered by source, then locale."""
        rows = self._db.execute("SELECT locale, source, translation, updated FROM reviewed ORDER BY source, locale")
        wanted = set(locales) if locales is not None else None
        return [Segment(locale, source, target, updated) for locale, source, target, updated in rows if wanted is None or locale in wanted]

    @_guarded
    def engine_segments(self, locales: Iterable[str] | None = None) -> list[Segment]:
        """Every remembered engine output (of ``locales``; default all), ordered by source, then key."""
        rows = self._db.execute(
            "SELECT engine, package, version, locale, glossary_version, source, target, score, created"
            " FROM sentences ORDER BY source, locale, engine, package, version, glossary_version"
        )
        wanted = set(locales) if locales is not None else None
        return [
            Segment(locale, source, target, created, MemoryKey(engine, package, version, locale, glossary), score)
            for engine, package, version, locale, glossary, source, target, score, created in rows
            if wanted is None or locale in wanted
        ]

    @_guarded
    def seed_reviewed(self, locale: str, pairs: Iterable[tuple[str, str]]) -> SeedCounts:
        """Store reviewed ``(source_paragraph, translation)`` pairs from another tool, in one commit.

        An imported translation replaces a different one already stored (the import is the
        newer word); of the same source given twice, the last counts.  Empty sides are skipped.
        """
        wanted = {source: target for source, target in pairs if source and target}
        added = replaced = 0
        now = time.time()
        with self.transaction():
            for source, target in wanted.items():
                row = self._db.execute("SELECT translation FROM reviewed WHERE locale=? AND source=?", (locale, source)).fetchone()
                if row is not None and row[0] == target:
                    continue
                self._db.execute("INSERT OR REPLACE INTO reviewed VALUES (?,?,?,?)", (locale, source, target, now))
                added += row is None
                replaced += row is not None
        return SeedCounts(added, replaced, len(wanted) - added - replaced)


def open_memory(root: Path, path: Path | None = None) -> Memory:
    """Open the memory at ``path`` (relative paths against ``root``), default ``.l10n/tm.sqlite``."""
    path = Path(path) if path is not None else DEFAULT_PATH
    return Memory(path if path.is_absolute() else Path(root) / path)
