"""Configs of the cold-start view's models, apart from the modules so that reading a manifest does not
import PyTorch Geometric."""

from __future__ import annotations

from dataclasses import dataclass

from data.coldstart_graphs import MAX_CLASSES, MAX_FEATURES, MAX_NODES
from errors import InputError
from models.config_bounds import require_ints, require_numbers

# the models of the study, in table order, and their labels (the recipe, the analysis and the page share them)
MODELS = ("teacher", "gcn", "sage", "mlp", "coldbrew", "lp")
LABELS = {
    "teacher": "GCN + SE (teacher)",
    "gcn": "GCN",
    "sage": "GraphSAGE",
    "mlp": "MLP",
    "coldbrew": "Cold Brew (student)",
    "lp": "Label propagation",
}
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

    def __post_init__(self):
        require_ints(self, _SIZE + (("n_layers", 1, 6), ("se_nodes", 0, MAX_NODES)))
        require_numbers(self, (("dropout", 0.0, 0.9),))
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

    def __post_init__(self):
        require_ints(self, _SIZE + (("n_layers", 1, 6),))
        require_numbers(self, (("dropout", 0.0, 0.9),))


@dataclass(frozen=True)
class ColdBrewConfig:
    n_features: int
    n_classes: int
    emb_dim: int  # width of the teacher's concatenated embedding
    n_nodes: int  # rows of the teacher embedding table searched for virtual neighbours
    hidden: int = 256
    top_k: int = 2  # official default (SEMLP_topK_2_replace)
    dropout: float = 0.2  # official dropout_MLP

    def __post_init__(self):
        require_ints(self, _SIZE + (("emb_dim", 2, 4096), ("n_nodes", 1, MAX_NODES), ("top_k", 1, 64)))
        require_numbers(self, (("dropout", 0.0, 0.9),))
        if self.top_k > self.n_nodes:
            raise InputError(f"top_k ({self.top_k}) exceeds the number of nodes ({self.n_nodes})")
