"""Argos Translate model packages: list, install (from a file or the package index), remove.

The on-disk layout is Argos Translate's own, so packages installed by ``argospm`` are found
here and the other way round: one directory per package under the packages directory, with
``metadata.json`` (``from_code``, ``to_code``, ``package_version`` …), ``model/`` (a CTranslate2
model) and ``sentencepiece.model`` (or ``bpe.model``).

This module does not use ``argostranslate.package.install_from_path``: that function extracts
archives unchecked and imports ``argostranslate.translate`` (stanza, torch) afterwards.  Every
archive is validated here before a single byte is written, extracted into a temporary
directory beside the target and moved into place with a rename.
"""

from __future__ import annotations

import contextlib
import http.client
import json
import os
import re
import shutil
import stat
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from pipeline.core.errors import InputError
from pipeline.core.fsutil import exclusive, user_umask

try:
    from packaging.version import Version
except ImportError:  # packaging comes with the ``mt`` extra; without it versions sort as text
    Version = None  # type: ignore[assignment,misc]  # an optional import mypy cannot model; _version_key checks

__all__ = [
    "PackageInfo",
    "default_models_dir",
    "list_packages",
    "find_package",
    "install",
    "install_from_file",
    "install_from_index",
    "remove",
    "models_root",
    "remove_leftovers",
    "DEFAULT_INDEX_URL",
    "MAX_UNCOMPRESSED",
]

DEFAULT_INDEX_URL = "https://raw.githubusercontent.com/argosopentech/argospm-index/main/index.json"
MAX_UNCOMPRESSED = 2 * 1024**3  # 2 GiB: the largest Argos packages are a few hundred MB
MAX_MEMBERS = 10_000
_CODE_RE = re.compile(r"^[a-z]{2,3}(?:[_-][A-Za-z0-9]{2,8})*$")
_TOKENIZERS = ("sentencepiece.model", "bpe.model")
_OFFLINE_HINT = "download FILE.argosmodel elsewhere and run `l10n models install FILE`"
# Staging folders and downloads are named so that the run that next holds the models folder's
# lock can tell what a killed install or removal left there from anything else in the folder.
_STAGING_PREFIX = ".l10n-staging-"
# What versions before that prefix left (tempfile.mkdtemp(prefix=".install-"), mkstemp(prefix=".download-")).
_LEGACY_LEFTOVER = re.compile(r"^\.(?:install-[a-z0-9_]{8}|download-[a-z0-9_]{8}\.argosmodel)$")


@dataclass(frozen=True)
class PackageInfo:
    """One installed translation package."""

    name: str  # argospm style: translate-en_az
    from_code: str
    to_code: str
    version: str
    path: Path
    tokenizer: str  # "sentencepiece" or "bpe"
    target_prefix: str = ""

    @property
    def pair(self) -> str:
        """``en-az``."""
        return f"{self.from_code}-{self.to_code}"

    def to_dict(self) -> dict:
        """JSON-friendly description (for ``l10n models list --format json``)."""
        return {
            "name": self.name,
            "pair": self.pair,
            "from": self.from_code,
            "to": self.to_code,
            "version": self.version,
            "path": str(self.path),
            "tokenizer": self.tokenizer,
        }


def default_models_dir() -> Path:
    """Argos' packages directory: ``$ARGOS_PACKAGES_DIR``, else ``$XDG_DATA_HOME`` (default
    ``~/.local/share``) ``/argos-translate/packages``."""
    env = os.environ.get("ARGOS_PACKAGES_DIR")
    if env:
        return Path(env).expanduser()
    data = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(data) / "argos-translate" / "packages"


def models_root(models_dir: Path | None = None) -> Path:
    """The packages folder: ``models_dir`` or argos' default; a path that is a file is bad input."""
    root = Path(models_dir) if models_dir is not None else default_models_dir()
    if root.exists() and not root.is_dir():
        raise InputError(
            root, "is a file, not a folder of model packages", "give --models-dir a folder (a missing one is created on install)"
        )
    return root


def remove_leftovers(root: Path) -> int:
    """Delete the staging folders and downloads that killed installs and removals left in ``root``.

    Only call this while holding :func:`~pipeline.core.fsutil.exclusive` on ``root``: then no
    install or removal is using them.  Returns how many were removed.
    """
    removed = 0
    for entry in list(os.scandir(root)):
        if not (entry.name.startswith(_STAGING_PREFIX) or _LEGACY_LEFTOVER.match(entry.name)):
            continue
        if entry.is_dir(follow_symlinks=False):
            shutil.rmtree(entry.path, ignore_errors=True)
        else:
            with contextlib.suppress(OSError):
                os.unlink(entry.path)
        removed += 1
    return removed


@contextlib.contextmanager
def _holding(root: Path):
    """The models folder's lock (installs and removals one at a time), leftovers removed first."""
    with exclusive(root):
        remove_leftovers(root)
        yield


def _version_key(version: str):
    if Version is None:
        return (0, None, version)
    try:
        return (1, Version(version), "")
    except Exception:  # not a PEP 440 version
        return (0, None, version)


def _read_package(directory: Path) -> PackageInfo | None:
    """The package in ``directory``, or None if it is not a usable translation package."""
    try:
        metadata = json.loads((directory / "metadata.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(metadata, dict) or metadata.get("type", "translate") != "translate":
        return None
    from_code, to_code = metadata.get("from_code"), metadata.get("to_code")
    if not isinstance(from_code, str) or not isinstance(to_code, str):
        return None
    if (directory / "sentencepiece.model").is_file():
        tokenizer = "sentencepiece"
    elif (directory / "bpe.model").is_file():
        tokenizer = "bpe"
    else:
        return None
    if not (directory / "model").is_dir():
        return None
    return PackageInfo(
        name=f"translate-{from_code}_{to_code}",
        from_code=from_code,
        to_code=to_code,
        version=str(metadata.get("package_version", "") or "0"),
        path=directory,
        tokenizer=tokenizer,
        target_prefix=str(metadata.get("target_prefix", "") or ""),
    )


def list_packages(models_dir: Path | None = None) -> list[PackageInfo]:
    """Installed translation packages in ``models_dir`` (default: argos' directory).

    Sorted by pair, newest version first.  A missing directory has no packages; hidden
    directories (interrupted installs) and non-translation packages are skipped.
    """
    root = models_root(models_dir)
    if not root.is_dir():
        return []
    found = []
    for child in sorted(root.iterdir()):
        if child.name.startswith(".") or not child.is_dir():
            continue
        info = _read_package(child)
        if info is not None:
            found.append(info)
    found.sort(key=lambda p: (p.pair, p.name))
    ordered: list[PackageInfo] = []
    for pair in dict.fromkeys(p.pair for p in found):
        same = [p for p in found if p.pair == pair]
        ordered += sorted(same, key=lambda p: _version_key(p.version), reverse=True)
    return ordered


def find_package(from_code: str, to_code: str, models_dir: Path | None = None) -> PackageInfo | None:
    """The newest installed package for ``from_code`` → ``to_code``, or None.

    A regional locale (``az_AZ``, ``pt-BR``) falls back to its language when no package
    for the exact code is installed.
    """
    packages = list_packages(models_dir)
    for code in dict.fromkeys([to_code, re.split(r"[_\-@.]", to_code)[0]]):
        for package in packages:
            if package.from_code == from_code and package.to_code == code:
                return package
    return None


# -- validation ------------------------------------------------------------------------------


def _check_members(archive: Path, zf: zipfile.ZipFile, max_bytes: int) -> tuple[str, dict]:
    """Validate every member; return the top-level directory name and the metadata."""
    members = zf.infolist()
    if not members:
        raise InputError(archive, "the archive is empty", "use a .argosmodel package file")
    if len(members) > MAX_MEMBERS:
        raise InputError(archive, f"the archive has {len(members)} entries (limit {MAX_MEMBERS})", "this is not an Argos model package")
    total = 0
    tops: set[str] = set()
    names: set[str] = set()
    for member in members:
        _check_member(archive, member)
        total += member.file_size
        if total > max_bytes:
            raise InputError(
                archive,
                f"the archive unpacks to more than {max_bytes} bytes",
                "refusing to install; check the file is an Argos model package",
            )
        name = member.filename
        tops.add(PurePosixPath(name).parts[0])
        if name.rstrip("/") in names and not member.is_dir():
            raise InputError(archive, f"the archive holds {name!r} twice", "this package is damaged")
        names.add(name.rstrip("/"))
    if len(tops) != 1 or not any(n != next(iter(tops)) for n in names):
        raise InputError(
            archive, "the archive must hold exactly one top-level directory", "an .argosmodel file is a zip of one package directory"
        )
    top = next(iter(tops))
    metadata = _archive_metadata(archive, zf, top)
    _check_layout(archive, top, names)
    return top, metadata


def _check_member(archive: Path, member: zipfile.ZipInfo) -> None:
    """Refuse a member that could write outside the package: an unsafe path, a link, a device."""
    name = member.filename
    parts = PurePosixPath(name).parts
    if (
        not name
        or name.startswith(("/", "\\"))
        or "\\" in name
        or re.match(r"^[A-Za-z]:", name)
        or any(part in ("..", ".") for part in parts)
    ):
        raise InputError(archive, f"unsafe path in the archive: {name!r}", "refusing to install; get the package from a trusted source")
    kind = stat.S_IFMT(member.external_attr >> 16)
    if kind == stat.S_IFLNK:
        raise InputError(
            archive, f"the archive contains a symbolic link: {name!r}", "refusing to install; get the package from a trusted source"
        )
    if kind and kind not in (stat.S_IFREG, stat.S_IFDIR):
        raise InputError(
            archive, f"the archive contains a special file: {name!r}", "refusing to install; get the package from a trusted source"
        )


def _archive_metadata(archive: Path, zf: zipfile.ZipFile, top: str) -> dict:
    """``top/metadata.json``, checked to name a translation package and its language pair."""
    try:
        with zf.open(f"{top}/metadata.json") as handle:
            metadata = json.loads(handle.read(1_000_000).decode("utf-8"))
    except KeyError:
        raise InputError(archive, f"no {top}/metadata.json in the archive", "this is not an Argos model package") from None
    except (ValueError, UnicodeDecodeError) as error:
        raise InputError(archive, f"{top}/metadata.json is not valid JSON: {error}", "this package is damaged; download it again") from None
    if not isinstance(metadata, dict):
        raise InputError(archive, f"{top}/metadata.json is not a JSON object", "this package is damaged")
    for field in ("from_code", "to_code"):
        value = metadata.get(field)
        if not isinstance(value, str) or not _CODE_RE.match(value):
            raise InputError(archive, f"{top}/metadata.json has no valid '{field}'", "an Argos package names its language pair there")
    if metadata.get("type", "translate") != "translate":
        raise InputError(
            archive, f"package type '{metadata.get('type')}' is not a translation package", "install an en→LOCALE translation package"
        )
    return metadata


def _check_layout(archive: Path, top: str, names: set[str]) -> None:
    """The package directory holds a CTranslate2 model and a tokenizer."""
    if not any(n.startswith(f"{top}/model/") for n in names):
        raise InputError(archive, f"no {top}/model/ directory in the archive", "an Argos package holds its CTranslate2 model there")
    if not any(f"{top}/{t}" in names for t in _TOKENIZERS):
        raise InputError(archive, f"no tokenizer ({' or '.join(_TOKENIZERS)}) in {top}/", "this is not an Argos model package")


def _extract(zf: zipfile.ZipFile, destination: Path, max_bytes: int, archive: Path) -> None:
    """Extract member by member, counting real bytes (sizes in the zip may lie)."""
    written = 0
    for member in zf.infolist():
        target = destination.joinpath(*PurePosixPath(member.filename).parts)
        if member.is_dir():
            target.mkdir(parents=True, exist_ok=True)
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        with zf.open(member) as source, open(target, "xb") as sink:
            while chunk := source.read(1 << 20):
                written += len(chunk)
                if written > max_bytes:
                    raise InputError(
                        archive,
                        f"the archive unpacks to more than {max_bytes} bytes",
                        "refusing to install; check the file is an Argos model package",
                    )
                sink.write(chunk)


def install_from_file(path: str | Path, models_dir: Path | None = None, *, max_bytes: int = MAX_UNCOMPRESSED) -> PackageInfo:
    """Validate and install the ``.argosmodel`` archive at ``path``; return the new package.

    Any installed package for the same language pair (the ``from_code``/``to_code`` of the
    archive's metadata.json) is replaced, and no other: an archive whose folder has the name
    of something else in ``models_dir`` (another pair's package) is refused.  A bad archive
    raises :class:`InputError` and leaves ``models_dir`` exactly as it was (it is not even
    created).  The install holds the folder's lock and first removes what killed installs left.
    """
    return _install_archive(Path(path), models_root(models_dir), max_bytes, _holding)


def _install_archive(archive: Path, root: Path, max_bytes: int, hold) -> PackageInfo:
    """Validate ``archive``, then, inside ``hold(root)`` (the lock, or nothing when held), install it."""
    if not archive.is_file():
        raise InputError(archive, "no such file", "give the path of a downloaded .argosmodel file")
    if not zipfile.is_zipfile(archive):
        raise InputError(archive, "not a zip archive", "an .argosmodel file is a zip archive")
    try:
        with zipfile.ZipFile(archive) as zf:
            top, _ = _check_members(archive, zf, max_bytes)
            with hold(root):
                _unpack_and_swap(archive, zf, top, root, max_bytes)
    except (zipfile.BadZipFile, NotImplementedError, RuntimeError) as error:
        raise InputError(archive, f"damaged or unsupported zip archive: {error}", "download the package again") from None
    result = _read_package(root / top)
    assert result is not None
    return result


def _unpack_and_swap(archive: Path, zf: zipfile.ZipFile, top: str, root: Path, max_bytes: int) -> None:
    """Extract into a staging folder in ``root``, then swap the package in for its pair's old ones."""
    staging = Path(tempfile.mkdtemp(prefix=_STAGING_PREFIX, dir=root))
    try:
        staging.chmod(0o777 & ~user_umask())  # mkdtemp makes it 0700; the package is for every user
        try:
            _extract(zf, staging, max_bytes, archive)
        except OSError as error:  # a full disk names no file: the models folder is where space is missing
            error.filename = error.filename or str(root)
            raise
        info = _read_package(staging / top)
        if info is None:
            raise InputError(archive, "the extracted package is incomplete", "download it again")
        installed = list_packages(root)
        replaced = [p for p in installed if p.pair == info.pair]  # by metadata, never by folder name
        _refuse_name_clash(archive, root / top, info, replaced, installed)
        moved: list[tuple[Path, Path]] = []
        try:  # older packages for the pair go aside (into staging), the new one in
            for old in replaced:
                aside = staging / f".old-{old.path.name}"
                os.replace(old.path, aside)
                moved.append((aside, old.path))
            os.replace(staging / top, root / top)
        except BaseException:
            for aside, original in reversed(moved):
                with contextlib.suppress(OSError):
                    os.replace(aside, original)
            raise
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def _refuse_name_clash(archive: Path, target: Path, info: PackageInfo, replaced: list[PackageInfo], installed: list[PackageInfo]) -> None:
    """Refuse to install over ``target`` unless it is one of the packages being replaced.

    An archive's folder name is only a name: an en→az package in a folder called
    ``translate-en_ru`` must not take the place of the installed en→ru package.
    """
    if not os.path.lexists(target) or any(p.path == target for p in replaced):
        return
    other = next((p for p in installed if p.path == target), None)
    what = f"the installed {other.from_code}→{other.to_code} package" if other else "already there and not a package"
    raise InputError(
        archive,
        f"its folder {target.name!r} would replace {target} ({what}), but the archive holds {info.from_code}→{info.to_code}",
        f"nothing was changed; rename the archive's folder (e.g. to {info.name})"
        + (f" or remove that package first (`l10n models remove {other.pair}`)" if other else " or move that folder aside"),
    )


# -- package index ---------------------------------------------------------------------------


def _parse_pair(pair: str) -> tuple[str, str]:
    bits = [b for b in re.split(r"[-_>→ ]+", pair.strip()) if b]
    if len(bits) == 1:
        bits = ["en", bits[0]]
    if len(bits) != 2 or not all(_CODE_RE.match(b) for b in bits):
        raise InputError(None, f"'{pair}' is not a language pair", "write it as en-az (or just az)")
    return bits[0], bits[1]


class _LocalWriteError(Exception):
    """Writing a download to disk failed: not a network error, whatever its errno."""

    def __init__(self, error: OSError):
        super().__init__(str(error))
        self.error = error


def _fetch(url: str, destination, limit: int, timeout: float) -> None:
    # Local: urllib.request costs ~20 ms at import, and only a download needs it (not `l10n
    # translate` nor `l10n models list`, which import this module).
    import urllib.request

    request = urllib.request.Request(url, headers={"User-Agent": "l10n-pipeline"})
    with urllib.request.urlopen(request, timeout=timeout) as response:
        size = 0
        while chunk := response.read(1 << 20):
            size += len(chunk)
            if size > limit:
                raise InputError(url, f"download larger than {limit} bytes", "check the package index")
            try:
                destination.write(chunk)
            except OSError as error:  # a full disk must not read as "offline?"
                raise _LocalWriteError(error) from None


_NETWORK_ERRORS = (OSError, http.client.HTTPException, RuntimeError)  # RuntimeError: sandbox guards


def _index_links(from_code: str, to_code: str, index_url: str, timeout: float) -> list[str]:
    """The download links of the newest package for the pair in the index at ``index_url``."""
    try:
        with tempfile.TemporaryFile() as buffer:
            _fetch(index_url, buffer, 50_000_000, timeout)
            buffer.seek(0)
            index = json.loads(buffer.read().decode("utf-8"))
    except _LocalWriteError as wrapped:
        wrapped.error.filename = wrapped.error.filename or tempfile.gettempdir()
        raise wrapped.error from None
    except _NETWORK_ERRORS as error:
        raise InputError(index_url, f"cannot reach the package index (offline?): {error}", _OFFLINE_HINT) from None
    except (ValueError, UnicodeDecodeError):
        raise InputError(index_url, "the package index is not valid JSON", _OFFLINE_HINT) from None
    if not isinstance(index, list):
        raise InputError(index_url, "the package index is not a JSON list", _OFFLINE_HINT)
    candidates = [
        e
        for e in index
        if isinstance(e, dict)
        and e.get("from_code") == from_code
        and e.get("to_code") == to_code
        and e.get("type", "translate") == "translate"
    ]
    if not candidates:
        raise InputError(
            index_url,
            f"the package index has no package for {from_code}→{to_code}",
            "check the language codes, or install a file with `l10n models install FILE`",
        )
    best = max(candidates, key=lambda e: _version_key(str(e.get("package_version", "0"))))
    links = [link for link in best.get("links", []) if isinstance(link, str) and link.startswith(("http://", "https://"))]
    if not links:
        raise InputError(index_url, f"the index entry for {from_code}→{to_code} has no download link", _OFFLINE_HINT)
    return links


def install_from_index(
    pair: str, models_dir: Path | None = None, *, index_url: str | None = None, timeout: float = 30.0, max_bytes: int = MAX_UNCOMPRESSED
) -> PackageInfo:
    """Download the package for ``pair`` (``en-az`` or ``az``) named in an Argos package index.

    ``index_url`` defaults to ``$ARGOS_PACKAGE_INDEX/index.json`` or argos' public index.  The
    index is a JSON list of package metadata objects with ``from_code``, ``to_code``,
    ``package_version`` and ``links``.  The downloaded file is installed like
    :func:`install_from_file`; download and install hold the models folder's lock.  Offline,
    or when the index cannot be read: :class:`InputError`, and nothing written.
    """
    from_code, to_code = _parse_pair(pair)
    if index_url is None:
        base = os.environ.get("ARGOS_PACKAGE_INDEX")
        index_url = base.rstrip("/") + "/index.json" if base else DEFAULT_INDEX_URL
    links = _index_links(from_code, to_code, index_url, timeout)
    root = models_root(models_dir)
    with _holding(root):  # the download lands in root: a concurrent run's clean-up must not take it
        fd, name = tempfile.mkstemp(prefix=_STAGING_PREFIX, suffix=".argosmodel", dir=root)
        try:
            _download(links, fd, root, timeout, max_bytes)
            return _install_archive(Path(name), root, max_bytes, lambda _root: contextlib.nullcontext())
        finally:
            os.close(fd)
            with contextlib.suppress(FileNotFoundError):
                os.unlink(name)


def _download(links: list[str], fd: int, root: Path, timeout: float, max_bytes: int) -> None:
    """Fetch the first of ``links`` that answers into the open file ``fd``."""
    last_error: Exception | None = None
    for link in links:
        try:
            with os.fdopen(os.dup(fd), "wb") as handle:
                handle.seek(0)
                handle.truncate()
                _fetch(link, handle, max_bytes, timeout)
            return
        except _LocalWriteError as wrapped:
            wrapped.error.filename = wrapped.error.filename or str(root)
            raise wrapped.error from None
        except _NETWORK_ERRORS as error:
            last_error = error
    raise InputError(links[0], f"cannot download the package (offline?): {last_error}", _OFFLINE_HINT)


def install(target: str | Path, models_dir: Path | None = None, *, index_url: str | None = None) -> PackageInfo:
    """``l10n models install TARGET``: a path to an ``.argosmodel`` file, or a pair (``en-az``)
    to download from the package index."""
    text = str(target)
    if Path(text).exists() or text.endswith((".argosmodel", ".zip")) or "/" in text or os.sep in text:
        return install_from_file(text, models_dir)
    return install_from_index(text, models_dir, index_url=index_url)


def remove(pair_or_name: str, models_dir: Path | None = None) -> list[PackageInfo]:
    """Remove installed packages matching ``pair_or_name`` (``en-az``, ``az``, a package name or
    directory name); return what was removed.  No match: :class:`InputError`.

    Holds the models folder's lock.  Each package is first renamed into a staging folder, so
    a run killed half way through deleting it leaves no half package for argos to load.
    """
    root = models_root(models_dir)
    if not root.is_dir():
        return _matching(pair_or_name, [])  # raises: nothing is installed
    with _holding(root):
        matches = _matching(pair_or_name, list_packages(root))
        for package in matches:
            trash = Path(tempfile.mkdtemp(prefix=_STAGING_PREFIX, dir=root))
            os.replace(package.path, trash / package.path.name)
            shutil.rmtree(trash)
    return matches


def _matching(pair_or_name: str, packages: list[PackageInfo]) -> list[PackageInfo]:
    """The packages ``pair_or_name`` names (a package or folder name, else a pair); none: InputError."""
    wanted = pair_or_name.strip()
    matches = [p for p in packages if wanted in (p.name, p.path.name)]
    if not matches:
        with contextlib.suppress(InputError):
            from_code, to_code = _parse_pair(wanted)
            matches = [p for p in packages if p.from_code == from_code and p.to_code == to_code]
    if not matches:
        installed = ", ".join(p.pair for p in packages) or "none"
        raise InputError(None, f"no installed package matches '{pair_or_name}' (installed: {installed})", "see `l10n models list`")
    return matches
