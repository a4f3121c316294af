"""The shape of the package, read from its source: no import circles, no import back up a layer, short functions.

Every module of ``pipeline/`` is parsed with :mod:`ast` (nothing is imported or excluded), and
every import statement counts, wherever it stands: at the top, inside a function, or under
``if TYPE_CHECKING:``.  A lazy import hides an arrow from the reader, not from this test.

The layers, lowest first (a module may import its own layer and the ones below)::

    core < source < glossary < catalogs < checks, mt < exchange < outputs < project < run < cli < __main__

``checks`` and ``mt`` are peers: neither imports the other.  The package's face
(``pipeline/__init__.py``, a docstring and a version) stands below everything.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "pipeline"

#: Each stage (the first name under ``pipeline.``) and its layer; peers share a number.
LAYERS = {
    "": 0,
    "core": 1,
    "source": 2,
    "glossary": 3,
    "catalogs": 4,
    "checks": 5,
    "mt": 5,
    "exchange": 6,
    "outputs": 7,
    "project": 8,
    "run": 9,
    "cli": 10,
    "__main__": 11,
}
#: The longest a function may be, in lines from its ``def`` to its last line: the CLI only parses
#: arguments and prints, so its functions' bodies (the signature of a command is its options) are
#: shorter still.
MAX_LINES = 60
MAX_LINES_CLI = 30


@dataclass(frozen=True)
class Module:
    name: str  # dotted: pipeline.glossary.load
    path: Path
    tree: ast.Module

    @property
    def stage(self) -> str:
        """The folder (or top-level module) under ``pipeline/`` this module belongs to; "" for the package."""
        parts = self.name.split(".")
        return parts[1] if len(parts) > 1 else ""

    @property
    def is_package(self) -> bool:
        return self.path.name == "__init__.py"


@lru_cache(maxsize=1)
def modules() -> dict[str, Module]:
    """Every module of pipeline/, by dotted name, parsed."""
    found = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = ["pipeline", *path.relative_to(PACKAGE).with_suffix("").parts]
        if parts[-1] == "__init__":
            parts.pop()
        found[".".join(parts)] = Module(".".join(parts), path, ast.parse(path.read_text(encoding="utf-8"), str(path)))
    return found


def _resolve(module: Module, node: ast.ImportFrom) -> str:
    """The absolute module name an ``from ... import`` reads from (relative imports resolved)."""
    if not node.level:
        return node.module or ""
    base = module.name.split(".")
    if not module.is_package:
        base = base[:-1]
    base = base[: len(base) - (node.level - 1)]
    return ".".join(base + ([node.module] if node.module else []))


def imports_of(module: Module) -> dict[str, int]:
    """The pipeline modules ``module`` imports (anywhere in it), each with the first line that does."""
    known = modules()
    found: dict[str, int] = {}
    for node in ast.walk(module.tree):
        targets: list[str] = []
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            source = _resolve(module, node)
            # "from pipeline.glossary import load" imports the module pipeline.glossary.load;
            # "from pipeline.glossary import load_glossary" the package pipeline.glossary.
            targets = [f"{source}.{alias.name}" if f"{source}.{alias.name}" in known else source for alias in node.names]
        for target in targets:
            while target and target not in known and "." in target:
                target = target.rsplit(".", 1)[0]  # import a.b.c.name: the module a.b.c
            if target in known and target != module.name:
                found.setdefault(target, node.lineno)
    return found


@lru_cache(maxsize=1)
def graph() -> dict[str, dict[str, int]]:
    """Module → {imported module: line}, for every module of pipeline/."""
    return {name: imports_of(module) for name, module in modules().items()}


def circles(edges: dict[str, dict[str, int]]) -> list[list[str]]:
    """The strongly connected components of more than one module (Tarjan's algorithm, iterative)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    for root in sorted(edges):
        if root in index:
            continue
        work = [(root, iter(sorted(edges[root])))]
        index[root] = low[root] = len(index)
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = len(index)
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(edges.get(child, ())))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                if len(component) > 1:
                    found.append(sorted(component))
    return found


def upward_imports(stage: str) -> list[str]:
    """The imports of ``stage``'s modules that run back up the layers (or across to a peer)."""
    known = modules()
    bad = []
    for name, module in known.items():
        if module.stage != stage:
            continue
        for target, line in graph()[name].items():
            other = known[target].stage
            if other == stage:
                continue
            if LAYERS[other] >= LAYERS[stage]:
                bad.append(f"{module.path.relative_to(PACKAGE.parent)}:{line}: {stage} imports {target} ({other})")
    return bad


def long_functions(stage: str) -> list[str]:
    """The functions of ``stage``'s modules longer than their limit, with their length."""
    limit = MAX_LINES_CLI if stage == "cli" else MAX_LINES
    bad = []
    for module in modules().values():
        if module.stage != stage:
            continue
        for node in ast.walk(module.tree):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                # A command's typer signature is one option per line (the formatter's layout):
                # what is measured in cli/ is the body, the part that could hold logic.
                start = node.body[0].lineno if stage == "cli" else node.lineno
                length = node.end_lineno - start + 1
                if length > limit:
                    bad.append(f"{module.path.relative_to(PACKAGE.parent)}:{node.lineno}: {node.name} is {length} lines (at most {limit})")
    return bad


def _stages() -> list[str]:
    return sorted({module.stage for module in modules().values()})


# --------------------------------------------------------------------------- the rules


def test_every_stage_has_a_layer():
    assert set(_stages()) <= set(LAYERS), f"stages without a layer: {set(_stages()) - set(LAYERS)}"


def test_no_import_circle_between_modules():
    found = circles(graph())
    assert not found, "import circles:\n" + "\n".join(" <-> ".join(component) for component in found)


@pytest.mark.parametrize("stage", _stages())
def test_no_import_runs_back_up_the_layers(stage):
    bad = upward_imports(stage)
    assert not bad, "\n".join(bad)


@pytest.mark.parametrize("stage", _stages())
def test_no_function_is_too_long(stage):
    bad = long_functions(stage)
    assert not bad, "\n".join(bad)


# --------------------------------------------------------------------------- the reader itself


def _module(tmp_path: Path, name: str, text: str) -> Module:
    path = tmp_path / "x.py"
    path.write_text(text, encoding="utf-8")
    return Module(name, path, ast.parse(text))


def test_imports_inside_functions_and_type_checking_blocks_count(tmp_path):
    text = (
        "from typing import TYPE_CHECKING\n"
        "if TYPE_CHECKING:\n    from pipeline.glossary.load import load_glossary\n"
        "def f():\n    import pipeline.core.errors\n    from pipeline.glossary import matcher\n"
        "    from ..core import paths\n"
    )
    found = imports_of(_module(tmp_path, "pipeline.checks.example", text))
    assert set(found) == {"pipeline.glossary.load", "pipeline.core.errors", "pipeline.glossary.matcher", "pipeline.core.paths"}


def test_circles_are_found():
    edges = {"a": {"b": 1}, "b": {"c": 1}, "c": {"a": 1}, "d": {"a": 1}, "e": {}}
    assert circles(edges) == [["a", "b", "c"]]
    assert circles({"a": {"b": 1}, "b": {}}) == []
