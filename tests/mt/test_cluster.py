"""Machine translation on a Ray cluster (pipeline.mt.cluster): the same drafts and memory as one process.

One local Ray instance serves the whole module (``ray.init`` costs seconds), on the loopback
interface, its files and its token inside the test's tmp directory, with 2 CPUs; the runs ask
for one thread a worker (``threads=1``), so the pool has two actors.
The corpus is translated with the tiny test package in batches of 8 sentences (about fifteen
batches), once in one process and then through the cluster – plainly, with an actor killed
mid-run, and cut short then run again.  The failure paths of ``--cluster`` go through the
command line and start no Ray at all.
"""

from __future__ import annotations

import os
import secrets
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from argos_fixture import argos_archive  # noqa: F401  (a pytest fixture)
from pipeline.core.config import load_config
from pipeline.mt import packages as models
from pipeline.mt.cluster import RayRunner, pack, parse_cluster, unpack
from pipeline.core.errors import InputError
from pipeline.mt.job import translate

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT / "corpus"
BATCH = 8  # sentences per batch: the corpus makes about fifteen, enough to kill an actor mid-run

ray = pytest.importorskip("ray")


def l10n(*args: str, cwd: Path, prelude: str = "") -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k != "L10N_DEBUG"}
    env["XDG_CACHE_HOME"] = str(cwd / ".cache")
    code = f"import sys\n{prelude}\nfrom pipeline.cli import main\nsys.argv = ['l10n', *sys.argv[1:]]\nmain()"
    return subprocess.run([sys.executable, "-c", code, *args], cwd=cwd, capture_output=True, text=True, env=env, timeout=120)


@pytest.fixture(scope="module")
def ray_cluster(tmp_path_factory):
    """A local Ray instance for the module: 2 CPUs, loopback only, files and token in tmp."""
    saved = {name: os.environ.get(name) for name in ("RAY_AUTH_MODE", "RAY_AUTH_TOKEN", "RAY_USAGE_STATS_ENABLED")}
    # Ray turns token auth on for a new local instance; a token in the environment keeps it from
    # writing one to ~/.ray.
    os.environ.pop("RAY_AUTH_MODE", None)
    os.environ.update(RAY_AUTH_TOKEN=secrets.token_hex(16), RAY_USAGE_STATS_ENABLED="0")
    temp = tmp_path_factory.mktemp("ray")
    ray.init(num_cpus=2, include_dashboard=False, _node_ip_address="127.0.0.1", _temp_dir=str(temp), log_to_driver=False)
    yield
    ray.shutdown()
    for name, value in saved.items():
        os.environ.pop(name, None) if value is None else os.environ.__setitem__(name, value)


@pytest.fixture(scope="module")
def fresh_project(tmp_path_factory, argos_archive):  # noqa: F811
    """The corpus, its az catalogs made by ``l10n update``, and the package: nothing translated yet."""
    root = tmp_path_factory.mktemp("project")
    shutil.copytree(CORPUS, root / "corpus")
    (root / "l10n.toml").write_text('locales = ["az"]\ncorpus = "corpus"\n', encoding="utf-8")
    assert l10n("update", "--no-glossary", cwd=root).returncode == 0
    models.install_from_file(argos_archive, root / "models")
    return root


@pytest.fixture()
def project(fresh_project, tmp_path):
    """A copy of the fresh project, for one run to change."""
    return Path(shutil.copytree(fresh_project, tmp_path / "project"))


def outcome(root: Path) -> tuple[dict, list]:
    """Every catalog's bytes, and every row of the memory but the time it was stored."""
    catalogs = {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted((root / "locales").rglob("*.po"))}
    with sqlite3.connect(root / ".l10n" / "tm.sqlite") as db:
        rows = db.execute("SELECT engine, package, version, locale, glossary_version, source, target, score FROM sentences").fetchall()
    return catalogs, sorted(rows)


def memory_rows(root: Path) -> int:
    with sqlite3.connect(root / ".l10n" / "tm.sqlite") as db:
        return db.execute("SELECT count(*) FROM sentences").fetchone()[0]


@pytest.fixture(scope="module")
def single_process(fresh_project, tmp_path_factory):
    """The reference: the corpus translated in this process (replicas on this machine's cores)."""
    root = Path(shutil.copytree(fresh_project, tmp_path_factory.mktemp("single") / "project"))
    [result] = translate(load_config(root), "argos", root / "models", max_batch=BATCH)
    assert result.stats.sent_to_engine > 4 * BATCH and result.stats.drafts_written > 0
    return outcome(root)


def watching_runners(monkeypatch) -> list[RayRunner]:
    """The cluster runners the job makes, as it connects them."""
    made: list[RayRunner] = []
    connect = RayRunner.connect
    monkeypatch.setattr(RayRunner, "connect", lambda self: made.append(self) or connect(self))
    return made


def test_a_cluster_run_writes_the_catalogs_and_memory_of_a_single_process_run(ray_cluster, project, single_process, monkeypatch):
    runners = watching_runners(monkeypatch)
    [result] = translate(load_config(project), "argos", project / "models", cluster="ray", max_batch=BATCH, threads=1)
    assert outcome(project) == single_process
    assert result.stats.workers == "Ray cluster ray: 2 workers (cpu int8_float32)"
    assert "MT: argos translate-en_az 1.9 on cpu int8_float32, score" in (project / "locales" / "az" / "LC_MESSAGES").joinpath(
        sorted(p.name for p in (project / "locales" / "az" / "LC_MESSAGES").glob("*.po"))[0]
    ).read_text(encoding="utf-8")
    [runner] = runners
    assert len(runner.where) == 2 and all(where.endswith(": cpu int8_float32") for where in runner.where)
    assert ray.util.list_named_actors() == [] and not runner._actors  # the job stopped its actors


def test_a_killed_actor_s_batches_are_decoded_by_another_and_nothing_changes(ray_cluster, project, single_process, monkeypatch):
    runners = watching_runners(monkeypatch)
    killed = []

    def on_progress(locale):
        def update(done, total):
            busy = runners[0].busy_actors() if runners else []
            if done and busy and not killed:  # a batch came back; another is being decoded: kill its actor
                ray.kill(busy[0], no_restart=True)
                killed.append(busy[0])

        return update

    translate(load_config(project), "argos", project / "models", on_progress=on_progress, cluster="ray", max_batch=BATCH, threads=1)
    assert killed and runners[0].retried >= 1
    assert outcome(project) == single_process


class Interrupted(Exception):
    """Stands for Ctrl-C or a lost driver."""


def test_an_interrupted_cluster_run_keeps_what_finished_and_the_rerun_sends_only_the_rest(ray_cluster, project, single_process):
    def on_progress(locale):
        def update(done, total):
            if done >= 3 * BATCH:
                raise Interrupted

        return update

    with pytest.raises(Interrupted):
        translate(load_config(project), "argos", project / "models", on_progress=on_progress, cluster="ray", max_batch=BATCH, threads=1)
    kept = memory_rows(project)
    total = len(single_process[1])
    assert 3 * BATCH <= kept < total
    [again] = translate(load_config(project), "argos", project / "models", cluster="ray", max_batch=BATCH, threads=1)
    assert again.stats.sent_to_engine == total - kept and again.stats.memory_hits >= kept
    assert outcome(project) == single_process


# -- the model's journey, and the addresses ------------------------------------------------------


def test_the_package_travels_as_checksummed_bytes_and_a_changed_byte_is_refused(fresh_project, tmp_path):
    package = next((fresh_project / "models").iterdir())
    blob = pack(package)
    assert pack(package) == blob  # the same package: the same bytes, the same checksum
    unpacked = unpack(blob.data, blob.sha256, tmp_path / "ok")
    assert sorted(p.relative_to(unpacked).as_posix() for p in unpacked.rglob("*") if p.is_file()) == sorted(
        p.relative_to(package).as_posix() for p in package.rglob("*") if p.is_file()
    )
    damaged = blob.data[:-1] + bytes([blob.data[-1] ^ 1])
    with pytest.raises(ValueError, match="refusing to load it"):
        unpack(damaged, blob.sha256, tmp_path / "bad")
    assert not (tmp_path / "bad").exists()


@pytest.mark.parametrize(
    ("text", "address"),
    [("ray", None), ("ray://head.example:10001", "ray://head.example:10001"), ("ray:10.0.0.5:6379", "10.0.0.5:6379"), ("ray:auto", "auto")],
)
def test_cluster_addresses(text, address):
    assert parse_cluster(text).address == address


@pytest.mark.parametrize("text", ["dask://x:1", "ray://nohost", "ray:", "10.0.0.5:6379"])
def test_a_cluster_address_that_is_not_ray_is_refused(text):
    with pytest.raises(InputError, match=f"cluster '{text}' is not a Ray address; use \"ray\""):
        parse_cluster(text)


@pytest.mark.parametrize(
    ("args", "config", "prelude", "message"),
    [
        (["--cluster", "ray:127.0.0.1:1"], "", "", "--cluster ray:127.0.0.1:1: nothing answers at 127.0.0.1:1; start the cluster"),
        ([], 'cluster = "ray://127.0.0.1:1"\n', "", 'l10n.toml: cluster = "ray://127.0.0.1:1": nothing answers at 127.0.0.1:1; start the'),
        (["--cluster", "ray"], "", "sys.modules['ray'] = None", "--cluster ray needs Ray, which is not installed; pip install"),
        (["--cluster", "dask"], "", "", "cluster 'dask' is not a Ray address; use \"ray\""),
    ],
)
def test_a_cluster_that_cannot_be_used_is_exit_2_in_one_line_with_nothing_written(project, args, config, prelude, message):
    if config:
        (project / "l10n.toml").write_text((project / "l10n.toml").read_text(encoding="utf-8") + config, encoding="utf-8")
    before = {p: p.read_bytes() for p in (project / "locales").rglob("*.po")}
    result = l10n("translate", "--no-glossary", "--models-dir", str(project / "models"), *args, cwd=project, prelude=prelude)
    assert result.returncode == 2 and result.stdout == ""
    assert len(result.stderr.splitlines()) == 1 and message in result.stderr, result.stderr
    assert {p: p.read_bytes() for p in (project / "locales").rglob("*.po")} == before
    assert sorted(p.name for p in (project / ".l10n").iterdir()) == ["update-state.json"]  # no memory, no Ray files


def test_update_imports_neither_ray_nor_ctranslate2(project):
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    from benchmarks.bench_startup import imported_modules

    probe = imported_modules(["update", "--no-glossary"], project / ".cache", ("ray", "ctranslate2", "sentencepiece"), cwd=project)
    assert (probe["exit"], probe["loaded"]) == (0, [])


def test_the_node_estimate_is_the_nodes_rate_less_the_round_trips_up_to_what_the_driver_can_feed():
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    from benchmarks.bench_cluster import estimate

    # A node: 2 sentences/s, so 8 s a 16-sentence batch; a 0.8 s round trip costs a tenth of that.
    assert estimate(2.0, 0.001, 16, 0.8, 10) == pytest.approx(10 * 2.0 * 8 / 8.8)
    assert estimate(2.0, 0.001, 16, 0.8, 100_000) == pytest.approx(1000)  # the driver's 1 ms a sentence caps it


def test_run_refuses_an_unusable_cluster_before_it_writes_its_first_file(tmp_path):
    (tmp_path / "corpus").mkdir()
    (tmp_path / "corpus" / "a.txt").write_text("The town was attacked.\n", encoding="utf-8")
    (tmp_path / "l10n.toml").write_text('locales = ["az"]\ncorpus = "corpus"\ncluster = "ray:127.0.0.1:1"\n', encoding="utf-8")
    result = l10n("run", "--no-glossary", cwd=tmp_path)
    assert (result.returncode, result.stdout) == (2, "")
    assert result.stderr == (
        f'l10n: {tmp_path / "l10n.toml"}: cluster = "ray:127.0.0.1:1": nothing answers at 127.0.0.1:1; '
        "start the cluster (ray start --head) or fix the address\n"
    )
    assert sorted(p.name for p in tmp_path.iterdir()) == [".cache", "corpus", "l10n.toml"]


def test_the_command_line_starts_a_ray_of_its_own_leaves_no_files_behind_and_says_where_it_decoded(project, single_process, tmp_path):
    """``l10n translate --cluster ray`` in a fresh process: Ray's files in a short folder removed
    afterwards, no token written to the home directory, every sentence drafted, the workers named."""
    home = tmp_path / "home"
    home.mkdir()
    env = {k: v for k, v in os.environ.items() if not k.startswith("RAY_") and k != "L10N_DEBUG"}
    env.update(HOME=str(home), XDG_CACHE_HOME=str(project / ".cache"))
    command = [sys.executable, "-m", "pipeline", "translate", "--no-glossary", "--models-dir", "models", "--cluster", "ray"]
    before = set(Path("/tmp").glob("l10n-ray-*"))
    result = subprocess.run(command, cwd=project, capture_output=True, text=True, env=env, timeout=300)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[-1].startswith("decoded on Ray cluster ray: ")
    assert list(home.iterdir()) == []  # no ~/.ray/auth_token
    # Ray's sockets live under its folder, and a socket path has at most 107 bytes: a project this
    # deep gets a short folder in /tmp instead of .l10n/ray, removed when the run ends.
    assert len(str(project / ".l10n" / "ray")) > 36 and not (project / ".l10n" / "ray").exists()
    assert set(Path("/tmp").glob("l10n-ray-*")) <= before
    catalogs, rows = outcome(project)
    # Batches of the default 64 here, not 8: other noise from the random model, the same sentences.
    assert sorted(row[5] for row in rows) == sorted(row[5] for row in single_process[1])
    assert all(b"# MT: argos translate-en_az 1.9 on cpu int8_float32, score" in data for data in catalogs.values())
