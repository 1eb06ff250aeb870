"""The tools of `python -m modeldash` — precompute, store, claims — and the training command, as a user runs them."""

import json

import pytest

from tests.clirun import ROOT, tiny_npz
from tests.clirun import run as _run


@pytest.mark.slow
def test_training_quick_writes_a_loadable_entry(tmp_path):
    _run("modeldash.models.train", "diva", "--quick", "--zoo", str(tmp_path), timeout=300)
    from modeldash.models.zoo import load_model

    manifest, _ = load_model("digits_cnn", tmp_path)
    assert manifest.training["quick"] is True and 0 <= manifest.metrics["test_accuracy"] <= 1


@pytest.mark.slow
def test_training_on_a_given_npz_writes_loadable_entries(tmp_path):
    from modeldash.models.training.coldstart import train_npz
    from modeldash.models.zoo import load_model

    made = train_npz(tiny_npz(tmp_path / "g.npz"), quick=True, zoo=tmp_path / "zoo")
    roles = ("teacher", "gcn", "sage", "mlp", "coldbrew", "coldbrew_novn")
    assert {m.name for m in made} == {f"coldstart_g_{r}" for r in roles}
    assert {m.dataset["protocol"] for m in made} == {"paper"}
    manifest, model = load_model("coldstart_g_coldbrew", tmp_path / "zoo")
    assert manifest.extra["study"] and manifest.dataset["name"] == "g"


def test_store_lists_its_results_from_their_footers(tmp_path):
    import shutil

    copied = list((ROOT / "modeldash" / "models" / "results").glob("diva-*.parquet"))
    for f in copied:
        shutil.copy(f, tmp_path)
    (tmp_path / "series-0.parquet").write_bytes(b"not parquet")
    rows = json.loads(_run("modeldash", "store", "--json", "--store", str(tmp_path)).stdout)["rows"]
    assert [r["view"] for r in rows] == ["diva"] * len(copied) + ["unreadable"]
    assert rows[0]["arrays"] > 0 and rows[0]["computed_at"].endswith("UTC") and rows[0]["store"] == str(tmp_path)


@pytest.mark.slow
def test_precompute_on_dask_fills_the_store_then_reads_it(tmp_path):
    """`precompute diva --executor dask`: a task on a 2-worker LocalCluster writes the report; the same report as
    computed in process; a second run reads it."""
    import numpy as np

    from modeldash.analysis import store

    args = ("modeldash", "precompute", "diva", "--json", "--store")
    first = json.loads(_run(*args, str(tmp_path / "d"), "--executor", "dask", timeout=600).stdout)["rows"]
    want = [("diva", f"digits_cnn@{s}", "computed") for s in range(5)]  # the page's seed 0 and the claim's five
    assert [(r["view"], r["dataset"], r["origin"]) for r in first] == want
    again = json.loads(_run(*args, str(tmp_path / "d"), "--executor", "dask", timeout=600).stdout)["rows"]
    assert {r["origin"] for r in again} == {"store"}
    _run(*args, str(tmp_path / "l"), "--executor", "local", timeout=600)  # in process
    keys = list(store.index(tmp_path / "d").key)
    assert len(keys) == 5 and keys == list(store.index(tmp_path / "l").key)
    for key in keys:
        a, b = store.read_object(tmp_path / "d", key)[0], store.read_object(tmp_path / "l", key)[0]
        np.testing.assert_allclose(a.reweighting.weights, b.reweighting.weights, atol=1e-9)
        assert a.noisy_auroc == b.noisy_auroc


@pytest.mark.slow
def test_claims_data_adds_verdicts_for_a_graph_and_a_trajectory_file(tmp_path):
    """`claims --data FILE` adds the claims on a researcher's file beside the bundled ones: a .npz graph (every
    model trained on it, 3 seeds, quick settings here) and an ETH/UCY file (the zoo's pedestrian models on its
    scenes)."""
    from conftest import SHIPPED_STORE
    from modeldash.data.trajectories import BUNDLED

    lines = (BUNDLED / "biwi_hotel.txt").read_text().splitlines()
    (tmp_path / "hotel_part.txt").write_text("\n".join(lines[:1500]) + "\n")
    graph = tiny_npz(tmp_path / "mygraph.npz")
    store = tmp_path / "store"
    store.mkdir()
    for f in SHIPPED_STORE.glob("diva-*.parquet"):
        (store / f.name).write_bytes(f.read_bytes())
    out = _run(
        "modeldash", "claims", "--json", "--views", "diva", "--store", str(store), "--quick",
        "--data", str(graph), "--data", str(tmp_path / "hotel_part.txt"), timeout=600,
    )  # fmt: skip
    rows = json.loads(out.stdout)["rows"]
    assert {r["view"] for r in rows} == {"diva", "coldstart", "trajectories"}
    cold = [r for r in rows if r["view"] == "coldstart"]
    assert len(cold) == 4 and all(r["n_seeds"] == 3 and r["claim"].startswith("mygraph: ") for r in cold)
    assert any("as the released code scores them" in r["claim"] for r in cold)  # the released scoring's row
    assert any("virtual neighbours" in r["claim"] for r in cold)
    traj = [r for r in rows if r["view"] == "trajectories"]
    assert traj and all("hotel_part" in r["claim"] and r["over"] == "scenes" for r in traj)
    for r in cold + traj:
        lo, hi = r["ci"]
        assert lo <= r["estimate"] <= hi and r["verdict"] in ("holds", "does not hold", "inconclusive")


@pytest.mark.slow
def test_precompute_takes_a_researchers_file_and_onnx_model_and_the_view_then_reads_the_store(tmp_path):
    """`precompute trajectories --data FILE --model-file M.onnx` fills the store with that file's tables (the zoo's
    pedestrian models', the ONNX predictor's); `trajectories --data FILE --model-file M.onnx` then reads them, and
    without the zoo's table computes the ONNX model's rows alone; precompute refuses a file no view of its command
    takes in one sentence."""
    from modeldash.models.export import main as export

    rows_txt = "\n".join(f"{t * 10} {a} {0.5 * t} {a * 1.5}" for a in (1, 2, 3) for t in range(24))
    (tmp_path / "mine.txt").write_text(rows_txt)
    assert export(["traj_eth_ucy_social_attn", "--out", str(tmp_path / "lab.onnx")]) == 0
    store, mine = tmp_path / "store", ("--data", str(tmp_path / "mine.txt"), "--model-file", str(tmp_path / "lab.onnx"))
    out = _run("modeldash", "precompute", "trajectories", *mine, "--executor", "local", "--store", str(store), "--json")
    (unit,) = json.loads(out.stdout)["rows"]
    assert unit["origin"] == "computed" and unit["dataset"].endswith("mine.txt")
    out = _run("modeldash", "trajectories", "--json", *mine, "--store", str(store))
    rows = json.loads(out.stdout)["rows"]
    assert {r["dataset"] for r in rows} == {"mine"} and {r["origin"] for r in rows} == {"store"}
    lab = next(r for r in rows if r["model"] == "lab")
    social = next(r for r in rows if r["model"] == "social_attn")
    assert lab["architecture"] == "onnx" and abs(lab["ade"] - social["ade"]) < 1e-4  # the same network, exported
    assert all(r["seconds"] >= 0 for r in rows)
    # on a store without the zoo's table for that file: your model and constant velocity only, and a sentence
    out = _run("modeldash", "trajectories", "--json", *mine, "--store", str(tmp_path / "fresh"))
    assert {r["model"] for r in json.loads(out.stdout)["rows"]} == {"constant velocity", "lab"}
    assert "not in the results store, so they are left out" in out.stderr and "Traceback" not in out.stderr
    bad = _run("modeldash", "precompute", "diva", "--data", str(tmp_path / "mine.txt"), check=False)
    assert bad.returncode == 2 and "no view of 'diva' takes mine.txt" in bad.stderr and "Traceback" not in bad.stderr
