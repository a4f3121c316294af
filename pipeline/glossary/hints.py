"""What translators see of the glossary in a catalog: the required rendering of each term."""

from __future__ import annotations

from typing import TYPE_CHECKING, Callable, Iterable

from pipeline.core.model import Term
from pipeline.glossary.matcher import source_matcher

if TYPE_CHECKING:
    from pipeline.glossary.model import Glossary

HINT_PREFIX = "Glossary: "


def multiword_names(glossary) -> frozenset[str]:
    """Every English form of two or more words: a stray blank line must not split them."""
    names = set()
    for term in glossary.terms:
        for form in (term.term, *term.variants):
            if len(form.split()) > 1:
                names.add(form)
    return frozenset(names)


class GlossaryHints:
    """The extracted comments ``update`` writes: the glossary terms of each msgid and their rendering.

    Called as ``hints(locale, msgid)``.  Which terms a msgid holds does not depend on the
    locale, only how they are written does, so :meth:`for_document` finds them once per msgid
    and every locale's merge shares them: the matcher's pass over a long document was most of
    the time of ``update``, and it ran once per locale.
    """

    def __init__(self, glossary: Glossary) -> None:
        self.matcher = source_matcher(glossary)  # compiled once per glossary version, shared with the checks
        self._lines: dict[tuple[str, str], str | None] = {}  # (term id, locale) -> its line, if any

    def terms(self, msgid: str) -> tuple[Term, ...]:
        """The distinct terms found in ``msgid``, in order of first appearance."""
        found: dict[str, Term] = {}
        for match in self.matcher.find(msgid):
            found.setdefault(match.term.id, match.term)
        return tuple(found.values())

    def lines(self, terms: Iterable[Term], locale: str) -> list[str]:
        """One comment a term: ``Glossary: Khojaly → Xocalı``, ``(do not translate)`` for do-not-translate terms.

        A term with no rendering in ``locale`` (and translatable) gets no line.  Each term's
        line is made once per locale (a long document names the same terms in most entries).
        """
        made = self._lines
        lines = []
        for term in terms:
            key = (term.id, locale)
            if key not in made:
                made[key] = _line(term, locale)
            line = made[key]
            if line is not None:
                lines.append(line)
        return lines

    def __call__(self, locale: str, msgid: str) -> list[str]:
        """The comments for ``msgid`` in a ``locale`` catalog (the terms found again on every call)."""
        return self.lines(self.terms(msgid), locale)

    def for_document(self, msgids: Iterable[str]) -> Callable[[str, str], list[str]]:
        """``hints(locale, msgid)`` for one document: each of its ``msgids`` is matched once, for every locale.

        A msgid not given (a merge never asks for one) is matched when asked.
        """
        found = {msgid: self.terms(msgid) for msgid in msgids}

        def hints(locale: str, msgid: str) -> list[str]:
            terms = found.get(msgid)
            return self.lines(self.terms(msgid) if terms is None else terms, locale)

        return hints


def _line(term: Term, locale: str) -> str | None:
    if term.dnt:
        return f"{HINT_PREFIX}{term.term} → {term.term} (do not translate)"
    rendering = term.renderings.get(locale)
    return None if rendering is None else f"{HINT_PREFIX}{term.term} → {rendering.text}"


def hints_for(glossary) -> GlossaryHints:
    """A :class:`GlossaryHints`: a callable ``(locale, msgid) -> extracted comments`` listing the terms in the msgid.

    One line per distinct term, in order of first appearance:
    ``Glossary: Khojaly → Xocalı`` (``(do not translate)`` for do-not-translate terms).
    """
    return GlossaryHints(glossary)
