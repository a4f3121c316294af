"""Format strings in catalog entries, checked the way GNU ``msgfmt --check-format`` checks them.

An entry flagged ``#, c-format``, ``#, python-format`` or ``#, python-brace-format`` (or the
``possible-`` forms xgettext writes) is a format string: the program passes the msgid's
arguments to whatever the translation says, so a translation that drops ``%s``, adds one,
swaps ``%s`` and ``%d`` or renames ``%(name)s`` crashes or prints garbage at run time.
msgfmt refuses such a catalog; :func:`entry_problems` says why, in msgfmt's words.

Not to be confused with :mod:`pipeline.checks.formats`, the output formats of ``l10n check``.

The rules follow GNU gettext 0.21 (``format-c.c``, ``format-python.c``,
``format-python-brace.c`` and ``msgl-check.c``), and ``tests/catalogs/test_msgfmt_parity.py`` compares
the verdicts with the installed msgfmt:

* a msgid (for a plural entry: its msgid_plural) that is not a valid format string is not
  checked at all; a msgstr that is not one is an error;
* C and unnamed Python arguments are compared by position (``%2$s`` takes the second argument)
  and type; named Python and brace arguments by name (and type, for Python);
* the translation must use the same arguments (*strict*), except a plural form that the
  Plural-Forms rule uses for at most a few n (msgid "one file" → msgstr[0] "один файл"),
  which may leave arguments out (*relaxed*), as msgfmt allows;
* brace fields are compared as written, format specifier included, and ``{}`` is not a
  field: what gettext 0.21 does (later releases compare names only and know ``{}``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Callable, NamedTuple

from pipeline.core.errors import InputError
from pipeline.catalogs.plurals import PluralRule, consistency_problems, parse_plural_forms

#: The format-string flags this module checks, with the language name msgfmt uses.
KINDS = {"c-format": "C", "python-format": "Python", "python-brace-format": "Python brace"}

#: msgfmt counts a plural form as "used for many n" when n = 0…1000 selects it this often.
_OFTEN = 5


class FormatError(ValueError):
    """A string that is not a valid format string of its kind; the message says why."""


@dataclass(frozen=True)
class Spec:
    """What a format string asks of its arguments.

    ``arguments`` pairs each argument with the type its directive needs: keys are positions
    (0, 1, …) for C and unnamed Python arguments, names for named Python and brace ones, in
    order.  ``directives`` are the directives as written, for messages.
    """

    arguments: tuple[tuple[int | str, str], ...]
    named: bool
    directives: tuple[str, ...]


# --- C ----------------------------------------------------------------------------------------

_C_SIZES = {
    "h": "short",
    "hh": "char",
    "l": "long",
    "ll": "long long",
    "L": "long long",
    "q": "long long",
    "j": "intmax_t",
    "z": "size_t",
    "Z": "size_t",
    "t": "ptrdiff_t",
}
_C_SYSDEP = re.compile(r"<PRI([diouxX])(MAX|PTR|(?:LEAST|FAST)?(?:8|16|32|64))>")


def _always_match(pattern: re.Pattern[str], text: str, start: int) -> re.Match[str]:
    """``pattern``'s match at ``text[start]``, for a pattern that matches there whatever follows.

    ``_C_DIRECTIVE`` at a '%' and the others (every part optional) anywhere.
    """
    match = pattern.match(text, start)
    assert match is not None
    return match


_C_DIRECTIVE = re.compile(
    r"%(?:(?P<number>\d+)\$)?(?P<flags>[-+ #0'I]*)"
    r"(?P<width>\*(?:\d+\$)?|\d+)?(?:\.(?P<precision>\*(?:\d+\$)?|\d*))?"
)


def _c_size(text: str, index: int) -> tuple[str, int]:
    """The size of the length modifiers at ``text[index:]`` and the index after them.

    As in gettext 0.21 any run of modifiers is accepted: a doubled ``h`` or ``l`` is ``hh`` or
    ``ll``, otherwise the last one counts (``%lh`` is short).
    """
    size = ""
    while index < len(text) and text[index] in "hlLqjzZt":
        letter = text[index]
        if letter == "h" and size in ("short", "char"):
            size = "char"
        elif letter == "l" and size in ("long", "long long"):
            size = "long long"
        else:
            size = _C_SIZES[letter]
        index += 1
    return size, index


def _c_type(text: str, start: int) -> tuple[str | None, int]:
    """The argument type of the conversion at ``text[start:]`` and the index after it (None: takes none)."""
    sysdep = _C_SYSDEP.match(text, start)
    if sysdep:
        signed = sysdep.group(1) in "di"
        return f"{'' if signed else 'unsigned '}<PRI{sysdep.group(2)}> int", sysdep.end()
    size, end = _c_size(text, start)
    conversion = text[end : end + 1]
    wide = "wide " if size in ("long", "long long") else ""
    if not conversion:
        raise FormatError("the string ends in the middle of a directive")
    if conversion in "%m":
        return None, end + 1
    if conversion in "cs":
        return wide + {"c": "char", "s": "string"}[conversion], end + 1
    if conversion in "CSp":
        return {"C": "wide char", "S": "wide string", "p": "pointer"}[conversion], end + 1
    if conversion in "di":
        return size or "int", end + 1
    if conversion in "ouxX":
        return f"unsigned {size or 'int'}", end + 1
    if conversion in "eEfFgGaA":
        return ("long double" if size == "long long" else "double"), end + 1
    if conversion == "n":
        return f"{size or 'int'} *", end + 1
    raise FormatError(f"'{text[start : end + 1]}' is not a valid conversion")


def parse_c(text: str, translated: bool = False) -> Spec:
    """The arguments of a C (printf) format string; FormatError when it is not one.

    ``translated``: the string is a msgstr, where glibc's ``I`` flag is allowed.
    """
    numbered: dict[int, str] = {}
    unnumbered: list[str] = []
    directives = []
    position = 0
    while (start := text.find("%", position)) != -1:
        match = _always_match(_C_DIRECTIVE, text, start)
        if "I" in match.group("flags") and not translated:
            raise FormatError("the 'I' flag is only allowed in translations")
        number = int(match.group("number")) if match.group("number") else None
        taken = []
        for part in (match.group("width"), match.group("precision")):
            if part and part.startswith("*"):
                taken.append((int(part[1:-1]) if part.endswith("$") else None, "int"))
        argument_type, position = _c_type(text, match.end())
        if argument_type is not None:
            taken.append((number, argument_type))
        directives.append(text[start:position])
        for argument, needed in taken:
            if argument == 0:
                raise FormatError(f"'{directives[-1]}' refers to argument 0; arguments are numbered from 1")
            if (argument is None and numbered) or (argument is not None and unnumbered):
                raise FormatError("the string mixes numbered (%1$s) and unnumbered (%s) directives")
            if argument is None:
                unnumbered.append(needed)
            elif numbered.setdefault(argument, needed) != needed:
                raise FormatError(f"argument {argument} is used as both {numbered[argument]} and {needed}")
    if numbered:
        missing = [n for n in range(1, max(numbered) + 1) if n not in numbered]
        if missing:
            raise FormatError(f"argument {missing[0]} is never used, but argument {max(numbered)} is")
        unnumbered = [numbered[n] for n in sorted(numbered)]
    return Spec(tuple(enumerate(unnumbered)), False, tuple(directives))


# --- Python %-formatting ----------------------------------------------------------------------

_PYTHON_TYPES = {
    "c": "character",
    "s": "string",
    "r": "string",
    "i": "integer",
    "d": "integer",
    "u": "integer",
    "o": "integer",
    "x": "integer",
    "X": "integer",
    "e": "float",
    "E": "float",
    "f": "float",
    "g": "float",
    "G": "float",
}
_PYTHON_DIRECTIVE = re.compile(r"[-+ #0]*(?P<width>\*|\d+)?(?:\.(?P<precision>\*|\d*))?[hlL]?")


def _python_name(text: str, start: int) -> tuple[str | None, int]:
    """The ``(name)`` at ``text[start:]`` (balanced parentheses allowed) and the index after it."""
    if not text.startswith("(", start):
        return None, start
    depth = 0
    for index in range(start + 1, len(text)):
        if text[index] == ")" and depth == 0:
            return text[start + 1 : index], index + 1
        depth += {"(": 1, ")": -1}.get(text[index], 0)
    raise FormatError("a '%(' directive is not closed")


def parse_python(text: str, translated: bool = False) -> Spec:
    """The arguments of a Python %-format string; FormatError when it is not one.

    Named (``%(name)s``) and unnamed (``%s``) directives cannot be mixed: the first take a
    mapping, the second a tuple.  ``%.0s`` takes an argument of any type.
    """
    named: dict[str, str] = {}
    unnamed: list[str] = []
    directives = []
    position = 0
    while (start := text.find("%", position)) != -1:
        name, after_name = _python_name(text, start + 1)
        match = _always_match(_PYTHON_DIRECTIVE, text, after_name)
        conversion = text[match.end() : match.end() + 1]
        position = match.end() + 1
        directives.append(text[start:position])
        precision = match.group("precision")
        stars = [part for part in (match.group("width"), precision) if part == "*"]
        if stars and named:
            raise FormatError("the string mixes named (%(name)s) and unnamed (%s) directives")
        unnamed.extend("integer" for _ in stars)
        if conversion == "%":
            kind = "none"
        elif conversion in ("s", "r") and precision and set(precision) == {"0"}:
            kind = "any"  # %.0s prints nothing, so any argument will do
        elif conversion and conversion in _PYTHON_TYPES:
            kind = _PYTHON_TYPES[conversion]
        else:
            raise FormatError(
                f"'{directives[-1]}' is not a valid directive" if conversion else "the string ends in the middle of a directive"
            )
        if (name is not None and unnamed) or (name is None and kind != "none" and named):
            raise FormatError("the string mixes named (%(name)s) and unnamed (%s) directives")
        if name is None:
            unnamed.extend([kind] if kind != "none" else [])
            continue
        previous = named.setdefault(name, kind)
        if previous != kind and "any" not in (previous, kind):
            raise FormatError(f"argument '{name}' is used as both {previous} and {kind}")
        named[name] = kind if previous == "any" else previous
    if named:
        return Spec(tuple(sorted(named.items())), True, tuple(directives))
    return Spec(tuple(enumerate(unnamed)), False, tuple(directives))


# --- Python str.format ------------------------------------------------------------------------

_BRACE_FIELD = re.compile(r"(?:[A-Za-z_]\w*|\d+)(?:\.[A-Za-z_]\w*|\[(?:[A-Za-z_]\w*|\d+)\])*")
_BRACE_SPEC = re.compile(r"(?:.?[<>=^])?[-+ ]?#?0?\d*(?:\.\d+)?[bcdoxXneEfFgG%]?", re.DOTALL)


def _brace_directive(text: str, start: int, nested: bool) -> int:
    """The index after the ``{…}`` directive at ``text[start]``; FormatError when it is not one."""
    field = _BRACE_FIELD.match(text, start + 1)
    if field is None:
        raise FormatError(
            f"'{text[start : start + 2]}' does not start with a field name or number"
            if start + 1 < len(text)
            else "a '{' directive is not closed"
        )
    end = field.end()
    if text.startswith(":", end):
        if nested:
            raise FormatError("a format specifier cannot nest another one with a specifier")
        if text.startswith("{", end + 1):
            end = _brace_directive(text, end + 1, nested=True)
        else:
            end = _always_match(_BRACE_SPEC, text, end + 1).end()
    if not text.startswith("}", end):
        raise FormatError(f"the directive '{text[start : end + 1]}' is not closed or not valid")
    return end + 1


def parse_python_brace(text: str, translated: bool = False) -> Spec:
    """The arguments of a Python ``str.format`` string; FormatError when it is not one.

    ``{{`` and ``}}`` are literal braces.  As in gettext 0.21, a field must name its argument
    (``{0}``, ``{name}``, ``{name.attr[key]}``; ``{}`` and ``{!r}`` are not recognised) and is
    compared as written, format specifier included: msgfmt 0.21 rejects ``{n:>5}`` → ``{n}``.
    """
    names: set[str] = set()
    directives = []
    position = 0
    while (start := text.find("{", position)) != -1:
        if text.startswith("{{", start):
            position = start + 2
            continue
        position = _brace_directive(text, start, nested=False)
        directives.append(text[start:position])
        names.add(text[start + 1 : position - 1])
    return Spec(tuple((name, "") for name in sorted(names)), True, tuple(directives))


PARSERS: dict[str, Callable[[str, bool], Spec]] = {
    "c-format": parse_c,
    "python-format": parse_python,
    "python-brace-format": parse_python_brace,
}


# --- msgid against msgstr ---------------------------------------------------------------------


def _names_problem(source: Spec, target: Spec, strict: bool, source_name: str, target_name: str) -> str | None:
    """Named arguments: the translation's must be the msgid's (all of them when ``strict``), with their types."""
    source_args, target_args = dict(source.arguments), dict(target.arguments)
    extra = sorted(set(target_args) - set(source_args))
    if extra:
        return f"a format specification for argument '{extra[0]}', as in '{target_name}', doesn't exist in '{source_name}'"
    missing = sorted(set(source_args) - set(target_args))
    if strict and missing:
        return f"a format specification for argument '{missing[0]}' doesn't exist in '{target_name}'"
    for name, kind in sorted(target_args.items()):
        if not _same_type(source_args[name], kind, strict):
            return (
                f"format specifications in '{source_name}' and '{target_name}' for argument '{name}' "
                f"are not the same ({source_args[name]} and {kind})"
            )
    return None


def _positions_problem(source: Spec, target: Spec, strict: bool, source_name: str, target_name: str, kind: str) -> str | None:
    """Positional arguments: as many as the msgid's (at most as many when not ``strict``), of the same types."""
    source_types = [t for _, t in source.arguments]
    target_types = [t for _, t in target.arguments]
    # C relaxes the count for a plural form used for one n; Python's tuple must always match.
    too_few = len(target_types) < len(source_types) and (strict or kind == "python-format")
    if too_few or len(target_types) > len(source_types):
        return (
            f"number of format specifications in '{source_name}' and '{target_name}' does not match: "
            f"{_listed(source)} against {_listed(target)}"
        )
    for position, (expected, found) in enumerate(zip(source_types, target_types), start=1):
        if not _same_type(expected, found, strict):
            return (
                f"format specifications in '{source_name}' and '{target_name}' for argument {position} "
                f"are not the same ({expected} and {found})"
            )
    return None


def _same_type(expected: str, found: str, strict: bool) -> bool:
    return expected == found or (not strict and "any" in (expected, found))


def _listed(spec: Spec) -> str:
    return f"{len(spec.arguments)} ({' '.join(spec.directives)})" if spec.arguments else "none"


def compare(
    kind: str, source: Spec, target: Spec, strict: bool = True, source_name: str = "msgid", target_name: str = "msgstr"
) -> str | None:
    """Why the translation's format string ``target`` does not fit the msgid's ``source`` (None: it fits).

    ``strict``: the translation must use every argument of the msgid; otherwise it may leave
    some out (a plural form used for a single number).  Messages are msgfmt's, with details.
    """
    source_named = len(source.arguments) if source.named else 0
    target_named = len(target.arguments) if target.named else 0
    source_unnamed, target_unnamed = len(source.arguments) - source_named, len(target.arguments) - target_named
    if kind == "python-format" and source_named and target_unnamed:
        return f"format specifications in '{source_name}' expect a mapping, those in '{target_name}' expect a tuple"
    if kind == "python-format" and source_unnamed and target_named:
        return f"format specifications in '{source_name}' expect a tuple, those in '{target_name}' expect a mapping"
    if kind == "python-brace-format" and not strict:
        return None  # msgfmt 0.21 does not compare a brace form used for one number at all
    if source_named or target_named:
        return _names_problem(source, target, strict, source_name, target_name)
    if source_unnamed or target_unnamed:
        return _positions_problem(source, target, strict, source_name, target_name, kind)
    return None


# --- entries ----------------------------------------------------------------------------------

_RANGE = re.compile(r"range:\s*(\d+)\.\.(\d+)")
_GERMANIC = "nplurals=2; plural=(n != 1);"  # what msgfmt assumes for a catalog without Plural-Forms


def catalog_rule(header: str | None) -> PluralRule | None:
    """The plural rule msgfmt relaxes plural forms by: the catalog's Plural-Forms, ``n != 1`` without one.

    None when the header is unusable (msgfmt then reports that and relaxes every form).
    """
    try:
        rule = parse_plural_forms(header if header and header.strip() else _GERMANIC)
    except InputError:
        return None
    return None if consistency_problems(rule) else rule


@lru_cache(maxsize=64)  # one rule object serves every entry of a catalog
def _often(rule: PluralRule) -> tuple[bool, ...]:
    """For each form of ``rule``: whether n = 0…1000 selects it at least :data:`_OFTEN` times."""
    counts = [0] * rule.nplurals
    for n in range(1001):
        form = rule.form(n)
        if 0 <= form < rule.nplurals:
            counts[form] += 1
    return tuple(count >= _OFTEN for count in counts)


def _strict(rule: PluralRule | None, form: int, flags: list[str]) -> bool:
    """Whether plural form ``form`` must use every argument (msgfmt's rule; see the module docstring).

    A form the rule selects for many n must; so must one narrowed by a ``range: a..b`` flag to
    more than one n.
    """
    if rule is None or form >= rule.nplurals or not _often(rule)[form]:
        return False
    ranges = [_RANGE.fullmatch(flag.strip()) for flag in flags]
    limits = next((m for m in ranges if m), None)
    if limits is None:
        return True
    low, high = int(limits.group(1)), int(limits.group(2))
    return sum(rule.form(n) == form for n in range(low, min(high, low + 1000) + 1)) > 1


def kinds(entry) -> list[str]:
    """The format-string kinds an entry is flagged with (``c-format`` or ``possible-c-format``, …)."""
    flags = {flag.strip() for flag in entry.flags}
    return [kind for kind in KINDS if kind in flags or f"possible-{kind}" in flags]


class FormatProblem(NamedTuple):
    """One format-string error on an entry: its kind, msgfmt's message (with details), the directives."""

    kind: str  # c-format, python-format or python-brace-format
    message: str
    found: str  # the translation's directives (or the form's text, when it is not a format string)
    expected: str  # the msgid's (msgid_plural's) directives


def entry_problems(entry, rule: PluralRule | None, only: str | None = None) -> list[FormatProblem]:
    """Each format-string error msgfmt reports on one translated entry (``only``: of that kind).

    ``rule`` is the plural rule that decides which plural forms may leave arguments out
    (:func:`catalog_rule`; None: all of them may).  A msgid (msgid_plural) that is not a valid
    format string of its kind is not checked, as in msgfmt.
    """
    problems = []
    source_text, source_name = (entry.msgid_plural, "msgid_plural") if entry.msgid_plural else (entry.msgid, "msgid")
    if entry.msgid_plural:
        forms = [(f"msgstr[{i}]", entry.msgstr_plural[key]) for i, key in enumerate(sorted(entry.msgstr_plural))]
    else:
        forms = [("msgstr", entry.msgstr)]
    for kind in kinds(entry):
        if only not in (None, kind):
            continue
        try:
            source = PARSERS[kind](source_text, False)
        except FormatError:
            continue
        expected = " ".join(source.directives)
        for index, (target_name, text) in enumerate(forms):
            try:
                target = PARSERS[kind](text, True)
            except FormatError as error:
                problems.append(
                    FormatProblem(
                        kind, f"'{target_name}' is not a valid {KINDS[kind]} format string, unlike '{source_name}': {error}", text, expected
                    )
                )
                continue
            strict = not entry.msgid_plural or len(forms) < 2 or _strict(rule, index, entry.flags)
            message = compare(kind, source, target, strict, source_name, target_name)
            if message:
                problems.append(FormatProblem(kind, message, " ".join(target.directives), expected))
    return problems


def checked_entries(po, include_fuzzy: bool = False) -> list:
    """The entries msgfmt checks: live, not the header, translated (msgstr or msgstr[0]), fuzzy only if asked."""
    entries = []
    for entry in po:
        if entry.msgid_plural:
            first = entry.msgstr_plural[min(entry.msgstr_plural)] if entry.msgstr_plural else ""
        else:
            first = entry.msgstr
        if entry.obsolete or not entry.msgid or not first:
            continue
        if entry.fuzzy and not include_fuzzy:
            continue
        entries.append(entry)
    return entries
