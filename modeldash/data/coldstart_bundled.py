"""The bundled graphs by name: Cora (a file) and the DC-SBM default (simulated)."""

from __future__ import annotations

from modeldash.data.coldstart_graphs import BUNDLED_GRAPHS, AttributedGraph, load_cora
from modeldash.data.coldstart_sim import SBMConfig, dc_sbm_graph
from modeldash.errors import InputError


def bundled_graph(name: str) -> AttributedGraph:
    """The two bundled graphs by name."""
    if name == "cora":
        return load_cora()
    if name == "dc-sbm":
        return dc_sbm_graph(SBMConfig(), seed=0)
    raise InputError(f"unknown bundled graph {name!r}; choose from {', '.join(BUNDLED_GRAPHS)}")
