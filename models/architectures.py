"""The registry of architectures a manifest may name: name -> (module class, config dataclass)."""
from __future__ import annotations

from models.digits_cnn import DigitsCNN, DigitsCNNConfig
from models.factor_nets import FactorNet, FactorNetConfig
from models.gnn import ColdBrewConfig, ColdBrewStudent, NodeGNN, NodeGNNConfig, NodeMLP, NodeMLPConfig
from models.psagan import PSAGAN, PSAGANConfig
from models.series_embed import EmbedConfig, SeriesEncoder
from models.trajectory import TrajConfig, TrajPredictor

ARCHITECTURES: dict[str, tuple[type, type]] = {
    "DigitsCNN": (DigitsCNN, DigitsCNNConfig),
    "NodeGNN": (NodeGNN, NodeGNNConfig),
    "NodeMLP": (NodeMLP, NodeMLPConfig),
    "ColdBrewStudent": (ColdBrewStudent, ColdBrewConfig),
    "FactorNet": (FactorNet, FactorNetConfig),
    "TrajPredictor": (TrajPredictor, TrajConfig),
    "PSAGAN": (PSAGAN, PSAGANConfig),
    "SeriesEncoder": (SeriesEncoder, EmbedConfig),
}
