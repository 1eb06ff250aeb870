"""Each view's subcommand of `python -m modeldash`: the rows its page shows, a researcher's files beside the
bundled ones, and one sentence for a bad input (the tools — precompute, claims, store, training — are in
test_cli_tools.py)."""

import json

import pytest

from tests.clirun import ROOT, tiny_npz
from tests.clirun import run as _run

KEYS = {
    "task",
    "n_train",
    "noise_rate",
    "acc_before",
    "acc_after",
    "noisy_auroc",
    "loo_max_abs_error",
    "loo_checked",
    "speedup",
}


@pytest.mark.slow
def test_diva_json_has_the_issue_keys():
    out = _run("modeldash", "diva", "--json", timeout=120)
    rows = json.loads(out.stdout)["rows"]
    assert rows and KEYS <= set(rows[0])
    assert rows[0]["loo_max_abs_error"] < 1e-9 and rows[0]["n_train"] == 897


def test_bad_argument_gives_a_message_not_a_traceback():
    out = _run("modeldash", "diva", "--json", "--noise", "3", timeout=120, check=False)
    assert out.returncode == 2 and "noise rate" in out.stderr and "Traceback" not in out.stderr


COLD_KEYS = {"dataset", "model", "acc_head", "acc_tail", "acc_isolated", "acc_all", "n_isolated", "fcr"}


@pytest.mark.slow
def test_coldstart_json_has_the_issue_keys_for_bundled_and_given_graphs(tmp_path):
    npz = tiny_npz(tmp_path / "mygraph.npz")
    out = _run("modeldash", "coldstart", "--json", "--data", str(npz), "--quick", "--seeds", "2", timeout=300)
    rows = json.loads(out.stdout)["rows"]
    assert {r["dataset"] for r in rows} == {"cora", "dc-sbm", "mygraph"}
    assert all(COLD_KEYS <= set(r) for r in rows) and len(rows) == 21
    mine = {r["model"]: r for r in rows if r["dataset"] == "mygraph"}
    assert mine["coldbrew"]["seeds"] == 2 and mine["coldbrew"]["acc_isolated_lo"] <= mine["coldbrew"]["acc_isolated"]
    cora = {r["model"]: r for r in rows if r["dataset"] == "cora"}
    assert cora["coldbrew"]["n_isolated"] == 341 and cora["coldbrew"]["seeds"] == 5  # the 534 less those in training


@pytest.mark.slow
def test_coldstart_bad_file_is_one_line(tmp_path):
    bad = tmp_path / "bad.npz"
    bad.write_bytes(b"nope")
    out = _run("modeldash", "coldstart", "--json", "--data", str(bad), timeout=300, check=False)
    assert out.returncode == 2 and "not a .npz archive" in out.stderr and "Traceback" not in out.stderr


def test_splits_json_has_the_issue_keys_and_matches_the_record(tmp_path):
    """Read from (a copy of) the shipped store, as the page reads it; the numbers equal the manifests' records."""
    import shutil

    from conftest import SHIPPED_STORE

    store = tmp_path / "store"
    shutil.copytree(SHIPPED_STORE, store)
    out = _run("modeldash", "splits", "--json", "--store", str(store), timeout=600)
    rows = json.loads(out.stdout)["rows"]
    keys = {"model", "architecture", "dataset", "split", "r2", "r2_train", "r2_per_factor", "n_train", "n_test"}
    assert len(rows) == 32 and all(keys <= set(r) for r in rows) and {r["origin"] for r in rows} == {"store"}
    from modeldash.models.zoo import load_model

    for r in rows[:4]:
        m, _ = load_model(r["model"])
        assert abs(r["r2"] - m.metrics["r2_test"]) < 1e-6  # live evaluation = recorded at training


@pytest.mark.slow
def test_trajectories_json_has_the_issue_keys_and_the_papers_contrast(tmp_path):
    rows_txt = "\n".join(f"{t * 10} {a} {0.5 * t} {a * 1.5}" for a in (1, 2, 3) for t in range(24))
    (tmp_path / "mine.txt").write_text(rows_txt)
    import shutil

    from conftest import SHIPPED_STORE

    store = tmp_path / "store"
    shutil.copytree(SHIPPED_STORE, store)  # the bundled datasets' tables are read as the page reads them
    datasets = ("--dataset", "biwi_eth", "--dataset", "crowds_zara03", "--dataset", "team")
    mine = ("--data", str(tmp_path / "mine.txt"))
    out = _run("modeldash", "trajectories", "--json", *datasets, *mine, "--store", str(store), timeout=600)
    rows = json.loads(out.stdout)["rows"]
    assert {r["origin"] for r in rows if r["dataset"] != "mine"} == {"store"}
    assert {r["origin"] for r in rows if r["dataset"] == "mine"} == {"computed"}
    keys = {
        "model",
        "architecture",
        "dataset",
        "n_scenes",
        "ade",
        "fde",
        "cv_ade",
        "ade_without_neighbours",
        "past_attribution",
        "social_score",
        "social_score_ci",
        "random_agent_score",
        "social_share",
        "social_share_ci",
        "max_efficiency_error",
    }
    assert all(keys <= set(r) for r in rows) and {r["dataset"] for r in rows} >= {"biwi_eth", "team", "mine"}
    by = {(r["dataset"], r["architecture"].split("/")[1]): r for r in rows}
    assert all(r["social_score"] == 0 for (d, m), r in by.items() if m.endswith("ego_lstm"))
    assert all(r["max_efficiency_error"] < 1e-9 for r in rows)
    # the paper's contrast: the team game's social share dwarfs the pedestrians'
    assert by[("team", "social_attn")]["social_share"] > 2 * by[("crowds_zara03", "social_attn")]["social_share"]


def test_series_json_has_the_issue_keys_for_every_generator(tmp_path):
    """Read from (a copy of) the shipped store as the page reads it: every bundled dataset and budget."""
    import shutil

    from conftest import SHIPPED_STORE

    shutil.copytree(SHIPPED_STORE, tmp_path / "store")
    out = _run("modeldash", "series", "--json", "--store", str(tmp_path / "store"), timeout=600)
    rows = json.loads(out.stdout)["rows"]
    keys = {
        "dataset",
        "budget",
        "generator",
        "context_fid",
        "context_fid_norm",
        "context_fid_norm_lo",
        "context_fid_norm_hi",
        "raw_fid",
        "discriminative_score",
        "predictive_mae",
        "acf_distance",
        "n_seeds",
        "n_windows",
        "window_length",
    }
    assert all(keys <= set(r) for r in rows)
    gens = {
        "PSA-GAN",
        "PSA-GAN w/o self-attention",
        "PSA-GAN w/o moment loss",
        "PSA-GAN w/o fade-in",
        "AR baseline",
        "real",
    }
    assert {(r["dataset"], r["budget"]) for r in rows} == {
        ("etth1", "demo"),
        ("etth1", "long"),
        ("taylor", "demo"),
    }
    for d, b in {(r["dataset"], r["budget"]) for r in rows}:
        by = {r["generator"]: r for r in rows if r["dataset"] == d and r["budget"] == b}
        assert set(by) == gens and by["PSA-GAN"]["n_seeds"] == 5
        assert by["real"]["context_fid_norm"] < by["PSA-GAN"]["context_fid_norm"]  # the floor is the floor
    from conftest import SHIPPED_STORE
    from modeldash.analysis.series.service import stored_report

    page, origin = stored_report("taylor", folder=SHIPPED_STORE, bundle=lambda: 1 / 0)  # what the page shows
    assert origin.origin == "store"
    mine = {r["generator"]: r for r in rows if r["dataset"] == "taylor"}
    assert mine["PSA-GAN"]["context_fid_norm"] == page.to_frame().set_index("generator").loc["PSA-GAN"].context_fid_norm


@pytest.mark.slow
def test_series_json_with_a_csv_trains_on_it_and_adds_its_rows(tmp_path):
    src = (ROOT / "modeldash" / "data" / "files" / "series" / "ETTh1.csv").read_text().splitlines()[:1500]
    f = tmp_path / "my_load.csv"
    f.write_text("\n".join(",".join(line.split(",")[:2]) for line in src))  # timestamp + one series
    out = _run("modeldash", "series", "--json", "--dataset", "taylor", "--data", str(f), "--quick", timeout=900)
    mine = [r for r in json.loads(out.stdout)["rows"] if r["dataset"] == "my_load"]
    assert {r["generator"] for r in mine} == {
        "PSA-GAN",
        "PSA-GAN w/o self-attention",
        "PSA-GAN w/o moment loss",
        "PSA-GAN w/o fade-in",
        "AR baseline",
        "real",
    }
    assert all(
        r["window_length"] == 64 and r["context_fid"] >= 0 and 0 <= r["discriminative_score"] <= 0.5 for r in mine
    )
    assert {r["n_seeds"] for r in mine if r["generator"].startswith("PSA")} == {3}  # an upload's three GAN seeds


@pytest.mark.slow
def test_diva_features_files_add_rows_named_after_them(tmp_path):
    """`--features FILE.npz` (repeatable) adds a row per file with the zoo rows' keys and the page's numbers."""
    import io

    import numpy as np

    from modeldash.analysis.diva.service import features_report
    from modeldash.data.diva_features import read_features_npz

    rng = np.random.default_rng(2)
    labels = np.arange(100) % 4
    given = labels.copy()
    given[:8] = (given[:8] + 1) % 4
    buf = io.BytesIO()
    np.savez(buf, features=rng.normal(size=(100, 6)) + np.eye(4, 6)[labels] * 3, labels=given, clean_labels=labels)
    (tmp_path / "mine.npz").write_bytes(buf.getvalue())
    (tmp_path / "bad.npz").write_bytes(b"nope")
    out = _run("modeldash", "diva", "--json", "--features", str(tmp_path / "mine.npz"), timeout=120)
    (row,) = json.loads(out.stdout)["rows"]
    assert KEYS <= set(row) and row["model"] == "mine" and row["architecture"] == "outputs"
    page = features_report(read_features_npz(buf.getvalue(), name="mine"))  # what the page computes
    assert row["noisy_auroc"] == page.noisy_auroc and row["acc_after"] == page.acc_after and row["n_train"] == 75
    bad = _run("modeldash", "diva", "--json", "--features", str(tmp_path / "bad.npz"), timeout=120, check=False)
    assert bad.returncode == 2 and "not an .npz" in bad.stderr and "Traceback" not in bad.stderr


@pytest.mark.slow
def test_series_samples_files_are_scored_beside_the_bundled_generators(tmp_path):
    import shutil

    import numpy as np

    from conftest import SHIPPED_STORE

    shutil.copytree(SHIPPED_STORE, tmp_path / "store")
    x = np.random.default_rng(0).random((200, 64))
    np.savez(tmp_path / "noise.npz", samples=x)
    out = _run(
        "modeldash",
        "series",
        "--json",
        "--dataset",
        "taylor",
        "--budget",
        "demo",
        "--samples",
        str(tmp_path / "noise.npz"),
        timeout=600,
    )
    rows = {r["generator"]: r for r in json.loads(out.stdout)["rows"]}
    assert {"PSA-GAN", "AR baseline", "real", "noise (yours)"} <= set(rows)
    mine = rows["noise (yours)"]
    assert mine["dataset"] == "taylor" and mine["window_length"] == 64 and mine["n_seeds"] == 1
    # uniform noise is far farther from electricity demand windows than the AR baseline's samples, and about as far
    # as i.i.d. Gaussian noise (1 by construction)
    assert mine["context_fid_norm"] > 2 * rows["AR baseline"]["context_fid_norm"] and mine["discriminative_score"] > 0.4
    assert 0.5 < mine["context_fid_norm"] < 2


@pytest.mark.slow
def test_coldstart_groups_and_predictions(tmp_path):
    """--groups writes the view's split (what a researcher trains on); --predictions scores their logits per node
    group beside the bundled models, from the same split."""
    import numpy as np

    from modeldash.data.coldstart_bundled import bundled_graph

    run = lambda *a: _run("modeldash", "coldstart", "--json", *a, check=False)  # noqa: E731
    out = run("--groups", "cora", "--out", str(tmp_path / "groups.npz"))
    assert out.returncode == 0, out.stderr
    z = np.load(tmp_path / "groups.npz")
    g = bundled_graph("cora")
    assert len(z["isolated"]) == 534 and z["edge_index"].shape[0] == 2  # the official cut
    assert not np.isin(z["edge_index"], z["isolated"]).any()  # the isolated nodes' edges are cut
    logits = np.eye(g.n_classes)[g.labels]
    logits[z["isolated"]] = np.roll(logits[z["isolated"]], 1, axis=1)  # right everywhere but on the isolated
    np.savez(tmp_path / "mine.npz", logits=logits)
    out = run("--graph", "cora", "--predictions", str(tmp_path / "mine.npz"))
    assert out.returncode == 0, out.stderr
    rows = {r["model"]: r for r in json.loads(out.stdout)["rows"]}
    assert {"gcn", "coldbrew", "mine"} <= set(rows)
    assert rows["mine"]["acc_isolated"] == 0 and rows["mine"]["acc_head"] == 100 and rows["mine"]["seeds"] == 1
    bad = run("--predictions", str(tmp_path / "mine.npz"), "--graph", "cora", "--graph", "dc-sbm")
    assert bad.returncode == 2 and "one graph" in bad.stderr


def test_coldstart_node_prints_the_inspectors_rows_from_the_store():
    from conftest import SHIPPED_STORE
    from modeldash.analysis.coldstart.service import inspect_node, load_graph_record, stored_node_predictions

    rec = load_graph_record("cora")
    node = int(rec.split.isolated[3])
    out = _run(
        "modeldash", "coldstart", "--json", "--graph", "cora", "--node", str(node), "--store", str(SHIPPED_STORE)
    )
    rows = json.loads(out.stdout)["rows"]
    preds, _ = stored_node_predictions("cora", folder=SHIPPED_STORE, bundle=lambda: 1 / 0)
    page = inspect_node(rec.graph, rec.split, preds, node).predictions
    assert [r["model"] for r in rows] == list(page["model"]) and {r["origin"] for r in rows} == {"store"}
    assert [r["pred_cold"] for r in rows] == list(page["pred_cold"]) and rows[0]["group"] == "isolated"
    bad = _run("modeldash", "coldstart", "--json", "--graph", "cora", "--node", "99999", check=False)
    assert bad.returncode == 2 and "node must be in" in bad.stderr


@pytest.mark.slow
def test_splits_model_file_scores_an_onnx_regressor_on_every_split(tmp_path):
    pytest.importorskip("onnxruntime")
    from tests.models.test_onnx import mean_colour_onnx

    (tmp_path / "meancolour.onnx").write_bytes(mean_colour_onnx(1, 5))
    out = _run(
        "modeldash",
        "splits",
        "--json",
        "--dataset",
        "dsprites",
        "--model-file",
        str(tmp_path / "meancolour.onnx"),
        timeout=600,
    )
    rows = json.loads(out.stdout)["rows"]
    assert [r["split"] for r in rows] == ["random", "composition", "interpolation", "extrapolation"]
    assert all(r["model"] == "meancolour" and r["architecture"] == "onnx" for r in rows)
    assert all(r["r2"] < 0.5 for r in rows)  # the mean colour says little about the factors
