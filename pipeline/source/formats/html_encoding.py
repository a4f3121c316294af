"""Which encoding an HTML file is in, as a browser decides it (for the ``html`` format).

1. A UTF-8 byte order mark: UTF-8 (the mark is removed).  A UTF-16 mark: refused.
2. Else the HTML5 *prescan*: in the first 1024 bytes, the first ``<meta charset=…>`` or
   ``<meta http-equiv="Content-Type" content="…; charset=…">`` (comments skipped) names the
   encoding.  Labels are read as browsers read them (the WHATWG Encoding standard) for the
   common legacy labels: ``iso-8859-1``, ``latin1`` and ``us-ascii`` mean windows-1252,
   ``iso-8859-9`` windows-1254, ``gb2312`` GBK, ``euc-kr`` windows-949, ``shift_jis``
   windows-932; any other label is Python's codec of that name (``windows-1251``, ``koi8-r``);
   a declared ``utf-16`` means UTF-8 (HTML5: a page that could declare it is not UTF-16).
3. Else UTF-8.

An unknown label, an encoding that is not ASCII-compatible, or bytes that do not decode are
one-line errors at the line concerned.  The writer encodes the page back in the same
encoding, writing a character it cannot hold as a numeric character reference (``&#601;``),
so a legacy page stays byte-identical and a translation into another script is still exact.
It finds the encoding again from the decoded text (:func:`declared_encoding` on its first
1024 characters, which for a single-byte encoding are the first 1024 bytes); the reader
refuses a file where the two would disagree.
"""

from __future__ import annotations

import codecs
import re
from pathlib import Path

from pipeline.core.errors import InputError

PRESCAN_BYTES = 1024
UTF8 = "utf-8"
_BOM = b"\xef\xbb\xbf"
#: WHATWG label → the Python codec that decodes it as browsers do (the labels that differ).
_WHATWG = {
    "iso-8859-1": "cp1252",
    "iso8859-1": "cp1252",
    "latin1": "cp1252",
    "l1": "cp1252",
    "ascii": "cp1252",
    "us-ascii": "cp1252",
    "iso-8859-9": "cp1254",
    "iso8859-9": "cp1254",
    "latin5": "cp1254",
    "gb2312": "gbk",
    "euc-kr": "cp949",
    "ks_c_5601-1987": "cp949",
    "shift_jis": "cp932",
    "sjis": "cp932",
    "x-sjis": "cp932",
    "tis-620": "cp874",
    "iso-8859-11": "cp874",
    "utf-16": UTF8,
    "utf-16le": UTF8,
    "utf-16be": UTF8,
}
_COMMENT = re.compile(r"<!--.*?-->", re.S)
_META = re.compile(r"<meta[\s/]([^>]*)>?", re.I)
_ATTRIBUTE = re.compile(r"""([^\s/=>]+)\s*(?:=\s*("[^"]*"|'[^']*'|[^\s>]*))?""")
_CHARSET_IN_CONTENT = re.compile(r"charset\s*=\s*[\"']?([^\s;\"']+)", re.I)


def _meta_charset(attributes: str) -> str | None:
    """The charset a ``<meta>`` tag's attributes declare, or None."""
    found: dict[str, str] = {}
    for name, value in _ATTRIBUTE.findall(attributes):
        found.setdefault(name.lower(), value.strip("\"'"))
    if found.get("charset"):
        return found["charset"].strip()
    if found.get("http-equiv", "").lower() == "content-type":
        match = _CHARSET_IN_CONTENT.search(found.get("content", ""))
        if match:
            return match.group(1)
    return None


def declared_label(head: str) -> tuple[str, int] | None:
    """The charset label the first ``<meta>`` declaring one gives in ``head`` (the prescan's
    window, bytes read as Latin-1 or text), and its offset; comments are skipped."""
    position = 0
    while True:
        meta = _META.search(head, position)
        if meta is None:
            return None
        comment = head.find("<!--", position, meta.start())
        if comment >= 0:
            closed = _COMMENT.match(head, comment)
            position = closed.end() if closed else len(head)
            continue
        label = _meta_charset(meta.group(1))
        if label:
            return label, meta.start()
        position = meta.end()


def codec_for(label: str) -> str | None:
    """The Python codec for a charset label as browsers read it, or None if unknown or not
    ASCII-compatible (a page in it could not declare it in ASCII)."""
    key = label.strip().lower()
    name = _WHATWG.get(key, key)
    try:
        info = codecs.lookup(name)
    except LookupError:
        return None
    if not getattr(info, "_is_text_encoding", True):
        return None
    try:
        ascii_safe = "<meta charset=x>&#;+".encode(info.name) == b"<meta charset=x>&#;+"
    except (UnicodeError, LookupError):
        ascii_safe = False
    return info.name if ascii_safe else None


def declared_encoding(text: str) -> str:
    """The codec the writer encodes a decoded page with: the one its first 1024 characters declare, else UTF-8."""
    found = declared_label(text[:PRESCAN_BYTES])
    return (codec_for(found[0]) or UTF8) if found else UTF8


def _line(data: bytes, offset: int) -> int:
    return data[:offset].count(b"\n") + 1


def _sniff(path: Path, data: bytes) -> str:
    """The codec of ``data`` (no BOM): declared in the prescan window, else UTF-8."""
    found = declared_label(data[:PRESCAN_BYTES].decode("latin-1"))
    if found is None:
        return UTF8
    label, offset = found
    codec = codec_for(label)
    if codec is None:
        raise InputError(
            path,
            f"unknown or unusable character encoding {label!r} declared by <meta>",
            "declare a known encoding (utf-8, windows-1251, iso-8859-9…) or re-save the page as UTF-8",
            line=_line(data, offset),
        )
    return codec


def decode_html(path: Path, data: bytes) -> str:
    """The text of an HTML file (BOM removed), decoded as a browser would, or a one-line InputError."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise InputError(path, "the file is UTF-16, which the pipeline does not read", "re-save it as UTF-8", line=1)
    bom = data.startswith(_BOM)
    codec = UTF8 if bom else _sniff(path, data)
    if b"\x00" in data and codec == UTF8:
        raise InputError(path, "NUL byte: this is a binary file, not HTML", "give an HTML document", line=_line(data, data.index(b"\x00")))
    try:
        text = data[len(_BOM) if bom else 0 :].decode(codec)
    except UnicodeDecodeError as error:
        at = error.start + (len(_BOM) if bom else 0)
        declared = "UTF-8 (no <meta charset> declares another encoding)" if codec == UTF8 else f"{codec}, as the page declares"
        raise InputError(
            path,
            f"byte 0x{data[at]:02x} does not decode as {declared}",
            "declare the page's real encoding with <meta charset> in its first 1024 bytes, or re-save it as UTF-8",
            line=_line(data, at),
        ) from None
    if declared_encoding(text) != codec:
        raise InputError(
            path,
            f"the page is read as {codec} but its <meta charset> says {declared_label(text[:PRESCAN_BYTES])[0]!r}",  # type: ignore[index]
            "make the declaration match the file's encoding, in the first 1024 bytes",
            line=1,
        )
    return text


def encode_html(text: str, codec: str) -> bytes:
    """``text`` in ``codec``; a character the encoding cannot hold as a numeric character reference."""
    return text.encode(codec, errors="xmlcharrefreplace")
