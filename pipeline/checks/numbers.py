"""Numbers are facts: those of a source text must reach its translation unchanged.

A number is compared by value, so each locale's digit grouping is accepted: 1,275 in English
is 1 275 (ru, with a space or no-break space), 1.275 (az, tr) or 1275 in a translation.
Ordinal and unit suffixes do not matter (30th → 30-cu, 30-й, 30.), nor does order.
"""

from __future__ import annotations

import re
from collections import Counter

# Digits with optional thousands groups (comma, period, space, no-break or thin space, apostrophe)
# and an optional decimal part.
_NUMBER = re.compile(r"(?<![\d])(\d{1,3}(?:([,.\u00a0\u202f\u2009' ])\d{3})(?:\2\d{3})*|\d+)(?:([.,])(\d+))?(?!\d)")


def numbers(text: str, decimal_comma: bool = False) -> Counter:
    """The numeric values in ``text`` as normalised strings ("1275", "3.5"), with counts.

    ``decimal_comma`` reads "3,5" as three and a half (Russian, Azerbaijani, Turkish); English
    reads "3,500" as a grouped thousand, which the grouping pattern handles before that.
    """
    found: Counter = Counter()
    for match in _NUMBER.finditer(text):
        whole = re.sub(r"\D", "", match.group(1))
        separator, fraction = match.group(3), match.group(4)
        if fraction is not None and (separator == "." and not decimal_comma or separator == "," and decimal_comma):
            found[f"{int(whole)}.{fraction}"] += 1
            continue
        found[str(int(whole))] += 1
        if fraction is not None:  # "25-26, 1992" style: a separate number after punctuation
            found[str(int(fraction))] += 1
    return found


def missing_numbers(source: str, translation: str, decimal_comma: bool = True) -> list[str]:
    """Numbers of ``source`` absent from ``translation`` (or present fewer times)."""
    want = numbers(source)
    have = numbers(translation, decimal_comma)
    return sorted((want - have).elements(), key=lambda n: (len(n), n))


def extra_numbers(source: str, translation: str, decimal_comma: bool = True) -> list[str]:
    """Numbers of ``translation`` that the source does not have (an altered number shows here)."""
    want = numbers(source)
    have = numbers(translation, decimal_comma)
    return sorted((have - want).elements(), key=lambda n: (len(n), n))
