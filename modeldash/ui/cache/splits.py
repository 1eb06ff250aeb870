"""The Compositional splits view's cached loaders (see ui/cache/__init__.py)."""

from __future__ import annotations

import streamlit as st

from modeldash.ui.cache.common import ONNX_UPLOADS_STATE, _dir, _stem, _stored_upload, _zoo_model, zoo_module


@st.cache_data(max_entries=8, show_spinner=False)
def splits_scores(zoo: str):
    """Recorded R² of every splits model in the zoo."""
    from modeldash.analysis.splits.service import zoo_scores

    return zoo_scores(_dir(zoo))


@st.cache_data(max_entries=8, show_spinner=False)
def splits_seed_gaps(zoo: str, dataset: str):
    """Per architecture, R² random against extrapolation over the zoo's training seeds (recorded scores)."""
    from modeldash.analysis.splits.seeds import seed_gaps
    from modeldash.analysis.splits.service import seed_scores

    return seed_gaps(seed_scores(_dir(zoo)), dataset)


def splits_models(dataset: str, split: str, path: str) -> dict:
    from modeldash.analysis.splits.service import split_models

    return split_models(splits_scores(path), dataset, split, zoo_module)


@st.cache_data(max_entries=16, show_spinner="Rendering the test images and evaluating the models…")
def splits_scored(dataset: str, split: str, path: str):
    """(each kind's evaluation on the split's test subsample, where it came from): from the results store when
    the same models were evaluated before."""
    from modeldash.analysis.splits.service import stored_evaluation
    from modeldash.analysis.store import store_dir

    return stored_evaluation(
        splits_scores(path), dataset, split, zoo_module, zoo=_dir(path), folder=store_dir(_dir(path))
    )


@st.cache_resource(max_entries=4, show_spinner="Checking your ONNX model (a probe batch under a time budget)…")
def _splits_onnx(onnx_key: str, _raw: bytes, file_name: str, dataset: str):
    from modeldash.data.splits_images import SPACES
    from modeldash.models.onnx_views import OnnxFactorRegressor

    space = SPACES[dataset]
    return OnnxFactorRegressor(_raw, space.channels, len(space.factors), name=_stem(file_name))


@st.cache_data(max_entries=4, show_spinner="Evaluating your model on every split (rendering each test set)…")
def splits_onnx_everywhere(onnx_key: str, dataset: str, path: str):
    """(its evaluations on every split, the zoo's frame with its rows) for an uploaded ONNX regressor."""
    from modeldash.analysis.splits.service import evaluate_everywhere

    raw, name = _stored_upload(ONNX_UPLOADS_STATE, onnx_key, "ONNX model")
    model = _splits_onnx(onnx_key, raw, name, dataset)
    return evaluate_everywhere(model, f"{_stem(name)} (ONNX)", dataset, splits_scores(path))


@st.cache_data(max_entries=4, show_spinner="Evaluating the zoo's ONNX model on every split (rendering each test set)…")
def splits_zoo_onnx_everywhere(name: str, dataset: str, path: str):
    """As splits_onnx_everywhere, for an ONNX regressor in the zoo folder."""
    from modeldash.analysis.splits.service import evaluate_everywhere

    return evaluate_everywhere(_zoo_model(name, path)[1], f"{name} (ONNX)", dataset, splits_scores(path))


def splits_evaluation(dataset: str, split: str, path: str):
    return splits_scored(dataset, split, path)[0]


@st.cache_data(max_entries=16, show_spinner="Drawing the split over the whole factor grid…")
def splits_split(dataset: str, split: str):
    from modeldash.data.splits_grid import make_split

    return make_split(dataset, split)


@st.cache_data(max_entries=64, show_spinner=False)
def splits_picture(dataset: str, split: str, fx: str, fy: str):
    from modeldash.analysis.splits.scores import split_picture

    return split_picture(splits_split(dataset, split), fx, fy)
