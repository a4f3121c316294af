"""PO and POT files at the edges: where they live, reading them safely, writing them atomically."""

from __future__ import annotations

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
    try:
        return polib.pofile(str(path), wrapwidth=78, check_for_duplicates=True)
    except LookupError as error:
        raise InputError(path, f"unknown charset in the Content-Type header ({error})",
                         "set 'Content-Type: text/plain; charset=UTF-8'") from None
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise InputError(path, "text does not match the charset declared in the header",
                         "re-save the file as UTF-8", line=line) from None
    except ValueError as error:  # duplicate entry
        raise InputError(path, f"duplicate message definition: {error}",
                         "merge the two entries into one") from None
    except OSError as error:
        match = _POLIB_LINE.search(str(error))
        line = int(match.group(1)) if match else None
        raise InputError(path, "PO syntax error", "fix the entry or restore the file (msgfmt --check shows the detail)",
                         line=line) from None


def render(po: polib.POFile) -> bytes:
    """The bytes polib would save for ``po``."""
    text = po.__unicode__()
    if not text.endswith("\n"):
        text += "\n"
    return text.encode("utf-8")


def write_po(path: Path, po: polib.POFile) -> bool:
    """Write atomically; returns False when the file already held exactly these bytes."""
    return atomic_write(Path(path), render(po))
