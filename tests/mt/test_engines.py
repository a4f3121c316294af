"""Engines: the registry, pseudo-localisation, none, and argos on a real (tiny) package."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

import pytest

from pipeline.mt import packages as models
from pipeline.mt.engines import ENGINES, UnavailableError, get_engine
from pipeline.mt.engines.argos import decoding_limit
from pipeline.mt.engines.pseudo import pseudolocalise
from pipeline.core.errors import InputError
from pipeline.mt.sentences import split

from argos_fixture import argos_archive  # noqa: F401  (session fixture)

CORPUS = Path(__file__).resolve().parents[2] / "corpus"
ROOT = Path(__file__).resolve().parents[2]


def corpus_sentences() -> list[str]:
    return [
        s
        for path in sorted(CORPUS.glob("*.txt"))
        for block in path.read_text(encoding="utf-8").split("\n\n")
        for s in split(" ".join(block.split()))
    ]


# -- registry and import cost ------------------------------------------------------------------


def test_registry_knows_every_engine_and_refuses_others():
    assert ENGINES == ("argos", "pseudo", "none", "auto")
    assert [get_engine(n).name for n in ENGINES] == ["argos", "pseudo", "none", "argos"]
    with pytest.raises(InputError, match="unknown engine 'deepl'; use one of: argos, pseudo, none, auto"):
        get_engine("deepl")


def test_importing_engines_loads_no_ml_library(tmp_path):
    code = (
        "import sys, json; import pipeline.mt.engines as e; "
        f"engine = e.get_engine('argos', {str(tmp_path)!r}); "
        "heavy = ['ctranslate2', 'sentencepiece', 'argostranslate', 'stanza', 'spacy', 'torch', 'numpy']; "
        "print(json.dumps([m for m in heavy if m in sys.modules]))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True)
    assert json.loads(out.stdout) == []


# -- pseudo and none -------------------------------------------------------------------------------


def test_pseudo_accents_lengthens_and_brackets():
    out = pseudolocalise("The town was attacked.")
    assert out.startswith("[Ŧħḗ ŧǿẇƞ ẇȧş ȧŧŧȧƈķḗḓ.") and out.endswith("~]")
    assert len(out) >= len("The town was attacked.") * 1.3


def test_pseudo_keeps_placeholders_numbers_and_format_tokens():
    out = pseudolocalise("XX0 met XX12 on 26 February, {name} saw %s and %(count)d <b>people</b> &amp; more.")
    for kept in ("XX0", "XX12", "26", "{name}", "%s", "%(count)d", "<b>", "</b>", "&amp;"):
        assert kept in out
    assert "February" not in out and "people" not in out


def test_pseudo_engine_translates_every_sentence_with_progress():
    seen = []
    results = get_engine("pseudo").translate(["One.", "", "Two XX0."], "az", progress=seen.append)
    assert [r.text for r in results] == ["[Ǿƞḗ. ~~]", "", "[Ŧẇǿ XX0. ~~~]"]
    assert seen == [3]


def test_none_engine_translates_nothing():
    engine = get_engine("none")
    assert engine.info("az").describe() == "none"
    assert [r.text for r in engine.translate(["One.", "Two."], "az")] == [None, None]


# -- argos -------------------------------------------------------------------------------------------


@pytest.fixture()
def packages(argos_archive, tmp_path):  # noqa: F811
    target = tmp_path / "packages"
    models.install_from_file(argos_archive, target)
    return target


def test_argos_describes_the_installed_package(packages):
    engine = get_engine("argos", packages)
    info = engine.info("az")
    assert (info.engine, info.package, info.version) == ("argos", "translate-en_az", "1.9")
    assert info.describe() == "argos translate-en_az 1.9"
    assert get_engine("auto", packages).info("az") == info


@pytest.mark.parametrize("name", ["argos", "auto"])
def test_a_locale_without_a_package_says_how_to_install_one(packages, name):
    with pytest.raises(UnavailableError) as error:
        get_engine(name, packages).info("ru")
    assert str(error.value) == (
        f"{packages}: no model installed for en→ru; install one with "
        "`l10n models install FILE.argosmodel` or `l10n models install en-ru` when online"
    )


def test_argos_bpe_packages_are_refused_clearly(tmp_path):
    package = tmp_path / "translate-en_tr"
    (package / "model").mkdir(parents=True)
    (package / "bpe.model").write_text("")
    (package / "metadata.json").write_text('{"from_code": "en", "to_code": "tr"}')
    with pytest.raises(UnavailableError, match="bpe tokenizer, which this pipeline does not support"):
        get_engine("argos", tmp_path).info("tr")


class _Recorder:
    """Wraps a ctranslate2.Translator and records each translate_batch call."""

    def __init__(self, translator):
        self.translator = translator
        self.calls: list[dict] = []

    def translate_batch(self, source, **options):
        results = self.translator.translate_batch(source, **options)
        self.calls.append({"lengths": [len(s) for s in source], "options": options, "outputs": [len(r.hypotheses[0]) for r in results]})
        return results


def test_argos_translates_a_batch_in_length_sorted_chunks_and_restores_order(packages):
    engine = get_engine("argos", packages, max_batch=16)
    sentences = corpus_sentences()[:40]
    first = engine.translate(sentences[:2], "az")  # loads the model
    assert len(first) == 2
    loaded = next(iter(engine._loaded.values()))
    recorder = _Recorder(loaded.translator)
    loaded.translator = recorder

    batch = sentences + ["", sentences[0]]
    done = []
    results = engine.translate(batch, "az", progress=done.append)

    assert len(results) == len(batch)
    assert results[-2].text == "" and results[-1].text == results[0].text  # deterministic, in order
    assert all(isinstance(r.text, str) and isinstance(r.score, float) for r in results)
    # 41 non-empty sentences, at most 16 per chunk and 4096 padded tokens: a few calls, not 41.
    assert 3 <= len(recorder.calls) <= 5
    assert all(len(c["lengths"]) <= 16 and len(c["lengths"]) * max(c["lengths"]) <= 4096 for c in recorder.calls)
    lengths = [n for call in recorder.calls for n in call["lengths"]]
    assert lengths == sorted(lengths)  # sorted by length across and within chunks
    for call in recorder.calls:
        cap = decoding_limit(max(call["lengths"]))
        assert call["options"]["max_decoding_length"] == cap
        assert call["options"]["beam_size"] == 2 and call["options"]["return_scores"]
        assert max(call["outputs"]) <= cap  # a random model never stops by itself: the cap stops it
    assert done[-1] == len(batch) and done == sorted(done)
    assert len(engine._loaded) == 1  # one Translator for the package, kept for the run


def test_argos_loads_ctranslate2_only_when_translating(packages):
    code = (
        "import sys, json; from pipeline.mt.engines import get_engine; "
        f"e = get_engine('argos', {str(packages)!r}); e.info('az'); before = 'ctranslate2' in sys.modules; "
        "r = e.translate(['The town was attacked.'], 'az'); "
        "print(json.dumps([before, 'ctranslate2' in sys.modules, 'argostranslate.translate' in sys.modules, "
        "'stanza' in sys.modules, 'torch' in sys.modules, isinstance(r[0].text, str)]))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True)
    assert json.loads(out.stdout) == [False, True, False, False, False, True]


def test_argos_throughput_on_the_tiny_package(packages, capsys):
    engine = get_engine("argos", packages)
    sentences = corpus_sentences()
    engine.translate(sentences[:4], "az")  # warm up: load the model
    start = time.perf_counter()
    results = engine.translate(sentences, "az")
    elapsed = time.perf_counter() - start
    assert len(results) == len(sentences)
    with capsys.disabled():
        print(
            f"\n[argos tiny package] {len(results)} sentences in {elapsed:.2f}s "
            f"= {len(results) / elapsed:.0f} sentences/s (beam 2, decoding capped at 1.5n+10)"
        )
