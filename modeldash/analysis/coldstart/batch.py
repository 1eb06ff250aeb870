"""`python -m modeldash precompute coldstart`: each graph's embedding maps and per-node predictions, under
each protocol."""

from __future__ import annotations

from pathlib import Path

from modeldash.analysis.precompute import FILE, files_for


def units(s) -> list[str]:
    if s.data:  # a researcher's files instead of the bundled datasets
        return [FILE + p for p in files_for("coldstart", s)]
    from modeldash.analysis.coldstart.service import zoo_graphs
    from modeldash.data.coldstart_groups import PROTOCOLS

    return [f"{g}/{m}/{p}" for p in PROTOCOLS for g in zoo_graphs(s.zoo, p) for m in ("pca", "tsne", "predictions")]


def compute(what: str, s):
    if what.startswith(FILE):
        from modeldash.analysis.coldstart.service import stored_file_report
        from modeldash.models.coldstart_fit import UPLOAD_SEEDS

        path = what[len(FILE) :]
        raw = Path(path).read_bytes()
        return stored_file_report(raw, Path(path).stem, folder=Path(s.folder), seeds=UPLOAD_SEEDS)[1]
    from modeldash.analysis.coldstart.service import stored_embedding_map, stored_node_predictions

    graph, method, protocol = what.split("/")
    if method == "predictions":
        return stored_node_predictions(graph, s.zoo, folder=Path(s.folder), protocol=protocol)[1]
    return stored_embedding_map(graph, s.zoo, method=method, folder=Path(s.folder), protocol=protocol)[1]
