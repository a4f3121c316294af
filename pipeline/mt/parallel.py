"""Decoding a run's batches on one machine, every core busy: :class:`LocalRunner`.

CTranslate2 keeps ``inter_threads`` replicas of a model in one ``Translator`` and decodes one
batch per replica at a time, each with ``intra_threads`` threads; a ``translate_batch`` call
releases the GIL.  So the runner hands the batches to as many Python threads as there are
replicas, and reports each finished batch to the caller – on the caller's thread, so the
translation memory (SQLite, one connection) is only ever written from there.

A run's batches and their contents do not depend on how many replicas decode them, so the
drafts are the same with one replica or many (and on a Ray cluster, :mod:`pipeline.mt.cluster`).
"""

from __future__ import annotations

from concurrent.futures import FIRST_COMPLETED, ThreadPoolExecutor, wait
from typing import Any, Callable, Sequence

from pipeline.mt.decoding import Decoded, Decoding, decode_tokens
from pipeline.mt.devices import DevicePlan

__all__ = ["BatchDone", "LocalRunner"]

#: Told each finished batch: its position in the run's list of batches, and its decoded rows.
BatchDone = Callable[[int, list[Decoded]], None]


class LocalRunner:
    """Decode batches in this process on the plan's translator replicas."""

    #: Whether the engine loads a translator in this process for the runner to use.
    local = True

    def __init__(self, plan: DevicePlan):
        self.plan = plan

    def describe(self) -> str:
        """What the work runs on, for the user."""
        return self.plan.describe()

    def run(self, translator: Any, package: Any, batches: Sequence[list[list[str]]], decoding: Decoding, done: BatchDone) -> None:
        """Decode every batch with ``translator``, at most ``inter_threads`` at a time.

        ``done`` is called on this thread as batches finish (in any order); an error in a batch
        is raised here once the batches already started have finished.
        """
        if self.plan.inter_threads == 1 or len(batches) == 1:
            for index, batch in enumerate(batches):
                done(index, decode_tokens(translator, batch, decoding))
            return
        with ThreadPoolExecutor(self.plan.inter_threads, thread_name_prefix="l10n-decode") as pool:
            # One batch per replica in flight, the next submitted as one finishes: a batch is
            # never queued behind work that a cancelled run would have to wait for.
            pending = iter(enumerate(batches))
            running = {}
            for index, batch in pending:
                running[pool.submit(decode_tokens, translator, batch, decoding)] = index
                if len(running) >= self.plan.inter_threads:
                    break
            while running:
                finished, _ = wait(running, return_when=FIRST_COMPLETED)
                for future in finished:
                    index = running.pop(future)
                    done(index, future.result())
                    following = next(pending, None)
                    if following is not None:
                        running[pool.submit(decode_tokens, translator, following[1], decoding)] = following[0]

    def close(self) -> None:
        """Nothing held beyond the engine's translator."""
