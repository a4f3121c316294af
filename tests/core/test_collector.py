"""collector_paused: the cyclic collector off inside the block, and as it was after, whatever happened."""

from __future__ import annotations

import gc

import pytest

from pipeline.core.collector import collector_paused


@pytest.mark.parametrize("enabled", [True, False])
def test_the_collector_is_paused_inside_and_left_as_it_was_found_even_after_an_error(enabled):
    was = gc.isenabled()
    try:
        gc.enable() if enabled else gc.disable()
        with pytest.raises(RuntimeError), collector_paused():
            assert not gc.isenabled()
            raise RuntimeError("a bad document")
        assert gc.isenabled() is enabled
    finally:
        gc.enable() if was else gc.disable()
