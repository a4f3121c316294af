"""Checks on translated catalogs (PO files) against their source text and the glossary."""

from __future__ import annotations

from pathlib import Path
from typing import Iterator

from pipeline.catalogs.entries import is_counted
from pipeline.catalogs.language import language_hint, language_line, language_problem, layout_locale
from pipeline.core.errors import InputError
from pipeline.core.model import ERROR, WARNING, Finding
from pipeline.catalogs.plurals import (
    PluralRule,
    babel_rule,
    consistency_problems,
    first_difference,
    forms_problem,
    parse_plural_forms,
    same_rule,
)
from pipeline.catalogs.po_syntax import syntax_problems
from pipeline.checks.format_strings import catalog_rule, checked_entries, entry_problems
from pipeline.checks.numbers import compare, describe, formatted, shown_extras
from pipeline.checks.registry import CatalogContext, Check, catalog_check
from pipeline.glossary.matcher import derived_forms


def live_entries(ctx: CatalogContext):
    """The entries a catalog check looks at: counted (live, not the header) and translated."""
    return [e for e in ctx.po if is_counted(e) and e.msgstr]


def entry_severity(entry) -> str:
    """The severity of a finding on one entry: a warning on a fuzzy entry, an error otherwise.

    Fuzzy entries never ship (bundles fall back to the source text), so what is wrong in a
    draft is for its reviewer, not a reason to fail CI; the moment the fuzzy flag is removed
    the same finding is an error.  ``stats`` and ``report`` count these severities as given.
    """
    return WARNING if entry.fuzzy else ERROR


@catalog_check("missing-rendering", ERROR)
def missing_rendering(ctx: CatalogContext, check: Check) -> Iterator[Finding]:
    """A glossary term of the msgid whose fixed rendering (in any inflection) is absent from the msgstr.

    The rendering counts in any inflection and in the case the target language allows; so do
    the entry's accepted forms and the derived words it lists (ходжалинский, xocalılar,
    Hocalılı).  An error for a translated entry, a warning for a fuzzy one (a draft still under
    review).
    """
    if ctx.source_matcher is None or ctx.target_matcher is None:
        return
    for entry in live_entries(ctx):
        rendered = None  # the terms the msgstr renders: one scan, made when a term first expects one
        for match, expected in _expected_renderings(ctx.source_matcher.find(entry.msgid), ctx.locale):
            term = match.term
            if rendered is None:
                rendered = ctx.target_matcher.rendered_terms(entry.msgstr)
            if term.id in rendered:
                continue
            derived = [d.form for d in derived_forms(term, ctx.locale)]
            also = f", or a derived word: {', '.join(derived)}" if derived else ""
            yield ctx.finding(
                check,
                entry,
                f"'{match.text}' must be rendered '{expected}' (any inflection{also}); it is not in the translation",
                match.text,
                expected,
                entry_severity(entry),
            )


def _expected_renderings(matches, locale: str | None) -> Iterator[tuple]:
    """``(match, expected rendering)`` for the first match of each term that has one in ``locale``."""
    seen = set()
    for match in matches:
        term = match.term
        if term.id in seen:
            continue
        seen.add(term.id)
        rendering = term.renderings.get(locale)
        expected = term.term if term.dnt and not (rendering and rendering.text) else (rendering.text if rendering else None)
        if expected is not None:
            yield match, expected


@catalog_check("forbidden-rendering", ERROR)
def forbidden_rendering(ctx: CatalogContext, check: Check) -> Iterator[Finding]:
    """A forbidden rendering in the msgstr, in any inflected form (Степанакерте, Stepanakert'te).

    An error for a translated entry, a warning for a fuzzy one.  A forbidden name is the worst
    glossary mistake, but a fuzzy draft is never shipped and is reviewed entry by entry; the
    warning tells the reviewer, and removing the fuzzy flag without fixing it fails the check.
    Failing CI on machine drafts would only teach people to ignore the check.
    """
    if ctx.target_matcher is None:
        return
    for entry in live_entries(ctx):
        for match in ctx.target_matcher.forbidden(entry.msgstr):
            rendering = match.term.renderings.get(ctx.locale)
            suggestion = rendering.text if rendering else match.term.term
            reason = f" ({match.forbidden.reason})" if match.forbidden and match.forbidden.reason else ""
            form = f" ('{match.form}')" if match.text != match.form else ""
            derived = [d.form for d in derived_forms(match.term, ctx.locale)] if form else []
            also = f" or a derived word ({', '.join(derived)})" if derived else ""
            yield ctx.finding(
                check,
                entry,
                f"'{match.text}' is forbidden{form}: use '{suggestion}'{also}{reason}",
                match.text,
                suggestion,
                entry_severity(entry),
            )


@catalog_check("number-mismatch", ERROR, uses_glossary=False)
def number_mismatch(ctx: CatalogContext, check: Check) -> Iterator[Finding]:
    """Numbers of the msgid missing or altered in the msgstr, compared by meaning (613, 1,275, 1992, XX).

    Each text is read the way its language writes numbers (:mod:`pipeline.checks.numbers`):
    1,275 = 1 275 (ru) = 1.275 (az, tr); 7,000 = 7 тысяч = 7 min = 7 bin; 20th century = XX век;
    26th = 26-cı = 26-го = 26'ncı; February 26 = 26 февраля; 1990s = 90-х.  A
    number copied with the source's separators that reads otherwise in the translation's
    language (1,275 in Russian is 1.275) is named with the locale's spelling as the fix.  An
    error for a translated entry, a warning for a fuzzy one (a draft still under review).
    """
    for entry in live_entries(ctx):
        result = compare(entry.msgid, entry.msgstr, ctx.locale)
        if not result:
            continue
        yield _number_finding(ctx, check, entry, result)


def _number_finding(ctx: CatalogContext, check: Check, entry, result) -> Finding:
    """One finding for an entry's missing numbers: misread spellings first, with their fix."""
    misread = {id(want): have for want, have in result.misread}
    parts, found, fixes = [], [], []
    for want in result.missing:
        have = misread.get(id(want))
        if have is not None:
            fix = formatted(want, ctx.locale)
            parts.append(f"'{have.text}' reads as {_as_read(have)} in {ctx.locale}, not {want.text}: write {fix}")
            found.append(have.text)
            fixes.append(fix)
    plain = [w for w in result.missing if id(w) not in misread]
    if plain:
        extra = [f.text for f in shown_extras(result) if f.text not in found]
        altered = f"; the translation has {', '.join(extra)} instead" if extra else ""
        what = ", ".join(describe(w) for w in plain)
        parts.append(f"{what} of the source {'is' if len(plain) == 1 else 'are'} missing from the translation{altered}")
        found.extend(extra)
        fixes.extend(formatted(w, ctx.locale, group_from=5) for w in plain)
    return ctx.finding(check, entry, "; ".join(parts), ", ".join(found), ", ".join(fixes), entry_severity(entry))


def _as_read(fact) -> str:
    """What a translation's number means in its own language, for a message ("the decimal 1.275")."""
    return f"the decimal {fact.key}" if "." in fact.key else f"the whole number {fact.key}"


@catalog_check("msgfmt", ERROR, uses_glossary=False)
def msgfmt_rules(ctx: CatalogContext, check: Check) -> Iterator[Finding]:
    """What `msgfmt --check` rejects: no charset, a bad Plural-Forms or plural entry, mismatched newlines.

    Plural-Forms is missing, does not parse, or gives some n a form outside 0…nplurals-1; a
    plural entry has other forms than msgstr[0]…msgstr[nplurals-1]; msgid and msgstr do not
    both begin (end) with a newline.  Plural-Forms is judged by what it means
    (:mod:`pipeline.catalogs.plurals`), never against Babel's text: a valid rule that differs from
    Babel's is the ``plural-forms`` warning.
    """
    content_type = ctx.po.metadata.get("Content-Type", "")
    if "charset=" not in content_type:
        yield ctx.finding(check, None, "header has no charset in Content-Type", content_type, "text/plain; charset=UTF-8")
    if ctx.locale and "Plural-Forms" not in ctx.po.metadata:
        yield ctx.finding(check, None, "header has no Plural-Forms", "", _babel_plural(ctx.locale))
    elif "Plural-Forms" in ctx.po.metadata:
        yield from _plural_errors(ctx, check)
    for entry in live_entries(ctx):
        for edge, test in (("begin", str.startswith), ("end", str.endswith)):
            if test(entry.msgid, "\n") != test(entry.msgstr, "\n"):
                yield ctx.finding(check, entry, f"msgid and msgstr do not both {edge} with a newline")


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


def _plural_errors(ctx: CatalogContext, check: Check) -> Iterator[Finding]:
    """Plural-Forms that does not parse or gives a form outside 0…nplurals-1; plural entries that do not fit it."""
    header = ctx.po.metadata["Plural-Forms"]
    babel = _babel_plural(ctx.locale)
    try:
        rule = parse_plural_forms(header)
    except InputError as error:
        hint = f"write e.g. Babel's CLDR rule for {ctx.locale}, '{babel}'" if babel else error.hint
        yield ctx.finding(check, None, f"{error.problem}; {hint}", header, babel)
        return
    for problem in consistency_problems(rule):
        hint = f"; Babel's CLDR data for {ctx.locale} says '{babel}'" if babel else ""
        yield ctx.finding(check, None, f"Plural-Forms is inconsistent: {problem}{hint}", header, babel)
    for entry in _plural_entries(ctx):
        misfit = forms_problem(rule, entry.msgstr_plural)
        if misfit:
            found = ", ".join(f"msgstr[{i}]" for i in sorted(entry.msgstr_plural))
            yield ctx.finding(check, entry, misfit, found, ", ".join(f"msgstr[{i}]" for i in range(rule.nplurals)))


@catalog_check("plural-forms", WARNING, uses_glossary=False)
def plural_forms_differ(ctx: CatalogContext, check: Check) -> Iterator[Finding]:
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
        message = f"Plural-Forms has nplurals={rule.nplurals}; {where}: plural entries would need {babel.nplurals} forms"
    else:
        n = first_difference(rule, babel)
        assert n is not None  # same nplurals and not same_rule: some number tells them apart
        message = (
            f"Plural-Forms gives form {rule.form(n)} for n={n}; {where}, which gives form "
            f"{babel.form(n)}: plural entries would show another form for some numbers"
        )
    message += f", and new {ctx.locale} catalogs from `l10n update` get Babel's rule; keep yours if your translators chose it"
    suggestion = babel.header
    entries = len(_plural_entries(ctx))
    if entries:  # switching the header alone would leave these entries with the old forms
        suggestion += f" and rewrite the {entries} plural entries as msgstr[0]…msgstr[{babel.nplurals - 1}] for it"
    yield ctx.finding(check, None, message, header, suggestion)


# --- what msgfmt refuses and polib accepts ----------------------------------------------------


def _format_findings(ctx: CatalogContext, check: Check) -> Iterator[Finding]:
    """Findings of one format-string kind (the check's id) on every translated entry (fuzzy ones as warnings)."""
    rule = catalog_rule(ctx.po.metadata.get("Plural-Forms"))
    for entry in checked_entries(ctx.po, include_fuzzy=True):
        for problem in entry_problems(entry, rule, only=check.id):
            yield ctx.finding(check, entry, problem.message, problem.found, problem.expected or "no directives", entry_severity(entry))


@catalog_check("c-format", ERROR, uses_glossary=False)
def c_format(ctx: CatalogContext, check: Check) -> Iterator[Finding]:
    """A `#, c-format` msgstr whose printf directives differ from the msgid's in number, order or type.

    msgfmt's rules (:mod:`pipeline.checks.format_strings`): ``%2$s``-style reordering is fine, a
    plural form used for one number may leave arguments out.  An error for a translated entry;
    a warning for a fuzzy one, which msgfmt skips and bundles leave out (``--include-fuzzy``
    ships it, so ``l10n bundle --include-fuzzy`` refuses it).
    """
    yield from _format_findings(ctx, check)


@catalog_check("python-format", ERROR, uses_glossary=False)
def python_format(ctx: CatalogContext, check: Check) -> Iterator[Finding]:
    """A `#, python-format` msgstr whose %-directives (`%s`, `%(name)s`) differ from the msgid's.

    Named arguments must be the msgid's with the same types, unnamed ones as many and of the
    same types.  An error for a translated entry, a warning for a fuzzy one (as ``c-format``).
    """
    yield from _format_findings(ctx, check)


@catalog_check("python-brace-format", ERROR, uses_glossary=False)
def python_brace_format(ctx: CatalogContext, check: Check) -> Iterator[Finding]:
    """A `#, python-brace-format` msgstr whose `{name}` fields differ from the msgid's.

    Fields are compared as GNU gettext 0.21 compares them, format specifier included.  An error
    for a translated entry, a warning for a fuzzy one (as ``c-format``).
    """
    yield from _format_findings(ctx, check)


@catalog_check("po-syntax", ERROR, uses_glossary=False)
def po_syntax(ctx: CatalogContext, check: Check) -> Iterator[Finding]:
    """PO syntax msgfmt refuses and polib reads anyway: an escape like `\\q`, `msgstr[5]` out of order.

    Always an error, in fuzzy and obsolete entries too: msgfmt refuses the whole file
    (:mod:`pipeline.catalogs.po_syntax`).
    """
    text = Path(ctx.path).read_text(encoding="utf-8", errors="replace")
    for problem in syntax_problems(text):
        yield ctx.finding_at(check, problem.line, problem.column, f"{problem.problem}; {problem.hint}")


@catalog_check("language", ERROR, uses_glossary=False)
def language_header(ctx: CatalogContext, check: Check) -> Iterator[Finding]:
    """A Language header that is not a locale code or names another locale than the catalog's folder.

    Only in the gettext layout (``<lang>/LC_MESSAGES/``), where the folder decides which
    locale gettext and ``l10n bundle`` take the catalog for (:mod:`pipeline.catalogs.language`);
    the catalog is checked as the folder's locale.
    """
    folder = layout_locale(ctx.path)
    problem = language_problem(ctx.po.metadata.get("Language"), folder) if folder else None
    if problem:
        assert folder is not None  # a problem is only looked for in a layout folder
        line = language_line(Path(ctx.path).read_text(encoding="utf-8", errors="replace")) or 1
        yield ctx.finding_at(check, line, 1, f"{problem}; {language_hint(folder)}", ctx.po.metadata.get("Language", ""), folder)
