"""Cold Brew's analysis: accuracy per node group × model over seeds, the Feature Contribution Ratio,
embedding maps of teacher and student, and a node inspector with a cold-start toggle.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from modeldash.analysis.projection import METHODS, project
from modeldash.data.coldstart_graphs import AttributedGraph
from modeldash.data.coldstart_groups import ColdStartSplit
from modeldash.errors import InputError
from modeldash.models.coldstart_config import LABELS, MODELS

if TYPE_CHECKING:  # PyTorch and PyG are imported where models run: the recorded report needs neither
    import torch

    from modeldash.models.coldstart_coldbrew import ColdBrewStudent
    from modeldash.models.coldstart_fit import ColdStartModels, TrainSettings
    from modeldash.models.coldstart_gnn import NodeGNN

GROUP_COLS = ("acc_head", "acc_tail", "acc_isolated", "acc_all")
# The paper's isolated-node accuracies (%, Table 3) for reference: Cora, Citeseer
PAPER_ISOLATED = {"GCN": (58.0, 47.1), "MLP": (68.4, 53.3), "Cold Brew": (69.6, 53.2)}


def feature_contribution_ratio(z_gnn: float, z_mlp: float, z_lp: float) -> float:
    """FCR (Cold Brew, Sec. 3): with δ_M = z_G − z_M (what structure adds to features) and
    δ_L = z_G − z_L (what features add to structure), FCR = δ_L / (δ_M + δ_L). High: the features
    carry the labels, so a feature-only model can serve cold-start nodes. The paper's Cora figures
    (86.96, 69.02, 78.18) give 32.86%. NaN when the GNN beats neither part (δ_M + δ_L ≤ 0)."""
    d_m, d_l = z_gnn - z_mlp, z_gnn - z_lp
    return float(d_l / (d_m + d_l)) if d_m + d_l > 0 else float("nan")


@dataclass(frozen=True)
class ColdStartReport:
    """Per-seed, per-model accuracies on one graph (fractions), the group sizes and the protocol."""

    dataset: str
    rows: pd.DataFrame  # columns: seed, model, acc_head, acc_tail, acc_isolated, acc_test, acc_all
    n_head: int  # nodes scored in each group (outside the training set)
    n_tail: int
    n_isolated: int
    n_train: int
    n_val: int
    n_test: int
    scheme: str
    recorded: bool  # True: from the zoo manifests (training time); False: trained here
    protocol: str = "ours"  # "paper": the official code's training nodes; "ours": 60/20/20 outside the groups
    scoring: str = "eval"  # "eval": every model in evaluation mode; "released": as the released code scores groups

    def __post_init__(self):
        need = {"seed", "model", "acc_test", *GROUP_COLS}
        if not need <= set(self.rows.columns):
            raise ValueError(f"rows need columns {sorted(need)}")
        if self.rows.empty:
            raise ValueError("a report needs at least one row")

    @property
    def seeds(self) -> int:
        return int(self.rows["seed"].nunique())

    @property
    def can_release(self) -> bool:
        """Whether the rows carry the released code's scoring (records made before it was added do not)."""
        return "acc_isolated_released" in self.rows.columns

    def released(self) -> ColdStartReport:
        """The same report as the released code scores the node groups: its GCNs (teacher and GCN) in training
        mode, dropout on, with dropout on the logits; every other model in evaluation mode, as there."""
        if not self.can_release:
            raise InputError("this record predates the released code's scoring; retrain it to see that scoring")
        rows = self.rows.copy()
        for c in [c for c in rows.columns if c.endswith("_released")]:
            base = c.removesuffix("_released")  # a row without it (a researcher's outputs) keeps its own scoring
            rows[base] = rows[c].where(rows[c].notna(), rows[base])
        return dataclasses.replace(self, rows=rows, scoring="released")

    def node_matrix(self, model: str, group: str = "isolated") -> np.ndarray | None:
        """(seeds, nodes) 0/1: whether each scored node of the group is predicted right, per seed (in node
        order); None when the record has no per-node column."""
        col = f"correct_{group}"
        if col not in self.rows.columns:
            return None
        r = self.rows[self.rows["model"] == model].sort_values("seed")[col]
        if r.isna().any() or r.empty or len(set(map(len, r))) != 1:
            return None
        return np.array([[ch == "1" for ch in s] for s in r], dtype=float)

    def summary(self) -> pd.DataFrame:
        """Mean, std and the 95% t-interval over seeds (`_lo`, `_hi`; NaN from one seed), one row per model (in
        MODELS order), in percent."""
        from modeldash.analysis.intervals import t_interval

        cols = [*GROUP_COLS, "acc_test"]
        g = self.rows.groupby("model")[cols]
        mean, std = g.mean() * 100, g.std(ddof=1).fillna(0.0) * 100
        out = mean.join(std.add_suffix("_std"))
        for c in cols:
            iv = self.rows.groupby("model")[c].apply(lambda v: t_interval(v.dropna().to_numpy() * 100))
            out[f"{c}_lo"], out[f"{c}_hi"] = iv.map(lambda t: t[1]), iv.map(lambda t: t[2])
        out["seeds"] = self.rows.groupby("model")["seed"].nunique()  # a researcher's outputs: one
        order = [m for m in MODELS if m in out.index] + [m for m in out.index if m not in MODELS]  # yours last
        out = out.loc[order]
        out.insert(0, "label", [LABELS.get(m, f"{m} (yours)") for m in order])
        return out

    def fcr(self) -> float:
        """FCR from the seed-mean test accuracies of GCN, MLP and label propagation."""
        s = self.summary()["acc_test"]
        if not {"gcn", "mlp", "lp"} <= set(s.index):
            return float("nan")
        return feature_contribution_ratio(s["gcn"], s["mlp"], s["lp"])

    def headline(self) -> list[dict]:
        """One row per model: dataset, model, acc_* (percent, seed mean), n_isolated, fcr (percent)."""
        s, fcr = self.summary(), self.fcr() * 100
        return [
            {
                "dataset": self.dataset,
                "model": m,
                **{c: float(s.loc[m, c]) for c in GROUP_COLS},
                **{f"{c}_{k}": float(s.loc[m, f"{c}_{k}"]) for c in GROUP_COLS for k in ("std", "lo", "hi")},
                "n_isolated": self.n_isolated,
                "scoring": self.scoring,
                "seeds": int(s.loc[m, "seeds"]),
                "fcr": fcr,
            }
            for m in s.index
        ]


def report_from_rows(dataset: str, rows: list[dict], split: ColdStartSplit, *, recorded: bool) -> ColdStartReport:
    """Build a report from per-seed rows (as `models.coldstart_fit.seed_rows` makes them)."""
    if not rows:
        raise InputError("no accuracy rows recorded for this graph")
    return ColdStartReport(
        dataset=dataset,
        rows=pd.DataFrame(rows),
        n_head=len(split.group("head")),  # the scored nodes: a group's nodes outside the training set
        n_tail=len(split.group("tail")),
        n_isolated=len(split.group("isolated")),
        n_train=len(split.train),
        n_val=len(split.val),
        n_test=len(split.test),
        scheme=split.scheme,
        recorded=recorded,
        protocol=split.protocol,
    )


def coldstart_study(
    graph: AttributedGraph,
    *,
    seeds: int = 3,
    settings: TrainSettings | None = None,
    scheme: str | None = None,
    protocol: str = "ours",
    progress: Callable[[float], None] | None = None,
) -> tuple[ColdStartReport, ColdStartSplit, ColdStartModels]:
    """Train every model for `seeds` seeds and evaluate per group; also returns seed 0's split and models."""
    from modeldash.models.coldstart_fit import TrainSettings, train_seeds

    if not 1 <= seeds <= 10:
        raise InputError(f"seeds must be 1 to 10, got {seeds}")
    settings = settings or TrainSettings()
    rows, split, models = train_seeds(
        graph, seeds=seeds, settings=settings, scheme=scheme, protocol=protocol, progress=progress
    )
    return report_from_rows(graph.name, rows, split, recorded=False), split, models


# ----------------------------------------------------------------------------- embedding map


@dataclass(frozen=True)
class EmbeddingMap:
    """2-D coordinates of the teacher's embedding and the student's estimate of it, for the same nodes."""

    nodes: np.ndarray  # (M,) node ids shown
    teacher_xy: np.ndarray  # (M, 2)
    student_xy: np.ndarray  # (M, 2)
    labels: np.ndarray  # (M,)
    group: np.ndarray  # (M,) "head" | "tail" | "isolated" | "other"
    method: str  # "PCA" or "t-SNE"
    yours_xy: np.ndarray | None = None  # (M, 2) a researcher's own embeddings, projected the same way
    yours_name: str = ""


def node_group_names(split: ColdStartSplit) -> np.ndarray:
    g = np.full(split.graph.n_nodes, "other", dtype=object)
    for name in ("head", "tail", "isolated"):
        g[getattr(split, name)] = name
    return g


def embedding_map(
    teacher: NodeGNN,
    student: ColdBrewStudent,
    split: ColdStartSplit,
    *,
    method: str = "pca",
    max_points: int = 1500,
    seed: int = 0,
) -> EmbeddingMap:
    """Project teacher embeddings and student estimates to 2-D (each its own projection). t-SNE runs on a
    seeded subsample of `max_points` nodes that always keeps every group node."""
    import torch

    from modeldash.models.coldstart_fit import graph_tensors

    x, ei, _ = graph_tensors(split.graph)
    with torch.no_grad():
        t_emb = teacher.eval().embed(x, ei).numpy()
        s_emb = student.eval().estimate(x).numpy()
    n = split.graph.n_nodes
    groups = node_group_names(split)
    nodes = np.arange(n)
    if method == "tsne" and n > max_points:
        special = np.flatnonzero(groups != "other")
        rest = np.random.default_rng(seed).permutation(np.flatnonzero(groups == "other"))
        nodes = np.sort(np.concatenate([special, rest[: max(0, max_points - len(special))]]))
    return EmbeddingMap(
        nodes=nodes,
        teacher_xy=project(t_emb[nodes], method, seed=seed),
        student_xy=project(s_emb[nodes], method, seed=seed),
        labels=split.graph.labels[nodes],
        group=groups[nodes],
        method=METHODS[method],
    )


@dataclass(frozen=True)
class MapPair:
    """Two runs' embedding maps of the same nodes, the second aligned onto the first by Procrustes."""

    names: tuple[str, str]
    first: EmbeddingMap
    second: EmbeddingMap  # teacher and student layouts moved onto the first's
    residual: tuple[float, float]  # teacher, student: the share of the first layout's spread left after aligning


def map_pair(a: EmbeddingMap, b: EmbeddingMap, names: tuple[str, str]) -> MapPair:
    """Align b's layouts onto a's (the same nodes in the same order), so their shapes can be compared."""
    from modeldash.analysis.projection import align

    if not np.array_equal(a.nodes, b.nodes) or a.method != b.method:
        raise InputError("the two maps must show the same nodes with the same projection")
    t, rt = align(a.teacher_xy, b.teacher_xy)
    s, rs = align(a.student_xy, b.student_xy)
    return MapPair(names, a, dataclasses.replace(b, teacher_xy=t, student_xy=s), (rt, rs))


def with_embeddings(emap: EmbeddingMap, embeddings: np.ndarray, name: str, *, seed: int = 0) -> EmbeddingMap:
    """The map with a researcher's per-node embeddings (N, d) projected as the teacher's are, for the same nodes."""
    method = {v: k for k, v in METHODS.items()}[emap.method]
    xy = project(np.asarray(embeddings)[emap.nodes], method, seed=seed)
    return dataclasses.replace(emap, yours_xy=xy, yours_name=name)


# ----------------------------------------------------------------------------- node inspector


@dataclass(frozen=True)
class NodePredictions:
    """Every model's prediction for every node, on the graph as trained and with the node's own edges removed.

    A node without edges is read by every model from its own features (and structural embedding) alone, whatever
    the rest of the graph: so "with its edges removed" is, for all nodes at once, one pass on the empty graph."""

    models: tuple[str, ...]  # display labels, in the inspector's order
    pred_with: np.ndarray  # (M, N) predicted class on the graph as trained
    p_with: np.ndarray  # (M, N) its softmax probability
    pred_cold: np.ndarray  # (M, N) predicted class with the node's edges removed
    p_cold: np.ndarray  # (M, N)

    def rows(self, node: int) -> pd.DataFrame:
        """The inspector's table for one node: model, pred_with, p_with, pred_cold, p_cold, changed."""
        if not 0 <= node < self.pred_with.shape[1]:
            raise InputError(f"node must be in [0, {self.pred_with.shape[1]}), got {node}")
        a, b = self.pred_with[:, node], self.pred_cold[:, node]
        return pd.DataFrame(
            {
                "model": list(self.models),
                "pred_with": a.astype(int),
                "p_with": self.p_with[:, node].astype(float),
                "pred_cold": b.astype(int),
                "p_cold": self.p_cold[:, node].astype(float),
                "changed": a != b,
            }
        )


def node_predictions(models: dict[str, torch.nn.Module], split: ColdStartSplit) -> NodePredictions:
    """Predictions of every model for every node of the split's graph, with its edges and without."""
    import torch

    from modeldash.models.coldstart_fit import graph_tensors

    x, ei, _ = graph_tensors(split.graph)
    empty = torch.zeros((2, 0), dtype=torch.int64)
    out: dict[str, list] = {"pred_with": [], "p_with": [], "pred_cold": [], "p_cold": []}
    for m in models.values():
        with torch.no_grad():
            for edges, tag in ((ei, "with"), (empty, "cold")):
                p, c = m.eval()(x, edges).softmax(-1).max(-1)
                out[f"pred_{tag}"].append(c.numpy().astype(np.int16))
                out[f"p_{tag}"].append(p.numpy().astype(np.float32))
    return NodePredictions(tuple(LABELS.get(k, k) for k in models), **{k: np.stack(v) for k, v in out.items()})


@dataclass(frozen=True)
class NodeInspection:
    """A node's 2-hop neighbourhood and each model's prediction with its edges and with them removed."""

    node: int
    label: int
    group: str
    degree: int  # in the graph the models saw (isolated nodes: 0)
    original_degree: int
    sub_nodes: np.ndarray  # (S,) node ids drawn, the node first
    sub_edges: np.ndarray  # (2, E_s) pairs of node ids, from the original graph
    sub_cut: np.ndarray  # (E_s,) bool: removed before training (edges of the isolated group)
    sub_labels: np.ndarray  # (S,)
    predictions: pd.DataFrame  # model, pred_with, p_with, pred_cold, p_cold, changed


def inspect_node(
    predictions: NodePredictions,
    split: ColdStartSplit,
    node: int,
    *,
    original: AttributedGraph | None = None,
    max_nodes: int = 60,
) -> NodeInspection:
    """Every model's prediction for `node` (from `node_predictions`) on the graph as trained and after removing
    the node's edges. The neighbourhood is drawn from `original` (the graph before isolation) when given, so an
    isolated node shows the edges it lost."""
    g = split.graph
    full = original.adj if original is not None else g.adj
    if not 0 <= node < g.n_nodes:
        raise InputError(f"node must be in [0, {g.n_nodes}), got {node}")
    rows = predictions.rows(node)
    nbrs = [node]
    frontier = [node]
    for _ in range(2):
        nxt = []
        for u in frontier:
            for v in full.indices[full.indptr[u] : full.indptr[u + 1]]:
                if v not in nbrs and len(nbrs) < max_nodes:
                    nbrs.append(int(v))
                    nxt.append(int(v))
        frontier = nxt
    sub = np.array(nbrs)
    a = full[sub][:, sub].tocoo()
    keep = a.row < a.col
    seen = np.array([g.adj[u, v] > 0 for u, v in zip(sub[a.row[keep]], sub[a.col[keep]])], dtype=bool)
    return NodeInspection(
        node=node,
        label=int(g.labels[node]),
        group=str(node_group_names(split)[node]),
        degree=int(g.adj.indptr[node + 1] - g.adj.indptr[node]),
        original_degree=int(split.original_degree[node]),
        sub_nodes=sub,
        sub_edges=np.vstack([sub[a.row[keep]], sub[a.col[keep]]]),
        sub_cut=~seen,
        sub_labels=g.labels[sub],
        predictions=rows,
    )
