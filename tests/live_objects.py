"""How many objects a job keeps alive at once: for tests that memory does not grow with the corpus."""

from __future__ import annotations

import gc
import weakref
from typing import Callable


class LiveCounter:
    """Wraps a reader returning ``(obj, data)``: records, at each call, how many objects it returned
    before are still alive (``most``), then watches the new one."""

    def __init__(self, read: Callable):
        self._read = read
        self._alive: list[weakref.ref] = []
        self.most = 0

    def __call__(self, path):
        obj, data = self._read(path)
        gc.collect()
        self.most = max(self.most, sum(ref() is not None for ref in self._alive))
        if obj is not None:
            self._alive.append(weakref.ref(obj))
        return obj, data
