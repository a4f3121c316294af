"""Checks on translated catalogs (PO files) against their source text and the glossary."""

from __future__ import annotations

from typing import Iterator

from ..errors import InputError
from ..model import ERROR, WARNING, Finding
from ..plurals import (PluralRule, babel_rule, consistency_problems, first_difference, forms_problem,
                       parse_plural_forms, same_rule)
from .numbers import extra_numbers, missing_numbers
from .registry import CatalogContext, catalog_check


def _live(ctx: CatalogContext):
    return [e for e in ctx.po if not e.obsolete and e.msgid and e.msgstr]


def entry_severity(entry) -> str:
    """The severity of a finding on one entry: a warning on a fuzzy entry, an error otherwise.

    Fuzzy entries never ship (bundles fall back to the source text), so what is wrong in a
    draft is for its reviewer, not a reason to fail CI; the moment the fuzzy flag is removed
    the same finding is an error.  ``stats`` and ``report`` count these severities as given.
    """
    return WARNING if "fuzzy" in entry.flags else ERROR


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
            yield ctx.finding(entry, "missing-rendering", entry_severity(entry),
                              f"'{match.text}' must be rendered '{expected}' (any inflection); "
                              "it is not in the translation", match.text, expected)


@catalog_check("forbidden-rendering", ERROR)
def forbidden_rendering(ctx: CatalogContext) -> Iterator[Finding]:
    """A forbidden rendering in the msgstr, in any inflected form (Степанакерте, Stepanakert'te).

    An error for a translated entry, a warning for a fuzzy one.  A forbidden name is the worst
    glossary mistake, but a fuzzy draft is never shipped and is reviewed entry by entry; the
    warning tells the reviewer, and removing the fuzzy flag without fixing it fails the check.
    Failing CI on machine drafts would only teach people to ignore the check.
    """
    if ctx.target_matcher is None:
        return
    for entry in _live(ctx):
        for match in ctx.target_matcher.find(entry.msgstr):
            if match.kind != "forbidden":
                continue
            rendering = match.term.renderings.get(ctx.locale)
            suggestion = rendering.text if rendering else match.term.term
            reason = f" ({match.forbidden.reason})" if match.forbidden and match.forbidden.reason else ""
            yield ctx.finding(entry, "forbidden-rendering", entry_severity(entry),
                              f"'{match.text}' is forbidden: use '{suggestion}'{reason}", match.text, suggestion)


@catalog_check("number-mismatch", ERROR, uses_glossary=False)
def number_mismatch(ctx: CatalogContext) -> Iterator[Finding]:
    """Numbers of the msgid missing or altered in the msgstr (613, 1275 and 1992 are facts).

    An error for a translated entry, a warning for a fuzzy one (a draft still under review).
    """
    for entry in _live(ctx):
        missing = missing_numbers(entry.msgid, entry.msgstr)
        if not missing:
            continue
        extra = extra_numbers(entry.msgid, entry.msgstr)
        altered = f"; the translation has {', '.join(extra)} instead" if extra else ""
        yield ctx.finding(entry, "number-mismatch", entry_severity(entry),
                          f"number {', '.join(missing)} of the source is missing from the translation{altered}",
                          ", ".join(extra), ", ".join(missing))


@catalog_check("msgfmt", ERROR, uses_glossary=False)
def msgfmt_rules(ctx: CatalogContext) -> Iterator[Finding]:
    """What `msgfmt --check` rejects: no charset, a bad Plural-Forms or plural entry, mismatched newlines.

    Plural-Forms is missing, does not parse, or gives some n a form outside 0…nplurals-1; a
    plural entry has other forms than msgstr[0]…msgstr[nplurals-1]; msgid and msgstr do not
    both begin (end) with a newline.  Plural-Forms is judged by what it means
    (:mod:`pipeline.plurals`), never against Babel's text: a valid rule that differs from
    Babel's is the ``plural-forms`` warning.
    """
    content_type = ctx.po.metadata.get("Content-Type", "")
    if "charset=" not in content_type:
        yield ctx.finding(None, "msgfmt", ERROR, "header has no charset in Content-Type",
                          content_type, "text/plain; charset=UTF-8")
    if ctx.locale and "Plural-Forms" not in ctx.po.metadata:
        yield ctx.finding(None, "msgfmt", ERROR, "header has no Plural-Forms", "", _babel_plural(ctx.locale))
    elif "Plural-Forms" in ctx.po.metadata:
        yield from _plural_errors(ctx)
    for entry in _live(ctx):
        for edge, test in (("begin", str.startswith), ("end", str.endswith)):
            if test(entry.msgid, "\n") != test(entry.msgstr, "\n"):
                yield ctx.finding(entry, "msgfmt", ERROR,
                                  f"msgid and msgstr do not both {edge} with a newline")


def _babel_rule(locale: str | None) -> PluralRule | None:
    """Babel's rule for ``locale``; None for an unknown locale (what a new catalog would get is unknown)."""
    try:
        return babel_rule(locale) if locale else None
    except InputError:
        return None


def _babel_plural(locale: str | None) -> str:
    rule = _babel_rule(locale)
    return rule.header if rule is not None else ""


def _plural_entries(ctx: CatalogContext) -> list:
    return [e for e in ctx.po if not e.obsolete and e.msgid_plural]


def _plural_errors(ctx: CatalogContext) -> Iterator[Finding]:
    """Plural-Forms that does not parse or gives a form outside 0…nplurals-1; plural entries that do not fit it."""
    header = ctx.po.metadata["Plural-Forms"]
    babel = _babel_plural(ctx.locale)
    try:
        rule = parse_plural_forms(header)
    except InputError as error:
        hint = f"write e.g. Babel's CLDR rule for {ctx.locale}, '{babel}'" if babel else error.hint
        yield ctx.finding(None, "msgfmt", ERROR, f"{error.problem}; {hint}", header, babel)
        return
    for problem in consistency_problems(rule):
        hint = f"; Babel's CLDR data for {ctx.locale} says '{babel}'" if babel else ""
        yield ctx.finding(None, "msgfmt", ERROR, f"Plural-Forms is inconsistent: {problem}{hint}", header, babel)
    for entry in _plural_entries(ctx):
        problem = forms_problem(rule, entry.msgstr_plural)
        if problem:
            found = ", ".join(f"msgstr[{i}]" for i in sorted(entry.msgstr_plural))
            yield ctx.finding(entry, "msgfmt", ERROR, problem, found,
                              ", ".join(f"msgstr[{i}]" for i in range(rule.nplurals)))


@catalog_check("plural-forms", WARNING, uses_glossary=False)
def plural_forms_differ(ctx: CatalogContext) -> Iterator[Finding]:
    """A valid Plural-Forms that is a different rule (by meaning) from Babel's CLDR data for the locale.

    Advice only: translators may have chosen their rule, and Babel's data changes between
    releases.  Unparsable or inconsistent headers are ``msgfmt`` errors, not reported here.
    """
    header = ctx.po.metadata.get("Plural-Forms")
    babel = _babel_rule(ctx.locale)
    if not header or babel is None:
        return
    try:
        rule = parse_plural_forms(header)
    except InputError:
        return
    if consistency_problems(rule) or same_rule(rule, babel):
        return
    where = f"Babel's CLDR data for {ctx.locale} says '{babel.header}'"
    if rule.nplurals != babel.nplurals:
        message = (f"Plural-Forms has nplurals={rule.nplurals}; {where}: plural entries would need "
                   f"{babel.nplurals} forms")
    else:
        n = first_difference(rule, babel)
        message = (f"Plural-Forms gives form {rule.form(n)} for n={n}; {where}, which gives form "
                   f"{babel.form(n)}: plural entries would show another form for some numbers")
    message += (f", and new {ctx.locale} catalogs from `l10n update` get Babel's rule; "
                "keep yours if your translators chose it")
    suggestion = babel.header
    entries = len(_plural_entries(ctx))
    if entries:  # switching the header alone would leave these entries with the old forms
        suggestion += f" and rewrite the {entries} plural entries as msgstr[0]…msgstr[{babel.nplurals - 1}] for it"
    yield ctx.finding(None, "plural-forms", WARNING, message, header, suggestion)
