"""Shared by every view's cached loaders: upload keys, the zoo's key, models, the claims board. Every st.cache_* of the app: the zoo, models, and each view's results, keyed by plain values. Each loader
calls its view's service (analysis/<view>/service.py); uploads are keyed by a digest of their bytes, which the
session keeps (user input, not results)."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import streamlit as st

from modeldash.errors import InputError
from modeldash.ui.settings import zoo_path

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
    from modeldash.models.zoo import list_zoo

    return list_zoo(_dir(zoo))


@st.cache_resource(max_entries=8, show_spinner="Loading model…")
def _zoo_model(name: str, zoo: str):
    from modeldash.models.zoo import load_model

    return load_model(name, _dir(zoo))


@st.cache_resource(max_entries=4, show_spinner="Checking uploaded model…")
def upload_model(digest: str, _manifest: bytes, _weights: bytes, weights_name: str):
    from modeldash.models.zoo import load_pair

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
    from modeldash.analysis.claims import stored_claims
    from modeldash.analysis.store import store_dir

    got, missing = stored_claims(_dir(zoo), store_dir(_dir(zoo)))
    return [c.row() for c in got], missing


def _with_variant(name: str, variant: str, default: str) -> str:
    """A zoo entry's key: its name, with '@variant' unless the variant is the default (a protocol, a budget)."""
    return name if variant == default else f"{name}@{variant}"


def _variant_of(key: str, default: str) -> tuple[str, str]:
    name, _, variant = key.partition("@")
    return name, variant or default
