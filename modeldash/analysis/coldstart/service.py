"""The Cold-start graphs view's service: everything the page and the CLI show for one graph, from the zoo
(bundled graphs) or trained here (a simulated or uploaded graph)."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from modeldash.analysis import store
from modeldash.analysis.coldstart import study
from modeldash.analysis.coldstart.study import (
    ColdStartReport,
    EmbeddingMap,
    NodeInspection,
    NodePredictions,
    coldstart_study,
    report_from_rows,
)
from modeldash.data.coldstart_bundled import bundled_graph
from modeldash.data.coldstart_graphs import AttributedGraph
from modeldash.data.coldstart_groups import ColdStartSplit, cold_start_split, default_scheme
from modeldash.data.coldstart_outputs import NodeOutputs
from modeldash.errors import InputError
from modeldash.models.zoo import list_zoo, load_model

if TYPE_CHECKING:  # PyTorch and PyG load with the models, after the recorded report is on the page
    import torch

    from modeldash.models.coldstart_fit import TrainSettings

ROLES = ("teacher", "gcn", "sage", "mlp", "coldbrew", "coldbrew_novn")
DEFAULT_PROTOCOL = "paper"  # the official code's training nodes: the claims and the page open it first


@dataclass(frozen=True)
class ColdStartBundle:
    """A graph, its split, seed 0's models, and the accuracy report over all seeds."""

    graph: AttributedGraph
    split: ColdStartSplit
    models: dict[str, torch.nn.Module]  # role -> eval-mode module
    report: ColdStartReport
    live_gap: float | None  # zoo only: max |accuracy now − recorded| for seed 0, in points
    origin: str  # "zoo" or "trained here"
    epochs: int  # full-batch epochs each model trained for (the student's two parts: `student_epochs` each)
    student_epochs: int
    quick: bool = False  # trained here with the quick settings (a smoke test)


def _protocol(m) -> str:
    return m.dataset.get("protocol", "ours")  # entries written before protocols were recorded used ours


def zoo_graphs(zoo=None, protocol: str = DEFAULT_PROTOCOL) -> list[str]:
    """Names of graphs with a complete set of cold-start models under `protocol` in the zoo."""
    good, _ = list_zoo(zoo)
    have: dict[str, set] = {}
    for m in good:
        if m.task == "coldstart" and _protocol(m) == protocol:
            have.setdefault(m.dataset.get("name", "?"), set()).add(m.extra.get("role"))
    return sorted(g for g, roles in have.items() if set(ROLES) <= roles)


@dataclass(frozen=True)
class ColdStartRecord:
    """What the zoo recorded for a bundled graph (every seed's accuracies) with the graph and its split, before
    any model is loaded: the page's first chart and table."""

    graph: AttributedGraph
    split: ColdStartSplit
    report: ColdStartReport
    origin: str  # "zoo"
    epochs: int
    student_epochs: int


def _zoo_entries(graph_name: str, zoo=None, protocol: str = DEFAULT_PROTOCOL) -> dict:
    good, _ = list_zoo(zoo)
    entries = {
        m.extra.get("role"): m
        for m in good
        if m.task == "coldstart" and m.dataset.get("name") == graph_name and _protocol(m) == protocol
    }
    missing = [r for r in ROLES if r not in entries]
    if missing:
        raise InputError(
            f"the zoo has no cold-start {', '.join(missing)} model for {graph_name!r} under the {protocol} "
            f"protocol; train them with `python -m modeldash.models.train coldstart`"
        )
    return entries


def load_graph_record(graph_name: str, zoo=None, protocol: str = DEFAULT_PROTOCOL) -> ColdStartRecord:
    """A bundled graph, its split rebuilt as at training, and the zoo's recorded accuracies over seeds."""
    entries = _zoo_entries(graph_name, zoo, protocol)
    graph = bundled_graph(graph_name)
    ds = entries["teacher"].dataset
    if ds.get("fingerprint") != graph.fingerprint():
        raise InputError(
            f"the zoo's {graph_name} models were trained on a different version of the graph; "
            f"retrain them with `python -m modeldash.models.train coldstart`"
        )
    split = cold_start_split(
        graph,
        scheme=ds.get("scheme", "median"),
        seed=int(ds.get("split_seed", 0)),
        group_seed=int(ds.get("group_seed", 0)),
        protocol=protocol,
    )
    rows = entries["teacher"].extra.get("study", [])
    training = entries["teacher"].training
    return ColdStartRecord(
        graph,
        split,
        report_from_rows(graph_name, rows, split, recorded=True),
        "zoo",
        int(training.get("epochs", 0)),
        int(training.get("student_epochs", 0)),
    )


def load_graph_bundle(
    graph_name: str, zoo=None, *, record: ColdStartRecord | None = None, protocol: str = DEFAULT_PROTOCOL
) -> ColdStartBundle:
    """Load seed 0's models for a bundled graph and check them against the record."""
    record = record or load_graph_record(graph_name, zoo, protocol)
    entries = _zoo_entries(graph_name, zoo, protocol)
    models = {r: load_model(entries[r].name, zoo)[1] for r in ROLES}
    rows = entries["teacher"].extra.get("study", [])
    live = evaluate(record.split, models, None)
    recorded = {r["model"]: r for r in rows if r["seed"] == 0}
    if set(recorded) < set(ROLES):
        raise InputError(f"the zoo's record for {graph_name!r} has no seed-0 row for every model; retrain it")
    gap = max(  # over what both recorded (a record made before the released scoring lacks those columns)
        abs(r[c] - recorded[r["model"]][c]) * 100
        for r in live
        for c in r
        if c.startswith("acc_") and c in recorded[r["model"]]
    )
    return ColdStartBundle(
        record.graph, record.split, models, record.report, gap, "zoo", record.epochs, record.student_epochs
    )


def evaluate(split: ColdStartSplit, models: dict[str, torch.nn.Module], lp_pred: np.ndarray | None) -> list[dict]:
    """Accuracy rows (seed 0) of loaded models, as the training recipe records them."""
    from modeldash.models.coldstart_fit import ColdStartModels, seed_rows

    holder = ColdStartModels(
        **{r: models[r] for r in ROLES},
        lp_pred=lp_pred if lp_pred is not None else np.zeros(split.graph.n_nodes, np.int64),
        best_epoch={},
    )
    rows = seed_rows(split, holder, 0)
    return [r for r in rows if r["model"] != "lp" or lp_pred is not None]


def train_graph_bundle(
    graph: AttributedGraph,
    *,
    seeds: int = 3,
    settings: TrainSettings | None = None,
    scheme: str | None = None,
    protocol: str = DEFAULT_PROTOCOL,
    progress: Callable[[float], None] | None = None,
) -> ColdStartBundle:
    """Train every model on a user's graph (the protocol's full settings unless given) and report."""
    from modeldash.models.coldstart_fit import settings_for

    settings = settings or settings_for(protocol)
    report, split, models = coldstart_study(
        graph, seeds=seeds, settings=settings, scheme=scheme, protocol=protocol, progress=progress
    )
    from modeldash.models.coldstart_fit import settings_for

    quick = settings == settings_for(protocol, quick=True)
    return ColdStartBundle(
        graph, split, models.modules(), report, None, "trained here", settings.epochs, settings.student_epochs, quick
    )


def _train_job(graph: AttributedGraph, seeds: int, scheme: str, protocol: str, quick: bool, progress):
    from modeldash.models.coldstart_fit import settings_for

    settings = settings_for(protocol, quick)
    return train_graph_bundle(
        graph, seeds=seeds, settings=settings, scheme=scheme, protocol=protocol, progress=progress
    )


def train_upload_job(
    raw: bytes, name: str, seeds: int, scheme: str, protocol: str, quick: bool = False, progress=None
) -> ColdStartBundle:
    """A job's body: read an uploaded graph's bytes (data, on the worker) and train every model on it."""
    from modeldash.data.coldstart_graphs import read_npz

    return _train_job(read_npz(raw, name=name), seeds, scheme, protocol, quick, progress)


def train_sbm_job(
    low_degree_share: float,
    homophily: float,
    seeds: int,
    scheme: str,
    protocol: str,
    quick: bool = False,
    progress=None,
) -> ColdStartBundle:
    """A job's body: a DC-SBM graph with the user's settings, and every model trained on it."""
    return _train_job(sbm_graph(low_degree_share, homophily), seeds, scheme, protocol, quick, progress)


def sbm_graph(low_degree_share: float, homophily: float) -> AttributedGraph:
    """A DC-SBM graph with the user's low-degree share and homophily (seed 0)."""
    from modeldash.data.coldstart_sim import SBMConfig, dc_sbm_graph

    return dc_sbm_graph(
        SBMConfig(low_degree_share=low_degree_share, homophily=homophily),
        seed=0,
        name=f"dc-sbm-low{low_degree_share:.2f}-h{homophily:.2f}",
    )


def embedding_map(bundle: ColdStartBundle, method: str = "pca") -> EmbeddingMap:
    """The teacher's embedding and the student's estimate of it, projected to 2-D."""
    return study.embedding_map(bundle.models["teacher"], bundle.models["coldbrew"], bundle.split, method=method)


MAP_VERSION = 1  # bump when the projection changes: stored maps are then recomputed
PREDICTIONS_VERSION = 1  # bump when the per-node predictions change


def _zoo_key(graph_name: str, zoo, roles, version: int, settings: dict, protocol: str) -> str:
    """A zoo graph's result key: the given models' weights, the graph's fingerprint and the settings."""
    from modeldash.models.zoo import weights_path

    entries = _zoo_entries(graph_name, zoo, protocol)
    return store.result_key(
        "coldstart",
        version,
        models={r: store.digest(weights_path(entries[r].name, zoo).read_bytes()) for r in roles},
        data=entries["teacher"].dataset.get("fingerprint", graph_name),
        settings=settings,
    )


def _bundle(graph_name: str, zoo, bundle, protocol: str) -> ColdStartBundle:
    return bundle() if callable(bundle) else bundle or load_graph_bundle(graph_name, zoo, protocol=protocol)


def stored_embedding_map(
    graph_name: str,
    zoo=None,
    *,
    method: str = "pca",
    folder: Path | None = None,
    bundle=None,
    protocol: str = DEFAULT_PROTOCOL,
) -> tuple[EmbeddingMap, store.Provenance]:
    """A zoo graph's embedding map from the results store when projected before (keyed by the teacher's and the
    student's weights, the graph and the method), else projected from `bundle()` (or the zoo's models)."""
    from modeldash.models.zoo import code_version

    settings = {"map": method, "max_points": 1500, "seed": 0}
    key = _zoo_key(graph_name, zoo, ("teacher", "coldbrew"), MAP_VERSION, settings, protocol)
    return store.fetch(
        folder,
        key,
        lambda: embedding_map(_bundle(graph_name, zoo, bundle, protocol), method),
        code_version=code_version(),
    )


def node_predictions(bundle: ColdStartBundle) -> NodePredictions:
    """Every model's prediction for every node of the bundle's graph, with its edges and without."""
    return study.node_predictions(bundle.models, bundle.split)


def stored_node_predictions(
    graph_name: str, zoo=None, *, folder: Path | None = None, bundle=None, protocol: str = DEFAULT_PROTOCOL
) -> tuple[NodePredictions, store.Provenance]:
    """A zoo graph's per-node predictions from the results store (keyed by every model's weights and the graph),
    else computed from `bundle()` (or the zoo's models) and written."""
    from modeldash.models.zoo import code_version

    key = _zoo_key(graph_name, zoo, ROLES, PREDICTIONS_VERSION, {"predictions": "with-and-cold"}, protocol)
    return store.fetch(
        folder,
        key,
        lambda: node_predictions(_bundle(graph_name, zoo, bundle, protocol)),
        code_version=code_version(),
    )


def inspect_node(
    graph: AttributedGraph, split: ColdStartSplit, predictions: NodePredictions, node: int
) -> NodeInspection:
    """Every model's prediction for `node` with its edges and without, and its original 2-hop neighbourhood."""
    return study.inspect_node(predictions, split, node, original=graph)


def outputs_rows(split: ColdStartSplit, outputs: NodeOutputs) -> list[dict]:
    """A researcher's model's accuracy on each node group, as the recipe records the bundled models' (seed 0)."""
    pred = outputs.pred
    groups = ("head", "tail", "isolated", "test", "all")
    return [{"seed": 0, "model": outputs.name, **{f"acc_{g}": split.accuracy(pred, g) for g in groups}}]


def with_outputs(report: ColdStartReport, split: ColdStartSplit, outputs: list[NodeOutputs]) -> ColdStartReport:
    """The report with researchers' models added as rows beside the bundled ones (one seed each)."""
    import pandas as pd

    extra = [row for o in outputs for row in outputs_rows(split, o)]
    return dataclasses.replace(report, rows=pd.concat([report.rows, pd.DataFrame(extra)], ignore_index=True))


def groups_arrays(split: ColdStartSplit) -> dict[str, np.ndarray]:
    """The view's split as arrays a researcher trains on: node ids of each group and part, and the graph's edges
    after the isolated group's were cut (rows of `edge_index`, 2 × E)."""
    coo = split.graph.adj.tocoo()
    return {
        "head": split.head,
        "tail": split.tail,
        "isolated": split.isolated,
        "train": split.train,
        "val": split.val,
        "test": split.test,
        "edge_index": np.vstack([coo.row, coo.col]).astype(np.int64),
    }


STORE_VERSION = 2  # of a report trained on a user's graph: bump when training or scoring changes
# 2: the official groups under the paper's protocol; per-node records and the released scoring


def stored_file_report(
    raw: bytes,
    name: str,
    *,
    folder: Path | None,
    seeds: int = 3,
    protocol: str = DEFAULT_PROTOCOL,
    quick: bool = False,
    progress=None,
) -> tuple[ColdStartReport, store.Provenance]:
    """A researcher's `.npz` graph: every model trained on it under `protocol` and scored per node group, kept in
    the results store under the file's bytes and the settings, so a second identical run is a read (the CLI and
    `claims --data`)."""
    from modeldash.data.coldstart_graphs import read_npz
    from modeldash.models.coldstart_fit import settings_for
    from modeldash.models.zoo import code_version

    graph = read_npz(raw, name=name)  # a bad file is one sentence before anything is trained
    settings = settings_for(protocol, quick=quick)
    key = store.file_key(
        "coldstart-file",
        STORE_VERSION,
        raw,
        {"seeds": seeds, "protocol": protocol, "quick": quick, "name": name, "scheme": default_scheme(protocol)},
    )

    def compute() -> ColdStartReport:
        return train_graph_bundle(graph, seeds=seeds, settings=settings, protocol=protocol, progress=progress).report

    return store.fetch(folder, key, compute, code_version=code_version())
