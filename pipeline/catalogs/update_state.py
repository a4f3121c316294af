"""What ``l10n update`` wrote last time, so a re-run on unchanged inputs parses nothing.

For each file it writes, update records a fingerprint of the inputs it was made from and the
hash of the bytes it wrote.  On the next run a file is skipped only when both still match:
the inputs are the same *and* nobody has touched the file since (a translator's save changes
its hash, so that catalog is merged again).  A missing, stale or damaged state file only
costs time: everything is merged as on a first run.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from pipeline.core.fsutil import atomic_write


def fingerprint(*parts: str | bytes) -> str:
    """A short stable hash of the parts."""
    digest = hashlib.sha256()
    for part in parts:
        digest.update(part if isinstance(part, bytes) else part.encode("utf-8"))
        digest.update(b"\0")
    return digest.hexdigest()[:32]


def _file_hash(path: Path) -> str | None:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()[:32]
    except OSError:
        return None


class UpdateState:
    """The records of one project, stored as JSON at ``path``."""

    def __init__(self, path: Path):
        self.path = Path(path)
        try:
            self.records: dict[str, dict] = json.loads(self.path.read_text(encoding="utf-8"))
            if not isinstance(self.records, dict):
                self.records = {}
        except (OSError, ValueError):
            self.records = {}

    def unchanged(self, path: Path, inputs: str) -> dict | None:
        """The record of ``path`` when it was made from ``inputs`` and is still byte-identical."""
        record = self.records.get(str(path))
        if not isinstance(record, dict) or record.get("inputs") != inputs:
            return None
        if record.get("output") != _file_hash(Path(path)):
            return None
        return record

    def holds_output(self, path: Path) -> bool:
        """Whether ``path`` still holds exactly the bytes update last wrote there, whatever they were made from."""
        record = self.records.get(str(path))
        return isinstance(record, dict) and record.get("output") is not None and record.get("output") == _file_hash(Path(path))

    def record(self, path: Path, inputs: str, **extra) -> None:
        """Remember that ``path`` now holds what ``inputs`` produce.

        ``output``, when given, is the hash of the bytes the caller wrote there; otherwise the
        file is read and hashed (a 50 MB catalog read back for nothing, when the caller knew).
        """
        output = extra.pop("output") if "output" in extra else _file_hash(Path(path))
        self.records[str(path)] = {"inputs": inputs, "output": output, **extra}

    def save(self) -> None:
        atomic_write(self.path, encode_records(self.records))


def encode_records(records: dict) -> bytes:
    """``json.dumps(records, sort_keys=True, indent=0)`` in UTF-8, byte for byte, one record at a time.

    ``json.dumps`` with an indent lists every token of the whole file before joining them
    (about 7 MB of small strings for the 4,000 records of 1,000 documents, the largest
    allocation of an update): one record at a time, the peak is the file's own size.  With
    ``indent=0`` every nesting level is indented by nothing, so a record encoded on its own
    reads exactly as it does inside the whole.
    """
    if not records:
        return b"{}"
    parts = [f"{json.dumps(key)}: {json.dumps(records[key], sort_keys=True, indent=0)}".encode("utf-8") for key in sorted(records)]
    return b"{\n" + b",\n".join(parts) + b"\n}"
