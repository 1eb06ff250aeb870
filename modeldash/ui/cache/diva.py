"""The Example weights (DIVA) view's cached loaders (see ui/cache/__init__.py)."""

from __future__ import annotations

import streamlit as st

from modeldash.analysis.diva.settings import DivaSettings
from modeldash.ui.cache.common import (
    FEATURES_UPLOADS_STATE,
    ONNX_UPLOADS_STATE,
    _dir,
    _stem,
    _stored_upload,
    get_model,
)


@st.cache_data(max_entries=64, show_spinner=False)
def model_digest(key: str, zoo: str) -> str:
    """A digest of a model's weights: the zoo file's bytes, or the upload's key (itself a digest of its bytes)."""
    if key.startswith("upload:"):
        return key
    from modeldash.analysis.store import digest
    from modeldash.models.zoo import weights_path

    return digest(weights_path(key, _dir(zoo)).read_bytes())


@st.cache_data(max_entries=32, show_spinner="Computing dataset derivative…")
def diva_scored(model_key: str, settings: DivaSettings, zoo: str):
    """(DIVA's report, where it came from): from the results store when computed before for these weights."""
    from modeldash.analysis.diva.service import stored_digits_report
    from modeldash.analysis.store import store_dir

    return stored_digits_report(
        model_digest(model_key, zoo), lambda: get_model(model_key), folder=store_dir(_dir(zoo)), settings=settings
    )


@st.cache_data(max_entries=16, show_spinner="Computing the dataset derivative on your features…")
def diva_features_report(key: str, settings: DivaSettings):
    """DIVA on an uploaded features file ('upload:<digest>' kept in the session)."""
    from modeldash.analysis.diva.service import features_report
    from modeldash.data.diva_features import read_features_npz

    raw, name = _stored_upload(FEATURES_UPLOADS_STATE, key, "features file")
    return features_report(read_features_npz(raw, name=_stem(name)), settings)


@st.cache_resource(max_entries=4, show_spinner="Checking your ONNX model (a probe batch under a time budget)…")
def _diva_onnx(onnx_key: str, _raw: bytes, file_name: str):
    from modeldash.models.onnx_views import OnnxFeatureExtractor

    return OnnxFeatureExtractor(_raw, name=_stem(file_name))


@st.cache_data(max_entries=16, show_spinner="Computing the dataset derivative on your network's features…")
def diva_onnx_scored(onnx_key: str, settings: DivaSettings, zoo: str):
    """DIVA on the digits with an uploaded ONNX feature extractor, through the results store like a zoo model."""
    from modeldash.analysis.diva.service import stored_digits_report
    from modeldash.analysis.store import store_dir

    raw, name = _stored_upload(ONNX_UPLOADS_STATE, onnx_key, "ONNX model")
    model = _diva_onnx(onnx_key, raw, name)
    return stored_digits_report(onnx_key, lambda: model, folder=store_dir(_dir(zoo)), settings=settings)


@st.cache_data(max_entries=16, show_spinner="Comparing the two runs…")
def diva_pair(
    models: tuple[str, str], labels: tuple[str, str], settings: DivaSettings, seeds: tuple[int, int], zoo: str
):
    """Two DIVA runs side by side (their reports from the store when computed before; the bootstrap once)."""
    from modeldash.analysis.diva.compare import run_pair

    a, b = (diva_scored(m, settings.with_(seed=s), zoo)[0] for m, s in zip(models, seeds))
    return run_pair(a, b, labels)
