"""The Synthetic series (PSA-GAN) view's cached loaders (see ui/cache/__init__.py)."""

from __future__ import annotations

import streamlit as st

from modeldash.ui.cache.common import (
    SERIES_SAMPLES_STATE,
    SERIES_UPLOADS_STATE,
    _dir,
    _stem,
    _stored_upload,
    _variant_of,
    _with_variant,
    zoo_ref,
)


@st.cache_data(show_spinner=False)
def zoo_choices(zoo: str) -> dict[str, list[str]]:
    """The zoo's series datasets, each with the training budgets it has generators for: read from the manifests
    once per state of the zoo's files (`zoo`: a zoo_ref), not on every run of every session."""
    from modeldash.analysis.series.service import zoo_budgets, zoo_datasets

    folder = _dir(zoo)
    return {name: zoo_budgets(name, folder) for name in zoo_datasets(folder)}


def series_key(name: str, budget: str = "demo") -> str:
    """A zoo dataset's key: its name, with '@long' for the longer training budget."""
    return _with_variant(name, budget, "demo")


def _series_name(key: str) -> tuple[str, str]:
    return _variant_of(key, "demo")


@st.cache_resource(max_entries=4, show_spinner="Loading the series, the encoders and every generator's seeds…")
def _series_zoo_bundle(key: str, zoo: str):
    from modeldash.analysis.series.service import load_series

    name, budget = _series_name(key)
    return load_series(name, _dir(zoo), budget)


@st.cache_resource(max_entries=4, show_spinner=False, hash_funcs={dict: id})
def _series_unpacked(packed: dict):
    """A job's packed bundle rebuilt once (the job's result object stays the same while it is kept)."""
    from modeldash.analysis.series.service import unpack_bundle

    return unpack_bundle(packed)


def series_bundle(key: str):
    if key.startswith("upload:"):
        from modeldash.analysis.series.service import UPLOAD_SEEDS, train_series_job
        from modeldash.ui.jobs import follow

        quick = key.endswith(":quick")  # the page appends it when the user asks for quick settings
        raw, name = _stored_upload(SERIES_UPLOADS_STATE, key.removesuffix(":quick"), "file")
        what = (
            "Training PSA-GAN and its three ablations (quick settings, a smoke test) and two encoders on your series"
            if quick
            else f"Training PSA-GAN and its three ablations ({UPLOAD_SEEDS} seeds each, the release's demo budget: about ten "
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
    from modeldash.analysis.series.service import report, stored_report
    from modeldash.analysis.store import Provenance, store_dir

    if key.startswith("upload:"):
        return report(series_bundle(key)), Provenance("session", "now", "")
    name, budget = _series_name(key)
    return stored_report(
        name, _dir(path), folder=store_dir(_dir(path)), budget=budget, bundle=lambda: series_bundle(key)
    )


@st.cache_data(max_entries=8, show_spinner="Scoring your samples against held-out real data…")
def series_with_samples(key: str, path: str, samples_key: str):
    """The report with an uploaded file of samples ('upload:<digest>' kept in the session) scored beside it."""
    from modeldash.analysis.series.service import with_samples
    from modeldash.data.series_samples import read_samples

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
    from modeldash.analysis.series.service import training_note
    from modeldash.data.series import load_bundled

    name, budget = _series_name(key)
    data = load_bundled(name)
    return data.source or data.name, len(data.series), training_note(name, _dir(path), budget)


def series_shown(key: str, path: str, samples_key: str | None = None):
    """The report the page shows: with the user's samples scored in when they uploaded some."""
    return series_with_samples(key, path, samples_key) if samples_key else series_report(key, path)


@st.cache_data(max_entries=32, show_spinner=False)
def series_draw(key: str, path: str, generator: str, seed: int, samples_key: str | None = None):
    from modeldash.analysis.series.service import draw_windows

    return draw_windows(series_shown(key, path, samples_key), generator, seed=seed)


@st.cache_data(max_entries=16, show_spinner="Embedding and projecting the windows…")
def series_window_map(key: str, path: str, generator: str, seed: int, method: str, samples_key: str | None = None):
    from modeldash.analysis.series.service import window_map

    draw = series_draw(key, path, generator, seed, samples_key)
    return window_map(series_bundle(key), draw, method=method)


@st.cache_data(max_entries=16, show_spinner=False)
def series_stage_samples(key: str, path: str, seed: int):
    from modeldash.analysis.series.service import stage_samples

    return stage_samples(series_bundle(key), seed=seed)


@st.cache_data(max_entries=4, show_spinner=False)
def series_curve(name: str, path: str):
    """PSA-GAN's learning curve on a zoo dataset from the results store, or None (nothing is trained here)."""
    from modeldash.analysis.series.service import stored_curve
    from modeldash.analysis.store import store_dir

    return stored_curve(name, _dir(path), folder=store_dir(_dir(path)))
