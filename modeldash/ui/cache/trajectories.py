"""The Trajectories view's cached loaders (see ui/cache/__init__.py)."""

from __future__ import annotations

import streamlit as st

from modeldash.analysis.trajectories.settings import SceneRequest, TrajSettings
from modeldash.ui.cache.common import ONNX_UPLOADS_STATE, TRAJ_UPLOADS_STATE, _dir, _stem, _stored_upload, zoo_module


@st.cache_resource(max_entries=4, show_spinner=False)
def _trajectories_domain(domain: str, path: str) -> dict:
    """{label: module}: constant velocity and the zoo's predictors for `domain`. Cached per zoo version (`path`
    is a zoo_ref), so the listing is read once, not on every rerun; the modules are shared and never mutated."""
    from modeldash.analysis.trajectories.stored import domain_models

    return domain_models(domain, _dir(path), load=zoo_module)[0]


@st.cache_resource(max_entries=4, show_spinner="Checking your ONNX model (a probe batch under a time budget)…")
def _trajectories_onnx(onnx_key: str, _raw: bytes, file_name: str):
    from modeldash.models.onnx_views import OnnxTrajectoryPredictor

    return OnnxTrajectoryPredictor(_raw, name=_stem(file_name))


@st.cache_data(max_entries=8, show_spinner=False)
def _trajectories_digests(domain: str, path: str) -> dict[str, str]:
    from modeldash.analysis.trajectories.stored import domain_digests

    return domain_digests(domain, _dir(path))


def trajectories_digests(domain: str, path: str, onnx_key: str | None = None) -> dict[str, str]:
    """{label: weights digest} of the page's models, the user's ONNX model included, without loading any."""
    digests = _trajectories_digests(domain, path)
    if not onnx_key:
        return digests
    _, name = _stored_upload(ONNX_UPLOADS_STATE, onnx_key, "ONNX model")
    return {**digests, f"{_stem(name)} (ONNX)": onnx_key}


@st.cache_data(max_entries=8, show_spinner=False)
def _trajectories_outputs(domain: str, path: str) -> dict[str, str]:
    from modeldash.analysis.trajectories.service import domain_outputs

    return domain_outputs(domain, _dir(path))


def trajectories_outputs(domain: str, path: str, onnx_key: str | None = None) -> dict[str, str]:
    """{label: output kind} of the page's models (the zoo's from their manifests; the user's ONNX model from its
    checked file), as trajectories_digests labels them."""
    outputs = _trajectories_outputs(domain, path)
    if not onnx_key:
        return outputs
    label, model = next(iter(_onnx_model(onnx_key).items()))
    return {**outputs, label: model.output_kind}


def _onnx_model(onnx_key: str) -> dict:
    raw, name = _stored_upload(ONNX_UPLOADS_STATE, onnx_key, "ONNX model")
    return {f"{_stem(name)} (ONNX)": _trajectories_onnx(onnx_key, raw, name)}


def trajectories_models(domain: str, path: str, onnx_key: str | None = None) -> dict:
    """{label: module}: constant velocity, the zoo's predictors trained on `domain`, and the user's ONNX model
    (labelled '<file> (ONNX)', as in trajectories_digests) when uploaded."""
    models = _trajectories_domain(domain, path)
    return {**models, **_onnx_model(onnx_key)} if onnx_key else models


@st.cache_data(max_entries=8, show_spinner="Reading the scenes…")
def trajectories_scenes(key: str):
    """Scenes of a bundled dataset name or an 'upload:<digest>' key; raises InputError."""
    from modeldash.analysis.trajectories.service import load_dataset
    from modeldash.data.trajectories import make_scenes, read_eth_ucy

    if key.startswith("upload:"):
        raw, name = _stored_upload(TRAJ_UPLOADS_STATE, key, "file")
        return make_scenes(read_eth_ucy(raw), name=_stem(name))
    return load_dataset(key)


@st.cache_data(max_entries=64, show_spinner="Computing Shapley values for this scene…")
def trajectories_scene(request: SceneRequest, path: str, onnx_key: str | None = None):
    from modeldash.analysis.trajectories.scene import scene_view

    r = request
    return scene_view(
        trajectories_models(r.domain, path, onnx_key)[r.model],
        trajectories_scenes(r.dataset),
        r.scene,
        removed=r.removed,
        metric=r.settings.metric,
        removal=r.settings.removal,
        seed=r.settings.seed,
    )


@st.cache_data(
    max_entries=8,
    show_spinner="Attributing every scene (up to 300) for the models not in the results store…",
)
def trajectories_comparison(key: str, domain: str, settings: TrajSettings, path: str, onnx_key: str | None = None):
    """The dataset-level comparison and its Provenance: from the results store when computed before. The zoo's table
    and the user's ONNX model's (beside constant velocity) are kept apart, so an upload computes its own rows only;
    the provenance is the user's table's when there is one."""
    from modeldash.analysis.store import store_dir
    from modeldash.analysis.trajectories.stored import compare_models_stored, merged

    folder, scenes = store_dir(_dir(path)), trajectories_scenes(key)
    zoo_table = compare_models_stored(
        lambda: trajectories_models(domain, path),  # loaded only when the table is not in the store
        trajectories_digests(domain, path),
        scenes,
        settings,
        folder=folder,
    )
    if not onnx_key:
        return zoo_table
    mine = {"constant velocity": trajectories_models(domain, path)["constant velocity"], **_onnx_model(onnx_key)}
    digests = trajectories_digests(domain, path, onnx_key)
    yours, origin = compare_models_stored(mine, {k: digests[k] for k in mine}, scenes, settings, folder=folder)
    return merged(zoo_table[0], yours), origin
