"""Turkish: suffix chains with vowel harmony and d/t assimilation, the apostrophe, İ/ı, 1.275,5."""

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
    lang="tr",
    harmony=Harmony(
        vowels=frozenset("aıoueiöüâîû"), back=frozenset("aıouâû"), rounded=frozenset("ouöüû"), a_front="e", voiceless=frozenset("fstkçşhp")
    ),  # the "fıstıkçı şahap" consonants
    # The accusative after a vowel takes y (Hocalı'yı); -ki does not harmonise.
    inventory=COMMON_SUFFIXES + (Morpheme("acc", CASE, "(y)I"), Morpheme("ki", KI, "ki", after=frozenset({"loc", "gen"}))),
    derivations=DERIVATIONS,
    softening={"p": "b", "ç": "c", "t": "d", "k": "ğ"},  # kitap → kitabı, Aralık → Aralığı
)

PROFILE = register(
    LanguageProfile(
        code="tr",
        name="Turkish",
        morphology_factory=lambda: Agglutinative(GRAMMAR, fold_turkic),
        case=TurkicCase(fold_turkic),
        number_format=NumberFormat(
            decimal=",",
            groups=(".", "\u0020", "\u00a0", "\u202f", "\u2009"),
            group=".",  # CLDR tr: 1.275,5
            decade=r"'?(?:l[ıi]\s+y[ıi]ll\w*|l[ae]r\w*)",  # 90'lı yıllar, 1990'larda
            scales={"bin": 1000, "milyon": 10**6, "milyar": 10**9},
            # Cardinals only as written (onlar "they" is not on "ten" + -lar); ordinals inflect.
            words_exact=numbered(["bir", "iki", "üç", "dört", "beş", "altı", "yedi", "sekiz", "dokuz", "on"]),
            words={
                **numbered(["birinci", "ikinci", "üçüncü", "dördüncü", "beşinci", "altıncı", "yedinci", "sekizinci", "dokuzuncu", "onuncu"])
            },
            months=numbered(
                ["ocak", "şubat", "mart", "nisan", "mayıs", "haziran", "temmuz", "ağustos", "eylül", "ekim", "kasım", "aralık"]
            ),
            century=("yüzyıl", "asır", "asr"),
        ),
    )
)
