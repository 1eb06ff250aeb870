"""The Cold-start graphs (Cold Brew) view's cached loaders (see ui/cache/__init__.py)."""

from __future__ import annotations

import streamlit as st

from modeldash.errors import check_size
from modeldash.ui.cache.common import (
    COLD_OUTPUTS_STATE,
    GRAPH_UPLOADS_STATE,
    _dir,
    _stem,
    _stored_upload,
    _variant_of,
    _with_variant,
    upload_digest,
    zoo_ref,
)


@st.cache_data(max_entries=8, show_spinner=False)
def coldstart_graphs(zoo: str, protocol: str) -> list[str]:
    from modeldash.analysis.coldstart.service import zoo_graphs

    return zoo_graphs(_dir(zoo), protocol)


def coldstart_zoo_key(graph_name: str, protocol: str) -> str:
    """A zoo graph's key: its name under the paper's protocol, 'name@ours' under ours."""
    return _with_variant(graph_name, protocol, "paper")


def _zoo_graph(graph_key: str) -> tuple[str, str]:
    return _variant_of(graph_key, "paper")


@st.cache_resource(max_entries=4, show_spinner="Loading the graph and the zoo's record…")
def _coldstart_zoo_record(graph_key: str, zoo: str):
    from modeldash.analysis.coldstart.service import load_graph_record

    name, protocol = _zoo_graph(graph_key)
    return load_graph_record(name, _dir(zoo), protocol)


@st.cache_resource(max_entries=4, show_spinner="Loading the models and checking them against the record…")
def _coldstart_zoo_bundle(graph_key: str, zoo: str):
    from modeldash.analysis.coldstart.service import load_graph_bundle

    name, protocol = _zoo_graph(graph_key)
    record = _coldstart_zoo_record(graph_key, zoo)
    return load_graph_bundle(name, _dir(zoo), record=record, protocol=protocol)


def coldstart_record(graph_key: str):
    """What the page shows first: for a zoo graph its record (no models loaded); else the trained bundle."""
    if graph_key.startswith(("upload:", "sbm:")):
        return coldstart_bundle(graph_key)
    return _coldstart_zoo_record(graph_key, zoo_ref())


def training_message(quick: bool) -> str:
    """What the job's progress says it does: the settings it really uses (no time is promised: none is measured
    for a user's graph)."""
    how = "the quick settings (a smoke test, too short to compare models)" if quick else "the protocol's full settings"
    return f"Training the teacher, two students and four baselines with {how}"


def sbm_key(low: float, homophily: float, seeds: int, scheme: str, protocol: str, quick: bool) -> str:
    return f"sbm:{low:.2f}:{homophily:.2f}:{int(seeds)}:{scheme}:{protocol}:{'quick' if quick else 'full'}"


def coldstart_bundle(graph_key: str):
    """The bundle for a zoo graph key, an 'upload:…' or an 'sbm:…' key; raises InputError."""
    from modeldash.ui.jobs import follow

    if graph_key.startswith("upload:"):
        from modeldash.analysis.coldstart.service import train_upload_job

        raw, name, seeds, scheme, protocol, quick = _stored_upload(GRAPH_UPLOADS_STATE, graph_key, "graph")
        job = f"coldstart-{graph_key}"
        return follow(job, training_message(quick), train_upload_job, raw, _stem(name), seeds, scheme, protocol, quick)
    if graph_key.startswith("sbm:"):
        from modeldash.analysis.coldstart.service import train_sbm_job

        _, low, hom, seeds, scheme, protocol, budget = graph_key.split(":")
        job = f"coldstart-{graph_key}"
        args = (float(low), float(hom), int(seeds), scheme, protocol, budget == "quick")
        return follow(job, training_message(budget == "quick"), train_sbm_job, *args)
    return _coldstart_zoo_bundle(graph_key, zoo_ref())


@st.cache_data(max_entries=8, show_spinner=False)
def coldstart_outputs(graph_key: str, outputs_key: str):
    """An uploaded outputs file, checked against the graph it is for."""
    from modeldash.data.coldstart_outputs import read_outputs

    raw, name = _stored_upload(COLD_OUTPUTS_STATE, outputs_key, "outputs file")
    g = coldstart_record(graph_key).graph
    return read_outputs(raw, n_nodes=g.n_nodes, n_classes=g.n_classes, name=_stem(name))


@st.cache_data(max_entries=8, show_spinner="Projecting your embeddings…")
def coldstart_map_with_yours(graph_key: str, path: str, method: str, outputs_key: str):
    """The embedding map with the uploaded outputs' embeddings projected the same way, for the same nodes."""
    from modeldash.analysis.coldstart.study import with_embeddings

    o = coldstart_outputs(graph_key, outputs_key)
    return with_embeddings(coldstart_embedding_map(graph_key, path, method), o.embeddings, o.name)


def remember_graph_upload(raw: bytes, file_name: str, seeds: int, scheme: str, protocol: str, quick: bool) -> str:
    """Keep an uploaded graph's bytes in the session (user input, not a result); returns its key."""
    from modeldash.data.coldstart_graphs import MAX_NPZ_BYTES

    check_size(len(raw), MAX_NPZ_BYTES, f"'{file_name[:60]}'")
    key = upload_digest(raw) + f":{seeds}:{scheme}:{protocol}:{'quick' if quick else 'full'}"
    st.session_state.setdefault(GRAPH_UPLOADS_STATE, {})[key] = (raw, file_name, seeds, scheme, protocol, quick)
    return key


@st.cache_data(max_entries=16, show_spinner="Projecting embeddings…")
def coldstart_embedding_map(graph_key: str, path: str, method: str):
    """A zoo graph's map from the results store (projected once), else projected from the trained bundle."""
    from modeldash.analysis.coldstart.service import embedding_map, stored_embedding_map
    from modeldash.analysis.store import store_dir

    if graph_key.startswith(("upload:", "sbm:")):
        return embedding_map(coldstart_bundle(graph_key), method)
    folder = store_dir(_dir(path))
    name, protocol = _zoo_graph(graph_key)
    bundle = lambda: coldstart_bundle(graph_key)  # noqa: E731
    return stored_embedding_map(name, _dir(path), method=method, folder=folder, bundle=bundle, protocol=protocol)[0]


@st.cache_data(max_entries=8, show_spinner="Predicting every node with its edges and without…")
def coldstart_predictions(graph_key: str, path: str):
    """(every model's prediction for every node, where it came from): a zoo graph's from the results store, else
    from the bundle trained here."""
    from modeldash.analysis.coldstart.service import node_predictions, stored_node_predictions
    from modeldash.analysis.store import Provenance, store_dir

    if graph_key.startswith(("upload:", "sbm:")):
        return node_predictions(coldstart_bundle(graph_key)), Provenance("session", "now", "")
    folder = store_dir(_dir(path))
    name, protocol = _zoo_graph(graph_key)
    bundle = lambda: coldstart_bundle(graph_key)  # noqa: E731
    return stored_node_predictions(name, _dir(path), folder=folder, bundle=bundle, protocol=protocol)


@st.cache_data(max_entries=64, show_spinner=False)
def coldstart_inspection(graph_key: str, path: str, node: int):
    from modeldash.analysis.coldstart.service import inspect_node

    record = coldstart_record(graph_key)
    return inspect_node(record.graph, record.split, coldstart_predictions(graph_key, path)[0], node)
