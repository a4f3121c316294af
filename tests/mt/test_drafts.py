"""Drafting machine translations into catalogs: what is sent, what is written, what is never touched."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import polib
import pytest

from pipeline.mt import packages as models
from pipeline.mt.engines import UnavailableError, get_engine
from pipeline.mt.engines.base import Engine, EngineInfo, EngineResult
from pipeline.mt.memory import Memory
from pipeline.core.model import Rendering, Term
from pipeline.mt.sentences import split
from pipeline.mt.drafts import draft_catalogs

from argos_fixture import argos_archive  # noqa: F401  (session fixture)

CORPUS = Path(__file__).resolve().parents[2] / "corpus"

P1 = "Some 2,500 residents of Khojaly fled. The town was attacked on February 26, 1992."
P2 = "Khojaly was destroyed. Nobody forgot."
HUMAN = "Xocalı dağıdıldı. Heç kim unutmadı."


def catalog(*entries: polib.POEntry) -> polib.POFile:
    po = polib.POFile()
    po.metadata = {"Content-Type": "text/plain; charset=UTF-8", "Language": "az"}
    for entry in entries:
        po.append(entry)
    return po


@dataclass
class _Match:
    start: int
    end: int
    text: str
    term: Term
    kind: str = "term"


class FakeMatcher:
    """Stands in for pipeline.glossary.SourceMatcher: whole-word, case-sensitive matches."""

    def __init__(self, *terms: Term):
        self.terms = terms

    def find(self, text: str) -> list[_Match]:
        found = []
        for term in self.terms:
            for m in re.finditer(rf"\b{re.escape(term.term)}\b", text):
                found.append(_Match(m.start(), m.end(), m.group(0), term))
        return found


KHOJALY = Term("khojaly", "place", "Khojaly", renderings={"az": Rendering("az", "Xocalı")})


class FakeGlossary:
    version = "glossary-v1"


class Counting(Engine):
    """Wraps an engine, counting what is sent to it; optionally damages its output."""

    def __init__(self, inner: Engine, damage=None):
        self.inner, self.damage = inner, damage
        self.name, self.cacheable, self.label, self.produces = inner.name, inner.cacheable, inner.label, inner.produces
        self.streams = False  # the wrapper passes no on_chunk through
        self.batches: list[list[str]] = []

    def info(self, locale):
        return self.inner.info(locale)

    def translate(self, batch, locale, progress=None):
        self.batches.append(list(batch))
        results = self.inner.translate(batch, locale, progress)
        if self.damage:
            results = [EngineResult(self.damage(r.text), r.score) for r in results]
        return results

    @property
    def sent(self) -> int:
        return sum(len(b) for b in self.batches)


class CacheablePseudo(Engine):
    """A deterministic 'real' engine for memory tests: upper-cases, keeps placeholders."""

    name = "fake"

    def info(self, locale):
        return EngineInfo("fake", "fake-en_" + locale, "1.0")

    def translate(self, batch, locale, progress=None):
        return [EngineResult(re.sub(r"[a-z]+", lambda m: m.group(0).upper(), s), -0.25) for s in batch]


# -- what gets written -------------------------------------------------------------------------


def test_pseudo_drafts_are_fuzzy_commented_and_keep_renderings_and_numbers():
    po = catalog(polib.POEntry(msgid=P1, msgstr="", comment="paragraph"))
    stats = draft_catalogs([("a.po", po)], "az", get_engine("pseudo"), Memory(), FakeGlossary(), matcher=FakeMatcher(KHOJALY))
    entry = po[0]
    assert (stats.drafts_written, stats.sent_to_engine, stats.flagged, stats.changed) == (1, 2, 0, ["a.po"])
    assert entry.flags == ["fuzzy"]
    assert entry.comment == "paragraph"  # the template's note stays; provenance is a translator comment
    assert entry.tcomment == "MT: pseudo (pseudo-localisation, not a translation)"
    # One bracketed pseudo sentence per source sentence; rendering and numbers untouched.
    assert entry.msgstr == ("[Şǿḿḗ 2,500 řḗşīḓḗƞŧş ǿƒ Xocalı ƒŀḗḓ. ~~~~~~~~~~] [Ŧħḗ ŧǿẇƞ ẇȧş ȧŧŧȧƈķḗḓ ǿƞ Ƒḗƀřŭȧřẏ 26, 1992. ~~~~~~~~~~~~~]")
    assert stats.drafts[0].missing == () and stats.drafts[0].engine == "pseudo"


def test_a_lost_rendering_keeps_the_draft_fuzzy_with_a_translator_comment():
    drop = lambda text: text.replace("XX1", "").replace("XX4", "")  # noqa: E731  loses Khojaly and 1992
    engine = Counting(CacheablePseudo(), damage=drop)
    po = catalog(polib.POEntry(msgid=P1, msgstr="", tcomment="check dates"))
    stats = draft_catalogs([("a.po", po)], "az", engine, Memory(), FakeGlossary(), matcher=FakeMatcher(KHOJALY))
    entry = po[0]
    assert stats.flagged == 1 and entry.flags == ["fuzzy"]
    assert entry.msgstr == "SOME 2,500 RESIDENTS OF  FLED. THE TOWN WAS ATTACKED ON FEBRUARY 26, ."
    assert entry.tcomment.startswith("check dates\nMT: fake fake-en_az 1.0, score -0.25\nMT lost: Xocalı; 1992 – ")
    assert entry.comment == ""
    assert stats.drafts[0].missing == ("Xocalı", "1992")


def test_entries_with_a_translation_are_never_modified_byte_for_byte(tmp_path):
    po = catalog(
        polib.POEntry(msgid=P2, msgstr=HUMAN, comment="kept", occurrences=[("a.txt", "3")]),
        polib.POEntry(msgid="Fuzzy but filled.", msgstr="Köhnə tərcümə.", flags=["fuzzy"], previous_msgid="Fuzzy, filled."),
        polib.POEntry(msgid="Odd flags.", msgstr="Qəribə.", flags=["no-wrap", "python-format"], tcomment="x"),
        polib.POEntry(msgid="Old one.", msgstr="", obsolete=True),
        polib.POEntry(msgid="One plural.", msgid_plural="Many plurals.", msgstr_plural={0: "", 1: ""}),
        polib.POEntry(msgid=P1, msgstr=""),
    )
    path = tmp_path / "az.po"
    po.save(str(path))
    before = path.read_text(encoding="utf-8")
    loaded = polib.pofile(str(path))
    stats = draft_catalogs([(path, loaded)], "az", get_engine("pseudo"), Memory())
    loaded.save(str(path))
    after = path.read_text(encoding="utf-8")
    assert stats.drafts_written == 1 and stats.pending == 1
    untouched = [block for block in before.split("\n\n") if f'msgid "{P1}"' not in block]
    for block in untouched:
        assert block.strip() in after  # header, translated, fuzzy, obsolete and plural entries
    assert after.count("MT: pseudo") == 1


def test_reviewed_translations_feed_the_memory_and_fill_identical_paragraphs(tmp_path):
    memory = Memory(tmp_path / "tm.sqlite")
    first = catalog(polib.POEntry(msgid=P2, msgstr=HUMAN), polib.POEntry(msgid="Draft.", msgstr="Qaralama.", flags=["fuzzy"]))
    second = catalog(polib.POEntry(msgid=P2, msgstr=""), polib.POEntry(msgid="Draft.", msgstr=""))
    engine = Counting(get_engine("none"))
    stats = draft_catalogs([("one.po", first), ("two.po", second)], "az", engine, memory)
    assert memory.lookup_reviewed("az", P2) == HUMAN
    assert memory.lookup_reviewed("az", "Draft.") is None  # fuzzy is not reviewed
    assert (stats.reviewed_fed, stats.reviewed_hits, stats.drafts_written) == (1, 1, 1)
    assert second[0].msgstr == HUMAN and second[0].flags == ["fuzzy"]
    assert second[0].tcomment == "MT: from translation memory (reviewed translation of the same paragraph)"
    assert second[1].msgstr == "" and engine.sent == 0  # the none engine writes no drafts
    assert stats.changed == ["two.po"]
    # A later run, in another catalog, still finds it in the memory.
    third = catalog(polib.POEntry(msgid=P2, msgstr=""))
    assert draft_catalogs([("three.po", third)], "az", get_engine("pseudo"), memory).reviewed_hits == 1
    assert third[0].msgstr == HUMAN


def test_sentence_memory_hits_and_only_edited_sentences_are_resent():
    memory = Memory()

    def run(*paragraphs):
        engine = Counting(CacheablePseudo())
        po = catalog(*(polib.POEntry(msgid=p, msgstr="") for p in paragraphs))
        return engine, draft_catalogs([("a.po", po)], "az", engine, memory, FakeGlossary(), matcher=FakeMatcher(KHOJALY)), po

    engine, stats, _ = run(P1, P2, "Nobody forgot.")  # "Nobody forgot." repeats a sentence of P2
    assert (engine.sent, stats.sent_to_engine, stats.memory_hits) == (4, 4, 0)
    assert len(engine.batches) == 1  # all sentences in one call
    engine, stats, po = run(P1, P2)
    assert (engine.sent, stats.memory_hits, stats.drafts_written) == (0, 4, 2)
    assert po[0].tcomment == "MT: fake fake-en_az 1.0, score -0.25"
    engine, stats, _ = run(P1.replace("fled.", "left."), P2)
    assert engine.batches == [["Some XX0 residents of XX1 left."]]
    assert stats.memory_hits == 3
    # Another glossary version misses the cache.
    FakeGlossary.version = "glossary-v2"
    try:
        engine, stats, _ = run(P2)
        assert engine.sent == 2
    finally:
        FakeGlossary.version = "glossary-v1"


def test_dry_run_counts_without_calling_the_engine_or_writing(tmp_path):
    class Exploding(CacheablePseudo):
        def translate(self, batch, locale, progress=None):
            raise AssertionError("dry run must not translate")

    memory = Memory(tmp_path / "tm.sqlite")
    po = catalog(
        polib.POEntry(msgid=P1, msgstr=""), polib.POEntry(msgid=P2, msgstr=""), polib.POEntry(msgid="Reviewed.", msgstr="Baxılıb.")
    )
    before = str(po)
    stats = draft_catalogs([("a.po", po)], "az", Exploding(), memory, dry_run=True)
    assert (stats.pending, stats.sent_to_engine, stats.drafts_written, stats.changed) == (2, 4, 0, [])
    assert str(po) == before
    assert memory.counts() == {"sentences": 0, "reviewed": 0}
    assert stats.to_dict()["dry_run"] is True


def test_progress_is_reported_in_sentences():
    seen = []
    po = catalog(polib.POEntry(msgid=P1, msgstr=""), polib.POEntry(msgid=P2, msgstr=""))
    draft_catalogs([("a.po", po)], "az", get_engine("pseudo"), Memory(), on_progress=lambda done, total: seen.append((done, total)))
    assert seen[0] == (0, 4) and seen[-1] == (4, 4)


def test_a_cleared_draft_is_redrafted_without_duplicate_comments():
    po = catalog(polib.POEntry(msgid=P2, msgstr=""))
    draft_catalogs([("a.po", po)], "az", get_engine("pseudo"), Memory())
    po[0].msgstr = ""  # a reviewer asks for a new draft
    draft_catalogs([("a.po", po)], "az", get_engine("pseudo"), Memory())
    assert po[0].tcomment.count("MT:") == 1 and po[0].flags == ["fuzzy"]


def test_an_unavailable_locale_fails_before_touching_anything(tmp_path):
    po = catalog(polib.POEntry(msgid=P1, msgstr=""), polib.POEntry(msgid=P2, msgstr=HUMAN))
    memory = Memory()
    with pytest.raises(UnavailableError, match="no model installed for en→az"):
        draft_catalogs([("a.po", po)], "az", get_engine("auto", tmp_path), memory)
    assert po[0].msgstr == "" and memory.counts()["reviewed"] == 0


def test_the_project_glossary_protects_its_renderings():
    from pipeline.glossary import Glossary, load_glossary

    glossary = load_glossary(Path(__file__).resolve().parents[2] / "glossary")
    text = "Some 2,500 residents of Khojaly fled. The Heydar Aliyev Foundation and the Organization of Islamic Conference spoke."
    expected = {"az": ("Xocalı", "Heydər Əliyev Fondu"), "ru": ("Ходжалы", "Фонд Гейдара Алиева"), "tr": ("Hocalı", "Haydar Aliyev Vakfı")}
    for locale, renderings in expected.items():
        po = catalog(polib.POEntry(msgid=text, msgstr=""))
        stats = draft_catalogs([("a.po", po)], locale, get_engine("pseudo"), Memory(), glossary)
        for rendering in renderings:
            assert rendering in po[0].msgstr
        assert "2,500" in po[0].msgstr and stats.flagged == 0
        assert "Islamic" not in po[0].msgstr  # a forbidden (former) name is left to the engine
    # An in-memory glossary works the same way, and its version keys the memory.
    small = Glossary((KHOJALY,))
    po = catalog(polib.POEntry(msgid=P2, msgstr=""))
    draft_catalogs([("a.po", po)], "az", get_engine("pseudo"), Memory(), small)
    assert po[0].msgstr.startswith("[Xocalı ")


# -- the argos engine end to end ---------------------------------------------------------------------


def corpus_catalogs() -> list[tuple[str, polib.POFile]]:
    result = []
    for path in sorted(CORPUS.glob("*.txt")):
        paragraphs = [" ".join(b.split()) for b in path.read_text(encoding="utf-8").split("\n\n")]
        result.append((f"{path.stem}.po", catalog(*(polib.POEntry(msgid=p, msgstr="") for p in dict.fromkeys(paragraphs) if p))))
    return result


def test_argos_end_to_end_install_draft_cache_and_edit(argos_archive, tmp_path):  # noqa: F811
    packages = tmp_path / "packages"
    models.install_from_file(argos_archive, packages)
    memory = Memory(tmp_path / ".l10n" / "tm.sqlite")
    catalogs = corpus_catalogs()
    # A reviewer already translated one paragraph: it must survive untouched.
    reviewed = catalogs[0][1][1]
    reviewed.msgstr, reviewed.tcomment = "İnsan tərcüməsi.", "reviewed by A."
    reviewed_text = str(reviewed)
    paragraphs = [e.msgid for _, po in catalogs for e in po if not e.msgstr]
    sentences = list(dict.fromkeys(s for p in paragraphs for s in split(p)))

    engine = Counting(get_engine("argos", packages))
    stats = draft_catalogs(catalogs, "az", engine, memory, FakeGlossary(), matcher=FakeMatcher(KHOJALY))
    assert len(engine.batches) == 1 and engine.sent == len(sentences) == stats.sent_to_engine
    assert engine.inner.calls <= len(sentences) // 32 + 2  # batched decoder calls, not one per sentence
    assert stats.drafts_written == len(paragraphs) and stats.memory_hits == 0
    assert len(stats.changed) == len(catalogs)
    assert str(reviewed) == reviewed_text
    for _, po in catalogs:
        for entry in po:
            if entry is reviewed:
                continue
            assert entry.msgstr and entry.flags == ["fuzzy"]
            mt, *lost = entry.tcomment.split("\n")
            assert re.fullmatch(r"MT: argos translate-en_az 1\.9, score -?\d+\.\d\d", mt)
            if lost:  # noise from a random model loses placeholders: flagged, kept
                assert lost[0].startswith("MT lost: ")
    assert stats.flagged == sum(1 for d in stats.drafts if d.missing) > 0

    # Second run over fresh copies: sentences come from the sentence memory, the reviewed
    # paragraph from the reviewed memory.
    engine = Counting(get_engine("argos", packages))
    stats = draft_catalogs(corpus_catalogs(), "az", engine, memory, FakeGlossary(), matcher=FakeMatcher(KHOJALY))
    assert (engine.sent, stats.sent_to_engine, stats.memory_hits, stats.reviewed_hits) == (0, 0, len(sentences), 1)
    assert engine.inner.calls == 0 and not engine.inner._loaded  # the model was not even loaded

    # Editing one paragraph re-sends only its changed sentence.
    fresh = corpus_catalogs()
    edited = next(e for e in fresh[3][1] if len(split(e.msgid)) > 2)
    first_sentence = split(edited.msgid)[0]
    edited.msgid = edited.msgid.replace(first_sentence, first_sentence.rstrip(".") + " indeed.", 1)
    engine = Counting(get_engine("argos", packages))
    stats = draft_catalogs(fresh, "az", engine, memory, FakeGlossary(), matcher=FakeMatcher(KHOJALY))
    assert engine.sent == 1 and split(edited.msgid)[0].endswith("indeed.")
    assert edited.msgstr and edited.flags == ["fuzzy"]

    # A run killed half way keeps the chunks already decoded: the next run resumes there.
    fresh = corpus_catalogs()
    for _, po in fresh:
        for entry in po:
            entry.msgid = entry.msgid.replace("Khojaly", "Khojaly town")  # all new sentences
    pending = draft_catalogs(
        fresh, "az", get_engine("argos", packages), memory, FakeGlossary(), matcher=FakeMatcher(KHOJALY), dry_run=True
    ).sent_to_engine
    assert pending > 40
    engine = get_engine("argos", packages, max_batch=16)

    def kill_after_two_chunks(done, total):
        if done >= 32:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        draft_catalogs(fresh, "az", engine, memory, FakeGlossary(), matcher=FakeMatcher(KHOJALY), on_progress=kill_after_two_chunks)
    assert all(not e.msgstr for _, po in fresh for e in po)  # no catalog was touched
    resumed = Counting(get_engine("argos", packages))
    stats = draft_catalogs(fresh, "az", resumed, memory, FakeGlossary(), matcher=FakeMatcher(KHOJALY))
    assert resumed.sent == stats.sent_to_engine == pending - 32  # two chunks of 16 were kept

    # Already drafted catalogs are left alone: nothing pending, nothing sent, nothing changed.
    again = draft_catalogs(catalogs, "az", Counting(get_engine("argos", packages)), memory)
    assert (again.pending, again.sent_to_engine, again.changed) == (0, 0, [])
