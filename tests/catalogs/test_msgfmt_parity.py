"""`l10n check` rejects what GNU `msgfmt -c` rejects, and `l10n bundle` refuses to ship it.

Every crafted catalog below is judged twice: by our catalog checks (rejected = at least one
error finding) and by the installed GNU gettext (`msgfmt -c -o /dev/null FILE`, rejected = a
non-zero exit).  The two verdicts must agree, and both must be the verdict the case states.
GNU gettext is required: without `msgfmt` these tests fail, they never skip.
"""

from __future__ import annotations

import random
import re
import shutil
import subprocess
from pathlib import Path

import polib
import pytest

from pipeline.checks.format_strings import catalog_rule, checked_entries, entry_problems
from pipeline.checks.runner import check_catalog
from pipeline.core.config import Config
from pipeline.catalogs.jobs import update
from pipeline.core.model import ERROR
from pipeline.catalogs.layout import catalog_path

from bundle_launch import l10n_bundle

RU_RULE = "nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2);"
DE_RULE = "nplurals=2; plural=(n != 1);"  # form 0 is for n=1 only, so it may leave %d out


def header(language: str = "ru", rule: str = RU_RULE) -> str:
    return f'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n"Language: {language}\\n"\n"Plural-Forms: {rule}\\n"\n\n'


def msgfmt_command() -> str:
    """The installed GNU msgfmt; the calling test fails (never skips) without one."""
    path = shutil.which("msgfmt")
    if path is None:
        pytest.fail(
            "GNU gettext's msgfmt is not installed, so parity with it cannot be tested: "
            "install gettext (e.g. `apt-get install gettext`, `brew install gettext`)"
        )
    return path


def msgfmt_rejects(path: Path) -> bool:
    return subprocess.run([msgfmt_command(), "-c", "-o", "/dev/null", str(path)], capture_output=True).returncode != 0


def we_reject(path: Path) -> bool:
    return any(f.severity == ERROR for f in check_catalog(path, None))


# (case, catalog text after the header, rejected?) -- the header is Russian (three forms) unless
# the case names another one.
CASES = [
    ("c-format: %s missing from the msgstr", '#, c-format\nmsgid "%s files"\nmsgstr "файлы"\n', True),
    ("c-format: a directive the msgid does not have", '#, c-format\nmsgid "Files"\nmsgstr "%d файлов"\n', True),
    ("c-format: %d translated as %s (type)", '#, c-format\nmsgid "%d files"\nmsgstr "%s файлов"\n', True),
    ("c-format: %s and %d swapped (order)", '#, c-format\nmsgid "%s of %d"\nmsgstr "%d из %s"\n', True),
    ("c-format: %ld translated as %d (size)", '#, c-format\nmsgid "%ld bytes"\nmsgstr "%d байт"\n', True),
    ("c-format: reordered with %2$d and %1$s (correct)", '#, c-format\nmsgid "%s of %d"\nmsgstr "%2$d из %1$s"\n', False),
    ("c-format: the same directives (correct)", '#, c-format\nmsgid "%s: %d files"\nmsgstr "%s: %d файлов"\n', False),
    ("c-format: a fuzzy entry is not checked by msgfmt", '#, fuzzy, c-format\nmsgid "%s files"\nmsgstr "файлы"\n', False),
    ("c-format: an untranslated entry is not checked", '#, c-format\nmsgid "%s files"\nmsgstr ""\n', False),
    ("no-c-format: not a format string", '#, no-c-format\nmsgid "100% of %s"\nmsgstr "100%"\n', False),
    (
        "python-format: %(name)s renamed",
        '#, python-format\nmsgid "%(count)d files in %(folder)s"\nmsgstr "%(count)d файлов в %(dir)s"\n',
        True,
    ),
    (
        "python-format: %(name)s reordered (correct)",
        '#, python-format\nmsgid "%(count)d files in %(folder)s"\nmsgstr "В %(folder)s %(count)d файлов"\n',
        False,
    ),
    ("python-format: %(name)d translated as %(name)s", '#, python-format\nmsgid "%(count)d files"\nmsgstr "%(count)s файлов"\n', True),
    ("python-format: a tuple argument dropped", '#, python-format\nmsgid "%s of %s"\nmsgstr "%s"\n', True),
    ("python-format: a mapping where the msgid takes a tuple", '#, python-format\nmsgid "%s files"\nmsgstr "%(n)s файлов"\n', True),
    ("python-brace-format: {name} renamed", '#, python-brace-format\nmsgid "Hello, {name}"\nmsgstr "Привет, {nom}"\n', True),
    ("python-brace-format: {name} missing", '#, python-brace-format\nmsgid "Hello, {name}"\nmsgstr "Привет"\n', True),
    (
        "python-brace-format: fields reordered (correct)",
        '#, python-brace-format\nmsgid "{user} has {count} files"\nmsgstr "У {user} {count} файлов"\n',
        False,
    ),
    (
        "plural c-format: every Russian form has %d (correct)",
        '#, c-format\nmsgid "%d file"\nmsgid_plural "%d files"\nmsgstr[0] "%d файл"\nmsgstr[1] "%d файла"\nmsgstr[2] "%d файлов"\n',
        False,
    ),
    (
        "plural c-format: a Russian form for many n without %d",
        '#, c-format\nmsgid "%d file"\nmsgid_plural "%d files"\nmsgstr[0] "%d файл"\nmsgstr[1] "файла"\nmsgstr[2] "%d файлов"\n',
        True,
    ),
    (
        "plural c-format: German form 0 (n=1 only) without %d (correct)",
        '#, c-format\nmsgid "%d file"\nmsgid_plural "%d files"\nmsgstr[0] "eine Datei"\nmsgstr[1] "%d Dateien"\n',
        False,
        "de",
        DE_RULE,
    ),
    (
        "plural: msgstr[5] in a three-form locale",
        'msgid "file"\nmsgid_plural "files"\nmsgstr[0] "файл"\nmsgstr[1] "файла"\nmsgstr[2] "файлов"\nmsgstr[5] "файлов"\n',
        True,
    ),
    (
        "plural: msgstr[2] skipped, msgstr[5] instead",
        'msgid "file"\nmsgid_plural "files"\nmsgstr[0] "файл"\nmsgstr[1] "файла"\nmsgstr[5] "файлов"\n',
        True,
    ),
    ("plural: forms out of order", 'msgid "file"\nmsgid_plural "files"\nmsgstr[1] "файла"\nmsgstr[0] "файл"\nmsgstr[2] "файлов"\n', True),
    ("escape: \\q is not an escape", 'msgid "a"\nmsgstr "b\\q"\n', True),
    ("escape: \\' is not an escape either", 'msgid "a"\nmsgstr "b\\\'"\n', True),
    ("escape: \\q in an obsolete entry", 'msgid "a"\nmsgstr "b"\n\n#~ msgid "c"\n#~ msgstr "d\\q"\n', True),
    ("escape: \\q in a fuzzy entry", '#, fuzzy\nmsgid "a"\nmsgstr "b\\q"\n', True),
    ('escape: \\n \\t \\\\ \\" octal and hex (correct)', 'msgid "a\\n"\nmsgstr "\\t\\\\ \\" \\101 \\x41\\n"\n', False),
]


def _case(case):
    name, body, rejected, *language = case
    return pytest.param(body, rejected, *(language or ["ru", RU_RULE]), id=name)


@pytest.mark.parametrize("body, rejected, language, rule", [_case(case) for case in CASES])
def test_our_verdict_is_msgfmts(tmp_path, body, rejected, language, rule):
    path = tmp_path / "case.po"
    path.write_text(header(language, rule) + body, encoding="utf-8")
    assert msgfmt_rejects(path) == rejected, "msgfmt's verdict is not the one this case states"
    assert we_reject(path) == rejected, [(f.rule, f.severity, f.message) for f in check_catalog(path, None)]


def test_there_are_at_least_ten_cases_of_each_verdict():
    verdicts = [case[2] for case in CASES]
    assert verdicts.count(True) >= 10 and verdicts.count(False) >= 10


def test_a_format_error_names_the_check_and_points_at_the_msgid(tmp_path):
    path = tmp_path / "ru.po"
    path.write_text(header() + '#, c-format\nmsgid "%s files"\nmsgstr "файлы"\n', encoding="utf-8")
    (finding,) = check_catalog(path, None)
    assert (finding.rule, finding.severity, finding.line) == ("c-format", "error", 8)
    assert finding.message.startswith("number of format specifications in 'msgid' and 'msgstr' does not match")
    assert (finding.found, finding.suggestion) == ("", "%s")


def test_a_fuzzy_format_error_is_a_warning_for_the_reviewer(tmp_path):
    path = tmp_path / "ru.po"
    path.write_text(header() + '#, fuzzy, c-format\nmsgid "%s files"\nmsgstr "файлы"\n', encoding="utf-8")
    assert [(f.rule, f.severity) for f in check_catalog(path, None)] == [("c-format", "warning")]


def test_a_bad_escape_is_reported_at_its_line_and_column(tmp_path):
    path = tmp_path / "ru.po"
    path.write_text(header() + 'msgid "a"\nmsgstr "b\\q"\n', encoding="utf-8")
    (finding,) = check_catalog(path, None)
    assert (finding.rule, finding.line, finding.column) == ("po-syntax", 8, 10)
    assert "'\\q'" in finding.message


# --- generated format strings: per-entry verdicts against msgfmt ---------------------------------

TOKENS = {
    "c-format": [
        "%s",
        "%d",
        "%i",
        "%u",
        "%x",
        "%ld",
        "%lu",
        "%zu",
        "%c",
        "%f",
        "%Lf",
        "%p",
        "%%",
        "%1$s",
        "%2$s",
        "%1$d",
        "%2$d",
        "%*d",
        "%.*s",
        "%-10s",
        "%'d",
        "%Id",
        "%hhd",
        "%hd",
        "%<PRId64>",
        "%b",
        "%q",
        "%C",
        "%ls",
        "%0$s",
        "%jd",
        "%lle",
        "%hs",
        "%Lc",
        " ",
        "a",
    ],
    "python-format": [
        "%s",
        "%d",
        "%r",
        "%a",
        "%(n)s",
        "%(n)d",
        "%(m)s",
        "%(n).0s",
        "%.0s",
        "%*d",
        "%%",
        "%c",
        "%f",
        "%(a(b))s",
        "%(n",
        "%y",
        "%i",
        "%(m)d",
        " ",
        "a",
    ],
    "python-brace-format": [
        "{}",
        "{0}",
        "{1}",
        "{n}",
        "{m}",
        "{n.a}",
        "{n[0]}",
        "{n:>10}",
        "{0:d}",
        "{n!r}",
        "{{",
        "}}",
        "{n:{w}}",
        "{",
        "}",
        "{_x}",
        " ",
        "a",
    ],
}


def _generated_catalog(kind: str, rng: random.Random, rule: str, entries: int) -> tuple[str, list[int]]:
    """A catalog of ``entries`` random format-string entries (a third plural), and each entry's first line."""
    nplurals = int(re.search(r"nplurals=(\d+)", rule).group(1))
    previous: list[str] = []

    def text() -> str:  # often a variation of the previous string, so that many translations fit
        tokens = list(previous) if previous and rng.random() < 0.6 else [rng.choice(TOKENS[kind]) for _ in range(rng.randint(0, 4))]
        if tokens and rng.random() < 0.5:
            rng.choice([rng.shuffle, lambda t: t.pop(rng.randrange(len(t)))])(tokens)
        previous[:] = tokens
        return "".join(tokens).replace("\\", "\\\\").replace('"', '\\"')

    lines, starts = header("ru", rule).splitlines(), []
    for number in range(entries):
        starts.append(len(lines) + 1)
        lines += [f"#, {kind}", f'msgid "{text()} {number}"']
        if rng.random() < 0.35:
            lines.append(f'msgid_plural "{text()} {number}s"')
            lines += [f'msgstr[{i}] "{text()}"' for i in range(nplurals)]
        else:
            lines.append(f'msgstr "{text()} t"')
        lines.append("")
    return "\n".join(lines) + "\n", starts


@pytest.mark.parametrize("kind", list(TOKENS))
@pytest.mark.parametrize("rule", [RU_RULE, DE_RULE])
def test_generated_format_strings_get_msgfmts_verdict_entry_by_entry(tmp_path, kind, rule):
    text, starts = _generated_catalog(kind, random.Random(f"{kind} {rule}"), rule, entries=150)
    path = tmp_path / "generated.po"
    path.write_text(text, encoding="utf-8")
    report = subprocess.run([msgfmt_command(), "-c", "-o", "/dev/null", str(path)], capture_output=True, text=True).stderr
    rejected_lines = [int(n) for n in re.findall(r"generated\.po:(\d+): (?!warning)", report)]
    theirs = {max(start for start in starts if start <= line) for line in rejected_lines}
    po = polib.pofile(str(path))
    plural_rule = catalog_rule(po.metadata["Plural-Forms"])
    translated = {id(entry) for entry in checked_entries(po)}  # msgfmt skips untranslated entries
    ours = {start for start, entry in zip(starts, po) if id(entry) in translated and entry_problems(entry, plural_rule)}
    assert 20 <= len(theirs) <= 130, "the sample should hold both verdicts in number"
    assert ours == theirs


# --- bundle -------------------------------------------------------------------------------------

DOCUMENT = "Ombudsman visits Khojaly\n\nThe Ombudsman visited the city of Khojaly on Monday.\n"


def project_with_entry(root: Path, locale: str, entry: str) -> Path:
    """A one-document project whose ``locale`` catalog gets ``entry`` (PO text) appended; its path."""
    (root / "corpus").mkdir(parents=True)
    (root / "corpus" / "visit.txt").write_text(DOCUMENT, encoding="utf-8")
    update(Config(root=root, locales=(locale,)))
    path = catalog_path(root / "locales", locale, "visit")
    path.write_text(path.read_text(encoding="utf-8") + "\n" + entry, encoding="utf-8")
    return path


def test_l10n_bundle_refuses_a_broken_c_format_with_one_line_and_writes_nothing(tmp_path):
    path = project_with_entry(tmp_path, "ru", '#, c-format\nmsgid "%s files"\nmsgstr "файлы"\n')
    assert msgfmt_rejects(path)
    result = l10n_bundle(tmp_path, "ru")
    assert result.returncode == 2, result.stderr
    (line,) = result.stderr.strip().splitlines()
    msgid_line = path.read_text(encoding="utf-8").splitlines().index('msgid "%s files"') + 1
    assert f"{path}:{msgid_line}: msgid '%s files': c-format: number of format specifications" in line
    assert not (tmp_path / "build").exists()


@pytest.mark.parametrize(
    "entry, why",
    [
        ('msgid "a"\nmsgstr "b\\q"\n', "invalid escape sequence '\\q'"),
        ('msgid "file"\nmsgid_plural "files"\nmsgstr[0] "файл"\nmsgstr[1] "файла"\nmsgstr[5] "файлов"\n', "msgstr[5]"),
        ('#, python-brace-format\nmsgid "Hello, {name}"\nmsgstr "Привет, {nom}"\n', "'nom'"),
    ],
    ids=["bad escape", "msgstr[5] in three forms", "brace field renamed"],
)
def test_l10n_bundle_refuses_what_msgfmt_refuses(tmp_path, entry, why):
    path = project_with_entry(tmp_path, "ru", entry)
    assert msgfmt_rejects(path)
    result = l10n_bundle(tmp_path, "ru")
    assert result.returncode == 2 and len(result.stderr.strip().splitlines()) == 1, result.stderr
    assert why in result.stderr
    assert not (tmp_path / "build").exists()


def test_a_catalog_without_plural_forms_must_fit_babels_rule_to_be_shipped(tmp_path):
    path = project_with_entry(
        tmp_path, "ru", 'msgid "file"\nmsgid_plural "files"\nmsgstr[0] "файл"\nmsgstr[1] "файла"\nmsgstr[2] "файлов"\nmsgstr[3] "файлов"\n'
    )
    po = polib.pofile(str(path))
    del po.metadata["Plural-Forms"]
    po.save(str(path))
    result = l10n_bundle(tmp_path, "ru")
    assert result.returncode == 2, result.stderr
    assert "has 4 form(s)" in result.stderr and "no Plural-Forms, so it ships Babel's" in result.stderr
    assert not (tmp_path / "build").exists()


def test_a_fuzzy_format_error_is_left_out_of_the_bundle_but_refused_with_include_fuzzy(tmp_path):
    project_with_entry(tmp_path, "ru", '#, fuzzy, c-format\nmsgid "%s files"\nmsgstr "файлы"\n')
    assert l10n_bundle(tmp_path, "ru").returncode == 0
    shutil.rmtree(tmp_path / "build")
    refused = l10n_bundle(tmp_path, "ru", "--include-fuzzy")
    assert refused.returncode == 2 and "c-format" in refused.stderr
    assert not (tmp_path / "build").exists()
