"""Read the glossary directory (``*.yaml`` / ``*.yml``) into a :class:`Glossary`.

Every entry and every form remembers the line it came from, so a loading error and, later, a
finding about a glossary form can point at ``file:line``.  The loader checks structure only
(keys, types, severities, unique ids); semantic checks live in :mod:`.validate`, writing
the files back in :mod:`.dump`, the Glossary itself in :mod:`.model`.
"""

from __future__ import annotations

import pickle
import re
from pathlib import Path
from typing import Any, Iterable

from pipeline.core.cache import code_fingerprint, read_cached, sha256, store_cached
from pipeline.core.errors import InputError
from pipeline.core.model import SEVERITIES, Forbidden, Rendering, Term
from pipeline.glossary.model import (
    CASE_MODES,
    CATEGORIES,
    DERIVED_TYPES,
    DerivedForm,
    DerivedRendering,
    Glossary,
)

_ID = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*\Z")
_LOCALE = re.compile(r"[A-Za-z]{2,3}(?:[_-][A-Za-z0-9]{2,8})*\Z")
_FILE_KEYS = ("category", "terms")
_TERM_KEYS = ("id", "term", "category", "variants", "forbidden", "case", "notes", "dnt", "locales")
_LOCALE_KEYS = ("rendering", "accepted", "derived", "forbidden")
_FORBIDDEN_KEYS = ("form", "reason", "severity")
_DERIVED_KEYS = ("form", "type")


# --------------------------------------------------------------------------- loading


def load_glossary(directory: Path) -> Glossary:
    """Load every ``*.yaml`` / ``*.yml`` file of ``directory`` (in sorted order) into a Glossary.

    Raises InputError (file, line, problem, hint) for a missing or empty directory, a YAML
    syntax error, a missing or ill-typed field, an unknown key, a bad severity or category,
    or an id used twice.
    """
    directory = Path(directory)
    if not directory.is_dir():
        raise InputError(directory, "glossary directory not found", "create it with one YAML file per category, or point --glossary at it")
    files = sorted(p for p in directory.iterdir() if p.suffix in (".yaml", ".yml") and p.is_file())
    if not files:
        raise InputError(
            directory, "the glossary directory has no *.yaml files", "add a file such as places.yaml with 'category:' and 'terms:'"
        )
    contents = [path.read_bytes() for path in files]
    digest = sha256()
    for path, data in zip(files, contents):
        digest.update(path.name.encode() + b"\0" + data + b"\0")
    version = digest.hexdigest()[:16]
    # Parsing YAML is most of a one-file check's start-up; the parsed terms are cached by content,
    # by directory (terms record their file) and by the code (what a Term holds may change).
    where = f"{directory.resolve()}\0{code_fingerprint()}"
    cache_name = f"glossary-{version}-{sha256(where.encode()).hexdigest()[:12]}.pickle"
    cached = read_cached(cache_name)
    if cached is not None:
        try:
            return Glossary(pickle.loads(cached), version, directory, tuple(files))
        except Exception:  # a stale or damaged cache entry: parse again
            pass
    terms: list[Term] = []
    seen: dict[str, Term] = {}
    for path, data in zip(files, contents):
        for term in _load_file(path, data):
            if term.id in seen:
                first = seen[term.id]
                raise InputError(
                    path,
                    f"duplicate id '{term.id}' (first used at {first.source}:{first.line})",
                    "give every entry its own id",
                    line=term.line,
                )
            seen[term.id] = term
            terms.append(term)
    if not terms:
        raise InputError(directory, "the glossary has no terms", "add entries under 'terms:'")
    store_cached(cache_name, pickle.dumps(tuple(terms), protocol=pickle.HIGHEST_PROTOCOL))
    return Glossary(tuple(terms), version, directory, tuple(files))


def _load_file(path: Path, data: bytes) -> list[Term]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise InputError(path, "not UTF-8 text", "save the file as UTF-8", line=line) from None
    import yaml  # here: a warm cache gives the glossary without PyYAML (l10n check's start-up)

    from pipeline.glossary.yaml_lines import DuplicateKey, load_lines  # here: the YAML layer with PyYAML (~7 ms)

    try:
        doc = load_lines(text)
    except DuplicateKey as error:
        raise InputError(path, f"key '{error.key}' appears twice in the same mapping", "keep one of them", line=error.line) from None
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        problem = error.problem or error.context or "bad YAML"
        if error.context and error.context_mark and "end of stream" in problem:
            # An unclosed quote or bracket: where it starts is where to look, not the file's end.
            mark, problem = error.context_mark, f"{error.context} that never ends"
        raise InputError(
            path,
            f"YAML syntax error: {problem}",
            "check indentation, colons and quotes around text with ':' or '#'",
            line=mark.line + 1 if mark else None,
        ) from None
    except yaml.YAMLError as error:
        raise InputError(path, f"YAML error: {error}", "fix the YAML syntax") from None
    if doc is None:
        raise InputError(path, "the file is empty", "add 'category:' and 'terms:', or delete the file")
    where = _Where(path)
    where.mapping(doc, _FILE_KEYS, "the file", 1)
    default_category = doc.get("category")
    if default_category is not None:
        where.choice(default_category, CATEGORIES, "category", doc.lines["category"])
    entries = doc.get("terms")
    if entries is None:
        raise InputError(path, "no 'terms:' list", "add 'terms:' followed by '- id: ...' entries", line=1)
    where.sequence(entries, "terms", doc.lines["terms"])
    return [_term(where, entry, entries.lines[i], default_category) for i, entry in enumerate(entries)]


class _Where:
    """Type checks that raise InputError at the right file and line."""

    def __init__(self, path: Path):
        self.path = path

    def fail(self, line: int, problem: str, hint: str) -> None:
        raise InputError(self.path, problem, hint, line=line)

    def mapping(self, value: Any, keys: Iterable[str], what: str, line: int) -> None:
        if not isinstance(value, dict):
            self.fail(line, f"{what} must be a mapping (key: value lines)", "see the schema in glossary/README.md")
        for key in value:
            if not isinstance(key, str):
                # YAML 1.1 reads no/yes/on/off as booleans: the Norwegian locale 'no' is one.
                self.fail(getattr(value, "lines", {}).get(key, line), f"key {key!r} in {what} is not text", "quote it, e.g. 'no':")
            if key not in keys:
                self.fail(value.lines.get(key, line), f"unknown key '{key}' in {what}", f"use one of: {', '.join(keys)}")

    def sequence(self, value: Any, what: str, line: int) -> None:
        if not isinstance(value, list):
            self.fail(line, f"'{what}' must be a list", f"write each item on its own '- ' line, or '{what}: []'")

    def text(self, value: Any, what: str, line: int, *, empty_ok: bool = True) -> str:
        if value is None and empty_ok:
            return ""
        if not isinstance(value, str):
            self.fail(getattr(value, "line", line), f"{what} must be text, not {type(value).__name__} {value!r}", "quote the value")
        return str(value)

    def choice(self, value: Any, allowed: Iterable[str], what: str, line: int) -> str:
        allowed = tuple(allowed)
        if value not in allowed:
            self.fail(line, f"{what} {value!r} is not one of {', '.join(allowed)}", f"use one of: {', '.join(allowed)}")
        return str(value)

    def forms(self, value: Any, what: str, line: int) -> list[tuple[str, int]]:
        if value is None:
            return []
        self.sequence(value, what, line)
        return [(self.text(v, f"an item of '{what}'", value.lines[i]), value.lines[i]) for i, v in enumerate(value)]

    def derived(self, value: Any, line: int) -> list[tuple[DerivedForm, int]]:
        if value is None:
            return []
        self.sequence(value, "derived", line)
        result = []
        for i, item in enumerate(value):
            item_line = value.lines[i]
            if isinstance(item, str):  # shorthand: a bare form, inflection judged from its shape
                result.append((DerivedForm(self.text(item, "an item of 'derived'", item_line, empty_ok=False)), item_line))
                continue
            self.mapping(item, _DERIVED_KEYS, "a derived form", item_line)
            if "form" not in item:
                self.fail(item_line, "a derived entry has no 'form'", "write {form: ..., type: adjective}")
            form = self.text(item["form"], "'form'", item.lines["form"], empty_ok=False)
            kind = item.get("type", "")
            if kind:
                self.choice(kind, DERIVED_TYPES, "type", item.lines.get("type", item_line))
            result.append((DerivedForm(form, str(kind)), item_line))
        return result

    def forbidden(self, value: Any, line: int) -> list[tuple[Forbidden, int]]:
        if value is None:
            return []
        self.sequence(value, "forbidden", line)
        result = []
        for i, item in enumerate(value):
            item_line = value.lines[i]
            if isinstance(item, str):  # shorthand: a bare form, severity error, no reason
                result.append((Forbidden(str(item)), item_line))
                continue
            self.mapping(item, _FORBIDDEN_KEYS, "a forbidden form", item_line)
            if "form" not in item:
                self.fail(item_line, "a forbidden entry has no 'form'", "write {form: ..., reason: ...}")
            form = self.text(item["form"], "'form'", item.lines["form"])
            reason = self.text(item.get("reason"), "'reason'", item.lines.get("reason", item_line))
            severity = item.get("severity", "error")
            self.choice(severity, SEVERITIES, "severity", item.lines.get("severity", item_line))
            result.append((Forbidden(form, reason, str(severity)), item_line))
        return result


def _term(where: _Where, entry: Any, line: int, default_category: str | None) -> Term:
    where.mapping(entry, _TERM_KEYS, "an entry", line)
    for key in ("id", "term"):
        if key not in entry:
            where.fail(line, f"entry has no '{key}'", "every entry needs 'id:' and 'term:'")
    term_id = where.text(entry["id"], "'id'", entry.lines["id"], empty_ok=False)
    if not _ID.match(term_id):
        where.fail(
            entry.lines["id"], f"id '{term_id}' must be lowercase letters, digits and single hyphens", "e.g. id: heydar-aliyev-foundation"
        )
    canonical = where.text(entry["term"], "'term'", entry.lines["term"], empty_ok=False)
    category = entry.get("category", default_category)
    if category is None:
        where.fail(line, f"entry '{term_id}' has no category", "set 'category:' on the entry or at the top of the file")
    where.choice(category, CATEGORIES, "category", entry.lines.get("category", line))
    case = where.choice(entry.get("case", "default"), CASE_MODES, "case", entry.lines.get("case", line))
    dnt = entry.get("dnt", False)
    if not isinstance(dnt, bool):
        where.fail(entry.lines["dnt"], f"'dnt' must be true or false, not {dnt!r}", "write dnt: true")
    notes = where.text(entry.get("notes"), "'notes'", entry.lines.get("notes", line))
    lines: dict[tuple[str, str, str], int] = {("", "term", canonical): entry.lines["term"]}
    variants = where.forms(entry.get("variants"), "variants", entry.lines.get("variants", line))
    for form, form_line_ in variants:
        lines.setdefault(("", "variant", form), form_line_)
    forbidden = where.forbidden(entry.get("forbidden"), entry.lines.get("forbidden", line))
    for item, item_line in forbidden:
        lines.setdefault(("", "forbidden", item.form), item_line)
    renderings = _renderings(where, entry.get("locales"), entry.lines.get("locales", line), lines)
    return Term(
        id=term_id,
        category=str(category),
        term=canonical,
        variants=tuple(f for f, _ in variants),
        forbidden=tuple(f for f, _ in forbidden),
        notes=notes,
        dnt=dnt,
        renderings=renderings,
        source=str(where.path),
        line=line,
        case=case,
        lines=lines,
    )


def _renderings(where: _Where, value: Any, line: int, lines: dict) -> dict[str, Rendering]:
    if value is None:
        return {}
    if not isinstance(value, dict):
        where.fail(line, "'locales' must be a mapping of locale code to rendering", "e.g. az: {rendering: Xocalı}")
    from pipeline.glossary.yaml_lines import Map  # here: see _load_file

    result = {}
    for code, spec in value.items():
        spec_line = value.lines[code]
        if not isinstance(code, str) or not _LOCALE.match(code):
            # YAML 1.1 reads a bare no (Norwegian) as false: hence the hint to quote.
            where.fail(spec_line, f"{code!r} is not a locale code", "use a code such as az, ru, tr (quote it: 'no')")
        if isinstance(spec, str) or spec is None:  # shorthand: "az: Xocalı"
            spec = Map({"rendering": spec})
            spec.line, spec.lines = spec_line, {"rendering": spec_line}
        where.mapping(spec, _LOCALE_KEYS, f"locale '{code}'", spec_line)
        text = where.text(spec.get("rendering"), "'rendering'", spec.lines.get("rendering", spec_line))
        lines.setdefault((code, "rendering", text), spec.lines.get("rendering", spec_line))
        accepted = where.forms(spec.get("accepted"), "accepted", spec.lines.get("accepted", spec_line))
        derived = where.derived(spec.get("derived"), spec.lines.get("derived", spec_line))
        forbidden = where.forbidden(spec.get("forbidden"), spec.lines.get("forbidden", spec_line))
        for form, form_line_ in accepted:
            lines.setdefault((code, "accepted", form), form_line_)
        for item, item_line in derived:
            lines.setdefault((code, "derived", item.form), item_line)
        for banned, banned_line in forbidden:
            lines.setdefault((code, "forbidden", banned.form), banned_line)
        args = (str(code), text, tuple(f for f, _ in accepted), tuple(f for f, _ in forbidden))
        result[str(code)] = (
            DerivedRendering(*args, line=spec_line, derived=tuple(d for d, _ in derived)) if derived else Rendering(*args, line=spec_line)
        )
    return result
