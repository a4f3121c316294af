"""Installing, listing and removing Argos model packages – and refusing hostile archives."""

from __future__ import annotations

import json
import os
import socket
import stat
import subprocess
import sys
import threading
import zipfile
from pathlib import Path

import pytest

from pipeline.mt import packages as models
from pipeline.core.errors import InputError

from argos_packages import make_archive, serve


def snapshot(directory: Path) -> list[str]:
    return sorted(str(p.relative_to(directory)) for p in directory.rglob("*")) if directory.exists() else ["<absent>"]


def entries(directory: Path) -> list[str]:
    """What is in ``directory`` besides the lock file of install/remove."""
    return sorted(name for name in os.listdir(directory) if name != ".l10n.lock")


def test_install_list_find_and_remove(tmp_path):
    target = tmp_path / "packages"
    info = models.install_from_file(make_archive(tmp_path / "a.argosmodel"), target)
    assert (info.name, info.pair, info.version, info.tokenizer) == ("translate-en_az", "en-az", "1.9", "sentencepiece")
    assert info.path == target / "translate-en_az-1_9"
    assert models.list_packages(target) == [info]
    assert models.find_package("en", "az", target) == info
    assert models.find_package("en", "az_AZ", target) == info  # regional locale falls back
    assert models.find_package("en", "ru", target) is None
    assert models.remove("en-az", target) == [info]
    assert models.list_packages(target) == []


def test_a_newer_package_for_the_same_pair_replaces_the_old_one(tmp_path):
    target = tmp_path / "packages"
    models.install_from_file(make_archive(tmp_path / "old.argosmodel"), target)
    new = models.install_from_file(
        make_archive(
            tmp_path / "new.argosmodel", "translate-en_az-2_0", metadata={"from_code": "en", "to_code": "az", "package_version": "2.0"}
        ),
        target,
    )
    assert models.list_packages(target) == [new]
    assert entries(target) == ["translate-en_az-2_0"]  # no temp or old directories left


def test_list_skips_hidden_and_non_translation_directories_and_orders_versions(tmp_path):
    target = tmp_path / "packages"
    models.install_from_file(
        make_archive(tmp_path / "a.zip", "tr-new", metadata={"from_code": "en", "to_code": "tr", "package_version": "1.10"}), target
    )
    # A second version installed by another tool (argospm) sits beside it.
    import shutil

    shutil.copytree(target / "tr-new", target / "tr-old")
    (target / "tr-old" / "metadata.json").write_text('{"from_code": "en", "to_code": "tr", "package_version": "1.9"}')
    (target / ".install-leftover" / "x").mkdir(parents=True)
    (target / "sbd-package").mkdir()
    (target / "sbd-package" / "metadata.json").write_text('{"type": "sbd", "from_code": "en", "to_code": "en"}')
    listed = models.list_packages(target)
    assert [(p.path.name, p.version) for p in listed] == [("tr-new", "1.10"), ("tr-old", "1.9")]
    assert models.find_package("en", "tr", target).version == "1.10"  # newest wins
    assert models.list_packages(tmp_path / "nowhere") == []


# -- what an install may replace: the archive's language pair decides, never its folder name ----

RU = {"from_code": "en", "to_code": "ru", "package_version": "1.0"}
AZ_NAMED_RU = {"from_code": "en", "to_code": "az", "package_version": "1.9"}


def l10n(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "pipeline", *args],
        capture_output=True,
        text=True,
        timeout=120,
        env={k: v for k, v in os.environ.items() if k != "L10N_DEBUG"},
    )


def tree_bytes(directory: Path) -> dict[str, bytes]:
    return {str(p.relative_to(directory)): p.read_bytes() for p in sorted(directory.rglob("*")) if p.is_file() and p.name != ".l10n.lock"}


def test_an_archive_named_like_another_pairs_package_is_refused_and_that_package_kept(tmp_path):
    """The reported bug: an en→az archive whose folder is translate-en_ru deleted the installed en→ru package."""
    target = tmp_path / "packages"
    ru = models.install_from_file(make_archive(tmp_path / "ru.argosmodel", "translate-en_ru", metadata=RU), target)
    before = tree_bytes(target)
    mislabelled = make_archive(tmp_path / "az.argosmodel", "translate-en_ru", metadata=AZ_NAMED_RU)
    run = l10n("models", "install", str(mislabelled), "--models-dir", str(target))
    assert run.returncode == 2, run
    lines = run.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"l10n: {mislabelled}: ") and "internal error" not in lines[0]
    assert "the installed en→ru package" in lines[0] and "holds en→az" in lines[0]
    assert tree_bytes(target) == before
    assert models.list_packages(target) == [ru]
    assert entries(target) == ["translate-en_ru"]  # and no staging folder left


def test_an_archive_named_like_a_folder_that_is_no_package_is_refused(tmp_path):
    target = tmp_path / "packages"
    (target / "translate-en_az-1_9").mkdir(parents=True)
    (target / "translate-en_az-1_9" / "notes.txt").write_text("mine")
    with pytest.raises(InputError, match="already there and not a package") as error:
        models.install_from_file(make_archive(tmp_path / "a.argosmodel"), target)
    assert "move that folder aside" in str(error.value)
    assert (target / "translate-en_az-1_9" / "notes.txt").read_text() == "mine"
    assert entries(target) == ["translate-en_az-1_9"]


def test_a_package_of_the_same_pair_is_replaced_whatever_its_folder_is_called(tmp_path):
    target = tmp_path / "packages"
    models.install_from_file(make_archive(tmp_path / "ru.argosmodel", "translate-en_ru", metadata=RU), target)
    models.install_from_file(make_archive(tmp_path / "old.argosmodel", "old-name"), target)
    new = models.install_from_file(
        make_archive(
            tmp_path / "new.argosmodel", "translate-en_az-2_0", metadata={"from_code": "en", "to_code": "az", "package_version": "2.0"}
        ),
        target,
    )
    assert [(p.pair, p.path.name) for p in models.list_packages(target)] == [("en-az", "translate-en_az-2_0"), ("en-ru", "translate-en_ru")]
    assert new.version == "2.0"


# -- the models folder's lock, and what killed installs leave ----------------------------------


def test_install_and_remove_clear_the_leftovers_of_killed_runs_and_nothing_else(tmp_path):
    target = tmp_path / "packages"
    models.install_from_file(make_archive(tmp_path / "ru.argosmodel", "translate-en_ru", metadata=RU), target)
    ours = [".install-k2j4h6g8", ".l10n-staging-abc123", ".download-q1w2e3r4.argosmodel", ".l10n-staging-x7.argosmodel"]
    for name in ours[:2]:
        (target / name / "translate-en_az" / "model").mkdir(parents=True)
        (target / name / "translate-en_az" / "model" / "model.bin").write_bytes(b"\0" * 4096)
    for name in ours[2:]:
        (target / name).write_bytes(b"PK partial download")
    theirs = [".install-notes", "install-k2j4h6g8", ".cache", "README.txt"]
    (target / theirs[0]).mkdir()
    (target / theirs[1]).mkdir()
    (target / theirs[2]).write_text("x")
    (target / theirs[3]).write_text("x")
    models.install_from_file(make_archive(tmp_path / "az.argosmodel"), target)
    assert entries(target) == sorted(theirs + ["translate-en_az-1_9", "translate-en_ru"])
    for name in ours:
        (target / name).mkdir()
    models.remove("en-ru", target)
    assert entries(target) == sorted(theirs + ["translate-en_az-1_9"])


_KILLED_INSTALL = """
import os, signal, sys
from pipeline.mt import packages as models
real = models._extract
def extract_then_die(*args):
    real(*args)
    os.kill(os.getpid(), signal.SIGKILL)  # as `kill -9` half way through an install
models._extract = extract_then_die
models.install_from_file(sys.argv[1], sys.argv[2])
"""


def test_a_killed_install_leaves_a_staging_folder_that_the_next_run_removes(tmp_path):
    target = tmp_path / "packages"
    archive = make_archive(tmp_path / "az.argosmodel")
    killed = subprocess.run([sys.executable, "-c", _KILLED_INSTALL, str(archive), str(target)], timeout=120)
    assert killed.returncode == -9
    leftovers = [name for name in entries(target) if name.startswith(".")]
    assert len(leftovers) == 1 and (target / leftovers[0] / "translate-en_az-1_9" / "model").is_dir()
    assert models.list_packages(target) == []  # a staging folder is never taken for a package
    run = l10n("models", "install", str(archive), "--models-dir", str(target))
    assert run.returncode == 0, run.stderr
    assert entries(target) == ["translate-en_az-1_9"]


def test_an_install_waits_for_the_models_folder_lock(tmp_path):
    from pipeline.core.fsutil import exclusive

    target = tmp_path / "packages"
    archive = make_archive(tmp_path / "az.argosmodel")
    done = threading.Event()
    worker = threading.Thread(target=lambda: (models.install_from_file(archive, target), done.set()))
    with exclusive(target):
        worker.start()
        assert not done.wait(1.0), "installed while another run held the lock"
        assert entries(target) == []
    worker.join(timeout=60)
    assert done.is_set() and entries(target) == ["translate-en_az-1_9"]


def test_a_models_dir_that_is_a_file_is_an_input_error(tmp_path):
    not_a_folder = tmp_path / "packages"
    not_a_folder.write_text("not a folder")
    archive = make_archive(tmp_path / "az.argosmodel")
    for call in (
        lambda: models.install_from_file(archive, not_a_folder),
        lambda: models.list_packages(not_a_folder),
        lambda: models.remove("en-az", not_a_folder),
    ):
        with pytest.raises(InputError, match=f"^{not_a_folder}: is a file, not a folder of model packages"):
            call()
    assert not_a_folder.read_text() == "not a folder"


def test_remove_unknown_package_is_an_input_error(tmp_path):
    with pytest.raises(InputError, match="no installed package matches 'en-ru'"):
        models.remove("en-ru", tmp_path)


def test_default_models_dir_follows_argos(monkeypatch, tmp_path):
    monkeypatch.setenv("ARGOS_PACKAGES_DIR", str(tmp_path / "argos"))
    assert models.default_models_dir() == tmp_path / "argos"
    monkeypatch.delenv("ARGOS_PACKAGES_DIR")
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    assert models.default_models_dir() == tmp_path / "data" / "argos-translate" / "packages"


# -- hostile and broken archives: InputError, and nothing written ------------------------------


def _symlink_archive(path: Path) -> Path:
    make_archive(path)
    with zipfile.ZipFile(path, "a") as zf:
        link = zipfile.ZipInfo("translate-en_az-1_9/evil")
        link.external_attr = (stat.S_IFLNK | 0o777) << 16
        zf.writestr(link, "/etc/passwd")
    return path


BAD_ARCHIVES = {
    "traversal": (lambda p: make_archive(p, extra={"translate-en_az-1_9/../../escape.txt": b"x"}), "unsafe path"),
    "absolute": (lambda p: make_archive(p, extra={"/tmp/evil.txt": b"x"}), "unsafe path"),
    "symlink": (_symlink_archive, "symbolic link"),
    "too big": (lambda p: make_archive(p, extra={"translate-en_az-1_9/model/big.bin": b"0" * 5000}), "more than 4000 bytes"),
    "no metadata": (lambda p: make_archive(p, skip=("metadata.json",)), "no translate-en_az-1_9/metadata.json"),
    "bad metadata": (lambda p: make_archive(p, metadata={"from_code": "en"}), "no valid 'to_code'"),
    "hostile code": (lambda p: make_archive(p, metadata={"from_code": "en", "to_code": "../az"}), "no valid 'to_code'"),
    "two top dirs": (lambda p: make_archive(p, extra={"other/file": b"x"}), "exactly one top-level directory"),
    "no model": (lambda p: make_archive(p, skip=("model.bin", "config.json")), "no translate-en_az-1_9/model/"),
    "no tokenizer": (lambda p: make_archive(p, skip=("sentencepiece.model",)), "no tokenizer"),
    "not a zip": (lambda p: (p.write_bytes(b"PK no zip at all"), p)[1], "not a zip archive"),
}


@pytest.mark.parametrize("case", sorted(BAD_ARCHIVES))
def test_bad_archives_are_refused_and_nothing_is_written(tmp_path, case):
    build, message = BAD_ARCHIVES[case]
    archive = build(tmp_path / "bad.argosmodel")
    fresh = tmp_path / "fresh"  # does not exist: must not be created
    existing = tmp_path / "existing"
    models.install_from_file(
        make_archive(tmp_path / "good.zip", "translate-en_ru-1_0", metadata={"from_code": "en", "to_code": "ru"}), existing
    )
    before = snapshot(existing)
    for target in (fresh, existing):
        with pytest.raises(InputError, match=message) as error:
            models.install_from_file(archive, target, max_bytes=4000)
        assert "\n" not in str(error.value) and str(archive) in str(error.value)
    assert not fresh.exists()
    assert snapshot(existing) == before
    assert not (tmp_path / "escape.txt").exists()


# -- the package index -------------------------------------------------------------------------


def test_install_from_an_index_served_locally(tmp_path):
    site = tmp_path / "site"
    site.mkdir()
    make_archive(site / "translate-en_az-1_9.argosmodel")
    make_archive(
        site / "translate-en_az-1_5.argosmodel",
        "translate-en_az-1_5",
        metadata={"from_code": "en", "to_code": "az", "package_version": "1.5"},
    )
    with serve(site) as base:
        index = [
            {
                "from_code": "en",
                "to_code": "az",
                "package_version": "1.5",
                "type": "translate",
                "links": [f"{base}/translate-en_az-1_5.argosmodel"],
            },
            {
                "from_code": "en",
                "to_code": "az",
                "package_version": "1.9",
                "type": "translate",
                "links": [f"{base}/missing.argosmodel", f"{base}/translate-en_az-1_9.argosmodel"],
            },
            {"from_code": "en", "to_code": "ru", "package_version": "1.0", "links": []},
        ]
        (site / "index.json").write_text(json.dumps(index))
        info = models.install_from_index("az", tmp_path / "packages", index_url=f"{base}/index.json")
        assert (info.pair, info.version) == ("en-az", "1.9")
        assert entries(tmp_path / "packages") == ["translate-en_az-1_9"]  # no download left
        with pytest.raises(InputError, match="no package for en→tr"):
            models.install_from_index("en-tr", tmp_path / "packages", index_url=f"{base}/index.json")
        with pytest.raises(InputError, match="no download link"):
            models.install_from_index("en-ru", tmp_path / "packages", index_url=f"{base}/index.json")


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_offline_index_is_an_input_error_with_the_manual_route(tmp_path, monkeypatch):
    url = f"http://127.0.0.1:{_closed_port()}/index.json"
    with pytest.raises(InputError) as error:
        models.install_from_index("en-az", tmp_path / "packages", index_url=url, timeout=5)
    assert "cannot reach the package index (offline?)" in str(error.value)
    assert "download FILE.argosmodel elsewhere and run `l10n models install FILE`" in str(error.value)
    # The default index is on the internet, which tests cannot reach.
    monkeypatch.delenv("ARGOS_PACKAGE_INDEX", raising=False)
    with pytest.raises(InputError, match="cannot reach the package index"):
        models.install_from_index("en-az", tmp_path / "packages", timeout=5)
    assert not (tmp_path / "packages").exists()


def test_install_takes_a_file_or_a_pair(tmp_path):
    archive = make_archive(tmp_path / "pkg.argosmodel")
    assert models.install(str(archive), tmp_path / "packages").pair == "en-az"
    with pytest.raises(InputError, match="no such file"):
        models.install(tmp_path / "missing.argosmodel", tmp_path / "packages")
    with pytest.raises(InputError, match="cannot reach the package index"):
        models.install("en-ru", tmp_path / "packages", index_url=f"http://127.0.0.1:{_closed_port()}/index.json")


def test_a_bad_pair_is_an_input_error(tmp_path):
    with pytest.raises(InputError, match="not a language pair"):
        models.install_from_index("en-az-ru", tmp_path, index_url="http://127.0.0.1:1/")


def test_install_the_real_test_package(argos_archive, tmp_path):
    info = models.install_from_file(argos_archive, tmp_path / "packages")
    assert (info.pair, info.tokenizer) == ("en-az", "sentencepiece")
    assert (info.path / "model" / "model.bin").is_file()


from argos_fixture import argos_archive  # noqa: E402,F401  (session fixture)
