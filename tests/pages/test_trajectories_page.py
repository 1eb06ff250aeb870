"""AppTest for Trajectories: no exception, key elements present, reruns clean."""

import pytest

from modeldash.ui.cache import common as cache
from tests.pages.apptest import open_app


@pytest.mark.slow
def test_trajectories_page_renders_and_reruns(shipped_store):
    at = open_app("views/trajectories.py")
    assert any("Read from the results store" in c.value for c in at.main.caption)
    assert not at.exception and not at.error
    assert len(at.get("plotly_chart")) == 2
    assert any(c.value.startswith("Over 300 scenes") for c in at.main.caption)
    assert "exactly 0" in next(c.value for c in at.main.caption if c.value.startswith("Over"))
    at.selectbox(key="traj_model").set_value("social_attn").run()
    at.button(key="traj_most").click().run()
    assert not at.exception and not at.error
    nbs = at.multiselect(key=f"traj_off_{at.number_input(key='traj_scene').value}")
    nbs.set_value(nbs.options[:1]).run()
    assert not at.exception and any("ADE" in m.value for m in at.markdown)


@pytest.mark.slow
def test_trajectories_second_model_side_by_side_from_the_url(shipped_store):
    """A second model: two scene figures, the pair's table and a computed reading; a second model that is not in
    the zoo (a stale link) falls back to none. (The browser test opens it from a link.)"""
    at = open_app("views/trajectories.py", traj_model_b="constant velocity")
    assert not at.exception and not at.error and len(at.get("plotly_chart")) == 3
    assert any("constant velocity" in c for c in at.dataframe[-1].value.columns)
    assert any(c.value.startswith("Scene 0:") for c in at.main.caption)
    at = open_app("views/trajectories.py", traj_model_b="no such model")
    assert not at.exception and not at.error and len(at.get("plotly_chart")) == 2


@pytest.mark.slow
def test_trajectories_team_and_a_bad_upload(shipped_store):
    at = open_app("views/trajectories.py", traj_data="team")
    assert not at.exception and not at.error and len(at.get("plotly_chart")) == 2
    bad = {
        cache.TRAJ_UPLOADS_STATE: {"upload:bad": (b"1 2 3\n", "bad.txt")},
        "traj_upload_key": "upload:bad",
        "traj_data": "upload",
    }
    at = open_app("views/trajectories.py", **bad)
    assert not at.exception and len(at.error) == 1 and "4: frame, agent id, x, y" in at.error[0].value
    rows = "\n".join(f"{t * 10} {a} {0.4 * t + a} {a}" for a in (1, 2) for t in range(30)).encode()
    good = {
        cache.TRAJ_UPLOADS_STATE: {"upload:good": (rows, "mine.txt")},
        "traj_upload_key": "upload:good",
        "traj_data": "upload",
    }
    at = open_app("views/trajectories.py", **good)
    assert (
        not at.exception and not at.error and "mine" in next(c.value for c in at.main.caption if "scenes in" in c.value)
    )


def test_trajectories_with_your_onnx_model(shipped_store):
    """An ONNX predictor joins the dataset table and the scene view; a malformed one gets one sentence."""
    pytest.importorskip("onnxruntime")
    from tests.models.test_onnx import _custom_op, _good

    rows = "\n".join(f"{t * 10} {a} {0.4 * t + a} {a}" for a in (1, 2) for t in range(30)).encode()
    state = {
        cache.TRAJ_UPLOADS_STATE: {"upload:good": (rows, "mine.txt")},
        "traj_upload_key": "upload:good",
        "traj_data": "upload",
        cache.ONNX_UPLOADS_STATE: {"upload:m": (_good(), "still.onnx")},
        "traj_onnx_upload_key": "upload:m",
    }
    at = open_app("views/trajectories.py", **state)
    assert not at.exception and not at.error
    assert "still (ONNX)" in list(at.dataframe[0].value["model"])
    at.selectbox(key="traj_model").set_value("still (ONNX)").run()
    assert not at.exception and not at.error and len(at.get("plotly_chart")) == 2
    state[cache.ONNX_UPLOADS_STATE] = {"upload:x": (_custom_op(), "evil.onnx")}
    state["traj_onnx_upload_key"] = "upload:x"
    at = open_app("views/trajectories.py", **state)
    assert not at.exception and len(at.error) == 1 and "custom operator domain" in at.error[0].value
    assert len(at.get("plotly_chart")) == 2 and "evil (ONNX)" not in list(at.dataframe[0].value["model"])


@pytest.mark.slow
def test_trajectories_under_each_models_own_loss(shipped_store):
    """NLL: only the Gaussian model's row, the others named as left out, its 1-σ ellipses on the scene; minADE_K:
    every model, the sampling model's futures drawn and the Monte-Carlo spread stated; the team game (no
    distribution model) offers no NLL."""
    at = open_app("views/trajectories.py", traj_metric="nll")
    assert not at.exception and not at.error
    assert list(at.dataframe[0].value["model"]) == ["gauss_attn"]
    caption = next(c.value for c in at.main.caption if "scenes in" in c.value)
    assert "Left out: constant velocity" in caption and "nats" in caption
    assert at.selectbox(key="traj_model").options == ["gauss_attn"]
    scene = at.get("plotly_chart")[-1].proto.spec
    assert "1-σ ellipse" in scene
    at = open_app("views/trajectories.py", traj_metric="min_ade", traj_model="sample_attn")
    assert not at.exception and not at.error
    assert {"sample_attn", "gauss_attn", "constant velocity"} <= set(at.dataframe[0].value["model"])
    assert "mc_sd" in at.dataframe[0].value.columns
    assert any("draw sets" in c.value for c in at.main.caption)
    assert "20 samples" in at.get("plotly_chart")[-1].proto.spec
    assert any("the paper's value function for such a model is" not in c.value for c in at.main.caption)
    at = open_app("views/trajectories.py", traj_data="team", traj_metric="nll")  # a link from another dataset
    assert not at.exception and not at.error
    assert "nll" not in at.selectbox(key="traj_metric").options and at.selectbox(key="traj_metric").value == "ade"


@pytest.mark.slow
@pytest.mark.parametrize("metric", ["ade", "min_ade"])
def test_the_pages_table_and_the_clis_rows_are_the_same_numbers(shipped_store, metric):
    """One service, one meaning: for the same dataset and value function the page's columns and the CLI's keys hold
    the same values, model by model (the error with every real player; the control left out of both)."""
    import json
    import os

    from tests.clirun import run

    at = open_app("views/trajectories.py", traj_metric=metric)
    page = at.dataframe[0].value.set_index("model")
    out = run("modeldash", "trajectories", "--json", "--dataset", "crowds_zara03", "--metric", metric, timeout=600)
    rows = {r["model"]: r for r in json.loads(out.stdout)["rows"]}
    assert set(rows) == set(page.index) and os.environ["DASH_STORE"]
    for model, r in rows.items():
        for column in (metric, f"{metric}_without_neighbours", "past_attribution", "social_score", "social_share"):
            assert page.loc[model, column] == pytest.approx(r[column], abs=1e-4), (model, column)
