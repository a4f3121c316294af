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
* Case, by language (the profile's :class:`~pipeline.glossary.languages.base.CasePolicy`).  English
  sources: ``case: exact`` (and any form written all in capitals, such as OIC) matches only that
  exact case; otherwise every capitalised word of the form must be capitalised in the text (a
  heading in capitals qualifies) and the rest is case-insensitive.  Translations: acronyms keep
  their capitals, a form's first capitalised word keeps its capital unless the language writes
  it in lower case (Russian adjectives), and the other words match in any case.
* Derived words: a locale's ``derived`` forms (ходжалинский, xocalılar, Hocalılı) count as the
  rendering (kind "accepted", ``derived=True``), inflected by the class the entry gives; a
  forbidden form is also found inside its regular derivatives (Степанакертский, Stepanakertli).
* Leftmost-longest: where matches overlap the one starting first wins, then the longest
  (Heydar Aliyev Foundation over Heydar Aliyev); then an uninflected match, then
  canonical/rendering over variant/accepted over forbidden, then glossary order.
"""

from __future__ import annotations

from pipeline.core.inline_tags import mask_tags

import re
import threading
import unicodedata
from collections import deque
from dataclasses import dataclass
from functools import lru_cache
from itertools import accumulate, groupby
from typing import Callable, Iterable, Iterator

from pipeline.core.model import Forbidden, Term
from pipeline.glossary.languages import profile_for
from pipeline.glossary.morphology import Morphology, WordRule

#: A word token: letters and digits of any script, with combining marks (decomposed accents).
_MARKS = "\u0300-\u036f\u0483-\u0489\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f"
WORD = re.compile(rf"(?:[^\W_]|[{_MARKS}])+")
#: WORD plus the underscore, as one character class: the same tokens in a text without "_",
#: found twice as fast (scanning uses it then).
_WORD_OR_UNDERSCORE = re.compile(rf"[\w{_MARKS}]+")
#: The same tokens found by splitting (pieces alternate gap, word, gap, …): no match object per token.
_SPLIT = {WORD: re.compile(f"({WORD.pattern})"), _WORD_OR_UNDERSCORE: re.compile(f"({_WORD_OR_UNDERSCORE.pattern})")}
_CHUNK = 1 << 16  # scanning splits a text about this many characters at a time (see _tokens)
_SEP = "\x1f"  # between the gap and the word in a trie key
_WINDOW = 4096  # scanning forgets tokens in batches of this many (see _Engine.scan)
_MEMO = 1 << 16  # words remembered per engine (folded form; whether a form may begin there) …
_MEMO_LENGTH = 64  # … when no longer than this (a long token is rare, and would be kept alive)
_SPACES = re.compile(r"\s+")
_GAP_CHARS = str.maketrans({"’": "'", "‘": "'", "ʼ": "'", "`": "'", "´": "'", "′": "'", "\u2010": "-", "\u2011": "-"})

TARGET_KINDS = ("rendering", "accepted", "forbidden")


@lru_cache(maxsize=4096)
def normalize_gap(gap: str) -> str:
    """The text between two words, as forms and texts are compared: ``"  \\n"`` → ``" "``, ’ → '."""
    return _SPACES.sub(" ", gap.translate(_GAP_CHARS))


def _tokens(text: str) -> Iterator[tuple[list[int], list[str]]]:
    """The word tokens of ``text``, a slice of about _CHUNK characters at a time: ``(bounds, words)``.

    ``bounds`` holds where each token starts and ends, flat: ``[start0, end0, start1, end1, …]``
    (integers, which the garbage collector does not track; a tuple per token kept it busy).
    The same tokens as ``WORD.finditer(text)``: a token is a maximal run of word characters,
    and a slice is only cut between two characters that are not both word characters (a
    run longer than a slice makes its slice longer).  Splitting a slice and adding up the
    lengths of its pieces is several times faster than a match object per token.
    """
    pattern = WORD if "_" in text else _WORD_OR_UNDERSCORE  # (without "_" in the text: one class, faster)
    split, start, size = _SPLIT[pattern].split, 0, len(text)
    while start < size:
        end = min(start + _CHUNK, size)
        if end < size and pattern.match(text, end - 1, end) and (token := pattern.match(text, end)):
            end = token.end()  # inside a token: cut at its end
        pieces = split(text[start:end])
        # pieces: gap, word, gap, …, gap; where each starts, then the end: a word's bounds are inside.
        yield list(accumulate(map(len, pieces), initial=start))[1:-1], pieces[1::2]
        start = end


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
    derived: bool = False  # a derived word the entry lists (ходжалинский for Ходжалы)


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
    derived: bool = False


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


class _Engine:
    """The compiled trie for one side (source, or one target locale) of a glossary."""

    def __init__(self, morphology: Morphology, case):
        self.morph = morphology
        self.case = case  # the language's CasePolicy
        self.root = _Node()
        self.gaps: set[str] = set()
        self.size = 0

    def add(
        self, term: Term, kind: str, rank: int, form: str, forbidden: Forbidden | None, inflection: str = "", derived: bool = False
    ) -> bool:
        """Index one form; False (and nothing indexed) if it has no letters or digits.

        ``inflection`` and ``derived``: a derived word of the entry and its inflection class.
        """
        tokens = list(WORD.finditer(form))
        if not tokens:
            return False
        gaps = [normalize_gap(form[a.end() : b.start()]) for a, b in zip(tokens, tokens[1:])]
        self.gaps.update(gaps)
        words = tuple(_nfc(t.group()) for t in tokens)
        record = _Form(
            term,
            kind,
            rank,
            form,
            forbidden,
            words,
            exact=term.case == "exact" or _all_caps(form),
            pre=normalize_gap(form[: tokens[0].start()].strip()),
            post=normalize_gap(form[tokens[-1].end() :].strip()),
            order=self.size,
            derived=derived,
        )
        nodes = [self.root]
        for index, word in enumerate(words):
            prefix = "" if index == 0 else gaps[index - 1] + _SEP
            rules = self.morph.rules(word, index == len(words) - 1, lenient=kind == "forbidden", inflection=inflection)
            nodes = [node.child(prefix + key, rule) for node in nodes for key, rule in rules]
        for node in nodes:
            node.ends.append(record)
        self.size += 1
        return True

    def scan(self, text: str, everywhere: bool) -> Iterator[tuple[_Form, int, int, bool]]:
        """Yield ``(form, start, end, inflected)``.

        With ``everywhere`` every candidate at every token (overlapping); otherwise the
        leftmost-longest choice, non-overlapping, in text order.

        Tokens are read through a window: a match starting at token ``i`` reads at most
        :meth:`_reach` tokens after it, so only those are kept, and memory does not grow with
        the text (a list of every token of a 50 MB paragraph is over a gigabyte).  Only tokens
        that may begin a form (:meth:`_starts`, found a batch at a time) are visited: most
        tokens begin none, and a Python step per token was most of the time of a long text.
        """
        reach = self._reach()
        text = mask_tags(text)  # an inline tag of an HTML or Word unit is no word; offsets stay
        chunks = _tokens(text)
        bounds: list[int] = []  # token k of the window: bounds[2 * k] to bounds[2 * k + 1]
        folded: list[str] = []
        pending: deque[int] = deque()  # tokens (absolute numbers) that may begin a form, not yet visited
        offset = read = end = 0  # the window's first token's number; tokens read; where the last chosen match ended
        exhausted = False
        while True:
            while not exhausted and (not pending or read <= pending[0] + reach):
                if not pending:  # no token read so far begins a form: none is read again
                    del bounds[:], folded[:]
                    offset = read
                chunk = next(chunks, None)
                exhausted = chunk is None
                if chunk is not None:
                    read += self._read(*chunk, bounds, folded, pending, read)
            if not pending:
                return
            i = pending.popleft() - offset
            if i >= _WINDOW:  # tokens before i are never read again
                del bounds[: 2 * i], folded[:i]
                offset, i = offset + i, 0
            if everywhere:
                yield from self._at(text, bounds, folded, i)
            elif bounds[2 * i] >= end:
                candidates = self._at(text, bounds, folded, i)
                if candidates:
                    best = max(candidates, key=lambda c: (c[2], not c[3], -c[0].rank, -c[0].order))
                    yield best
                    end = best[2]

    def spanning(self, text: str) -> list[tuple[_Form, int, int, bool]]:
        """The candidates of ``scan(text, everywhere=True)`` that cover the whole of ``text``.

        Only the first token is tried: a match starting at a later token starts after a word
        character (a form's leading punctuation holds none), so it cannot start at 0.  For
        validation, which asks this of every form: no window, no queue, one :meth:`_at`.
        """
        text = mask_tags(text)
        bounds: list[int] = []
        folded: list[str] = []
        folds = self._folds()  # (forms share their words: each folded once, as in _read)
        for spans, words in _tokens(text):
            bounds.extend(spans)
            folded.extend([folds.get(word) or self._fold(word) for word in words])
        if not folded:
            return []
        return [c for c in self._at(text, bounds, folded, 0) if c[1] == 0 and c[2] == len(text)]

    def _read(self, spans: list[int], words: list[str], bounds: list[int], folded: list[str], pending: deque[int], read: int) -> int:
        """Add a slice's tokens to ``bounds`` and ``folded``; queue those that may begin a form.

        Returns how many were added.  ``read``: the number of the first token added.
        """
        folds = self._folds()
        words_folded = [folds.get(word) or self._fold(word) for word in words]
        bounds.extend(spans)
        folded.extend(words_folded)
        if self.morph.max_ending:
            starts = self._starts()
            begins = [k for k, word in enumerate(words_folded) if starts.get(word, None) or (word not in starts and self._may_start(word))]
        else:  # no endings to cut off: a form begins at a word that is a key of the trie's root
            edges = self.root.edges
            begins = [k for k, word in enumerate(words_folded) if word in edges]
        pending.extend([read + k for k in begins])
        return len(words)

    def _folds(self) -> dict[str, str]:
        """Words already folded (a text repeats its words: folding each once saves most of the folding)."""
        memo = self.__dict__.get("_folds_memo")
        if memo is None or len(memo) >= _MEMO:  # bounded: a text of only distinct words
            memo = self.__dict__["_folds_memo"] = {}
        return memo

    def _fold(self, word: str) -> str:
        folded = self.morph.fold(word)
        if len(word) <= _MEMO_LENGTH:
            self._folds()[word] = folded
        return folded

    def _starts(self) -> dict[str, bool]:
        """Folded words already known to begin a form or not (kept while no form is added)."""
        cached = self.__dict__.get("_starts_memo")
        if cached is None or cached[0] != self.size or len(cached[1]) >= _MEMO:
            cached = self.__dict__["_starts_memo"] = (self.size, {})
        return cached[1]

    def _may_start(self, word: str) -> bool:
        """Whether a form may begin at a token folded to ``word``: the first step of :meth:`_at`."""
        edges, size = self.root.edges, len(word)
        found = any(word[:cut] in edges for cut in range(size, max(0, size - self.morph.max_ending - 1), -1))
        if size <= _MEMO_LENGTH:
            self._starts()[word] = found
        return found

    def _reach(self) -> int:
        """How many tokens after its first a match may read: the trie's depth, plus a Turkish suffix token."""
        cached = self.__dict__.get("_reach_cache")
        if cached is None or cached[0] != self.size:  # (computed again if forms were added)
            depth, stack = 0, [(self.root, 0)]
            while stack:
                node, level = stack.pop()
                depth = max(depth, level)
                stack.extend((child, level + 1) for edges in node.edges.values() for _, child in edges)
            cached = self.__dict__["_reach_cache"] = (self.size, depth + 1)
        return cached[1]

    def _at(self, text: str, bounds: list[int], folded: list[str], i: int) -> list:
        """Every form matching at token ``i`` whose case and punctuation agree with the text."""
        found: list[tuple[_Form, int, int, bool]] = []
        max_cut, count = self.morph.max_ending, len(folded)
        stack = [(self.root, i)]
        while stack:
            node, j = stack.pop()
            if j > i:
                gap = normalize_gap(text[bounds[2 * j - 1] : bounds[2 * j]])
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
                        self._finish(found, child, text, bounds, i, j, bounds[2 * j + 1], bool(ending))
                        if (
                            rule.apostrophe
                            and not ending
                            and j + 1 < count
                            and normalize_gap(text[bounds[2 * j + 1] : bounds[2 * j + 2]]) == "'"
                            and rule.accepts(stem, folded[j + 1])
                        ):
                            # Turkish proper names: Hocalı'da, Vakfı’nın.
                            self._finish(found, child, text, bounds, i, j, bounds[2 * j + 3], True)
                    if child.edges and j + 1 < count:
                        stack.append((child, j + 1))
        return found

    def _finish(self, found: list, node: _Node, text: str, bounds: list[int], i: int, j: int, end: int, inflected: bool) -> None:
        start = bounds[2 * i]
        words = [text[bounds[k] : bounds[k + 1]] for k in range(2 * i, 2 * j + 2, 2)]
        for form in node.ends:
            if not self.case.ok(form.words, words, form.exact, form.kind == "forbidden"):
                continue
            s, e = start, end
            if form.pre:
                if normalize_gap(text[max(0, s - len(form.pre)) : s]) != form.pre:
                    continue
                s -= len(form.pre)
            if form.post:
                if normalize_gap(text[e : e + len(form.post)]) != form.post:
                    continue
                e += len(form.post)
            found.append((form, s, e, inflected))


class SourceMatcher:
    """Every English form (canonical, variants, forbidden) of a glossary, compiled once."""

    def __init__(self, glossary):
        self.glossary = glossary
        english = profile_for("en")
        self._engine = _Engine(english.morphology, english.case)
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

    def find_spanning(self, text: str, keep: Callable[[str], bool] | None = None) -> list[Match]:
        """The matches of :meth:`find_all` that cover the whole of ``text``, in the same order
        (only those whose glossary form ``keep`` accepts: validation sets its own form aside)."""
        return [self._match(text, *c) for c in self._engine.spanning(text) if keep is None or keep(c[0].form)]

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
        profile = profile_for(locale)
        self._engine = _Engine(profile.morphology, profile.case)
        accepted = TARGET_KINDS.index("accepted")
        for term in glossary.terms:
            for kind, form, item in target_forms(term, locale):
                self._engine.add(term, kind, TARGET_KINDS.index(kind), form, item)
            for derived in derived_forms(term, locale):
                self._engine.add(term, "accepted", accepted, derived.form, None, derived.type, derived=True)

    def find(self, text: str) -> list[TargetMatch]:
        """Non-overlapping matches in text order (leftmost, then longest)."""
        return [self._match(text, *c) for c in self._engine.scan(text, everywhere=False)]

    def find_all(self, text: str) -> list[TargetMatch]:
        """Every match at every position, overlapping ones included."""
        return [self._match(text, *c) for c in self._engine.scan(text, everywhere=True)]

    def find_spanning(self, text: str, keep: Callable[[str], bool] | None = None) -> list[TargetMatch]:
        """The matches of :meth:`find_all` that cover the whole of ``text``, in the same order
        (only those whose glossary form ``keep`` accepts: validation sets its own form aside)."""
        return [self._match(text, *c) for c in self._engine.spanning(text) if keep is None or keep(c[0].form)]

    def forbidden(self, text: str) -> list[TargetMatch]:
        """Forbidden forms in ``text``, inflected or inside a derived word, whatever else it holds.

        Every position is searched (a required rendering elsewhere in the sentence hides
        nothing); of overlapping forbidden matches the longest is kept, and a forbidden form
        inside a longer allowed form (a title quoted as published) is that form's business.
        One streaming pass: candidates come in text order, grouped by where they start.
        """
        found: list[TargetMatch] = []
        reach = -1  # the furthest end of an allowed match that starts before the current group
        for start, candidates in groupby(self._engine.scan(text, everywhere=True), key=lambda c: c[1]):
            group = list(candidates)
            allowed_end = max((end for form, _, end, _ in group if form.kind != "forbidden"), default=-1)
            forbidden = [c for c in group if c[0].kind == "forbidden"]
            if forbidden and not (found and start < found[-1].end):
                form, _, end, inflected = max(forbidden, key=lambda c: (c[2], -c[0].order))
                if reach < end and allowed_end <= end:
                    found.append(self._match(text, form, start, end, inflected))
            reach = max(reach, allowed_end)
        return found

    def contains_rendering(self, text: str, term: Term | str) -> bool:
        """Whether ``text`` has the term's rendering or an accepted form, in any inflection.

        Overlaps do not hide it: "Heydər Əliyev" is found inside "Heydər Əliyev Fondu".
        """
        term_id = term if isinstance(term, str) else term.id
        return any(f.term.id == term_id and f.kind != "forbidden" for f, *_ in self._engine.scan(text, everywhere=True))

    def rendered_terms(self, text: str) -> set[str]:
        """The ids of every term whose rendering or an accepted form ``text`` has, in one scan.

        ``term.id in rendered_terms(text)`` is ``contains_rendering(text, term)`` for every term
        at once: a check with several expected terms reads the text once, not once per term.
        """
        return {f.term.id for f, *_ in self._engine.scan(text, everywhere=True) if f.kind != "forbidden"}

    def _match(self, text: str, form: _Form, start: int, end: int, inflected: bool) -> TargetMatch:
        return TargetMatch(
            start, end, text[start:end], form.term, form.kind, form.forbidden, form.form, self.locale, inflected, form.derived
        )


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


def derived_forms(term: Term, locale: str) -> tuple:
    """The derived words (:class:`~.load.DerivedForm`) ``term`` lists for ``locale``; () if none."""
    rendering = term.renderings.get(locale)
    return getattr(rendering, "derived", ()) if rendering is not None else ()


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
