"""Checks on translated catalogs (PO files) against their source text and the glossary."""

from __future__ import annotations

from typing import Iterator

from ..model import ERROR, WARNING, Finding
from .numbers import extra_numbers, missing_numbers
from .registry import CatalogContext, catalog_check


def _live(ctx: CatalogContext):
    return [e for e in ctx.po if not e.obsolete and e.msgid and e.msgstr]


@catalog_check("missing-rendering", ERROR)
def missing_rendering(ctx: CatalogContext) -> Iterator[Finding]:
    """A glossary term of the msgid whose fixed rendering (in any inflection) is absent from the msgstr.

    An error for a translated entry, a warning for a fuzzy one (a draft still under review).
    """
    if ctx.source_matcher is None or ctx.target_matcher is None:
        return
    for entry in _live(ctx):
        seen = set()
        for match in ctx.source_matcher.find(entry.msgid):
            term = match.term
            if term.id in seen:
                continue
            seen.add(term.id)
            rendering = term.renderings.get(ctx.locale)
            expected = term.term if term.dnt and not (rendering and rendering.text) else (
                rendering.text if rendering else None)
            if expected is None or ctx.target_matcher.contains_rendering(entry.msgstr, term):
                continue
            severity = WARNING if "fuzzy" in entry.flags else ERROR
            yield ctx.finding(entry, "missing-rendering", severity,
                              f"'{match.text}' must be rendered '{expected}' (any inflection); "
                              "it is not in the translation", match.text, expected)


@catalog_check("forbidden-rendering", ERROR)
def forbidden_rendering(ctx: CatalogContext) -> Iterator[Finding]:
    """A forbidden rendering in the msgstr, in any inflected form (Степанакерте, Stepanakert'te)."""
    if ctx.target_matcher is None:
        return
    for entry in _live(ctx):
        for match in ctx.target_matcher.find(entry.msgstr):
            if match.kind != "forbidden":
                continue
            rendering = match.term.renderings.get(ctx.locale)
            suggestion = rendering.text if rendering else match.term.term
            reason = f" ({match.forbidden.reason})" if match.forbidden and match.forbidden.reason else ""
            yield ctx.finding(entry, "forbidden-rendering", ERROR,
                              f"'{match.text}' is forbidden: use '{suggestion}'{reason}", match.text, suggestion)


@catalog_check("number-mismatch", ERROR)
def number_mismatch(ctx: CatalogContext) -> Iterator[Finding]:
    """Numbers of the msgid missing or altered in the msgstr (613, 1275 and 1992 are facts)."""
    for entry in _live(ctx):
        missing = missing_numbers(entry.msgid, entry.msgstr)
        if not missing:
            continue
        extra = extra_numbers(entry.msgid, entry.msgstr)
        altered = f"; the translation has {', '.join(extra)} instead" if extra else ""
        yield ctx.finding(entry, "number-mismatch", ERROR,
                          f"number {', '.join(missing)} of the source is missing from the translation{altered}",
                          ", ".join(extra), ", ".join(missing))


@catalog_check("msgfmt", ERROR)
def msgfmt_rules(ctx: CatalogContext) -> Iterator[Finding]:
    """What `msgfmt --check` rejects: header without charset or Plural-Forms, mismatched leading/trailing newlines."""
    content_type = ctx.po.metadata.get("Content-Type", "")
    if "charset=" not in content_type:
        yield ctx.finding(None, "msgfmt", ERROR, "header has no charset in Content-Type",
                          content_type, "text/plain; charset=UTF-8")
    if ctx.locale and "Plural-Forms" not in ctx.po.metadata:
        yield ctx.finding(None, "msgfmt", ERROR, "header has no Plural-Forms", "", _babel_plural(ctx.locale))
    elif ctx.locale:
        expected = _babel_plural(ctx.locale)
        found = ctx.po.metadata["Plural-Forms"]
        if expected and _nplurals(found) != _nplurals(expected):
            yield ctx.finding(None, "msgfmt", ERROR,
                              f"Plural-Forms says {found!r}; Babel's data for {ctx.locale} says {expected!r}",
                              found, expected)
    for entry in _live(ctx):
        for edge, test in (("begin", str.startswith), ("end", str.endswith)):
            if test(entry.msgid, "\n") != test(entry.msgstr, "\n"):
                yield ctx.finding(entry, "msgfmt", ERROR,
                                  f"msgid and msgstr do not both {edge} with a newline")


def _babel_plural(locale: str) -> str:
    from babel.messages.plurals import get_plural

    try:
        return get_plural(locale).plural_forms
    except Exception:  # an unknown locale is reported by the Language-header check
        return ""


def _nplurals(plural_forms: str) -> str:
    for part in plural_forms.split(";"):
        key, _, value = part.strip().partition("=")
        if key.strip() == "nplurals":
            return value.strip()
    return ""
