"""Installing, listing and removing Argos model packages – and refusing hostile archives."""

from __future__ import annotations

import http.server
import json
import os
import socket
import stat
import threading
import zipfile
from contextlib import contextmanager
from pathlib import Path

import pytest

from pipeline import models
from pipeline.errors import InputError


def make_archive(path: Path, top: str = "translate-en_az-1_9", *, metadata: dict | None = None,
                 extra: dict[str, bytes] | None = None, skip: tuple[str, ...] = ()) -> Path:
    """A structurally valid .argosmodel with dummy model bytes (enough for install/list/remove)."""
    metadata = metadata if metadata is not None else {"from_code": "en", "to_code": "az", "package_version": "1.9"}
    files = {
        f"{top}/metadata.json": json.dumps(metadata).encode(),
        f"{top}/model/model.bin": b"\0" * 64,
        f"{top}/model/config.json": b"{}",
        f"{top}/sentencepiece.model": b"sp",
    }
    files = {k: v for k, v in files.items() if not any(k.endswith(s) for s in skip)}
    files.update(extra or {})
    with zipfile.ZipFile(path, "w") as zf:
        for name, data in files.items():
            zf.writestr(name, data)
    return path


def snapshot(directory: Path) -> list[str]:
    return sorted(str(p.relative_to(directory)) for p in directory.rglob("*")) if directory.exists() else ["<absent>"]


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
    new = models.install_from_file(make_archive(
        tmp_path / "new.argosmodel", "translate-en_az-2_0",
        metadata={"from_code": "en", "to_code": "az", "package_version": "2.0"}), target)
    assert models.list_packages(target) == [new]
    assert sorted(os.listdir(target)) == ["translate-en_az-2_0"]  # no temp or old directories left


def test_list_skips_hidden_and_non_translation_directories_and_orders_versions(tmp_path):
    target = tmp_path / "packages"
    models.install_from_file(make_archive(
        tmp_path / "a.zip", "tr-new", metadata={"from_code": "en", "to_code": "tr", "package_version": "1.10"}), target)
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
    models.install_from_file(make_archive(tmp_path / "good.zip", "translate-en_ru-1_0",
                                          metadata={"from_code": "en", "to_code": "ru"}), existing)
    before = snapshot(existing)
    for target in (fresh, existing):
        with pytest.raises(InputError, match=message) as error:
            models.install_from_file(archive, target, max_bytes=4000)
        assert "\n" not in str(error.value) and str(archive) in str(error.value)
    assert not fresh.exists()
    assert snapshot(existing) == before
    assert not (tmp_path / "escape.txt").exists()


# -- the package index -------------------------------------------------------------------------

@contextmanager
def serve(directory: Path):
    """Serve ``directory`` over HTTP on 127.0.0.1; yield the base URL."""
    handler = lambda *a, **k: http.server.SimpleHTTPRequestHandler(*a, directory=str(directory), **k)  # noqa: E731
    http.server.SimpleHTTPRequestHandler.log_message = lambda *a, **k: None
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def test_install_from_an_index_served_locally(tmp_path):
    site = tmp_path / "site"
    site.mkdir()
    make_archive(site / "translate-en_az-1_9.argosmodel")
    make_archive(site / "translate-en_az-1_5.argosmodel", "translate-en_az-1_5",
                 metadata={"from_code": "en", "to_code": "az", "package_version": "1.5"})
    with serve(site) as base:
        index = [
            {"from_code": "en", "to_code": "az", "package_version": "1.5", "type": "translate",
             "links": [f"{base}/translate-en_az-1_5.argosmodel"]},
            {"from_code": "en", "to_code": "az", "package_version": "1.9", "type": "translate",
             "links": [f"{base}/missing.argosmodel", f"{base}/translate-en_az-1_9.argosmodel"]},
            {"from_code": "en", "to_code": "ru", "package_version": "1.0", "links": []},
        ]
        (site / "index.json").write_text(json.dumps(index))
        info = models.install_from_index("az", tmp_path / "packages", index_url=f"{base}/index.json")
        assert (info.pair, info.version) == ("en-az", "1.9")
        assert sorted(os.listdir(tmp_path / "packages")) == ["translate-en_az-1_9"]  # no download left
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
