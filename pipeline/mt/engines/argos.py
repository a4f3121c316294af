"""The ``argos`` engine: Argos Translate packages run directly on CTranslate2 + SentencePiece.

Argos' high-level ``argostranslate.translate`` is deliberately not used: importing it pulls in
stanza and torch (seconds), and its sentence splitter downloads a model at run time.  This engine
reads the package directory itself (see :mod:`pipeline.mt.packages`), tokenizes with the package's
``sentencepiece.model`` and calls ``ctranslate2.Translator`` – both imported only when the first
sentence is translated, so importing :mod:`pipeline.mt.engines` stays cheap.

Decoding choices:

* the device, compute type, threads and batch sizes come from :mod:`pipeline.mt.devices`
  (``device="auto"``: CUDA where CTranslate2 finds a GPU); one ``Translator`` per package,
  kept for the run; by default one replica with every core (``replicas=1``), ``replicas=None``
  lets the device plan run several replicas at once (what ``l10n translate`` does);
* the batches decode where the ``runner`` says: in this process (:mod:`pipeline.mt.parallel`)
  or on a Ray cluster's actors (:mod:`pipeline.mt.cluster`) – the same batches and the same
  decoder call (:mod:`pipeline.mt.decoding`) either way, so the drafts are identical;
* all sentences of a run arrive in one call; they are sorted by token length and decoded in
  chunks (at most ``max_batch`` sentences and ``max_batch_tokens`` padded source tokens) so
  padding is minimal, then put back in input order;
* ``max_decoding_length`` = 1.5 × the longest source in the chunk + 10 tokens: a model that
  starts looping stops there instead of running to 256 tokens for every sentence;
* beam size 2 by default.  Argos uses 4; on CPU beam 2 decodes about 1.6× faster and for
  Transformer-base models loses only a fraction of a BLEU point – the drafts are reviewed
  anyway.  Pass ``beam_size=4`` (or 1 for greedy, fastest) to ``get_engine`` to change it;
* the score is CTranslate2's length-normalised log-probability of the hypothesis (0 is
  certain, more negative is less sure).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, Sequence

from pipeline.mt.decoding import Decoded, Decoding, decoding_limit, load_translator
from pipeline.mt.devices import DevicePlan, choose_device
from pipeline.mt.packages import PackageInfo, default_models_dir, find_package
from pipeline.mt.engines.base import ChunkDone, Engine, EngineInfo, EngineResult, Progress, UnavailableError
from pipeline.mt.parallel import LocalRunner

__all__ = ["ArgosEngine", "DEFAULT_BEAM_SIZE", "decoding_limit", "install_hint"]

DEFAULT_BEAM_SIZE = 2
SOURCE_LANGUAGE = "en"


def install_hint(source: str, locale: str) -> str:
    """How to get a model for ``source`` → ``locale``."""
    return f"install one with `l10n models install FILE.argosmodel` or `l10n models install {source}-{locale}` when online"


@dataclass
class _Loaded:
    package: PackageInfo
    translator: Any  # None when the batches decode elsewhere (a cluster's workers)
    tokenizer: Any


class ArgosEngine(Engine):
    """Translate with installed Argos Translate packages, offline."""

    name = "argos"
    streams = True

    def __init__(
        self,
        models_dir: Path | None = None,
        *,
        beam_size: int = DEFAULT_BEAM_SIZE,
        max_batch: int | None = None,
        max_batch_tokens: int | None = None,
        threads: int | None = None,
        compute_type: str = "auto",
        device: str = "auto",
        replicas: int | None = 1,
        runner: Any = None,
        source: str = SOURCE_LANGUAGE,
    ):
        """``models_dir`` defaults to argos' packages directory (``$ARGOS_PACKAGES_DIR`` or
        ``~/.local/share/argos-translate/packages``).  ``device``, ``compute_type`` and
        ``replicas`` go to :func:`pipeline.mt.devices.choose_device`; ``threads`` overrides the
        plan's threads per replica, ``max_batch``/``max_batch_tokens`` its batch sizes.
        ``runner`` decodes the batches (default: a :class:`LocalRunner` on the plan)."""
        self.models_dir = Path(models_dir) if models_dir is not None else default_models_dir()
        self.beam_size = max(1, int(beam_size))
        self.device, self.compute_type, self.replicas = device, compute_type, replicas
        self._overrides = {"max_batch": max_batch, "max_batch_tokens": max_batch_tokens, "intra_threads": threads}
        self._plan: DevicePlan | None = None
        self._runner = runner
        self.source = source
        self._loaded: dict[Path, _Loaded] = {}
        #: Statistics of the run: decoder calls and sentences decoded.
        self.calls = 0
        self.sentences = 0

    @property
    def plan(self) -> DevicePlan:
        """The device plan, decided on first use (asking CTranslate2 what the machine offers)."""
        if self._plan is None:
            if self._runner is not None and getattr(self._runner, "plan", None) is not None and not self._runner.local:
                plan = self._runner.plan  # the cluster's workers decide for their nodes
            else:
                plan = choose_device(self.device, self.compute_type, replicas=self.replicas)
            self._plan = replace(plan, **{k: max(1, v) for k, v in self._overrides.items() if v is not None})
        return self._plan

    @property
    def threads(self) -> int:
        """Threads each translator replica decodes a batch with."""
        return self.plan.intra_threads

    @property
    def max_batch(self) -> int:
        """Most sentences in one decoder call."""
        return self.plan.max_batch

    @property
    def max_batch_tokens(self) -> int:
        """Most padded source tokens (rows × longest row) in one decoder call."""
        return self.plan.max_batch_tokens

    @property
    def runner(self):
        """Where the batches decode (made from the plan on first use)."""
        if self._runner is None:
            self._runner = LocalRunner(self.plan)
        return self._runner

    # -- discovery ---------------------------------------------------------------------------
    def package(self, locale: str) -> PackageInfo:
        """The installed package for en → ``locale``; :class:`UnavailableError` if none."""
        package = find_package(self.source, locale, self.models_dir)
        if package is None:
            raise UnavailableError(self.models_dir, f"no model installed for {self.source}→{locale}", install_hint(self.source, locale))
        if package.tokenizer != "sentencepiece":
            raise UnavailableError(
                package.path,
                f"the {package.name} package uses a {package.tokenizer} tokenizer, which this pipeline does not support",
                "install a SentencePiece-based package for this pair",
            )
        return package

    def prepare(self) -> None:
        """Decide the device now (an impossible ``--device``/``--compute-type`` is an error
        before anything is written), so the drafts' provenance names it."""
        self.plan  # noqa: B018 - decided on first use

    def info(self, locale: str) -> EngineInfo:
        """``argos`` with the package name and version for ``locale``."""
        package = self.package(locale)
        if self._plan is None:  # the device is named once a model is loaded (info stays cheap)
            return EngineInfo(self.name, package.name, package.version)
        return EngineInfo(self.name, package.name, package.version, self.plan.provenance(), self.runner.describe())

    def _load(self, package: PackageInfo) -> _Loaded:
        loaded = self._loaded.get(package.path)
        if loaded is not None:
            return loaded
        try:  # local: the ML libraries load with the first model, never when the engine is made
            import ctranslate2  # noqa: F401  (the translator's library: said here if missing)
            import sentencepiece
        except ImportError as error:
            raise UnavailableError(
                None,
                f"the argos engine needs ctranslate2 and sentencepiece ({error})",
                "pip install 'ctranslate2>=4,<5' 'sentencepiece>=0.2,<0.3'",
            ) from None
        try:
            tokenizer = sentencepiece.SentencePieceProcessor(model_file=str(package.path / "sentencepiece.model"))
            translator = load_translator(package.path / "model", self.plan) if self.runner.local else None
            if translator is not None and translator.compute_type != self.plan.compute_type:
                # CTranslate2's own "auto" chose otherwise than foreseen: record what it runs.
                self._plan = replace(self.plan, compute_type=translator.compute_type)
        except (RuntimeError, OSError, ValueError) as error:
            raise UnavailableError(
                package.path, f"cannot load the {package.name} model: {error}", f"reinstall it with `l10n models install {package.pair}`"
            ) from None
        loaded = _Loaded(package, translator, tokenizer)
        self._loaded[package.path] = loaded
        return loaded

    # -- translation -------------------------------------------------------------------------
    def _chunks(self, order: list[int], lengths: list[int]):
        """Consecutive runs of the length-sorted ``order``: at most ``max_batch`` sentences and
        at most ``max_batch_tokens`` padded tokens (rows × longest row) each, so long sentences
        travel in small chunks whose decoding cap fits them all."""
        chunk: list[int] = []
        for index in order:  # ascending length: the newcomer is the longest row
            if chunk and (len(chunk) >= self.max_batch or (len(chunk) + 1) * lengths[index] > self.max_batch_tokens):
                yield chunk
                chunk = []
            chunk.append(index)
        if chunk:
            yield chunk

    def translate(self, batch: Sequence[str], locale: str, progress: Progress = None, on_chunk: ChunkDone = None) -> list[EngineResult]:
        """Translate ``batch`` into ``locale`` (see the module docstring for how).

        ``on_chunk(indices, results)`` is called after each decoded chunk with the positions
        in ``batch`` it covered and their results – as chunks finish, which with several
        replicas or cluster workers is not always their order.
        """
        results: list[EngineResult | None] = [None] * len(batch)
        if not batch:
            return []
        loaded = self._load(self.package(locale))
        sp = loaded.tokenizer
        tokens = [sp.encode(sentence, out_type=str) if sentence.strip() else [] for sentence in batch]
        done = 0
        for i, toks in enumerate(tokens):
            if not toks:
                results[i] = EngineResult("", 0.0)
                done += 1
        pending = sorted((i for i, toks in enumerate(tokens) if toks), key=lambda i: len(tokens[i]))
        chunks = list(self._chunks(pending, [len(t) for t in tokens]))

        def finished(position: int, decoded: list[Decoded]) -> None:
            nonlocal done
            chunk = chunks[position]
            for index, (hypothesis, score) in zip(chunk, decoded):
                results[index] = EngineResult(sp.decode(hypothesis).replace("\u2581", " ").strip(), score)
            self.calls += 1
            if on_chunk:
                on_chunk(list(chunk), [results[i] for i in chunk])
            done += len(chunk)
            self.sentences += len(chunk)
            if progress:
                progress(done)

        decoding = Decoding(self.beam_size, loaded.package.target_prefix or "")
        self.runner.run(loaded.translator, loaded.package, [[tokens[i] for i in chunk] for chunk in chunks], decoding, finished)
        return [r if r is not None else EngineResult(None) for r in results]

    def close(self) -> None:
        """Drop the loaded translators (frees their memory and threads) and the runner's workers."""
        self._loaded.clear()
        if self._runner is not None:
            self._runner.close()
