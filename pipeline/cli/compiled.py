"""The code of dataclass methods, compiled once and kept in the user cache.

Every ``@dataclass`` writes its ``__init__``, ``__repr__``, ``__eq__``, ``__hash__`` (and, frozen,
``__setattr__`` and ``__delattr__``) as Python source and compiles it with ``exec`` when its module
is imported: ~1 ms per frozen class, mostly the compiling, and ``l10n check`` imports about fifty
(typer's and the pipeline's), a quarter of its start-up.  The source of each method is the same on
every run of the same code, so its compiled form is too: :func:`install` gives the ``dataclasses``
module an ``exec`` that looks the source up in a table of code objects (read from the user cache,
:mod:`pipeline.core.cache`) and compiles only what the table lacks; :func:`save` writes the table
back when anything was added.

The functions made are the very ones ``exec`` of the source makes: the code object is the one
``compile(source, "<string>", "exec")`` gives (as ``exec`` itself compiles a string), kept with
:mod:`marshal`, whose format is that of the running Python (the entry's name carries
``sys.implementation.cache_tag`` and the bytecode's magic number, as ``__pycache__`` files do).
A missing, unreadable or damaged entry only means compiling as before.
"""

from __future__ import annotations

import builtins
import dataclasses
import marshal
import sys
from importlib.util import MAGIC_NUMBER
from types import CodeType
from typing import Any, Callable

from pipeline.core.cache import read_cached, store_cached

_NAME = f"dataclass-code-{sys.implementation.cache_tag}-{MAGIC_NUMBER.hex()}.marshal"
#: Entries kept at most: the pipeline and typer make a few hundred; sources of classes since
#: edited stay in the table, so it starts over once it holds this many.
_LIMIT = 4096


class _Table:
    """Source text -> code object; ``added`` says whether the table grew since it was read."""

    def __init__(self) -> None:
        self.codes: dict[str, CodeType] = {}
        self.added = False

    def read(self) -> None:
        """The table kept in the user cache, if there is a whole one."""
        stored = read_cached(_NAME)
        if stored is None:
            return
        try:
            table = marshal.loads(stored)
        except (EOFError, ValueError, TypeError):  # cut short or not a marshal: compile as before
            return
        if isinstance(table, dict) and all(isinstance(k, str) and isinstance(v, CodeType) for k, v in table.items()):
            self.codes = table

    def exec(self, source: Any, globals: Any = None, locals: Any = None, /) -> None:
        """``exec(source, globals, locals)``, a source string compiled only the first time it is seen.

        A method of :data:`_ON_FIRST_CALL` not in the table is not compiled now: its class gets
        a stand-in that compiles it when it is first called (see :func:`_on_first_call`).
        """
        if not isinstance(source, str):
            builtins.exec(source, globals, locals)
            return
        code = self.codes.get(source)
        if code is None:
            name = source.rpartition("\n return ")[2]
            if isinstance(locals, dict) and name in _ON_FIRST_CALL and source.startswith("def __create_fn__("):
                locals["__create_fn__"] = _on_first_call(self, source, globals, name)
                return
            code = self.compile(source)
        builtins.exec(code, globals, locals)

    def compile(self, source: str) -> CodeType:
        """The code of ``source``, compiled and added to the table."""
        if len(self.codes) >= _LIMIT:
            self.codes = {}
        # What exec does with a string: compile it as a module, without the caller's __future__
        # flags (dataclasses.py has none, so dont_inherit changes nothing but makes it certain).
        code = self.codes[source] = compile(source, "<string>", "exec", dont_inherit=True)
        self.added = True
        return code


#: Methods compiled when first called, not when their class is defined: a run calls few of them
#: (most classes are never printed, compared, hashed or assigned to), and compiling them all
#: was ~10 ms of a run with a cold cache.  ``__init__`` is always made at once: every class is
#: instantiated, and ``inspect.signature`` reads it.
_ON_FIRST_CALL = frozenset({"__repr__", "__eq__", "__hash__", "__setattr__", "__delattr__", "__lt__", "__le__", "__gt__", "__ge__"})


def _on_first_call(table: _Table, source: str, globals: Any, name: str) -> Callable[..., Callable]:
    """A ``__create_fn__`` for ``source`` (dataclasses' maker of the method ``name``) that compiles nothing yet.

    It returns a stand-in, a function of the same name, which on its first call compiles the
    method (into the table, so that the next run makes it at once), puts it in the stand-in's
    place on the class, and calls it; from then on the class has the method itself.
    """

    def create(**values: Any) -> Callable:
        made: list[Callable] = []

        def stand_in(*args: Any, **kwargs: Any) -> Any:
            if not made:
                namespace: dict = {}
                builtins.exec(table.codes.get(source) or table.compile(source), globals, namespace)
                method = namespace["__create_fn__"](**values)
                method.__qualname__ = stand_in.__qualname__  # (dataclasses named the stand-in after its class)
                made.append(method)
                for klass in type(args[0]).__mro__ if args else ():
                    if klass.__dict__.get(name) is stand_in:
                        setattr(klass, name, method)
                        break
            return made[0](*args, **kwargs)

        stand_in.__name__ = stand_in.__qualname__ = name
        return stand_in

    return create


_TABLE = _Table()


def install() -> None:
    """Make the ``dataclasses`` module compile each method's source once (see the module docstring).

    Idempotent.  The module's own global ``exec`` shadows the built-in for that module only.
    """
    if getattr(dataclasses, "exec", None) is _TABLE.exec:
        return
    _TABLE.read()
    dataclasses.exec = _TABLE.exec  # type: ignore[attr-defined]


def save() -> None:
    """Keep the table in the user cache if this run compiled anything new (failures are ignored)."""
    if _TABLE.added:
        store_cached(_NAME, marshal.dumps(_TABLE.codes))
        _TABLE.added = False
