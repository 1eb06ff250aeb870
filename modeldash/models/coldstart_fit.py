"""Fitting the cold-start view's models: Cold Brew's teacher and student, and the baselines, full batch.

Every model is trained on the split's training nodes and kept at the epoch of best validation
accuracy (PyG's examples/gcn.py loop). `train_all` trains one seed and `train_seeds` several; the zoo
recipe (models/training/coldstart.py) and the page's uploads both call them.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp
import torch
import torch.nn.functional as F
from torch import nn
from torch_geometric.nn import LabelPropagation

from modeldash.data.coldstart_graphs import AttributedGraph
from modeldash.data.coldstart_groups import ColdStartSplit, cold_start_split
from modeldash.errors import InputError
from modeldash.models.coldstart_coldbrew import ColdBrewStudent
from modeldash.models.coldstart_config import MODELS, ColdBrewConfig, NodeGNNConfig, NodeMLPConfig
from modeldash.models.coldstart_gnn import NodeGNN, NodeMLP

MAX_DENSE = 60_000_000  # N × F entries of the dense feature matrix (240 MB)


@dataclass(frozen=True)
class TrainSettings:
    """How every model of the study is trained. The defaults are our protocol's; PAPER is the official code's
    Cora command (`amazon-science/gnn-tail-generalization` readme: teacher '100' with se_reg 32, student
    top-K 3, 2-layer part 1, dropout 0.5, Adam lr 0.005, 1,500 steps)."""

    epochs: int = 200
    student_epochs: int = 300
    lr: float = 0.01
    weight_decay: float = 5e-4
    hidden: int = 64
    se_reg: float = 10.0  # coefficient on ‖E‖ (official default 10; its Cora command 32, Citeseer 0.5)
    top_k: int = 2
    lp_layers: int = 50
    lp_alpha: float = 0.9
    dropout: float = 0.5  # GNNs' and the MLP baseline's
    se_std: float = 0.1  # initial scale of the structural embedding (official 1.0)
    se_first_only: bool = False  # official '100': the structural embedding in the first layer only
    student_dropout: float = 0.2
    style: str = "relu"  # MLPs' hidden layers: "relu", or the official "ln-gelu" (LayerNorm + GELU)
    scale_retrieval: bool = False  # official: the estimate scaled by α₀ before the top-K retrieval
    select: str = "val"  # keep each model at its best validation epoch ("val"), or its last ("last")
    ablation: bool = True  # also train the student without virtual neighbours


QUICK = TrainSettings(epochs=50, student_epochs=50)
PAPER = TrainSettings(
    epochs=1500,
    student_epochs=1500,
    lr=0.005,
    se_reg=32.0,
    top_k=3,
    dropout=0.6,
    se_std=1.0,
    se_first_only=True,
    student_dropout=0.5,
    style="ln-gelu",
    scale_retrieval=True,
    select="last",
)
PAPER_QUICK = dataclasses.replace(PAPER, epochs=150, student_epochs=150)
SETTINGS = {"paper": (PAPER, PAPER_QUICK), "ours": (TrainSettings(), QUICK)}  # protocol: (full, quick)
UPLOAD_SEEDS = 3  # a user's graph (`--data`, the page's upload) under full settings


def settings_for(protocol: str, quick: bool = False) -> TrainSettings:
    """The protocol's full (or quick: a smoke test) training settings."""
    if protocol not in SETTINGS:
        raise InputError(f"unknown protocol {protocol!r}; choose from {', '.join(SETTINGS)}")
    return SETTINGS[protocol][int(quick)]


@dataclass
class ColdStartModels:
    """One seed's trained models (eval mode) and label propagation's predictions."""

    teacher: NodeGNN
    gcn: NodeGNN
    sage: NodeGNN
    mlp: NodeMLP
    coldbrew: ColdBrewStudent
    lp_pred: np.ndarray  # (N,) class ids
    best_epoch: dict
    coldbrew_novn: ColdBrewStudent | None = None  # the ablation without virtual neighbours, when trained

    def modules(self) -> dict[str, nn.Module]:
        return {k: getattr(self, k) for k in MODELS if k != "lp" and getattr(self, k) is not None}


def graph_tensors(graph: AttributedGraph) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
    """Row-normalised features (N, F) as a sparse CSR tensor, edge_index (2, 2E), labels (N,)."""
    if graph.n_nodes * graph.n_features > MAX_DENSE:
        raise InputError(
            f"{graph.n_nodes:,} nodes × {graph.n_features:,} features is too large to train on here "
            f"(limit {MAX_DENSE:,} entries)"
        )
    f = graph.features.tocsr().astype(np.float32)
    rows = np.asarray(f.sum(axis=1)).ravel()
    f = sp.diags(np.divide(1.0, rows, out=np.zeros_like(rows), where=rows != 0)) @ f
    f = f.tocsr()
    f.sort_indices()
    x = torch.sparse_csr_tensor(
        torch.from_numpy(f.indptr.astype(np.int64)),
        torch.from_numpy(f.indices.astype(np.int64)),
        torch.from_numpy(f.data.astype(np.float32)),
        f.shape,
        check_invariants=False,
    )
    return x, torch.from_numpy(graph.edge_index()), torch.from_numpy(graph.labels)


def csr_rows(x: torch.Tensor, rows: np.ndarray) -> torch.Tensor:
    """The given rows of a sparse CSR tensor, as a sparse CSR tensor (feature-only models train on these)."""
    m = sp.csr_matrix((x.values().numpy(), x.col_indices().numpy(), x.crow_indices().numpy()), shape=tuple(x.shape))
    m = m[rows]
    m.sort_indices()
    return torch.sparse_csr_tensor(
        torch.from_numpy(m.indptr.astype(np.int64)),
        torch.from_numpy(m.indices.astype(np.int64)),
        torch.from_numpy(m.data.astype(np.float32)),
        m.shape,
        check_invariants=False,
    )


def predict(model: nn.Module, x: torch.Tensor, edge_index: torch.Tensor) -> np.ndarray:
    """Class ids (N,) in eval mode."""
    model.eval()
    with torch.no_grad():
        return model(x, edge_index).argmax(-1).numpy()


def _fit(
    model: nn.Module,
    forward: Callable[[str], torch.Tensor],
    y: torch.Tensor,
    split: ColdStartSplit,
    s: TrainSettings,
    epochs: int,
    extra: Callable[[], torch.Tensor] | None = None,
    params=None,
) -> int:
    """Adam on cross-entropy over the training nodes; restores the best-validation state (or keeps the last, when
    `s.select` is "last" or the split has no validation nodes). Returns the epoch kept. `forward("train")` and
    `forward("val")` give the logits of the split's training and validation nodes, in their order."""
    opt = torch.optim.Adam(params if params is not None else model.parameters(), lr=s.lr, weight_decay=s.weight_decay)
    tr, va = torch.from_numpy(split.train), torch.from_numpy(split.val)
    last = s.select == "last" or len(va) == 0
    best, best_state, best_epoch = -1.0, None, 0
    for epoch in range(1, epochs + 1):
        model.train()
        opt.zero_grad()
        loss = F.cross_entropy(forward("train"), y[tr])
        if extra is not None:
            loss = loss + extra()
        loss.backward()
        opt.step()
        if last:
            continue
        model.eval()
        with torch.no_grad():
            acc = (forward("val").argmax(-1) == y[va]).float().mean().item()
        if acc > best:
            best, best_epoch = acc, epoch
            best_state = {k: v.detach().clone() for k, v in model.state_dict().items()}
    if last:
        return epochs
    model.load_state_dict(best_state)
    return best_epoch


def train_all(
    split: ColdStartSplit,
    *,
    seed: int = 0,
    settings: TrainSettings = TrainSettings(),
    progress: Callable[[float], None] | None = None,
) -> ColdStartModels:
    """Train the teacher, the baselines and the Cold Brew student for one seed on `split.graph`."""
    g, s = split.graph, settings
    x, ei, y = graph_tensors(g)
    n, f, c = g.n_nodes, g.n_features, g.n_classes
    steps = iter(np.linspace(0, 1, 8)[1:])
    tick = (lambda: progress(float(next(steps)))) if progress else (lambda: None)
    best = {}
    idx = {"train": torch.from_numpy(split.train), "val": torch.from_numpy(split.val)}
    rows = {k: csr_rows(x, v.numpy()) for k, v in idx.items()}  # feature-only models read just these rows

    def gnn(**kw) -> NodeGNN:
        torch.manual_seed(seed)
        se = {"se_std": s.se_std, "se_first_only": s.se_first_only} if kw.get("se_nodes") else {}
        m = NodeGNN(NodeGNNConfig(n_features=f, n_classes=c, hidden=s.hidden, dropout=s.dropout, **kw, **se))
        extra = (lambda: s.se_reg * m.se_norm()) if kw.get("se_nodes") else None
        best[kw.get("conv", "gcn") + ("_se" if kw.get("se_nodes") else "")] = _fit(
            m, lambda k: m(x, ei)[idx[k]], y, split, s, s.epochs, extra
        )
        tick()
        return m.eval()

    teacher, gcn, sage = gnn(se_nodes=n), gnn(), gnn(conv="sage")
    best = {"teacher": best["gcn_se"], "gcn": best["gcn"], "sage": best["sage"]}
    torch.manual_seed(seed)
    # the MLP baseline: the official SEMLP downgraded to an MLP (its part 2 alone) under the paper's settings
    mlp_cfg = NodeMLPConfig(n_features=f, n_classes=c, hidden=256, dropout=s.dropout, style=s.style)
    if s.style == "ln-gelu":
        mlp_cfg = dataclasses.replace(mlp_cfg, dropout=s.student_dropout)
    mlp = NodeMLP(mlp_cfg)
    best["mlp"] = _fit(mlp, lambda k: mlp(rows[k]), y, split, s, s.student_epochs if s.style == "ln-gelu" else s.epochs)
    tick()
    student = _train_student(teacher, x, ei, y, split, s, seed, best, idx, rows)
    tick()
    novn = _train_student(teacher, x, ei, y, split, s, seed, best, idx, rows, virtual=False) if s.ablation else None
    tick()
    lp = LabelPropagation(num_layers=s.lp_layers, alpha=s.lp_alpha)
    mask = torch.zeros(n, dtype=torch.bool)
    mask[torch.from_numpy(split.train)] = True
    with torch.no_grad():
        scores = lp(y, ei, mask=mask)  # (N, C)
    lp_pred = scores.argmax(-1).numpy()
    # no label reaches a node without edges: label propagation then falls back to the majority class
    lp_pred[(scores.sum(-1) == 0).numpy()] = int(np.bincount(split.graph.labels[split.train]).argmax())
    tick()
    return ColdStartModels(teacher, gcn, sage, mlp.eval(), student, lp_pred, best, novn)


def _train_student(
    teacher: NodeGNN,
    x,
    ei,
    y,
    split: ColdStartSplit,
    s: TrainSettings,
    seed: int,
    best: dict,
    idx: dict[str, torch.Tensor],
    rows: dict[str, torch.Tensor],
    virtual: bool = True,
) -> ColdBrewStudent:
    """Part 1 regresses the teacher's embedding (MSE, training nodes); part 2 classifies."""
    with torch.no_grad():
        target = teacher.eval().embed(x, ei)  # (N, D)
    torch.manual_seed(seed)
    st = ColdBrewStudent(
        ColdBrewConfig(
            n_features=x.shape[1],
            n_classes=int(y.max()) + 1,
            emb_dim=target.shape[1],
            n_nodes=x.shape[0],
            top_k=s.top_k,
            dropout=s.student_dropout,
            style=s.style,
            virtual=virtual,
            scale_retrieval=s.scale_retrieval,
        )
    )
    st.teacher_emb.copy_(target)
    opt = torch.optim.Adam(st.part1.parameters(), lr=s.lr, weight_decay=s.weight_decay)
    for _ in range(s.student_epochs):
        st.train()
        opt.zero_grad()
        F.mse_loss(st.estimate(rows["train"]), target[idx["train"]]).backward()
        opt.step()
    # part 1 is frozen from here on, so its estimate and the retrieval's candidates are computed once (eval mode);
    # the official code recomputes them every step, which differs only by part 1's dropout. The retrieval's
    # weights follow α₀ at every step when it scales the estimate (official), as they do there.
    st.eval()
    with torch.no_grad():
        est = {k: st.estimate(r) for k, r in rows.items()}
        table = {k: st.retrieval_table(e) for k, e in est.items()} if virtual else None

    def forward(k: str):
        virt = None if table is None else st.mix(table[k], st.retrieval_scale())[0]
        return st.classify(rows[k], est[k], virt)

    params = [*st.part2_x.parameters(), *st.part2_side.parameters(), *st.part2.parameters(), st.alphas]
    key = "coldbrew" if virtual else "coldbrew_novn"
    best[key] = _fit(st, forward, y, split, s, s.student_epochs, params=params)
    return st.eval()


RELEASED = ("teacher", "gcn")  # the models the released code scores per group in training mode
GROUP_NAMES = ("head", "tail", "isolated", "test", "all")


def released_predict(model: nn.Module, x: torch.Tensor, edge_index: torch.Tensor, seed: int) -> np.ndarray:
    """Class ids (N,) as the released code scores a GCN's node groups: inside its training step, so in training
    mode (dropout on every layer's input) and with its dropout on the logits (`GNN_model/GCN.py`), one seeded draw."""
    with torch.random.fork_rng():
        torch.manual_seed(10_000 + seed)
        model.train()
        with torch.no_grad():
            logits = F.dropout(model(x, edge_index), model.cfg.dropout, True)
    model.eval()
    return logits.argmax(-1).numpy()


def correct_string(split: ColdStartSplit, pred: np.ndarray, name: str = "isolated") -> str:
    """Whether each scored node of a group (in node order) is predicted right, as a string of 0s and 1s: the
    per-node record an interval over nodes as well as seeds needs, compact in a manifest."""
    idx = split.group(name)
    return "".join("1" if c else "0" for c in pred[idx] == split.graph.labels[idx])


def seed_rows(split: ColdStartSplit, models: ColdStartModels, seed: int) -> list[dict]:
    """Per-model accuracy on each node group for one seed (plain numbers, recorded in manifests), each isolated
    node's correctness, and the same as the released code scores them (`_released`: GCNs in training mode)."""
    x, ei, _ = graph_tensors(split.graph)
    mods = models.modules()
    preds = {k: predict(m, x, ei) for k, m in mods.items()} | {"lp": models.lp_pred}
    out = []
    for k, p in preds.items():
        rel = released_predict(mods[k], x, ei, seed) if k in RELEASED else p
        out.append(
            {
                "seed": seed,
                "model": k,
                **{f"acc_{g}": split.accuracy(p, g) for g in GROUP_NAMES},
                **{f"acc_{g}_released": split.accuracy(rel, g) for g in GROUP_NAMES},
                "correct_isolated": correct_string(split, p),
                "correct_isolated_released": correct_string(split, rel),
            }
        )
    return out


def train_seeds(
    graph: AttributedGraph,
    *,
    seeds: int,
    settings: TrainSettings,
    scheme: str | None = None,
    protocol: str = "ours",
    progress: Callable[[float], None] | None = None,
) -> tuple[list[dict], ColdStartSplit, ColdStartModels]:
    """Train every model for seeds 0..seeds−1 (each its own split of the non-group nodes); returns every
    seed's group accuracies, and seed 0's split and models."""
    rows, first = [], None
    for seed in range(seeds):
        # the paper's split is fixed (its seeds vary the models' initialisation); ours is drawn anew per seed
        split = cold_start_split(graph, scheme=scheme, seed=seed * (protocol == "ours"), protocol=protocol)
        sub = (lambda f, _s=seed: progress((_s + f) / seeds)) if progress else None
        models = train_all(split, seed=seed, settings=settings, progress=sub)
        rows += seed_rows(split, models, seed)
        first = first or (split, models)
    return rows, first[0], first[1]
