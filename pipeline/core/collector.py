"""Python's cyclic garbage collector, paused while a step makes many objects that form no cycles."""

from __future__ import annotations

import contextlib
import gc
from typing import Iterator


@contextlib.contextmanager
def collector_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector inside the block; it is left as it was found (enabled or not) after.

    For steps that make millions of objects and keep most of them (reading a large TBX file,
    rendering a 50 MB document's catalogs, building an HTML page's tree): the collector's full
    passes would walk them again and again (a tenth to a third of the time) and find nothing,
    since none of them is garbage yet.  Reference counting still frees as usual, and cycles made
    inside are collected once the collector runs again.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
