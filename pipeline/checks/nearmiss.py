"""Near misses: a capitalised word one edit away from a word of a glossary name.

One edit is a substituted letter, two swapped neighbours, or a letter added or left out
inside the word.  A letter added or dropped at the end is not counted: that is how English
forms demonyms and plurals (Armenia → Armenian), not how names get misspelt.  Words the English
dictionary knows are never near misses.

Lookups use a deletion index (as SymSpell does): each glossary word is stored under each of
its one-letter deletions, so checking a word costs a few dictionary probes per letter,
whatever the size of the glossary.
"""

from __future__ import annotations

import re

from pipeline.checks.words import english_words

_NAME_WORD = re.compile(r"(?<![\w’'\-])([A-Z][^\W\d_]{4,})(?![\w\-])")
#: Words shorter than this are too short for "one letter away" to mean a misspelling.
MIN_LENGTH = 5
_MEMO = 1 << 16  # words whose verdict an index remembers


class _Index:
    def __init__(self, words: set[str]):
        self.words = {w.casefold(): w for w in words}
        self.deletions: dict[str, list[tuple[str, int]]] = {}
        for folded in self.words:
            for i in range(len(folded)):
                self.deletions.setdefault(folded[:i] + folded[i + 1 :], []).append((folded, i))
        self.longest = max(map(len, self.words), default=0)
        self._verdicts: dict[str, str | None] = {}

    def near_miss(self, word: str) -> str | None:
        """The glossary word ``word`` is a near miss of (:meth:`nearest`, unless English knows ``word``), or None.

        Remembered per word: a document names the same people and places over and over.
        """
        if len(word) > self.longest + 1:
            return None  # too long to be one edit away (and not worth remembering)
        verdicts = self._verdicts
        if word in verdicts:
            return verdicts[word]
        suggestion = self.nearest(word)
        if suggestion is not None and _is_english_word(word):
            suggestion = None
        if len(verdicts) >= _MEMO:  # bounded: a text of only distinct names
            verdicts.clear()
        verdicts[word] = suggestion
        return suggestion

    def nearest(self, word: str) -> str | None:
        t = word.casefold()
        if t in self.words or len(t) > self.longest + 1:
            # One edit changes the length by at most one; a longer word (a 1 MB token) would
            # cost one copy of itself per letter.
            return None
        for i in range(len(t)):
            deleted = t[:i] + t[i + 1 :]
            for candidate, position in self.deletions.get(deleted, ()):
                if len(candidate) == len(t) and position == i:  # one substituted letter
                    return self.words[candidate]
            if i < len(t) - 1 and deleted in self.words:  # a letter added inside the word
                return self.words[deleted]
        for candidate, position in self.deletions.get(t, ()):
            if position < len(candidate) - 1:  # a letter left out inside the word
                return self.words[candidate]
        for i in range(len(t) - 1):  # two neighbours swapped
            swapped = t[:i] + t[i + 1] + t[i] + t[i + 2 :]
            if swapped in self.words:
                return self.words[swapped]
        return None


_INDEXES: dict[str, _Index] = {}


def _index_for(glossary) -> _Index:
    """The deletion index of a glossary, built once per glossary version (not once per paragraph)."""
    index = _INDEXES.get(glossary.version)
    if index is None:
        if len(_INDEXES) >= 8:
            _INDEXES.pop(next(iter(_INDEXES)))
        index = _INDEXES[glossary.version] = _Index(set(_glossary_words(glossary)))
    return index


def _glossary_words(glossary) -> frozenset[str]:
    words: set[str] = set()
    for term in glossary.terms:
        for form in (term.term, *term.variants, *(f.form for f in term.forbidden)):
            words.update(w for w in re.findall(r"[^\W\d_]+", form) if w[:1].isupper() and len(w) >= MIN_LENGTH)
    return frozenset(words)


def near_misses(glossary, text: str, covered: list[tuple[int, int]]) -> list[tuple[int, str, str]]:
    """``(offset, word, glossary word)`` for each near miss in ``text`` outside ``covered`` spans.

    Words and spans are both walked in text order, so a paragraph costs its words plus its
    spans (testing every span for every word was quadratic on a long paragraph).
    """
    index = _index_for(glossary)
    spans = sorted(covered)
    k = 0
    found = []
    for match in _NAME_WORD.finditer(text):
        start = match.start()
        while k < len(spans) and spans[k][1] <= start:  # spans ending before this word cover no later word
            k += 1
        # spans[k] ends after the word's start; any later span starts no earlier than it does.
        if k < len(spans) and spans[k][0] <= start:
            continue
        suggestion = index.near_miss(match.group(1))
        if suggestion is not None:
            found.append((start, match.group(1), suggestion))
    return found


def _is_english_word(word: str) -> bool:
    return word.casefold() in english_words()
