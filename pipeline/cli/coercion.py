"""Typer's run-time coercion of the command line's values, without importing pydantic.

typer 0.29 turns every parameter value into its annotated type through a pydantic
``TypeAdapter``, built the first time a command runs.  Importing pydantic for that was about
80 ms of a 0.3 s ``l10n check`` (``python -X importtime``: ``typer._adapters``, ``pydantic`` and
``pydantic.plugin._loader``).  The pipeline's parameters are strings, paths, choices, numbers
and lists of them: :func:`install` makes typer coerce those here, with the functions typer's
adapters call themselves (``coerce_cli_choice``, ``coerce_cli_path``), so the values and the
error messages are the same.  Anything else (a number out of its range or written unusually, an
annotation or a value of another kind) goes to typer's own pydantic adapter, built only then,
so its error messages stay typer's.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import Enum
from pathlib import Path
from types import ModuleType
from typing import Any, Callable, Optional, cast

_core: ModuleType | None  # typer.core, whose build_runtime_param install() replaces; None on another typer
try:  # typer's private layout (the lock pins typer); on another layout typer keeps its own coercion
    import typer.core as _core
    from typer._click.exceptions import BadParameter
    from typer._click.utils import _escape_control_characters
    from typer._coercion import RuntimeParam
    from typer._param_types import coerce_cli_choice, coerce_cli_path, routes_to_path
    from typer._typing import get_args, get_origin
except ImportError:  # pragma: no cover
    _core = None

#: An ASCII integer and a plain decimal number: the spellings whose value is certain (pydantic
#: reads them alike); any other spelling, and its error message, is left to pydantic.
_INTEGER = re.compile(r"[0-9]{1,18}")
_DECIMAL = re.compile(r"[0-9]{1,15}(?:\.[0-9]{1,15})?")

Leaf = Callable[[Any, Any, Any], Any]  # (value, param, ctx) -> the coerced value


class _Unhandled(Exception):
    """A value this module does not coerce itself: typer's adapter does."""


def install() -> bool:
    """Make typer coerce the simple parameter types here; False (typer unchanged) on another typer."""
    if _core is None:
        return False
    original = _core.build_runtime_param
    if not getattr(original, "l10n_fast", False):
        setattr(_core, "build_runtime_param", _fast_builder(original))  # setattr: mypy lets a ModuleType be read, not assigned
    return True


def _fast_builder(original: Callable[[Any], Any]) -> Callable[[Any], Any]:
    """typer's ``build_runtime_param`` coercing the simple types here and leaving the rest to ``original``."""
    fast_param = _fast_param_type(original)

    def build(descriptor: Any) -> Any:
        annotation, info = descriptor.annotation, descriptor.parameter_info
        many = get_origin(annotation) is list and len(get_args(annotation)) == 1
        leaf = _leaf(get_args(annotation)[0] if many else annotation, info)
        if leaf is None or descriptor.file_annotation is not None:
            return original(descriptor)
        return fast_param(annotation=annotation, parameter_info=info, leaf=leaf, many=many, descriptor=descriptor)

    build.l10n_fast = True  # type: ignore[attr-defined]
    return build


def _fast_param_type(original: Callable[[Any], Any]) -> type:
    """The RuntimeParam that coerces with its ``leaf``; what ``leaf`` does not, ``original``'s param does."""

    @dataclass(frozen=True)
    class FastParam(RuntimeParam):
        """Coerces with ``leaf`` (each item of a list); typer's adapter takes what ``leaf`` does not."""

        leaf: Leaf
        many: bool
        descriptor: Any

        def _coerce_value(self, value: Any, param: Any, ctx: Any) -> Any:
            try:
                if self.many:
                    items = value if isinstance(value, (list, tuple)) else [value]
                    return [self.leaf(item, param, ctx) for item in items]
                return self.leaf(value, param, ctx)
            except _Unhandled:
                return original(self.descriptor)._coerce_value(value, param, ctx)

    return FastParam


def _leaf(annotation: Any, info: Any) -> Optional[Leaf]:
    """The coercion of one value of ``annotation``, as typer's adapter does it; None: left to typer."""
    if info.parser is not None:
        return None
    if isinstance(annotation, type) and issubclass(annotation, Enum):
        return _choice(tuple(annotation), info.case_sensitive)
    if annotation is str:
        return lambda value, param, ctx: value if type(value) is str else _unhandled()
    if annotation is bool:  # typer skips flags that are bools already; any other value is its to read
        return lambda value, param, ctx: value if type(value) is bool else _unhandled()
    if annotation in (int, float):
        return None if info.clamp else _number(annotation, info.min, info.max)
    if annotation is Path and routes_to_path(annotation, info) and info.path_type is None and not info.allow_dash:
        return _path(info)
    return None


def _choice(choices: tuple, case_sensitive: bool) -> Leaf:
    def choose(value: Any, param: Any, ctx: Any) -> Any:
        try:
            return coerce_cli_choice(value, choices=choices, case_sensitive=case_sensitive, ctx=ctx)
        except ValueError as error:  # worded as pydantic words a validator's ValueError, as typer shows it
            raise BadParameter(_escape_control_characters(f"Value error, {error}"), ctx=ctx, param=param) from None

    return choose


def _path(info: Any) -> Leaf:
    # typer makes the Path from the string (pydantic calls Path(value)), then checks it and words
    # its messages with the string as typed; with no dash allowed, checking the string is the same.
    def path(value: Any, param: Any, ctx: Any) -> Any:
        if type(value) is not str:
            _unhandled()
        # with no path_type typer gives the value back (checked): the string
        return Path(cast(str, coerce_cli_path(value, info, path_type=None, param=param, ctx=ctx)))

    return path


def _number(kind: type[int] | type[float], low: Any, high: Any) -> Leaf:
    """A plainly written int or float within ``low``..``high``; anything else (and its error) is pydantic's."""
    spelling = _INTEGER if kind is int else _DECIMAL

    def number(value: Any, param: Any, ctx: Any) -> Any:
        if type(value) is str and spelling.fullmatch(value):
            value = kind(value)
        elif type(value) is kind or (kind is float and type(value) is int):
            value = kind(value)
        else:
            _unhandled()
        if (low is not None and value < low) or (high is not None and value > high):
            _unhandled()
        return value

    return number


def _unhandled() -> Any:
    raise _Unhandled
