"""Dataclass methods compiled once and kept in the user cache (pipeline.cli.compiled)."""

from __future__ import annotations

import dataclasses
import textwrap

import pytest

from pipeline.cli import compiled

#: A frozen dataclass as a module would define it: dataclasses compiles its methods on definition.
SOURCE = textwrap.dedent("""\
    from dataclasses import dataclass, field

    @dataclass(frozen=True)
    class Point:
        x: int
        y: int = 0
        tags: tuple = field(default=(), compare=False)
    """)


@pytest.fixture
def table(tmp_path, monkeypatch):
    """A fresh table installed on ``dataclasses``, kept in a cache under ``tmp_path``."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    fresh = compiled._Table()
    monkeypatch.setattr(compiled, "_TABLE", fresh)
    monkeypatch.setattr(dataclasses, "exec", fresh.exec, raising=False)
    return fresh


def define():
    namespace: dict = {}
    exec(SOURCE, namespace)
    return namespace["Point"]


def test_methods_made_from_the_kept_code_behave_as_compiled_ones(table):
    Point = define()
    assert table.added and table.codes  # the methods' sources went through the table
    compiled.save()
    again = compiled._Table()
    again.read()
    assert set(again.codes) == set(table.codes)
    table.codes, table.added = again.codes, False
    Point2 = define()
    assert not table.added  # nothing compiled the second time: every method came from the cache
    p = Point2(1, tags=("a",))
    assert (p, repr(p), hash(p) == hash(Point2(1))) == (Point2(1, 0), "Point(x=1, y=0, tags=('a',))", True)
    with pytest.raises(dataclasses.FrozenInstanceError):
        p.x = 2  # type: ignore[misc]
    assert repr(Point(1, tags=("a",))) == repr(p)


def test_a_damaged_cache_entry_is_ignored(table, tmp_path):
    folder = tmp_path / "l10n-pipeline"
    folder.mkdir()
    (folder / compiled._NAME).write_bytes(b"\x00not marshal")
    table.read()
    assert table.codes == {}
    assert repr(define()(3)) == "Point(x=3, y=0, tags=())"


def test_nothing_is_written_when_nothing_was_compiled(table, tmp_path):
    compiled.save()
    assert not (tmp_path / "l10n-pipeline" / compiled._NAME).exists()
