"""AppTest for a lab's zoo folder (every view): no exception, key elements present, reruns clean."""

import pytest

from modeldash.ui.cache import common as cache
from tests.pages.apptest import open_app


@pytest.mark.slow
def test_a_labs_onnx_models_in_the_zoo_folder_join_each_view(lab_zoo, monkeypatch, tmp_path):
    """`--zoo PATH` with .onnx entries: the trajectory predictor joins the table, the feature extractor is in the
    Example weights picker, the regressor is offered on the splits page — as the zoo's own models are."""
    monkeypatch.setenv("DASH_ZOO", str(lab_zoo))
    monkeypatch.setenv("DASH_STORE", str(tmp_path))
    rows = "\n".join(f"{t * 10} {a} {0.4 * t + a} {a}" for a in (1, 2) for t in range(30)).encode()
    state = {cache.TRAJ_UPLOADS_STATE: {"upload:good": (rows, "mine.txt")}, "traj_upload_key": "upload:good"}
    at = open_app("views/trajectories.py", **state, traj_data="upload")
    assert not at.exception and not at.error
    assert "lab_social (ONNX)" in list(at.dataframe[0].value["model"])
    at = open_app("views/diva.py", diva_model="lab_pixels")
    assert not at.exception and not at.error and len(at.get("plotly_chart")) == 4
    at = open_app("views/splits.py", splits_data="dsprites")
    assert not at.exception and not at.error
    at.selectbox(key="splits_yours").set_value("lab_mean").run()
    at.selectbox(key="splits_kind").set_value("lab_mean (ONNX)").run()
    assert not at.exception and not at.error and len(at.get("plotly_chart")) == 6
