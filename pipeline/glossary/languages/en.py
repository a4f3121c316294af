"""English: the source language.  Exact matching, the English capitalisation rule, 1,275.5."""

from __future__ import annotations

from pipeline.glossary.languages import register
from pipeline.glossary.languages.base import LanguageProfile, NumberFormat, SourceCase, numbered
from pipeline.glossary.morphology import Morphology

MONTHS = numbered(
    ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december"]
)
MONTH_ABBREVIATIONS = {
    "jan": 1,
    "feb": 2,
    "mar": 3,
    "apr": 4,
    "jun": 6,
    "jul": 7,
    "aug": 8,
    "sep": 9,
    "sept": 9,
    "oct": 10,
    "nov": 11,
    "dec": 12,
}

PROFILE = register(
    LanguageProfile(
        code="en",
        name="English",
        morphology_factory=Morphology,
        case=SourceCase(),
        number_format=NumberFormat(
            decimal=".",
            groups=(",", "\u00a0", "\u202f", "\u2009"),
            group=",",
            decade=r"'?s\b",  # 1990s, 1990's
            month_needs_number=True,  # "may", "March", "August" are also words
            scales_exact={"thousand": 1000, "million": 10**6, "billion": 10**9},
            words_exact=numbered(["one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"]),
            months_exact={**MONTHS, **MONTH_ABBREVIATIONS},
            century=("century", "centuries"),
        ),
    )
)
