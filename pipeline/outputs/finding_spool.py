"""Check findings kept on disk, read back in the report's order: memory stays flat however many there are.

``l10n run`` and ``l10n report`` meet every finding of the project (some 200,000 on 1,000
documents in three locales) but show them sorted errors first, then by locale, file and
position.  Held as objects and sorted in memory they cost about a kilobyte each; here each
file's findings are added to a SQLite table as the file is checked, and read back through an
index on the report's sort key, so neither the spool nor the read holds more than SQLite's
page cache.  A project with few findings (up to :data:`SPILL_AT`) keeps them in memory and
writes no table.

The table lives in one temporary file beside the report (named like every temporary of ours,
:func:`pipeline.core.fsutil.temporary_prefix`), with no journal: it is removed when the spool
is closed, and it never needs to survive a crash.  Text is stored as UTF-8 bytes with
surrogates passed through, so a file name that is not UTF-8 survives and the order is Python's
code-point order (SQLite compares bytes; UTF-8 keeps code-point order).
"""

from __future__ import annotations

import contextlib
import os
import pickle
import sqlite3
from pathlib import Path
from typing import Iterable, Iterator

from pipeline.checks.tally import FileFindings
from pipeline.core.fsutil import new_temporary
from pipeline.core.model import Finding
from pipeline.outputs.report import report_order

#: Up to this many findings are kept in memory (about 20 MB); beyond, all go to the table on disk.
SPILL_AT = 20_000
#: Once on disk, findings are inserted this many at a time.
_BATCH = 2_000
#: SQLite's page cache, in KiB (negative ``cache_size`` is KiB): the spool's memory, whatever its size.
_CACHE_KIB = 8 * 1024


def _text(value: str) -> bytes:
    return value.encode("utf-8", "surrogatepass")


def _row(finding: Finding) -> tuple:
    severity, locale, path, line, column, rule, message = report_order(finding)
    payload = pickle.dumps(finding, protocol=pickle.HIGHEST_PROTOCOL)
    return (severity, _text(locale), _text(path), line, column, _text(rule), _text(message), payload)


class FindingSpool:
    """Findings kept for the report beside ``near`` (a file path), read back by :meth:`in_report_order`.

    The first :data:`SPILL_AT` findings stay in memory (most projects never write the table);
    past that the table is created and they go to it.  Use it as a context manager: the
    temporary file, if any, is removed on leaving, also on an error.
    """

    def __init__(self, near: Path, spill_at: int | None = None) -> None:
        self._near = Path(near)
        self._spill_at = SPILL_AT if spill_at is None else spill_at
        self._pending: list[Finding] = []
        self._db: sqlite3.Connection | None = None
        self._path: str | None = None
        self.count = 0

    def __enter__(self) -> "FindingSpool":
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def add(self, checked: FileFindings) -> None:
        """Keep one checked file's findings (the kept ones: silenced findings are not reported)."""
        self.extend(checked.kept)

    def extend(self, findings: Iterable[Finding]) -> None:
        """Keep ``findings``."""
        for finding in findings:
            self._pending.append(finding)
            self.count += 1
            if len(self._pending) >= (_BATCH if self._db is not None else self._spill_at):
                self._flush()

    @property
    def on_disk(self) -> bool:
        """Whether the findings went to the table on disk (more than :data:`SPILL_AT`)."""
        return self._db is not None

    def _flush(self) -> None:
        db = self._db or self._open()
        db.execute("BEGIN")  # one transaction per batch: far faster than one per row
        db.executemany("INSERT INTO findings VALUES (?, ?, ?, ?, ?, ?, ?, ?)", map(_row, self._pending))
        db.execute("COMMIT")
        self._pending.clear()

    def _open(self) -> sqlite3.Connection:
        self._path = new_temporary(self._near)
        self._db = sqlite3.connect(self._path, isolation_level=None)
        self._db.executescript(
            f"PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF; PRAGMA cache_size=-{_CACHE_KIB};"
            "CREATE TABLE findings (severity INTEGER, locale BLOB, path BLOB, line INTEGER, col INTEGER,"
            " rule BLOB, message BLOB, finding BLOB);"
            # The index is the report's order (ties: insertion order, the rowid every index ends
            # with, as Python's stable sort keeps them): reading in order never sorts in memory.
            "CREATE INDEX report_order ON findings (severity, locale, path, line, col, rule, message);"
        )
        return self._db

    def in_report_order(self) -> Iterator[Finding]:
        """Every finding kept, in :func:`~pipeline.outputs.report.report_order` (equal keys: in the order they were added)."""
        if self._db is None:
            yield from sorted(self._pending, key=report_order)
            return
        if self._pending:
            self._flush()
        query = "SELECT finding FROM findings ORDER BY severity, locale, path, line, col, rule, message"
        for (payload,) in self._db.execute(query):
            yield pickle.loads(payload)

    def close(self) -> None:
        """Forget the findings: close the table and remove its file (again: nothing)."""
        self._pending = []
        if self._db is not None:
            self._db.close()
            self._db = None
        if self._path is not None:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(self._path)
            self._path = None
