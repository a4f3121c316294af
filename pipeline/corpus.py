"""Read source documents from disk, refusing what is not UTF-8 plain text."""

from __future__ import annotations

from pathlib import Path

from .errors import InputError
from .model import Document

_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")


def decode_text(path: Path, data: bytes) -> str:
    """Decode ``data`` as UTF-8 (a BOM is allowed and removed) or raise a one-line InputError."""
    if data.startswith(_UTF16_BOMS):
        raise InputError(path, "the file is UTF-16, not UTF-8", "re-save it as UTF-8", line=1)
    if b"\x00" in data:
        line = data[: data.index(b"\x00")].count(b"\n") + 1
        raise InputError(path, "NUL byte: this is a binary file, not plain text",
                         "give a UTF-8 plain-text document", line=line)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise InputError(path, f"byte 0x{data[error.start]:02x} is not valid UTF-8",
                         "re-save the file as UTF-8", line=line) from None
    if text.startswith("\ufeff"):
        text = text[1:]
    return text


def read_document(path: Path) -> Document:
    """Read one source document; empty, binary and non-UTF-8 files are bad input."""
    path = Path(path)
    if not path.exists():
        raise InputError(path, "no such file", "check the path")
    if not path.is_file():
        raise InputError(path, "not a regular file", "give a .txt document")
    try:
        data = path.read_bytes()
    except OSError as error:
        raise InputError(path, f"cannot read: {error.strerror}", "check the permissions") from None
    text = decode_text(path, data)
    if not text.strip():
        raise InputError(path, "the document is empty", "add text or remove the file from the corpus")
    return Document(path=path, text=text)


def list_documents(corpus_dir: Path) -> list[Path]:
    """The corpus's documents: every ``*.txt`` directly in ``corpus_dir``, sorted by name."""
    corpus_dir = Path(corpus_dir)
    if not corpus_dir.exists():
        raise InputError(corpus_dir, "corpus directory does not exist", "pass --corpus DIR or fix [tool.l10n] corpus")
    if not corpus_dir.is_dir():
        raise InputError(corpus_dir, "corpus path is a file, not a directory", "pass the directory holding the .txt documents")
    paths = sorted(p for p in corpus_dir.glob("*.txt") if p.is_file())
    if not paths:
        raise InputError(corpus_dir, "no *.txt documents in the corpus directory", "add documents or pass --corpus DIR")
    return paths


def read_corpus(corpus_dir: Path) -> list[Document]:
    """Read every document of the corpus (all are validated before anything is written)."""
    return [read_document(path) for path in list_documents(corpus_dir)]
