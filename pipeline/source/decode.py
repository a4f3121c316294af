"""Bytes → text for the text-based document formats: UTF-8 (a BOM allowed and removed), or a
one-line error naming the line of the first bad byte."""

from __future__ import annotations

from pathlib import Path

from pipeline.core.errors import InputError

_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")


def decode_utf8(path: Path, data: bytes, kind: str = "plain text") -> str:
    """Decode ``data`` as UTF-8 (a BOM is allowed and removed) or raise a one-line InputError.

    ``kind`` names what the file should be in the message (``plain text``, ``Markdown``).
    """
    if data.startswith(_UTF16_BOMS):
        raise InputError(path, "the file is UTF-16, not UTF-8", "re-save it as UTF-8", line=1)
    if b"\x00" in data:
        line = data[: data.index(b"\x00")].count(b"\n") + 1
        raise InputError(path, f"NUL byte: this is a binary file, not {kind}", f"give a UTF-8 {kind.replace(' ', '-')} document", line=line)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise InputError(path, f"byte 0x{data[error.start]:02x} is not valid UTF-8", "re-save the file as UTF-8", line=line) from None
    if text.startswith("\ufeff"):
        text = text[1:]
    return text
