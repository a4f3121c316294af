"""Semantic checks of a loaded glossary: what loads fine but would make the checks wrong.

``l10n glossary validate`` prints each :class:`Problem` and exits 2 if there is any.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Iterable, Sequence

from pipeline.core.locales import has_babel_data
from pipeline.core.model import Term
from pipeline.glossary.languages import morphology_for
from pipeline.glossary.matcher import WORD, source_matcher, target_forms, target_matcher
from pipeline.glossary.model import Glossary, form_line


@dataclass(frozen=True)
class Problem:
    """One thing wrong in the glossary data, at a 1-based line of a glossary file."""

    path: str
    line: int
    message: str
    hint: str = ""

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}: " if self.line else (f"{self.path}: " if self.path else "")
        return f"{where}{self.message}" + (f"; {self.hint}" if self.hint else "")


_ALLOWED = {"canonical", "variant", "rendering", "accepted"}


def validate(glossary: Glossary, locales: Sequence[str] | None = None) -> list[Problem]:
    """Every problem in ``glossary``, sorted by file and line.

    ``locales`` are the configured target locales (default: every locale the glossary uses);
    a term that is not do-not-translate must have a rendering for each.  Checks: duplicate
    forms across entries, a form both allowed and forbidden, empty forms and renderings,
    missing renderings, locale codes Babel does not know, and forms of two entries that can
    match the same stretch of text (except a target form one entry *accepts* that is
    another's rendering: see :func:`_shared_alternative`).
    """
    locales = tuple(locales) if locales is not None else glossary.locales
    problems: list[Problem] = []
    problems += _locale_codes(glossary, locales)
    problems += _empty_and_missing(glossary, locales)
    problems += _clashes(glossary, "", _source_forms, morphology_for("en").fold)
    problems += _overlaps(glossary, "", source_matcher(glossary), _source_forms)
    for code in sorted(set(locales) | set(glossary.locales)):
        forms = _locale_forms(code)
        problems += _clashes(glossary, code, forms, morphology_for(code).fold)
        problems += _overlaps(glossary, code, target_matcher(glossary, code), forms)
    unique = dict.fromkeys(problems)  # one report per problem, first occurrence kept
    return sorted(unique, key=lambda p: (p.path, p.line, p.message))


def _at(term: Term, message: str, hint: str, form: str | None = None, locale: str = "", kind: str | None = None) -> Problem:
    line = form_line(term, form, locale, kind) if form is not None else term.line
    return Problem(term.source, line, message, hint)


def _source_forms(term: Term) -> Iterable[tuple[str, str]]:
    yield "canonical", term.term
    for variant in term.variants:
        yield "variant", variant
    for item in term.forbidden:
        yield "forbidden", item.form


def _locale_forms(locale: str):
    def forms(term: Term) -> Iterable[tuple[str, str]]:
        for kind, form, _ in target_forms(term, locale):
            yield kind, form

    return forms


def _english(term: Term, locale: str, form: str) -> bool:
    """Whether a locale form is a do-not-translate entry's English form (checked on the source side)."""
    if not locale or not term.dnt:
        return False
    rendering = term.renderings.get(locale)
    if rendering and form in (rendering.text, *rendering.accepted, *(f.form for f in rendering.forbidden)):
        return False
    return True


_LINE_KIND = {"canonical": "term", "variant": "variant", "forbidden": "forbidden", "rendering": "rendering", "accepted": "accepted"}


def _line_of(term: Term, locale: str, kind: str, form: str) -> int:
    line = form_line(term, form, locale, _LINE_KIND[kind])
    if line == term.line and locale and term.dnt:  # a dnt entry's English form, seen from a locale
        line = form_line(term, form, "", None)
    return line


def _shared_alternative(locale: str, kind: str, other_kind: str) -> bool:
    """An accepted rendering that is another entry's rendering is deliberate, not a clash.

    (The descriptive "Parliament of the Republic of Azerbaijan" accepts Milli Məclis, the
    rendering of Milli Majlis.)  The check asks "is this term's rendering present", which
    both entries answer correctly; only a shared forbidden form or two renderings are wrong.
    """
    kinds = {kind, other_kind}
    return bool(locale) and "accepted" in kinds and "forbidden" not in kinds


def _babel_knows(code: str) -> bool:
    """Whether ``Locale.parse`` accepts ``code`` (``-`` read as ``_``); Babel imported only when asked."""
    identifier = code.replace("-", "_")
    if has_babel_data(identifier):
        return True
    from babel import Locale, UnknownLocaleError  # lazy: Babel is slow to import

    try:
        Locale.parse(identifier)
        return True
    except (UnknownLocaleError, ValueError):
        return False


def _locale_codes(glossary: Glossary, locales: Sequence[str]) -> list[Problem]:
    problems = []
    known: dict[str, bool] = {}
    for term in glossary.terms:
        for code, rendering in term.renderings.items():
            if code not in known:
                known[code] = _babel_knows(code)
            if not known[code]:
                problems.append(
                    Problem(
                        term.source,
                        rendering.line or term.line,
                        f"unknown locale code '{code}' in '{term.id}'",
                        "use a code Babel knows, e.g. az, ru, tr, pt_BR",
                    )
                )
    return problems


def _empty_and_missing(glossary: Glossary, locales: Sequence[str]) -> list[Problem]:
    problems = []
    for term in glossary.terms:
        for kind, form in _source_forms(term):
            if not WORD.search(form):
                problems.append(
                    _at(
                        term,
                        f"{kind} form {form!r} of '{term.id}' has no letters or digits",
                        "write the form or remove the line",
                        form,
                        kind=_LINE_KIND[kind],
                    )
                )
        for code, rendering in sorted(term.renderings.items()):
            if not rendering.text.strip() and not term.dnt:
                problems.append(
                    Problem(
                        term.source,
                        rendering.line or term.line,
                        f"empty {code} rendering for '{term.id}'",
                        f"write the {code} rendering, or mark the entry dnt: true",
                    )
                )
            for kind, form, _ in target_forms(term, code):
                if form.strip() and not WORD.search(form):
                    problems.append(
                        _at(
                            term,
                            f"{code} {kind} form {form!r} of '{term.id}' has no letters or digits",
                            "write the form or remove the line",
                            form,
                            code,
                        )
                    )
        if not term.dnt:
            for code in locales:
                if code not in term.renderings:
                    problems.append(
                        _at(term, f"'{term.id}' has no {code} rendering", f"add locales: {code}: {{rendering: ...}}, or mark it dnt: true")
                    )
    return problems


def _clashes(glossary: Glossary, locale: str, forms_of, fold) -> list[Problem]:
    """Forms equal up to case (and spacing) that are allowed and forbidden, or in two entries."""
    by_key: dict[str, list[tuple[Term, str, str]]] = {}
    for term in glossary.terms:
        for kind, form in forms_of(term):
            if WORD.search(form):
                by_key.setdefault(" ".join(fold(form).split()), []).append((term, kind, form))
    side = f"{locale} " if locale else ""
    problems = []
    for uses in by_key.values():
        first_term, first_kind, first_form = uses[0]
        for term, kind, form in uses[1:]:
            if _english(first_term, locale, first_form) and _english(term, locale, form):
                continue  # two English forms of do-not-translate entries: reported once, in English
            if _shared_alternative(locale, first_kind, kind):
                continue
            allowed = {first_kind in _ALLOWED, kind in _ALLOWED}
            line = _line_of(term, locale, kind, form)
            if term.id == first_term.id:
                if allowed == {True, False}:
                    problems.append(
                        Problem(
                            term.source,
                            line,
                            f"{side}form '{form}' of '{term.id}' is both allowed and forbidden",
                            "keep it in one list only",
                        )
                    )
                continue
            if allowed == {True, False}:
                message = (
                    f"{side}form '{form}' is allowed in '{(first_term if first_kind in _ALLOWED else term).id}'"
                    f" but forbidden in '{(term if first_kind in _ALLOWED else first_term).id}'"
                )
                hint = "decide which entry it belongs to"
            else:
                what = "forbidden form" if kind == "forbidden" else "term"
                message = (
                    f"duplicate {side}{what} '{form}': in '{first_term.id}' "
                    f"({first_term.source}:{_line_of(first_term, locale, first_kind, uses[0][2])}) "
                    f"and in '{term.id}'"
                )
                hint = "keep it in one entry (the checker can name only one)"
            problems.append(Problem(term.source, line, message, hint))
    return problems


def _overlaps(glossary: Glossary, locale: str, matcher, forms_of) -> list[Problem]:
    """Forms of two entries that match the very same span (inflection and case rules included).

    Each distinct form is matched once, and the matches that are only the same form written
    again (duplicates, which :func:`_clashes` reports) are set aside once for all the entries
    that share it: 1,000 entries sharing one rendering cost 1,000 lookups, not a million.
    """
    fold = morphology_for(locale or "en").fold
    key = lru_cache(maxsize=None)(lambda form: " ".join(fold(form).split()))
    others: dict[str, list] = {}  # form -> its full-span matches whose form differs from it
    problems, seen = [], set()
    for term in glossary.terms:
        for kind, form in forms_of(term):
            text = form.strip()
            if not WORD.search(text):
                continue
            if text not in others:
                # the same form twice (equal keys) is a duplicate, which _clashes reports
                own = key(text)
                others[text] = matcher.find_spanning(text, keep=lambda other: key(other) != own)
            for match in others[text]:
                other = match.term
                if other.id == term.id:
                    continue
                if _english(term, locale, form) and _english(other, locale, match.form):
                    continue  # reported on the source side
                if _shared_alternative(locale, kind, match.kind):
                    continue
                pair = (locale, *sorted((term.id, other.id)))
                if pair in seen:
                    continue
                seen.add(pair)
                side = f"{locale} " if locale else ""
                problems.append(
                    Problem(
                        term.source,
                        _line_of(term, locale, kind, form),
                        f"ambiguous {side}form '{form}' of '{term.id}': it also matches '{match.form}' of "
                        f"'{other.id}' ({other.source}:{_line_of(other, locale, match.kind, match.form)})",
                        "make the forms distinct, or merge the entries",
                    )
                )
    return problems
