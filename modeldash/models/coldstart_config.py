"""Configs of the cold-start view's models, apart from the modules so that reading a manifest does not
import PyTorch Geometric."""

from __future__ import annotations

from dataclasses import dataclass

from modeldash.data.coldstart_graphs import MAX_CLASSES, MAX_FEATURES, MAX_NODES
from modeldash.errors import InputError
from modeldash.models.config_bounds import require_ints, require_numbers

# the models of the study, in table order, and their labels (the recipe, the analysis and the page share them)
MODELS = ("teacher", "gcn", "sage", "mlp", "coldbrew", "coldbrew_novn", "lp")
LABELS = {
    "teacher": "GCN + SE (teacher)",
    "gcn": "GCN",
    "sage": "GraphSAGE",
    "mlp": "MLP",
    "coldbrew": "Cold Brew (student)",
    "coldbrew_novn": "Student w/o virtual neighbours",
    "lp": "Label propagation",
}
STYLES = ("relu", "ln-gelu")  # hidden layers: Linear→ReLU, or the official Linear→LayerNorm→GELU


def _require_style(cfg) -> None:
    if cfg.style not in STYLES:
        raise InputError(f"config field style must be one of {', '.join(STYLES)}, got {cfg.style!r}")


_SIZE = (("n_features", 1, MAX_FEATURES), ("n_classes", 2, MAX_CLASSES), ("hidden", 2, 1024))


@dataclass(frozen=True)
class NodeGNNConfig:
    n_features: int
    n_classes: int
    hidden: int = 64
    n_layers: int = 2
    dropout: float = 0.5
    conv: str = "gcn"  # "gcn" or "sage"
    se_nodes: int = 0  # > 0: a structural embedding row per node (Cold Brew's teacher); GCN only
    se_std: float = 0.1  # its initial scale (the official code: 1.0)
    se_first_only: bool = False  # official Cora/Citeseer teacher ('100'): the first layer only

    def __post_init__(self):
        require_ints(self, _SIZE + (("n_layers", 1, 6), ("se_nodes", 0, MAX_NODES)))
        require_numbers(self, (("dropout", 0.0, 0.9), ("se_std", 0.0, 10.0)))
        if not isinstance(self.se_first_only, bool):
            raise InputError(f"config field se_first_only must be true or false, got {self.se_first_only!r}")
        if self.conv not in ("gcn", "sage"):
            raise InputError(f"config field conv must be 'gcn' or 'sage', got {self.conv!r}")
        if self.se_nodes and self.conv != "gcn":
            raise InputError("a structural embedding is defined for GCN layers only")


@dataclass(frozen=True)
class NodeMLPConfig:
    n_features: int
    n_classes: int
    hidden: int = 256
    n_layers: int = 2
    dropout: float = 0.5
    style: str = "relu"

    def __post_init__(self):
        require_ints(self, _SIZE + (("n_layers", 1, 6),))
        require_numbers(self, (("dropout", 0.0, 0.9),))
        _require_style(self)


@dataclass(frozen=True)
class ColdBrewConfig:
    n_features: int
    n_classes: int
    emb_dim: int  # width of the teacher's concatenated embedding
    n_nodes: int  # rows of the teacher embedding table searched for virtual neighbours
    hidden: int = 256
    top_k: int = 2  # official default (SEMLP_topK_2_replace); its Cora command: 3
    dropout: float = 0.2  # official default dropout_MLP; its Cora command: 0.5
    style: str = "relu"
    virtual: bool = True  # False: the ablation, part 2 on [features, α₀·estimate] only
    scale_retrieval: bool = False  # official: part 1's output is scaled by α₀ before the top-K retrieval

    def __post_init__(self):
        require_ints(self, _SIZE + (("emb_dim", 2, 4096), ("n_nodes", 1, MAX_NODES), ("top_k", 1, 64)))
        require_numbers(self, (("dropout", 0.0, 0.9),))
        _require_style(self)
        for f in ("virtual", "scale_retrieval"):
            if not isinstance(getattr(self, f), bool):
                raise InputError(f"config field {f} must be true or false, got {getattr(self, f)!r}")
        if self.top_k > self.n_nodes:
            raise InputError(f"top_k ({self.top_k}) exceeds the number of nodes ({self.n_nodes})")
