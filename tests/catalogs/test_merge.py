"""Catalogs: templates from units, and merges that behave like msgmerge and never lose a translation."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import polib
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline.catalogs.merge import merge
from pipeline.catalogs.template import build_template
from pipeline.core.model import Document
from pipeline.catalogs.pofiles import render
from pipeline.source.segment import segment

P1 = "The first paragraph talks about the events of February 1992 in the town of Khojaly."
P2 = "The second paragraph describes what the international press wrote about them afterwards."
P3 = "The third paragraph lists the organisations that recognised the events as a crime."


def template_of(*paragraphs: str, title: str | None = None) -> polib.POFile:
    text = "\n\n".join(([title] if title else []) + list(paragraphs))
    return build_template(segment(Document(Path("doc.txt"), text)), "corpus/doc.txt", "proj", "2026-01-01 00:00+0000")


def translated(po: polib.POFile, msgid: str) -> polib.POEntry:
    return next(e for e in po if e.msgid == msgid and not e.obsolete)


def test_template_has_one_entry_per_unit_with_reference_and_title_comment():
    pot = template_of(P1, P2, title="A short title")
    assert [e.msgid for e in pot] == ["A short title", P1, P2]
    assert pot[0].occurrences == [("corpus/doc.txt", "1")]
    assert "title" in pot[0].comment.lower()
    assert pot[1].occurrences == [("corpus/doc.txt", "3")]


def test_identical_units_share_one_entry_with_all_references():
    pot = template_of(P1, P2, P1)
    assert [e.msgid for e in pot] == [P1, P2]
    assert pot[0].occurrences == [("corpus/doc.txt", "1"), ("corpus/doc.txt", "5")]


def test_new_catalog_has_babel_locale_headers():
    po, report = merge(template_of(P1), None, "ru")
    assert po.metadata["Language"] == "ru"
    assert po.metadata["Plural-Forms"].startswith("nplurals=3;")
    assert po.metadata["Content-Type"] == "text/plain; charset=UTF-8"
    assert po.metadata["X-Generator"].startswith("l10n-pipeline")
    assert report.added == 1
    az, _ = merge(template_of(P1), None, "az")
    assert az.metadata["Plural-Forms"].startswith("nplurals=2;")


def test_unchanged_unit_keeps_translation_flags_and_translator_comment():
    old, _ = merge(template_of(P1, P2), None, "az")
    entry = translated(old, P1)
    entry.msgstr, entry.tcomment, entry.flags = "Birinci abzas.", "checked by Aysel", ["no-wrap"]
    new, report = merge(template_of(P1, P2), old, "az")
    kept = translated(new, P1)
    assert (kept.msgstr, kept.tcomment, kept.flags) == ("Birinci abzas.", "checked by Aysel", ["no-wrap"])
    assert report.kept == 2 and report.fuzzy_matched == 0


def test_changed_paragraph_keeps_old_translation_as_fuzzy_with_previous_msgid():
    old, _ = merge(template_of(P1, P2), None, "az")
    translated(old, P1).msgstr = "Birinci abzas."
    changed = P1.replace("February 1992", "late February 1992")
    new, report = merge(template_of(changed, P2), old, "az")
    entry = translated(new, changed)
    assert entry.msgstr == "Birinci abzas."
    assert "fuzzy" in entry.flags
    assert entry.previous_msgid == P1
    assert report.fuzzy_matched == 1
    assert "#| msgid" in render(new).decode()


def test_removed_unit_becomes_obsolete_and_comes_back_when_the_unit_returns():
    old, _ = merge(template_of(P1, P2), None, "tr")
    translated(old, P2).msgstr = "İkinci paragraf."
    without, report = merge(template_of(P1), old, "tr")
    assert report.obsoleted == 1
    assert [e.msgid for e in without if e.obsolete] == [P2]
    assert "#~ msgid" in render(without).decode()
    back, report = merge(template_of(P1, P2), without, "tr")
    assert translated(back, P2).msgstr == "İkinci paragraf." and report.revived == 1
    assert not [e for e in back if e.obsolete]


def test_untranslated_removed_unit_is_simply_dropped():
    old, _ = merge(template_of(P1, P2), None, "tr")
    new, _ = merge(template_of(P1), old, "tr")
    assert [e.msgid for e in new] == [P1]


def test_entry_order_follows_the_document():
    old, _ = merge(template_of(P1, P2, P3), None, "ru")
    new, _ = merge(template_of(P3, P1, P2), old, "ru")
    assert [e.msgid for e in new] == [P3, P1, P2]


def test_translator_header_fields_survive_a_merge():
    old, _ = merge(template_of(P1), None, "ru")
    old.metadata["Last-Translator"] = "Irina <irina@example.org>"
    new, _ = merge(template_of(P1, P2), old, "ru")
    assert new.metadata["Last-Translator"] == "Irina <irina@example.org>"


def test_hints_become_extracted_comments():
    new, _ = merge(template_of(P1), None, "az", hints=lambda msgid: ["Glossary: Khojaly → Xocalı"])
    assert "Glossary: Khojaly → Xocalı" in translated(new, P1).comment


@pytest.mark.skipif(shutil.which("msgfmt") is None, reason="GNU gettext's msgfmt is not installed")
def test_catalogs_pass_msgfmt_check(tmp_path):
    old, _ = merge(template_of(P1, P2, title="Title"), None, "ru")
    translated(old, P1).msgstr = "Первый абзац."
    new, _ = merge(template_of(P1.replace("1992", "1992 and 1993"), title="Title"), old, "ru")
    for name, po in (("doc.pot", template_of(P1)), ("doc.po", new)):
        path = tmp_path / name
        path.write_bytes(render(po))
        result = subprocess.run(["msgfmt", "--check", "-o", "/dev/null", str(path)], capture_output=True, text=True)
        assert result.returncode == 0, result.stderr


# --- The property: random source edits interleaved with translator edits and re-runs ---------

_WORDS = ["Khojaly", "events", "press", "February", "1992", "town", "people", "report", "campaign", "world"]


@st.composite
def _paragraph(draw):
    words = draw(st.lists(st.sampled_from(_WORDS), min_size=12, max_size=18))
    return "Paragraph " + " ".join(words) + "."


_edit = st.one_of(
    st.tuples(st.just("insert"), st.integers(0, 20), _paragraph()),
    st.tuples(st.just("delete"), st.integers(0, 20), st.none()),
    st.tuples(st.just("change"), st.integers(0, 20), st.sampled_from(_WORDS)),
    # What a person types: any text but control characters and line/paragraph separators.
    st.tuples(
        st.just("translate"),
        st.integers(0, 20),
        st.text(st.characters(blacklist_categories=("Cc", "Cs", "Zl", "Zp")), min_size=1, max_size=20).filter(str.strip),
    ),
    st.tuples(st.just("rerun"), st.just(0), st.none()),
)


def _polib_readable(text: str) -> str:
    """``text`` without the previous msgid of obsolete entries (``#~|``): GNU gettext writes and
    reads those lines, polib writes them but skips them when it parses a file."""
    return "\n".join(line for line in text.split("\n") if not line.startswith("#~|"))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_paragraph(), min_size=1, max_size=6, unique=True), st.lists(_edit, max_size=25))
def test_reruns_never_lose_a_translation_and_keep_changed_ones_as_fuzzy(paragraphs, edits):
    paragraphs = list(paragraphs)
    po, _ = merge(template_of(*paragraphs), None, "az")
    for action, index, value in edits:
        changed_from = None
        if action == "insert" and value not in paragraphs:
            paragraphs.insert(index % (len(paragraphs) + 1), value)
        elif action == "delete" and len(paragraphs) > 1:
            paragraphs.pop(index % len(paragraphs))
        elif action == "change":
            i = index % len(paragraphs)
            edited = paragraphs[i][:-1] + " " + value + "."
            if edited not in paragraphs:
                changed_from, paragraphs[i] = paragraphs[i], edited
        elif action == "translate":  # a person translates and reviews one entry
            live = [e for e in po if not e.obsolete]
            entry = live[index % len(live)]
            entry.msgstr, entry.flags, entry.previous_msgid = value, [], None
        before = {e.msgid: e for e in po if not e.obsolete}
        reviewed = {m: e.msgstr for m, e in before.items() if e.msgstr and "fuzzy" not in e.flags}
        every_translation = {e.msgstr for e in po if e.msgstr}
        # A paragraph changed back to a text the catalog already translated gets that translation.
        translated_before = {e.msgid for e in po if e.msgstr}

        po, _ = merge(template_of(*paragraphs), po, "az")

        live = {e.msgid: e for e in po if not e.obsolete}
        # 1. An unchanged paragraph keeps its reviewed translation, byte for byte, not fuzzy.
        for msgid, text in reviewed.items():
            if msgid in live:
                assert live[msgid].msgstr == text and "fuzzy" not in live[msgid].flags
        # 2. A changed paragraph keeps its old translation, fuzzy, with the previous msgid.
        if changed_from is not None and changed_from in reviewed and paragraphs[index % len(paragraphs)] not in translated_before:
            entry = live[paragraphs[index % len(paragraphs)]]
            assert entry.msgstr == reviewed[changed_from]
            assert "fuzzy" in entry.flags and entry.previous_msgid == changed_from
        # 3. No translation is ever lost: each is still in the file, live or obsolete.
        assert every_translation <= {e.msgstr for e in po if e.msgstr}
        # 4. The file format round-trips (but for what polib's reader cannot read back).
        assert _polib_readable(polib.pofile(render(po).decode()).__unicode__()) == _polib_readable(po.__unicode__())


def test_machine_draft_provenance_survives_a_merge_as_a_translator_comment():
    old, _ = merge(template_of(P1, P2), None, "az")
    draft = translated(old, P1)
    draft.msgstr, draft.flags = "Qaralama.", ["fuzzy"]
    draft.comment = "MT: argos translate-en_az 1.9, score -0.42"  # the older, extracted-comment layout
    new, _ = merge(template_of(P1, P2), old, "az", hints=lambda msgid: ["Glossary: Khojaly → Xocalı"])
    entry = translated(new, P1)
    assert entry.comment == "Glossary: Khojaly → Xocalı"
    assert entry.tcomment == "MT: argos translate-en_az 1.9, score -0.42"
    again, _ = merge(template_of(P1, P2), new, "az")
    assert translated(again, P1).tcomment == "MT: argos translate-en_az 1.9, score -0.42"


def test_a_reviewed_draft_loses_its_stale_notes_but_never_its_translation():
    old, _ = merge(template_of(P1, P2), None, "az")
    draft = translated(old, P1)
    draft.msgstr, draft.flags = "Yoxlanmış.", []  # a person removed the fuzzy flag
    draft.tcomment = "check dates\nMT: argos translate-en_az 1.9, score -0.42\nMT lost: 1992 – put it back"
    new, _ = merge(template_of(P1, P2), old, "az")
    entry = translated(new, P1)
    assert entry.msgstr == "Yoxlanmış." and entry.flags == []
    assert entry.tcomment == "check dates\nMT: reviewed; drafted by argos translate-en_az 1.9, score -0.42"
    again, _ = merge(template_of(P1, P2), new, "az")
    assert translated(again, P1).tcomment == entry.tcomment  # stable from then on


def test_msgmerge_keeps_the_provenance(tmp_path):
    import shutil
    import subprocess

    assert shutil.which("msgmerge"), "GNU gettext's msgmerge is needed: apt-get install gettext"
    template = template_of(P1, P2)
    catalog_, _ = merge(template, None, "az")
    draft = translated(catalog_, P1)
    draft.msgstr, draft.flags, draft.tcomment = "Qaralama.", ["fuzzy"], "MT: argos translate-en_az 1.9, score -0.42"
    (tmp_path / "az.po").write_bytes(render(catalog_))
    (tmp_path / "t.pot").write_bytes(render(template))
    subprocess.run(["msgmerge", "--quiet", "-o", str(tmp_path / "out.po"), str(tmp_path / "az.po"), str(tmp_path / "t.pot")], check=True)
    merged = polib.pofile(str(tmp_path / "out.po"))
    assert merged.find(P1).tcomment == "MT: argos translate-en_az 1.9, score -0.42"
