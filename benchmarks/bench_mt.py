"""Benchmark 2: machine-translation throughput of the argos engine on a model of real Argos shape.

Runs only when ``pipeline/mt/engines/argos.py`` and ``tests/argos_fixture.py`` exist and
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
the hook the engine should offer instead).  Variants, same sentences, same model:

a. the pipeline's engine: one ``ArgosEngine.translate`` call with every sentence
   (length-sorted chunks, tokenisation, detokenisation, scores and unknown-token replacement
   included);
b. one ``translate_batch`` per paragraph (the sentences of one unit), as argostranslate does,
   tokenisation and detokenisation included;
c. raw CTranslate2, the baseline: ``translate_batch`` on pre-tokenised input (no tokenisation,
   no detokenisation, no scores, no unknown-token replacement), in the same length-sorted
   chunks (the engine's batch settings: at most 64 sentences and 4,096 padded source tokens),
   beam size 2 (the engine's default and ``translate_batch``'s).  The same decoder calls as
   (a), checked on the calls' sizes and lengths; everything else (a) does is its cost.

The raw loops drive the engine's own ``ctranslate2.Translator`` object, so the comparison is
of the code around the decoder and nothing else: two Translator objects built with the same
settings need not run at the same speed (on this machine raw loops on two of them differed by up
to 6 % in one process, presumably where each one's weights and buffers landed in memory), and the
first version of these pairs, with a Translator of its own for raw, charged that to the engine
(0.90-0.92x, against 0.97x on the shared object).  Its settings are recorded while the engine
builds it and checked against what a user of CTranslate2 picks (:func:`baseline_settings`: CPU,
compute type ``auto``, ``inter_threads=1``, ``intra_threads`` = ``os.cpu_count()``).

**Interleaved pairs.**  (a) and (c) are timed in ``PAIRS`` pairs (``QUICK_PAIRS`` with
``--quick``), the order alternating ABBA (engine first, raw first, raw first, engine first, …)
so warm-up and drift favour neither side; the figure is the **median of the per-pair ratios**
(engine sentences/s ÷ raw sentences/s), shown with its spread (quartiles and min–max) and a
distribution-free ~95 % interval of the median (order statistics, :func:`median_interval`): when
the interval contains the 0.95 target, this run cannot tell the engine from the target, and the
summary says so.  A pair sees the same machine load on both sides far more often than two runs
minutes apart do, and the median ignores the pairs a load burst did split.  Before the pairs, each side runs once untimed
(model load, CTranslate2's allocator caches).  (b), several times slower, runs once, half-way through the
pairs, and is compared with the median engine run.  Process CPU time (every thread) is
recorded too: its per-pair ratio moves less with other processes' load than wall time does.

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
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

from .common import ROOT, now, verdict

LAYERS, WIDTH, HEADS, FFN, VOCAB = 6, 512, 8, 2048, 32_000
SP_VOCAB = 1_500
# The corpus's first 32 paragraphs: 56 sentences, two engine chunks (51 and 5 sentences), 10-25 s
# a run on 2 shared cores.  The whole corpus (103 sentences) took 25-55 s a run: shorter runs and
# more pairs, because the two runs of a pair are closer in time and a load burst splits fewer.
FULL_PARAGRAPHS, QUICK_PARAGRAPHS = 32, 4
# Engine/raw pairs.  Even counts, so each side goes first in half of them (ABBA).
PAIRS, QUICK_PAIRS = 12, 6
TARGET = 0.95  # engine sentences/s >= 0.95 x raw, in the median of the pairs
BASELINE_BEAM_SIZE = 2  # translate_batch's default, and the engine's
SPECIALS = ["<blank>", "<unk>", "<s>", "</s>"]


def available() -> str | None:
    """None when the benchmark can run, else why not."""
    if not (ROOT / "pipeline" / "mt" / "engines" / "argos.py").exists() or not (ROOT / "tests" / "argos_fixture.py").exists():
        return "skipped: MT not installed (pipeline/mt/engines/argos.py or tests/argos_fixture.py missing)"
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

    lines = [line for p in sorted(data.CORPUS.glob("*.txt")) for line in p.read_text(encoding="utf-8").splitlines() if line.strip()]
    spm.SentencePieceTrainer.train(
        sentence_iterator=iter(lines),
        model_prefix=str(prefix),
        vocab_size=vocab_size,
        model_type="bpe",
        character_coverage=1.0,
        minloglevel=2,
        num_threads=1,
        hard_vocab_limit=False,
        bos_id=-1,
        eos_id=2,
        unk_id=1,
        pad_id=0,
        pad_piece="<blank>",
        unk_piece="<unk>",
        eos_piece="</s>",
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
    fixture.build_model(output_dir, vocabulary, width=WIDTH, heads=HEADS, ffn=FFN, layers=LAYERS, quantization="int8", scaled=True)


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
    (package / "metadata.json").write_text(
        json.dumps(
            {
                "package_version": "1.9",
                "argos_version": "1.9",
                "from_code": "en",
                "from_name": "English",
                "to_code": to_code,
                "to_name": to_code,
                "type": "translate",
            }
        ),
        encoding="utf-8",
    )
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


def baseline_settings() -> dict:
    """The ``ctranslate2.Translator`` settings a user of CTranslate2 picks on this machine: CPU,
    the fastest compute type for the model (``auto``; int8 here), one translator, and every core
    for it (``intra_threads`` = ``os.cpu_count()``, what OpenMP uses when it is left at 0)."""
    return {"device": "cpu", "compute_type": "auto", "inter_threads": 1, "intra_threads": os.cpu_count() or 1}


def _engine_class(log: list, settings: dict):
    """:class:`ArgosEngine` with its translator wrapped in :class:`FixedLength` (nothing else
    changed); ``settings`` receives the keyword arguments the engine builds its translator with."""
    from pipeline.mt.engines.argos import ArgosEngine

    class FixedLengthEngine(ArgosEngine):
        def _load(self, package):
            import ctranslate2

            build = ctranslate2.Translator

            def recording(*args, **kwargs):
                settings.update(kwargs)
                return build(*args, **kwargs)

            ctranslate2.Translator = recording  # only while the engine loads its model
            try:
                loaded = super()._load(package)
            finally:
                ctranslate2.Translator = build
            if not isinstance(loaded.translator, FixedLength):
                loaded.translator = FixedLength(loaded.translator, log)
            return loaded

    return FixedLengthEngine


def sorted_chunks(tokens: list[list[str]], max_batch: int, max_batch_tokens: int) -> list[list[list[str]]]:
    """``tokens`` sorted by length and cut as the engine cuts them (its batch-size settings): at
    most ``max_batch`` sentences and ``max_batch_tokens`` padded tokens (rows × longest) a chunk."""
    chunks: list[list[list[str]]] = []
    for sentence in sorted(tokens, key=len):  # stable, as the engine's sort; the newcomer is the longest
        if not chunks or len(chunks[-1]) >= max_batch or (len(chunks[-1]) + 1) * len(sentence) > max_batch_tokens:
            chunks.append([])
        chunks[-1].append(sentence)
    return chunks


def pair_orders(pairs: int) -> list[tuple[str, str]]:
    """Which side runs first in each engine/raw pair: engine, raw, raw, engine, … (ABBA).

    Each pair starts with the side the previous pair ended with, so each side goes first in half
    of the pairs (with an even count) and a machine that warms up or slows down during the run
    favours neither."""
    return [("engine", "raw") if k % 2 == 0 else ("raw", "engine") for k in range(pairs)]


def median_interval(ordered: list[float], confidence: float = 0.95) -> tuple[float, float, float]:
    """A distribution-free confidence interval for the median of sorted values: the order
    statistics ``x(j+1)`` and ``x(n-j)`` for the largest ``j`` with P(Binomial(n, 1/2) <= j) <=
    (1 - confidence) / 2, and the interval's exact coverage.  No assumption about the shape of
    the noise (a shared machine's is skewed: load only ever slows a run down)."""
    n = len(ordered)
    below = [sum(math.comb(n, i) for i in range(j + 1)) / 2**n for j in range(n // 2)]
    j = max([j for j, p in enumerate(below) if p <= (1 - confidence) / 2], default=0)
    return ordered[j], ordered[n - 1 - j], 1 - 2 * (below[j] if below else 0.5)


def spread(ratios: list[float]) -> dict:
    """Median, quartiles (inclusive method), range and a 95 % interval of the median of per-pair ratios."""
    ordered = sorted(ratios)
    q1, _, q3 = statistics.quantiles(ordered, n=4, method="inclusive") if len(ordered) > 1 else ordered * 3
    low, high, coverage = median_interval(ordered)
    return {
        "median": statistics.median(ordered),
        "q1": q1,
        "q3": q3,
        "min": ordered[0],
        "max": ordered[-1],
        "median_low": low,
        "median_high": high,
        "median_coverage": coverage,
        "pairs": len(ordered),
    }


def told_apart(spread_: dict, target: float) -> str:
    """Whether the pairs tell the median from ``target``: its interval above, below or around it."""
    if spread_["median_low"] >= target:
        return "above the target"
    if spread_["median_high"] < target:
        return "below the target"
    return "within the noise: the interval contains the target"


class Workload:
    """The variants over the same sentences and the same model; :meth:`timed` runs one of them."""

    def __init__(self, models_dir: Path, package: Path, paragraphs: list[list[str]]):
        import sentencepiece as spm

        from pipeline.mt.engines.argos import DEFAULT_BEAM_SIZE

        self.paragraphs = paragraphs
        self.sentences = [s for p in paragraphs for s in p]
        self.sp = spm.SentencePieceProcessor(model_file=str(package / "sentencepiece.model"))
        self.tokens = [self.sp.encode(s, out_type=str) for s in self.sentences]
        self.calls: list = []  # (sentences, decoded length) of every translate_batch
        self.settings: dict = {}  # what the engine built its ctranslate2.Translator with
        self.beam_size = DEFAULT_BEAM_SIZE  # the engine's; checked against BASELINE_BEAM_SIZE
        self.engine = _engine_class(self.calls, self.settings)(models_dir, beam_size=self.beam_size)
        # The raw loops drive the engine's own Translator object (see the module docstring: two
        # objects with the same settings differ by a few percent from each other); its settings
        # are checked against baseline_settings() in the results.
        self.translator = self.engine._load(self.engine.package("az")).translator
        self.chunks = sorted_chunks(self.tokens, self.engine.max_batch, self.engine.max_batch_tokens)
        self._variants = {"engine": self._engine, "raw": self._raw, "per_paragraph": self._per_paragraph}

    def _engine(self) -> None:
        results = self.engine.translate(self.sentences, "az")
        assert len(results) == len(self.sentences) and all(r.text is not None for r in results)

    def _raw(self) -> None:
        for chunk in self.chunks:
            self.translator.translate_batch(chunk, beam_size=self.beam_size)

    def _per_paragraph(self) -> None:
        # As argostranslate does: tokenise, one call per paragraph, scores, unknowns replaced, decode.
        for paragraph in self.paragraphs:
            batch = [self.sp.encode(s, out_type=str) for s in paragraph]
            outputs = self.translator.translate_batch(
                batch, beam_size=self.beam_size, num_hypotheses=1, return_scores=True, replace_unknowns=True
            )
            [self.sp.decode(list(o.hypotheses[0])) for o in outputs]

    def timed(self, variant: str) -> dict:
        """Run ``variant`` once: wall seconds, process CPU seconds (all threads), decoder calls."""
        self.calls.clear()
        wall, cpu = now(), time.process_time()
        self._variants[variant]()
        return {"s": now() - wall, "cpu_s": time.process_time() - cpu, "calls": list(self.calls)}


def interleave(workload: Workload, pairs: int, log=print) -> tuple[list[dict], dict]:
    """Time ``pairs`` engine/raw pairs in :func:`pair_orders`, and the per-paragraph variant once
    half-way; return the pairs (each with its ratio) and the per-paragraph run."""
    records, paragraph = [], {}
    for k, order in enumerate(pair_orders(pairs)):
        if k == pairs // 2:
            paragraph = workload.timed("per_paragraph")
            log(f"  one call per paragraph: {paragraph['s']:.1f} s")
        runs = {side: workload.timed(side) for side in order}
        engine, raw = runs["engine"], runs["raw"]
        records.append(
            {
                "first": order[0],
                "engine_s": engine["s"],
                "raw_s": raw["s"],
                "engine_cpu_s": engine["cpu_s"],
                "raw_cpu_s": raw["cpu_s"],
                # Same sentences on both sides: sentences/s ratio = time ratio inverted.
                "ratio": raw["s"] / engine["s"],
                "cpu_ratio": raw["cpu_s"] / engine["cpu_s"],
                "same_calls": engine["calls"] == raw["calls"],
                "calls": engine["calls"],
                "raw_calls": raw["calls"],
            }
        )
        log(
            f"  pair {k + 1}/{pairs}, {order[0]} first: engine {engine['s']:.1f} s, raw {raw['s']:.1f} s, "
            f"engine/raw {records[-1]['ratio']:.3f} (CPU time {records[-1]['cpu_ratio']:.3f})"
        )
    return records, paragraph


def run(quick: bool, log=print) -> dict:
    """Build the model, time the interleaved pairs and the per-paragraph run; the results."""
    reason = available()
    if reason:
        return {"skipped": reason}
    from pipeline.mt.sentences import split

    from . import data

    units = list(data.corpus_units()[: QUICK_PARAGRAPHS if quick else FULL_PARAGRAPHS])
    paragraphs = [split(u) for u in units]
    with tempfile.TemporaryDirectory(prefix="l10n-bench-mt-") as tmp:
        models_dir = Path(tmp) / "packages"
        start = now()
        package = build_package(models_dir)
        build_s = now() - start
        workload = Workload(models_dir, package, paragraphs)
        log(
            f"  model built in {build_s:.1f} s; {len(workload.sentences)} sentences in {len(units)} paragraphs; "
            f"{len(workload.chunks)} chunks; {workload.engine.threads} threads"
        )
        for side in ("engine", "raw"):  # untimed: model load, allocator caches
            workload.timed(side)
        records, paragraph = interleave(workload, QUICK_PAIRS if quick else PAIRS, log)
        workload.engine.close()
    return _result(workload, records, paragraph, build_s)


def _variant(seconds: float, calls: list, workload: Workload, useful: int) -> dict:
    """Throughput figures of one variant from its (median) wall time and its decoder calls."""
    decoded = sum(n * length for n, length in calls)
    n = len(workload.sentences)
    return {
        "s": seconds,
        "calls": len(calls),
        "decoded_tokens": decoded,
        "sentences_per_s": n / seconds,
        "target_tokens_per_s": useful / seconds,
        "decoded_tokens_per_s": decoded / seconds,
    }


def _result(workload: Workload, records: list[dict], paragraph: dict, build_s: float) -> dict:
    """The results dictionary: pairs, the median ratio and its spread, variants, targets."""
    import ctranslate2

    useful = sum(decoded_length(len(t)) for t in workload.tokens)
    engine_s = statistics.median(r["engine_s"] for r in records)
    raw_s = statistics.median(r["raw_s"] for r in records)
    ratio, cpu_ratio = spread([r["ratio"] for r in records]), spread([r["cpu_ratio"] for r in records])
    same_calls = all(r["same_calls"] for r in records)
    baseline = {**baseline_settings(), "beam_size": BASELINE_BEAM_SIZE}
    used = {**{k: workload.settings.get(k) for k in baseline_settings()}, "beam_size": workload.beam_size}
    variants = {
        "engine": _variant(engine_s, records[0]["calls"], workload, useful),
        "per_paragraph": _variant(paragraph["s"], paragraph["calls"], workload, useful),
        "raw_sorted": _variant(raw_s, records[0]["raw_calls"], workload, useful),
    }
    by_first = {side: statistics.median(r["ratio"] for r in records if r["first"] == side) for side in ("engine", "raw")}
    result = {
        "model": {
            "layers": f"{LAYERS}+{LAYERS}",
            "width": WIDTH,
            "heads": HEADS,
            "ffn": FFN,
            "vocab": VOCAB,
            "sentencepiece_vocab": workload.sp.get_piece_size(),
            "quantization": "int8",
            "build_s": build_s,
        },
        "sentences": len(workload.sentences),
        "paragraphs": len(workload.paragraphs),
        "source_tokens": sum(len(t) for t in workload.tokens),
        "target_tokens": useful,
        "beam_size": workload.beam_size,
        "threads": workload.engine.threads,
        "translator_settings": used,
        "baseline_settings": baseline,
        "compute_type": workload.translator.compute_type,
        "ctranslate2": ctranslate2.__version__,
        "pairs": [{k: v for k, v in r.items() if k not in ("calls", "raw_calls")} for r in records],
        "engine_over_raw": ratio["median"],
        "engine_over_raw_spread": ratio,
        "engine_over_raw_cpu": cpu_ratio,
        "engine_over_raw_by_first": by_first,
        "same_calls": same_calls,
        "variants": variants,
        "engine_over_per_paragraph": paragraph["s"] / engine_s,
    }
    result["targets"] = {
        f"engine >= {TARGET} x raw CTranslate2 (median of {len(records)} interleaved pairs)": verdict(ratio["median"], TARGET),
        "engine and raw make the same decoder calls": "met" if same_calls else "MISSED",
        "the translator has a CTranslate2 user's settings": "met" if used == baseline else "MISSED",
        "engine >= 2 x per-paragraph calls": verdict(result["engine_over_per_paragraph"], 2.0),
    }
    result["summary"] = {
        "pairs": len(records),
        "engine/raw median": ratio["median"],
        "quartiles": f"{ratio['q1']:.3f}–{ratio['q3']:.3f}",
        "range": f"{ratio['min']:.3f}–{ratio['max']:.3f}",
        f"median's {ratio['median_coverage']:.0%} interval": f"{ratio['median_low']:.3f}–{ratio['median_high']:.3f}, "
        f"{told_apart(ratio, TARGET)}",
        "engine first": by_first["engine"],
        "raw first": by_first["raw"],
        "CPU-time median": cpu_ratio["median"],
    }
    return result


def rows(result: dict) -> list[dict]:
    """The printed table: median run of each side of the pairs, and the per-paragraph run."""
    if "skipped" in result:
        return [{"case": "machine translation", "note": result["skipped"]}]
    pairs, spread_ = len(result["pairs"]), result["engine_over_raw_spread"]
    raw_sps = result["variants"]["raw_sorted"]["sentences_per_s"]
    notes = {
        "engine": f"median of {pairs} pairs, IQR {spread_['q1']:.3f}–{spread_['q3']:.3f}, range {spread_['min']:.3f}–{spread_['max']:.3f}",
        "per_paragraph": "one run, mid-pairs",
        "raw_sorted": f"median of {pairs} runs",
    }
    labels = {
        "engine": "(a) pipeline argos engine",
        "per_paragraph": "(b) one call per paragraph",
        "raw_sorted": "(c) raw CTranslate2 (baseline)",
    }
    out = []
    for key, label in labels.items():
        v = result["variants"][key]
        ratio = result["engine_over_raw"] if key == "engine" else v["sentences_per_s"] / raw_sps
        out.append(
            {
                "case": label,
                "s": v["s"],
                "sps": v["sentences_per_s"],
                "tps": v["target_tokens_per_s"],
                "ratio": ratio,
                "note": f"{notes[key]}; {v['calls']} calls, {v['decoded_tokens']:,} decoded",
            }
        )
    return out


if __name__ == "__main__":
    print(json.dumps(run("--quick" in sys.argv), indent=1))
