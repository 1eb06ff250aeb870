"""The registry of architectures a manifest may name: name -> (module class, config dataclass).

Entries are imported on first use, so listing the zoo does not pay for PyTorch Geometric's import (~1.6 s)
unless a graph model is actually built.
"""

from __future__ import annotations

import importlib
from collections.abc import Mapping

_WHERE = {  # name -> (module of the class, class, module of the config, config class)
    "DigitsCNN": ("modeldash.models.diva_cnn", "DigitsCNN", "modeldash.models.diva_config", "DigitsCNNConfig"),
    "NodeGNN": ("modeldash.models.coldstart_gnn", "NodeGNN", "modeldash.models.coldstart_config", "NodeGNNConfig"),
    "NodeMLP": ("modeldash.models.coldstart_gnn", "NodeMLP", "modeldash.models.coldstart_config", "NodeMLPConfig"),
    "ColdBrewStudent": (
        "modeldash.models.coldstart_coldbrew",
        "ColdBrewStudent",
        "modeldash.models.coldstart_config",
        "ColdBrewConfig",
    ),
    "FactorNet": ("modeldash.models.splits_nets", "FactorNet", "modeldash.models.splits_config", "FactorNetConfig"),
    "TrajPredictor": (
        "modeldash.models.trajectories",
        "TrajPredictor",
        "modeldash.models.trajectories_config",
        "TrajConfig",
    ),
    "PSAGAN": ("modeldash.models.series_psagan", "PSAGAN", "modeldash.models.series_config", "PSAGANConfig"),
    "SeriesEncoder": (
        "modeldash.models.series_embed",
        "SeriesEncoder",
        "modeldash.models.series_config",
        "EmbedConfig",
    ),
}


def config_class(name: str) -> type:
    """The config dataclass of an architecture, without importing its module if that is heavy."""
    _, _, module, cfg = _WHERE[name]
    return getattr(importlib.import_module(module), cfg)


class _Registry(Mapping):
    def __getitem__(self, name: str) -> tuple[type, type]:
        module, cls, _, _ = _WHERE[name]
        return getattr(importlib.import_module(module), cls), config_class(name)

    def __contains__(self, name) -> bool:  # Mapping's default would import the module
        return name in _WHERE

    def __iter__(self):
        return iter(_WHERE)

    def __len__(self) -> int:
        return len(_WHERE)


ARCHITECTURES: Mapping[str, tuple[type, type]] = _Registry()
