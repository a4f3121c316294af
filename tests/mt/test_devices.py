"""Where CTranslate2 decodes (pipeline.mt.devices), the job-wide progress (pipeline.mt.progress),
and what the translate command says and records about the device."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from argos_fixture import argos_archive  # noqa: F401  (a pytest fixture)
from pipeline.core.config import load_config
from pipeline.core.errors import InputError
from pipeline.mt import packages as models
from pipeline.mt.devices import DevicePlan, cpu_threads, plan_device
from pipeline.mt.job import translate
from pipeline.mt.progress import JobProgress

CPU_TYPES = {"int8", "int8_float32", "float32"}  # what CTranslate2 offers on an x86 CPU
GPU_TYPES = {"int8", "int8_float16", "int8_float32", "float16", "float32"}  # on a recent GPU


def offers(cpu: set[str] = CPU_TYPES, cuda: set[str] = GPU_TYPES):
    return lambda device: {"cpu": cpu, "cuda": cuda}[device]


def test_auto_picks_the_gpu_when_there_is_one_and_its_fastest_compute_type():
    plan = plan_device("auto", "auto", gpus=2, supported=offers(), cores=8)
    assert plan == DevicePlan("cuda", "int8_float16", 2, 1, 256, 16384)  # one replica per GPU, wide batches
    assert plan.provenance() == "cuda int8_float16"
    assert plan_device("auto", "auto", gpus=1, supported=offers(cuda={"float32", "float16"})).compute_type == "float16"


def test_auto_without_a_gpu_is_the_cpu_with_int8_weights_and_every_core():
    plan = plan_device("auto", "auto", gpus=0, supported=offers(), cores=8)
    assert plan == DevicePlan("cpu", "int8_float32", 2, 4, 64, 4096)
    assert plan.describe() == "cpu int8_float32, 2 translators × 4 threads, batches of ≤ 64 sentences / 4096 tokens"
    assert plan_device("cpu", "int8", supported=offers()).compute_type == "int8_float32"  # what CTranslate2 runs for int8
    assert plan_device("cpu", "auto", supported=offers(cpu={"float32"})).compute_type == "float32"


@pytest.mark.parametrize(("cores", "threads"), [(1, (1, 1)), (2, (1, 2)), (4, (1, 4)), (8, (2, 4)), (16, (4, 4)), (64, (16, 4))])
def test_cpu_replicas_times_threads_use_every_core(cores, threads):
    assert cpu_threads(cores) == threads
    assert threads[0] * threads[1] == cores


def test_one_replica_is_one_translator_with_every_core():
    assert plan_device("cpu", replicas=1, cores=8) == DevicePlan("cpu", "int8_float32", 1, 8, 64, 4096)
    assert plan_device("cpu", replicas=2, cores=2) == DevicePlan("cpu", "int8_float32", 2, 1, 64, 4096)


def test_cuda_without_a_gpu_and_an_unsupported_compute_type_are_refused():
    with pytest.raises(InputError, match="--device cuda: CTranslate2 finds no CUDA device here; use --device cpu"):
        plan_device("cuda", gpus=0)
    with pytest.raises(InputError, match="--compute-type float16 is not supported on cpu here; use auto or one of: float32, int8"):
        plan_device("cpu", "float16", supported=offers())


# -- progress --------------------------------------------------------------------------------------


def test_progress_adds_every_locale_up_and_says_rate_and_time_left():
    now = [100.0]
    progress = JobProgress(interval=10, clock=lambda: now[0])
    az, ru = progress.for_locale("az"), progress.for_locale("ru")
    az(0, 300)
    ru(0, 100)
    assert progress.due_line() is None  # not yet 10 s
    now[0] += 10
    az(60, 300)
    ru(20, 100)
    assert progress.due_line() == "translate: 80/400 sentences (20%), 8.0 sentences/s, 0:00:40 left"
    now[0] += 5
    assert progress.due_line() is None  # one line per interval, for logs
    now[0] += 5
    az(300, 300)
    ru(100, 100)
    assert progress.due_line() == "translate: 400/400 sentences (100%), 20.0 sentences/s, 0:00:00 left"


# -- the job on the test package ------------------------------------------------------------------------


def l10n(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k != "L10N_DEBUG"}
    env["XDG_CACHE_HOME"] = str(cwd / ".cache")
    return subprocess.run([sys.executable, "-m", "pipeline", *args], cwd=cwd, capture_output=True, text=True, env=env, timeout=120)


@pytest.fixture()
def project(tmp_path, argos_archive):  # noqa: F811
    (tmp_path / "corpus").mkdir()
    (tmp_path / "corpus" / "a.txt").write_text("The town was attacked.\n\nMany people died in 1992.\n", encoding="utf-8")
    (tmp_path / "l10n.toml").write_text('locales = ["az"]\ncorpus = "corpus"\n', encoding="utf-8")
    assert l10n("update", "--no-glossary", cwd=tmp_path).returncode == 0
    models.install_from_file(argos_archive, tmp_path / "models")
    return tmp_path


def test_translate_prints_the_device_and_records_it_in_the_drafts(project):
    result = l10n("translate", "--no-glossary", "--models-dir", "models", "--device", "cpu", "--compute-type", "int8", cwd=project)
    assert result.returncode == 0, result.stderr
    replicas, threads = cpu_threads(os.cpu_count() or 1)
    assert f"decoded on cpu int8_float32, {replicas} translator{'s' * (replicas > 1)} × {threads} thread" in result.stdout
    catalog = (project / "locales" / "az" / "LC_MESSAGES" / "a.po").read_text(encoding="utf-8")
    assert catalog.count("# MT: argos translate-en_az 1.9 on cpu int8_float32, score ") == 2


def test_a_device_the_machine_lacks_is_exit_2_in_one_line_before_anything_is_written(project):
    if _gpus():
        pytest.skip("a CUDA device is present here: --device cuda would work")
    before = (project / "locales" / "az" / "LC_MESSAGES" / "a.po").read_bytes()
    result = l10n("translate", "--no-glossary", "--models-dir", "models", "--device", "cuda", cwd=project)
    assert (result.returncode, result.stdout) == (2, "")
    assert (
        result.stderr == "l10n: --device cuda: CTranslate2 finds no CUDA device here; use --device cpu (or auto, which falls back to it)\n"
    )
    assert (project / "locales" / "az" / "LC_MESSAGES" / "a.po").read_bytes() == before
    assert not (project / ".l10n" / "tm.sqlite").exists()


def _gpus() -> int:
    try:
        import ctranslate2
    except ImportError:
        return 0
    return ctranslate2.get_cuda_device_count()


@pytest.mark.skipif(_gpus() == 0, reason="no CUDA device found: ctranslate2.get_cuda_device_count() is 0 on this machine")
def test_on_a_gpu_auto_decodes_there_and_says_so(project):
    [result] = translate(load_config(project), "argos", project / "models", device="auto")
    assert result.stats.device.startswith("cuda ") and result.stats.drafts_written == 2
    catalog = (project / "locales" / "az" / "LC_MESSAGES" / "a.po").read_text(encoding="utf-8")
    assert f"on {result.stats.device}, score" in catalog
