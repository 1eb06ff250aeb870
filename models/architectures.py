"""The registry of architectures a manifest may name: name -> (module class, config dataclass)."""
from __future__ import annotations

from models.digits_cnn import DigitsCNN, DigitsCNNConfig
from models.factor_nets import FactorNet, FactorNetConfig
from models.trajectory import TrajConfig, TrajPredictor
from models.gnn import ColdBrewConfig, ColdBrewStudent, NodeGNN, NodeGNNConfig, NodeMLP, NodeMLPConfig

ARCHITECTURES: dict[str, tuple[type, type]] = {
    "DigitsCNN": (DigitsCNN, DigitsCNNConfig),
    "NodeGNN": (NodeGNN, NodeGNNConfig),
    "NodeMLP": (NodeMLP, NodeMLPConfig),
    "ColdBrewStudent": (ColdBrewStudent, ColdBrewConfig),
    "FactorNet": (FactorNet, FactorNetConfig),
    "TrajPredictor": (TrajPredictor, TrajConfig),
}
