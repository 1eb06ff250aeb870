"""Cold Brew's claims: intervals over training seeds crossed with the isolated nodes, and the released code's
scoring beside evaluation mode."""

import numpy as np
import pandas as pd
import pytest
import torch
from scipy import stats

from modeldash.analysis.coldstart.claims import CROSSED, coldstart_report_claims, paired_difference
from modeldash.analysis.coldstart.study import ColdStartReport
from modeldash.analysis.intervals import crossed_interval
from modeldash.models.coldstart_config import NodeGNNConfig
from modeldash.models.coldstart_fit import predict, released_predict
from modeldash.models.coldstart_gnn import NodeGNN


def _nodes(rng, s, n, shares=(0.82, 0.11, 0.07)):
    """Paired differences (student − GCN right, in points) on n nodes over s seeds, with known components: a node
    is concordant (type 0: a rare flip either way), favours the student (+1) or the GCN (−1); a seed realises a
    node's lean with its own probability u_s. The population mean is 100 (p₊ − p₋) E[u] = 100 · 0.04 · 0.75."""
    t = rng.choice([0, 1, -1], size=n, p=shares)
    on = rng.random((s, n)) < rng.uniform(0.5, 1.0, (s, 1))
    flip = rng.random((s, n))
    d = np.where(t != 0, t * on, np.where(flip < 0.02, 1, np.where(flip < 0.04, -1, 0)))
    return 100.0 * d


def test_the_crossed_interval_covers_node_sampling_where_a_t_over_seeds_does_not():
    """With 5 seeds and 341 nodes (the paper's Cora cut), the nodes scored are a sample too: the interval over
    seeds crossed with nodes covers the population difference about 95% of the time; a t over the seeds' group
    accuracies (one fixed node set) about 65%."""
    rng = np.random.default_rng(3)
    truth = 100 * 0.04 * 0.75
    xs = [_nodes(rng, 5, 341) for _ in range(500)]
    crossed = np.mean([lo <= truth <= hi for _, lo, hi, _ in map(crossed_interval, xs)])

    def seeds_only(x):
        v = x.mean(1)
        h = stats.t.ppf(0.975, len(v) - 1) * v.std(ddof=1) / np.sqrt(len(v))
        return v.mean() - h <= truth <= v.mean() + h

    assert 0.9 <= crossed <= 0.995, crossed
    assert np.mean([seeds_only(x) for x in xs]) < 0.8


def _report(correct: dict[str, list[str]], released: dict[str, list[str]] | None = None) -> ColdStartReport:
    rows = []
    for model, strings in correct.items():
        for seed, c in enumerate(strings):
            acc = np.mean([ch == "1" for ch in c])
            row = {"seed": seed, "model": model, "acc_head": 0.5, "acc_tail": 0.5, "acc_isolated": acc,
                   "acc_test": 0.5, "acc_all": 0.5, "correct_isolated": c}  # fmt: skip
            if released is not None:
                r = released.get(model, strings)[seed]
                row |= {"acc_isolated_released": np.mean([ch == "1" for ch in r]), "correct_isolated_released": r}
            rows.append(row)
    n = len(next(iter(correct.values()))[0])
    return ColdStartReport("toy", pd.DataFrame(rows), 1, 1, n, 1, 0, 1, "official", recorded=True, protocol="paper")


def test_paired_difference_is_the_difference_of_accuracies_with_a_crossed_interval():
    student = ["1101", "1111", "0111"]
    gcn = ["1001", "0101", "0011"]
    rep = _report({"coldbrew": student, "gcn": gcn})
    m, ci, n, over, method = paired_difference(rep, "coldbrew", "gcn")
    acc = rep.rows.pivot_table(index="seed", columns="model", values="acc_isolated") * 100
    assert m == pytest.approx((acc["coldbrew"] - acc["gcn"]).mean())
    d = 100 * (rep.node_matrix("coldbrew") - rep.node_matrix("gcn"))
    assert ci == pytest.approx(crossed_interval(d)[1:3])
    assert (n, over, method) == (3, "seeds × 4 nodes", CROSSED)
    old = _report({"coldbrew": student, "gcn": gcn})  # a record without per-node columns: a t over seeds
    old = ColdStartReport(**{**old.__dict__, "rows": old.rows.drop(columns="correct_isolated")})
    assert paired_difference(old, "coldbrew", "gcn")[3:] == ("seeds", "Student's t")


def test_released_scoring_swaps_in_the_gcns_training_mode_figures():
    student = ["1111", "1110"]
    gcn_eval, gcn_train = ["1111", "1111"], ["1000", "0100"]
    rep = _report({"coldbrew": student, "gcn": gcn_eval}, released={"gcn": gcn_train})
    rel = rep.released()
    assert rel.scoring == "released" and rep.scoring == "eval"
    got = rel.rows.set_index(["model", "seed"])["acc_isolated"]
    assert got[("gcn", 0)] == 0.25 and got[("coldbrew", 1)] == 0.75  # the student keeps its evaluation mode
    claims = coldstart_report_claims("toy", rep)
    words = [c.claim for c in claims]
    assert any("released code" in w for w in words) and len(claims) == 2  # beats GCN twice; no MLP, no ablation
    honest, released = claims[0], claims[-1]
    assert honest.estimate < 0 < released.estimate and "released scoring" in released.note
    assert all(c.row()["interval"].endswith("over 2 seeds × 4 nodes") for c in claims)


def test_released_predict_is_training_mode_with_dropout_on_the_logits():
    torch.manual_seed(0)
    x, ei = torch.randn(60, 8), torch.randint(0, 60, (2, 200))
    g = NodeGNN(NodeGNNConfig(conv="gcn", n_features=8, n_classes=4, hidden=16, dropout=0.6)).eval()
    a, b = released_predict(g, x, ei, seed=1), released_predict(g, x, ei, seed=1)
    assert np.array_equal(a, b) and not g.training  # seeded, and the model is left in evaluation mode
    assert (a != predict(g, x, ei)).mean() > 0.2  # dropout at 0.6 moves many predictions
    with torch.no_grad():  # by hand: the same seeded draws, in training mode, then dropout on the logits
        torch.manual_seed(10_001)
        g.train()
        hand = torch.nn.functional.dropout(g(x, ei), 0.6, True).argmax(-1).numpy()
        g.eval()
    assert np.array_equal(a, hand)
    g0 = NodeGNN(NodeGNNConfig(conv="gcn", n_features=8, n_classes=4, hidden=16, dropout=0.0))
    assert np.array_equal(released_predict(g0, x, ei, seed=0), predict(g0, x, ei))  # no dropout: evaluation mode


def test_the_audit_reads_the_gcns_two_scorings_from_the_record():
    from modeldash.analysis.coldstart import readings

    rep = _report({"coldbrew": ["1111", "1110"], "gcn": ["1111", "1110"]}, released={"gcn": ["1000", "0100"]})
    text = readings.audit(rep)
    assert "from 87.5 (evaluation mode) to 25.0." in text and "58.0" not in text  # not Cora: no paper figure
    cora = ColdStartReport(**{**rep.__dict__, "dataset": "cora"})
    assert "58.0, lies between the two" in readings.audit(cora)
    old = ColdStartReport(**{**rep.__dict__, "rows": rep.rows.drop(columns=["acc_isolated_released"])})
    assert "evaluation mode)" not in readings.audit(old) and "second stage" in readings.audit(old)
