"""PO and POT files at the edges: where they live, reading them safely, writing them atomically."""

from __future__ import annotations

import codecs
import re
from pathlib import Path

import polib

from .errors import InputError
from .fsutil import atomic_write

_POLIB_LINE = re.compile(r"\(line (\d+)\)")
# A line carrying a string: optional obsolete/previous marker, optional keyword, one literal.
_STRING_LINE = re.compile(r'^(?:#[~|]\s*)?(?:msgctxt|msgid|msgid_plural|msgstr(?:\[\d+\])?)?\s*"(?:[^"\\]|\\.)*"\s*$')
_HAS_STRING = re.compile(r'^(?:#[~|]\s*)?(?:msgctxt|msgid|msgid_plural|msgstr|")')


def _unterminated_string(text: str) -> int | None:
    """The first line whose string literal is not closed.

    polib (like Babel) silently accepts ``msgstr "broken`` where msgfmt refuses it, so this
    one lexical rule is checked before polib parses the file.
    """
    for number, line in enumerate(text.splitlines(), start=1):
        if _HAS_STRING.match(line) and not _STRING_LINE.match(line):
            return number
    return None


def template_path(locales_dir: Path, stem: str) -> Path:
    """``<locales>/templates/<stem>.pot``."""
    return Path(locales_dir) / "templates" / f"{stem}.pot"


def catalog_path(locales_dir: Path, locale: str, stem: str) -> Path:
    """``<locales>/<locale>/LC_MESSAGES/<stem>.po`` (the gettext/Babel layout)."""
    return Path(locales_dir) / locale / "LC_MESSAGES" / f"{stem}.po"


def read_po(path: Path) -> polib.POFile:
    """Parse a PO/POT file; syntax errors, duplicates and bad charsets are one-line InputErrors."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise InputError(path, "no such file", "check the path") from None
    if b"\x00" in data:
        raise InputError(path, "NUL byte: this is a binary file, not a PO file", "restore the catalog from version control")
    bad_line = _unterminated_string(data.decode("utf-8", errors="replace"))
    if bad_line is not None:
        raise InputError(path, "PO syntax error: string not terminated",
                         'close the string with " or restore the file', line=bad_line)
    charset = _declared_charset(data)
    if charset is not None:
        try:
            codecs.lookup(charset)
        except LookupError:
            # polib silently falls back to UTF-8 here; msgfmt and gettext readers do not.
            raise InputError(path, f"unknown charset '{charset}' in the Content-Type header",
                             "set 'Content-Type: text/plain; charset=UTF-8'", line=_header_line(data)) from None
    try:
        po = polib.pofile(str(path), wrapwidth=78)
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise InputError(path, "text does not match the charset declared in the header",
                         "re-save the file as UTF-8", line=line) from None
    except OSError as error:
        match = _POLIB_LINE.search(str(error))
        line = int(match.group(1)) if match else None
        raise InputError(path, "PO syntax error", "fix the entry or restore the file (msgfmt --check shows the detail)",
                         line=line) from None
    _refuse_duplicates(path, po, data)
    return po


_CHARSET = re.compile(rb"charset=([A-Za-z0-9_.:-]+)")


def _declared_charset(data: bytes) -> str | None:
    match = _CHARSET.search(data[:4096])
    return match.group(1).decode("ascii") if match else None


def _header_line(data: bytes) -> int:
    return data[: data.find(b"charset=")].count(b"\n") + 1


def _refuse_duplicates(path: Path, po: polib.POFile, data: bytes) -> None:
    """Two live entries with the same msgctxt and msgid: msgfmt's "duplicate message definition"."""
    seen: dict[tuple[str | None, str], polib.POEntry] = {}
    for entry in po:
        if entry.obsolete:
            continue
        first = seen.setdefault((entry.msgctxt, entry.msgid), entry)
        if first is not entry:
            lines = msgid_lines(data.decode("utf-8", errors="replace"), po)
            raise InputError(path, f"duplicate message definition (first defined at line {lines.get(id(first))})",
                             "merge the two entries into one", line=lines.get(id(entry)))


def msgid_lines(text: str, po: polib.POFile) -> dict[int, int]:
    """Line of each live entry's ``msgid`` keyword (``id(entry) -> line``).

    polib records where an entry's comments start; msgfmt and the checks point at the msgid.
    """
    lines = [n for n, line in enumerate(text.splitlines(), 1) if line.startswith("msgid ")]
    live = [e for e in po if not e.obsolete]
    if len(lines) == len(live) + 1:
        lines = lines[1:]  # the header's msgid ""
    return {id(entry): line for entry, line in zip(live, lines)}


def render(po: polib.POFile) -> bytes:
    """The bytes polib would save for ``po``."""
    text = po.__unicode__()
    if not text.endswith("\n"):
        text += "\n"
    return text.encode("utf-8")


def write_po(path: Path, po: polib.POFile) -> bool:
    """Write atomically; returns False when the file already held exactly these bytes."""
    return atomic_write(Path(path), render(po))
