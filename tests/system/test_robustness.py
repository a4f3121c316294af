"""Robustness of the library on extreme and random input.

* a 20 MB single paragraph: segmentation gives one unit; the sentence splitter copes too (and
  copies a linear amount of text: it was quadratic once);
* fuzzing (hypothesis) with a generator of realistic pieces — sentences, headings, page
  furniture, names broken by blank lines — mixed with CRLF/CR, BOMs, blank lines of spaces and
  tabs, Unicode of several scripts and very long lines.  tests/source/test_segment.py's fuzzer checks
  that words are neither lost nor reordered on character soup; this one checks that and more on
  document-shaped input: every non-blank line gets exactly one decision, every unit's anchors
  point back at its words in the file, and line endings and a BOM do not change the result;
  and every segmentation survives a trip through a POT file.

Bad input on the command line is in test_robustness_input.py; crashes and concurrent runs in
test_robustness_crash.py.
"""

from __future__ import annotations

import re
import subprocess
import sys
import textwrap
from pathlib import Path

import polib
import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from pipeline.catalogs.template import build_template
from pipeline.core.model import Document
from pipeline.catalogs.pofiles import render
from pipeline.source.segment import segment, split_lines

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT / "corpus"
MB = 1_000_000


def _corpus_text() -> str:
    return " ".join(" ".join(p.read_text(encoding="utf-8").split()) for p in sorted(CORPUS.glob("*.txt")))


def _big_paragraph(size: int) -> str:
    text = _corpus_text()
    body = (text + " ") * (size // (len(text) + 1) + 1)
    return body[:size].rsplit(" ", 1)[0] + "."


# -- a 20 MB paragraph --------------------------------------------------------------------------


def test_a_20_mb_single_paragraph_is_one_unit():
    text = _big_paragraph(20 * MB)
    result = segment(Document(Path("huge.txt"), text + "\n"))
    assert len(result.units) == 1
    unit = result.units[0]
    assert unit.text == text and unit.line == 1
    assert len(unit.anchors) == len(text.split())
    assert unit.locate(len(text) - 1) == (1, len(text))


# Regression guard: _is_boundary once sliced `text[match.end():]` for every candidate period, which
# made splitting quadratic (~28 s for 6.4 MB, minutes for 20 MB); fixed in d5d1062.
QUADRATIC = "sentences.split copies the rest of the paragraph per candidate period (quadratic time)"


class _CountingStr(str):
    """A str that counts the characters copied by slicing it."""

    copied = 0

    def __getitem__(self, key):
        piece = str.__getitem__(self, key)
        type(self).copied += len(piece)
        return piece


def test_sentence_splitting_copies_a_linear_amount_of_text():
    from pipeline.mt import sentences

    text = _CountingStr(_big_paragraph(400_000))
    _CountingStr.copied = 0
    parts = sentences.split(text)
    assert len(parts) > 1000
    # Slicing out the sentences copies the text once; a few times more is fine, 1000× is not.
    assert _CountingStr.copied <= 10 * len(text), f"{QUADRATIC}: {_CountingStr.copied:,} characters copied for {len(text):,}"


def test_sentence_splitting_of_a_20_mb_paragraph():
    sentences = pytest.importorskip("pipeline.mt.sentences")
    probe = _CountingStr(_big_paragraph(200_000))
    _CountingStr.copied = 0
    sentences.split(probe)
    if _CountingStr.copied > 10 * len(probe):
        pytest.fail(QUADRATIC + ": 20 MB would take minutes")
    text = _big_paragraph(20 * MB)
    # In a subprocess with a time limit, so a regression cannot hang the suite.
    code = textwrap.dedent("""
        import sys
        from pipeline.mt.sentences import join, split
        text = sys.stdin.read()
        parts = split(text)
        assert join(parts) == text, "split lost or changed text"
        print(len(parts))
    """)
    run = subprocess.run([sys.executable, "-c", code], input=text, capture_output=True, text=True, timeout=120, cwd=ROOT)
    assert run.returncode == 0, run.stderr[-2000:]
    assert int(run.stdout) > 10_000


# -- fuzzing with document-shaped input -----------------------------------------------------------

_SENTENCES = [
    "The Khojaly genocide was committed on 26 February 1992.",
    "During the events, 613 civilians were killed, including 106 women and 63 children.",
    "Representatives of the Heydar Aliyev Foundation laid wreaths at the memorial.",
    "Он сказал, что трагедия не будет забыта.",
    "Xocalı soyqırımının 33-cü ildönümü qeyd olundu.",
    "Hocalı'da yaşananlar unutulmayacak, dedi.",
    "“It is a crime against humanity,” said the Commissioner.",
    "Ombudsman’s regional centres in Ganja, Sheki and Guba held events;",
    "the fate of 150 people is still unknown",
    "Zéro accents: naïve café, coöperation, Ærø, İstanbul, ǅemal.",
    "e\u0301 combining marks, emoji 🕯️ and RTL text: מוזיאון ذكرى.",
    "No. 8/42-C adopted at the 42nd session (U.N. doc. A/47/1).",
]
_HEADINGS = [
    "STATEMENT",
    "of the Commissioner for Human Rights",
    "Khojaly Genocide",
    "Related Articles",
    "Heydar",
    "Aliyev Foundation, is one of the sponsors of the event.",
    "Share",
    "Print",
    "News.Az",
]
_FURNITURE = [
    "date 2025-02-25 + ↺ − 16 px",
    "Back to top button",
    "Leave a Reply",
    "| • | • |",
    "12:45 · 3 ♥",
    "https://example.org/news/2025/02/25/khojaly",
    "© 2025 — all rights reserved",
]
_BREAKS = ["\n", "\n\n", "\r\n", "\r\n\r\n", "\r", "\n \t \n", "\n\u3000\n", "\n\n\n\n"]
_NAMES = frozenset({"Heydar Aliyev Foundation", "Heydar Aliyev", "Khojaly Genocide"})


@st.composite
def documents(draw) -> str:
    pieces = []
    if draw(st.booleans()):
        pieces.append("\ufeff")
    for _ in range(draw(st.integers(0, 14))):
        kind = draw(st.sampled_from(["sentence", "sentence", "run", "heading", "furniture", "long", "wrapped", "odd"]))
        if kind == "sentence":
            piece = draw(st.sampled_from(_SENTENCES))
        elif kind == "run":
            piece = " ".join(draw(st.lists(st.sampled_from(_SENTENCES), min_size=2, max_size=5)))
        elif kind == "heading":
            piece = draw(st.sampled_from(_HEADINGS))
        elif kind == "furniture":
            piece = draw(st.sampled_from(_FURNITURE))
        elif kind == "long":  # one paragraph per line, far beyond the wrap limit
            piece = " ".join(draw(st.lists(st.sampled_from(_SENTENCES), min_size=6, max_size=30)))
        elif kind == "wrapped":  # a hard-wrapped paragraph
            text = " ".join(draw(st.lists(st.sampled_from(_SENTENCES), min_size=2, max_size=6)))
            piece = "\n".join(textwrap.wrap(text, draw(st.integers(20, 90))))
        else:
            piece = draw(st.text(st.characters(blacklist_categories=("Cs",)), max_size=40))
        if draw(st.integers(0, 9)) == 0:
            piece = draw(st.sampled_from(["  ", "\t", " \u00a0"])) + piece + draw(st.sampled_from(["", " ", "\t "]))
        pieces.append(piece)
        pieces.append(draw(st.sampled_from(_BREAKS)))
    return "".join(pieces)


def _accounted_words(result) -> list[str]:
    by_line: dict[int, list[str]] = {}
    for unit in result.units:
        by_line[unit.line] = unit.text.split()
    for decision in result.decisions:
        if decision.action == "drop":
            by_line.setdefault(decision.line, []).extend(decision.text.split())
    return [word for line in sorted(by_line) for word in by_line[line]]


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(documents())
def test_segmentation_of_document_shaped_input(text):
    result = segment(Document(Path("fuzz.txt"), text), _NAMES)
    source = text[1:] if text.startswith("\ufeff") else text
    lines = split_lines(text)

    # Nothing lost, nothing reordered: units plus dropped lines hold every word, in order.
    assert _accounted_words(result) == source.split()

    # Every non-blank line has exactly one decision, and it quotes that line.
    decided = [d.line for d in result.decisions]
    assert decided == sorted(set(decided))
    assert decided == [n for n, line in enumerate(lines, 1) if line.strip()]
    for decision in result.decisions:
        assert decision.text == lines[decision.line - 1].strip()

    previous = 0
    for unit in result.units:
        # Units are in file order, non-empty, with single spaces.
        assert unit.line > previous
        previous = unit.line
        assert unit.text and unit.text == " ".join(unit.text.split())
        # Every anchor points at its word in the file: same word at that line and column.
        words = unit.text.split(" ")
        assert len(unit.anchors) == len(words)
        for (offset, line, column), word in zip(unit.anchors, words):
            assert unit.text[offset : offset + len(word)] == word
            assert lines[line - 1][column - 1 :].split()[0] == word

    # Line endings and a BOM do not change the units.
    for variant in (source.replace("\r\n", "\n").replace("\r", "\n"), "\ufeff" + source):
        again = segment(Document(Path("fuzz.txt"), variant), _NAMES)
        assert [(u.text, u.kind) for u in again.units] == [(u.text, u.kind) for u in result.units]

    # The units survive a trip through a POT file (polib writes, polib reads back).
    if result.units:
        pot = build_template(result, "corpus/fuzz.txt", "fuzz", "2026-01-01 00:00+0000")
        parsed = polib.pofile(render(pot).decode("utf-8"))
        assert [e.msgid for e in parsed] == list(dict.fromkeys(u.text for u in result.units))


@settings(max_examples=60, deadline=None)
@given(st.lists(st.text(st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=30), min_size=1, max_size=8))
def test_msgids_with_any_characters_round_trip_through_a_template(texts):
    # Control characters, quotes, backslashes, tabs: whatever a unit can hold, the POT keeps.
    texts = [" ".join(t.split()) for t in texts]
    texts = [t for t in texts if t]
    if not texts:
        return
    doc = Document(Path("x.txt"), "\n\n".join(texts))
    result = segment(doc)
    if not result.units:
        return
    pot = build_template(result, "corpus/x.txt", "fuzz", "2026-01-01 00:00+0000")
    parsed = polib.pofile(render(pot).decode("utf-8"))
    assert [e.msgid for e in parsed] == list(dict.fromkeys(u.text for u in result.units))


def test_the_anchor_rule_holds_on_the_real_corpus():
    from pipeline.source.corpus import read_corpus

    for document in read_corpus(CORPUS):
        lines = split_lines(document.text)
        for unit in segment(document).units:
            for (offset, line, column), word in zip(unit.anchors, unit.text.split(" ")):
                assert lines[line - 1][column - 1 :].split()[0] == word, (document.path.name, unit.line, word)


def test_a_very_long_hard_wrapped_paragraph_is_one_unit():
    # 2 MB wrapped at 72 columns: ~28,000 lines joined into one unit.
    text = _big_paragraph(2 * MB)
    wrapped = "\n".join(textwrap.wrap(text, 72, break_on_hyphens=False, break_long_words=False))
    result = segment(Document(Path("wrapped.txt"), wrapped))
    assert len(result.units) == 1 and result.units[0].text == text
    assert re.fullmatch(r"\S+( \S+)*", result.units[0].text)


# -- scaling with the glossary's size --------------------------------------------------------------


class _CountingGlossary:
    """The two attributes near_misses reads, counting how often the entries are walked."""

    def __init__(self, glossary):
        self._glossary, self.walks = glossary, 0
        self.version = glossary.version

    @property
    def terms(self):
        self.walks += 1
        return self._glossary.terms


def test_the_near_miss_check_walks_the_glossary_once_not_once_per_paragraph():
    from pipeline.checks.nearmiss import near_misses
    from pipeline.glossary import load_glossary

    glossary = _CountingGlossary(load_glossary(ROOT / "glossary"))
    paragraphs = [f"Paragraph {n}: the Ombudsman met Heydar Aliyef in Khojali." for n in range(50)]
    found = [near_misses(glossary, text, []) for text in paragraphs]
    assert all(found)  # Aliyef is a near miss (of Aliyev) in every paragraph
    assert glossary.walks <= 2, f"the glossary was walked {glossary.walks} times for {len(paragraphs)} paragraphs"
