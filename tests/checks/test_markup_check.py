"""The `markup` check: a translated Markdown unit keeps its links, emphasis and code spans."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import polib
import pytest

from pipeline.catalogs.template import locale_metadata
from pipeline.checks.markup import markup_problems
from pipeline.checks.registry import REGISTRY
from pipeline.checks.runner import catalog_findings

SOURCE = 'Read the [statement](https://ombudsman.gov.az/s "Statement") of the **Ombudsman**, reference `OMB-33`, on _Khojaly_.'
GOOD = 'Ombudsmanın [bəyanatını](https://ombudsman.gov.az/s "Bəyanat") oxuyun, **istinad** `OMB-33`, _Xocalı_ haqqında.'


def phrases(source: str, translation: str) -> list[str]:
    return [phrase for phrase, _ in markup_problems(source, translation)]


def test_a_translation_keeping_every_link_span_and_code_has_no_problem_in_any_order_and_style():
    assert phrases(SOURCE, GOOD) == []
    assert phrases("**a** and *b* see <https://a.az>", "*B* __A__ bax <https://a.az>") == []  # `*`/`_` and `**`/`__` alike


def test_each_missing_or_added_link_target_is_named():
    assert phrases(SOURCE, GOOD.replace("https://ombudsman.gov.az/s", "https://ombudsman.gov.az/az/s")) == [
        "link to https://ombudsman.gov.az/s is missing",
        "link to https://ombudsman.gov.az/az/s is not in the source",
    ]
    assert phrases("[a](https://a.az) and [b](https://a.az)", "[a](https://a.az) və b") == ["link to https://a.az is missing"]


def test_links_are_compared_as_a_multiset_a_repeated_target_counts():
    assert phrases("[a](https://a.az), [b](https://a.az), [c](https://a.az)", "[a](https://a.az)") == [
        "link to https://a.az is missing (2 of 3)"
    ]


def test_strong_and_emphasis_spans_are_counted():
    assert phrases("**One** and **two**, _three_.", "**Bir** və iki, üç.") == [
        "2 strong spans in the source, 1 in the translation",
        "1 emphasis span in the source, 0 in the translation",
    ]


def test_a_code_span_must_come_back_verbatim():
    assert phrases("Use `OMB-33` or `l10n check`.", "`OMB-33` və ya `l10n yoxla` istifadə edin.") == [
        "code span `l10n check` is missing",
        "code span `l10n yoxla` is not in the source",
    ]


def test_images_autolinks_and_reference_links_are_targets_too():
    source = "See ![map](/img/map.svg), <press@ombudsman.gov.az> and the [report][annual]."
    assert phrases(source, "Baxın ![xəritə](/img/map.svg), <press@ombudsman.gov.az> və [hesabat][annual].") == []
    assert phrases(source, "Baxın xəritə, press@ombudsman.gov.az və [hesabat][illik].") == [
        "link to mailto:press@ombudsman.gov.az is missing",
        "link to [annual] is missing",
        "link to [illik] is not in the source",
        "image /img/map.svg is missing",
    ]


# --- as a catalog check ---------------------------------------------------------------------------


def catalog(path: Path, entries: list[tuple[str, str, str, list[str]]]) -> Path:
    """An az catalog; ``entries`` are (msgid, msgstr, the document it comes from, flags)."""
    po = polib.POFile()
    po.metadata = {"Content-Type": "text/plain; charset=UTF-8", **locale_metadata("az")}
    for msgid, msgstr, document, flags in entries:
        po.append(polib.POEntry(msgid=msgid, msgstr=msgstr, occurrences=[(document, "12")], flags=flags))
    path.parent.mkdir(parents=True, exist_ok=True)
    po.save(str(path))
    return path


BROKEN = GOOD.replace("`OMB-33`", "OMB-33").replace("**istinad**", "istinad")


def test_it_is_registered_as_an_error_that_needs_no_glossary():
    check = REGISTRY["markup"]
    assert (check.target, check.severity, check.uses_glossary) == ("catalog", "error", False)
    assert check.description.startswith("A translated Markdown unit whose links")


def test_only_entries_from_markdown_documents_are_checked_fuzzy_ones_as_warnings(tmp_path):
    path = catalog(
        tmp_path / "az.po",
        [
            (SOURCE, BROKEN, "corpus/statement.md", []),
            (SOURCE + " ", BROKEN, "corpus/statement.markdown", ["fuzzy"]),
            (SOURCE + "  ", BROKEN, "corpus/statement.txt", []),  # plain text: `**` is no markup there
        ],
    )
    findings = [f for f in catalog_findings(path, None)[0] if f.rule == "markup"]
    assert [(f.msgid, f.severity) for f in findings] == [(SOURCE, "error"), (SOURCE + " ", "warning")]
    assert findings[0].message == "1 strong span in the source, 0 in the translation; code span `OMB-33` is missing"
    assert findings[0].found == "OMB-33"


def test_the_ignore_flag_silences_it_on_its_entry(tmp_path):
    path = catalog(tmp_path / "az.po", [(SOURCE, BROKEN, "corpus/statement.md", ["l10n-ignore-markup"])])
    kept, silenced = catalog_findings(path, None)
    assert [f.rule for f in kept] == [] and [f.rule for f in silenced] == ["markup"]


# --- through `l10n check` ----------------------------------------------------------------------------


def l10n(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k != "L10N_DEBUG"}
    return subprocess.run([sys.executable, "-m", "pipeline", *args], cwd=cwd, capture_output=True, text=True, env=env, timeout=120)


@pytest.mark.parametrize("fix", ["translation", "flag"])
def test_l10n_check_fails_on_a_dropped_link_and_passes_once_fixed_or_flagged(tmp_path, fix):
    root = tmp_path / "project"
    (root / "corpus").mkdir(parents=True)
    (root / "pyproject.toml").write_text('[tool.l10n]\nlocales = ["az"]\n', encoding="utf-8")
    po_path = root / "locales" / "az" / "LC_MESSAGES" / "statement.po"
    dropped = GOOD.replace('[bəyanatını](https://ombudsman.gov.az/s "Bəyanat")', "bəyanatını")
    catalog(po_path, [(SOURCE, dropped, "corpus/statement.md", [])])
    relative = "locales/az/LC_MESSAGES/statement.po"
    result = l10n("check", "--no-glossary", relative, cwd=root)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "markup" in result.stdout and "link to https://ombudsman.gov.az/s is missing" in result.stdout
    po = polib.pofile(str(po_path))
    if fix == "translation":
        po[0].msgstr = GOOD
    else:
        po[0].flags.append("l10n-ignore-markup")
    po.save(str(po_path))
    result = l10n("check", "--no-glossary", relative, cwd=root)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "markup" not in result.stdout.replace("l10n-ignore", "")


def test_checking_a_catalog_without_markdown_entries_does_not_load_the_markdown_parser(tmp_path):
    """`l10n check` must start light: markdown-it is imported only for an entry from a Markdown document."""
    path = catalog(tmp_path / "az.po", [(SOURCE, BROKEN, "corpus/statement.txt", [])])
    probe = (
        "import sys\n"
        "from pipeline.checks.runner import catalog_findings\n"
        f"catalog_findings(__import__('pathlib').Path({str(path)!r}), None)\n"
        "print(sorted(m for m in sys.modules if m.startswith(('markdown_it', 'mdit_py_plugins'))))\n"
    )
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"
