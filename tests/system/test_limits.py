"""Limits and hostile files, through the ``l10n`` command in a throw-away project.

Every refusal keeps the promise of the README: exit code 2, exactly one line on stderr naming
the file (and line), the limit or the problem, and what to do; and no file created or changed
anywhere in the project.  The limits are set low in ``[tool.l10n]`` so the inputs stay small.

* ``max-document-bytes`` and ``max-line-chars``: a document over either is refused, one at
  exactly the limit is read, and a limit that is not a positive whole number is bad input;
  every command that reads the corpus (``update``, ``extract``, ``bundle``, ``run``, ``check``)
  applies them and ``follow-symlinks``, and the jobs apply the configuration they are given;
* a FIFO in the corpus is refused without being opened (a writer waiting on it stays blocked);
  a FIFO or a device (``/dev/null``) named to ``check`` is refused as not a regular file, within
  a few seconds;
* a symbolic link from the corpus to a file outside it is refused unless
  ``follow-symlinks = true``; a link to another document of the corpus is fine;
* a document (or corpus folder) name that would break ``#:`` references is refused with a
  request to rename it, the name shown on one line.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import threading
from pathlib import Path

import pytest

PROSE = (
    "The Khojaly tragedy of February 1992 is remembered every year in Azerbaijan and abroad, "
    "with ceremonies, exhibitions and conferences held in many cities.\n"
)


def make_project(root: Path, settings: str = "", documents: dict[str, str] | None = None) -> Path:
    """A project with ``[tool.l10n]`` (plus ``settings``), a corpus and an empty locales folder."""
    root.mkdir(parents=True, exist_ok=True)
    (root / "pyproject.toml").write_text(
        '[tool.l10n]\nlocales = ["az"]\ncorpus = "corpus"\nlocales-dir = "locales"\n' + settings, encoding="utf-8"
    )
    (root / "corpus").mkdir()
    (root / "locales").mkdir()
    for name, text in (documents if documents is not None else {"ok.txt": PROSE}).items():
        (root / "corpus" / name).write_text(text, encoding="utf-8")
    return root


def l10n(project: Path, *args: str, timeout: float = 60) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k != "L10N_DEBUG"}
    env["XDG_CACHE_HOME"] = str(project.parent / "cache")  # the pipeline's user cache, kept out of the home
    return subprocess.run([sys.executable, "-m", "pipeline", *args], cwd=project, capture_output=True, text=True, env=env, timeout=timeout)


def snapshot(root: Path) -> dict[str, str]:
    """Every entry under ``root``: regular files by content hash, anything else by its kind."""
    state = {}
    for path in sorted(root.rglob("*")):
        if path.is_symlink():
            state[str(path.relative_to(root))] = "link -> " + os.readlink(path)
        elif path.is_file():
            state[str(path.relative_to(root))] = hashlib.sha256(path.read_bytes()).hexdigest()
        else:
            state[str(path.relative_to(root))] = "dir" if path.is_dir() else "special"
    return state


def refused(project: Path, *args: str, timeout: float = 60) -> str:
    """Run a command that must refuse its input: exit 2, one line, nothing changed; return the line."""
    before = snapshot(project)
    result = l10n(project, *args, timeout=timeout)
    assert result.returncode == 2, (result.returncode, result.stdout, result.stderr)
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("l10n: "), result.stderr
    assert "Traceback" not in result.stderr and "internal error" not in result.stderr
    assert snapshot(project) == before
    return lines[0]


# -- document size and line length ----------------------------------------------------------------


def test_a_document_over_max_document_bytes_is_refused_naming_the_limit_and_the_key(tmp_path):
    project = make_project(tmp_path / "p", "max-document-bytes = 1000\n", {"ok.txt": PROSE, "big.txt": PROSE * 7})  # 7 × 154 bytes
    for command in (["update"], ["check", "--no-glossary", "corpus/big.txt"]):
        line = refused(project, *command)
        assert "corpus/big.txt" in line and "over the limit of 1,000 bytes" in line
        assert "max-document-bytes under [tool.l10n] in pyproject.toml" in line


def test_a_document_of_exactly_max_document_bytes_is_read(tmp_path):
    text = (PROSE * 7)[:1000]
    project = make_project(tmp_path / "p", "max-document-bytes = 1000\n", {"edge.txt": text})
    assert len(text.encode("utf-8")) == 1000
    result = l10n(project, "update")
    assert result.returncode == 0, result.stderr
    assert (project / "locales" / "templates" / "edge.pot").is_file()


def test_a_line_over_max_line_chars_is_refused_naming_its_line(tmp_path):
    long_line = "word " * 40 + "end."  # 204 characters
    project = make_project(tmp_path / "p", "max-line-chars = 200\n", {"wide.txt": f"{PROSE}\n{long_line}\n"})
    for command in (["update"], ["check", "--no-glossary", "corpus/wide.txt"], ["segment", "corpus/wide.txt"]):
        line = refused(project, *command)
        assert "corpus/wide.txt:3:" in line and "line 3 is 204 characters long" in line
        assert "over the limit of 200 (max-line-chars)" in line and "raise max-line-chars under [tool.l10n]" in line


def test_a_line_of_exactly_max_line_chars_is_read(tmp_path):
    line = ("word " * 40)[:199] + "."
    project = make_project(tmp_path / "p", "max-line-chars = 200\n", {"wide.txt": line + "\r\n" + PROSE})
    assert len(line) == 200
    result = l10n(project, "update")
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize(
    "setting", ['max-line-chars = "a lot"', "max-document-bytes = 0", "max-line-chars = true", 'follow-symlinks = "yes"']
)
def test_limits_that_are_not_what_they_say_are_bad_input(tmp_path, setting):
    project = make_project(tmp_path / "p", setting + "\n")
    line = refused(project, "update")
    assert "pyproject.toml" in line and setting.split(" =")[0] in line


# -- every command that reads the corpus applies the configuration ---------------------------------


@pytest.fixture(scope="module")
def made(tmp_path_factory) -> Path:
    """A project whose catalogs and bundles were made (two documents, within every limit)."""
    project = make_project(tmp_path_factory.mktemp("made") / "p", documents={"ok.txt": PROSE, "big.txt": PROSE})
    for command in (["update"], ["bundle", "--min-complete", "0"]):
        result = l10n(project, *command)
        assert result.returncode == 0, result.stderr
    assert list((project / "build" / "bundles").rglob("*.mo"))
    return project


def _then(made: Path, tmp_path: Path, settings: str, document: str) -> Path:
    """A copy of ``made`` whose big.txt became ``document`` and whose configuration gained ``settings``."""
    project = tmp_path / "p"
    shutil.copytree(made, project, symlinks=True)
    with (project / "pyproject.toml").open("a", encoding="utf-8") as handle:
        handle.write(settings)
    (project / "corpus" / "big.txt").write_text(document, encoding="utf-8")
    return project


READERS = [
    ["update"],
    ["extract"],
    ["bundle", "--min-complete", "0"],
    ["run", "--engine", "pseudo", "--no-glossary"],
    ["check", "--no-glossary"],
]


@pytest.mark.parametrize("command", READERS, ids=lambda command: command[0])
def test_a_document_that_grew_past_max_document_bytes_stops_every_command_that_reads_the_corpus(made, tmp_path, command):
    project = _then(made, tmp_path, "max-document-bytes = 1000\n", PROSE * 7)
    line = refused(project, *command)  # catalogs, templates, bundles and state byte-identical
    where, problem = line.split(": ", 2)[1:]
    assert where in (f"{project}/corpus/big.txt", "corpus/big.txt")
    assert problem == (
        f"the document is {len(PROSE) * 7:,} bytes, over the limit of 1,000 bytes (max-document-bytes); "
        "split the document, or raise max-document-bytes under [tool.l10n] in pyproject.toml"
    )


@pytest.mark.parametrize(
    "command", [["bundle", "--min-complete", "0"], ["run", "--engine", "pseudo", "--no-glossary"]], ids=lambda command: command[0]
)
def test_a_line_over_max_line_chars_stops_bundle_and_run(made, tmp_path, command):
    project = _then(made, tmp_path, "max-line-chars = 200\n", PROSE + "\n" + "word " * 40 + "end.\n")
    line = refused(project, *command)
    assert line.startswith(
        f"l10n: {project}/corpus/big.txt:3: line 3 is 204 characters long, over the limit of 200 (max-line-chars); break the text"
    )


@pytest.mark.parametrize(
    "command", [["bundle", "--min-complete", "0"], ["run", "--engine", "pseudo", "--no-glossary"]], ids=lambda command: command[0]
)
def test_a_symlink_out_of_the_corpus_stops_bundle_and_run(made, tmp_path, command):
    project = _then(made, tmp_path, "", PROSE)
    secret = tmp_path / "secret.txt"
    secret.write_text("SECRET words that are not part of the corpus at all.\n", encoding="utf-8")
    (project / "corpus" / "passwd.txt").symlink_to(secret)
    line = refused(project, *command)
    assert "corpus/passwd.txt" in line and "outside the folder" in line and "follow-symlinks = true" in line


def test_the_jobs_apply_the_configuration_they_are_given_not_the_working_directory(tmp_path, monkeypatch):
    """Library callers: the limits are those of the Config passed in, wherever the process runs."""
    from pipeline.outputs.bundle import build_bundles
    from pipeline.checks.runner import check_project
    from pipeline.core.config import load_config
    from pipeline.core.errors import InputError
    from pipeline.catalogs.jobs import extract, update

    project = make_project(tmp_path / "p", "max-document-bytes = 1000\n", {"big.txt": PROSE * 7})
    config = load_config(project)
    (tmp_path / "elsewhere").mkdir()
    monkeypatch.chdir(tmp_path / "elsewhere")  # no project here: its default limit (64 MiB) would let big.txt in
    before = snapshot(project)
    jobs = {
        "update": lambda: update(config),
        "extract": lambda: extract(config),
        "bundle": lambda: build_bundles(config, tmp_path / "out", min_complete=0),
        "check": lambda: check_project(config),
    }
    for name, job in jobs.items():
        with pytest.raises(InputError, match=r"big\.txt: the document is [0-9,]+ bytes, over the limit of 1,000 bytes"):
            job()
    assert snapshot(project) == before and not (tmp_path / "out").exists()


# -- files that are not regular files -------------------------------------------------------------


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_a_fifo_in_the_corpus_is_refused_without_being_opened(tmp_path):
    project = make_project(tmp_path / "p")
    fifo = project / "corpus" / "pipe.txt"
    os.mkfifo(fifo)
    opened = threading.Event()

    def writer() -> None:  # blocks until someone opens the FIFO for reading
        fd = os.open(fifo, os.O_WRONLY)
        opened.set()
        os.close(fd)

    thread = threading.Thread(target=writer, daemon=True)
    thread.start()
    for command in (["update"], ["extract"], ["check", "--no-glossary", "corpus/pipe.txt"], ["segment", "corpus/pipe.txt"]):
        line = refused(project, *command)
        assert "corpus/pipe.txt" in line and "a FIFO (named pipe), not a regular file" in line
    assert not opened.is_set(), "the pipeline opened the FIFO"
    reader = os.open(fifo, os.O_RDONLY | os.O_NONBLOCK)  # let the writer go: the test could see an open
    thread.join(10)
    os.close(reader)
    assert opened.is_set()


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_check_on_the_project_refuses_a_fifo_in_the_corpus(tmp_path):
    project = make_project(tmp_path / "p")
    os.mkfifo(project / "corpus" / "pipe.txt")
    line = refused(project, "check", "--no-glossary")
    assert "corpus/pipe.txt" in line and "FIFO" in line


#: A check that opened a FIFO would block on it for good; this bounds how long a regression hangs.
NO_BLOCKING = 10


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
@pytest.mark.parametrize("name", ["pipe.txt", "pipe.po", "pipe"])
def test_a_fifo_named_to_check_is_refused_as_not_a_regular_file_without_being_opened(tmp_path, name):
    project = make_project(tmp_path / "p")
    os.mkfifo(project / name)
    line = refused(project, "check", "--no-glossary", "--out", "report.json", name, timeout=NO_BLOCKING)
    assert line == (
        f"l10n: {name}: a FIFO (named pipe), not a regular file: it was not opened; only regular files "
        "are read; remove it, or give the document as a plain-text file"
    )


def test_a_device_named_to_check_is_refused_as_not_a_regular_file(tmp_path):
    project = make_project(tmp_path / "p")
    for device in ("/dev/null", "/dev/zero"):  # /dev/null is no empty document: nothing in it was written by anyone
        line = refused(project, "check", "--no-glossary", device, timeout=NO_BLOCKING)
        assert line.startswith(f"l10n: {device}: a character device, not a regular file: it was not opened;")


def test_a_broken_link_named_to_check_is_said_to_be_one(tmp_path):
    project = make_project(tmp_path / "p")
    (project / "gone.txt").symlink_to("nowhere.txt")
    line = refused(project, "check", "--no-glossary", "gone.txt")
    assert line == "l10n: gone.txt: a broken symbolic link; fix or remove the link"


# -- symbolic links ------------------------------------------------------------------------------


def _link_to_outside(tmp_path: Path, settings: str = "") -> Path:
    secret = tmp_path / "outside" / "secret.txt"
    secret.parent.mkdir()
    secret.write_text("SECRET words that are not part of the corpus at all.\n", encoding="utf-8")
    project = make_project(tmp_path / "p", settings)
    (project / "corpus" / "passwd.txt").symlink_to(secret)
    return project


def test_a_symlink_out_of_the_corpus_is_refused(tmp_path):
    project = _link_to_outside(tmp_path)
    for command in (["update"], ["check", "--no-glossary"]):
        line = refused(project, *command)
        assert "corpus/passwd.txt" in line and "symbolic link" in line and "outside" in line
        assert "follow-symlinks = true" in line
    assert not any("SECRET" in p.read_text(encoding="utf-8") for p in (project / "locales").rglob("*") if p.is_file())


def test_a_symlink_out_of_the_corpus_is_read_when_the_configuration_allows_it(tmp_path):
    project = _link_to_outside(tmp_path, "follow-symlinks = true\n")
    result = l10n(project, "update")
    assert result.returncode == 0, result.stderr
    assert "SECRET words" in (project / "locales" / "templates" / "passwd.pot").read_text(encoding="utf-8")


def test_a_symlink_to_another_document_of_the_corpus_is_fine(tmp_path):
    project = make_project(tmp_path / "p")
    (project / "corpus" / "alias.txt").symlink_to("ok.txt")
    result = l10n(project, "update")
    assert result.returncode == 0, result.stderr


# -- names that would break #: references ----------------------------------------------------------


@pytest.mark.parametrize(
    "name, shown, why",
    [
        ("new\nline.txt", "new\\nline.txt", "control character"),
        ("tab\there.txt", "tab\\there.txt", "control character"),
        ("my doc.txt", "my doc.txt", "a space"),
        ("no\u00a0break.txt", "no\\xa0break.txt", "white space"),
        ("star*.txt", "star*.txt", "'*'"),
        ("bidi\u2068x\u2069.txt", "bidi\\u2068x\\u2069.txt", "invisible format character"),
    ],
)
def test_a_document_name_that_breaks_references_is_refused_with_a_request_to_rename(tmp_path, name, shown, why):
    project = make_project(tmp_path / "p", documents={"ok.txt": PROSE, name: PROSE})
    line = refused(project, "update")
    assert f"corpus/{shown}:" in line and why in line and "rename the file" in line


def test_a_name_that_is_not_utf8_is_refused(tmp_path):
    project = make_project(tmp_path / "p")
    fd = os.open(os.fsencode(project / "corpus") + b"/caf\xe9.txt", os.O_WRONLY | os.O_CREAT, 0o644)
    os.write(fd, PROSE.encode("utf-8"))
    os.close(fd)
    line = refused(project, "update")
    assert "caf\\xe9.txt" in line and "not UTF-8" in line and "rename the file" in line


def test_a_corpus_folder_whose_name_breaks_references_is_refused(tmp_path):
    project = make_project(tmp_path / "p")
    (project / "corpus").rename(project / "the corpus")
    (project / "pyproject.toml").write_text(
        '[tool.l10n]\nlocales = ["az"]\ncorpus = "the corpus"\nlocales-dir = "locales"\n', encoding="utf-8"
    )
    line = refused(project, "update")
    assert "the corpus" in line and "a space" in line and "rename the corpus folder" in line


# -- the benchmark still runs (toy sizes; no timing asserted) ----------------------------------------


def test_the_limits_benchmark_runs_at_a_toy_size(monkeypatch):
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
    from benchmarks import bench_limits

    monkeypatch.setattr(bench_limits, "QUICK", {"mb": 0.05, "timeout": 120, "entries": (20, 200)})
    result = bench_limits.run(True, log=lambda message: None)
    for shape in result["shapes"]:
        assert [shape[f"{size}_update"]["exit"] for size in ("tenth", "full")] == [0, 0]
        assert {shape[f"{size}_check"]["exit"] for size in ("tenth", "full")} <= {0, 1}
        assert shape["full_update"]["peak_mb"] > 0 and shape["full_update"]["cpu_s"] > 0
    assert [entry["problems"] for entry in result["overlaps"]] == [19, 199]
    assert len(bench_limits.rows(result)) == 2 * 2 * 2 + 1 + 2
