"""Benchmark 2: machine-translation throughput of the argos engine on a model of real Argos shape.

Runs only when ``pipeline/engines/argos.py`` and ``tests/argos_fixture.py`` exist and
ctranslate2 and sentencepiece import; otherwise it reports "skipped: MT not installed".

The package is built at benchmark time, like the test package of ``tests/argos_fixture.py``
(whose SentencePiece settings and weight-shape rules it follows), but with the shape of a real
Argos Translate model: 6 encoder + 6 decoder layers, width 512, 8 heads, feed-forward 2048,
int8 weights, and a 32,000-entry vocabulary (the BPE SentencePiece model trained on the corpus
has 1,500 pieces, ~1.4 tokens per word as Argos' English models; the model's vocabulary is
padded so the output layer costs what a real one does).

Random weights never emit the end token, so every ``translate_batch`` call of every variant
decodes exactly ``ceil(1.2 × longest source in the call)`` tokens (``min_decoding_length ==
max_decoding_length``).  The engine does not expose its decoding lengths, so the benchmark
wraps the engine's loaded ``ctranslate2.Translator`` in a proxy that sets them (see README:
the hook the engine should offer instead).  Variants, same sentences, same beam size, same
threads:

(a) and (c) are timed twice, alternating around (b) (a, c, b, c, a), and the best of each is
kept, so drift of a shared machine does not decide the ratio (once each with ``--quick``).

a. the pipeline's engine: one ``ArgosEngine.translate`` call with every sentence
   (length-sorted chunks, tokenisation and detokenisation included);
b. one ``translate_batch`` per paragraph (the sentences of one unit), as argostranslate does,
   tokenisation and detokenisation included;
c. raw CTranslate2 on pre-tokenised, length-sorted input in the engine's chunk sizes, no
   tokenisation, no detokenisation, no scores: the limit.

Target tokens per second count the *useful* tokens, ``ceil(1.2 × n)`` for every sentence of
``n`` source tokens, the same total for every variant.  Caveat: a fixed length per call charges
every sentence of a call for the call's longest sentence ("decoded tokens" in the output),
whereas a real model's short sentences stop at their end token and CTranslate2 drops finished
hypotheses from the batch — so this set-up penalises calls that mix lengths (wide engine chunks
and unsorted paragraphs alike) more than real decoding would.
"""

from __future__ import annotations

import json
import math
import sys
import tempfile
from pathlib import Path

from .common import ROOT, now, verdict

LAYERS, WIDTH, HEADS, FFN, VOCAB = 6, 512, 8, 2048, 32_000
SP_VOCAB = 1_500
FULL_COPIES = 2  # the corpus twice: 206 sentences
QUICK_PARAGRAPHS = 16
SPECIALS = ["<blank>", "<unk>", "<s>", "</s>"]


def available() -> str | None:
    """None when the benchmark can run, else why not."""
    if not (ROOT / "pipeline" / "engines" / "argos.py").exists() or not (ROOT / "tests" / "argos_fixture.py").exists():
        return "skipped: MT not installed (pipeline/engines/argos.py or tests/argos_fixture.py missing)"
    try:
        import ctranslate2  # noqa: F401
        import sentencepiece  # noqa: F401
    except ImportError:
        return "skipped: MT not installed (ctranslate2/sentencepiece not importable)"
    return None


def decoded_length(source_tokens: int) -> int:
    """The fixed output length for a call whose longest source has ``source_tokens`` tokens."""
    return math.ceil(1.2 * source_tokens)


def _train_sentencepiece(prefix: Path, vocab_size: int) -> Path:
    """The fixture's SentencePiece settings, but BPE with a larger vocabulary: ~1.4 tokens per
    word on the corpus, as Argos' English models have (the fixture's 400-piece model cuts ~2)."""
    import sentencepiece as spm

    from . import data

    lines = [line for p in sorted(data.CORPUS.glob("*.txt")) for line in p.read_text(encoding="utf-8").splitlines()
             if line.strip()]
    spm.SentencePieceTrainer.train(
        sentence_iterator=iter(lines), model_prefix=str(prefix), vocab_size=vocab_size, model_type="bpe",
        character_coverage=1.0, minloglevel=2, num_threads=1, hard_vocab_limit=False,
        bos_id=-1, eos_id=2, unk_id=1, pad_id=0, pad_piece="<blank>", unk_piece="<unk>", eos_piece="</s>",
    )
    return prefix.with_suffix(".model")


def _build_model(output_dir: Path, vocabulary: list[str]) -> None:
    """A random-weight Transformer of Argos' real shape, quantised to int8: the test fixture's
    builder (tests/argos_fixture.py) at LAYERS+LAYERS, WIDTH, HEADS, FFN."""
    import importlib.util

    # By path: another distribution's top-level "tests" package may shadow ours on sys.path.
    path = Path(__file__).resolve().parent.parent / "tests" / "argos_fixture.py"
    spec = importlib.util.spec_from_file_location("l10n_argos_fixture", path)
    fixture = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(fixture)
    fixture.build_model(output_dir, vocabulary, width=WIDTH, heads=HEADS, ffn=FFN, layers=LAYERS,
                        quantization="int8", scaled=True)


def build_package(models_dir: Path, to_code: str = "az") -> Path:
    """Install a random-weight en→``to_code`` package directory in ``models_dir``; return it."""
    import sentencepiece as spm

    package = models_dir / f"translate-en_{to_code}-1_9"
    package.mkdir(parents=True)
    sp_path = _train_sentencepiece(models_dir / "sp", SP_VOCAB)
    (package / "sentencepiece.model").write_bytes(sp_path.read_bytes())
    processor = spm.SentencePieceProcessor(model_file=str(sp_path))
    pieces = [processor.id_to_piece(i) for i in range(processor.get_piece_size())]
    vocabulary = SPECIALS + [p for p in pieces if p not in SPECIALS]
    vocabulary += [f"<pad{i}>" for i in range(VOCAB - len(vocabulary))]
    _build_model(package / "model", vocabulary)
    (package / "metadata.json").write_text(json.dumps({
        "package_version": "1.9", "argos_version": "1.9", "from_code": "en", "from_name": "English",
        "to_code": to_code, "to_name": to_code, "type": "translate"}), encoding="utf-8")
    return package


class FixedLength:
    """A ctranslate2.Translator proxy: every call decodes exactly ``decoded_length`` tokens."""

    def __init__(self, translator, log: list):
        self._translator, self._log = translator, log

    def translate_batch(self, source, **options):
        prefix = 1 if options.get("target_prefix") else 0
        length = decoded_length(max(len(s) for s in source)) + prefix
        options["min_decoding_length"] = options["max_decoding_length"] = length
        outputs = self._translator.translate_batch(source, **options)
        self._log.append((len(source), length - prefix))
        return outputs

    def __getattr__(self, name):
        return getattr(self._translator, name)


def _engine_class():
    from pipeline.engines.argos import ArgosEngine

    class FixedLengthEngine(ArgosEngine):
        """The pipeline's engine, its translator wrapped in :class:`FixedLength` (nothing else changed)."""

        calls_log: list = []

        def _load(self, package):
            loaded = super()._load(package)
            if not isinstance(loaded.translator, FixedLength):
                loaded.translator = FixedLength(loaded.translator, self.calls_log)
            return loaded

    return FixedLengthEngine


def run(quick: bool, log=print) -> dict:
    reason = available()
    if reason:
        return {"skipped": reason}
    import ctranslate2
    import sentencepiece as spm

    from pipeline.engines.argos import DEFAULT_BEAM_SIZE
    from pipeline.sentences import split

    from . import data

    units = list(data.corpus_units()[:QUICK_PARAGRAPHS]) if quick else list(data.corpus_units()) * FULL_COPIES
    paragraphs = [split(u) for u in units]
    sentences = [s for p in paragraphs for s in p]
    with tempfile.TemporaryDirectory(prefix="l10n-bench-mt-") as tmp:
        models_dir = Path(tmp) / "packages"
        start = now()
        package = build_package(models_dir)
        build_s = now() - start
        log(f"  model built in {build_s:.1f} s; {len(sentences)} sentences in {len(units)} paragraphs")
        sp = spm.SentencePieceProcessor(model_file=str(package / "sentencepiece.model"))
        tokens = [sp.encode(s, out_type=str) for s in sentences]
        useful = sum(decoded_length(len(t)) for t in tokens)
        source_tokens = sum(len(t) for t in tokens)

        # (a) the engine, one call for everything.
        Engine = _engine_class()
        engine = Engine(models_dir, beam_size=DEFAULT_BEAM_SIZE)
        engine.translate(sentences[:8], "az")  # load + warm up
        threads, max_batch, max_batch_tokens = engine.threads, engine.max_batch, engine.max_batch_tokens

        def run_engine() -> list:
            Engine.calls_log.clear()
            results = engine.translate(sentences, "az")
            assert len(results) == len(sentences) and all(r.text is not None for r in results)
            return list(Engine.calls_log)

        translator = ctranslate2.Translator(str(package / "model"), device="cpu", compute_type="auto",
                                            inter_threads=1, intra_threads=threads)
        fixed_log: list = []
        fixed = FixedLength(translator, fixed_log)
        fixed.translate_batch(tokens[:8], beam_size=DEFAULT_BEAM_SIZE)  # warm up

        # (b) one translate_batch per paragraph, tokenising and detokenising as argostranslate does.
        def run_paragraphs() -> list:
            fixed_log.clear()
            for paragraph in paragraphs:
                batch = [sp.encode(s, out_type=str) for s in paragraph]
                outputs = fixed.translate_batch(batch, beam_size=DEFAULT_BEAM_SIZE, num_hypotheses=1,
                                                return_scores=True, replace_unknowns=True)
                [sp.decode(list(o.hypotheses[0])) for o in outputs]
            return list(fixed_log)

        # (c) raw CTranslate2: pre-tokenised, length-sorted, the engine's chunk sizes.
        order = sorted(range(len(tokens)), key=lambda i: len(tokens[i]))
        chunks, chunk = [], []
        for index in order:
            if chunk and (len(chunk) >= max_batch or (len(chunk) + 1) * len(tokens[index]) > max_batch_tokens):
                chunks.append(chunk)
                chunk = []
            chunk.append(tokens[index])
        chunks.append(chunk)

        def run_raw() -> list:
            fixed_log.clear()
            for chunk in chunks:
                fixed.translate_batch(chunk, beam_size=DEFAULT_BEAM_SIZE)
            return list(fixed_log)

        # (a) and (c) twice, alternating around (b), best of each: drift of a shared machine
        # between runs does not decide the ratio.  (b), 2-3x slower, once.
        timings: dict[str, list[float]] = {"engine": [], "per_paragraph": [], "raw_sorted": []}
        calls: dict[str, list] = {}
        schedule = [("engine", run_engine), ("raw_sorted", run_raw), ("per_paragraph", run_paragraphs)]
        if not quick:
            schedule += [("raw_sorted", run_raw), ("engine", run_engine)]
        for key, function in schedule:
            start = now()
            calls[key] = function()
            timings[key].append(now() - start)
            log(f"  {key}: {timings[key][-1]:.1f} s")
        engine.close()
        engine_s, paragraph_s, raw_s = (min(timings[k]) for k in ("engine", "per_paragraph", "raw_sorted"))
        engine_calls, paragraph_calls, raw_calls = calls["engine"], calls["per_paragraph"], calls["raw_sorted"]

    def decoded(calls):
        return sum(n * length for n, length in calls)

    variants = {
        "engine": {"s": engine_s, "calls": len(engine_calls), "decoded_tokens": decoded(engine_calls)},
        "per_paragraph": {"s": paragraph_s, "calls": len(paragraph_calls), "decoded_tokens": decoded(paragraph_calls)},
        "raw_sorted": {"s": raw_s, "calls": len(raw_calls), "decoded_tokens": decoded(raw_calls)},
    }
    for v in variants.values():
        v["sentences_per_s"] = len(sentences) / v["s"]
        v["target_tokens_per_s"] = useful / v["s"]
        v["decoded_tokens_per_s"] = v["decoded_tokens"] / v["s"]
    result = {
        "model": {"layers": f"{LAYERS}+{LAYERS}", "width": WIDTH, "heads": HEADS, "ffn": FFN, "vocab": VOCAB,
                  "sentencepiece_vocab": sp.get_piece_size(), "quantization": "int8", "build_s": build_s},
        "sentences": len(sentences), "paragraphs": len(units), "source_tokens": source_tokens,
        "target_tokens": useful, "beam_size": DEFAULT_BEAM_SIZE, "threads": threads,
        "ctranslate2": ctranslate2.__version__, "variants": variants,
        "timings_s": timings, "engine_over_raw": raw_s / engine_s, "engine_over_per_paragraph": paragraph_s / engine_s,
    }
    result["targets"] = {
        "engine >= 0.9 x raw CTranslate2": verdict(result["engine_over_raw"], 0.9),
        "engine >= 2 x per-paragraph calls": verdict(result["engine_over_per_paragraph"], 2.0),
    }
    return result


def rows(result: dict) -> list[dict]:
    if "skipped" in result:
        return [{"case": "machine translation", "note": result["skipped"]}]
    labels = {"engine": "(a) pipeline argos engine", "per_paragraph": "(b) one call per paragraph",
              "raw_sorted": "(c) raw CTranslate2, sorted (limit)"}
    out = []
    for key, label in labels.items():
        v = result["variants"][key]
        out.append({"case": label, "s": v["s"], "sps": v["sentences_per_s"], "tps": v["target_tokens_per_s"],
                    "ratio": v["sentences_per_s"] / result["variants"]["raw_sorted"]["sentences_per_s"],
                    "note": f"{v['calls']} calls, {v['decoded_tokens']:,} tokens decoded"})
    return out


if __name__ == "__main__":
    print(json.dumps(run("--quick" in sys.argv), indent=1))
