"""Find glossary forms in text: one compiled matcher per glossary (and locale), one pass per text.

How it works.  Text is cut into word tokens once, with one regular expression (runs of Unicode
letters, digits and combining marks; everything else — spaces, apostrophes, hyphens, periods —
is a *gap*).  Every form of every entry is cut the same way and inserted into a trie whose
edges are keyed ``gap + word-key``; the word key comes from :mod:`.morphology` (the folded word,
or a stem plus a rule for the endings it may take).  Scanning a text, each token is looked up in
the trie root — one dict probe per possible ending length — and only tokens that start a form
walk further.  The cost per word depends on the longest form and the longest ending, never on
the number of entries.

Conventions:

* Word boundaries are token boundaries: "Khojalyx" is one token and does not match Khojaly;
  "Khojaly's" is the tokens Khojaly / s, so the match ends before the apostrophe.
* Gaps must agree with the form's: any run of white space is one space; ’ ‘ ʼ are ', and
  the Unicode hyphens are -.  "Nagorno-Karabakh" does not match "Nagorno Karabakh".
* Case, per entry: ``case: exact`` (and any form written all in capitals, such as OIC) matches
  only that exact case; otherwise every capitalised word of the form must be capitalised in
  the text (a heading in capitals qualifies) and the rest is case-insensitive.
* Leftmost-longest: where matches overlap the one starting first wins, then the longest
  (Heydar Aliyev Foundation over Heydar Aliyev); then an uninflected match, then
  canonical/rendering over variant/accepted over forbidden, then glossary order.
"""

from __future__ import annotations

import re
import threading
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from typing import Iterable, Iterator

from ..model import Forbidden, Term
from .morphology import Morphology, WordRule, morphology_for

#: A word token: letters and digits of any script, with combining marks (decomposed accents).
_MARKS = "\u0300-\u036f\u0483-\u0489\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f"
WORD = re.compile(rf"(?:[^\W_]|[{_MARKS}])+")
_SEP = "\x1f"  # between the gap and the word in a trie key
_SPACES = re.compile(r"\s+")
_GAP_CHARS = str.maketrans({"’": "'", "‘": "'", "ʼ": "'", "`": "'", "´": "'", "′": "'",
                            "\u2010": "-", "\u2011": "-"})

SOURCE_KINDS = ("canonical", "variant", "forbidden")
TARGET_KINDS = ("rendering", "accepted", "forbidden")


@lru_cache(maxsize=4096)
def normalize_gap(gap: str) -> str:
    """The text between two words, as forms and texts are compared: ``"  \\n"`` → ``" "``, ’ → '."""
    return _SPACES.sub(" ", gap.translate(_GAP_CHARS))


@dataclass(frozen=True, slots=True)
class Match:
    """A glossary form found in source text: ``text[start:end]`` is the form as written."""

    start: int
    end: int
    text: str
    term: Term
    kind: str  # "canonical" | "variant" | "forbidden"
    forbidden: Forbidden | None = None
    form: str = ""  # the glossary form that matched


@dataclass(frozen=True, slots=True)
class TargetMatch(Match):
    """A rendering (or accepted/forbidden form) found in a translation, possibly inflected.

    ``kind`` is "rendering" | "accepted" | "forbidden"; ``text`` includes any suffix
    (Xocalıda, Hocalı'da, Гейдара).
    """

    locale: str = ""
    inflected: bool = False


@dataclass(frozen=True, slots=True)
class _Form:
    term: Term
    kind: str
    rank: int  # position of kind in its KINDS tuple: lower wins a tie
    form: str
    forbidden: Forbidden | None
    words: tuple[str, ...]  # NFC words as written, for the case check
    exact: bool
    pre: str  # punctuation the form starts with (".NET"), normalized
    post: str  # punctuation the form ends with ("No."), normalized
    order: int


class _Node:
    __slots__ = ("edges", "ends")

    def __init__(self) -> None:
        self.edges: dict[str, list[tuple[WordRule, _Node]]] = {}
        self.ends: list[_Form] = []

    def child(self, key: str, rule: WordRule) -> "_Node":
        edges = self.edges.setdefault(key, [])
        for existing, node in edges:
            if existing == rule:
                return node
        node = _Node()
        edges.append((rule, node))
        return node


def _nfc(text: str) -> str:
    return text if text.isascii() else unicodedata.normalize("NFC", text)


def _all_caps(form: str) -> bool:
    letters = [c for c in form if c.isalpha()]
    return len(letters) > 1 and all(c.isupper() for c in letters)


def _case_variants(a: str, b: str) -> bool:
    """Whether two different letters are one letter in two cases (Turkic İ/i and I/ı included)."""
    return a.lower() == b.lower() or a.upper() == b.upper() or {a, b} in ({"İ", "i"}, {"I", "ı"})


def _case_ok(form: _Form, tokens: list[str]) -> bool:
    """Whether the tokens (as written; the last may carry a suffix) satisfy the form's case rule."""
    for word, token in zip(form.words, tokens):
        token = _nfc(token)
        if form.exact:
            # Compare as far as the token spells the word (Организацией vs Организация):
            # letters equal up to case must be equal in case too.
            for a, b in zip(word, token):
                if a != b:
                    if _case_variants(a, b):
                        return False
                    break
        elif word[:1].isupper():
            if not token[:1].isupper():
                return False
            if len(word) > 1 and word.isupper() and not token[: len(word)].isupper():
                return False  # an acronym inside a longer form: UN in "UN Security Council"
    return True


class _Engine:
    """The compiled trie for one side (source, or one target locale) of a glossary."""

    def __init__(self, morphology: Morphology):
        self.morph = morphology
        self.root = _Node()
        self.gaps: set[str] = set()
        self.size = 0

    def add(self, term: Term, kind: str, rank: int, form: str, forbidden: Forbidden | None) -> bool:
        """Index one form; False (and nothing indexed) if it has no letters or digits."""
        tokens = list(WORD.finditer(form))
        if not tokens:
            return False
        gaps = [normalize_gap(form[a.end():b.start()]) for a, b in zip(tokens, tokens[1:])]
        self.gaps.update(gaps)
        words = tuple(_nfc(t.group()) for t in tokens)
        record = _Form(term, kind, rank, form, forbidden, words,
                       exact=term.case == "exact" or _all_caps(form),
                       pre=normalize_gap(form[: tokens[0].start()].strip()),
                       post=normalize_gap(form[tokens[-1].end():].strip()), order=self.size)
        nodes = [self.root]
        for index, word in enumerate(words):
            prefix = "" if index == 0 else gaps[index - 1] + _SEP
            rules = self.morph.rules(word, index == len(words) - 1, lenient=kind == "forbidden")
            nodes = [node.child(prefix + key, rule) for node in nodes for key, rule in rules]
        for node in nodes:
            node.ends.append(record)
        self.size += 1
        return True

    def scan(self, text: str, everywhere: bool) -> Iterator[tuple[_Form, int, int, bool]]:
        """Yield ``(form, start, end, inflected)``.

        With ``everywhere`` every candidate at every token (overlapping); otherwise the
        leftmost-longest choice, non-overlapping, in text order.
        """
        tokens = [(m.start(), m.end()) for m in WORD.finditer(text)]
        if not tokens:
            return
        fold = self.morph.fold
        folded = [fold(text[a:b]) for a, b in tokens]
        i, count = 0, len(tokens)
        while i < count:
            candidates = self._at(text, tokens, folded, i)
            if everywhere:
                yield from candidates
                i += 1
                continue
            if not candidates:
                i += 1
                continue
            best = max(candidates, key=lambda c: (c[2], not c[3], -c[0].rank, -c[0].order))
            yield best
            end = best[2]
            while i < count and tokens[i][0] < end:
                i += 1

    def _at(self, text: str, tokens: list[tuple[int, int]], folded: list[str], i: int) -> list:
        """Every form matching at token ``i`` whose case and punctuation agree with the text."""
        found: list[tuple[_Form, int, int, bool]] = []
        max_cut, count = self.morph.max_ending, len(tokens)
        stack = [(self.root, i)]
        while stack:
            node, j = stack.pop()
            if j > i:
                gap = normalize_gap(text[tokens[j - 1][1]:tokens[j][0]])
                if gap not in self.gaps:
                    continue
                prefix = gap + _SEP
            else:
                prefix = ""
            word = folded[j]
            size = len(word)
            for cut in range(size, max(0, size - max_cut - 1), -1):
                edges = node.edges.get(prefix + word[:cut])
                if not edges:
                    continue
                stem, ending = word[:cut], word[cut:]
                for rule, child in edges:
                    if not rule.accepts(stem, ending):
                        continue
                    if child.ends:
                        self._finish(found, child, text, tokens, i, j, tokens[j][1], bool(ending))
                        if rule.apostrophe and not ending and j + 1 < count \
                                and normalize_gap(text[tokens[j][1]:tokens[j + 1][0]]) == "'" \
                                and rule.accepts(stem, folded[j + 1]):
                            # Turkish proper names: Hocalı'da, Vakfı’nın.
                            self._finish(found, child, text, tokens, i, j, tokens[j + 1][1], True)
                    if child.edges and j + 1 < count:
                        stack.append((child, j + 1))
        return found

    @staticmethod
    def _finish(found: list, node: _Node, text: str, tokens: list, i: int, j: int, end: int,
                inflected: bool) -> None:
        words = [text[a:b] for a, b in tokens[i:j + 1]]
        start = tokens[i][0]
        for form in node.ends:
            if not _case_ok(form, words):
                continue
            s, e = start, end
            if form.pre:
                if normalize_gap(text[max(0, s - len(form.pre)):s]) != form.pre:
                    continue
                s -= len(form.pre)
            if form.post:
                if normalize_gap(text[e:e + len(form.post)]) != form.post:
                    continue
                e += len(form.post)
            found.append((form, s, e, inflected))


class SourceMatcher:
    """Every English form (canonical, variants, forbidden) of a glossary, compiled once."""

    def __init__(self, glossary):
        self.glossary = glossary
        self._engine = _Engine(morphology_for("en"))
        for term in glossary.terms:
            self._engine.add(term, "canonical", 0, term.term, None)
            for variant in term.variants:
                self._engine.add(term, "variant", 1, variant, None)
            for item in term.forbidden:
                self._engine.add(term, "forbidden", 2, item.form, item)

    def find(self, text: str) -> list[Match]:
        """Non-overlapping matches in text order (leftmost, then longest)."""
        return [self._match(text, *c) for c in self._engine.scan(text, everywhere=False)]

    def find_all(self, text: str) -> list[Match]:
        """Every match at every position, overlapping ones included (for validation)."""
        return [self._match(text, *c) for c in self._engine.scan(text, everywhere=True)]

    @staticmethod
    def _match(text: str, form: _Form, start: int, end: int, inflected: bool) -> Match:
        return Match(start, end, text[start:end], form.term, form.kind, form.forbidden, form.form)


class TargetMatcher:
    """The renderings, accepted and forbidden forms of one locale, morphology-aware.

    A do-not-translate entry is looked for in its English form (plus its variants, and its
    English forbidden forms stay forbidden) unless the locale gives a rendering.
    """

    def __init__(self, glossary, locale: str):
        self.glossary = glossary
        self.locale = locale
        self._engine = _Engine(morphology_for(locale))
        for term in glossary.terms:
            for kind, form, item in target_forms(term, locale):
                self._engine.add(term, kind, TARGET_KINDS.index(kind), form, item)

    def find(self, text: str) -> list[TargetMatch]:
        """Non-overlapping matches in text order (leftmost, then longest)."""
        return [self._match(text, *c) for c in self._engine.scan(text, everywhere=False)]

    def find_all(self, text: str) -> list[TargetMatch]:
        """Every match at every position, overlapping ones included."""
        return [self._match(text, *c) for c in self._engine.scan(text, everywhere=True)]

    def contains_rendering(self, text: str, term: Term | str) -> bool:
        """Whether ``text`` has the term's rendering or an accepted form, in any inflection.

        Overlaps do not hide it: "Heydər Əliyev" is found inside "Heydər Əliyev Fondu".
        """
        term_id = term if isinstance(term, str) else term.id
        return any(f.term.id == term_id and f.kind != "forbidden"
                   for f, *_ in self._engine.scan(text, everywhere=True))

    def _match(self, text: str, form: _Form, start: int, end: int, inflected: bool) -> TargetMatch:
        return TargetMatch(start, end, text[start:end], form.term, form.kind, form.forbidden, form.form,
                           self.locale, inflected)


def target_forms(term: Term, locale: str) -> Iterable[tuple[str, str, Forbidden | None]]:
    """``(kind, form, forbidden)`` for every target-side form of ``term`` in ``locale``."""
    rendering = term.renderings.get(locale)
    if term.dnt:
        text = rendering.text if rendering and rendering.text else term.term
        yield "rendering", text, None
        if text != term.term:  # do not translate: the English form always passes
            yield "accepted", term.term, None
        for variant in term.variants:
            yield "accepted", variant, None
        for item in term.forbidden:
            yield "forbidden", item.form, item
    if rendering is None:
        return
    if not term.dnt:
        yield "rendering", rendering.text, None
    for form in rendering.accepted:
        yield "accepted", form, None
    for item in rendering.forbidden:
        yield "forbidden", item.form, item


# --------------------------------------------------------------------------- shared, cached

_CACHE: dict[tuple[str, str | None], object] = {}
_CACHE_SIZE = 32
_LOCK = threading.Lock()


def _cached(glossary, locale: str | None, build):
    key = (glossary.version, locale)
    with _LOCK:
        found = _CACHE.get(key)
    if found is None:
        found = build()
        with _LOCK:
            if len(_CACHE) >= _CACHE_SIZE:
                _CACHE.pop(next(iter(_CACHE)))
            _CACHE[key] = found
    return found


def source_matcher(glossary) -> SourceMatcher:
    """The SourceMatcher for ``glossary``, built once per glossary version."""
    return _cached(glossary, None, lambda: SourceMatcher(glossary))


def target_matcher(glossary, locale: str) -> TargetMatcher:
    """The TargetMatcher for ``glossary`` and ``locale``, built once per glossary version."""
    return _cached(glossary, locale, lambda: TargetMatcher(glossary, locale))
