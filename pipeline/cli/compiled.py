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
from typing import Any

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
        """``exec(source, globals, locals)``, a source string compiled only the first time it is seen."""
        if not isinstance(source, str):
            builtins.exec(source, globals, locals)
            return
        code = self.codes.get(source)
        if code is None:
            if len(self.codes) >= _LIMIT:
                self.codes = {}
            # What exec does with a string: compile it as a module, without the caller's __future__
            # flags (dataclasses.py has none, so dont_inherit changes nothing but makes it certain).
            code = self.codes[source] = compile(source, "<string>", "exec", dont_inherit=True)
            self.added = True
        builtins.exec(code, globals, locals)


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
