"""YAML with line numbers: every string, mapping and list read from a glossary file knows its line.

Imported only when a glossary file is actually parsed (a warm cache never needs PyYAML).
"""

from __future__ import annotations

from typing import Any

from functools import lru_cache

class Str(str):
    """A YAML string that knows its 1-based line."""

    line: int = 0


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
    import yaml

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
