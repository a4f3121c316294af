"""One registry of checks.  A check is an id, a severity, a docstring and one function.

Adding a rule is adding one function::

    @source_check("glued-word", WARNING)
    def glued_word(ctx: SourceContext, check: Check) -> Iterator[Finding]:
        \"\"\"Two words written without a space ("genocideis").\"\"\"
        ...
        yield ctx.finding(check, unit, start, message)

The function is given its own registered :class:`Check`, and a finding takes its rule id and
severity from it, so both are written once, in the decorator.

Source checks get a :class:`SourceContext` (one segmented document, with the glossary
matches of each unit computed once and shared by every check); catalog checks get a
:class:`CatalogContext` (one parsed PO file and its locale).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property, update_wrapper
from typing import TYPE_CHECKING, Callable, Iterator

from pipeline.core.model import Finding, Segmentation

if TYPE_CHECKING:  # polib is only needed when a catalog is checked; the matchers are named in annotations only
    import polib

    from pipeline.glossary.matcher import SourceMatcher, TargetMatcher

SOURCE = "source"
CATALOG = "catalog"


@dataclass(frozen=True)
class Check:
    """A registered rule."""

    id: str
    severity: str  # the most severe level it reports
    target: str  # SOURCE or CATALOG
    function: Callable[..., Iterator[Finding]]
    uses_glossary: bool = True  # False: runs the same with --no-glossary

    @property
    def description(self) -> str:
        return (self.function.__doc__ or "").strip().splitlines()[0]

    def run(self, ctx: "SourceContext | CatalogContext") -> Iterator[Finding]:
        """The check's findings on ``ctx``; the function is given this Check for the id and severity."""
        return self.function(ctx, self)


REGISTRY: dict[str, Check] = {}


def _register(target: str, check_id: str, severity: str, uses_glossary: bool):
    """Register the decorated ``function(ctx, check)``; the name it is defined under becomes
    ``function(ctx)``, with its Check bound (what :meth:`Check.run` does), for callers that hold it."""

    def decorate(function):
        if check_id in REGISTRY:
            raise ValueError(f"check id {check_id!r} registered twice")
        check = REGISTRY[check_id] = Check(check_id, severity, target, function, uses_glossary)

        def run(ctx):
            return function(ctx, check)

        return update_wrapper(run, function)

    return decorate


def source_check(check_id: str, severity: str, *, uses_glossary: bool = True):
    """Register a check on source documents (``uses_glossary=False``: it needs no glossary)."""
    return _register(SOURCE, check_id, severity, uses_glossary)


def catalog_check(check_id: str, severity: str, *, uses_glossary: bool = True):
    """Register a check on PO catalogs (``uses_glossary=False``: it needs no glossary)."""
    return _register(CATALOG, check_id, severity, uses_glossary)


def glossary_checks() -> list[str]:
    """Ids of the checks that need a glossary (what ``--no-glossary`` skips)."""
    return [c.id for c in REGISTRY.values() if c.uses_glossary]


def checks_for(target: str) -> list[Check]:
    """The registered checks for sources or catalogs, in registration order."""
    return [c for c in REGISTRY.values() if c.target == target]


@dataclass
class SourceContext:
    """What source checks see: a segmented document and its glossary matches."""

    path: str
    segmentation: Segmentation
    glossary: object | None
    matcher: SourceMatcher | None = None

    @cached_property
    def matches(self) -> list[list]:
        """Glossary matches per unit, found in one pass over each unit's text."""
        if self.matcher is None:
            return [[] for _ in self.segmentation.units]
        return [self.matcher.find(unit.text) for unit in self.segmentation.units]

    def finding(self, check: Check, unit, start: int, message: str, found: str = "", suggestion: str | None = None) -> Finding:
        """``check``'s finding at offset ``start`` of ``unit``'s text, located in the source file."""
        line, column = unit.locate(start)
        return Finding(self.path, line, column, check.id, check.severity, message, found, suggestion)


@dataclass
class CatalogContext:
    """What catalog checks see: one parsed PO file, its locale, and the glossary matchers."""

    path: str
    po: "polib.POFile"
    locale: str  # as :func:`~pipeline.catalogs.language.catalog_locale` gives it
    glossary: object | None
    source_matcher: SourceMatcher | None = None
    target_matcher: TargetMatcher | None = None
    msgid_lines: dict[int, int] = field(default_factory=dict)  # id(entry) -> line of its msgid

    def finding(
        self,
        check: Check,
        entry: polib.POEntry | None,
        message: str,
        found: str = "",
        suggestion: str | None = None,
        severity: str | None = None,
    ) -> Finding:
        """``check``'s finding on ``entry`` (None: the header), at its msgid's line.

        ``severity``: when it depends on the entry (a fuzzy entry's is a warning); else the check's.
        """
        line = self.msgid_lines.get(id(entry)) or getattr(entry, "linenum", None) or 1
        return Finding(
            self.path,
            int(line),
            1,
            check.id,
            severity or check.severity,
            message,
            found,
            suggestion,
            locale=self.locale,
            msgid=entry.msgid if entry is not None else None,
        )

    def finding_at(self, check: Check, line: int, column: int, message: str, found: str = "", suggestion: str | None = None) -> Finding:
        """``check``'s finding at a line and column of the file, on no entry (PO syntax, the header's text)."""
        return Finding(self.path, line, column, check.id, check.severity, message, found, suggestion, locale=self.locale)
