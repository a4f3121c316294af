"""One decoder call on one batch of tokenized sentences, the same wherever it runs.

The argos engine decodes its length-sorted batches here in-process (:mod:`pipeline.mt.parallel`),
and each Ray actor of a cluster run does the very same (:mod:`pipeline.mt.cluster`): one
function for both, so a batch decodes to the same tokens on a worker as on the driver, and a
cluster run writes byte-identical drafts.  Tokenizing and detokenizing stay with the engine on
the driver; workers receive tokens and return tokens.

Imports no ML library itself: ``ctranslate2`` is imported by :func:`load_translator`.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pipeline.mt.devices import DevicePlan

__all__ = ["Decoded", "Decoding", "decode_tokens", "decoding_limit", "load_translator"]

#: One decoded sentence: its target tokens (the target prefix removed) and its score.
Decoded = tuple[list[str], "float | None"]


@dataclass(frozen=True)
class Decoding:
    """The decoder settings every batch of a run shares."""

    beam_size: int
    #: The package's target-language token put before every hypothesis, or "".
    target_prefix: str = ""


def decoding_limit(source_tokens: int) -> int:
    """Maximum target length for a source of ``source_tokens`` tokens (1.5 × n + 10)."""
    return int(1.5 * source_tokens) + 10


def load_translator(model_dir: Path, plan: DevicePlan) -> Any:
    """A ``ctranslate2.Translator`` for ``model_dir`` as ``plan`` says (one replica per GPU on CUDA)."""
    import ctranslate2

    if plan.device == "cuda":
        return ctranslate2.Translator(
            str(model_dir), device="cuda", device_index=list(range(plan.inter_threads)), compute_type=plan.requested
        )
    return ctranslate2.Translator(
        str(model_dir), device="cpu", compute_type=plan.requested, inter_threads=plan.inter_threads, intra_threads=plan.intra_threads
    )


def decode_tokens(translator: Any, source: list[list[str]], decoding: Decoding) -> list[Decoded]:
    """Decode one batch (``source``: token lists) with ``translator``; one :data:`Decoded` per row.

    ``max_decoding_length`` = 1.5 × the longest source + 10 tokens: a model that starts
    looping stops there instead of running to 256 tokens for every sentence.
    """
    prefix = decoding.target_prefix
    outputs = translator.translate_batch(
        source,
        target_prefix=[[prefix] for _ in source] if prefix else None,
        beam_size=decoding.beam_size,
        num_hypotheses=1,
        max_decoding_length=decoding_limit(max(len(s) for s in source)) + (1 if prefix else 0),
        max_input_length=1024,
        return_scores=True,
        replace_unknowns=True,
    )
    decoded: list[Decoded] = []
    for output in outputs:
        hypothesis = list(output.hypotheses[0])
        if prefix and hypothesis[:1] == [prefix]:
            hypothesis = hypothesis[1:]
        decoded.append((hypothesis, float(output.scores[0]) if output.scores else None))
    return decoded
