"""What translators see of the glossary in a catalog: the required rendering of each term."""

from __future__ import annotations

from typing import Callable, Iterable

HINT_PREFIX = "Glossary: "


def multiword_names(glossary) -> frozenset[str]:
    """Every English form of two or more words: a stray blank line must not split them."""
    names = set()
    for term in glossary.terms:
        for form in (term.term, *term.variants):
            if len(form.split()) > 1:
                names.add(form)
    return frozenset(names)


def hints_for(glossary) -> Callable[[str, str], Iterable[str]]:
    """A function ``(locale, msgid) -> extracted comments`` listing the terms in the msgid.

    One line per distinct term, in order of first appearance:
    ``Glossary: Khojaly → Xocalı`` (``(do not translate)`` for do-not-translate terms).
    """
    from .matcher import source_matcher

    matcher = source_matcher(glossary)  # compiled once per glossary version, shared with the checks

    def hints(locale: str, msgid: str) -> list[str]:
        seen: dict[str, str] = {}
        for match in matcher.find(msgid):
            term = match.term
            if term.id in seen:
                continue
            rendering = term.renderings.get(locale)
            if term.dnt:
                seen[term.id] = f"{HINT_PREFIX}{term.term} → {term.term} (do not translate)"
            elif rendering is not None:
                seen[term.id] = f"{HINT_PREFIX}{term.term} → {rendering.text}"
        return list(seen.values())

    return hints
