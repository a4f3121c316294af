"""PO and POT files at the edges: reading them safely, writing them atomically (where they live: :mod:`pipeline.catalogs.layout`)."""

from __future__ import annotations

import codecs
import re
from pathlib import Path

import polib

from pipeline.core.errors import InputError
from pipeline.core.fsutil import atomic_write

_POLIB_LINE = re.compile(r"\(line (\d+)\)")
_C_ESCAPE = re.compile(r"\\(?:([0-7]{1,3})|x([0-9A-Fa-f]{1,2})|(.))", re.S)
_SIMPLE_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", "v": "\v", "b": "\b", "f": "\f", "a": "\a", "\\": "\\", '"': '"'}


def unescape(st: str) -> str:
    """The text of a PO string literal's content, with every escape msgfmt reads.

    polib's own leaves ``\\a`` (which msgcat writes for U+0007) and octal or hex escapes as
    two or more characters, so a file saved by GNU gettext would read back changed; this one
    is installed in its place.  Numeric escapes are bytes (UTF-8, as our files are); an escape
    msgfmt refuses stays as written, for the po-syntax check to report.
    """
    if "\\" not in st:
        return st
    parts: list[str] = []
    pending = bytearray()  # numeric escapes make bytes: \303\251 is one "é"
    position = 0
    for match in _C_ESCAPE.finditer(st):
        if match.start() > position or not (match.group(1) or match.group(2)):
            parts.append(pending.decode("utf-8", errors="replace"))
            pending.clear()
        parts.append(st[position : match.start()])
        octal, hexadecimal, other = match.groups()
        if octal or hexadecimal:
            pending.append(int(octal, 8) & 0xFF if octal else int(hexadecimal, 16))
        else:
            parts.append(_SIMPLE_ESCAPES.get(other, "\\" + other))
        position = match.end()
    parts.append(pending.decode("utf-8", errors="replace"))
    parts.append(st[position:])
    return "".join(parts)


# polib's parser looks the name up in its module at every string (same signature: unescape(st)).
polib.unescape = unescape


def file_lines(text: str) -> list[str]:
    """The lines of ``text`` as a file read in text mode has them: broken at LF, CRLF and CR only.

    ``str.splitlines`` also breaks at U+2028, U+0085, form feeds and other separators, which a
    msgstr may hold (msgfmt takes them as text).
    """
    return text.replace("\r\n", "\n").replace("\r", "\n").split("\n")


#: A line that starts a string (an optional obsolete/previous marker, then a keyword or a quote)
#: but is not one well-formed literal (marker, keyword, one closed string, nothing after it),
#: found in the whole text at once, white space kept within the line.  One C-level search instead of a Python step per line (a fifth of
#: parsing a catalog was that loop).
_BAD_STRING_LINE = re.compile(
    r'^(?=(?:#[~|][^\S\n]*)?(?:msgctxt|msgid|msgid_plural|msgstr|"))'
    r'(?!(?:#[~|][^\S\n]*)?(?:msgctxt|msgid|msgid_plural|msgstr(?:\[\d+\])?)?[^\S\n]*"(?:[^"\\\n]|\\.)*"[^\S\n]*$)',
    re.MULTILINE,
)


def _unterminated_string(text: str) -> int | None:
    """The first line whose string literal is not closed.

    polib (like Babel) silently accepts ``msgstr "broken`` where msgfmt refuses it, so this
    one lexical rule is checked before polib parses the file.  Lines end at LF, CRLF and CR
    (:func:`file_lines`).
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    match = _BAD_STRING_LINE.search(text)
    return None if match is None else text.count("\n", 0, match.start()) + 1


def read_po(path: Path) -> polib.POFile:
    """Parse a PO/POT file; syntax errors, duplicates and bad charsets are one-line InputErrors."""
    return read_po_bytes(path)[0]


def read_po_bytes(path: Path) -> tuple[polib.POFile, bytes]:
    """:func:`read_po`, and the bytes it parsed.

    The file is read once: a writer compares these very bytes with the file on disk before it
    replaces it (:mod:`pipeline.catalogs.safe_rewrite`), so they must be what the catalog was made from.
    """
    path = Path(path)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise InputError(path, "no such file", "check the path") from None
    return parse_po(path, data), data


def parse_po(path: Path, data: bytes) -> polib.POFile:
    """Parse ``data``, the content of the PO/POT file ``path``, in the charset its header declares."""
    path = Path(path)
    if b"\x00" in data:
        raise InputError(path, "NUL byte: this is a binary file, not a PO file", "restore the catalog from version control")
    bad_line = _unterminated_string(data.decode("utf-8", errors="replace"))
    if bad_line is not None:
        raise InputError(path, "PO syntax error: string not terminated", 'close the string with " or restore the file', line=bad_line)
    charset = _readable_charset(path, data)
    try:
        text = data.decode(charset)
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise InputError(path, "text does not match the charset declared in the header", "re-save the file as UTF-8", line=line) from None
    try:
        po = polib.pofile(_FileText(text), encoding=charset, wrapwidth=78)
    except OSError as error:
        match = _POLIB_LINE.search(str(error))
        at = int(match.group(1)) if match else None
        raise InputError(path, "PO syntax error", "fix the entry or restore the file (msgfmt --check shows the detail)", line=at) from None
    po.fpath = str(path)  # as when polib opens the file itself
    setattr(po, "_l10n_raw_header", _raw_header(text))  # pipeline.catalogs.po_writer writes unchanged header lines as read
    _refuse_duplicates(path, po, data)
    return po


class _FileText(str):
    """Text that polib cuts into lines the way it cuts a file it opens itself (:func:`file_lines`).

    Given a string rather than a path, polib splits it with ``str.splitlines``.
    """

    def splitlines(self, keepends: bool = False) -> list[str]:  # noqa: ARG002 (polib never asks for the ends)
        return file_lines(str(self))


# Every byte gettext reads as syntax (keywords, quotes, backslashes, newlines) is ASCII.
_ASCII_PROBE = bytes(range(0x20, 0x7F)) + b"\t\n\r"


def _ascii_compatible(charset: str) -> bool:
    """True when ``charset`` encodes ASCII as ASCII (UTF-8, CP1251, ISO-8859-9; not UTF-16/32, UTF-7, EBCDIC)."""
    try:
        return (
            codecs.decode(_ASCII_PROBE, charset) == _ASCII_PROBE.decode("ascii")
            and codecs.encode(_ASCII_PROBE.decode("ascii"), charset) == _ASCII_PROBE
        )
    except Exception:  # noqa: BLE001 - codecs such as rot13 or base64 fail in many ways; none is a text charset
        return False


def _readable_charset(path: Path, data: bytes) -> str:
    """The Python codec for the charset ``data`` declares (UTF-8 when none), or a one-line InputError."""
    charset = _declared_charset(data)
    if charset is None:
        return "utf-8"
    try:
        codecs.lookup(charset)
    except LookupError:
        # polib silently falls back to UTF-8 here; msgfmt and gettext readers do not.
        raise InputError(
            path,
            f"unknown charset '{charset}' in the Content-Type header",
            "set 'Content-Type: text/plain; charset=UTF-8'",
            line=_header_line(data),
        ) from None
    if not _ascii_compatible(charset):
        raise InputError(
            path,
            f"charset '{charset}' cannot be used in a PO file: gettext needs one that keeps ASCII as ASCII",
            "set 'Content-Type: text/plain; charset=UTF-8' and save the file as UTF-8",
            line=_header_line(data),
        )
    return charset


# The charset of the Content-Type header line; failing that, the first "charset=" (a header
# whose Content-Type is split over two strings).
_CONTENT_TYPE_CHARSET = re.compile(rb"Content-Type:[^\n]*?charset=([A-Za-z0-9_.:-]+)")
_CHARSET = re.compile(rb"charset=([A-Za-z0-9_.:-]+)")


def _charset_match(data: bytes) -> re.Match | None:
    return _CONTENT_TYPE_CHARSET.search(data[:4096]) or _CHARSET.search(data[:4096])


def _declared_charset(data: bytes) -> str | None:
    match = _charset_match(data)
    return match.group(1).decode("ascii") if match else None


def _header_line(data: bytes) -> int:
    match = _charset_match(data)
    return data[: match.start(1) if match else 0].count(b"\n") + 1


def _refuse_duplicates(path: Path, po: polib.POFile, data: bytes) -> None:
    """Two live entries with the same msgctxt and msgid: msgfmt's "duplicate message definition"."""
    seen: dict[tuple[str | None, str], polib.POEntry] = {}
    for entry in po:
        if entry.obsolete:
            continue
        first = seen.setdefault((entry.msgctxt, entry.msgid), entry)
        if first is not entry:
            lines = msgid_lines(data.decode("utf-8", errors="replace"), po)
            raise InputError(
                path,
                f"duplicate message definition (first defined at line {lines.get(id(first))})",
                "merge the two entries into one",
                line=lines.get(id(entry)),
            )


def msgid_lines(text: str, po: polib.POFile) -> dict[int, int]:
    """Line of each live entry's ``msgid`` keyword (``id(entry) -> line``).

    polib records where an entry's comments start; msgfmt and the checks point at the msgid.
    """
    lines = [n for n, line in enumerate(file_lines(text), 1) if line.startswith("msgid ")]
    live = [e for e in po if not e.obsolete]
    if len(lines) == len(live) + 1:
        lines = lines[1:]  # the header's msgid ""
    return {id(entry): line for entry, line in zip(live, lines)}


def render(po: polib.POFile) -> bytes:
    """The bytes of ``po``, in the charset its header declares (see :func:`encode_po`)."""
    return encode_po(po)[0]


def _text(po: polib.POFile) -> str:
    # Imported here: the writer's line-breaking tables cost ~40 ms, and check/stats never write.
    from pipeline.catalogs.po_writer import render_text

    return render_text(po)


# The header entry as written: msgid "" and its msgstr's string literals (see _raw_header).
_HEADER_ENTRY = re.compile(r'^msgid[ \t]+""[ \t]*\n[ \t]*msgstr[ \t]*((?:"(?:[^"\\\n]|\\.)*"[ \t]*(?:\n|$)[ \t]*)+)', re.M)
_LITERAL = re.compile(r'"((?:[^"\\\n]|\\.)*)"')


def _raw_header(text: str) -> str | None:
    """The header's msgstr exactly as the file spells it (polib keeps only its parsed fields)."""
    match = _HEADER_ENTRY.search(text)
    if match is None:
        return None
    return "".join(polib.unescape(literal) for literal in _LITERAL.findall(match.group(1)))


def header_charset(po: polib.POFile) -> str | None:
    """The charset named in ``po``'s Content-Type header, or None."""
    match = re.search(r"charset=([A-Za-z0-9_.:-]+)", _content_type(po)[1])
    return match.group(1) if match else None


def _content_type(po: polib.POFile) -> tuple[str, str]:
    for name, value in po.metadata.items():
        if name.lower() == "content-type":
            return name, value
    return "Content-Type", ""


def _set_charset(po: polib.POFile, charset: str) -> None:
    name, value = _content_type(po)
    po.metadata[name] = (
        re.sub(r"charset=[A-Za-z0-9_.:-]+", f"charset={charset}", value) if "charset=" in value else f"text/plain; charset={charset}"
    )


def encode_po(po: polib.POFile) -> tuple[bytes, str]:
    """The bytes to save for ``po``, and a note (empty unless the file had to change charset).

    A catalog in a legacy charset (CP1251, ISO-8859-9) is written back in that charset, so its
    header and its bytes always agree.  When its text holds a character the charset has no
    code for (an az draft with "ə" in an ISO-8859-9 catalog), the file becomes UTF-8: its
    header is changed to say so (on ``po`` too) and the note names the characters.
    """
    charset = header_charset(po)
    try:
        if charset is None or codecs.lookup(charset).name == "utf-8":
            return _utf8(po), ""
    except LookupError:
        return _utf8(po), ""  # e.g. xgettext's "charset=CHARSET" placeholder in a template
    text = _text(po)
    try:
        return text.encode(charset), ""
    except UnicodeEncodeError:
        lacking = sorted(c for c in set(text) if not _encodable(c, charset))
        shown = " ".join(lacking[:8]) + (" …" if len(lacking) > 8 else "")
        _set_charset(po, "UTF-8")
        return _text(po).encode("utf-8"), (
            f"converted from {charset} to UTF-8 (header changed to match): {charset} has no code for {shown}"
        )


def _utf8(po: polib.POFile) -> bytes:
    """``_text(po).encode("utf-8")``, encoded a block at a time.

    The whole text never exists at once: on a 50 MB catalog it was 100 MB more (a text with
    one character past Latin-1 takes two bytes a character), on top of every line of the file.
    UTF-8 encodes each character on its own, so the blocks' bytes joined are the text's.
    """
    from pipeline.catalogs.po_writer import render_blocks  # see _text

    return b"\n".join([block.encode("utf-8") for block in render_blocks(po)])


def _encodable(character: str, charset: str) -> bool:
    try:
        character.encode(charset)
    except UnicodeEncodeError:
        return False
    return True


def write_po(path: Path, po: polib.POFile) -> bool:
    """Write atomically; returns False when the file already held exactly these bytes.

    For templates: catalogs that translators edit go through :func:`pipeline.catalogs.safe_rewrite.rewrite_catalog`.
    """
    return atomic_write(Path(path), render(po))
