"""Checks on English source documents."""

from __future__ import annotations

from bisect import bisect_right
from operator import itemgetter
from typing import Iterator

from pipeline.checks.nearmiss import near_misses
from pipeline.checks.registry import Check, SourceContext, source_check
from pipeline.checks.words import find_glued
from pipeline.core.inline_tags import mask_tags
from pipeline.core.model import ERROR, WARNING, Finding, Unit


class _Located:
    """A unit as ``ctx.finding`` uses it, located by a binary search over its anchors.

    ``Unit.locate`` lists every anchor's offset on each call, so a long paragraph with many
    findings cost findings × words (hours for a 50 MB paragraph); this costs log(words) a
    finding, with the same result.  (The fix belongs in ``Unit.locate``, in pipeline/model.py:
    ``bisect_right(self.anchors, offset, key=itemgetter(0))``; then this class can go.)
    """

    __slots__ = ("unit",)

    def __init__(self, unit: Unit):
        self.unit = unit

    def locate(self, offset: int) -> tuple[int, int]:
        """The 1-based (line, column) in the source file of ``unit.text[offset]``, as Unit.locate gives."""
        anchors = self.unit.anchors
        if not anchors:
            return self.unit.line, 1 + offset
        if hasattr(anchors, "at"):  # the segmenter's anchors: a search of their offsets array
            start, line, column = anchors.at(offset)
        else:
            start, line, column = anchors[max(0, bisect_right(anchors, offset, key=itemgetter(0)) - 1)]
        return line, column + (offset - start)


def _forbidden(ctx: SourceContext, check: Check) -> Iterator[Finding]:
    """Forbidden forms of the glossary whose severity is the check's (error or warning)."""
    for unit, matches in zip(ctx.segmentation.units, ctx.matches):
        for match in matches:
            if match.kind == "forbidden" and match.forbidden.severity == check.severity:
                reason = f" ({match.forbidden.reason})" if match.forbidden.reason else ""
                yield ctx.finding(
                    check,
                    _Located(unit),
                    match.start,
                    f"'{match.text}' is not to be used: write '{match.term.term}'{reason}",
                    match.text,
                    match.term.term,
                )


@source_check("forbidden-variant", ERROR)
def forbidden_variant(ctx: SourceContext, check: Check) -> Iterator[Finding]:
    """A form the glossary forbids (Stepanakert, Khodjaly, Heydar Foundation), with the form to use."""
    return _forbidden(ctx, check)


@source_check("deprecated-variant", WARNING)
def deprecated_variant(ctx: SourceContext, check: Check) -> Iterator[Finding]:
    """A deprecated or non-preferred form (a former name, a non-standard name of a unit)."""
    return _forbidden(ctx, check)


@source_check("inconsistent-naming", WARNING)
def inconsistent_naming(ctx: SourceContext, check: Check) -> Iterator[Finding]:
    """One entity named in different ways within one document (the 366th regiment under two names).

    Acronyms (OIC after "Organisation of Islamic Cooperation") and a short name introduced in
    parentheses ("… of Genocide (Genocide Convention)") are not inconsistencies; forbidden
    forms are reported by their own checks.
    """
    names: dict[str, set[str]] = {}
    first: dict[str, str] = {}
    for unit, matches in zip(ctx.segmentation.units, ctx.matches):
        for match in matches:
            if match.kind == "forbidden" or match.text.isupper():
                continue
            name = match.form.casefold()
            allowed = names.setdefault(match.term.id, set())
            defined = unit.text[match.start - 1 : match.start] == "(" and unit.text[match.end : match.end + 1] == ")"
            if not allowed or defined:
                allowed.add(name)
                first.setdefault(match.term.id, match.text)
            elif name not in allowed:
                allowed.add(name)
                yield ctx.finding(
                    check,
                    _Located(unit),
                    match.start,
                    f"'{match.text}' names the same entity as '{first[match.term.id]}' earlier in "
                    f"this document; use one name ('{match.term.term}')",
                    match.text,
                    match.term.term,
                )


@source_check("glued-word", WARNING, uses_glossary=False)
def glued_word(ctx: SourceContext, check: Check) -> Iterator[Finding]:
    """Two words written without a space: 30thAnniversary, whereas1275, Convention,the, genocideis."""
    for unit in ctx.segmentation.units:
        for glued in find_glued(mask_tags(unit.text)):  # an HTML/Word placeholder (<em1>) is no word
            yield ctx.finding(
                check,
                _Located(unit),
                glued.start,
                f"'{glued.text}' looks like glued words: '{glued.suggestion}'",
                glued.text,
                glued.suggestion,
            )


@source_check("near-miss", WARNING)
def near_miss(ctx: SourceContext, check: Check) -> Iterator[Finding]:
    """A capitalised word one edit away from a word of a glossary name, that no entry lists (Aliyef)."""
    if ctx.glossary is None:
        return
    for unit, matches in zip(ctx.segmentation.units, ctx.matches):
        covered = [(m.start, m.end) for m in matches]
        for start, word, suggestion in near_misses(ctx.glossary, unit.text, covered):
            yield ctx.finding(
                check,
                _Located(unit),
                start,
                f"'{word}' is one letter away from the glossary's '{suggestion}'; fix the spelling, or add it to the glossary as a variant",
                word,
                suggestion,
            )
