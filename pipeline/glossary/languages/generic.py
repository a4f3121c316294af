"""A profile for a language without a module of its own: exact matching, Babel's CLDR number data.

Babel (CLDR) gives the decimal and group symbols and the month names (format and stand-alone,
wide and abbreviated); case folding is Unicode's, a rendering matches whole, and the target
case rule applies.  A language with inflection needs a module of its own (see ``az.py``).
"""

from __future__ import annotations

from pipeline.glossary.languages.base import LanguageProfile, NumberFormat, TargetCase
from pipeline.glossary.morphology import Morphology

_SPACES = ("\u0020", "\u00a0", "\u202f", "\u2009")


def _babel_numbers(code: str) -> NumberFormat:
    """Separators and month names from Babel; English conventions when Babel does not know ``code``."""
    try:
        from babel import Locale  # here: Babel is slow to import (a warm l10n check never needs it)

        locale = Locale.parse(code)
        symbols = (
            locale.number_symbols.get("latn", locale.number_symbols) if hasattr(locale.number_symbols, "get") else locale.number_symbols
        )
        decimal, group = symbols["decimal"], symbols["group"]
        months: dict[str, int] = {}
        for context in ("format", "stand-alone"):
            for width in ("wide", "abbreviated"):
                for number, name in locale.months[context][width].items():
                    months.setdefault(name.rstrip(".").casefold(), number)
    except Exception:  # unknown to Babel (or no Babel): read numbers the English way
        return NumberFormat()
    groups = tuple(dict.fromkeys(g for g in (group, *_SPACES) if g != decimal))
    return NumberFormat(decimal=decimal, groups=groups, group=group, decade=r"(?!)", months_exact=months)


def generic_profile(code: str) -> LanguageProfile:
    """A profile for ``code`` built from Babel's data for it."""
    return LanguageProfile(
        code=code, name=code, morphology_factory=Morphology, case=TargetCase(), number_format=lambda: _babel_numbers(code)
    )
