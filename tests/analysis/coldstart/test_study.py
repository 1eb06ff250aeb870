"""Cold Brew's analysis: FCR, group accuracy, report, embedding map, node inspector, readings, figures."""

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import pytest
import torch

from modeldash.analysis.coldstart import plots, readings
from modeldash.analysis.coldstart.study import (
    ColdStartReport,
    coldstart_study,
    embedding_map,
    feature_contribution_ratio,
    inspect_node,
    node_predictions,
)
from modeldash.data.coldstart_sim import SBMConfig, dc_sbm_graph
from modeldash.errors import InputError
from modeldash.models.coldstart_fit import QUICK, graph_tensors, predict


def test_fcr_reproduces_the_papers_cora_figure():
    assert 100 * feature_contribution_ratio(86.96, 69.02, 78.18) == pytest.approx(32.86, abs=0.01)
    assert feature_contribution_ratio(80, 80, 60) == 1.0  # MLP as good as the GNN: features are all
    assert feature_contribution_ratio(80, 60, 80) == 0.0
    assert np.isnan(feature_contribution_ratio(50, 60, 70))  # GNN beats neither


def _tiny_graph():
    return dc_sbm_graph(
        SBMConfig(n_nodes=400, n_features=120, signature_words=20, low_degree_share=0.0, mean_degree=10.0),
        seed=2,
        name="tiny",
    )


@pytest.fixture(scope="module")
def study():
    return coldstart_study(_tiny_graph(), seeds=2, settings=QUICK)


@pytest.mark.slow
def test_group_accuracies_match_a_plain_loop(study):
    report, split, models = study
    x, ei, y = graph_tensors(split.graph)
    pred = predict(models.gcn, x, ei)
    for name in ("head", "tail", "isolated", "all"):
        ids = split.group(name)
        hits = sum(int(pred[i] == split.graph.labels[i]) for i in ids)
        row = report.rows[(report.rows.seed == 0) & (report.rows.model == "gcn")].iloc[0]
        assert row[f"acc_{name}"] == pytest.approx(hits / len(ids))


def test_label_propagation_matches_numpy_iteration(study):
    _, split, models = study
    g = split.graph
    a = g.adj.toarray()
    d = a.sum(1)
    dinv = np.divide(1, np.sqrt(d), out=np.zeros_like(d), where=d > 0)
    a_norm = dinv[:, None] * a * dinv[None, :]
    y0 = np.zeros((g.n_nodes, g.n_classes))
    y0[split.train, g.labels[split.train]] = 1
    out = y0.copy()
    for _ in range(QUICK.lp_layers):
        out = np.clip(QUICK.lp_alpha * a_norm @ out + (1 - QUICK.lp_alpha) * y0, 0, 1)
    expect = out.argmax(1)
    expect[out.sum(1) == 0] = np.bincount(g.labels[split.train]).argmax()
    reached = out.max(1) > 1e-6  # ties among unreached nodes aside
    assert (models.lp_pred[reached] == expect[reached]).mean() > 0.99


def test_summary_mean_and_std_by_hand():
    rows = [
        {"seed": s, "model": m, "acc_head": a, "acc_tail": a, "acc_isolated": a, "acc_test": a, "acc_all": a}
        for s, (m, a) in enumerate([("gcn", 0.8), ("gcn", 0.6)])
    ] + [
        {
            "seed": 0,
            "model": "mlp",
            "acc_head": 0.5,
            "acc_tail": 0.5,
            "acc_isolated": 0.5,
            "acc_test": 0.5,
            "acc_all": 0.5,
        },
        {
            "seed": 0,
            "model": "lp",
            "acc_head": 0.6,
            "acc_tail": 0.6,
            "acc_isolated": 0.1,
            "acc_test": 0.6,
            "acc_all": 0.6,
        },
    ]
    rep = ColdStartReport("x", pd.DataFrame(rows), 1, 1, 1, 1, 1, 1, "median", recorded=True)
    s = rep.summary()
    assert s.loc["gcn", "acc_head"] == pytest.approx(70.0)
    assert s.loc["gcn", "acc_head_std"] == pytest.approx(np.std([80, 60], ddof=1))
    assert rep.fcr() == pytest.approx(feature_contribution_ratio(70, 50, 60))
    head = rep.headline()
    assert {"dataset", "model", "acc_head", "acc_tail", "acc_isolated", "acc_all", "n_isolated", "fcr"} <= set(head[0])


def test_report_rejects_bad_rows():
    with pytest.raises(ValueError):
        ColdStartReport("x", pd.DataFrame([{"seed": 0}]), 1, 1, 1, 1, 1, 1, "median", recorded=True)


def test_embedding_map_keeps_every_group_node(study):
    _, split, models = study
    for method in ("pca", "tsne"):
        emap = embedding_map(models.teacher, models.coldbrew, split, method=method, max_points=200)
        assert emap.teacher_xy.shape == emap.student_xy.shape == (len(emap.nodes), 2)
        assert set(split.isolated) <= set(emap.nodes)
        assert np.isfinite(emap.teacher_xy).all()


def test_inspector_cold_toggle(study):
    _, split, models = study
    mods = node_predictions(models.modules(), split)
    iso = inspect_node(mods, split, int(split.isolated[0]))
    assert iso.degree == 0 and not iso.predictions["changed"].any()  # nothing to remove
    head = inspect_node(mods, split, int(split.head[-1]))
    assert head.degree > 0 and head.sub_nodes[0] == head.node
    feature_only = head.predictions[head.predictions.model.isin(["MLP", "Cold Brew (student)"])]
    assert not feature_only["changed"].any()
    # drawn on the original graph, an isolated node shows the edges it lost, all marked as cut
    lost = [i for i in split.isolated if split.original_degree[i] > 0][0]
    drawn = inspect_node(mods, split, int(lost), original=_tiny_graph())
    own = (drawn.sub_edges == drawn.node).any(0)
    assert own.sum() == split.original_degree[lost] and drawn.sub_cut[own].all()
    # the GNN's cold prediction equals a forward pass on the graph with the node's edges dropped by hand
    x, ei, _ = graph_tensors(split.graph)
    keep = (ei[0] != head.node) & (ei[1] != head.node)
    with torch.no_grad():
        p = models.gcn(x, ei[:, keep])[head.node].argmax().item()
    assert head.predictions.set_index("model").loc["GCN", "pred_cold"] == p


def test_every_nodes_predictions_equal_one_forward_per_node(study):
    """The table computed in two passes (the graph, the empty graph) equals, node by node, a forward pass of each
    model on the graph with only that node's edges dropped."""
    _, split, models = study
    table = node_predictions(models.modules(), split)
    x, ei, _ = graph_tensors(split.graph)
    nodes = np.concatenate([split.head[:3], split.tail[:3], split.isolated[:2]])
    for i, (key, m) in enumerate(models.modules().items()):
        with torch.no_grad():
            p_with = m.eval()(x, ei).softmax(-1)
            for v in nodes:
                keep = (ei[0] != v) & (ei[1] != v)
                p_cold = m(x, ei[:, keep])[v].softmax(-1)
                assert table.pred_cold[i, v] == p_cold.argmax().item(), (key, v)
                assert table.p_cold[i, v] == pytest.approx(p_cold.max().item(), abs=1e-5)
        assert (table.pred_with[i] == p_with.argmax(-1).numpy()).all()
    rows = table.rows(int(nodes[0]))
    assert list(rows.columns) == ["model", "pred_with", "p_with", "pred_cold", "p_cold", "changed"]
    with pytest.raises(InputError):
        table.rows(split.graph.n_nodes)


def test_readings_and_figures(study):
    report, split, models = study
    text = readings.headline(report)
    assert "isolated" in text and "%" in text and "\n" not in text
    fig = plots.group_accuracy_bars(report)
    assert len(fig.data) == 7 and all(len(t.y) == 4 for t in fig.data)
    # the table's interval is Student's t over seeds, as scipy computes it
    from scipy import stats

    v = report.rows.loc[report.rows.model == "coldbrew", "acc_test"].to_numpy() * 100
    lo, hi = stats.t.interval(0.95, len(v) - 1, loc=v.mean(), scale=stats.sem(v))
    row = report.summary().loc["coldbrew"]
    assert row["acc_test_lo"] == pytest.approx(lo) and row["acc_test_hi"] == pytest.approx(hi)
    emap = embedding_map(models.teacher, models.coldbrew, split)
    fig = plots.embedding_scatter(emap)
    assert isinstance(fig, go.Figure) and sum(len(t.x) for t in fig.data) == 2 * (len(emap.nodes) + len(split.isolated))
    insp = inspect_node(node_predictions(models.modules(), split), split, int(split.head[0]))
    fig = plots.neighbourhood(insp, cold=True)
    assert any(t.line.dash == "dot" for t in fig.data if t.mode == "lines")
    with pytest.raises(TypeError):
        plots.group_accuracy_bars(emap)


def test_two_maps_of_the_same_nodes_align_by_procrustes(study):
    import dataclasses

    from modeldash.analysis.coldstart.study import map_pair

    _, split, models = study
    emap = embedding_map(models.teacher, models.coldbrew, split)
    turned = dataclasses.replace(emap, teacher_xy=-2 * emap.teacher_xy[:, ::-1] + 3, student_xy=emap.student_xy * 0.5)
    pair = map_pair(emap, turned, ("paper", "ours"))
    np.testing.assert_allclose(pair.second.teacher_xy, emap.teacher_xy, atol=1e-5)  # float32 maps
    assert max(pair.residual) < 1e-9
    with pytest.raises(InputError):
        map_pair(emap, dataclasses.replace(emap, nodes=emap.nodes + 1), ("a", "b"))
