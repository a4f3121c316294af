"""Synthetic, seeded inputs for the benchmarks, all built from the real corpus and glossary.

Nothing here is downloaded or stored: every document, glossary and name is generated at
benchmark time from ``corpus/*.txt`` and ``glossary/*.yaml`` with a fixed random seed, so two
runs measure the same input.
"""

from __future__ import annotations

import random
import re
from functools import lru_cache
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
GLOSSARY = ROOT / "glossary"

_SYLLABLES = (
    "ka",
    "ri",
    "mo",
    "ten",
    "sha",
    "vel",
    "dor",
    "na",
    "lu",
    "zar",
    "bek",
    "or",
    "an",
    "is",
    "tu",
    "gal",
    "mir",
    "sel",
    "ham",
    "ya",
    "qu",
    "rel",
    "dun",
    "po",
    "vi",
    "kes",
    "tar",
    "lin",
    "ob",
    "ez",
)
_SUFFIXES = ("", "ov", "ian", "stan", "ia", "berg", "abad", "li", "sk", "ova")
_KINDS = ("Foundation", "Committee", "Institute", "Council", "District", "Agency", "Museum", "Union", "")


@lru_cache(maxsize=1)
def real_glossary():
    """The project's glossary (117 entries), loaded once."""
    from pipeline.glossary import load_glossary

    return load_glossary(GLOSSARY)


@lru_cache(maxsize=1)
def corpus_units() -> tuple[str, ...]:
    """The corpus's paragraph units (65), as the pipeline cuts them."""
    from pipeline.source.corpus import read_corpus
    from pipeline.glossary.hints import multiword_names
    from pipeline.source.segment import segment

    names = multiword_names(real_glossary())
    return tuple(u.text for d in read_corpus(CORPUS) for u in segment(d, names).units)


@lru_cache(maxsize=1)
def corpus_sentences() -> tuple[str, ...]:
    """The corpus's sentences (the pipeline's splitter over every unit)."""
    from pipeline.mt.sentences import split

    return tuple(s for unit in corpus_units() for s in split(unit))


def pseudo_word(rng: random.Random) -> str:
    word = "".join(rng.choice(_SYLLABLES) for _ in range(rng.randint(2, 3))) + rng.choice(_SUFFIXES)
    return word.capitalize()


def pseudo_names(count: int, seed: int = 1) -> list[str]:
    """``count`` distinct capitalised pseudo-names of one to three words (Karimo Velstan Institute)."""
    rng = random.Random(seed)
    seen: set[str] = set()
    names: list[str] = []
    while len(names) < count:
        words = [pseudo_word(rng) for _ in range(rng.choice((1, 2, 2, 3)))]
        kind = rng.choice(_KINDS)
        name = " ".join(words + ([kind] if kind and len(words) > 1 else []))
        if name.casefold() not in seen:
            seen.add(name.casefold())
            names.append(name)
    return names


def _misspell(name: str, rng: random.Random) -> str:
    """A plausible forbidden spelling: one doubled or swapped letter in the first word."""
    first, _, rest = name.partition(" ")
    i = rng.randrange(1, len(first) - 1)
    first = first[:i] + first[i] + first[i:] if rng.random() < 0.5 else first[:i] + first[i + 1] + first[i] + first[i + 2 :]
    return f"{first} {rest}".strip()


def generated_terms(count: int, seed: int = 1):
    """``count`` glossary entries with pseudo-names: each with a variant and a forbidden spelling."""
    from pipeline.glossary.model import CATEGORIES
    from pipeline.core.model import Forbidden, Term

    rng = random.Random(seed + 1000)
    terms = []
    for index, name in enumerate(pseudo_names(count, seed)):
        variant = name.split()[0] + " " + name.split()[-1] if len(name.split()) > 2 else name.upper() if len(name) < 12 else ""
        misspelt = _misspell(name, rng)
        terms.append(
            Term(
                id=f"generated-{index:05d}",
                category=rng.choice(CATEGORIES),
                term=name,
                variants=(variant,) if variant and variant != name else (),
                forbidden=(Forbidden(misspelt, "generated misspelling"),) if misspelt != name else (),
            )
        )
    return terms


def glossary_of_size(size: int):
    """A Glossary of exactly ``size`` entries: the real ones first, then generated pseudo-names."""
    from pipeline.glossary import Glossary

    real = list(real_glossary().terms)
    if size <= len(real):
        return Glossary(tuple(real[:size]))
    return Glossary(tuple(real + generated_terms(size - len(real))))


def forms_of(glossary) -> list[str]:
    """Every English form the source matcher indexes: canonical, variants, forbidden."""
    return [form for term in glossary.terms for form in (term.term, *term.variants, *(f.form for f in term.forbidden))]


# --------------------------------------------------------------------------- documents

_WORD_GAP = re.compile(r"(?<=[a-z]{3}) (?=[a-z]{3})")


class Injector:
    """Turns corpus units into varied paragraphs with forbidden variants, glued words and names."""

    def __init__(self, seed: int = 7, names: int = 10_000):
        from pipeline.glossary import SourceMatcher

        self.rng = random.Random(seed)
        glossary = real_glossary()
        matcher = SourceMatcher(glossary)
        # Spans of canonical/variant uses of entries that have forbidden forms, per unit.
        self.units = corpus_units()
        self.replaceable = [
            [(m.start, m.end, [f.form for f in m.term.forbidden]) for m in matcher.find(unit) if m.kind != "forbidden" and m.term.forbidden]
            for unit in self.units
        ]
        self.generated = generated_terms(names - len(glossary)) if names > len(glossary) else []

    def paragraph(self) -> str:
        rng = self.rng
        index = rng.randrange(len(self.units))
        text = self.units[index]
        # A forbidden variant in place of one in five uses of a term that has one.
        for start, end, forbidden in reversed(self.replaceable[index]):
            if rng.random() < 0.2:
                text = text[:start] + rng.choice(forbidden) + text[end:]
        # A glued word ("genocide is" -> "genocideis") in one paragraph in ten.
        if rng.random() < 0.1:
            gaps = [m.start() for m in _WORD_GAP.finditer(text)]
            if gaps:
                cut = rng.choice(gaps)
                text = text[:cut] + text[cut + 1 :]
        # A generated name (canonical, variant or forbidden) in one paragraph in two.
        if self.generated and rng.random() < 0.5:
            term = rng.choice(self.generated)
            roll = rng.random()
            name = (
                term.forbidden[0].form if roll < 0.1 and term.forbidden else term.variants[0] if roll < 0.3 and term.variants else term.term
            )
            text = f"{text} Representatives of {name} also took part."
        return text

    def document(self, words: int) -> tuple[str, int]:
        """A document of about ``words`` words: paragraphs separated by blank lines; (text, words)."""
        paragraphs, count = [], 0
        while count < words:
            paragraph = self.paragraph()
            paragraphs.append(paragraph)
            count += len(paragraph.split())
        return "\n\n".join(paragraphs) + "\n", count


def write_documents(directory: Path, total_words: int, words_per_document: int = 5000, seed: int = 7) -> dict:
    """Write ``doc-NNNNN.txt`` files holding at least ``total_words`` words; return their sizes."""
    directory.mkdir(parents=True, exist_ok=True)
    injector = Injector(seed)
    written = words = 0
    while words < total_words:
        text, count = injector.document(min(words_per_document, total_words - words))
        (directory / f"doc-{written:05d}.txt").write_text(text, encoding="utf-8")
        written += 1
        words += count
    return {"documents": written, "words": words, "bytes": sum(p.stat().st_size for p in directory.glob("*.txt"))}


def catalog_document(rng: random.Random, units: int) -> str:
    """A document of ``units`` distinct paragraphs of one to three corpus sentences (~50 words, as the corpus's units)."""
    # Whole sentences only (capital first, full stop last), so each paragraph is one unit.
    sentences = [s for s in corpus_sentences() if s[:1].isupper() and s.endswith(".") and len(s.split()) > 5]
    paragraphs = []
    seen = set()
    while len(paragraphs) < units:
        paragraph = " ".join(rng.choice(sentences) for _ in range(rng.randint(1, 3)))
        if paragraph in seen:
            continue
        seen.add(paragraph)
        paragraphs.append(paragraph)
    return "\n\n".join(paragraphs) + "\n"
