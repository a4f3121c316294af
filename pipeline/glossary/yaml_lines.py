"""YAML with line numbers: every string, mapping and list read from a glossary file knows its line.

Which lines each entry of a file occupies, and editing an entry in place, are in
:mod:`.yaml_layout` (an import's business): loading a glossary (``l10n check`` on a cold cache)
compiles none of their classes and regular expressions.

PyYAML itself is imported only when a glossary file is actually parsed: a warm cache gives
``l10n check`` the glossary without it (``benchmarks/bench_startup.py`` asserts that).
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from pipeline.glossary.model import Str  # defined there: see its docstring


class Map(dict):
    """A YAML mapping with its own line and the line of each value (``lines[key]``)."""

    line: int = 0
    lines: dict


class Seq(list):
    """A YAML sequence with its own line and the line of each item (``lines[i]``)."""

    line: int = 0
    lines: list


class DuplicateKey(Exception):
    def __init__(self, key: Any, line: int):
        super().__init__(key, line)
        self.key, self.line = key, line


@lru_cache(maxsize=1)
def line_loader():
    """The loader class (built on first use, so that PyYAML is imported only then)."""
    import yaml  # here: PyYAML only when a file is parsed (start-up of l10n check)

    # libyaml's parser when PyYAML was built with it (5× faster; node marks are the same).
    _BaseLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

    class LineLoader(_BaseLoader):
        """SafeLoader that records ``node.start_mark.line + 1`` on every string, mapping and list.

        It also refuses duplicate keys, which plain PyYAML silently overwrites (a second
        ``rendering:`` in an entry would otherwise hide the first).
        """

    def _construct_str(loader: LineLoader, node: yaml.Node) -> Str:
        value = Str(loader.construct_scalar(node))
        value.line = node.start_mark.line + 1
        return value

    def _construct_map(loader: LineLoader, node: yaml.MappingNode) -> Map:
        loader.flatten_mapping(node)
        result = Map()
        result.line, result.lines = node.start_mark.line + 1, {}
        for key_node, value_node in node.value:
            key = loader.construct_object(key_node, deep=True)
            try:
                duplicate = key in result
            except TypeError:  # an unhashable key (a list or mapping)
                raise yaml.constructor.ConstructorError(None, None, "a key must be a plain word", key_node.start_mark)
            if duplicate:
                raise DuplicateKey(key, key_node.start_mark.line + 1)
            result[key] = loader.construct_object(value_node, deep=True)
            result.lines[key] = value_node.start_mark.line + 1
        return result

    def _construct_seq(loader: LineLoader, node: yaml.SequenceNode) -> Seq:
        result = Seq(loader.construct_object(child, deep=True) for child in node.value)
        result.line, result.lines = node.start_mark.line + 1, [c.start_mark.line + 1 for c in node.value]
        return result

    LineLoader.add_constructor("tag:yaml.org,2002:str", _construct_str)
    LineLoader.add_constructor("tag:yaml.org,2002:map", _construct_map)
    LineLoader.add_constructor("tag:yaml.org,2002:seq", _construct_seq)

    return LineLoader


_STR, _MAP, _SEQ = "tag:yaml.org,2002:str", "tag:yaml.org,2002:map", "tag:yaml.org,2002:seq"
#: Keys whose meaning PyYAML's flatten_mapping gives (``<<: *base``, ``=``): left to PyYAML.
_MERGE_TAGS = ("tag:yaml.org,2002:merge", "tag:yaml.org,2002:value")


def load_lines(text: str) -> Any:
    """``yaml.load(text, Loader=line_loader())``: the document, with lines, built faster.

    libyaml composes the nodes; strings, mappings and lists are then built here, straight from
    the nodes, as :func:`line_loader`'s constructors build them (same objects, same errors, in
    the same order), without PyYAML's per-node bookkeeping.  Any other scalar (``true``,
    ``12``) is built by PyYAML itself, and a document with what the walk leaves to PyYAML (an
    alias, a merge key, an unusual tag on a list or mapping) is built by PyYAML whole.
    """
    loader = line_loader()(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None
        try:
            # No "&" in the text, no anchor, so no alias: no node needs watching for a second visit.
            return _Build(loader, watch="&" in text).node(node)
        except _PyYAMLBuilds:
            loader.constructed_objects, loader.recursive_objects = {}, {}
            return loader.construct_document(node)
    finally:
        loader.dispose()


class _PyYAMLBuilds(Exception):
    """The document holds something :class:`_Build` leaves to PyYAML."""


class _Build:
    """Builds :class:`Str`, :class:`Map` and :class:`Seq` from composed nodes (see :func:`load_lines`)."""

    def __init__(self, loader: Any, watch: bool):
        self.loader = loader
        self.seen: set[int] | None = set() if watch else None

    def node(self, node: Any) -> Any:
        if self.seen is not None:
            if id(node) in self.seen:  # an alias: PyYAML gives the same object (and refuses a cycle)
                raise _PyYAMLBuilds
            self.seen.add(id(node))
        kind, tag = node.id, node.tag
        if kind == "scalar":
            if tag != _STR:  # true, 12, null, …: PyYAML's own constructors
                return self.loader.construct_object(node, deep=True)
            value = Str(node.value)
            value.line = node.start_mark.line + 1
            return value
        if kind == "mapping" and tag == _MAP:
            return self.mapping(node)
        if kind == "sequence" and tag == _SEQ:
            result = Seq([self.node(child) for child in node.value])
            result.line, result.lines = node.start_mark.line + 1, [c.start_mark.line + 1 for c in node.value]
            return result
        raise _PyYAMLBuilds

    def mapping(self, node: Any) -> Map:
        if any(key_node.tag in _MERGE_TAGS for key_node, _ in node.value):
            raise _PyYAMLBuilds
        result = Map()
        result.line, result.lines = node.start_mark.line + 1, {}
        lines, build = result.lines, self.node
        for key_node, value_node in node.value:
            key = build(key_node)
            try:
                duplicate = key in result
            except TypeError:  # an unhashable key (a list or mapping)
                from yaml.constructor import ConstructorError  # (PyYAML is imported: the loader is its)

                raise ConstructorError(None, None, "a key must be a plain word", key_node.start_mark)
            if duplicate:
                raise DuplicateKey(key, key_node.start_mark.line + 1)
            result[key] = build(value_node)
            lines[key] = value_node.start_mark.line + 1
        return result
