"""Robustness: what the operating system refuses is one line, like any other bad input.

A full disk, a read-only or unwritable folder, a file where a folder is expected (or the other
way round), a name too long, a damaged translation memory, a ``--models-dir`` that is a file:
every case asserts exit code 2, exactly one line on stderr that starts with ``l10n: `` and names
the path, never "internal error", and every file of the project byte-identical afterwards.

Tests run as root, where ``chmod 0555`` stops no write, so a read-only folder and a full disk
are simulated in-process: the ``os`` calls every writer of ours goes through (``os.open`` of
mkstemp and the lock file, ``os.write``, ``os.fsync``, ``os.replace``, ``os.mkdir`` …) fail
with the errno the kernel would give, and the command runs through ``pipeline.cli.main`` with
``sys.argv``.  The rest are real files in the way, through ``python -m pipeline``.
"""

from __future__ import annotations

import errno
import hashlib
import io
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from pipeline.cli import main

ROOT = Path(__file__).resolve().parents[2]
DOCUMENT = "2020-02-ombudsman-regional-events.txt"
OPTIONS = ("--corpus", "corpus", "--locales", "out", "--no-glossary")


def snapshot(directory: Path) -> dict[str, str]:
    """Every file under ``directory`` (the lock file aside: taking a lock may create it) by content."""
    return {
        str(p.relative_to(directory)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(directory.rglob("*"))
        if p.is_file() and p.name != ".l10n.lock" and ".cache" not in p.parts
    }


def assert_one_line(code: int, stderr: str, *expected: str) -> str:
    assert code == 2, (code, stderr)
    lines = stderr.strip().splitlines()
    assert len(lines) == 1, stderr
    assert lines[0].startswith("l10n: ") and "Traceback" not in stderr, stderr
    assert "internal error" not in lines[0], lines[0]
    for text in expected:
        assert text in lines[0], (text, lines[0])
    return lines[0]


def l10n(project: Path, *args: str) -> tuple[int, str]:
    """``python -m pipeline ARGS`` in ``project``: (exit code, stderr)."""
    env = {k: v for k, v in os.environ.items() if k != "L10N_DEBUG"}
    env["XDG_CACHE_HOME"] = str(project / ".cache")
    run = subprocess.run([sys.executable, "-m", "pipeline", *args], cwd=project, capture_output=True, text=True, env=env, timeout=120)
    return run.returncode, run.stderr


@pytest.fixture(scope="module")
def baseline(tmp_path_factory) -> Path:
    """One document, its az/ru/tr catalogs and pseudo drafts from a translation memory, built once."""
    base = tmp_path_factory.mktemp("os-baseline")
    (base / "corpus").mkdir()
    shutil.copy(ROOT / "corpus" / DOCUMENT, base / "corpus" / DOCUMENT)
    (base / "out").mkdir()
    code, stderr = l10n(base, "update", *OPTIONS)
    assert code == 0, stderr
    shutil.copytree(base / "out", base / "undrafted")
    code, stderr = l10n(base, "translate", "--engine", "pseudo", *OPTIONS)
    assert code == 0, stderr
    assert (base / ".l10n" / "tm.sqlite").is_file()
    return base


@pytest.fixture
def project(baseline, tmp_path) -> Path:
    root = tmp_path / "p"
    shutil.copytree(baseline, root)
    return root


@pytest.fixture
def in_process(monkeypatch, capsys):
    """``run(project, *args)``: ``pipeline.cli.main`` with ``sys.argv``; returns (exit code, stderr)."""

    def run(project: Path, *args: str) -> tuple[int, str]:
        with monkeypatch.context() as patch:
            patch.chdir(project)
            patch.setattr(sys, "argv", ["l10n", *args])
            patch.setenv("XDG_CACHE_HOME", str(project / ".cache"))
            patch.delenv("L10N_DEBUG", raising=False)
            with pytest.raises(SystemExit) as exit:
                main()
        return exit.value.code, capsys.readouterr().err

    return run


def edit_the_document(project: Path) -> None:
    """A new paragraph: `update` must then rewrite the template and every catalog."""
    with (project / "corpus" / DOCUMENT).open("a", encoding="utf-8") as handle:
        handle.write("\nA new paragraph was added to the statement after the review.\n")


def our_temporaries(directory: Path) -> list[Path]:
    return [p for p in directory.rglob(".l10n-tmp-*")]


# -- a full disk -------------------------------------------------------------------------------


def _full_disk():
    def call(*args, **kwargs):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))  # as the kernel says it: no file name

    return call


@pytest.mark.parametrize("call", ["write", "fsync", "replace"])
def test_a_full_disk_during_update_is_one_line_naming_the_file_and_changes_nothing(project, in_process, monkeypatch, call):
    edit_the_document(project)
    before = snapshot(project)
    with monkeypatch.context() as patch:
        patch.setattr(os, call, _full_disk())
        code, stderr = in_process(project, "update", *OPTIONS)
    line = assert_one_line(code, stderr, "no space left on the device", "free some space")
    assert line.startswith(f"l10n: {project / 'out'}/"), line  # the file being written, not a temporary
    assert ".l10n-tmp-" not in line
    assert snapshot(project) == before
    assert our_temporaries(project / "out") == []


# -- a read-only or unwritable folder ----------------------------------------------------------

_WRITING = os.O_WRONLY | os.O_RDWR | os.O_CREAT | os.O_TRUNC | os.O_APPEND


def refuse_writes_under(patch: pytest.MonkeyPatch, folder: Path, code: int) -> None:
    """Make every way of writing under ``folder`` fail with ``code``, as a read-only mount or folder would."""
    folder = folder.resolve()

    def inside(path) -> bool:
        return Path(os.path.abspath(os.fsdecode(path))).is_relative_to(folder)

    def refused(path) -> OSError:
        return OSError(code, os.strerror(code), os.fsdecode(path))

    real_open = os.open

    def fake_open(path, flags, mode=0o777, *, dir_fd=None):
        if flags & _WRITING and inside(path):
            raise refused(path)
        return real_open(path, flags, mode, dir_fd=dir_fd)

    patch.setattr(os, "open", fake_open)
    for name in ("mkdir", "replace", "rename", "unlink", "rmdir"):

        def fake(path, *args, _real=getattr(os, name), **kwargs):
            if inside(path):
                raise refused(path)
            return _real(path, *args, **kwargs)

        patch.setattr(os, name, fake)


HINTS = {
    errno.EROFS: ("read-only file system", "writable file system"),
    errno.EACCES: ("permission denied", "check the permissions"),
    errno.EPERM: ("operation not permitted", "check the permissions"),
}


@pytest.mark.parametrize("code", sorted(HINTS), ids=[errno.errorcode[c] for c in sorted(HINTS)])
def test_a_read_only_locales_folder_is_one_line_and_changes_nothing(project, in_process, monkeypatch, code):
    edit_the_document(project)
    before = snapshot(project)
    with monkeypatch.context() as patch:
        refuse_writes_under(patch, project / "out", code)
        exit_code, stderr = in_process(project, "update", *OPTIONS)
    assert_one_line(exit_code, stderr, str(project / "out"), *HINTS[code])
    assert snapshot(project) == before


@pytest.mark.parametrize("code", sorted(HINTS), ids=[errno.errorcode[c] for c in sorted(HINTS)])
def test_a_catalog_folder_that_cannot_be_written_names_the_catalog(project, in_process, monkeypatch, code):
    """The lock is taken, the templates are unchanged: the first write refused is the az catalog."""
    catalog = project / "out" / "az" / "LC_MESSAGES" / DOCUMENT.replace(".txt", ".po")
    catalog.unlink()  # `update` must make it again
    before = snapshot(project)
    with monkeypatch.context() as patch:
        refuse_writes_under(patch, project / "out" / "az", code)
        exit_code, stderr = in_process(project, "update", *OPTIONS)
    assert_one_line(exit_code, stderr, f"l10n: {catalog}: ", *HINTS[code])
    assert snapshot(project) == before


def test_a_read_only_bundle_folder_is_one_line_and_changes_nothing(project, in_process, monkeypatch):
    code, stderr = in_process(project, "bundle", *OPTIONS, "--out", "bundles", "--min-complete", "0")
    assert code == 0, stderr
    (project / "out" / "az" / "LC_MESSAGES" / DOCUMENT.replace(".txt", ".po")).unlink()  # changes az's bundle
    before = snapshot(project)
    with monkeypatch.context() as patch:
        refuse_writes_under(patch, project / "bundles", errno.EROFS)
        code, stderr = in_process(project, "bundle", *OPTIONS, "--out", "bundles", "--min-complete", "0")
    assert_one_line(code, stderr, str(project / "bundles"), "read-only file system")
    assert snapshot(project) == before


# -- files and folders where the other is expected, names too long -------------------------------


def test_a_file_where_a_locale_folder_is_expected_is_named(project):
    shutil.rmtree(project / "out" / "ru")
    (project / "out" / "ru").write_text("not a folder\n")
    before = snapshot(project)
    code, stderr = l10n(project, "update", *OPTIONS)
    assert_one_line(code, stderr, f"l10n: {project / 'out' / 'ru'}: a file where a folder is expected", "move the file aside")
    assert snapshot(project) == before


def test_a_bundle_out_that_is_a_file_is_named(project):
    (project / "bundles").write_text("not a folder\n")
    before = snapshot(project)
    code, stderr = l10n(project, "bundle", *OPTIONS, "--out", "bundles", "--min-complete", "0")
    assert_one_line(code, stderr, f"l10n: {project / 'bundles'}: a file where a folder is expected")
    assert snapshot(project) == before


def test_a_report_out_that_is_a_folder_is_named(project):
    (project / "report.html").mkdir()
    before = snapshot(project)
    code, stderr = l10n(project, "report", *OPTIONS, "--out", "report.html")
    assert_one_line(code, stderr, f"l10n: {project / 'report.html'}: a folder where a file is expected")
    assert snapshot(project) == before and (project / "report.html").is_dir()


def test_a_report_name_too_long_for_the_file_system_is_named(project):
    name = "r" * 300 + ".html"
    before = snapshot(project)
    code, stderr = l10n(project, "report", *OPTIONS, "--out", name)
    assert_one_line(code, stderr, name, "the name is too long", "choose a shorter")
    assert snapshot(project) == before


# -- a damaged translation memory ----------------------------------------------------------------


def test_a_memory_overwritten_past_its_header_is_one_line_saying_what_to_do(project):
    memory = project / ".l10n" / "tm.sqlite"
    data = memory.read_bytes()
    memory.write_bytes(data[:100] + bytes((i * 131 + 7) % 256 for i in range(len(data) - 100)))
    shutil.rmtree(project / "out")
    shutil.copytree(project / "undrafted", project / "out")  # translate has drafts to write
    before = snapshot(project)
    code, stderr = l10n(project, "translate", "--engine", "pseudo", *OPTIONS)
    line = assert_one_line(
        code,
        stderr,
        f"l10n: {memory}: the translation memory is damaged",
        "database disk image is malformed",
        f"mv {memory} {memory}.broken",
        "`l10n translate` rebuilds",
    )
    assert snapshot(project) == before, line
    memory.rename(memory.with_name("tm.sqlite.broken"))  # the advice works: the next run completes
    code, stderr = l10n(project, "translate", "--engine", "pseudo", *OPTIONS)
    assert code == 0, stderr


# -- a --models-dir that is a file ---------------------------------------------------------------


@pytest.mark.parametrize(
    "command",
    [
        ("models", "list"),
        ("models", "remove", "en-az"),
        ("models", "install", "package.argosmodel"),
        ("translate", "--engine", "argos", *OPTIONS),
    ],
    ids=["list", "remove", "install", "translate"],
)
def test_a_models_dir_that_is_a_file_is_one_line(project, command):
    from argos_packages import make_archive

    make_archive(project / "package.argosmodel")
    (project / "models").write_text("not a folder\n")
    before = snapshot(project)
    code, stderr = l10n(project, *command, "--models-dir", "models")
    assert_one_line(
        code,
        stderr,
        "models: is a file, not a folder of model packages",  # the path as given
        "give --models-dir a folder",
    )
    assert snapshot(project) == before


def test_a_full_disk_while_a_package_is_unpacked_names_the_models_folder(project, in_process, monkeypatch):
    from pipeline.mt import packages as models
    from argos_packages import make_archive

    archive = make_archive(project / "package.argosmodel")
    (project / "models").mkdir()
    with monkeypatch.context() as patch:
        patch.setattr(models, "_extract", _full_disk())
        code, stderr = in_process(project, "models", "install", str(archive), "--models-dir", "models")
    assert_one_line(code, stderr, "l10n: models: no space left on the device")
    assert [p.name for p in (project / "models").iterdir()] == [".l10n.lock"]  # the staging folder went too


class _FullDiskFile(io.BytesIO):
    def write(self, data):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))


def test_a_full_disk_while_a_package_downloads_is_not_called_offline(project, in_process, monkeypatch):
    from pipeline.mt import packages as models
    from argos_packages import make_archive, serve

    site = project / "site"
    site.mkdir()
    make_archive(site / "az.argosmodel")
    with serve(site) as base:
        (site / "index.json").write_text(
            json.dumps([{"from_code": "en", "to_code": "az", "package_version": "1.9", "links": [f"{base}/az.argosmodel"]}])
        )
        with monkeypatch.context() as patch:
            patch.setattr(models.os, "fdopen", lambda *args, **kwargs: _FullDiskFile())
            code, stderr = in_process(project, "models", "install", "en-az", "--models-dir", "models", "--index-url", f"{base}/index.json")
    line = assert_one_line(code, stderr, "l10n: models: no space left on the device")
    assert "offline" not in line
    assert [p.name for p in (project / "models").iterdir()] == [".l10n.lock"]


# -- the mapping itself ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "code", [errno.ENOSPC, errno.EACCES, errno.EPERM, errno.EROFS, errno.ENOTDIR, errno.EISDIR, errno.ENAMETOOLONG], ids=errno.errorcode.get
)
def test_every_errno_a_user_can_cause_has_a_problem_and_a_hint(code, tmp_path):
    from pipeline.cli import os_error_line

    explained = os_error_line(OSError(code, os.strerror(code), str(tmp_path / "x")))
    assert explained is not None and explained.path == str(tmp_path / "x")
    assert explained.problem and explained.hint and "\n" not in str(explained)


def test_an_unknown_errno_without_a_file_is_not_passed_off_as_bad_input():
    from pipeline.cli import os_error_line

    assert os_error_line(OSError(errno.EBADF, "Bad file descriptor")) is None
