"""Cold Brew's node groups (head, tail, isolated) and the train/validation/test split around them.

Groups, three schemes. "official" is the official code's cut (`amazon-science/gnn-tail-generalization`,
`utils.py`: `get_partial_sorted_idx` and its use with `use_special_split`): four cuts of the degree *values* at
the median from below (`<=`, ties kept) give the low-degree set, which sorted by degree splits in half — the
lower half isolated (all their edges removed, so they are truly cold), the upper half the tail; five cuts from
above (`>=`) give the head. Ties stall the cuts: on Cora the low set is the 1,068 nodes of degree <= 2, so 534
nodes are isolated (341 of them outside the 600 training nodes, the ones scored). Among tied degrees the halves
follow node order (a stable sort; the official code's default `argsort` order is unspecified). It is the paper
protocol's scheme. "median" is ours: the same cuts on ranks, ties broken by a seeded random order, so each cut
halves exactly and each group holds 1/32 of the nodes. "decile" is the paper's wording, 10% cut-offs.

Two protocols place the training nodes. "paper" is the official code's: Cora trains on its first 600 node indices
and tests on all others; other graphs take a Planetoid-style public split (20 labelled nodes per class, 500
validation, 1,000 test). Group nodes may be training nodes there (an isolated training node is trained without its
edges), and a group's accuracy counts its nodes outside the training set, as the official evaluation does. "ours"
holds every group node out and splits the rest 60/20/20 per class, so the models see far more labels.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp

from modeldash.data.coldstart_graphs import AttributedGraph
from modeldash.errors import InputError

SCHEMES = {"official": None, "median": 1 / 32, "decile": 0.10}  # share of nodes per group (official: by value)
GROUPS = ("head", "tail", "isolated")
PROTOCOLS = ("paper", "ours")
CORA_TRAIN = 600  # the official code's Cora training set: node indices 0..599
PUBLIC = (20, 500, 1000)  # Planetoid public split: labels per class, validation nodes, test nodes


@dataclass(frozen=True)
class ColdStartSplit:
    """The graph with the isolated group's edges removed, the groups, and the training split.

    "ours": every group node is held out of training and validation; the remaining nodes are split 60/20/20 per
    class into train/val/test. "paper": the official code's training nodes (group nodes among them), and groups
    scored outside them. Indices are sorted int64 arrays into the graph's nodes; `val` may be empty (Cora, paper).
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
    protocol: str = "ours"

    def __post_init__(self):
        parts = [self.train, self.val, self.test]
        if self.protocol == "ours":
            parts += [self.head, self.tail, self.isolated]
        sets = [set(a.tolist()) for a in parts]
        if sum(map(len, sets)) != len(set().union(*sets)):
            raise ValueError("groups and splits must be disjoint" if self.protocol == "ours" else "splits overlap")

    def group(self, name: str) -> np.ndarray:
        """Node ids scored for 'head', 'tail', 'isolated' (the group outside the training set), or 'all' (every
        scored node: test + groups)."""
        if name == "all":
            return np.union1d(self.test, np.concatenate([self.group(g) for g in GROUPS]))
        if name not in GROUPS:
            raise InputError(f"unknown node group {name!r}; choose from {', '.join(GROUPS)} or all")
        return np.setdiff1d(getattr(self, name), self.train)

    def accuracy(self, pred: np.ndarray, name: str) -> float:
        """Share of group `name` (or 'test', the non-group held-out nodes) whose predicted class is right."""
        idx = self.test if name == "test" else self.group(name)
        return float((pred[idx] == self.graph.labels[idx]).mean()) if len(idx) else float("nan")


def default_scheme(protocol: str) -> str:
    """The paper's protocol groups nodes as the official code does; ours by exact 1/32 cuts."""
    return "official" if protocol == "paper" else "median"


def _value_cuts(degree: np.ndarray, times: int, below: bool) -> np.ndarray:
    """The official code's repeated median cut on degree values: `times` cuts, ties kept."""
    idx = np.arange(len(degree))
    for _ in range(times):
        med = np.median(degree[idx])
        idx = np.flatnonzero(degree <= med) if below else np.flatnonzero(degree >= med)
    return idx


def official_groups(degree: np.ndarray) -> dict[str, np.ndarray]:
    """The official code's groups: the low-degree set of four value cuts split in half by degree (lower half
    isolated, upper half tail), and the head from five value cuts from above."""
    degree = np.asarray(degree)
    low = _value_cuts(degree, 4, below=True)
    low = low[np.argsort(degree[low], kind="stable")]
    head = _value_cuts(degree, 5, below=False)
    iso, tail = low[: len(low) // 2], low[len(low) // 2 :]
    if len(iso) < 1 or len(tail) < 1 or np.intersect1d(head, low).size:
        raise InputError(
            f"the official degree cuts cannot split this graph's {len(degree)} nodes into head, tail and isolated "
            "groups (too few distinct degrees); choose the median scheme"
        )
    return {"isolated": np.sort(iso), "tail": np.sort(tail), "head": np.sort(head)}


def degree_groups(degree: np.ndarray, *, scheme: str = "median", seed: int = 0) -> dict[str, np.ndarray]:
    """Head, tail and isolated node ids from degrees (see the module's docstring for the schemes)."""
    if scheme not in SCHEMES:
        raise InputError(f"unknown grouping {scheme!r}; choose from {', '.join(SCHEMES)}")
    if scheme == "official":
        return official_groups(degree)
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


def _ours(graph: AttributedGraph, held: np.ndarray, seed: int, fractions: tuple[float, float]):
    """Every node outside the groups, split per class into train / validation / test."""
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
    return train, val, test


def _paper(graph: AttributedGraph, seed: int):
    """The official code's training nodes: Cora's first 600 indices (the rest is test, no validation); else a
    Planetoid-style public split drawn with `seed` (20 per class, then 500 validation and 1,000 test nodes)."""
    n = graph.n_nodes
    if graph.name == "cora":
        if n <= CORA_TRAIN:
            raise InputError(f"Cora's paper protocol trains on its first {CORA_TRAIN} nodes; this graph has {n}")
        return np.arange(CORA_TRAIN, dtype=np.int64), np.zeros(0, np.int64), np.arange(CORA_TRAIN, n, dtype=np.int64)
    per_class, n_val, n_test = PUBLIC
    rng = np.random.default_rng(seed + 1)
    train = []
    for c in range(graph.n_classes):
        idx = np.flatnonzero(graph.labels == c)
        train.append(rng.permutation(idx)[:per_class])
    train = np.sort(np.concatenate(train)).astype(np.int64)
    rest = rng.permutation(np.setdiff1d(np.arange(n), train))
    if len(rest) < 2:
        raise InputError("too few nodes outside the 20 labels per class to validate and test on")
    n_val = min(n_val, len(rest) // 3)  # a small graph keeps the proportions
    n_test = min(n_test, len(rest) - n_val)
    return train, np.sort(rest[:n_val]).astype(np.int64), np.sort(rest[n_val : n_val + n_test]).astype(np.int64)


def cold_start_split(
    graph: AttributedGraph,
    *,
    scheme: str | None = None,
    seed: int = 0,
    fractions: tuple[float, float] = (0.6, 0.2),
    group_seed: int = 0,
    protocol: str = "ours",
) -> ColdStartSplit:
    """Groups from the original degrees, the isolated group made cold, and the protocol's training split.

    `group_seed` fixes the groups (the same for every training seed, so seeds are comparable);
    `seed` draws the train/val/test split (ours; the paper's public split of a graph other than Cora).
    `scheme`: the groups' cut (None: the protocol's, `default_scheme`).
    """
    if protocol not in PROTOCOLS:
        raise InputError(f"unknown protocol {protocol!r}; choose from {', '.join(PROTOCOLS)}")
    scheme = scheme or default_scheme(protocol)
    degree = graph.degrees()
    groups = degree_groups(degree, scheme=scheme, seed=group_seed)
    if protocol == "ours":
        train, val, test = _ours(graph, np.concatenate(list(groups.values())), seed, fractions)
    else:
        train, val, test = _paper(graph, seed)
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
        protocol=protocol,
    )
