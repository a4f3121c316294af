"""What Azerbaijani and Turkish share (and a Kazakh or Uzbek profile could start from).

Turkic case folding (:func:`fold_turkic`); the suffix inventory common to both, in
:class:`~pipeline.glossary.morphology.Morpheme` templates; the case rule's extra: ordinal
numerals (Birinci, İkinci) may start a name in lower case.  Each language module adds its own
accusative, -ki, harmony letters and softening.
"""

from __future__ import annotations

import re

from pipeline.glossary.languages.base import TargetCase
from pipeline.glossary.morphology import CASE, COPULA, DERIVATION, PLURAL, POSSESSIVE, Morpheme, nfc


def fold_turkic(text: str) -> str:
    """Turkic folding (az, tr, kk, uz …): I → ı and İ → i, which ``str.lower`` gets wrong."""
    return nfc(text).replace("I", "ı").replace("İ", "i").lower()


COMMON_SUFFIXES = (
    Morpheme("plural", PLURAL, "lAr"),
    Morpheme("poss3sg", POSSESSIVE, "(s)I"),
    Morpheme("poss3pl", POSSESSIVE, "lArI"),
    Morpheme("poss1sg", POSSESSIVE, "(I)m"),
    Morpheme("poss1pl", POSSESSIVE, "(I)mIz"),
    Morpheme("poss2sg", POSSESSIVE, "(I)n"),
    Morpheme("poss2pl", POSSESSIVE, "(I)nIz"),
    Morpheme("dat", CASE, "(y)A"),
    Morpheme("loc", CASE, "DA"),
    Morpheme("abl", CASE, "DAn"),
    Morpheme("gen", CASE, "(n)In"),
    Morpheme("ins", CASE, "(y)lA"),
    Morpheme("dat", CASE, "nA", vowel_only=True),
    Morpheme("loc", CASE, "nDA", vowel_only=True),
    Morpheme("abl", CASE, "nDAn", vowel_only=True),
    Morpheme("acc", CASE, "nI", vowel_only=True),
    Morpheme("cop", COPULA, "DIr"),
    Morpheme("past", COPULA, "(y)DI"),
    Morpheme("cond", COPULA, "(y)sA"),
    Morpheme("evid", COPULA, "(y)mIş"),
)

#: Derivations a forbidden name keeps its meaning in: the demonym/adjective -lI (Stepanakertli,
#: Stepanakertlilər).  Renderings' derived words are listed in the glossary instead.
DERIVATIONS = (Morpheme("demonym", DERIVATION, "lI"),)

_ORDINAL = re.compile(r"nc[ıiuü]\Z")  # birinci, ikinci, üçüncü, dördüncü, altıncı, onuncu


class TurkicCase(TargetCase):
    """Target case rule plus: an ordinal numeral may start a name in lower case (birinci Qarabağ …)."""

    def __init__(self, fold):
        self._fold = fold

    def may_lower(self, word: str) -> bool:
        folded = self._fold(word)
        return len(folded) > 4 and bool(_ORDINAL.search(folded))
