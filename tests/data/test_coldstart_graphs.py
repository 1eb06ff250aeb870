"""Graph reader, node groups and the synthetic graph."""

import io

import numpy as np
import pytest
import scipy.sparse as sp

from modeldash.data.coldstart_graphs import load_cora, read_npz, write_npz
from modeldash.data.coldstart_groups import cold_start_split, degree_groups
from modeldash.data.coldstart_sim import SBMConfig, dc_sbm_graph
from modeldash.errors import InputError


@pytest.fixture(scope="module")
def cora():
    return load_cora()


def _npz(**parts) -> bytes:
    buf = io.BytesIO()
    np.savez(buf, **parts)
    return buf.getvalue()


def _parts(n=6, f=4):
    a = sp.csr_matrix(np.roll(np.eye(n), 1, axis=1))
    x = sp.csr_matrix(np.eye(n, f))
    return dict(
        adj_data=a.data,
        adj_indices=a.indices,
        adj_indptr=a.indptr,
        adj_shape=np.array(a.shape),
        attr_data=x.data,
        attr_indices=x.indices,
        attr_indptr=x.indptr,
        attr_shape=np.array(x.shape),
        labels=np.arange(n) % 2,
    )


def test_cora_reads_as_the_published_graph(cora):
    assert (cora.n_nodes, cora.n_features, cora.n_classes) == (2708, 1433, 7)
    assert cora.n_edges == 5278  # undirected, no self-loops
    assert (cora.adj != cora.adj.T).nnz == 0 and cora.adj.diagonal().sum() == 0


def test_cora_object_arrays_are_never_unpickled(cora):
    z = np.load(load_cora.__globals__["BUNDLED"] / "cora.npz", allow_pickle=False)
    assert "idx_to_node" in z.files  # the real file carries object arrays …
    with pytest.raises(ValueError):
        z["idx_to_node"]  # … which numpy refuses without pickle


def test_round_trip_and_a_small_file():
    g = read_npz(_npz(**_parts()), name="ring")
    assert g.n_nodes == 6 and g.n_edges == 6 and g.degrees().tolist() == [2] * 6
    again = read_npz(write_npz(g))
    assert (again.adj != g.adj).nnz == 0 and (again.labels == g.labels).all()


def _bad(name, **change):
    p = _parts()
    for k, v in change.items():
        if v is None:
            p.pop(k)
        else:
            p[k] = v
    return pytest.param(_npz(**p), id=name)


@pytest.mark.parametrize(
    "raw",
    [
        pytest.param(b"", id="empty"),
        pytest.param(b"not a zip at all" * 10, id="text"),
        pytest.param(_npz(**_parts())[:200], id="truncated"),
        _bad("missing-labels", labels=None),
        _bad("missing-adj", adj_indptr=None),
        _bad("labels-too-short", labels=np.array([0, 1, 0])),
        _bad("negative-label", labels=np.array([0, 1, -1, 0, 1, 0])),
        _bad("float-labels", labels=np.linspace(0, 1, 6)),
        _bad("one-class", labels=np.zeros(6, int)),
        _bad("indices-out-of-range", adj_indices=np.array([1, 2, 3, 4, 5, 99])),
        _bad("bad-indptr", adj_indptr=np.array([0, 2, 1, 3, 4, 5, 6])),
        _bad("nan-features", attr_data=np.array([1, np.nan, 1, 1])),
        _bad("shape-mismatch", attr_shape=np.array([5, 4])),
        _bad("object-array", labels=np.array(["a", {}], dtype=object)),
        _bad("empty-graph", adj_data=np.array([]), adj_indices=np.array([], int), adj_indptr=np.zeros(7, int)),
        _bad("text-labels", labels=np.array(list("abcdef"))),
    ],
)
def test_malformed_files_get_one_sentence(raw):
    with pytest.raises(InputError) as e:
        read_npz(raw)
    assert "\n" not in str(e.value) and len(str(e.value)) < 300


def test_a_single_npy_is_refused():
    buf = io.BytesIO()
    np.save(buf, np.arange(5))
    with pytest.raises(InputError, match="not a .npz archive|single .npy"):
        read_npz(buf.getvalue())


def test_groups_follow_the_median_cuts(cora):
    s = cold_start_split(cora, seed=0)
    n = cora.n_nodes
    for grp in (s.head, s.tail, s.isolated):
        assert abs(len(grp) - n / 32) <= 1  # four/five halvings: about 3.1% each
    assert s.graph.degrees()[s.isolated].sum() == 0  # truly cold: no edge left
    assert s.original_degree[s.tail].max() <= s.original_degree[s.head].min()
    assert s.original_degree[s.isolated].max() <= s.original_degree[s.tail].min()
    every = np.concatenate([s.head, s.tail, s.isolated, s.train, s.val, s.test])
    assert len(every) == len(np.unique(every)) == n  # disjoint and complete
    # only edges touching isolated nodes were removed
    removed = cora.adj - s.graph.adj
    r, c = removed.nonzero()
    assert np.isin(r, s.isolated).__or__(np.isin(c, s.isolated)).all()


def test_groups_are_fixed_across_training_seeds(cora):
    a, b = cold_start_split(cora, seed=0), cold_start_split(cora, seed=1)
    assert (a.isolated == b.isolated).all() and not np.array_equal(a.train, b.train)


def test_paper_protocol_is_the_official_training_set(cora):
    """Cora: its first 600 nodes train, all others test, no validation; groups as ours, scored outside training."""
    s = cold_start_split(cora, protocol="paper")
    assert (s.train == np.arange(600)).all() and len(s.val) == 0 and (s.test == np.arange(600, cora.n_nodes)).all()
    assert s.scheme == "official" and cold_start_split(cora).scheme == "median"
    iso = s.group("isolated")
    assert set(iso) == set(s.isolated) - set(range(600)) and 0 < len(iso) < len(s.isolated)
    pred = cora.labels.copy()
    pred[s.isolated[s.isolated < 600]] = -1  # wrong only on isolated training nodes: they are not scored
    assert s.accuracy(pred, "isolated") == 1.0
    assert set(s.group("all")) == set(range(600, cora.n_nodes))


def test_paper_protocol_on_another_graph_is_a_public_split():
    g = dc_sbm_graph(seed=2)
    s = cold_start_split(g, protocol="paper", seed=0)
    assert (np.bincount(g.labels[s.train], minlength=g.n_classes) == 20).all()
    assert len(s.val) == 500 and len(s.test) == 1000
    parts = np.concatenate([s.train, s.val, s.test])
    assert len(np.unique(parts)) == len(parts)
    with pytest.raises(InputError, match="protocol"):
        cold_start_split(g, protocol="mine")


def test_official_groups_are_the_released_codes_value_cuts(cora):
    """The released code's cut on Cora: the 1,068 nodes of degree <= 2 split in half by degree, so 534 isolated
    (341 outside the 600 training nodes, the ones scored); the head from five cuts from above."""
    s = cold_start_split(cora, protocol="paper")
    d = s.original_degree
    assert len(s.isolated) == 534 and len(s.group("isolated")) == 341 and len(s.tail) == 534
    assert set(s.isolated) | set(s.tail) == set(np.flatnonzero(d <= 2))
    assert (d[s.isolated] == 1).sum() == (d == 1).sum()  # every degree-1 node is isolated, then degree 2 by node order
    assert d[s.isolated].max() <= d[s.tail].min()
    cut = np.arange(len(d))  # five median cuts from above, ties kept, written out
    for _ in range(5):
        cut = np.flatnonzero(d >= np.median(d[cut]))
    assert np.array_equal(s.head, cut) and len(s.head) == 286
    assert s.graph.degrees()[s.isolated].sum() == 0
    with pytest.raises(InputError, match="median scheme"):
        degree_groups(np.ones(50, dtype=int), scheme="official")  # one degree: no head apart from the rest


def test_decile_scheme_and_a_tiny_graph():
    d = np.arange(100)
    g = degree_groups(d, scheme="decile")
    assert len(g["isolated"]) == 10 and g["isolated"].max() == 9 and g["head"].min() == 90
    with pytest.raises(InputError):
        degree_groups(np.arange(10))


def test_dc_sbm_is_deterministic_heavy_tailed_and_tunable():
    a, b = dc_sbm_graph(seed=3), dc_sbm_graph(seed=3)
    assert (a.adj != b.adj).nnz == 0 and (a.features != b.features).nnz == 0
    d = a.degrees()
    assert d.max() > 10 * np.median(d)  # heavy tail
    same = a.labels[a.adj.nonzero()[0]] == a.labels[a.adj.nonzero()[1]]
    assert 0.7 < same.mean() < 0.9  # homophily 0.8 by default
    more_low = dc_sbm_graph(SBMConfig(low_degree_share=0.8), seed=3).degrees()
    assert (more_low <= 1).mean() > (d <= 1).mean() + 0.05
    with pytest.raises(InputError):
        SBMConfig(homophily=1.5)
