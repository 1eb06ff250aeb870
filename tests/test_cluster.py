"""The documented cluster recipe, as a user runs it: a real `dask scheduler` and `dask worker` started by their
command-line tools from a folder outside the checkout (loopback only, bounded, stopped by PID), and
`python -m modeldash precompute` on them. A cluster that cannot import the project gets one sentence."""

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pytest

ROOT = Path(__file__).resolve().parents[1]
pytestmark = pytest.mark.slow


def _installed(cwd: Path) -> bool:
    """The project is importable outside the checkout (the README's `pip install -e .`)."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    out = subprocess.run([sys.executable, "-c", "import modeldash"], cwd=cwd, env=env, capture_output=True)
    return out.returncode == 0


def _start(args, cwd, env) -> subprocess.Popen:
    return subprocess.Popen(
        args, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True
    )


def _stop(procs) -> None:
    for p in procs:
        if p.poll() is None:
            os.killpg(p.pid, signal.SIGTERM)
    for p in procs:
        try:
            p.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(p.pid, signal.SIGKILL)
            p.wait(timeout=10)


def _cluster(folder: Path, env: dict, n_workers: int = 2):
    """A scheduler and workers by the command-line tools, on loopback; (address, processes)."""
    dask = str(Path(sys.executable).with_name("dask"))
    dask = dask if Path(dask).exists() else "dask"
    file = folder / "scheduler.json"
    procs = [
        _start([dask, "scheduler", "--host", "127.0.0.1", "--port", "0", "--no-dashboard", "--scheduler-file",
                str(file)], folder, env)
    ]  # fmt: skip
    deadline = time.monotonic() + 60
    while not file.exists() and time.monotonic() < deadline:
        time.sleep(0.5)
    assert file.exists(), "the scheduler did not start in 60 s"
    procs.append(
        _start([dask, "worker", "--scheduler-file", str(file), "--nworkers", str(n_workers), "--nthreads", "1",
                "--host", "127.0.0.1", "--no-dashboard"], folder, env)
    )  # fmt: skip
    address = json.loads(file.read_text())["address"]
    from distributed import Client

    with Client(address, timeout="30s") as c:
        c.wait_for_workers(n_workers, timeout=90)
    return address, procs


def test_precompute_runs_on_a_cluster_started_from_outside_the_checkout(tmp_path):
    if not _installed(tmp_path):
        pytest.skip("cluster test skipped: modeldash is not installed (pip install -e . — the README's commands do)")
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    env["DASK_DISTRIBUTED__NANNY__PRE_SPAWN_ENVIRON__MALLOC_TRIM_THRESHOLD_"] = "None"
    address, procs = _cluster(tmp_path, env)
    try:
        store = tmp_path / "store"
        out = subprocess.run(
            [sys.executable, "-m", "modeldash", "precompute", "trajectories", "--dataset", "uni_examples",
             "--executor", "dask", "--scheduler", address, "--chunk", "20", "--store", str(store), "--json"],
            cwd=tmp_path, env=env, capture_output=True, text=True, timeout=600,
        )  # fmt: skip
        assert out.returncode == 0, out.stderr[-1500:]
        (row,) = json.loads(out.stdout)["rows"]
        assert row["origin"] == "computed" and "Traceback" not in out.stderr
        # the table computed on the cluster is the shipped one (computed in one process on another machine)
        from modeldash.analysis import store as st

        (f,) = store.glob("trajectories-*.parquet")
        shipped = ROOT / "modeldash" / "models" / "results"
        got, want = st.read_object(store, f.stem)[0], st.read_object(shipped, f.stem)[0]
        assert got.n_scenes == want.n_scenes and len(got.rows) == len(want.rows)
        for a, b in zip(got.rows, want.rows):
            assert a.summary.model == b.summary.model
            assert np.isclose(a.ade, b.ade, rtol=1e-6)
            assert np.isclose(a.summary.social.value, b.summary.social.value, atol=1e-6)
    finally:
        _stop(procs)


def test_a_cluster_that_cannot_import_the_project_is_one_sentence(tmp_path):
    """Workers and a scheduler that find a broken `modeldash` first on their path: the CLI says so in one
    sentence and exits 2, with no traceback."""
    shadow = tmp_path / "shadow" / "modeldash"
    shadow.mkdir(parents=True)
    (shadow / "__init__.py").write_text("raise ImportError('not this project')\n")
    env = dict(os.environ, PYTHONPATH=str(shadow.parent))
    address, procs = _cluster(tmp_path, env, n_workers=1)
    try:
        out = subprocess.run(
            [sys.executable, "-m", "modeldash", "precompute", "trajectories", "--dataset", "uni_examples",
             "--executor", "dask", "--scheduler", address, "--store", str(tmp_path / "store"), "--json"],
            cwd=ROOT, capture_output=True, text=True, timeout=300,
        )  # fmt: skip
        assert out.returncode == 2 and "Traceback" not in out.stderr, out.stderr[-1500:]
        assert "cannot import modeldash" in out.stderr and "pip install -e ." in out.stderr
    finally:
        _stop(procs)
