"""Cold Brew's layers and student against independent computations."""

import numpy as np
import pytest
import torch
from torch_geometric.nn import GCNConv, SAGEConv

from modeldash.data.coldstart_groups import cold_start_split
from modeldash.data.coldstart_sim import SBMConfig, dc_sbm_graph
from modeldash.errors import InputError
from modeldash.models.coldstart_coldbrew import ColdBrewStudent
from modeldash.models.coldstart_config import ColdBrewConfig, NodeGNNConfig
from modeldash.models.coldstart_fit import PAPER_QUICK, QUICK, graph_tensors, predict, train_all
from modeldash.models.coldstart_gnn import ProjectedSAGEConv, SEGCNConv, input_dropout


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


def test_projected_sage_is_pyg_sage_with_the_same_weights():
    """Projecting before averaging equals PyG's SAGEConv, also on a node without neighbours and on sparse input."""
    g = dc_sbm_graph(SBMConfig(n_nodes=200, n_features=50, signature_words=10), seed=3)
    x, ei, _ = graph_tensors(g)
    ei = ei[:, (ei[0] != 7) & (ei[1] != 7)]  # node 7 alone
    torch.manual_seed(0)
    ref, ours = SAGEConv(50, 8), ProjectedSAGEConv(50, 8)
    ours.load_state_dict(ref.state_dict())
    torch.testing.assert_close(ours(x, ei), ref(x.to_dense(), ei), atol=1e-6, rtol=1e-5)


def test_scaled_retrieval_is_the_topk_softmax_of_the_scaled_scores():
    """Official: the estimate is scaled by α₀ before retrieval — the softmax weights of the top-K scaled scores;
    a negative α₀ picks the K lowest raw scores."""
    torch.manual_seed(1)
    st = ColdBrewStudent(
        ColdBrewConfig(n_features=6, n_classes=3, emb_dim=4, n_nodes=12, top_k=3, scale_retrieval=True)
    )
    st.teacher_emb.copy_(torch.randn(12, 4))
    est = torch.randn(3, 4)
    t = st.teacher_emb.numpy()
    for a0 in (0.7, -0.4):
        with torch.no_grad():
            st.alphas[0] = a0
        virt, ids, _ = st.virtual_neighbours(est)
        for b in range(3):
            s = a0 * (t @ est[b].numpy())
            top = np.argsort(-s)[:3]
            p = np.exp(s[top] - s[top].max())
            p /= p.sum()
            assert set(ids[b].tolist()) == set(top.tolist())
            np.testing.assert_allclose(virt[b].detach().numpy(), p @ t[top], atol=1e-5)


def test_the_ablation_student_has_no_neighbour_input():
    cfg = dict(n_features=6, n_classes=3, emb_dim=4, n_nodes=12, style="ln-gelu")
    full, novn = ColdBrewStudent(ColdBrewConfig(**cfg)), ColdBrewStudent(ColdBrewConfig(**cfg, virtual=False))
    assert full.part2_side.in_features == 8 and novn.part2_side.in_features == 4
    x = torch.randn(5, 6)
    assert novn.eval()(x).shape == (5, 3) and novn.neighbour_input(torch.randn(5, 4)) is None
    assert any(isinstance(m, torch.nn.LayerNorm) for m in full.part1)


def test_configs_are_bounded():
    with pytest.raises(InputError):
        NodeGNNConfig(n_features=10, n_classes=2, conv="gat")
    with pytest.raises(InputError):
        NodeGNNConfig(n_features=10, n_classes=2, conv="sage", se_nodes=5)
    with pytest.raises(InputError):
        ColdBrewConfig(n_features=10, n_classes=2, emb_dim=4, n_nodes=2, top_k=5)
    with pytest.raises(InputError, match="style"):
        ColdBrewConfig(n_features=10, n_classes=2, emb_dim=4, n_nodes=8, style="tanh")
    with pytest.raises(InputError, match="virtual"):
        ColdBrewConfig(n_features=10, n_classes=2, emb_dim=4, n_nodes=8, virtual="yes")


@pytest.fixture(scope="module")
def small():
    g = dc_sbm_graph(SBMConfig(n_nodes=400, n_features=120, signature_words=20), seed=1)
    split = cold_start_split(g, seed=0)
    return split, train_all(split, seed=0, settings=QUICK)


@pytest.mark.slow
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


@pytest.mark.slow
def test_paper_settings_train_every_model_under_the_paper_protocol():
    """The official settings on the public split: the teacher's structural embedding in its first layer only and
    drawn N(0, 1), the ablation student trained too, every model kept at its last step."""
    g = dc_sbm_graph(SBMConfig(n_nodes=400, n_features=120, signature_words=20), seed=1)
    split = cold_start_split(g, protocol="paper")
    models = train_all(split, seed=0, settings=PAPER_QUICK)
    assert set(models.modules()) == {"teacher", "gcn", "sage", "mlp", "coldbrew", "coldbrew_novn"}
    assert isinstance(models.teacher.layers[0], SEGCNConv) and not isinstance(models.teacher.layers[1], SEGCNConv)
    assert set(models.best_epoch.values()) == {PAPER_QUICK.epochs}
    x, ei, _ = graph_tensors(split.graph)
    chance = np.bincount(split.graph.labels).max() / split.graph.n_nodes
    assert split.accuracy(predict(models.coldbrew, x, ei), "test") > chance
