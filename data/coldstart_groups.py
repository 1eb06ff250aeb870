"""Cold Brew's node groups (head, tail, isolated) and the train/validation/test split around them.

Groups follow the official code (`amazon-science/gnn-tail-generalization`, `get_partial_sorted_idx`):
repeated median cuts of the degree. Four cuts from below keep the lowest 1/16 of nodes; sorted by
degree, the lower half becomes the isolated group (all their edges are removed, so they are truly
cold) and the upper half the tail group; five cuts from above give the head group (top 1/32).
The official code cuts on degree *values*; with many tied degrees that stalls (on Cora 39% of nodes
have degree <= 2, so a value cut can never go below 39%), so ties are broken by a seeded random
order and each cut halves exactly: about 3.1% of nodes per group. The paper's wording, 10% cut-offs,
is the "decile" scheme.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp

from data.coldstart_graphs import AttributedGraph
from errors import InputError

SCHEMES = {"median": 1 / 32, "decile": 0.10}
GROUPS = ("head", "tail", "isolated")


@dataclass(frozen=True)
class ColdStartSplit:
    """The graph with the isolated group's edges removed, the groups, and the training split.

    Every group node is held out of training and validation; the remaining nodes are split
    60/20/20 per class into train/val/test. Indices are sorted int64 arrays into the graph's nodes.
    """

    graph: AttributedGraph  # edges of `isolated` removed
    original_degree: np.ndarray  # (N,) degree before isolation
    head: np.ndarray
    tail: np.ndarray
    isolated: np.ndarray
    train: np.ndarray
    val: np.ndarray
    test: np.ndarray
    scheme: str
    seed: int

    def __post_init__(self):
        sets = [set(self.head), set(self.tail), set(self.isolated), set(self.train), set(self.val), set(self.test)]
        if sum(map(len, sets)) != len(set().union(*sets)):
            raise ValueError("groups and splits must be disjoint")

    def group(self, name: str) -> np.ndarray:
        """Node ids of 'head', 'tail', 'isolated', or 'all' (every held-out node: test + groups)."""
        if name == "all":
            return np.sort(np.concatenate([self.test, self.head, self.tail, self.isolated]))
        if name not in GROUPS:
            raise InputError(f"unknown node group {name!r}; choose from {', '.join(GROUPS)} or all")
        return getattr(self, name)

    def accuracy(self, pred: np.ndarray, name: str) -> float:
        """Share of group `name` (or 'test', the non-group held-out nodes) whose predicted class is right."""
        idx = self.test if name == "test" else self.group(name)
        return float((pred[idx] == self.graph.labels[idx]).mean()) if len(idx) else float("nan")


def degree_groups(degree: np.ndarray, *, scheme: str = "median", seed: int = 0) -> dict[str, np.ndarray]:
    """Head, tail and isolated node ids from degrees; ties broken by a seeded random order."""
    if scheme not in SCHEMES:
        raise InputError(f"unknown grouping {scheme!r}; choose from {', '.join(SCHEMES)}")
    n = len(degree)
    k = int(round(n * SCHEMES[scheme]))
    if k < 1 or 3 * k > n:
        raise InputError(f"a graph of {n} nodes is too small for {scheme} groups (each would hold {k} nodes)")
    tiebreak = np.random.default_rng(seed).permutation(n)
    order = np.lexsort((tiebreak, degree))  # ascending degree, random among ties
    return {"isolated": np.sort(order[:k]), "tail": np.sort(order[k : 2 * k]), "head": np.sort(order[-k:])}


def remove_edges_of(adj: sp.csr_matrix, nodes: np.ndarray) -> sp.csr_matrix:
    """The adjacency with every edge touching `nodes` removed (rows and columns zeroed)."""
    keep = np.ones(adj.shape[0], dtype=np.float32)
    keep[nodes] = 0.0
    d = sp.diags(keep)
    out = (d @ adj @ d).tocsr()
    out.eliminate_zeros()
    return out


def cold_start_split(
    graph: AttributedGraph,
    *,
    scheme: str = "median",
    seed: int = 0,
    fractions: tuple[float, float] = (0.6, 0.2),
    group_seed: int = 0,
) -> ColdStartSplit:
    """Groups from the original degrees, the isolated group made cold, and a per-class split of the rest.

    `group_seed` fixes the groups (the same for every training seed, so seeds are comparable);
    `seed` draws the train/val/test split.
    """
    degree = graph.degrees()
    groups = degree_groups(degree, scheme=scheme, seed=group_seed)
    held = np.concatenate(list(groups.values()))
    rest = np.setdiff1d(np.arange(graph.n_nodes), held)
    rng = np.random.default_rng(seed + 1)
    train, val, test = [], [], []
    for c in range(graph.n_classes):
        idx = rest[graph.labels[rest] == c]
        idx = idx[rng.permutation(len(idx))]
        a, b = int(round(len(idx) * fractions[0])), int(round(len(idx) * (fractions[0] + fractions[1])))
        train.append(idx[:a]), val.append(idx[a:b]), test.append(idx[b:])
    train, val, test = (np.sort(np.concatenate(s)).astype(np.int64) for s in (train, val, test))
    if len(train) == 0 or len(val) == 0:
        raise InputError("too few nodes outside the held-out groups to train and validate on")
    cold = AttributedGraph(
        name=graph.name,
        adj=remove_edges_of(graph.adj, groups["isolated"]),
        features=graph.features,
        labels=graph.labels,
        source=graph.source,
    )
    return ColdStartSplit(
        graph=cold,
        original_degree=degree,
        head=groups["head"],
        tail=groups["tail"],
        isolated=groups["isolated"],
        train=train,
        val=val,
        test=test,
        scheme=scheme,
        seed=seed,
    )
