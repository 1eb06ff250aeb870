"""Everything the cold-start view shows for one graph, from the zoo (bundled graphs) or trained here."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

import numpy as np
import torch

from analysis.coldstart import ColdStartReport, coldstart_study, report_from_rows
from data.graph_groups import ColdStartSplit, cold_start_split
from data.graph_io import AttributedGraph
from errors import InputError
from models.train_coldstart import QUICK, ColdStartModels, TrainSettings, bundled_graph, seed_rows
from models.zoo import list_zoo, load_model

ROLES = ("teacher", "gcn", "sage", "mlp", "coldbrew")


@dataclass(frozen=True)
class ColdStartBundle:
    """A graph, its split, seed 0's models, and the accuracy report over all seeds."""
    graph: AttributedGraph
    split: ColdStartSplit
    models: dict[str, torch.nn.Module]     # role -> eval-mode module
    report: ColdStartReport
    live_gap: float | None                  # zoo only: max |accuracy now − recorded| for seed 0, in points
    origin: str                             # "zoo" or "trained here"


def zoo_graphs(zoo=None) -> list[str]:
    """Names of graphs with a complete set of cold-start models in the zoo."""
    good, _ = list_zoo(zoo)
    have: dict[str, set] = {}
    for m in good:
        if m.task == "coldstart":
            have.setdefault(m.dataset.get("name", "?"), set()).add(m.extra.get("role"))
    return sorted(g for g, roles in have.items() if set(ROLES) <= roles)


def from_zoo(graph_name: str, zoo=None) -> ColdStartBundle:
    """Load seed 0's models for a bundled graph, rebuild its split, check them against the record."""
    good, _ = list_zoo(zoo)
    entries = {m.extra.get("role"): m for m in good if m.task == "coldstart" and m.dataset.get("name") == graph_name}
    missing = [r for r in ROLES if r not in entries]
    if missing:
        raise InputError(f"the zoo has no cold-start {', '.join(missing)} model for {graph_name!r}; "
                         f"train them with `python -m models.train coldstart`")
    graph = bundled_graph(graph_name)
    ds = entries["teacher"].dataset
    if ds.get("fingerprint") != graph.fingerprint():
        raise InputError(f"the zoo's {graph_name} models were trained on a different version of the graph; "
                         f"retrain them with `python -m models.train coldstart`")
    split = cold_start_split(graph, scheme=ds.get("scheme", "median"), seed=int(ds.get("split_seed", 0)),
                             group_seed=int(ds.get("group_seed", 0)))
    models = {r: load_model(entries[r].name, zoo)[1] for r in ROLES}
    rows = entries["teacher"].extra.get("study", [])
    report = report_from_rows(graph_name, rows, split, recorded=True)
    live = evaluate(split, models, None)
    recorded = {r["model"]: r for r in rows if r["seed"] == 0}
    if set(recorded) < set(ROLES):
        raise InputError(f"the zoo's record for {graph_name!r} has no seed-0 row for every model; retrain it")
    gap = max(abs(r[c] - recorded[r["model"]][c]) * 100 for r in live for c in r if c.startswith("acc_"))
    return ColdStartBundle(graph, split, models, report, gap, "zoo")


def evaluate(split: ColdStartSplit, models: dict[str, torch.nn.Module], lp_pred: np.ndarray | None) -> list[dict]:
    """Accuracy rows (seed 0) of loaded models, as the training recipe records them."""
    holder = ColdStartModels(**{r: models[r] for r in ROLES},
                             lp_pred=lp_pred if lp_pred is not None else np.zeros(split.graph.n_nodes, np.int64),
                             best_epoch={})
    rows = seed_rows(split, holder, 0)
    return [r for r in rows if r["model"] != "lp" or lp_pred is not None]


def trained_here(graph: AttributedGraph, *, seeds: int = 1, settings: TrainSettings = QUICK, scheme: str = "median",
                 progress: Callable[[float], None] | None = None) -> ColdStartBundle:
    """Train every model on a user's graph (quick settings) and report."""
    report, split, models = coldstart_study(graph, seeds=seeds, settings=settings, scheme=scheme, progress=progress)
    return ColdStartBundle(graph, split, models.modules(), report, None, "trained here")
