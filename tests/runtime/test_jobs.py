"""Jobs on Dask: the same dataset-level result whatever the executor (in process, or a LocalCluster of 2 worker
processes) and the chunking; a task's error comes back as its sentence."""

import re

import numpy as np
import pandas as pd
import pytest

pytest.importorskip("distributed")

from modeldash.errors import InputError
from modeldash.runtime import jobs


@pytest.fixture(scope="module")
def cluster():
    yield jobs.get_client()
    jobs.close_clients()


def test_chunks_cover_the_items_in_order():
    assert jobs.chunked([1, 2, 3, 4, 5], 2) == [[1, 2], [3, 4], [5]]
    assert jobs.chunked([1, 2, 3], None) == [[1, 2, 3]]
    assert jobs.chunked([1, 2, 3], 10) == [[1, 2, 3]]
    with pytest.raises(InputError):
        jobs.chunked([1], -1)


@pytest.mark.slow
def test_the_trajectory_table_is_the_same_on_every_executor_and_chunking(cluster):
    from modeldash.analysis.trajectories.service import (
        compare_models,
        compare_models_chunked,
        domain_model_files,
        load_dataset,
    )

    scenes = load_dataset("biwi_eth")
    scenes = scenes.take(np.arange(24))
    files = {k: v for k, v in domain_model_files("eth_ucy").items() if k in ("constant velocity", "social_attn")}
    seen = []
    local = compare_models_chunked(files, scenes, executor="local", progress=lambda d, t: seen.append((d, t)))
    assert seen[-1] == (2, 2)  # one task per model without --chunk
    dask = compare_models_chunked(files, scenes, executor="dask", chunk=5)  # 5 chunks per model on 2 workers
    page = compare_models({"social_attn": files["social_attn"].load()} | _cv(), scenes)  # the page's way
    a, b = local.to_frame(), dask.to_frame()
    pd.testing.assert_frame_equal(a, b, rtol=1e-9)
    pd.testing.assert_frame_equal(a.set_index("model").sort_index(), page.to_frame().set_index("model").sort_index())
    assert local.rows[1].most_social_scene == dask.rows[1].most_social_scene


def _cv():
    from modeldash.models.trajectories import ConstantVelocity

    return {"constant velocity": ConstantVelocity()}


def _refuse(x):
    if x == 3:
        raise InputError("item 3 is not allowed")
    return x * 2


def test_a_failing_task_raises_its_own_sentence(cluster):
    assert jobs.map_chunks(_refuse, [1, 2], executor="dask") == [2, 4]
    with pytest.raises(InputError, match="item 3 is not allowed"):
        jobs.map_chunks(_refuse, [1, 3], executor="dask")
    with pytest.raises(InputError, match="executor must be one of"):
        jobs.map_chunks(_refuse, [1], executor="threads")


@pytest.mark.slow
def test_an_unreachable_scheduler_is_one_sentence():
    with pytest.raises(InputError, match="no Dask scheduler answers at tcp://127.0.0.1:9"):
        jobs.get_client("tcp://127.0.0.1:9")


def _count(n: int, progress=None):
    import time

    for i in range(n):
        time.sleep(0.05)
        progress((i + 1) / n)
    return n


def _no_edges(progress=None):
    raise InputError("the graph has no edges")


def _wait(jobs_, key, timeout=60):
    import time

    end = time.monotonic() + timeout
    while jobs_.state(key).status == "running" and time.monotonic() < end:
        time.sleep(0.1)
    return jobs_.state(key)


def test_a_job_is_found_again_by_its_key_and_the_queue_is_bounded(cluster):
    j = jobs.Jobs(max_running=1, limit_s=60)
    j.submit("a", _count, 40)
    j.submit("a", _count, 40)  # the same inputs: the same job, not a second one
    assert j.state("a").status == "running"
    with pytest.raises(InputError, match="1 job is running on this server"):
        j.submit("b", _count, 1)
    fractions = []
    while (s := j.state("a")).status == "running":
        fractions.append(s.fraction)
    assert j.result("a") == 40 and j.state("a").status == "done"
    assert max(fractions) > 0  # progress reached the page's side while it ran
    j.submit("b", _count, 1)  # the queue has room again
    assert _wait(j, "b").status == "done" and j.result("b") == 1


@pytest.mark.slow
def test_a_failing_or_overlong_job_ends_with_one_sentence(cluster):
    j = jobs.Jobs(limit_s=0.5)
    j.submit("bad", _no_edges)
    state = _wait(j, "bad")
    assert (state.status, state.error) == ("failed", "the graph has no edges")
    j.submit("long", _count, 200)  # 10 s of work, 0.5 s allowed
    state = _wait(j, "long")
    assert state.status == "failed"
    assert re.fullmatch(r"the job was stopped after 0\.[5-9] s; a job may run at most 0\.5 s", state.error)
    j.forget("bad")
    j.submit("bad", _no_edges)  # forgotten: the same inputs can be tried again
    assert _wait(j, "bad").status == "failed"


def test_a_refused_input_comes_back_as_a_value_not_a_worker_traceback(cluster):
    """A job refusing its input returns `Refused` (the worker logs no traceback for a user's bad file) and progress
    is read from the scheduler's metadata, where a job that has not reported yet is 0, not a logged error."""
    got = cluster.submit(jobs.run_reporting, _no_edges, (), "direct", 60.0, pure=False).result()
    assert got == jobs.Refused("the graph has no edges")
    j = jobs.Jobs(limit_s=60)
    assert j._fraction("never-reported") == 0.0
    j.submit("slow", _count, 20)
    assert _wait(j, "slow").status == "done" and cluster.get_metadata("progress-slow") == 1.0
