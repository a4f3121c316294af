"""Read source documents from disk, refusing what cannot be read safely.

This is the edge where documents enter the pipeline, so everything about a document that can
be wrong is decided here, once, before anything is written:

* its **name**: the name ends up in ``#:`` references (``corpus/doc.txt:12``), which gettext
  cuts at white space (gettext 0.21, installed here, has no quoting; 0.22 quotes with
  U+2068/U+2069) and polib rewrites ``*`` as ``-`` when it wraps them.  A name with white
  space, a control or invisible format character, ``*``, or bytes that are not UTF-8 is
  refused with a request to rename the file;
* its **kind**: only a regular file is opened.  A FIFO would block the read forever and a
  device may never end, so anything else is refused after a ``stat``, never opened;
* where it **leads**: a symbolic link to a file outside the corpus folder (``/etc/passwd``) is
  refused unless the configuration says ``follow-symlinks = true``;
* its **size**: ``max-document-bytes`` (checked before reading) and ``max-line-chars``
  (checked after decoding), so a huge or line-less file is one clear line, not a run that
  never ends.
"""

from __future__ import annotations

import os
import re
import stat
import unicodedata
from pathlib import Path
from typing import Iterator, Mapping

from pipeline.core.config import load_config, resolve
from pipeline.core.errors import InputError
from pipeline.core.model import Document
from pipeline.source.formats import check_overrides, extension_map, format_name_for, get_format
from pipeline.source.formats.base import DocumentFormat

_LINE_END = re.compile(r"\r\n|\r|\n")  # the segmenter's line ends (pipeline.source.segment)
#: Unicode categories never allowed in a document's name: controls, invisible format
#: characters (bidi overrides, zero-width space, gettext 0.22's U+2068/U+2069 quotes),
#: undecodable bytes (lone surrogates), line and paragraph separators.
_BAD_CATEGORIES = {
    "Cc": "a control character",
    "Cf": "an invisible format character",
    "Cs": "a byte that is not UTF-8",
    "Zl": "a line separator",
    "Zp": "a paragraph separator",
}
_KINDS = (
    (stat.S_ISFIFO, "a FIFO (named pipe)"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISSOCK, "a socket"),
    (stat.S_ISDIR, "a directory"),
)


def shown(path: Path | str) -> str:
    """``path`` as it may be printed on one line: control and invisible characters escaped."""
    out = []
    for char in str(path):
        category = unicodedata.category(char)
        if category == "Cs" and 0xDC80 <= ord(char) <= 0xDCFF:  # an undecodable byte (surrogateescape)
            out.append(f"\\x{ord(char) - 0xDC00:02x}")
        elif category in _BAD_CATEGORIES or (char.isspace() and char != " "):
            out.append(char.encode("unicode_escape").decode("ascii"))
        else:
            out.append(char)
    return "".join(out)


def name_problem(name: str) -> str | None:
    """Why ``name`` cannot be a document's (or the corpus folder's) name in ``#:`` references; None if it can."""
    for char in name:
        category = unicodedata.category(char)
        if category in _BAD_CATEGORIES:
            return f"the name has {_BAD_CATEGORIES[category]} ({shown(char)})"
        if char.isspace():
            what = "a space" if char == " " else f"white space ({shown(char)})"
            return f"the name has {what}, which gettext reads as the end of a #: reference"
        if char == "*":
            return "the name has a '*', which polib writes as '-' in wrapped #: references"
    return None


def _refuse_name(path: Path, name: str, what: str = "file") -> None:
    problem = name_problem(name)
    if problem is not None:
        raise InputError(shown(path), problem, f"rename the {what} (letters, digits, '-', '_' and '.' are safe)")


def _configured(config):
    """The configuration whose limits apply: the one given, else the working directory's project's.

    (The CLI loads that same configuration, and command-line options do not change limits.)
    """
    if config is not None:
        return config
    return load_config()


def _setting(config, key: str) -> str:
    """How to name a configuration key in a hint: ``max-line-chars under [tool.l10n] in pyproject.toml``."""
    source = getattr(config, "source", None)
    if source is not None and source.name == "l10n.toml":
        return f"{key} in {source.name}"
    return f"{key} under [tool.l10n] in {source.name if source is not None else 'pyproject.toml'}"


def _set_true(config, key: str) -> str:
    """``follow-symlinks = true under [tool.l10n] in pyproject.toml``."""
    return _setting(config, key).replace(key, f"{key} = true", 1)


def _status(path: Path) -> os.stat_result:
    """``stat`` of the file a path leads to (links followed), without opening it."""
    try:
        return os.stat(path)
    except FileNotFoundError:
        broken = os.path.islink(path)
        raise InputError(
            shown(path), "a broken symbolic link" if broken else "no such file", "fix or remove the link" if broken else "check the path"
        ) from None
    except OSError as error:
        raise InputError(shown(path), f"cannot read: {error.strerror}", "check the path and its permissions") from None


def _refuse_special(path: Path, status: os.stat_result) -> None:
    if not stat.S_ISREG(status.st_mode):
        kind = next((name for test, name in _KINDS if test(status.st_mode)), "a special file")
        raise InputError(
            shown(path),
            f"{kind}, not a regular file: it was not opened",
            "only regular files are read; remove it, or give the document as a plain-text file",
        )


def require_regular_file(path: Path) -> None:
    """Raise InputError (one line, nothing opened) unless ``path`` leads to a regular file."""
    _refuse_special(path, _status(path))


def _refuse_escape(path: Path, folder: Path, config) -> None:
    """A link (the file or a folder on its way) that leads out of ``folder`` is refused unless allowed."""
    if config.follow_symlinks:
        return
    target, inside = os.path.realpath(path), os.path.realpath(folder)
    if os.path.commonpath([target, inside]) != inside:
        raise InputError(
            shown(path),
            f"a symbolic link leads to {shown(target)}, outside the folder {shown(folder)}",
            f"copy the file into the folder, or set {_set_true(config, 'follow-symlinks')}",
        )


def _read_at_most(path: Path, status: os.stat_result, limit: int) -> bytes:
    """Read the regular file ``path`` (``status`` is its stat), refusing it if it holds more than ``limit`` bytes.

    Opened non-blocking and checked again on the open descriptor: a file swapped for a FIFO
    between the stat and the open is refused instead of blocking.
    """
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_CLOEXEC", 0))
    except OSError as error:
        raise InputError(shown(path), f"cannot read: {error.strerror}", "check the permissions") from None
    with os.fdopen(fd, "rb") as handle:
        now = os.fstat(fd)
        if (now.st_dev, now.st_ino) != (status.st_dev, status.st_ino) or not stat.S_ISREG(now.st_mode):
            raise InputError(shown(path), "the file was replaced while being read", "run again")
        # Sized by the stat (read(n) reserves n bytes), then on to the limit if the file grew.
        data = handle.read(min(status.st_size, limit) + 1)
        if len(data) > status.st_size:
            data += handle.read(limit + 1 - len(data))
    return data


def _size_error(path: Path, size: str, config) -> InputError:
    limit = config.max_document_bytes
    return InputError(
        shown(path),
        f"the document is {size}, over the limit of {limit:,} bytes (max-document-bytes)",
        f"split the document, or raise {_setting(config, 'max-document-bytes')}",
    )


def long_line(text: str, limit: int) -> tuple[int, int] | None:
    """``(line number, length)`` of the first line of ``text`` longer than ``limit`` characters, or None.

    Lines end at LF, CRLF or CR, as the segmenter cuts them; nothing is copied.
    """
    if len(text) <= limit:
        return None  # no line can be longer than the whole text
    number, start = 1, 0
    for end in _LINE_END.finditer(text):
        if end.start() - start > limit:
            return number, end.start() - start
        number, start = number + 1, end.end()
    return (number, len(text) - start) if len(text) - start > limit else None


def _refuse_long_lines(path: Path, text: str, config) -> None:
    found = long_line(text, config.max_line_chars)
    if found is not None:
        number, length = found
        raise InputError(
            shown(path),
            f"line {number:,} is {length:,} characters long, over the limit of {config.max_line_chars:,} (max-line-chars)",
            f"break the text into lines or paragraphs, or raise {_setting(config, 'max-line-chars')}",
            line=number,
        )


def read_document(path: Path, config=None, *, folder: Path | None = None) -> Document:
    """Read one source document, or raise a one-line InputError saying why it cannot be.

    Refused: a name that would break ``#:`` references, anything but a regular file (never
    opened), a symbolic link out of ``folder`` (default: the configured corpus folder when
    ``path`` is in it, else the file's own folder) unless ``follow-symlinks``, a file over
    ``max-document-bytes`` or with a line over ``max-line-chars``, and empty, binary and
    non-UTF-8 files.  ``config`` gives the limits (default: the working directory's project).
    """
    path = Path(path)
    config = _configured(config)
    _refuse_name(path, path.name)
    status = _status(path)
    _refuse_special(path, status)
    _refuse_escape(path, folder if folder is not None else _folder_of(path, config), config)
    if status.st_size > config.max_document_bytes:
        raise _size_error(path, f"{status.st_size:,} bytes", config)
    data = _read_at_most(path, status, config.max_document_bytes)
    if len(data) > config.max_document_bytes:  # it grew after the stat
        raise _size_error(path, f"over {config.max_document_bytes:,} bytes", config)
    document = _document_format(path, config).decode(path, data)
    del data  # the bytes are not needed any more: a large document is not held twice
    if not document.raw:  # a text format: its lines are the file's
        _refuse_long_lines(path, document.text, config)
    if not document.text or document.text.isspace():  # (not text.strip(): that copies a large document)
        raise InputError(path, "the document is empty", "add text or remove the file from the corpus")
    return document


def _document_format(path: Path, config) -> DocumentFormat:
    """The format that reads ``path``, by its extension (the configuration's ``formats`` first)."""
    name = format_name_for(path, config.formats)
    if name is None:
        known = ", ".join(sorted(extension_map(config.formats)))
        raise InputError(
            shown(path),
            f"{path.suffix or 'a file without an extension'} is not a document format the pipeline reads",
            f"give a document ending in {known}, or map its extension under {_setting(config, 'formats')}",
        )
    return get_format(name)


def _folder_of(path: Path, config) -> Path:
    """The folder a document's links must stay in: the configured corpus, if the path is in it."""
    corpus = os.path.abspath(resolve(config, config.corpus_dir))
    here = os.path.abspath(path)
    return Path(corpus) if os.path.commonpath([here, corpus]) == corpus else Path(here).parent


def list_documents(corpus_dir: Path, formats: Mapping[str, str] | None = None) -> list[Path]:
    """The corpus's documents: every file directly in ``corpus_dir`` whose extension a document
    format reads (``.txt``, ``.md``, ``.html``, ``.docx``…, and those mapped by ``formats``, the
    configuration's table), folders aside, sorted by name.

    FIFOs, devices, sockets and broken links are listed, not skipped, so that reading them
    refuses them by name instead of leaving a document out without a word.  Two documents with
    the same name but for the extension (``news.txt``, ``news.html``) are refused: their
    catalogs would be one file.
    """
    corpus_dir = Path(corpus_dir)
    if not corpus_dir.exists():
        raise InputError(corpus_dir, "corpus directory does not exist", "pass --corpus DIR or fix [tool.l10n] corpus")
    if not corpus_dir.is_dir():
        raise InputError(corpus_dir, "corpus path is a file, not a directory", "pass the directory holding the documents")
    check_overrides(formats or {}, "formats in the configuration")
    extensions = extension_map(formats or {})
    paths = sorted(p for p in corpus_dir.iterdir() if p.suffix.lower() in extensions and not p.is_dir())
    if not paths:
        kinds = ", ".join(f"*{extension}" for extension in sorted(extensions))
        raise InputError(corpus_dir, f"no documents ({kinds}) in the corpus directory", "add documents or pass --corpus DIR")
    _refuse_shared_stems(paths)
    return paths


def _refuse_shared_stems(paths: list[Path]) -> None:
    seen: dict[str, Path] = {}
    for path in paths:
        other = seen.setdefault(path.stem, path)
        if other is not path:
            raise InputError(
                shown(path),
                f"{shown(other.name)} has the same name but for its extension: both would be catalog {shown(path.stem)}.po",
                "rename one of them",
            )


def read_corpus(corpus_dir: Path, config=None) -> list[Document]:
    """Read every document of the corpus (all are validated before anything is written).

    The corpus folder's name is part of every ``#:`` reference (``corpus/doc.txt:12``), so it
    must be a valid reference too.  ``config`` gives the limits (default: the working
    directory's project).
    """
    corpus_dir = Path(corpus_dir)
    config = _configured(config)
    return list(iter_corpus(corpus_dir, config))


def iter_corpus(corpus_dir: Path, config=None) -> Iterator[Document]:
    """Each document of the corpus, read one at a time (as :func:`read_corpus` reads them).

    For a job that must validate every document before it writes anything but cannot hold the
    corpus in memory: it reads them all once, keeps what it needs of each (a fingerprint), and
    reads each again with :func:`read_document` when it comes to it.  The folder and its
    listing are checked before the first document is read.
    """
    corpus_dir = Path(corpus_dir)
    config = _configured(config)
    paths = list_documents(corpus_dir, config.formats)
    _refuse_name(corpus_dir, corpus_dir.name, "corpus folder")
    return (read_document(path, config, folder=corpus_dir) for path in paths)
