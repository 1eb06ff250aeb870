"""The cold-start zoo recipe (`python -m modeldash.models.train coldstart`): five seeds per bundled graph under each protocol
(the paper's, then ours); seed 0's models are saved with every seed's group accuracies in their manifests."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from modeldash.data.coldstart_bundled import bundled_graph
from modeldash.data.coldstart_graphs import BUNDLED_GRAPHS, AttributedGraph, read_npz
from modeldash.data.coldstart_groups import PROTOCOLS
from modeldash.models.coldstart_fit import UPLOAD_SEEDS, settings_for, train_seeds
from modeldash.models.zoo import Manifest, save_model

ZOO_SEEDS = 5


def entry_name(graph_name: str, role: str, protocol: str) -> str:
    """coldstart_<graph>_<role> under the paper's protocol, coldstart_<graph>_ours_<role> under ours."""
    return f"coldstart_{graph_name.replace('-', '_')}{'_ours' if protocol == 'ours' else ''}_{role}"


def train_coldstart_graph(
    graph: AttributedGraph,
    *,
    seeds: int = ZOO_SEEDS,
    quick: bool = False,
    zoo=None,
    progress=None,
    scheme: str | None = None,
    protocol: str = "paper",
) -> list[Manifest]:
    """Train `seeds` seeds on one graph; save seed 0's models with every seed's rows in the manifests."""
    settings = settings_for(protocol, quick)
    rows, split, models = train_seeds(
        graph, seeds=seeds, settings=settings, scheme=scheme, protocol=protocol, progress=progress
    )
    dataset = {
        "name": graph.name,
        "fingerprint": graph.fingerprint(),
        "source": graph.source,
        "scheme": split.scheme,
        "protocol": protocol,
        "split_seed": 0,
        "group_seed": 0,
        "n_nodes": graph.n_nodes,
    }
    out = []
    for key, module in models.modules().items():
        mine = [r for r in rows if r["model"] == key and r["seed"] == 0][0]
        m = Manifest(
            name=entry_name(graph.name, key, protocol),
            task="coldstart",
            architecture=type(module).__name__,
            config=dataclasses.asdict(module.cfg),
            dataset=dataset,
            seed=0,
            training={
                **dataclasses.asdict(settings),
                "best_epoch": models.best_epoch[key],
                "seeds": seeds,
                "quick": quick,
            },
            metrics={k: v for k, v in mine.items() if k.startswith("acc_")},
            extra={"role": key, "study": rows},
        )
        save_model(module, m, zoo)
        out.append(m)
    return out


def train_coldstart(*, quick: bool = False, zoo=None, progress=None) -> Manifest:
    """The zoo recipe: both bundled graphs under both protocols (`python -m modeldash.models.train coldstart`)."""
    made = []
    jobs = [(g, p) for g in BUNDLED_GRAPHS for p in PROTOCOLS]
    for i, (name, protocol) in enumerate(jobs):
        sub = (lambda f, _i=i: progress((_i + f) / len(jobs))) if progress else None
        made += train_coldstart_graph(
            bundled_graph(name),
            seeds=2 if quick else ZOO_SEEDS,
            quick=quick,
            zoo=zoo,
            progress=sub,
            protocol=protocol,
        )
    return made[0]


def train_npz(path: str | Path, *, quick: bool = True, zoo=None, progress=None) -> list[Manifest]:
    """Train on a user's `.npz` graph (named after the file) under the paper's protocol."""
    graph = read_npz(Path(path), name=Path(path).stem)
    return train_coldstart_graph(graph, seeds=1 if quick else UPLOAD_SEEDS, quick=quick, zoo=zoo, progress=progress)
