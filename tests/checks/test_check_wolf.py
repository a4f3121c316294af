"""The catalog check never cries wolf on a correct translation, and catches every planted error.

``tests/fixtures/wolf/{az,ru,tr}.po`` hold press sentences about the Khojaly events (from the
corpus, or written like them) translated as translators write them: at least 40 correct and 20
wrong entries per locale.  Each entry's extracted comment is its specification::

    #. wolf: ok | derived case | ходжалинские, lower case
    #. wolf: forbidden-rendering missing-rendering | derived | forbidden name in a demonym

``ok`` means no finding at all on the entry; otherwise exactly the listed rules must fire (one
planted error may break two rules: a forbidden name is also a missing rendering).  The middle
field names the phenomena the entry exercises: ``derived`` (words derived from names),
``stem`` (stem and suffix alternations: fleeting vowels, ё/е, harmony, buffers, apostrophes),
``case`` (letter case: lower-case adjectives and titles, headline capitals, Turkic İ/ı) and
``numbers`` (grouping, scale words, Roman numerals, ordinals, decades, month-name dates).

``python tests/checks/test_check_wolf.py`` prints the table per locale and phenomenon.
"""

from __future__ import annotations

import json
import shutil
import sys
from collections import Counter
from pathlib import Path

import polib
import pytest

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:  # when run as a script
    sys.path.insert(0, str(ROOT))

from pipeline.checks import formats  # noqa: E402
from pipeline.checks.runner import check_catalog, run_checks  # noqa: E402
from pipeline.glossary import load_glossary  # noqa: E402
from pipeline.catalogs.pofiles import msgid_lines  # noqa: E402

WOLF = ROOT / "tests" / "fixtures" / "wolf"
LOCALES = ("az", "ru", "tr")
PHENOMENA = ("derived", "stem", "case", "numbers")
RULES = {"missing-rendering", "forbidden-rendering", "number-mismatch"}


def specification(entry: polib.POEntry) -> tuple[frozenset[str], frozenset[str], str]:
    """(expected rules, phenomena, note) from an entry's ``wolf:`` comment."""
    assert entry.comment.startswith("wolf: "), entry.msgctxt
    expected, phenomena, note = (part.strip() for part in entry.comment[len("wolf: ") :].split("|"))
    rules = frozenset() if expected == "ok" else frozenset(expected.split())
    assert rules <= RULES, (entry.msgctxt, rules)
    return rules, frozenset(phenomena.split()) - {"-"}, note


def outcomes(locale: str, glossary) -> list[tuple[polib.POEntry, frozenset[str], frozenset[str], frozenset[str]]]:
    """(entry, expected rules, phenomena, rules found) for every entry of ``locale``'s fixture."""
    path = WOLF / f"{locale}.po"
    po = polib.pofile(str(path))
    lines = msgid_lines(path.read_text(encoding="utf-8"), po)
    found: dict[tuple[int, str], set[str]] = {}
    for finding in check_catalog(path, glossary):
        assert finding.msgid is not None, f"{locale}: a header finding: {finding.message}"
        found.setdefault((finding.line, finding.msgid), set()).add(finding.rule)
    rows = []
    for entry in po:
        rules, phenomena, _ = specification(entry)
        rows.append((entry, rules, phenomena, frozenset(found.get((lines[id(entry)], entry.msgid), ()))))
    return rows


@pytest.mark.parametrize("locale", LOCALES)
def test_the_set_is_big_enough_and_covers_every_phenomenon_more_than_once(locale):
    po = polib.pofile(str(WOLF / f"{locale}.po"))
    specs = [specification(entry) for entry in po]
    correct = [s for s in specs if not s[0]]
    wrong = [s for s in specs if s[0]]
    assert len(correct) >= 40 and len(wrong) >= 20
    for phenomenon in PHENOMENA:
        assert sum(phenomenon in s[1] for s in correct) >= 2, (locale, phenomenon, "correct")
        assert sum(phenomenon in s[1] for s in wrong) >= 1, (locale, phenomenon, "wrong")
        assert sum(phenomenon in s[1] for s in specs) >= 3, (locale, phenomenon)


@pytest.mark.parametrize("locale", LOCALES)
def test_no_correct_translation_is_reported(locale, glossary):
    alarms = [(e.msgctxt, e.msgstr, sorted(got)) for e, rules, _, got in outcomes(locale, glossary) if not rules and got]
    assert alarms == []


@pytest.mark.parametrize("locale", LOCALES)
def test_every_planted_error_is_caught_by_exactly_its_rules(locale, glossary):
    wrong = [(e.msgctxt, e.msgstr, sorted(rules), sorted(got)) for e, rules, _, got in outcomes(locale, glossary) if rules and got != rules]
    assert wrong == []


def test_a_flag_silences_one_rule_on_one_entry_and_json_lists_it(tmp_path, glossary):
    source = WOLF / "ru.po"
    po = polib.pofile(str(source))
    copied = [e for e in po if e.comment.startswith("wolf: number-mismatch")][:2]
    assert len(copied) == 2
    copied[0].flags.append("l10n-ignore-number-mismatch")  # a person decided: silence this one
    copied[1].flags.append("l10n-ignore-missing-rendering")  # another rule: silences nothing here
    path = tmp_path / "ru.po"
    out = polib.POFile(wrapwidth=0)
    out.metadata = po.metadata
    out.extend(copied)
    out.save(str(path))

    result = run_checks([path], glossary)
    assert [(f.msgid, f.rule) for f in result.findings] == [(copied[1].msgid, "number-mismatch")]
    assert [(f.msgid, f.rule) for f in result.silenced] == [(copied[0].msgid, "number-mismatch")]
    data = json.loads(formats.as_json(result))
    assert [f["msgid"] for f in data["silenced"]] == [copied[0].msgid]
    assert data["summary"]["silenced"] == 1 and data["summary"]["errors"] == 1
    assert "1 silenced by l10n-ignore flags" in formats.as_text(result)


def test_nothing_is_silenced_without_a_flag(tmp_path, glossary):
    path = tmp_path / "ru.po"
    shutil.copy(WOLF / "ru.po", path)
    result = run_checks([path], glossary)
    assert result.silenced == ()
    assert result.errors == sum(len(rules) for _, rules, _, _ in outcomes("ru", glossary))


# --------------------------------------------------------------------------- the table


def table(glossary) -> str:
    """Correct entries, false alarms, wrong entries and errors caught, per locale and phenomenon."""
    lines = ["| locale | phenomenon | correct | false alarms | wrong | caught |", "|---|---|---|---|---|---|"]
    for locale in LOCALES:
        rows = outcomes(locale, glossary)
        for phenomenon in (*PHENOMENA, "all"):
            c = Counter()
            for _, rules, phenomena, got in rows:
                if phenomenon != "all" and phenomenon not in phenomena:
                    continue
                if rules:
                    c["wrong"] += 1
                    c["caught"] += got == rules
                else:
                    c["correct"] += 1
                    c["alarms"] += bool(got)
            lines.append(f"| {locale} | {phenomenon} | {c['correct']} | {c['alarms']} | {c['wrong']} | {c['caught']} |")
    return "\n".join(lines)


if __name__ == "__main__":
    print(table(load_glossary(ROOT / "glossary")))
