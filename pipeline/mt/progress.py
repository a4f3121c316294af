"""One progress figure for a whole translate job: sentences done / total, rate, time left.

The job reports per locale (``on_progress(locale)`` gives a ``(done, total)`` callback, fed by
the engine as batches finish – from every replica or cluster worker, on the driver's thread);
:class:`JobProgress` adds the locales up into one figure for the job.  The command line draws
it as one rich progress bar on a terminal, and :meth:`JobProgress.due_line` gives a line every
``interval`` seconds for logs (CI), where a redrawn bar would be noise.

Pure bookkeeping with an injectable clock: no output here, no heavy import.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Callable

__all__ = ["JobProgress"]


def _clock() -> float:
    return time.monotonic()


def _duration(seconds: float) -> str:
    seconds = int(round(seconds))
    return f"{seconds // 3600}:{seconds // 60 % 60:02d}:{seconds % 60:02d}"


@dataclass
class JobProgress:
    """Sentences done and to do across every locale of one job."""

    interval: float = 10.0
    clock: Callable[[], float] = _clock
    started: float = field(default=-1.0)
    _locales: dict[str, tuple[int, int]] = field(default_factory=dict)
    _last_line: float = field(default=-1.0)

    def __post_init__(self) -> None:
        if self.started < 0:
            self.started = self.clock()
        self._last_line = self.started

    def update(self, locale: str, done: int, total: int) -> None:
        """``locale`` has ``done`` of its ``total`` sentences translated."""
        self._locales[locale] = (done, total)

    def for_locale(self, locale: str) -> Callable[[int, int], None]:
        """The ``(done, total)`` callback the translate job wants for ``locale``."""
        self.update(locale, 0, 0)
        return lambda done, total: self.update(locale, done, total)

    @property
    def done(self) -> int:
        """Sentences translated so far, all locales."""
        return sum(done for done, _ in self._locales.values())

    @property
    def total(self) -> int:
        """Sentences to translate, in the locales planned so far."""
        return sum(total for _, total in self._locales.values())

    def rate(self) -> float:
        """Sentences per second since the job started."""
        elapsed = self.clock() - self.started
        return self.done / elapsed if elapsed > 0 else 0.0

    def eta(self) -> float | None:
        """Seconds left at the current rate (None before the first sentence)."""
        rate = self.rate()
        return (self.total - self.done) / rate if rate > 0 else None

    def line(self) -> str:
        """``translate: 120/400 sentences (30%), 8.1 sentences/s, 0:00:35 left``."""
        total = self.total
        share = f" ({100 * self.done // total}%)" if total else ""
        eta = self.eta()
        left = f", {_duration(eta)} left" if eta is not None else ""
        return f"translate: {self.done}/{total} sentences{share}, {self.rate():.1f} sentences/s{left}"

    def due_line(self) -> str | None:
        """:meth:`line` when ``interval`` seconds have passed since the last one, else None."""
        now = self.clock()
        if now - self._last_line < self.interval:
            return None
        self._last_line = now
        return self.line()
