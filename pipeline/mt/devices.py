"""Where CTranslate2 decodes: the device, the compute type, threads and batch sizes for it.

``l10n translate --device auto|cpu|cuda --compute-type auto|int8|…`` is resolved here into one
:class:`DevicePlan`.  The decision itself (:func:`plan_device`) is a pure function of what the
machine offers – the number of CUDA devices, the compute types CTranslate2 supports on each
device, the number of cores – so it is tested without a GPU; :func:`choose_device` asks
CTranslate2 for those facts through its documented API (``ctranslate2.get_cuda_device_count()``,
``ctranslate2.get_supported_compute_types(device)``).

Importing this module imports no ML library: the command line takes its choices from here.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from typing import Callable, Iterable

from pipeline.core.errors import InputError

__all__ = ["COMPUTE_TYPES", "DEVICES", "DevicePlan", "choose_device", "cpu_threads", "plan_device"]

DEVICES = ("auto", "cpu", "cuda")
COMPUTE_TYPES = ("auto", "int8", "int8_float32", "int8_float16", "float16", "float32")
#: ``auto``'s preference per device, fastest first (CTranslate2's own ``auto`` picks the same on
#: CPU: int8 weights, float32 activations).  Naming the type, instead of passing ``auto`` on,
#: lets the provenance say what decoded before the model is loaded.
_PREFERRED = {"cpu": ("int8_float32", "int8", "float32"), "cuda": ("int8_float16", "float16", "int8", "float32")}
#: Batch sizes per device: a GPU decodes wide batches at the cost of narrow ones.
_BATCH = {"cpu": (64, 4096), "cuda": (256, 16384)}


@dataclass(frozen=True)
class DevicePlan:
    """How CTranslate2 runs: device, compute type, translator replicas × threads each, batch sizes."""

    device: str
    compute_type: str
    #: Translator replicas decoding batches at the same time (CTranslate2's ``inter_threads``).
    inter_threads: int
    #: Threads each replica uses for one batch (``intra_threads``).
    intra_threads: int
    max_batch: int
    max_batch_tokens: int
    #: What was asked for: ``auto`` goes to CTranslate2 as ``auto`` (it resolves it the same way
    #: as :data:`_PREFERRED`, which names it in advance); an explicit type goes as it is.
    requested: str = field(default="auto", compare=False)

    def provenance(self) -> str:
        """``cpu int8_float32``: what decoded, as the drafts' ``# MT:`` note records it."""
        return f"{self.device} {self.compute_type}"

    def describe(self) -> str:
        """One line for the user: the device, and how the work is spread on it."""
        unit = "translator" if self.inter_threads == 1 else "translators"
        threads = "thread" if self.intra_threads == 1 else "threads"
        return (
            f"{self.provenance()}, {self.inter_threads} {unit} × {self.intra_threads} {threads}, "
            f"batches of ≤ {self.max_batch} sentences / {self.max_batch_tokens} tokens"
        )


def cpu_threads(cores: int) -> tuple[int, int]:
    """``(inter_threads, intra_threads)`` that use ``cores`` cores fully.

    A replica's threads speed its batch up well to about 4 (the matrices of a width-512 model
    split well; beam search's bookkeeping does not), so up to 4 cores one replica takes them all,
    and beyond, replicas of 4 threads each decode their own batches (8 cores: 2 × 4, 16: 4 × 4).
    Measured on 2 shared cores (``benchmarks/bench_cluster.py``, three runs): 2 replicas × 1
    thread decoded at 0.64×, 0.81× and 0.96× one translator × 2 threads, so small machines keep
    one translator.
    """
    cores = max(1, cores)
    intra = min(4, cores)
    return max(1, cores // intra), intra


def plan_device(
    device: str = "auto",
    compute_type: str = "auto",
    *,
    gpus: int = 0,
    supported: Callable[[str], Iterable[str]] = lambda device: _PREFERRED[device],
    cores: int | None = None,
    replicas: int | None = None,
) -> DevicePlan:
    """The plan for ``device``/``compute_type`` on a machine with ``gpus`` CUDA devices and ``cores`` cores.

    ``auto`` picks CUDA when a GPU is present; on CUDA one replica per GPU, on CPU
    :func:`cpu_threads` (``replicas`` overrides the count; 1 is one translator with every core).
    ``supported(device)`` lists the compute types CTranslate2 offers there.  A request the
    machine cannot serve (CUDA without a GPU, an unsupported compute type) is an
    :class:`InputError` naming what is available.
    """
    if device not in DEVICES or compute_type not in COMPUTE_TYPES:
        raise InputError(None, f"unknown device '{device}' or compute type '{compute_type}'", f"use --device {'|'.join(DEVICES)}")
    if device == "cuda" and gpus < 1:
        raise InputError(None, "--device cuda: CTranslate2 finds no CUDA device here", "use --device cpu (or auto, which falls back to it)")
    chosen = device if device != "auto" else ("cuda" if gpus > 0 else "cpu")
    available = set(supported(chosen))
    if compute_type == "auto":
        resolved = next((t for t in _PREFERRED[chosen] if t in available), "float32")
    elif compute_type == "int8" and chosen == "cpu" and "int8_float32" in available:
        resolved = "int8_float32"  # what CTranslate2 runs for "int8" on a CPU: record that
    elif compute_type in available:
        resolved = compute_type
    else:
        raise InputError(
            None,
            f"--compute-type {compute_type} is not supported on {chosen} here",
            f"use auto or one of: {', '.join(sorted(available))}",
        )
    max_batch, max_batch_tokens = _BATCH[chosen]
    if chosen == "cuda":
        inter, intra = max(1, gpus), 1
    else:
        inter, intra = cpu_threads(cores or os.cpu_count() or 1)
        if replicas is not None:
            inter, intra = max(1, replicas), max(1, (cores or os.cpu_count() or 1) // max(1, replicas))
    return DevicePlan(chosen, resolved, inter, intra, max_batch, max_batch_tokens, "auto" if compute_type == "auto" else resolved)


def choose_device(device: str = "auto", compute_type: str = "auto", *, replicas: int | None = None) -> DevicePlan:
    """:func:`plan_device` for this machine, asking CTranslate2 what it offers (imports it)."""
    import ctranslate2

    gpus = ctranslate2.get_cuda_device_count() if device != "cpu" else 0
    return plan_device(device, compute_type, gpus=gpus, supported=ctranslate2.get_supported_compute_types, replicas=replicas)
