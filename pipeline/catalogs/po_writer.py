"""A polib catalog as text, laid out exactly as GNU gettext's ``msgcat``/``msgmerge`` write it.

Translators' tools (Poedit, Lokalize, Weblate through msgmerge) save files in gettext's
layout; writing ours the same way means a review leaves only its own changes in the diff.
From gettext's ``write-po.c``:

* comments in the order translator ``#``, extracted ``#.``, references ``#:`` (wrapped at 79
  bytes), flags ``#,``, previous ``#|``; then msgctxt, msgid, msgid_plural, msgstr;
* flags as gettext orders them: ``fuzzy`` (only on a non-empty translation), the
  ``*-format`` flags in gettext's own order, ``range:``, ``no-wrap``.  Flags gettext does
  not know (``l10n-ignore-…``, ``c++-format`` before gettext 0.22) are kept, after those:
  msgcat would drop them, and they are a translator's decisions;
* strings wrapped by :mod:`pipeline.catalogs.po_wrap`;
* live entries first, then obsolete ones (``#~``); an obsolete entry without a translation
  is not written (msgcat drops it too: there is nothing in it to keep).

The header keeps its fields in the order they were read, each line as it was written unless
its value changed (polib would sort the fields and re-space ``Key:value``).
"""

from __future__ import annotations

import re
from typing import Iterator, cast

import polib

from pipeline.catalogs.entries import FUZZY, first_translation
from pipeline.catalogs.po_wrap import PAGE_WIDTH, wrap_string

# gettext 0.21's format languages, in the order it writes their flags (format.c).
FORMAT_LANGUAGES = (
    "c",
    "objc",
    "python",
    "python-brace",
    "java",
    "csharp",
    "javascript",
    "scheme",
    "lisp",
    "elisp",
    "librep",
    "ruby",
    "sh",
    "awk",
    "lua",
    "object-pascal",
    "smalltalk",
    "qt",
    "qt-plural",
    "kde",
    "kde-kuit",
    "boost",
    "tcl",
    "perl",
    "perl-brace",
    "php",
    "gcc-internal",
    "gfc-internal",
    "ycp",
)
_FORMAT_FLAG = re.compile(r"^(no-|possible-|impossible-)?(%s)-format$" % "|".join(map(re.escape, FORMAT_LANGUAGES)))
_RANGE_FLAG = re.compile(r"^range:\s*(\d+)\s*\.\.\s*(\d+)$")
_RAW_HEADER = "_l10n_raw_header"  # set on a POFile by pipeline.catalogs.pofiles when it is read


def render_text(po: polib.POFile) -> str:
    """The whole file, ending with a newline."""
    return "\n".join(render_blocks(po))


def render_blocks(po: polib.POFile) -> Iterator[str]:
    """The file's blocks (header, then each entry), each with its lines' newlines; joined by a blank line they make :func:`render_text`.

    One block at a time: a writer can encode each as it comes instead of holding every line of
    the file at once (about a million strings in a 50 MB catalog).
    """
    yield _block_text(_header_block(po))
    for entry in po:
        if not entry.obsolete:
            yield _block_text(_entry_block(entry))
    for entry in po:
        if entry.obsolete and first_translation(entry):
            yield _block_text(_obsolete_block(entry))


def _block_text(lines: list[str]) -> str:
    return "\n".join(lines) + "\n" if lines else ""


def _header_block(po: polib.POFile) -> list[str]:
    lines = [_comment("#", line) for line in po.header.split("\n")] if po.header else []
    # types-polib declares a bool; polib keeps the header's flags, a list (0 before any is read).
    if "fuzzy" in cast("list[str]", po.metadata_is_fuzzy or []):
        lines.append("#, fuzzy")
    lines += wrap_string("", "msgid", "")
    lines += wrap_string("", "msgstr", header_msgstr(po))
    return lines


def header_msgstr(po: polib.POFile) -> str:
    """The header entry's msgstr: one ``Name: value`` line per field, in the order read or added."""
    raw = _raw_lines(getattr(po, _RAW_HEADER, None))
    lines = []
    for name, value in po.metadata.items():
        original = raw.get(name)
        lines.append(original[1] if original and original[0] == value else f"{name}: {value}")
    return "".join(line + "\n" for line in lines)


def _raw_lines(raw: str | None) -> dict[str, tuple[str, str]]:
    """Field name → (value as polib reads it, the line as written), for single-line fields."""
    fields: dict[str, tuple[str, str]] = {}
    for line in (raw or "").split("\n"):
        name, colon, value = line.partition(":")
        if colon and name not in fields:
            fields[name] = (value.strip(), line)
    return fields


def _entry_block(entry: polib.POEntry) -> list[str]:
    lines = _comments(entry)
    flags = _flags(entry)
    if flags:
        lines.append("#, " + ", ".join(flags))
    wrap = _wraps(entry)
    lines += _previous(entry, "#| ", wrap)
    lines += _strings(entry, "", wrap)
    return lines


def _obsolete_block(entry: polib.POEntry) -> list[str]:
    lines = _comments(entry)
    if entry.fuzzy:
        lines.append("#, fuzzy")
    # gettext writes no other flag on an obsolete entry, so it always wraps one (a no-wrap
    # written here would not be there to read back).
    lines += _previous(entry, "#~| ", True)
    lines += _strings(entry, "#~ ", True)
    return lines


def _comments(entry: polib.POEntry) -> list[str]:
    lines = [_comment("#", line) for line in entry.tcomment.split("\n")] if entry.tcomment else []
    if entry.comment:
        lines += [_comment("#.", line) for line in entry.comment.split("\n")]
    if entry.occurrences:
        lines += _references(entry.occurrences)
    return lines


def _comment(mark: str, text: str) -> str:
    return f"{mark} {text}" if text else mark


def _references(occurrences: list[tuple[str, str]]) -> list[str]:
    """``#:`` lines, a new line when the next reference would pass 79 bytes (gettext counts bytes)."""
    lines, line, column = [], "#:", 2
    for path, number in occurrences:
        while path.startswith("./"):
            path = path[2:]
        reference = f"{path}:{number}" if number not in ("", None) else path
        size = len(reference.encode("utf-8")) + 1
        if column > 2 and column + size > PAGE_WIDTH:
            lines.append(line)
            line, column = "#:", 2
        line += " " + reference
        column += size
    lines.append(line)
    return lines


def _flags(entry: polib.POEntry) -> list[str]:
    """The flags in gettext's order; the ones gettext does not know follow, as they were."""
    formats: dict[str, str] = {}
    ranges, wrap, others = None, None, []
    for flag in entry.flags:
        flag = flag.strip()
        format_match = _FORMAT_FLAG.match(flag)
        range_match = _RANGE_FLAG.match(flag)
        if flag == "fuzzy" or not flag:
            continue
        if format_match:
            prefix, language = format_match.groups()
            if prefix != "impossible-":
                formats[language] = "no-" if prefix == "no-" else ""
        elif range_match:
            ranges = f"range: {int(range_match.group(1))}..{int(range_match.group(2))}"
        elif flag in ("wrap", "no-wrap"):
            wrap = flag
        elif flag not in others:
            others.append(flag)
    flags = [FUZZY] if entry.fuzzy and first_translation(entry) else []
    flags += [f"{formats[language]}{language}-format" for language in FORMAT_LANGUAGES if language in formats]
    flags += [ranges] if ranges else []
    flags += ["no-wrap"] if wrap == "no-wrap" else []
    return flags + others


def _wraps(entry: polib.POEntry) -> bool:
    """False when the entry's last wrap flag is ``no-wrap`` (gettext then never breaks its strings)."""
    wraps = [flag.strip() for flag in entry.flags if flag.strip() in ("wrap", "no-wrap")]
    return not wraps or wraps[-1] == "wrap"


def _previous(entry: polib.POEntry, prefix: str, wrap: bool) -> list[str]:
    lines: list[str] = []
    for keyword, value in (
        ("msgctxt", entry.previous_msgctxt),
        ("msgid", entry.previous_msgid),
        ("msgid_plural", entry.previous_msgid_plural),
    ):
        if value is not None:
            lines += wrap_string(prefix, keyword, value, wrap)
    return lines


def _strings(entry: polib.POEntry, prefix: str, wrap: bool) -> list[str]:
    lines = wrap_string(prefix, "msgctxt", entry.msgctxt, wrap) if entry.msgctxt is not None else []
    lines += wrap_string(prefix, "msgid", entry.msgid, wrap)
    if not entry.msgid_plural:
        return lines + wrap_string(prefix, "msgstr", entry.msgstr, wrap)
    lines += wrap_string(prefix, "msgid_plural", entry.msgid_plural, wrap)
    forms = {int(index): text for index, text in (entry.msgstr_plural or {}).items()}
    for index in sorted(forms) or [0]:
        lines += wrap_string(prefix, f"msgstr[{index}]", forms.get(index, ""), wrap)
    return lines
