"""Plural rules (the ``Plural-Forms`` header), compared by meaning, never by text.

A catalog's ``Plural-Forms: nplurals=N; plural=EXPR;`` says how many forms a plural entry has
and which form (``msgstr[i]``) a number ``n`` takes.  The same rule can be written in many
ways: ``(n != 1)``, ``n != 1`` and ``n!=1`` are one rule, and so are the GNU and the CLDR
wordings of the Russian rule.  Babel's CLDR data also changes between releases (2.19 words
the ru rule differently and gives tr two forms where 2.17/2.18 gave one), so a header is
never compared with Babel's as text: :func:`same_rule` compares the forms the two
expressions give for every ``n`` in 0…10 000 and a few large numbers.

Expressions are evaluated with the standard library's :func:`gettext.c2py`, which accepts only
C-like tokens (``n``, numbers, arithmetic, comparisons, ``&&``, ``||``, ``!``, ``?:`` and
parentheses) and builds a small Python function; anything else is an
:class:`~pipeline.core.errors.InputError`.  Compiled expressions and their forms are cached on the
normalised expression text, so checking many catalogs with the same rule costs one evaluation.
"""

from __future__ import annotations

import gettext
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Callable, Iterable

from pipeline.core.cache import remembered
from pipeline.core.errors import InputError

#: The numbers every rule is evaluated at: 0…10 000 and a few large ones (rules such as
#: CLDR's French single out multiples of a million).
SAMPLE: tuple[int, ...] = tuple(range(10_001)) + (100_000, 100_001, 1_000_000, 1_000_001, 2_000_000, 10_000_000, 100_000_001, 1_000_000_000)

#: More forms than any language has (CLDR's most is 6); a larger nplurals is a typo.
MAX_NPLURALS = 100

EXAMPLE = "nplurals=2; plural=(n != 1);"
HINT = f"write e.g. '{EXAMPLE}'"

_TOKEN = re.compile(r"\w+|&&|\|\||[=!<>]=|\S")


@dataclass(frozen=True, eq=False)
class PluralRule:
    """A parsed ``Plural-Forms`` header: its number of forms and its expression.

    ``expression`` is the text as written (without the final ``;``); ``form(n)`` evaluates it.
    ``==`` is identity: compare rules with :func:`same_rule`, which compares meanings.
    """

    nplurals: int
    expression: str
    form: Callable[[int], int] = field(repr=False)

    @property
    def header(self) -> str:
        """The rule as a ``Plural-Forms`` value: ``nplurals=N; plural=EXPR;``."""
        return f"nplurals={self.nplurals}; plural={self.expression};"

    @property
    def key(self) -> str:
        """The normalised expression text (the cache key): see :func:`normalise`."""
        return normalise(self.expression)


@lru_cache(maxsize=256)
def normalise(expression: str) -> str:
    """``expression`` without white space, a final ``;`` or redundant outer parentheses.

    A space stays only where two tokens would otherwise run together, so ``1 0`` never
    becomes ``10`` and ``! =`` never becomes ``!=``.
    """
    tokens = _TOKEN.findall(expression.strip().rstrip(";"))
    while len(tokens) >= 2 and tokens[0] == "(" and _closing(tokens) == len(tokens) - 1:
        tokens = tokens[1:-1]
    text = tokens[0] if tokens else ""
    for previous, token in zip(tokens, tokens[1:]):
        text += ("" if _TOKEN.findall(previous + token) == [previous, token] else " ") + token
    return text


def _closing(tokens: list[str]) -> int:
    """The index of the parenthesis closing ``tokens[0]`` (-1 when it is never closed)."""
    depth = 0
    for index, token in enumerate(tokens):
        depth += {"(": 1, ")": -1}.get(token, 0)
        if depth == 0:
            return index
    return -1


@lru_cache(maxsize=256)
def _compile(key: str) -> Callable[[int], int]:
    """The Python function of a normalised C expression (ValueError when it is not one)."""
    if not key:
        raise ValueError("the plural expression is empty")
    return gettext.c2py(key)


@lru_cache(maxsize=256)
def _forms(key: str) -> tuple[int, ...]:
    """The form the expression gives for every number of :data:`SAMPLE`, in order."""
    function = _compile(key)
    try:
        return tuple(map(function, SAMPLE))  # map: ~10,000 calls without a Python loop around them
    except ZeroDivisionError:
        for n in SAMPLE:  # which n divides by zero, for the message
            try:
                function(n)
            except ZeroDivisionError:
                raise ValueError(f"the expression divides by zero for n={n}") from None
        raise


def _fields(header: str) -> dict[str, str]:
    """``name=value`` fields of a header, by lower-case name; ValueError on anything else."""
    fields: dict[str, str] = {}
    for part in header.split(";"):
        if not part.strip():
            continue
        name, equals, value = part.partition("=")
        name = name.strip().lower()
        if not equals or name not in ("nplurals", "plural"):
            raise ValueError(f"'{part.strip()}' is not 'nplurals=N' or 'plural=EXPR'")
        if name in fields:
            raise ValueError(f"'{name}' is given twice")
        fields[name] = value.strip()
    for name in ("nplurals", "plural"):
        if not fields.get(name):
            raise ValueError(f"'{name}=' is missing")
    return fields


def parse_plural_forms(header: str, where: str | Path | None = None) -> PluralRule:
    """Parse a ``Plural-Forms`` value such as ``nplurals=3; plural=(n%10==1 ? 0 : 1);``.

    Spaces, a missing final ``;`` and parentheses around the expression are accepted.  A
    header that does not parse, a ``nplurals`` that is not a whole number from 1 to
    :data:`MAX_NPLURALS`, or an
    expression that is not C (or divides by zero) raises an InputError naming ``where``.
    """
    text = " ".join(header.split())
    try:
        fields = _fields(text)
        if not re.fullmatch(r"[0-9]+", fields["nplurals"]) or not 1 <= int(fields["nplurals"]) <= MAX_NPLURALS:
            raise ValueError(f"nplurals must be a whole number from 1 to {MAX_NPLURALS}, not '{fields['nplurals']}'")
        expression = fields["plural"]
        key = normalise(expression)
        _forms(key)  # compiles, and evaluates once for every later comparison
    except ValueError as error:
        raise InputError(where, f"Plural-Forms '{text}' is not valid: {error}", HINT) from None
    return PluralRule(int(fields["nplurals"]), expression, _compile(key))


def first_difference(a: PluralRule, b: PluralRule) -> int | None:
    """The first number of :data:`SAMPLE` for which the two expressions give different forms (None: none)."""
    forms_a, forms_b = _forms(a.key), _forms(b.key)
    if forms_a == forms_b:
        return None
    for n, form_a, form_b in zip(SAMPLE, forms_a, forms_b):
        if form_a != form_b:
            return n
    return None


def same_rule(a: PluralRule, b: PluralRule) -> bool:
    """True when both rules have the same nplurals and give the same form for every number tried.

    The numbers tried are 0…10 000 and a few large ones (:data:`SAMPLE`), however the
    expressions are written.
    """
    return a.nplurals == b.nplurals and first_difference(a, b) is None


def consistency_problems(rule: PluralRule) -> list[str]:
    """What makes a rule unusable: its expression gives a form below 0 or at least nplurals.

    An empty list means every number tried gets one of the forms ``0…nplurals-1``.
    """
    problems = []
    high, low = _out_of_range(rule.key, rule.nplurals)
    if high is not None:
        problems.append(
            f"plural={rule.expression} gives form {rule.form(high)} for n={high}, "
            f"but nplurals={rule.nplurals} allows only forms 0 to {rule.nplurals - 1}"
        )
    if low is not None:
        problems.append(f"plural={rule.expression} gives the negative form {rule.form(low)} for n={low}")
    return problems


@lru_cache(maxsize=256)
def _out_of_range(key: str, nplurals: int) -> tuple[int | None, int | None]:
    """The first n given a form ≥ ``nplurals`` and the first n given a negative form (None: none)."""
    forms = _forms(key)
    if 0 <= min(forms) and max(forms) < nplurals:
        return None, None
    high = next((n for n, form in zip(SAMPLE, forms) if form >= nplurals), None)
    low = next((n for n, form in zip(SAMPLE, forms) if form < 0), None)
    return high, low


def forms_problem(rule: PluralRule, indexes: Iterable[int]) -> str | None:
    """Why a plural entry with these ``msgstr[i]`` indexes does not fit ``rule`` (None: it fits).

    A plural entry needs exactly ``msgstr[0]`` … ``msgstr[nplurals-1]``.
    """
    indexes = sorted(int(index) for index in indexes)
    if len(indexes) == rule.nplurals and indexes == list(range(rule.nplurals)):
        return None
    found = ", ".join(f"msgstr[{index}]" for index in indexes) or "no msgstr"
    return (
        f"the plural entry has {len(indexes)} form(s) ({found}) but Plural-Forms says "
        f"nplurals={rule.nplurals}: it needs msgstr[0] to msgstr[{rule.nplurals - 1}]"
    )


class _UnknownToBabel(Exception):
    """Babel does not know the locale (its message in the exception's)."""


@lru_cache(maxsize=64)
def _babel_plural_forms(locale: str) -> str:
    """Babel's ``Plural-Forms`` value for ``locale`` (_UnknownToBabel when unknown).

    Remembered in the user cache (:func:`pipeline.core.cache.remembered`): importing
    ``babel.messages`` to ask was ~10 ms of ``stats``.
    """
    return remembered("babel-plural-forms", locale, lambda: _ask_babel_plural_forms(locale))


def _ask_babel_plural_forms(locale: str) -> str:
    from babel import Locale, UnknownLocaleError  # here: only a cold cache asks Babel (see above)

    try:
        return cldr_plural_forms(Locale.parse(locale.replace("-", "_")))
    except (UnknownLocaleError, ValueError, TypeError) as error:
        raise _UnknownToBabel(str(error)) from None


def cldr_plural_forms(locale) -> str:
    """The ``Plural-Forms`` value Babel's CLDR data gives a parsed :class:`babel.Locale` (what a new catalog gets).

    Asked of Babel each time (:func:`babel_rule` remembers its answers in the user cache).
    """
    # Imported here: babel.messages costs ~25 ms, which `check` and `stats` save with a warm cache.
    from babel.messages.plurals import get_plural

    return get_plural(locale).plural_forms


def babel_rule(locale: str, where: str | Path | None = None) -> PluralRule:
    """The plural rule the installed Babel's CLDR data gives ``locale``.

    It is advice (what a new catalog gets), never the measure of a catalog's own header.  An
    unknown locale code raises an InputError naming ``where``.
    """
    try:
        header = _babel_plural_forms(locale)
    except _UnknownToBabel as error:
        raise InputError(where, f"unknown locale code '{locale}' ({error})", "use a CLDR locale code such as az, ru or tr") from None
    return parse_plural_forms(header, where)


def shipped_rule(header: str | None, locale: str, where: str | Path | None = None) -> PluralRule:
    """The plural rule a catalog is compiled with: its own ``Plural-Forms``, else Babel's for ``locale``.

    A header that does not parse, or an unknown locale code when there is no header, raises an
    InputError naming ``where``.
    """
    header = (header or "").strip()
    return parse_plural_forms(header, where) if header else babel_rule(locale, where)
