"""Azerbaijani (Latin script): suffix chains with vowel harmony, Turkic İ/ı folding, 1.275,5."""

from __future__ import annotations

from pipeline.glossary.languages import register
from pipeline.glossary.languages.base import LanguageProfile, NumberFormat, numbered
from pipeline.glossary.languages.turkic import COMMON_SUFFIXES, DERIVATIONS, TurkicCase, fold_turkic
from pipeline.glossary.morphology import (
    CASE,
    KI,
    Agglutinative,
    Harmony,
    Morpheme,
    SuffixGrammar,
)

GRAMMAR = SuffixGrammar(
    lang="az",
    harmony=Harmony(
        vowels=frozenset("aıoueəiöü"), back=frozenset("aıou"), rounded=frozenset("ouöü"), a_front="ə"
    ),  # Azerbaijani always writes d: no voiceless assimilation
    # The accusative after a vowel takes n (Xocalını); -kı/-ki/-ku/-kü harmonises.
    inventory=COMMON_SUFFIXES + (Morpheme("acc", CASE, "I"), Morpheme("ki", KI, "kI", after=frozenset({"loc", "gen"}))),
    derivations=DERIVATIONS,
    softening={"k": "y", "q": "ğ"},  # final consonant of a polysyllable before a vowel
)

PROFILE = register(
    LanguageProfile(
        code="az",
        name="Azerbaijani",
        morphology_factory=lambda: Agglutinative(GRAMMAR, fold_turkic),
        case=TurkicCase(fold_turkic),
        number_format=NumberFormat(
            decimal=",",
            groups=(".", "\u0020", "\u00a0", "\u202f", "\u2009"),
            group=".",  # CLDR az: 1.275,5
            decade=r"-?(?:c[ıiuü]|[ıiuü]nc[ıiuü])\s+ill[əa]r\w*",  # 90-cı illər, 1990-cı illərin
            scales={"min": 1000, "milyon": 10**6, "milyard": 10**9},
            # Cardinals only as written (onlar "they" is not on "ten" + -lar); ordinals inflect.
            words_exact=numbered(["bir", "iki", "üç", "dörd", "beş", "altı", "yeddi", "səkkiz", "doqquz", "on"]),
            words={
                **numbered(
                    ["birinci", "ikinci", "üçüncü", "dördüncü", "beşinci", "altıncı", "yeddinci", "səkkizinci", "doqquzuncu", "onuncu"]
                )
            },
            months=numbered(
                ["yanvar", "fevral", "mart", "aprel", "may", "iyun", "iyul", "avqust", "sentyabr", "oktyabr", "noyabr", "dekabr"]
            ),
            century=("əsr",),
        ),
    )
)
