"""Every st.cache_* of the app: the zoo, models, and each view's results, keyed by plain values. Each loader
calls its view's service (analysis/<view>/service.py); uploads are keyed by a digest of their bytes, which the
session keeps (user input, not results)."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import streamlit as st

from errors import InputError, check_size
from ui.settings import zoo_path

UPLOADS_STATE = "uploaded_models"  # {key: (manifest bytes, weights bytes, weights file name)}
GRAPH_UPLOADS_STATE = "uploaded_graphs"  # {key: (npz bytes, file name, seeds, scheme)}
TRAJ_UPLOADS_STATE = "uploaded_trajectories"  # {key: (file bytes, file name)}
SERIES_UPLOADS_STATE = "uploaded_series"  # {key: (csv bytes, file name)}
FEATURES_UPLOADS_STATE = "uploaded_features"  # {key: (npz bytes, file name)}
SERIES_SAMPLES_STATE = "uploaded_series_samples"  # {key: (npz or csv bytes, file name)}
COLD_OUTPUTS_STATE = "uploaded_node_outputs"  # {key: (npz bytes, file name)}
ONNX_UPLOADS_STATE = "uploaded_onnx"  # {key: (onnx bytes, file name)}


def upload_digest(*raws: bytes) -> str:
    """The key an upload is kept and cached under: 'upload:' and a digest of its bytes."""
    return "upload:" + hashlib.sha256(b"\0".join(raws)).hexdigest()[:16]


def _stored_upload(state: str, key: str, what: str):
    """What the user uploaded under `key` in this session; InputError when it is no longer there."""
    stored = st.session_state.get(state, {}).get(key)
    if stored is None:
        raise InputError(f"that uploaded {what} is no longer in this session; upload it again")
    return stored


def zoo_ref() -> str:
    """The zoo folder and a stamp of its files (names, sizes, modification times), as one cache key. Keys change
    only when a file changes on disk, so nothing is cleared for other sessions and results are recomputed only for
    a zoo that really changed."""
    path = zoo_path()
    try:
        files = sorted((e.name, e.stat().st_size, e.stat().st_mtime_ns) for e in os.scandir(path) if e.is_file())
    except OSError:
        files = []
    return f"{path}#{hashlib.sha256(repr(files).encode()).hexdigest()[:12]}"


def _dir(zoo: str) -> str:
    """The folder of a zoo_ref()."""
    return zoo.split("#", 1)[0]


def _stem(file_name: str) -> str:
    return Path(file_name).stem[:40] or "uploaded"


# ---------------------------------------------------------------- the zoo and models


@st.cache_data(max_entries=8, show_spinner=False)
def zoo_listing(zoo: str):
    """(manifests of valid entries, sentences about broken ones) for a zoo_ref()."""
    from models.zoo import list_zoo

    return list_zoo(_dir(zoo))


@st.cache_resource(max_entries=8, show_spinner="Loading model…")
def _zoo_model(name: str, zoo: str):
    from models.zoo import load_model

    return load_model(name, _dir(zoo))


@st.cache_resource(max_entries=4, show_spinner="Checking uploaded model…")
def upload_model(digest: str, _manifest: bytes, _weights: bytes, weights_name: str):
    from models.zoo import load_pair

    return load_pair(_manifest, _weights, weights_name=weights_name, source="upload")


def get_model(key: str):
    """The eval-mode module for a zoo name or an 'upload:<digest>' key; raises InputError."""
    if key.startswith("upload:"):
        return upload_model(key, *_stored_upload(UPLOADS_STATE, key, "model"))[1]
    return _zoo_model(key, zoo_ref())[1]


def zoo_module(name: str):
    """A zoo model by name (shared, never mutated)."""
    return _zoo_model(name, zoo_ref())[1]


@st.cache_data(max_entries=4, show_spinner="Reading the claims' results from the store…")
def claims_board(zoo: str) -> tuple[list[dict], list[str]]:
    """Home's scoreboard: (a row per claim whose results the store holds, the views it does not hold)."""
    from analysis.claims import stored_claims
    from analysis.store import store_dir

    got, missing = stored_claims(_dir(zoo), store_dir(_dir(zoo)))
    return [c.row() for c in got], missing


# ---------------------------------------------------------------- Example weights


@st.cache_data(max_entries=64, show_spinner=False)
def model_digest(key: str, zoo: str) -> str:
    """A digest of a model's weights: the zoo file's bytes, or the upload's key (itself a digest of its bytes)."""
    if key.startswith("upload:"):
        return key
    from analysis.store import digest
    from models.zoo import weights_path

    return digest(weights_path(key, _dir(zoo)).read_bytes())


@st.cache_data(max_entries=32, show_spinner="Computing dataset derivative…")
def diva_scored(model_key: str, noise: float, lam: float, steps: int, step_size: float, seed: int, zoo: str):
    """(DIVA's report, where it came from): from the results store when computed before for these weights."""
    from analysis.diva.service import stored_digits_report
    from analysis.store import store_dir

    return stored_digits_report(
        model_digest(model_key, zoo),
        lambda: get_model(model_key),
        folder=store_dir(_dir(zoo)),
        noise=noise,
        lam=lam,
        steps=steps,
        step_size=step_size,
        seed=seed,
    )


@st.cache_data(max_entries=16, show_spinner="Computing the dataset derivative on your features…")
def diva_features_report(key: str, noise: float, lam: float, steps: int, step_size: float, seed: int):
    """DIVA on an uploaded features file ('upload:<digest>' kept in the session)."""
    from analysis.diva.service import features_report
    from data.diva_features import read_features_npz

    raw, name = _stored_upload(FEATURES_UPLOADS_STATE, key, "features file")
    fs = read_features_npz(raw, name=_stem(name))
    return features_report(fs, noise=noise, lam=lam, steps=steps, step_size=step_size, seed=seed)


@st.cache_resource(max_entries=4, show_spinner="Checking your ONNX model (a probe batch under a time budget)…")
def _diva_onnx(onnx_key: str, _raw: bytes, file_name: str):
    from models.onnx_views import OnnxFeatureExtractor

    return OnnxFeatureExtractor(_raw, name=_stem(file_name))


@st.cache_data(max_entries=16, show_spinner="Computing the dataset derivative on your network's features…")
def diva_onnx_scored(onnx_key: str, noise: float, lam: float, steps: int, step_size: float, seed: int, zoo: str):
    """DIVA on the digits with an uploaded ONNX feature extractor, through the results store like a zoo model."""
    from analysis.diva.service import stored_digits_report
    from analysis.store import store_dir

    raw, name = _stored_upload(ONNX_UPLOADS_STATE, onnx_key, "ONNX model")
    model = _diva_onnx(onnx_key, raw, name)
    kw = {"noise": noise, "lam": lam, "steps": steps, "step_size": step_size, "seed": seed}
    return stored_digits_report(onnx_key, lambda: model, folder=store_dir(_dir(zoo)), **kw)


def diva_report(model_key: str, noise: float, lam: float, steps: int, step_size: float, seed: int):
    return diva_scored(model_key, noise, lam, steps, step_size, seed, zoo_ref())[0]


@st.cache_data(max_entries=16, show_spinner="Comparing the two runs…")
def diva_pair(
    models: tuple[str, str],
    labels: tuple[str, str],
    noise: float,
    lam: float,
    steps: int,
    step_size: float,
    seeds: tuple[int, int],
    zoo: str,
):
    """Two DIVA runs side by side (their reports from the store when computed before; the bootstrap once)."""
    from analysis.diva.compare import run_pair

    a, b = (diva_scored(m, noise, lam, steps, step_size, s, zoo)[0] for m, s in zip(models, seeds))
    return run_pair(a, b, labels)


# ---------------------------------------------------------------- Cold-start graphs


@st.cache_data(max_entries=8, show_spinner=False)
def coldstart_graphs(zoo: str, protocol: str) -> list[str]:
    from analysis.coldstart.service import zoo_graphs

    return zoo_graphs(_dir(zoo), protocol)


def _with_variant(name: str, variant: str, default: str) -> str:
    """A zoo entry's key: its name, with '@variant' unless the variant is the default (a protocol, a budget)."""
    return name if variant == default else f"{name}@{variant}"


def _variant_of(key: str, default: str) -> tuple[str, str]:
    name, _, variant = key.partition("@")
    return name, variant or default


def coldstart_zoo_key(graph_name: str, protocol: str) -> str:
    """A zoo graph's key: its name under the paper's protocol, 'name@ours' under ours."""
    return _with_variant(graph_name, protocol, "paper")


def _zoo_graph(graph_key: str) -> tuple[str, str]:
    return _variant_of(graph_key, "paper")


@st.cache_resource(max_entries=4, show_spinner="Loading the graph and the zoo's record…")
def _coldstart_zoo_record(graph_key: str, zoo: str):
    from analysis.coldstart.service import load_graph_record

    name, protocol = _zoo_graph(graph_key)
    return load_graph_record(name, _dir(zoo), protocol)


@st.cache_resource(max_entries=4, show_spinner="Loading the models and checking them against the record…")
def _coldstart_zoo_bundle(graph_key: str, zoo: str):
    from analysis.coldstart.service import load_graph_bundle

    name, protocol = _zoo_graph(graph_key)
    record = _coldstart_zoo_record(graph_key, zoo)
    return load_graph_bundle(name, _dir(zoo), record=record, protocol=protocol)


def coldstart_record(graph_key: str):
    """What the page shows first: for a zoo graph its record (no models loaded); else the trained bundle."""
    if graph_key.startswith(("upload:", "sbm:")):
        return coldstart_bundle(graph_key)
    return _coldstart_zoo_record(graph_key, zoo_ref())


_TRAINING = (
    "Training the teacher, two students and four baselines with the protocol's full settings "
    "(about 2 minutes per seed on a graph of Cora's size under the paper's, 20 s under ours)"
)


def sbm_key(low: float, homophily: float, seeds: int, scheme: str, protocol: str, quick: bool) -> str:
    return f"sbm:{low:.2f}:{homophily:.2f}:{int(seeds)}:{scheme}:{protocol}:{'quick' if quick else 'full'}"


def coldstart_bundle(graph_key: str):
    """The bundle for a zoo graph key, an 'upload:…' or an 'sbm:…' key; raises InputError."""
    from ui.jobs import follow

    if graph_key.startswith("upload:"):
        from analysis.coldstart.service import train_upload_job

        raw, name, seeds, scheme, protocol, quick = _stored_upload(GRAPH_UPLOADS_STATE, graph_key, "graph")
        job = f"coldstart-{graph_key}"
        return follow(job, _TRAINING, train_upload_job, raw, _stem(name), seeds, scheme, protocol, quick)
    if graph_key.startswith("sbm:"):
        from analysis.coldstart.service import train_sbm_job

        _, low, hom, seeds, scheme, protocol, budget = graph_key.split(":")
        job = f"coldstart-{graph_key}"
        args = (float(low), float(hom), int(seeds), scheme, protocol, budget == "quick")
        return follow(job, _TRAINING, train_sbm_job, *args)
    return _coldstart_zoo_bundle(graph_key, zoo_ref())


@st.cache_data(max_entries=8, show_spinner=False)
def coldstart_outputs(graph_key: str, outputs_key: str):
    """An uploaded outputs file, checked against the graph it is for."""
    from data.coldstart_outputs import read_outputs

    raw, name = _stored_upload(COLD_OUTPUTS_STATE, outputs_key, "outputs file")
    g = coldstart_record(graph_key).graph
    return read_outputs(raw, n_nodes=g.n_nodes, n_classes=g.n_classes, name=_stem(name))


@st.cache_data(max_entries=8, show_spinner="Projecting your embeddings…")
def coldstart_map_with_yours(graph_key: str, path: str, method: str, outputs_key: str):
    """The embedding map with the uploaded outputs' embeddings projected the same way, for the same nodes."""
    from analysis.coldstart.study import with_embeddings

    o = coldstart_outputs(graph_key, outputs_key)
    return with_embeddings(coldstart_embedding_map(graph_key, path, method), o.embeddings, o.name)


def remember_graph_upload(raw: bytes, file_name: str, seeds: int, scheme: str, protocol: str, quick: bool) -> str:
    """Keep an uploaded graph's bytes in the session (user input, not a result); returns its key."""
    from data.coldstart_graphs import MAX_NPZ_BYTES

    check_size(len(raw), MAX_NPZ_BYTES, f"'{file_name[:60]}'")
    key = upload_digest(raw) + f":{seeds}:{scheme}:{protocol}:{'quick' if quick else 'full'}"
    st.session_state.setdefault(GRAPH_UPLOADS_STATE, {})[key] = (raw, file_name, seeds, scheme, protocol, quick)
    return key


@st.cache_data(max_entries=16, show_spinner="Projecting embeddings…")
def coldstart_embedding_map(graph_key: str, path: str, method: str):
    """A zoo graph's map from the results store (projected once), else projected from the trained bundle."""
    from analysis.coldstart.service import embedding_map, stored_embedding_map
    from analysis.store import store_dir

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
    from analysis.coldstart.service import node_predictions, stored_node_predictions
    from analysis.store import Provenance, store_dir

    if graph_key.startswith(("upload:", "sbm:")):
        return node_predictions(coldstart_bundle(graph_key)), Provenance("session", "now", "")
    folder = store_dir(_dir(path))
    name, protocol = _zoo_graph(graph_key)
    bundle = lambda: coldstart_bundle(graph_key)  # noqa: E731
    return stored_node_predictions(name, _dir(path), folder=folder, bundle=bundle, protocol=protocol)


@st.cache_data(max_entries=64, show_spinner=False)
def coldstart_inspection(graph_key: str, path: str, node: int):
    from analysis.coldstart.service import inspect_node

    record = coldstart_record(graph_key)
    return inspect_node(record.graph, record.split, coldstart_predictions(graph_key, path)[0], node)


# ---------------------------------------------------------------- Compositional splits


@st.cache_data(max_entries=8, show_spinner=False)
def splits_scores(zoo: str):
    """Recorded R² of every splits model in the zoo."""
    from analysis.splits.service import zoo_scores

    return zoo_scores(_dir(zoo))


@st.cache_data(max_entries=8, show_spinner=False)
def splits_seed_gaps(zoo: str, dataset: str):
    """Per architecture, R² random against extrapolation over the zoo's training seeds (recorded scores)."""
    from analysis.splits.seeds import seed_gaps
    from analysis.splits.service import seed_scores

    return seed_gaps(seed_scores(_dir(zoo)), dataset)


def splits_models(dataset: str, split: str, path: str) -> dict:
    from analysis.splits.service import split_models

    return split_models(splits_scores(path), dataset, split, zoo_module)


@st.cache_data(max_entries=16, show_spinner="Rendering the test images and evaluating the models…")
def splits_scored(dataset: str, split: str, path: str):
    """(each kind's evaluation on the split's test subsample, where it came from): from the results store when
    the same models were evaluated before."""
    from analysis.splits.service import stored_evaluation
    from analysis.store import store_dir

    return stored_evaluation(
        splits_scores(path), dataset, split, zoo_module, zoo=_dir(path), folder=store_dir(_dir(path))
    )


@st.cache_resource(max_entries=4, show_spinner="Checking your ONNX model (a probe batch under a time budget)…")
def _splits_onnx(onnx_key: str, _raw: bytes, file_name: str, dataset: str):
    from data.splits_images import SPACES
    from models.onnx_views import OnnxFactorRegressor

    space = SPACES[dataset]
    return OnnxFactorRegressor(_raw, space.channels, len(space.factors), name=_stem(file_name))


@st.cache_data(max_entries=4, show_spinner="Evaluating your model on every split (rendering each test set)…")
def splits_onnx_everywhere(onnx_key: str, dataset: str, path: str):
    """(its evaluations on every split, the zoo's frame with its rows) for an uploaded ONNX regressor."""
    from analysis.splits.service import evaluate_everywhere

    raw, name = _stored_upload(ONNX_UPLOADS_STATE, onnx_key, "ONNX model")
    model = _splits_onnx(onnx_key, raw, name, dataset)
    return evaluate_everywhere(model, f"{_stem(name)} (ONNX)", dataset, splits_scores(path))


@st.cache_data(max_entries=4, show_spinner="Evaluating the zoo's ONNX model on every split (rendering each test set)…")
def splits_zoo_onnx_everywhere(name: str, dataset: str, path: str):
    """As splits_onnx_everywhere, for an ONNX regressor in the zoo folder."""
    from analysis.splits.service import evaluate_everywhere

    return evaluate_everywhere(_zoo_model(name, path)[1], f"{name} (ONNX)", dataset, splits_scores(path))


def splits_evaluation(dataset: str, split: str, path: str):
    return splits_scored(dataset, split, path)[0]


@st.cache_data(max_entries=16, show_spinner="Drawing the split over the whole factor grid…")
def splits_split(dataset: str, split: str):
    from data.splits_grid import make_split

    return make_split(dataset, split)


@st.cache_data(max_entries=64, show_spinner=False)
def splits_picture(dataset: str, split: str, fx: str, fy: str):
    from analysis.splits.scores import split_picture

    return split_picture(splits_split(dataset, split), fx, fy)


# ---------------------------------------------------------------- Trajectories


@st.cache_resource(max_entries=4, show_spinner=False)
def _trajectories_domain(domain: str, path: str) -> dict:
    """{label: module}: constant velocity and the zoo's predictors for `domain`. Cached per zoo version (`path`
    is a zoo_ref), so the listing is read once, not on every rerun; the modules are shared and never mutated."""
    from analysis.trajectories.service import domain_models

    return domain_models(domain, _dir(path), load=zoo_module)[0]


@st.cache_resource(max_entries=4, show_spinner="Checking your ONNX model (a probe batch under a time budget)…")
def _trajectories_onnx(onnx_key: str, _raw: bytes, file_name: str):
    from models.onnx_views import OnnxTrajectoryPredictor

    return OnnxTrajectoryPredictor(_raw, name=_stem(file_name))


@st.cache_data(max_entries=8, show_spinner=False)
def _trajectories_digests(domain: str, path: str) -> dict[str, str]:
    from analysis.trajectories.service import domain_digests

    return domain_digests(domain, _dir(path))


def trajectories_digests(domain: str, path: str, onnx_key: str | None = None) -> dict[str, str]:
    """{label: weights digest} of the page's models, the user's ONNX model included, without loading any."""
    digests = _trajectories_digests(domain, path)
    if not onnx_key:
        return digests
    _, name = _stored_upload(ONNX_UPLOADS_STATE, onnx_key, "ONNX model")
    return {**digests, f"{_stem(name)} (ONNX)": onnx_key}


def trajectories_models(domain: str, path: str, onnx_key: str | None = None) -> dict:
    """{label: module}: constant velocity, the zoo's predictors trained on `domain`, and the user's ONNX model
    (labelled '<file> (ONNX)', as in trajectories_digests) when uploaded."""
    models = _trajectories_domain(domain, path)
    if not onnx_key:
        return models
    raw, name = _stored_upload(ONNX_UPLOADS_STATE, onnx_key, "ONNX model")
    return {**models, f"{_stem(name)} (ONNX)": _trajectories_onnx(onnx_key, raw, name)}


@st.cache_data(max_entries=8, show_spinner="Reading the scenes…")
def trajectories_scenes(key: str):
    """Scenes of a bundled dataset name or an 'upload:<digest>' key; raises InputError."""
    from analysis.trajectories.service import load_dataset
    from data.trajectories import make_scenes, read_eth_ucy

    if key.startswith("upload:"):
        raw, name = _stored_upload(TRAJ_UPLOADS_STATE, key, "file")
        return make_scenes(read_eth_ucy(raw), name=_stem(name))
    return load_dataset(key)


@st.cache_data(max_entries=64, show_spinner="Computing Shapley values for this scene…")
def trajectories_scene(
    key: str,
    domain: str,
    model: str,
    scene: int,
    removed: tuple,
    metric: str,
    removal: str,
    path: str,
    onnx_key: str | None = None,
):
    from analysis.trajectories.service import scene_view

    return scene_view(
        trajectories_models(domain, path, onnx_key)[model],
        trajectories_scenes(key),
        scene,
        removed=removed,
        metric=metric,
        removal=removal,
    )


@st.cache_data(
    max_entries=8,
    show_spinner="Attributing every scene for every model (up to 300 scenes; about a minute the first time, then "
    "read from the results store)…",
)
def trajectories_comparison(key: str, domain: str, metric: str, removal: str, path: str, onnx_key: str | None = None):
    """The dataset-level comparison (a StoredComparison): from the results store when computed before."""
    from analysis.store import store_dir
    from analysis.trajectories.service import compare_models_stored

    return compare_models_stored(
        lambda: trajectories_models(domain, path, onnx_key),  # loaded only when the table is not in the store
        trajectories_digests(domain, path, onnx_key),
        trajectories_scenes(key),
        metric=metric,
        removal=removal,
        folder=store_dir(_dir(path)),
    )


# ---------------------------------------------------------------- Synthetic series


def series_key(name: str, budget: str = "official") -> str:
    """A zoo dataset's key: its name, with '@long' for the longer training budget."""
    return _with_variant(name, budget, "official")


def _series_name(key: str) -> tuple[str, str]:
    return _variant_of(key, "official")


@st.cache_resource(max_entries=4, show_spinner="Loading the series, the encoders and every generator's seeds…")
def _series_zoo_bundle(key: str, zoo: str):
    from analysis.series.service import load_series

    name, budget = _series_name(key)
    return load_series(name, _dir(zoo), budget)


@st.cache_resource(max_entries=4, show_spinner=False, hash_funcs={dict: id})
def _series_unpacked(packed: dict):
    """A job's packed bundle rebuilt once (the job's result object stays the same while it is kept)."""
    from analysis.series.service import unpack_bundle

    return unpack_bundle(packed)


def series_bundle(key: str):
    if key.startswith("upload:"):
        from analysis.series.service import UPLOAD_SEEDS, train_series_job
        from ui.jobs import follow

        quick = key.endswith(":quick")  # the page appends it when the user asks for quick settings
        raw, name = _stored_upload(SERIES_UPLOADS_STATE, key.removesuffix(":quick"), "file")
        what = (
            "Training PSA-GAN and its three ablations (quick settings, a smoke test) and two encoders on your series"
            if quick
            else f"Training PSA-GAN and its three ablations ({UPLOAD_SEEDS} seeds each, the official budget: about ten "
            "minutes) and three Context-FID encoders on your series"
        )
        return _series_unpacked(follow(f"series-{key}", what, train_series_job, raw, _stem(name), quick))
    return _series_zoo_bundle(key, zoo_ref())


@st.cache_data(
    max_entries=8,
    show_spinner="Scoring every generator's seeds under three encoders against held-out real data (a few minutes "
    "the first time)…",
)
def series_scored(key: str, path: str):
    """(the report, where it came from): a zoo dataset's from the results store when computed before."""
    from analysis.series.service import report, stored_report
    from analysis.store import Provenance, store_dir

    if key.startswith("upload:"):
        return report(series_bundle(key)), Provenance("session", "now", "")
    name, budget = _series_name(key)
    return stored_report(
        name, _dir(path), folder=store_dir(_dir(path)), budget=budget, bundle=lambda: series_bundle(key)
    )


@st.cache_data(max_entries=8, show_spinner="Scoring your samples against held-out real data…")
def series_with_samples(key: str, path: str, samples_key: str):
    """The report with an uploaded file of samples ('upload:<digest>' kept in the session) scored beside it."""
    from analysis.series.service import with_samples
    from data.series_samples import read_samples

    raw, name = _stored_upload(SERIES_SAMPLES_STATE, samples_key, "samples file")
    rep = series_report(key, path)
    return with_samples(rep, series_bundle(key), {f"{_stem(name)} (yours)": read_samples(raw, name)})


def series_report(key: str, path: str):
    return series_scored(key, path)[0]


@st.cache_data(max_entries=8, show_spinner=False)
def series_caption_facts(key: str, path: str) -> tuple[str, int, str]:
    """(source, number of series, training note) without loading the generators for a zoo dataset."""
    if key.startswith("upload:"):
        b = series_bundle(key)
        return b.data.source or b.data.name, len(b.data.series), b.training_note()
    from analysis.series.service import training_note
    from data.series import load_bundled

    name, budget = _series_name(key)
    data = load_bundled(name)
    return data.source or data.name, len(data.series), training_note(name, _dir(path), budget)


def series_shown(key: str, path: str, samples_key: str | None = None):
    """The report the page shows: with the user's samples scored in when they uploaded some."""
    return series_with_samples(key, path, samples_key) if samples_key else series_report(key, path)


@st.cache_data(max_entries=32, show_spinner=False)
def series_draw(key: str, path: str, generator: str, seed: int, samples_key: str | None = None):
    from analysis.series.service import draw_windows

    return draw_windows(series_shown(key, path, samples_key), generator, seed=seed)


@st.cache_data(max_entries=16, show_spinner="Embedding and projecting the windows…")
def series_window_map(key: str, path: str, generator: str, seed: int, method: str, samples_key: str | None = None):
    from analysis.series.service import window_map

    draw = series_draw(key, path, generator, seed, samples_key)
    return window_map(series_bundle(key), draw, method=method)


@st.cache_data(max_entries=16, show_spinner=False)
def series_stage_samples(key: str, path: str, seed: int):
    from analysis.series.service import stage_samples

    return stage_samples(series_bundle(key), seed=seed)
