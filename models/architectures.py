"""The registry of architectures a manifest may name: name -> (module class, config dataclass).

Entries are imported on first use, so listing the zoo does not pay for PyTorch Geometric's import (~1.6 s)
unless a graph model is actually built.
"""
from __future__ import annotations

import importlib
from collections.abc import Mapping

_WHERE = {  # name -> (module of the class, class, module of the config, config class)
    "DigitsCNN": ("models.digits_cnn", "DigitsCNN", "models.digits_cnn", "DigitsCNNConfig"),
    "NodeGNN": ("models.gnn", "NodeGNN", "models.gnn_config", "NodeGNNConfig"),
    "NodeMLP": ("models.gnn", "NodeMLP", "models.gnn_config", "NodeMLPConfig"),
    "ColdBrewStudent": ("models.gnn", "ColdBrewStudent", "models.gnn_config", "ColdBrewConfig"),
    "FactorNet": ("models.factor_nets", "FactorNet", "models.factor_nets", "FactorNetConfig"),
    "TrajPredictor": ("models.trajectory", "TrajPredictor", "models.trajectory", "TrajConfig"),
    "PSAGAN": ("models.psagan", "PSAGAN", "models.psagan", "PSAGANConfig"),
    "SeriesEncoder": ("models.series_embed", "SeriesEncoder", "models.series_embed", "EmbedConfig"),
}


def config_class(name: str) -> type:
    """The config dataclass of an architecture, without importing its module if that is heavy."""
    _, _, module, cfg = _WHERE[name]
    return getattr(importlib.import_module(module), cfg)


class _Registry(Mapping):
    def __getitem__(self, name: str) -> tuple[type, type]:
        module, cls, _, _ = _WHERE[name]
        return getattr(importlib.import_module(module), cls), config_class(name)

    def __contains__(self, name) -> bool:          # Mapping's default would import the module
        return name in _WHERE

    def __iter__(self):
        return iter(_WHERE)

    def __len__(self) -> int:
        return len(_WHERE)


ARCHITECTURES: Mapping[str, tuple[type, type]] = _Registry()
