"""A Markdown page's front matter: the ``title`` and ``description`` values are translated, the
rest is kept as written.

Static-site generators read a page's settings from a block at its top: YAML between ``---``
lines (Jekyll, Hugo, Eleventy; found by mdit-py-plugins' ``front_matter`` plugin) or TOML
between ``+++`` lines (Hugo; found here, as the plugin knows only YAML).  A ``title`` or
``description`` key at the top level whose value is a string written on one line (plain,
single- or double-quoted) is a unit; any other value (a number, a date, a list, a folded or
multi-line string) and every other key are not translated.  The value is read with the
format's own parser (PyYAML, tomllib), so the unit is the string the site generator sees.
"""

from __future__ import annotations

import json
import re
import sys

from pipeline.source.formats.markdown_source import FRONT_MATTER, Block, Source, normalised

#: The front-matter keys whose (string) values are translated.
TRANSLATED_KEYS = ("title", "description")
YAML = "yaml"
TOML = "toml"

_YAML_KEY = re.compile(r"([A-Za-z_][\w-]*)[ \t]*:(?:[ \t]+|$)")
_TOML_KEY = re.compile(r"([A-Za-z_][\w-]*)[ \t]*=[ \t]*")
_TOML_FENCE = "+++"


def toml_fences(source: Source) -> tuple[int, int] | None:
    """The 0-based lines of the ``+++`` fences of a TOML front matter at the top, or None."""
    if not source.starts or source.line(0).rstrip() != _TOML_FENCE:
        return None
    for line in range(1, len(source.starts)):
        if source.line(line).rstrip() == _TOML_FENCE:
            return 0, line
    return None


def values(source: Source, first: int, last: int, syntax: str) -> list[Block]:
    """The translated values of the front matter between the fence lines ``first`` and ``last``."""
    found = []
    for line in range(first + 1, last):
        if syntax == TOML and source.line(line).lstrip().startswith("["):
            break  # a [table]: the keys after it are not top-level
        block = _value(source, line, last, syntax)
        if block is not None:
            found.append(block)
    return found


def _value(source: Source, line: int, end: int, syntax: str) -> Block | None:
    """The unit of a top-level ``title``/``description`` line whose value is a one-line string."""
    body = source.line(line)
    match = (_YAML_KEY if syntax == YAML else _TOML_KEY).match(body)
    if match is None or match.group(1) not in TRANSLATED_KEYS:
        return None
    raw = _scalar_text(body[match.end() :], syntax)
    continued = syntax == YAML and line + 1 < end and source.line(line + 1)[:1] in (" ", "\t")
    value = None if not raw or continued or raw[:3] in ('"""', "'''") else _read(raw, syntax)
    if not isinstance(value, str) or not value.strip():
        return None
    style = f"{syntax}{raw[0]}" if raw[0] in "'\"" else f"{syntax}-plain"
    start = source.starts[line] + match.end()
    what = f"front-matter {match.group(1)} ({syntax.upper()} string value)"
    pieces = ((start, start + len(raw)),)
    return Block(normalised(value), line + 1, FRONT_MATTER, pieces, what, style, match.group(1) == "title")


def _read(raw: str, syntax: str) -> object:
    """The value the site generator reads from the scalar ``raw`` (None when it does not parse)."""
    if syntax == TOML:
        if sys.version_info >= (3, 11):
            import tomllib
        else:  # pragma: no cover  (Python 3.10: the tomli backport, as core.config uses)
            import tomli as tomllib
        try:
            return tomllib.loads(f"v = {raw}")["v"]
        except tomllib.TOMLDecodeError:
            return None
    import yaml  # only for documents with front matter

    try:
        return yaml.safe_load(raw)
    except yaml.YAMLError:
        return None


def _scalar_text(value: str, syntax: str) -> str:
    """A scalar written on one line as it is in the file, without white space around it and a
    trailing ``# comment``: a quoted one up to its closing quote."""
    value = value.strip()
    quote = value[:1]
    if quote not in ("'", '"'):
        comment = re.search(r"[ \t]#", value) if syntax == YAML else re.search(r"#", value)
        return value[: comment.start()].rstrip() if comment else value
    at = 1
    while at < len(value):
        if value[at] == "\\" and quote == '"':
            at += 2
        elif value[at] == quote and quote == "'" and syntax == YAML and value[at + 1 : at + 2] == "'":
            at += 2  # YAML's '' inside a single-quoted scalar
        elif value[at] == quote:
            return value[: at + 1]
        else:
            at += 1
    return value


def written(value: str, style: str) -> str:
    """``value`` as a scalar of the front matter's syntax, in the source's quoting where the
    syntax reads it back as the same string, else double-quoted (a JSON string is a YAML
    double-quoted scalar and a TOML basic string)."""
    syntax = style[:4]
    if style == f"{syntax}'":
        if syntax == YAML:
            return "'" + value.replace("'", "''") + "'"
        if "'" not in value:
            return f"'{value}'"
    if style == f"{syntax}-plain" and _read(value, syntax) == value:
        return value
    return json.dumps(value, ensure_ascii=False)
