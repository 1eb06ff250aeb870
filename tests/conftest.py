"""Fixtures shared by the model and page tests."""

import json
from pathlib import Path

import pytest


def onnx_entry(root, name, raw: bytes, **manifest) -> None:
    """Write `<name>.onnx` and its manifest into a zoo folder."""
    (root / f"{name}.onnx").write_bytes(raw)
    (root / f"{name}.json").write_text(json.dumps({"name": name, **manifest}))


@pytest.fixture(scope="session")
def lab_zoo(tmp_path_factory):
    """A lab's zoo folder: the bundled zoo (linked) plus ONNX entries — an exported social-attention predictor
    (written by `python -m modeldash.models.export … --manifest`), a pixels feature extractor for the digits and a
    mean-colour regressor for dSprites."""
    pytest.importorskip("onnxruntime")
    from modeldash.models.export import main as export
    from modeldash.models.zoo import DEFAULT_ZOO
    from tests.models.test_onnx import mean_colour_onnx, pixels_onnx

    root = tmp_path_factory.mktemp("lab_zoo")
    for f in DEFAULT_ZOO.iterdir():
        (root / f.name).symlink_to(f)
    assert export(["traj_eth_ucy_social_attn", "--out", str(root / "lab_social.onnx"), "--manifest"]) == 0
    onnx_entry(root, "lab_pixels", pixels_onnx(8), task="diva", dataset={"name": "digits"})
    onnx_entry(root, "lab_mean", mean_colour_onnx(1, 5), task="splits", dataset={"name": "dsprites", "split": "random"})
    return root


@pytest.fixture
def shipped_store(monkeypatch, tmp_path):
    """A copy of the shipped results store as the app's store, as a fresh server from a clone has it."""
    import shutil

    import streamlit as st

    for f in (Path(__file__).resolve().parents[1] / "modeldash" / "models" / "results").iterdir():
        shutil.copy(f, tmp_path)
    monkeypatch.setenv("DASH_STORE", str(tmp_path))
    st.cache_data.clear()  # a result cached by an earlier test would hide the store
