"""The l10n command end to end: exit codes, one-line errors, and files left alone on bad input."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT / "corpus"


def l10n(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k != "L10N_DEBUG"}
    return subprocess.run([sys.executable, "-m", "pipeline", *args], cwd=cwd, capture_output=True, text=True, env=env, timeout=120)


def snapshot(directory: Path) -> dict[str, str]:
    return {
        str(p.relative_to(directory)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(directory.rglob("*"))
        if p.is_file() and p.name != ".l10n.lock"
    }


@pytest.fixture
def project(tmp_path):
    """A copy of the corpus in a fresh project directory with no glossary."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for path in CORPUS.glob("*.txt"):
        (corpus / path.name).write_bytes(path.read_bytes())
    (tmp_path / "out").mkdir()
    return tmp_path


def opts(project: Path) -> list[str]:
    return ["--corpus", str(project / "corpus"), "--locales", str(project / "out"), "--no-glossary"]


def test_extract_writes_one_template_per_document(project):
    result = l10n("extract", *opts(project), cwd=project)
    assert result.returncode == 0, result.stderr
    names = sorted(p.name for p in (project / "out" / "templates").glob("*.pot"))
    assert names == sorted(p.stem + ".pot" for p in CORPUS.glob("*.txt"))


def test_update_writes_the_gettext_layout_and_a_rerun_rewrites_nothing(project):
    assert l10n("update", *opts(project), "--locale", "az", cwd=project).returncode == 0
    po_files = sorted((project / "out" / "az" / "LC_MESSAGES").glob("*.po"))
    assert len(po_files) == 5
    before = {p: p.stat().st_mtime_ns for p in (project / "out").rglob("*.po*")}
    again = l10n("update", *opts(project), "--locale", "az", cwd=project)
    assert again.returncode == 0 and "(written)" not in again.stdout
    assert {p: p.stat().st_mtime_ns for p in (project / "out").rglob("*.po*")} == before


def test_a_translation_survives_an_edit_of_the_source(project):
    l10n("update", *opts(project), "--locale", "tr", cwd=project)
    path = project / "out" / "tr" / "LC_MESSAGES" / "2023-02-31-years-since-khojaly.po"
    po = polib.pofile(str(path))
    entry = next(e for e in po if e.msgid.startswith("Currently, IDPs from Khojaly"))
    entry.msgstr = "Hâlen Hocalı'dan göç edenler 50 şehirde yaşıyor."
    po.save()
    doc = project / "corpus" / "2023-02-31-years-since-khojaly.txt"
    doc.write_text(doc.read_text().replace("in 50 cities", "in fifty cities"))
    assert l10n("update", *opts(project), "--locale", "tr", cwd=project).returncode == 0
    merged = path.read_text()
    assert "#, fuzzy" in merged and "#| msgid" in merged
    assert "Hâlen Hocalı'dan göç edenler 50 şehirde yaşıyor." in merged


@pytest.mark.parametrize(
    "content, expected",
    [
        (b"\xff\xfe\x00", "UTF-16"),
        (b"ok\n\x80 bad\n", ":2: byte 0x80 is not valid UTF-8"),
        (b"", "empty"),
        (b"\x7fELF\x00\x00binary", "binary"),
    ],
)
def test_bad_document_exits_2_with_one_line_and_changes_nothing(project, content, expected):
    assert l10n("update", *opts(project), cwd=project).returncode == 0
    before = snapshot(project / "out")
    (project / "corpus" / "zz-bad.txt").write_bytes(content)
    result = l10n("update", *opts(project), cwd=project)
    assert result.returncode == 2
    assert expected in result.stderr and "zz-bad.txt" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1 and "Traceback" not in result.stderr
    assert snapshot(project / "out") == before


def test_po_syntax_error_exits_2_naming_file_and_line_and_changes_nothing(project):
    assert l10n("update", *opts(project), cwd=project).returncode == 0
    path = project / "out" / "ru" / "LC_MESSAGES" / "2020-02-ombudsman-regional-events.po"
    path.write_text(path.read_text().replace('msgstr ""\n\n#:', 'msgstr "broken\n\n#:', 1))
    before = snapshot(project / "out")
    result = l10n("update", *opts(project), cwd=project)
    assert result.returncode == 2, result.stderr
    assert f"{path}:" in result.stderr and "syntax error" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert snapshot(project / "out") == before


def test_missing_corpus_and_usage_errors_exit_2(project):
    result = l10n("extract", "--corpus", str(project / "missing"), cwd=project)
    assert result.returncode == 2 and "does not exist" in result.stderr and "Traceback" not in result.stderr
    assert l10n("no-such-command", cwd=project).returncode == 2


def test_segment_explain_shows_every_decision():
    result = l10n("segment", str(CORPUS / "2025-02-ombudsperson-33rd-anniversary.txt"), "--explain", cwd=ROOT)
    assert result.returncode == 0
    assert "drop  widget" in result.stdout and "drop  footer" in result.stdout
    assert result.stdout.rstrip().endswith("12 units")


def test_run_without_any_model_completes_with_a_table(project):
    result = l10n("run", *opts(project), cwd=project)
    assert result.returncode in (0, 1), result.stderr
    assert "locale" in result.stdout and "az" in result.stdout and "Traceback" not in result.stderr


def test_run_without_a_model_explains_how_to_add_one(project):
    result = l10n("run", *opts(project), cwd=project)
    assert "no model installed for en→az" in result.stdout and "l10n models install" in result.stdout


def test_translate_with_pseudo_fills_drafts_and_never_touches_a_person_s_translation(project):
    assert l10n("update", *opts(project), "--locale", "ru", cwd=project).returncode == 0
    path = project / "out" / "ru" / "LC_MESSAGES" / "2020-02-ombudsman-regional-events.po"
    po = polib.pofile(str(path))
    po[1].msgstr = "Перевод, сделанный человеком."
    po.save()
    entry_text = lambda: next(e for e in polib.pofile(str(path)) if e.msgid == po[1].msgid).__unicode__()
    before = entry_text()
    for _ in range(2):
        result = l10n("translate", *opts(project), "--locale", "ru", "--engine", "pseudo", "--format", "json", cwd=project)
        assert result.returncode == 0, result.stderr
        assert entry_text() == before
    drafts = [e for e in polib.pofile(str(path)) if e.msgstr and e.msgid != po[1].msgid]
    assert drafts and all("fuzzy" in e.flags and "MT: pseudo" in e.tcomment for e in drafts)
    # Everything is drafted now: a third run has nothing to send.
    import json

    again = json.loads(l10n("translate", *opts(project), "--locale", "ru", "--engine", "pseudo", "--format", "json", cwd=project).stdout)
    assert again["ru"]["sent_to_engine"] == 0 and again["ru"]["drafts_written"] == 0


def test_translate_dry_run_lists_what_would_be_translated_and_changes_nothing(project):
    assert l10n("update", *opts(project), "--locale", "tr", cwd=project).returncode == 0
    before = snapshot(project / "out")
    result = l10n("translate", *opts(project), "--locale", "tr", "--engine", "pseudo", "--dry-run", cwd=project)
    assert result.returncode == 0, result.stderr
    assert "would send 103 sentences" in result.stdout
    assert sum(1 for line in result.stdout.splitlines() if line.startswith("  would translate ")) == 65
    assert snapshot(project / "out") == before


def test_a_rerun_skips_unchanged_documents_but_sees_glossary_and_translator_changes(project):
    glossary = project / "glossary"
    glossary.mkdir()
    (glossary / "places.yaml").write_text(
        "category: place\nterms:\n  - id: khojaly\n    term: Khojaly\n"
        "    locales: {az: {rendering: Xocalı}, ru: {rendering: Ходжалы}, tr: {rendering: Hocalı}}\n",
        encoding="utf-8",
    )
    args = ["--corpus", str(project / "corpus"), "--locales", str(project / "out"), "--glossary", str(glossary), "--locale", "az"]
    assert l10n("update", *args, cwd=project).returncode == 0
    path = project / "out" / "az" / "LC_MESSAGES" / "2023-02-31-years-since-khojaly.po"
    assert "Glossary: Khojaly → Xocalı" in path.read_text()
    # Unchanged inputs: nothing rewritten.
    assert "(written)" not in l10n("update", *args, cwd=project).stdout
    # A translator's save is merged again, and kept.
    po = polib.pofile(str(path))
    po[0].msgstr = "Xocalı soyqırımından 31 il keçir"
    po.save()
    assert l10n("update", *args, cwd=project).returncode == 0
    assert 'msgstr "Xocalı soyqırımından 31 il keçir"' in path.read_text()
    # A glossary change reaches the hints of every catalog.
    (glossary / "places.yaml").write_text((glossary / "places.yaml").read_text().replace("Xocalı}", "Xocalı-X}"))
    assert l10n("update", *args, cwd=project).returncode == 0
    assert "Glossary: Khojaly → Xocalı-X" in path.read_text()
    assert 'msgstr "Xocalı soyqırımından 31 il keçir"' in path.read_text()


def test_commands_that_do_not_translate_import_nothing_they_do_not_use(tmp_path):
    """``--help``, ``check FILE`` and ``stats``, with the user cache cold and then warm, each run in a
    fresh interpreter: none imports a module of its list in ``benchmarks/bench_startup.FORBIDDEN``
    (MT libraries, pydantic, rich, the spellchecker package, yaml once the glossary is cached …).

    What the start-up benchmark times, checked here without timing, so an import that slips back
    in fails ``make test``.
    """
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    from benchmarks.bench_startup import FORBIDDEN, imported_modules

    small = tmp_path / "small.txt"
    document = sorted(CORPUS.glob("*.txt"))[0].read_text(encoding="utf-8")
    small.write_text("\n\n".join(document.split("\n\n")[:4]) + "\n", encoding="utf-8")
    cache = tmp_path / "cache"  # the pipeline's user cache ($XDG_CACHE_HOME), kept out of the home
    arguments = {"help": ["--help"], "check": ["check", str(small)], "stats": ["stats"]}
    seen = {}
    for case, forbidden in FORBIDDEN.items():  # each warm case right after the cold one that filled the cache
        if case.endswith("_cold"):
            shutil.rmtree(cache, ignore_errors=True)
        probe = imported_modules(arguments[case.split("_")[0]], cache, forbidden)
        seen[case] = (probe["exit"], probe["loaded"])
    assert seen == {case: (0, []) for case in FORBIDDEN}


def test_each_command_is_registered_by_the_module_main_imports_for_it():
    """``main`` imports only the invoked command's module (``COMMAND_MODULES``): that must be the one
    that registers it, and every command and group must be in the map."""
    code = (
        "import json; import pipeline.cli as cli\n"
        "cli.register_commands([])\n"
        "names = {}\n"
        "for info in cli.app.registered_commands:\n"
        "    names[info.name] = info.callback.__module__\n"
        "for info in cli.app.registered_groups:\n"
        "    names[info.name] = (info.typer_instance.registered_commands[0].callback.__module__)\n"
        "print(json.dumps(names))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True)
    registered = json.loads(result.stdout)
    from pipeline.cli import COMMAND_MODULES

    assert {name: f"pipeline.cli.{module}" for name, module in COMMAND_MODULES.items()} == registered


def test_a_program_that_ends_without_teardown_writes_all_its_output_and_exit_code(tmp_path):
    """``l10n check`` run as a program ends at once after flushing (cli._may_exit_now): its output
    (here more than a pipe holds) and exit code are those of the same run ended normally, by a
    caller that imports ``main`` under another name."""
    corpus, glossary = tmp_path / "corpus", tmp_path / "glossary"
    corpus.mkdir()
    glossary.mkdir()
    (glossary / "places.yaml").write_text(
        "category: place\nterms:\n  - id: khojaly\n    term: Khojaly\n    forbidden: [Khodjaly]\n", encoding="utf-8"
    )
    (corpus / "doc.txt").write_text("".join(f"Paragraph {n} names Khodjaly.\n\n" for n in range(1500)), encoding="utf-8")
    args = ["check", "--format", "json", "--glossary", str(glossary), "--corpus", str(corpus)]
    env = {k: v for k, v in os.environ.items() if k != "L10N_DEBUG"} | {"XDG_CACHE_HOME": str(tmp_path / "cache")}
    fast = subprocess.run([sys.executable, "-m", "pipeline", *args], cwd=tmp_path, capture_output=True, env=env, timeout=120)
    imported = "import sys, pipeline.cli as cli; sys.argv = ['l10n', *sys.argv[1:]]; cli.main()"
    slow = subprocess.run([sys.executable, "-c", imported, *args], cwd=tmp_path, capture_output=True, env=env, timeout=120)
    assert len(fast.stdout) > 100_000 and fast.returncode == 1
    assert (fast.stdout, fast.stderr, fast.returncode) == (slow.stdout, slow.stderr, slow.returncode)
