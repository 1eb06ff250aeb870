"""AppTest for Cold-start graphs: no exception, key elements present, reruns clean."""

import json

import pytest

from modeldash.ui.cache import common as cache
from tests.pages.apptest import open_app, until_done


@pytest.mark.slow
def test_cold_start_page_renders_the_bundled_graph(shipped_store):
    at = open_app("views/coldstart.py")
    assert not at.exception and not at.error
    assert len(at.get("plotly_chart")) == 3
    assert at.metric[3].label == "Feature contribution ratio"
    assert any("isolated (cold-start) nodes" in c.value for c in at.main.caption)
    assert "Cold Brew (student)" in at.dataframe[0].value["label"].tolist()


@pytest.mark.slow
def test_cold_start_controls_rerun_cleanly(shipped_store):
    at = open_app("views/coldstart.py")
    at.selectbox(key="cold_graph").set_value("dc-sbm").run()
    assert not at.exception and not at.error
    at.selectbox(key="cold_group").set_value("head").run()
    at.toggle(key="cold_toggle").set_value(True).run()
    assert not at.exception and not at.error
    assert "edges removed" in at.dataframe[1].value.columns
    at.radio(key="cold_proj").set_value("t-SNE").run()
    assert not at.exception and len(at.get("plotly_chart")) == 3


@pytest.mark.slow
def test_the_released_scoring_changes_only_the_gcns_figures(shipped_store):
    """Scoring: the GCN's isolated-node figure drops as the released code scores it; the student's stays."""
    at = open_app("views/coldstart.py")

    def isolated(label):
        t = at.dataframe[0].value
        return t.loc[t["label"] == label, "isolated"].iloc[0]

    honest_gcn, student = isolated("GCN"), isolated("Cold Brew (student)")
    at.radio(key="cold_scoring").set_value("released").run()
    assert not at.exception and not at.error
    assert float(isolated("GCN").split()[0]) < float(honest_gcn.split()[0]) - 20
    assert isolated("Cold Brew (student)") == student
    assert at.query_params.get("cold_scoring") == ["released"] or at.query_params.get("cold_scoring") == "released"


def _graph_upload(raw: bytes, name: str):
    key = f"upload:test-{name}:1:median:paper:quick"
    state = {key: (raw, name, 1, "median", "paper", True)}
    return {cache.GRAPH_UPLOADS_STATE: state, "cold_upload_key": key, "cold_graph": "upload"}


@pytest.mark.slow
def test_cold_start_upload_trains_or_refuses_with_one_message():
    from modeldash.data.coldstart_graphs import write_npz
    from modeldash.data.coldstart_sim import SBMConfig, dc_sbm_graph

    good = write_npz(dc_sbm_graph(SBMConfig(n_nodes=300, n_features=60, signature_words=10), seed=5))
    at = open_app("views/coldstart.py", **_graph_upload(good, "mine.npz"))
    assert at.get("progress") and "job on Dask" in at.get("progress")[0].proto.text  # the job is followed
    at = until_done(at)
    assert not at.exception and not at.error and len(at.get("plotly_chart")) == 3
    at = until_done(open_app("views/coldstart.py", **_graph_upload(b"not an npz", "bad.npz")))
    assert not at.exception and len(at.error) == 1 and "not a .npz archive" in at.error[0].value
    at = open_app("views/coldstart.py", cold_graph="upload")
    assert not at.exception and not at.error and at.info  # nothing uploaded yet


@pytest.mark.slow
def test_cold_start_custom_sbm_trains_on_submit():
    at = open_app("views/coldstart.py", cold_graph="custom-sbm")
    assert not at.exception and at.info and not at.get("plotly_chart")  # nothing trained before submit
    at.slider(key="cold_low").set_value(0.6)
    at.slider(key="cold_seeds").set_value(1)
    at.selectbox(key="cold_scheme").set_value("decile")
    at.selectbox(key="cold_budget").set_value("quick")
    at.selectbox(key="cold_protocol").set_value("ours")  # every group node held out: whole groups are scored
    at = until_done(at.button[0].click().run())
    assert not at.exception and not at.error and len(at.get("plotly_chart")) == 3
    assert at.metric[2].value == "300 · 300 · 300"  # decile groups of 3,000 nodes


def test_cold_start_scores_your_models_outputs(shipped_store):
    """A researcher's per-node logits on Cora get a row per node group beside the bundled models and a line in
    the node inspector; logits of the wrong size get one sentence."""
    import io

    import numpy as np

    from modeldash.data.coldstart_bundled import bundled_graph

    g = bundled_graph("cora")
    buf = io.BytesIO()
    np.savez(buf, logits=np.eye(g.n_classes)[g.labels] * 5.0, embeddings=np.eye(g.n_classes)[g.labels])  # perfect
    state = {
        cache.COLD_OUTPUTS_STATE: {"upload:o": (buf.getvalue(), "oracle.npz")},
        "cold_out_upload_key": "upload:o",
        "cold_toggle": True,
    }
    at = open_app("views/coldstart.py", **state)
    assert not at.exception and not at.error
    table = at.dataframe[0].value
    mine = table[table.label == "oracle (yours)"].iloc[0]
    assert mine["isolated"] == "100.0" and mine["head"] == "100.0"  # one seed: no ±
    spec = json.loads(at.get("plotly_chart")[1].proto.spec)  # the embedding map: a third panel for yours
    assert [a["text"] for a in spec["layout"]["annotations"]][-1] == "oracle (yours, PCA)"
    inspector = at.dataframe[-1].value
    assert inspector["model"].iloc[-1] == "oracle (yours)" and inspector["with its edges"].iloc[-1].startswith("✓")
    bad = io.BytesIO()
    np.savez(bad, logits=np.zeros((10, g.n_classes)))
    state[cache.COLD_OUTPUTS_STATE] = {"upload:b": (bad.getvalue(), "bad.npz")}
    state["cold_out_upload_key"] = "upload:b"
    at = open_app("views/coldstart.py", **state)
    assert not at.exception and len(at.error) == 1 and "2,708 nodes" in at.error[0].value
    # the bad optional file is one sentence beside its uploader; the bundled models' analysis stays (it emptied the
    # page before: 0 charts)
    assert len(at.get("plotly_chart")) >= 3 and "oracle (yours)" not in set(at.dataframe[0].value.label)


@pytest.mark.slow
def test_the_comparison_names_the_protocol_in_words(shipped_store):
    """'the models trained under the ours (60/20/20 …)' read wrong: each protocol is named as a phrase."""
    at = open_app("views/coldstart.py")
    box = at.selectbox(key="cold_compare")
    assert box.format_func("ours") == "the models trained under our protocol (60/20/20 outside the groups)"
    box.set_value("ours").run()
    assert not at.exception and any("under our protocol" in m.value for m in [*at.markdown, *at.caption])
