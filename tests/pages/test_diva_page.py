"""AppTest for Example weights: no exception, key elements present, reruns clean."""

import json

import pytest
import streamlit as st
from safetensors.torch import save as st_save
from streamlit.testing.v1 import AppTest

from modeldash.models.diva_cnn import DigitsCNN, DigitsCNNConfig
from modeldash.models.zoo import DEFAULT_ZOO
from modeldash.ui import widgets
from modeldash.ui.cache import common as cache
from tests.pages.apptest import APP, TIMEOUT, open_app


def test_example_weights_renders_charts_and_metrics(shipped_store):
    at = open_app("views/diva.py")
    assert any("Read from the results store" in c.value for c in at.main.caption)
    assert not at.exception and not at.error
    assert len(at.get("plotly_chart")) == 4
    assert at.metric[0].label.startswith("Clean test accuracy")
    assert "flipped labels" in at.main.caption[-1].value


@pytest.mark.slow
def test_example_weights_second_run_side_by_side(shipped_store):
    at = open_app("views/diva.py", diva_model_b="digits_cnn", diva_seed_b=1)
    assert not at.exception and not at.error and len(at.get("plotly_chart")) == 5
    assert any("Spearman" in c.value and "seed 1" in c.value for c in at.main.caption)
    at = open_app("views/diva.py", diva_model_b="no such model")  # a stale link: none
    assert not at.exception and len(at.get("plotly_chart")) == 4


@pytest.mark.slow
def test_changing_a_control_reruns_cleanly(shipped_store):
    at = open_app("views/diva.py")
    at.slider(key="diva_noise").set_value(0.4).run()
    assert not at.exception and "359 have flipped labels" in at.main.caption[-1].value
    at.slider(key="diva_steps").set_value(0).run()
    assert not at.exception and len(at.get("plotly_chart")) == 4


def test_bad_query_params_fall_back_to_defaults(shipped_store):
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    at.query_params["diva_noise"] = "99"
    at.query_params["diva_lam"] = "banana"
    at.run()
    at.switch_page("views/diva.py")
    at.run()
    assert not at.exception
    assert at.slider(key="diva_noise").value == pytest.approx(0.2)


def _upload(cfg: DigitsCNNConfig, name="mine"):
    manifest = json.loads((DEFAULT_ZOO / "digits_cnn.json").read_text())
    manifest.update(name=name, config=cfg.__dict__)
    weights = st_save({k: v.contiguous() for k, v in DigitsCNN(cfg).state_dict().items()})
    return json.dumps(manifest).encode(), weights, f"{name}.safetensors"


def test_an_uploaded_model_can_be_analysed_or_refused_with_a_message(monkeypatch):

    good = _upload(DigitsCNNConfig(feature_dim=32), "small")
    bad = _upload(DigitsCNNConfig(image_size=16), "big_images")
    monkeypatch.setattr(
        widgets,
        "_handle_uploads",
        lambda files: st.session_state.setdefault(cache.UPLOADS_STATE, {"upload:good": good, "upload:bad": bad}),
    )
    at = open_app("views/diva.py")
    assert not at.exception
    labels = at.selectbox(key="diva_model").options
    assert "small (uploaded)" in labels and "big_images (uploaded)" in labels
    at.selectbox(key="diva_model").set_value("upload:good").run()
    assert not at.exception and not at.error and len(at.get("plotly_chart")) == 4
    at.selectbox(key="diva_model").set_value("upload:bad").run()
    assert not at.exception and len(at.error) == 1 and "8x8" in at.error[0].value


def test_extreme_settings_do_not_break_the_page(shipped_store):
    at = open_app("views/diva.py", diva_noise=0.5, diva_steps=10, diva_step=1.0, diva_lam=0.001)
    assert not at.exception and not at.error and len(at.get("plotly_chart")) == 4


def test_example_weights_on_your_own_features_file():
    """Features uploaded as an .npz get every part of the view except the image gallery (a table instead when the
    file has no images); a malformed file gets one sentence."""
    import io

    import numpy as np

    rng = np.random.default_rng(1)
    labels = np.arange(120) % 3
    feats = rng.normal(size=(120, 4)) + 3 * np.eye(3)[labels] @ rng.normal(size=(3, 4))
    given = labels.copy()
    given[:10] = (given[:10] + 1) % 3
    buf = io.BytesIO()
    np.savez(buf, features=feats, labels=given, clean_labels=labels)
    state = {
        cache.FEATURES_UPLOADS_STATE: {"upload:f": (buf.getvalue(), "mine.npz")},
        "diva_feat_upload_key": "upload:f",
        "diva_model": "features",
        "diva_noise": 0.0,
    }
    at = open_app("views/diva.py", **state)
    assert not at.exception and not at.error
    assert any("Your features: 90 training and 30 test examples, 4 features, 3 classes" in c.value for c in at.caption)
    assert len(at.get("plotly_chart")) == 3  # histogram, removal, extend (no gallery without images)
    low = at.dataframe[0].value
    assert list(low["end"].unique()) == ["lowest", "highest"] and len(low) == 20
    head = next(c.value for c in at.main.caption if c.value.startswith("Of "))
    assert head.startswith("Of 90 training examples, ") and "have flipped labels" in head
    state[cache.FEATURES_UPLOADS_STATE] = {"upload:bad": (b"not an npz", "bad.npz")}
    state["diva_feat_upload_key"] = "upload:bad"  # keys are digests of the bytes: another file, another key
    at = open_app("views/diva.py", **state)
    assert not at.exception and len(at.error) == 1 and "not an .npz" in at.error[0].value


def test_example_weights_with_your_onnx_network():
    pytest.importorskip("onnxruntime")
    from tests.models.test_onnx import _good, pixels_onnx

    state = {
        cache.ONNX_UPLOADS_STATE: {"upload:p": (pixels_onnx(8), "pixels.onnx")},
        "diva_onnx_upload_key": "upload:p",
        "diva_model": "onnx",
    }
    at = open_app("views/diva.py", **state)
    assert not at.exception and not at.error and len(at.get("plotly_chart")) == 4
    assert any(c.value.startswith("Of 897 training examples") for c in at.main.caption)
    state[cache.ONNX_UPLOADS_STATE] = {"upload:t": (_good(), "traj.onnx")}  # another view's model
    state["diva_onnx_upload_key"] = "upload:t"
    at = open_app("views/diva.py", **state)
    assert not at.exception and len(at.error) == 1 and "this view needs images" in at.error[0].value
