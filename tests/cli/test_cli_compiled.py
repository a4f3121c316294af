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


#: Python 3.13's dataclasses make a class's methods in one exec (``_FuncBuilder``): there is no
#: single method to put off, so the table compiles that source at once, as any other.
per_method = pytest.mark.skipif(
    not hasattr(dataclasses, "_create_fn"), reason="this Python's dataclasses make every method in one exec: nothing is put off"
)


@per_method
def test_methods_other_than_init_are_compiled_on_their_first_call_and_then_kept(table):
    """A class gets a stand-in for __repr__, __eq__, __hash__, …: compiled, and put in its place, when first called."""
    Point = define()
    stand_in = Point.__dict__["__eq__"]
    assert stand_in.__qualname__ == "Point.__eq__" and len(table.codes) == 1  # __init__ only
    assert Point(1) == Point(1, 0, ("ignored",)) and Point(1) != Point(2)
    method = Point.__dict__["__eq__"]
    assert method is not stand_in and method.__qualname__ == "Point.__eq__"
    assert stand_in(Point(1), Point(1)) is True  # a stand-in kept elsewhere still answers
    assert (repr(Point(1)), repr(Point(1))) == ("Point(x=1, y=0, tags=())",) * 2  # repr is wrapped: its stand-in stays
    assert hash(Point(1, 2)) == hash((1, 2))
    with pytest.raises(dataclasses.FrozenInstanceError):
        Point(1).x = 2  # type: ignore[misc]
    with pytest.raises(dataclasses.FrozenInstanceError):
        del Point(1).x  # type: ignore[misc]
    called = len(table.codes)
    compiled.save()
    again = compiled._Table()
    again.read()
    assert len(again.codes) == called  # what was called is kept for the next run


def test_a_subclass_and_a_slotted_class_get_their_methods_too(table):
    namespace: dict = {}
    exec(
        textwrap.dedent("""\
            from dataclasses import dataclass

            @dataclass(frozen=True, slots=True)
            class Base:
                x: int

            @dataclass(frozen=True, order=True)
            class Child:
                x: int
                y: int = 0
        """),
        namespace,
    )
    Base, Child = namespace["Base"], namespace["Child"]
    assert Base(1) == Base(1) and {Base(1), Base(1)} == {Base(1)} and repr(Base(2)) == "Base(x=2)"
    assert sorted([Child(2), Child(1, 5), Child(1)]) == [Child(1), Child(1, 5), Child(2)]
    assert Child(1) <= Child(1) and Child(2) > Child(1, 9)
