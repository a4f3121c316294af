"""The machine-translation engine interface.

An engine turns a batch of source sentences into target sentences for one locale.  It batches
internally however suits it; callers send everything pending in one call.  Sentences arrive with
glossary terms and numbers already replaced by placeholders (:mod:`pipeline.mt.placeholders`),
which an engine must pass through unchanged as far as it can.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Optional, Sequence

from pipeline.core.errors import InputError

__all__ = ["ChunkDone", "EngineResult", "EngineInfo", "Engine", "EngineOption", "EngineSpec", "Progress", "UnavailableError"]

#: Called with the number of sentences finished so far.
Progress = Optional[Callable[[int], None]]
#: Called by streaming engines with finished results: (indices into the batch, their results).
ChunkDone = Optional[Callable[[list, list], None]]


@dataclass(frozen=True)
class EngineResult:
    """One translated sentence.  ``text`` is None when the engine produced no translation."""

    text: str | None
    score: float | None = None


@dataclass(frozen=True)
class EngineInfo:
    """What produced a draft: engine, package and version (the translation memory key)."""

    engine: str
    package: str = ""
    version: str = ""
    #: What decodes (``cpu int8_float32``), recorded in the drafts' provenance; "" when not known.
    device: str = ""
    #: How the work is spread (replicas, threads, cluster workers), for the user only.
    workers: str = ""

    def describe(self) -> str:
        """``argos translate-en_az 1.9`` – used in the drafts' ``#. MT:`` comment."""
        return " ".join(part for part in (self.engine, self.package, self.version) if part)


class UnavailableError(InputError):
    """The engine cannot translate into this locale (no model installed, library missing)."""


class Engine:
    """Base class: subclasses set ``name`` and implement :meth:`info` and :meth:`translate`."""

    #: Engine name as given to ``get_engine``.
    name: str = ""
    #: Whether outputs are worth keeping in the translation memory.
    cacheable: bool = True
    #: Whether the engine produces text at all (the ``none`` engine does not).
    produces: bool = True
    #: Extra words for the drafts' comment, e.g. "pseudo-localisation, not a translation".
    label: str = ""
    #: Whether ``translate`` accepts ``on_chunk`` and reports results as chunks finish (so a
    #: caller can commit them to the memory before the whole batch is done).
    streams: bool = False

    def prepare(self) -> None:
        """Check the engine's settings against the machine before a run writes anything
        (raises :class:`InputError`); nothing to check by default."""

    def info(self, locale: str) -> EngineInfo:
        """Describe the engine and package that would translate into ``locale``.

        Raises :class:`UnavailableError` (an :class:`InputError`) when it cannot.  Cheap: loads
        no model.
        """
        return EngineInfo(self.name)

    def translate(self, batch: Sequence[str], locale: str, progress: Progress = None) -> list[EngineResult]:
        """Translate every sentence of ``batch`` from English into ``locale``.

        Returns one :class:`EngineResult` per input, in input order.  ``progress``, if given,
        is called with the count of sentences done as work proceeds.
        """
        raise NotImplementedError

    def close(self) -> None:
        """Release models and threads held for the run."""


@dataclass(frozen=True)
class EngineOption:
    """A setting an engine takes that the command line offers (``--beam-size N``)."""

    #: The engine constructor's keyword.
    name: str
    flag: str
    default: int
    help: str
    metavar: str = "N"
    minimum: int | None = None


@dataclass(frozen=True)
class EngineSpec:
    """One registered engine: what the command line shows for it, and where its code is.

    ``target`` (``"package.module:Class"``) is imported only when the engine is made, so
    listing the engines – as ``l10n --help`` does – loads none of them.
    """

    name: str
    #: One line, for the help text and the docs.
    help: str
    target: str
    #: Options the command line passes on; the engine ignores none of them.
    options: tuple[EngineOption, ...] = ()
    #: Whether the constructor takes the packages directory (``--models-dir``) first.
    takes_models_dir: bool = False
