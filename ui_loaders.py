"""The cached loaders behind the pages: the zoo, models, and each view's results. Every st.cache_* of the
app lives here; `ui` re-exports them, so pages call `ui.<loader>`."""
from __future__ import annotations

import hashlib
import sys
from pathlib import Path

import streamlit as st

from errors import InputError

UPLOADS_STATE = "uploaded_models"  # {key: (manifest bytes, weights bytes, weights file name)}: user input
GRAPH_UPLOADS_STATE = "uploaded_graphs"  # {key: (npz bytes, file name, seeds, scheme)}: user input


def _stored_upload(state: str, key: str, what: str):
    """What the user uploaded under `key` in this session; InputError when it is no longer there."""
    stored = st.session_state.get(state, {}).get(key)
    if stored is None:
        raise InputError(f"that uploaded {what} is no longer in this session; upload it again")
    return stored


def zoo_path() -> str:
    """`streamlit run app.py -- --zoo PATH`, else $DASH_ZOO, else the bundled zoo."""
    argv = sys.argv[1:]
    for i, a in enumerate(argv):
        if a == "--zoo" and i + 1 < len(argv):
            return str(Path(argv[i + 1]).resolve())
        if a.startswith("--zoo="):
            return str(Path(a.split("=", 1)[1]).resolve())
    from models.zoo import zoo_dir

    return str(zoo_dir())


@st.cache_data(show_spinner=False)
def zoo_listing(path: str):
    """(manifests of valid entries, sentences about broken ones) for the zoo folder."""
    from models.zoo import list_zoo

    return list_zoo(path)


@st.cache_resource(max_entries=8, show_spinner="Loading model…")
def _zoo_model(name: str, path: str):
    from models.zoo import load_model

    return load_model(name, path)


@st.cache_resource(max_entries=4, show_spinner="Checking uploaded model…")
def _upload_model(digest: str, _manifest: bytes, _weights: bytes, weights_name: str):
    from models.zoo import load_pair

    return load_pair(_manifest, _weights, weights_name=weights_name, source="upload")


def get_model(key: str):
    """The eval-mode module for a zoo name or an 'upload:<digest>' key; raises InputError."""
    if key.startswith("upload:"):
        stored = _stored_upload(UPLOADS_STATE, key, "model")
        return _upload_model(key, *stored)[1]
    return _zoo_model(key, zoo_path())[1]


@st.cache_data(max_entries=32, show_spinner="Computing dataset derivative…")
def cached_diva(model_key: str, noise: float, lam: float, steps: int, step_size: float, seed: int):
    """The DivaReport for one model and one setting of the page's controls."""
    from analysis.diva_eval import diva_report
    from analysis.diva_task import digits_task

    task = digits_task(get_model(model_key), noise_rate=noise, seed=seed)
    return diva_report(task, lam=lam, n_steps=steps, step_size=step_size, seed=seed)


@st.cache_data(show_spinner=False)
def coldstart_graphs(path: str) -> list[str]:
    from analysis.coldstart_zoo import zoo_graphs

    return zoo_graphs(path)


@st.cache_resource(max_entries=4, show_spinner="Loading the graph and its models…")
def coldstart_zoo_bundle(graph_name: str, path: str):
    """A bundled graph's ColdStartBundle (models are shared and never mutated)."""
    from analysis.coldstart_zoo import from_zoo

    return from_zoo(graph_name, path)


_TRAINING = "Training the teacher, the student and four baselines (about 15 s per seed on a graph of Cora's size)…"


@st.cache_resource(max_entries=2, show_spinner=_TRAINING)
def coldstart_upload_bundle(digest: str, _raw: bytes, file_name: str, seeds: int, scheme: str):
    """Read a user's .npz graph and train every model on it (quick settings)."""
    from analysis.coldstart_zoo import trained_here
    from data.graph_io import read_npz

    graph = read_npz(_raw, name=Path(file_name).stem[:40] or "uploaded")
    return trained_here(graph, seeds=seeds, scheme=scheme)


@st.cache_resource(max_entries=4, show_spinner=_TRAINING)
def coldstart_sbm_bundle(low: float, homophily: float, seeds: int, scheme: str):
    """A DC-SBM graph with the user's low-degree share and homophily, every model trained on it."""
    from analysis.coldstart_zoo import trained_here
    from data.graph_sim import SBMConfig, dc_sbm_graph

    graph = dc_sbm_graph(SBMConfig(low_degree_share=low, homophily=homophily), seed=0,
                         name=f"dc-sbm-low{low:.2f}-h{homophily:.2f}")
    return trained_here(graph, seeds=seeds, scheme=scheme)


def sbm_key(low: float, homophily: float, seeds: int, scheme: str) -> str:
    return f"sbm:{low:.2f}:{homophily:.2f}:{int(seeds)}:{scheme}"


def coldstart_bundle(graph_key: str, path: str):
    """The bundle for a zoo graph name, an 'upload:…' or an 'sbm:…' key; raises InputError."""
    if graph_key.startswith("upload:"):
        stored = _stored_upload(GRAPH_UPLOADS_STATE, graph_key, "graph")
        return coldstart_upload_bundle(graph_key, *stored)
    if graph_key.startswith("sbm:"):
        _, low, hom, seeds, scheme = graph_key.split(":")
        return coldstart_sbm_bundle(float(low), float(hom), int(seeds), scheme)
    return coldstart_zoo_bundle(graph_key, path)


def remember_graph_upload(raw: bytes, file_name: str, seeds: int, scheme: str) -> str:
    """Keep an uploaded graph's bytes in the session (user input, not a result); returns its key."""
    key = "upload:" + hashlib.sha256(raw).hexdigest()[:16] + f":{seeds}:{scheme}"
    st.session_state.setdefault(GRAPH_UPLOADS_STATE, {})[key] = (raw, file_name, seeds, scheme)
    return key


@st.cache_data(max_entries=16, show_spinner="Projecting embeddings…")
def cached_embedding_map(graph_key: str, path: str, method: str):
    from analysis.coldstart import embedding_map

    b = coldstart_bundle(graph_key, path)
    return embedding_map(b.models["teacher"], b.models["coldbrew"], b.split, method=method)


@st.cache_data(max_entries=64, show_spinner=False)
def cached_inspection(graph_key: str, path: str, node: int):
    from analysis.coldstart import inspect_node

    b = coldstart_bundle(graph_key, path)
    return inspect_node(b.models, b.split, node, original=b.graph)


@st.cache_data(show_spinner=False)
def splits_frame(path: str):
    """Recorded R² of every splits model in the zoo (analysis.splits.scores_frame)."""
    from analysis.splits import scores_frame

    return scores_frame(zoo_listing(path)[0])


def splits_models(dataset: str, split: str, path: str) -> dict:
    """{kind: module} of the zoo's models for one dataset and split."""
    frame = splits_frame(path)
    rows = frame[(frame.dataset == dataset) & (frame.split == split)]
    return {r.kind: _zoo_model(r.model, path)[1] for r in rows.itertuples()}


@st.cache_data(max_entries=16, show_spinner="Rendering the test images and evaluating the models…")
def cached_split_eval(dataset: str, split: str, path: str):
    from analysis.splits import evaluate_split

    frame = splits_frame(path)
    row = frame[(frame.dataset == dataset) & (frame.split == split)].iloc[0]
    # the subsample the models were scored on at training, so the two agree
    return evaluate_split(splits_models(dataset, split, path), dataset, split, n_train=int(row.n_train),
                          n_test=int(row.n_test))


@st.cache_data(max_entries=64, show_spinner=False)
def cached_split_picture(dataset: str, split: str, fx: str, fy: str):
    from analysis.splits import split_picture
    from data.factor_splits import make_split

    return split_picture(make_split(dataset, split), fx, fy)


TRAJ_UPLOADS_STATE = "uploaded_trajectories"   # {key: (file bytes, file name)}: user input


def traj_models(domain: str, path: str) -> dict:
    """{label: module}: constant velocity and the zoo's predictors trained on `domain`."""
    from models.trajectory import ConstantVelocity

    good, _ = zoo_listing(path)
    out = {"constant velocity": ConstantVelocity()}
    for m in good:
        if m.task == "trajectories" and m.dataset.get("name") == domain:
            out[m.config.get("kind", m.name)] = _zoo_model(m.name, path)[1]
    return out


@st.cache_data(max_entries=8, show_spinner="Reading the scenes…")
def traj_scenes(key: str):
    """Scenes of a bundled dataset name or an 'upload:<digest>' key; raises InputError."""
    from analysis.traj_views import load_dataset
    from data.trajectories import make_scenes, read_eth_ucy

    if key.startswith("upload:"):
        stored = _stored_upload(TRAJ_UPLOADS_STATE, key, "file")
        raw, name = stored
        return make_scenes(read_eth_ucy(raw), name=Path(name).stem[:40] or "uploaded")
    return load_dataset(key)


@st.cache_data(max_entries=64, show_spinner="Computing Shapley values for this scene…")
def cached_scene_view(key: str, domain: str, model: str, scene: int, removed: tuple, metric: str, removal: str,
                      path: str):
    from analysis.traj_views import scene_view

    return scene_view(traj_models(domain, path)[model], traj_scenes(key), scene, removed=removed, metric=metric,
                      removal=removal)


@st.cache_data(max_entries=8, show_spinner="Attributing every scene for every model (up to 300 scenes; "
                                          "about a minute the first time)…")
def cached_traj_comparison(key: str, domain: str, metric: str, removal: str, path: str):
    """(comparison table, {model: scene with the largest social attribution})."""
    from analysis.traj_views import attribute_models, comparison, most_social_scene
    from models.train_traj import ade_fde
    from models.trajectory import ConstantVelocity

    scenes = traj_scenes(key)
    models = traj_models(domain, path)
    atts = attribute_models(models, scenes, metric=metric, removal=removal)
    ids = next(iter(atts.values())).per_scene["scene"].to_numpy()
    cv_ade = ade_fde(ConstantVelocity(), scenes.take(ids))[0]
    return comparison(atts, cv_ade), {k: most_social_scene(a) for k, a in atts.items()}


SERIES_UPLOADS_STATE = "uploaded_series"   # {key: (csv bytes, file name)}: user input


@st.cache_resource(max_entries=4, show_spinner="Loading the series and the generators…")
def series_zoo_bundle(name: str, path: str):
    """A bundled dataset's SeriesBundle from the zoo."""
    from analysis.series_views import from_zoo

    return from_zoo(name, path)


@st.cache_resource(max_entries=2, show_spinner="Training PSA-GAN, its three ablations and the Context-FID encoder "
                                                "on your series (quick settings, about a minute)…")
def series_upload_bundle(digest: str, _raw: bytes, file_name: str):
    from analysis.series_views import trained_here
    from data.series import read_csv

    return trained_here(read_csv(_raw, name=Path(file_name).stem[:40] or "uploaded"))


def series_bundle(key: str, path: str):
    if key.startswith("upload:"):
        stored = _stored_upload(SERIES_UPLOADS_STATE, key, "file")
        return series_upload_bundle(key, *stored)
    return series_zoo_bundle(key, path)


@st.cache_data(max_entries=8, show_spinner="Scoring every generator against held-out real data (about a minute "
                                          "the first time)…")
def cached_series_report(key: str, path: str):
    from analysis.series_report import series_report

    b = series_bundle(key, path)
    return series_report(b.data, b.encoder, b.generators)
