"""A researcher's per-node outputs for Cold-start graphs: read as data, checked against the graph, every malformed
file refused in one sentence; the bundled GCN's own logits as a file score exactly as the recipe recorded."""

import io

import numpy as np
import pytest

from modeldash.data.coldstart_outputs import read_outputs
from modeldash.errors import InputError

N, C = 30, 3


def _npz(**arrays) -> bytes:
    buf = io.BytesIO()
    np.savez(buf, **arrays)
    return buf.getvalue()


def test_a_good_file():
    o = read_outputs(_npz(logits=np.eye(C)[np.arange(N) % C], embeddings=np.ones((N, 4))), n_nodes=N, n_classes=C)
    assert o.logits.shape == (N, C) and o.embeddings.shape == (N, 4)
    np.testing.assert_array_equal(o.pred, np.arange(N) % C)


BAD = [
    ("empty", b"", "empty"),
    ("not an npz", b"junk", "not an .npz"),
    ("no logits", _npz(embeddings=np.ones((N, 2))), "no 'logits'"),
    ("unknown key", _npz(logits=np.ones((N, C)), probs=np.ones((N, C))), "unexpected array 'probs'"),
    ("wrong N", _npz(logits=np.ones((N - 1, C))), f"the graph has {N} nodes"),
    ("wrong C", _npz(logits=np.ones((N, C + 1))), f"the graph has {C} classes"),
    ("1-D logits", _npz(logits=np.ones(N)), "matrix"),
    ("NaN", _npz(logits=np.full((N, C), np.nan)), "NaN"),
    ("text", _npz(logits=np.full((N, C), "x")), "numeric"),
    ("embeddings of other N", _npz(logits=np.ones((N, C)), embeddings=np.ones((N + 1, 2))), "'embeddings' has"),
    ("pickled", None, "Python objects"),
]


@pytest.mark.parametrize("name, raw, phrase", BAD, ids=[b[0] for b in BAD])
def test_malformed_outputs_are_refused_in_one_sentence(name, raw, phrase):
    if raw is None:
        buf = io.BytesIO()
        np.savez(buf, logits=np.array([object()] * N, dtype=object))
        raw = buf.getvalue()
    with pytest.raises(InputError) as e:
        read_outputs(raw, n_nodes=N, n_classes=C)
    assert phrase in str(e.value) and "\n" not in str(e.value)


def test_the_bundled_gcns_logits_as_a_file_score_as_recorded():
    import torch

    from modeldash.analysis.coldstart.service import load_graph_bundle, outputs_rows, with_outputs
    from modeldash.models.coldstart_fit import graph_tensors

    b = load_graph_bundle("cora")
    x, ei, _ = graph_tensors(b.split.graph)
    with torch.no_grad():
        logits = b.models["gcn"](x, ei).numpy()
    buf = io.BytesIO()
    np.savez(buf, logits=logits)
    g = b.split.graph
    mine = read_outputs(buf.getvalue(), n_nodes=g.n_nodes, n_classes=g.n_classes, name="gcn-file")
    (row,) = outputs_rows(b.split, mine)
    rec = b.report.rows[(b.report.rows.model == "gcn") & (b.report.rows.seed == 0)].iloc[0]
    for k in ("acc_head", "acc_tail", "acc_isolated", "acc_test", "acc_all"):
        assert abs(row[k] - rec[k]) < 2 / len(b.split.test), k  # as recorded, to a node or two across CPUs
    rep = with_outputs(b.report, b.split, [mine])
    s = rep.summary()
    assert s.loc["gcn-file", "label"] == "gcn-file (yours)" and s.loc["gcn-file", "seeds"] == 1
    assert list(s.index)[-1] == "gcn-file" and rep.fcr() == b.report.fcr()  # FCR stays the bundled models'
