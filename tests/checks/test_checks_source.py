"""Checks on English sources: forbidden and deprecated variants, inconsistent names, glued words, near misses."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.checks.runner import check_document, run_checks
from pipeline.checks.words import _CAMEL, _CAMEL_HINT, _finditer_near, find_glued
from pipeline.glossary import load_glossary
from pipeline.glossary.hints import multiword_names

ROOT = Path(__file__).resolve().parents[2]

GLOSSARY = """\
category: place
terms:
  - id: khojaly
    term: Khojaly
    forbidden: [{form: Khodjaly, reason: old transliteration}]
    locales: {az: {rendering: Xocalı}, ru: {rendering: Ходжалы}, tr: {rendering: Hocalı}}
  - id: khankendi
    term: Khankendi
    forbidden: [{form: Stepanakert, reason: the client's policy}]
    locales: {az: {rendering: Xankəndi}, ru: {rendering: Ханкенди}, tr: {rendering: Hankendi}}
  - id: baku
    term: Baku
    locales: {az: {rendering: Bakı}, ru: {rendering: Баку}, tr: {rendering: Bakü}}
  - id: heydar-aliyev
    term: Heydar Aliyev
    category: person
    locales: {az: {rendering: Heydər Əliyev}, ru: {rendering: Гейдар Алиев}, tr: {rendering: Haydar Aliyev}}
  - id: regiment
    term: 366th Motorized Rifle Regiment
    category: organisation
    variants: [366th motorized rifle regiment, 366th Regiment]
    forbidden: [{form: 366th moto-artillery regiment, reason: non-standard name, severity: warning}]
    locales: {az: {rendering: 366-cı motoatıcı alay}, ru: {rendering: 366-й мотострелковый полк}, tr: {rendering: 366. Motorlu Piyade Alayı}}
"""


@pytest.fixture(scope="module")
def glossary(tmp_path_factory):
    directory = tmp_path_factory.mktemp("glossary")
    (directory / "terms.yaml").write_text(GLOSSARY, encoding="utf-8")
    return load_glossary(directory)


def findings(tmp_path, glossary, text: str):
    path = tmp_path / "doc.txt"
    path.write_text(text, encoding="utf-8")
    return [(f.rule, f.severity, f.line, f.column, f.found) for f in check_document(path, glossary)]


def test_forbidden_variant_is_an_error_with_the_suggestion(tmp_path, glossary):
    path = tmp_path / "doc.txt"
    path.write_text("Title\n\nThe troops stood in Stepanakert for weeks.\n")
    (finding,) = check_document(path, glossary)
    assert (finding.rule, finding.severity, finding.line, finding.column) == ("forbidden-variant", "error", 3, 21)
    assert finding.suggestion == "Khankendi" and finding.found == "Stepanakert"


def test_deprecated_variant_is_a_warning(tmp_path, glossary):
    assert findings(tmp_path, glossary, "It was the 366th moto-artillery regiment that attacked.") == [
        ("deprecated-variant", "warning", 1, 12, "366th moto-artillery regiment")
    ]


def test_canonical_forms_and_possessives_raise_nothing(tmp_path, glossary):
    text = "Khojaly’s residents fled to Baku’s suburbs; Khankendi and Khojaly's people, said Heydar Aliyev."
    assert findings(tmp_path, glossary, text) == []


def test_one_entity_named_two_ways_in_a_document(tmp_path, glossary):
    text = "The 366th Motorized Rifle Regiment was stationed nearby.\n\nLater the 366th Regiment took part in the attack.\n"
    assert findings(tmp_path, glossary, text) == [("inconsistent-naming", "warning", 3, 11, "366th Regiment")]


def test_near_miss_of_a_glossary_name(tmp_path, glossary):
    assert findings(tmp_path, glossary, "The order was signed by Heydar Aliyef in 1994.") == [("near-miss", "warning", 1, 32, "Aliyef")]
    # Demonyms and real English words are not near misses.
    assert findings(tmp_path, glossary, "Bakus and Khojalyan are made up, but Khojaly is not.") == []


def test_a_word_seen_again_gets_the_same_verdict(tmp_path, glossary):
    # Verdicts are remembered per word: the second time must say what the first said.
    text = "Aliyef met Aliyef. Khojalyan and Khojalyan. Aliyef."
    assert findings(tmp_path, glossary, text) == [("near-miss", "warning", 1, column, "Aliyef") for column in (1, 12, 45)]
    assert findings(tmp_path, glossary, text) == [("near-miss", "warning", 1, column, "Aliyef") for column in (1, 12, 45)]


@pytest.mark.parametrize(
    "text, glued",
    [
        ("on the 30thAnniversary of", "30thAnniversary"),
        ("whereas1275 people", "whereas1275"),
        ("the Genocide Convention,the Convention", ",the"),
        ("“BBC”reported about", "”reported"),
        ("The Khojaly genocideis one of", "genocideis"),
        ("in the history ofhumanity", "ofhumanity"),
    ],
)
def test_glued_words(text, glued):
    assert [g.text for g in find_glued(text)] == [glued]


@pytest.mark.parametrize(
    "text",
    [
        "iPhone, McDonald and News.Az",
        "the 1990s, the 26th, 2nd and 3rd",
        "No. 8/42-C",
        "U.S. and U.K.",
        "one of the hundredth townlets",
        "Nagorno-Karabakh, re-affirmed",
        "“quoted”, and then",
    ],
)
def test_ordinary_text_is_not_glued(text):
    assert find_glued(text) == []


def _spellchecker_json() -> bytes:
    import importlib.util

    spec = importlib.util.find_spec("spellchecker")
    return (Path(spec.origin).parent / "resources" / "en.json.gz").read_bytes()


def test_the_english_word_list_is_pyspellchecker_s(tmp_path, monkeypatch):
    """Built from en.json.gz without parsing it, stored in the user cache and read back: the same
    words and frequencies as SpellChecker(language="en") has, and nothing else."""
    from spellchecker import SpellChecker

    from pipeline.checks import words

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    expected = dict(SpellChecker(language="en", distance=1).word_frequency.dictionary)
    words.english_words.cache_clear()
    try:
        built = words.english_words()  # made and stored
        words.english_words.cache_clear()
        stored = words.english_words()  # read from the cache
    finally:
        words.english_words.cache_clear()
    assert list((tmp_path / "l10n-pipeline").glob("en-words-*"))
    for english in (built, stored):
        assert len(english) == len(expected) and sorted(english) == sorted(expected)
        assert all(english.get(word) == frequency for word, frequency in expected.items())
        assert [english.get(w) for w in ("genocideis", "Khojaly", 'a"b', "\ud800", "")] == [None] * 5


def test_an_english_word_list_of_another_shape_reads_as_pyspellchecker_reads_it():
    """Out of order, indented, upper-case or non-integer entries: parsed as JSON, lower-cased and summed."""
    import gzip
    import json
    import random

    from pipeline.checks.words import EnglishWords

    original = json.loads(gzip.decompress(_spellchecker_json()))
    entries = list(original.items())
    random.Random(3).shuffle(entries)
    for shape in ({"indent": 0, "ensure_ascii": False}, {"indent": 2}):
        english = EnglishWords.from_json_gz(gzip.compress(json.dumps(dict(entries), **shape).encode()))
        assert len(english) == len(original) and all(english[w] == f for w, f in entries[:20_000])
    odd = EnglishWords.from_json_gz(gzip.compress(json.dumps({"Apple": 2, "apple": 3, "pear": 1.5}).encode()))
    assert dict(odd) == {"apple": 5, "pear": 1.5}


@pytest.mark.parametrize("piece", [1, 20, 1 << 16])
@pytest.mark.parametrize(
    "lines",
    [
        ['"apple": 3', '"pear": 1', '"plum": 2'],  # as shipped: one line each, sorted
        ['"pear": 1', '"apple": 3', '"plum": 2'],  # out of order at the start
        ['"apple": 3', '"plum": 2', '"pear": 1'],  # out of order at the end
        ['"apple": 3', '"apple": 2', '"Pear": 1'],  # twice, and a capital: summed and lower-cased
        ['"apple": 3', '"p\\u00e9ar": 1.5'],  # an escape, a fraction
    ],
)
def test_a_list_in_the_shipped_shape_reads_a_piece_at_a_time_as_pyspellchecker_reads_it(monkeypatch, piece, lines):
    """The shipped shape is judged a piece at a time (pieces of ``piece`` bytes): the same list whatever the cuts."""
    import gzip
    import json

    from pipeline.checks import words

    monkeypatch.setattr(words, "_PIECE", piece)
    text = "{\n" + ",\n".join(lines) + "\n}"
    expected: dict = {}
    for word, frequency in json.loads(text).items():
        expected[word.lower()] = expected.get(word.lower(), 0) + frequency
    english = words.EnglishWords.from_json_gz(gzip.compress(text.encode()))
    assert dict(english) == expected and len(english) == len(expected)
    assert dict(words.EnglishWords.from_bytes(english.to_bytes())) == expected


def test_a_cut_or_damaged_word_list_in_the_cache_is_not_used():
    import gzip
    import json

    from pipeline.checks.words import EnglishWords

    stored = EnglishWords.from_json_gz(gzip.compress(json.dumps({"apple": 3, "pear": 1}).encode())).to_bytes()
    assert dict(EnglishWords.from_bytes(stored)) == {"apple": 3, "pear": 1}
    assert b"".join(EnglishWords.from_bytes(stored).to_chunks()) == stored  # stored again as read, not copied
    for damaged in (stored[:-4], stored[: len(stored) // 2], b"", b"\0" * len(stored)):
        with pytest.raises(ValueError):
            EnglishWords.from_bytes(damaged)


_GLUE_ATOMS = ["the", "30th", "Anniversary", "iPhone", "McDonald", "’s", "'", ".", "x", "2nd", "_", "abCd"]
_glue_texts = st.lists(st.tuples(st.sampled_from(_GLUE_ATOMS), st.sampled_from(["", " ", "\n", "\u00a0", "\t"])), max_size=40).map(
    lambda parts: "".join(a + b for a, b in parts)
)


def _same_camel_matches(text: str) -> None:
    expected = [(m.span(), m.groups()) for m in _CAMEL.finditer(text)]
    assert [(m.span(), m.groups()) for m in _finditer_near(_CAMEL, _CAMEL_HINT, text)] == expected


@settings(max_examples=200, deadline=None)
@given(st.lists(_glue_texts, min_size=1, max_size=3), st.integers(0, 3000))
def test_camel_case_is_searched_only_near_its_hint_with_the_same_matches(pieces, filler):
    # Slices of the text without a lower-case letter followed by a capital are skipped.
    _same_camel_matches((" " + ("word " * 600)[:filler]).join(pieces))


@pytest.mark.parametrize("at", range(1010, 1030))
def test_camel_case_across_the_edge_of_a_slice_is_found(at):
    _same_camel_matches("x" * at + " 30thAnniversary abCd x" + "y" * 3000 + " the oneMore" + "\n" * 3 + "iPhone")
    assert [g.text for g in find_glued("x" * at + " on the 30thAnniversary of")] == ["30thAnniversary"]


def test_the_corpus_findings_are_exactly_these():
    glossary = load_glossary(ROOT / "glossary")
    result = run_checks([ROOT / "corpus"], glossary, multiword_names(glossary))
    got = sorted((Path(f.path).name[:7], f.line, f.column, f.rule, f.severity, f.found) for f in result.findings)
    assert got == sorted(
        [
            ("2018-02", 11, 136, "deprecated-variant", "warning", "366th moto-artillery regiment"),
            ("2018-02", 29, 261, "deprecated-variant", "warning", "Situation on the occupied territories of Azerbaijan"),
            ("2018-02", 37, 5, "deprecated-variant", "warning", "Organization of Islamic Conference"),
            ("2022-02", 3, 87, "glued-word", "warning", "30thAnniversary"),
            ("2022-02", 8, 111, "deprecated-variant", "warning", "366th motorized infantry regiment"),
            ("2022-02", 9, 111, "glued-word", "warning", "whereas1275"),
            ("2022-02", 10, 91, "glued-word", "warning", "”reported"),
            ("2022-02", 13, 216, "glued-word", "warning", ",the"),
            ("2022-02", 14, 201, "glued-word", "warning", "genocidalpolicy"),
            ("2022-02", 14, 416, "glued-word", "warning", "destroyedmore"),
            ("2022-02", 21, 13, "glued-word", "warning", "genocideis"),
            ("2022-02", 21, 93, "glued-word", "warning", "ofhumanity"),
            ("2022-02", 21, 128, "glued-word", "warning", "toits"),
            ("2022-02", 22, 234, "glued-word", "warning", ",and"),
            ("2022-02", 22, 269, "glued-word", "warning", "beenbrought"),
            ("2023-02", 17, 195, "forbidden-variant", "error", "Heydar Foundation"),
            ("2025-02", 7, 91, "deprecated-variant", "warning", "366th Motorized Regiment"),
            ("2025-02", 11, 386, "deprecated-variant", "warning", "Convention on the Right of the Child"),
        ]
    )
    # The one error: the truncated foundation name; everything else is a warning.
    assert result.errors == 1
