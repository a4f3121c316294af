"""Machine translation on a Ray cluster: ``l10n translate --cluster ray[://HOST:PORT]``.

The driver (the ``l10n`` process) does everything it does without a cluster – reads the
catalogs, looks the memory up, protects glossary terms, deduplicates, tokenizes and cuts the
length-sorted batches – and only the decoding moves: :class:`RayRunner` hands the batches to a
pool of Ray actors, each of which loads the package's model once on its node (CPU or GPU) and
runs the very decoder call the single process runs (:func:`pipeline.mt.decoding.decode_tokens`).
Each finished batch comes back to the driver, which puts it in the memory at once and, at the
end, restores placeholders and writes the catalogs under the lock, exactly as without a cluster.

* **The model travels in Ray's object store**: the package directory is zipped in memory
  (:func:`pack`), put once with ``ray.put``, and each actor checks its SHA-256 before unpacking
  it into a temporary directory of its node – no shared file system, and a corrupted or
  different package is refused (:func:`unpack`).
* **A dead actor loses nothing**: its batches go back to the queue and another actor decodes
  them; the run fails only when no actor is left.
* **An interrupted run loses nothing finished**: the driver commits each batch to the memory as
  it arrives, so a re-run sends only what is left.

Addresses (:func:`parse_cluster`): ``ray`` starts a Ray instance on this machine for the run
(or uses the one this process is already connected to); ``ray://HOST:PORT`` connects through
Ray Client (``pip install 'ray[client]'``); ``ray:HOST:PORT`` or ``ray:auto`` joins a running
cluster from one of its nodes (``ray start --head`` / ``ray up``).

Ray is imported only here, and this module only when a cluster is asked for.
"""

from __future__ import annotations

import hashlib
import io
import logging
import os
import re
import secrets
import shutil
import socket
import tempfile
import zipfile
from collections import deque
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any, Sequence

from pipeline.core.errors import InputError
from pipeline.mt.decoding import Decoding, decode_tokens, load_translator
from pipeline.mt.devices import DevicePlan, cpu_threads, plan_device
from pipeline.mt.parallel import BatchDone

__all__ = ["ClusterTarget", "PackageBlob", "RayRunner", "pack", "parse_cluster", "preflight", "unpack"]

_HINT = (
    'use "ray" (a Ray instance on this machine), "ray://HOST:PORT" (Ray Client) or "ray:HOST:PORT" (join a cluster from one of its nodes)'
)
#: Batches in flight per actor: the next one waits in the actor's queue while one decodes, so
#: an actor never idles for a round trip.
_SLOTS = 2
#: A Unix socket path is at most 107 bytes, and Ray puts ``session_<date>_<pid>/sockets/…``
#: (about 70 bytes) under its temporary directory.
_MAX_TEMP_DIR = 36


@dataclass(frozen=True)
class ClusterTarget:
    """Where to run: ``address`` None starts (or reuses) a Ray instance on this machine."""

    text: str
    address: str | None = None
    #: The configuration file that named it (None: the command line).
    where: str | Path | None = None

    @property
    def label(self) -> str:
        """How the user wrote it: ``--cluster ray`` or ``cluster = "ray"``."""
        return f"--cluster {self.text}" if self.where is None else f'cluster = "{self.text}"'

    @property
    def client(self) -> bool:
        """Whether the address goes through Ray Client (``ray://``)."""
        return bool(self.address and self.address.startswith("ray://"))


def parse_cluster(text: str, where: str | Path | None = None) -> ClusterTarget:
    """The cluster named by ``text`` (``--cluster`` or ``cluster =`` in ``[tool.l10n]`` at ``where``)."""
    value = str(text).strip()
    if value == "ray":
        return ClusterTarget(value, None, where)
    if re.fullmatch(r"ray://[\w.\-]+:\d+", value):
        return ClusterTarget(value, value, where)
    if value == "ray:auto" or re.fullmatch(r"ray:[\w.\-]+:\d+", value):
        return ClusterTarget(value, value[len("ray:") :], where)
    raise InputError(where, f"cluster {value!r} is not a Ray address", _HINT)


def preflight(target: ClusterTarget) -> None:
    """What can be checked without starting anything: Ray is installed and the address answers.

    For a job that writes other files before it translates (``l10n run``): a cluster that cannot
    be used stops it before the first of them.
    """
    import importlib.util

    try:
        found = importlib.util.find_spec("ray") is not None
    except (ImportError, ValueError):  # ValueError: a module set to None (how tests hide Ray)
        found = False
    if not found:
        _import_ray(target)
    if target.address and target.address != "auto" and not _reachable(target.address):
        raise _unreachable(target)


def _unreachable(target: ClusterTarget) -> InputError:
    address = (target.address or "").removeprefix("ray://")
    return InputError(
        target.where, f"{target.label}: nothing answers at {address}", "start the cluster (ray start --head) or fix the address"
    )


def _reachable(address: str, timeout: float = 3.0) -> bool:
    """Whether something listens at ``HOST:PORT`` (a one-line error beats Ray's minute of retries)."""
    host, _, port = address.rpartition("/")[2].rpartition(":")
    try:
        with socket.create_connection((host, int(port)), timeout=timeout):
            return True
    except OSError:
        return False


@dataclass(frozen=True)
class PackageBlob:
    """A package directory as one zip in memory, and the SHA-256 of those bytes."""

    name: str
    data: bytes
    sha256: str


def pack(directory: Path) -> PackageBlob:
    """Zip ``directory`` (files in sorted order, fixed dates: the same package gives the same bytes)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as archive:
        for path in sorted(p for p in directory.rglob("*") if p.is_file()):
            info = zipfile.ZipInfo(path.relative_to(directory).as_posix(), date_time=(1980, 1, 1, 0, 0, 0))
            archive.writestr(info, path.read_bytes())
    data = buffer.getvalue()
    return PackageBlob(directory.name, data, hashlib.sha256(data).hexdigest())


def unpack(data: bytes, sha256: str, into: Path) -> Path:
    """Check ``data`` against ``sha256`` and extract it into ``into``; ValueError when it differs."""
    found = hashlib.sha256(data).hexdigest()
    if found != sha256:
        raise ValueError(f"the model package arrived with SHA-256 {found}, not {sha256}: refusing to load it")
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        archive.extractall(into)
    return into


class ModelWorker:
    """One Ray actor's state: the package's model, loaded once on the actor's node."""

    def __init__(self, data: bytes, sha256: str, plan: dict):
        self.directory = Path(tempfile.mkdtemp(prefix="l10n-model-"))
        unpack(data, sha256, self.directory)
        self.plan = DevicePlan(**plan)
        self.translator = load_translator(self.directory / "model", self.plan)

    def where(self) -> str:
        """The node and what decodes there (``host: cpu int8_float32``)."""
        return f"{socket.gethostname()}: {self.plan.device} {self.translator.compute_type}"

    def decode(self, batch: list[list[str]], decoding: Decoding) -> list:
        """Decode one batch, exactly as the single process does."""
        return decode_tokens(self.translator, batch, decoding)


def _import_ray(target: ClusterTarget) -> Any:
    try:
        import ray
    except ImportError:
        raise InputError(
            target.where, f"{target.label} needs Ray, which is not installed", "pip install 'l10n-pipeline[cluster]' (Ray 2.40 or later)"
        ) from None
    return ray


class RayRunner:
    """Decode a run's batches on a pool of Ray actors (see the module docstring)."""

    #: The engine loads no translator on the driver.
    local = False

    def __init__(
        self,
        target: ClusterTarget,
        *,
        device: str = "auto",
        compute_type: str = "auto",
        temp_dir: Path | None = None,
        workers: int | None = None,
        threads: int | None = None,
    ):
        """``workers`` caps the actors and ``threads`` sets each one's (default: what fits)."""
        self.target, self.device, self.compute_type = target, device, compute_type
        self.temp_dir, self.workers, self.threads = temp_dir, workers, threads
        self.plan: DevicePlan | None = None
        self.ray: Any = None
        self.retried = 0  # batches sent again after their actor died
        self.where: list[str] = []
        self._actors: list[Any] = []
        self._package: tuple[str, str] | None = None
        self._in_flight: dict[Any, tuple[int, int]] = {}  # object ref -> (actor number, batch position)
        self._started = False  # whether this runner started Ray (and so shuts it down)
        self._environ: dict[str, str | None] = {}
        self._own_temp: Path | None = None
        self._actor_class: Any = None
        self._data: Any = None  # the package's object reference
        self._plan_dict: dict = {}
        self._replaced = 0

    # -- connecting ------------------------------------------------------------------------
    def connect(self) -> "RayRunner":
        """Start or join the cluster and decide the workers' device; InputError when impossible.

        Called before a run writes anything: a missing Ray or an unreachable address stops it clean.
        """
        ray = self.ray = _import_ray(self.target)
        address = self.target.address
        if address and address != "auto" and not _reachable(address):
            raise _unreachable(self.target)
        if not ray.is_initialized():
            try:
                ray.init(**self._init_options(address))
            except (ConnectionError, RuntimeError, ValueError) as error:
                self._restore_environ()
                first = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
                raise InputError(self.target.where, f"{self.target.label}: cannot connect ({first})", _HINT) from None
            self._started = True
        self._plan_workers([node.get("Resources", {}) for node in ray.nodes() if node.get("Alive")])
        return self

    def _plan_workers(self, nodes: list[dict]) -> None:
        """The workers' device plan and how many actors: one per GPU, or on CPUs as many as fit
        with the threads :func:`cpu_threads` gives a replica on the smallest node."""
        gpus = sum(int(node.get("GPU", 0)) for node in nodes)
        device = self.device if self.device != "auto" else ("cuda" if gpus else "cpu")
        if device == "cuda" and not gpus:
            raise InputError(None, f"--device cuda: the cluster {self.target.text} has no GPU", "use --device cpu or auto")
        if device == "cuda":
            self.plan = plan_device("cuda", self.compute_type, gpus=1)
            self.workers = max(1, min(self.workers or gpus, gpus))
            return
        cpus = [int(node.get("CPU", 0)) for node in nodes if node.get("CPU", 0) >= 1] or [1]
        threads = self.threads or cpu_threads(min(cpus))[1]
        self.plan = plan_device("cpu", self.compute_type, cores=threads, replicas=1)
        fit = max(1, sum(count // threads for count in cpus))
        self.workers = max(1, min(self.workers or fit, fit))

    def _init_options(self, address: str | None) -> dict:
        options: dict[str, Any] = {"log_to_driver": False, "logging_level": logging.ERROR, "include_dashboard": False}
        self._set_environ("RAY_USAGE_STATS_ENABLED", "0")  # offline: no usage report
        if address:
            return {**options, "address": address}
        # A Ray instance for this run only: on the loopback interface, its files in the project's
        # .l10n/ (or a short temporary directory), and a token of its own in the environment, so
        # Ray neither looks for the network (8.8.8.8) nor writes ~/.ray/auth_token.
        # (Ray turns token mode on for a new local instance itself, and would write a token to
        # ~/.ray unless one is in the environment; RAY_AUTH_MODE is restored at close.)
        if not any(name in os.environ for name in ("RAY_AUTH_MODE", "RAY_AUTH_TOKEN", "RAY_AUTH_TOKEN_PATH")):
            self._environ.setdefault("RAY_AUTH_MODE", None)
            self._set_environ("RAY_AUTH_TOKEN", secrets.token_hex(16))
        temp = self.temp_dir
        if temp is None or len(str(temp.resolve())) > _MAX_TEMP_DIR:
            # /tmp itself, not $TMPDIR: a long temporary directory would be as bad as a long project path.
            temp = self._own_temp = Path(tempfile.mkdtemp(prefix="l10n-ray-", dir="/tmp" if os.path.isdir("/tmp") else None))
        temp.mkdir(parents=True, exist_ok=True)
        return {
            **options,
            "num_cpus": self.workers or os.cpu_count() or 1,
            "_node_ip_address": "127.0.0.1",
            "_temp_dir": str(temp.resolve()),
        }

    def _set_environ(self, name: str, value: str) -> None:
        self._environ.setdefault(name, os.environ.get(name))
        os.environ[name] = value

    def _restore_environ(self) -> None:
        for name, value in self._environ.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value
        self._environ.clear()

    def describe(self) -> str:
        """What the work runs on, for the user."""
        plan = self.plan.provenance() if self.plan else "?"
        threads = f", {self.plan.intra_threads} threads each" if self.plan and self.plan.intra_threads > 1 else ""
        return f"Ray cluster {self.target.text}: {self.workers} worker{'s' if self.workers != 1 else ''} ({plan}{threads})"

    # -- the pool --------------------------------------------------------------------------
    def _pool(self, package: Any) -> list[Any]:
        """The actors for ``package``, started (and the model shipped) once per package."""
        blob = pack(package.path)
        if self._package == (str(package.path), blob.sha256) and self._actors:
            return self._actors
        self._kill_actors()
        ray, plan = self.ray, self.plan
        assert plan is not None, "connect() first"
        resources = {"num_gpus": 1, "num_cpus": 1} if plan.device == "cuda" else {"num_cpus": plan.intra_threads}
        actor_class = ray.remote(**resources)(ModelWorker)
        data = ray.put(blob.data)  # once in the object store; every node fetches it from there
        self._actor_class, self._data, self._plan_dict = actor_class, data, asdict(plan)
        self._actors = [actor_class.remote(data, blob.sha256, self._plan_dict) for _ in range(self.workers or 1)]
        try:
            self.where = ray.get([actor.where.remote() for actor in self._actors])
        except ray.exceptions.RayError as error:
            self._kill_actors()
            raise InputError(
                package.path, f"the Ray workers cannot load the model: {_first_line(error)}", "see the Ray worker logs"
            ) from None
        self._package = (str(package.path), blob.sha256)
        return self._actors

    def _replace(self, number: int) -> list[int]:
        """Start an actor in place of dead actor ``number`` (at most one per worker per run);
        the free slots of the new one, or none when the budget is spent."""
        if self._replaced >= (self.workers or 1):
            return []
        self._replaced += 1
        self._actors.append(self._actor_class.remote(self._data, self._package[1] if self._package else "", self._plan_dict))
        return [len(self._actors) - 1] * _SLOTS

    def busy_actors(self) -> list[Any]:
        """The actors with a batch in flight (for tests that kill one mid-run)."""
        return [self._actors[number] for number, _ in self._in_flight.values()]

    def run(self, translator: Any, package: Any, batches: Sequence[list[list[str]]], decoding: Decoding, done: BatchDone) -> None:
        """Decode every batch on the actors; ``done`` is told each finished batch as it arrives.

        A batch whose actor died goes back to the queue for another actor; the run fails only
        when every actor is dead.
        """
        ray = self.ray
        actors = self._pool(package)
        queue = deque(range(len(batches)))
        self._replaced = 0
        free = [number for number in range(len(actors)) for _ in range(_SLOTS)]
        dead: set[int] = set()
        self._in_flight = {}
        while queue or self._in_flight:
            while queue and free:
                number, position = free.pop(0), queue.popleft()
                self._in_flight[actors[number].decode.remote(batches[position], decoding)] = (number, position)
            if not self._in_flight:
                raise InputError(
                    None,
                    f"every Ray worker of {self.target.text} died; {len(queue)} batches left undone",
                    "see the Ray logs; a re-run sends only what is left",
                )
            (ready,), _ = ray.wait(list(self._in_flight), num_returns=1)
            number, position = self._in_flight.pop(ready)
            try:
                decoded = ray.get(ready)
            except ray.exceptions.RayActorError:
                self.retried += 1
                queue.appendleft(position)  # another actor decodes it
                if number not in dead:
                    dead.add(number)
                    free = [n for n in free if n not in dead] + self._replace(number)
                continue
            free.append(number)
            done(position, decoded)
        # The next run (the next locale) starts with the living actors only.
        self._actors[:] = [actor for number, actor in enumerate(self._actors) if number not in dead]

    def _kill_actors(self) -> None:
        for actor in self._actors:
            try:
                self.ray.kill(actor)
            except Exception:  # noqa: BLE001 - already gone is fine
                pass
        self._actors, self._package = [], None

    def close(self) -> None:
        """Stop the actors; shut down the Ray instance this runner started; restore the environment."""
        if self.ray is None:
            return
        self._kill_actors()
        if self._started:
            self.ray.shutdown()
            self._started = False
        self._restore_environ()
        if self._own_temp is not None:
            shutil.rmtree(self._own_temp, ignore_errors=True)
            self._own_temp = None


def _first_line(error: BaseException) -> str:
    lines = [line for line in str(error).splitlines() if line.strip()]
    return lines[-1].strip() if lines else type(error).__name__
