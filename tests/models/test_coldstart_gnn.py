"""Cold Brew's layers and student against independent computations."""

import numpy as np
import pytest
import torch
from torch_geometric.nn import GCNConv

from data.coldstart_groups import cold_start_split
from data.coldstart_sim import SBMConfig, dc_sbm_graph
from errors import InputError
from models.coldbrew import ColdBrewStudent
from models.coldstart_config import ColdBrewConfig, NodeGNNConfig
from models.coldstart_fit import QUICK, graph_tensors, predict, train_all
from models.coldstart_gnn import SEGCNConv, input_dropout


def _tiny():
    a = np.zeros((5, 5))
    for u, v in [(0, 1), (1, 2), (2, 3), (0, 2)]:
        a[u, v] = a[v, u] = 1
    return a


def test_se_gcn_layer_matches_the_formula_by_hand():
    torch.manual_seed(0)
    a = _tiny()
    layer = SEGCNConv(3, 2, n_nodes=5)
    x = torch.randn(5, 3)
    ei = torch.tensor(np.vstack(a.nonzero()), dtype=torch.long)
    a_hat = a + np.eye(5)  # node 4 has no edge: only its self-loop
    d = a_hat.sum(1) ** -0.5
    a_norm = d[:, None] * a_hat * d[None, :]
    with torch.no_grad():
        expect = a_norm @ (x @ layer.lin.weight.T + layer.se).numpy() + layer.bias.numpy()
        got = layer(x, ei).numpy()
    np.testing.assert_allclose(got, expect, atol=1e-5)


def test_se_gcn_without_embedding_is_pyg_gcn():
    torch.manual_seed(0)
    ei = torch.tensor(np.vstack(_tiny().nonzero()), dtype=torch.long)
    ours, ref = SEGCNConv(3, 2, n_nodes=5), GCNConv(3, 2)
    with torch.no_grad():
        ours.se.zero_()
        ref.lin.weight.copy_(ours.lin.weight)
        ref.bias.copy_(ours.bias)
    x = torch.randn(5, 3)
    torch.testing.assert_close(ours(x, ei), ref(x, ei))


def test_sparse_input_dropout_equals_dense_in_eval_and_keeps_zeros_in_training():
    x = torch.tensor([[0.0, 1.0, 0.0], [2.0, 0.0, 3.0]])
    csr = x.to_sparse_csr()
    torch.testing.assert_close(input_dropout(csr, 0.5, False, dense=True), x)
    out = input_dropout(csr, 0.5, True, dense=True)
    assert (out[x == 0] == 0).all() and set(out[x != 0].tolist()) <= {0.0, 2.0, 4.0, 6.0}


def test_virtual_neighbours_are_the_topk_softmax_by_brute_force():
    torch.manual_seed(0)
    cfg = ColdBrewConfig(n_features=6, n_classes=3, emb_dim=4, n_nodes=10, top_k=3)
    st = ColdBrewStudent(cfg)
    st.teacher_emb.copy_(torch.randn(10, 4))
    est = torch.randn(2, 4)
    virt, ids, w = st.virtual_neighbours(est)
    t = st.teacher_emb.numpy()
    for b in range(2):
        s = t @ est[b].numpy()
        top = np.argsort(-s)[:3]
        p = np.exp(s[top] - s[top].max())
        p /= p.sum()
        assert set(ids[b].tolist()) == set(top.tolist())
        np.testing.assert_allclose(virt[b].numpy(), p @ t[top], atol=1e-5)


def test_configs_are_bounded():
    with pytest.raises(InputError):
        NodeGNNConfig(n_features=10, n_classes=2, conv="gat")
    with pytest.raises(InputError):
        NodeGNNConfig(n_features=10, n_classes=2, conv="sage", se_nodes=5)
    with pytest.raises(InputError):
        ColdBrewConfig(n_features=10, n_classes=2, emb_dim=4, n_nodes=2, top_k=5)


@pytest.fixture(scope="module")
def small():
    g = dc_sbm_graph(SBMConfig(n_nodes=400, n_features=120, signature_words=20), seed=1)
    split = cold_start_split(g, seed=0)
    return split, train_all(split, seed=0, settings=QUICK)


def test_quick_training_beats_chance_and_features_only_models_ignore_edges(small):
    split, models = small
    x, ei, y = graph_tensors(split.graph)
    chance = np.bincount(split.graph.labels).max() / split.graph.n_nodes
    for key, m in models.modules().items():
        assert split.accuracy(predict(m, x, ei), "test") > chance, key
    no_edges = torch.zeros(2, 0, dtype=torch.long)
    for key in ("mlp", "coldbrew"):
        m = models.modules()[key]
        assert (predict(m, x, ei) == predict(m, x, no_edges)).all()
    assert (predict(models.gcn, x, ei) != predict(models.gcn, x, no_edges)).any()


def test_training_is_deterministic_from_the_seed(small):
    split, models = small
    again = train_all(split, seed=0, settings=QUICK)
    x, ei, _ = graph_tensors(split.graph)
    for key, m in models.modules().items():
        assert (predict(m, x, ei) == predict(again.modules()[key], x, ei)).all(), key
    assert (models.lp_pred == again.lp_pred).all()
