"""AppTest for Synthetic series: no exception, key elements present, reruns clean."""

from pathlib import Path

import pytest

from modeldash.ui.cache import common as cache
from tests.pages.apptest import open_app, until_done


@pytest.mark.slow
def test_synthetic_series_page_renders_and_reruns(shipped_store):
    at = open_app("views/series.py")
    assert not at.exception and not at.error
    assert any("Read from the results store" in c.value for c in at.main.caption)
    assert len(at.get("plotly_chart")) == 7  # ETTh1 has both budgets: the ranking at both; and the learning curve
    assert list(at.dataframe[1].value["PSA-GAN against"])[-1] == "AR baseline"  # the paired claims
    at.selectbox(key="series_budget").set_value("long").run()
    assert not at.exception and not at.error and "long" in at.session_state["series_budget"]
    assert set(at.dataframe[0].value["generator"]) >= {"PSA-GAN", "AR baseline", "real"}
    assert any(c.value.startswith("Closest to real by Context-FID") for c in at.main.caption)
    at.button(key="series_new").click().run()
    assert not at.exception and at.number_input(key="series_seed").value == 1
    at.selectbox(key="series_gen").set_value("AR baseline").run()
    at.radio(key="series_proj").set_value("t-SNE").run()
    assert not at.exception and not at.error


def test_synthetic_series_bad_upload_is_one_message():
    bad = {
        cache.SERIES_UPLOADS_STATE: {"upload:bad": (b"time,a\nnot a date,1\n", "bad.csv")},
        "series_upload_key": "upload:bad",
        "series_data": "upload",
    }
    at = until_done(open_app("views/series.py", **bad))
    assert not at.exception and len(at.error) == 1 and "timestamp" in at.error[0].value


@pytest.mark.slow
def test_synthetic_series_trains_on_an_uploaded_csv_as_a_job():
    """A CSV upload with quick settings trains every generator's three seeds and the encoders as a job, then the
    page shows the same sections for it (metrics with seed intervals, the paired claims, samples per stage)."""
    src = (Path(__file__).resolve().parents[2] / "modeldash" / "data" / "files" / "series" / "ETTh1.csv").read_text()
    raw = "\n".join(",".join(line.split(",")[:3]) for line in src.splitlines()[:1200]).encode()
    state = {
        cache.SERIES_UPLOADS_STATE: {"upload:mine": (raw, "mine.csv")},
        "series_upload_key": "upload:mine",
        "series_data": "upload",
        "series_train": "quick",
    }
    at = until_done(open_app("views/series.py", **state))
    assert not at.exception and not at.error
    table = at.dataframe[0].value
    assert set(table.generator) >= {"PSA-GAN", "AR baseline", "real"} and set(table.seeds) >= {3, 5}
    assert list(at.dataframe[1].value["PSA-GAN against"])[-1] == "AR baseline"
    assert len(at.get("plotly_chart")) == 5  # one budget: no ranking chart
    assert any("Computed in this session from your input" in c.value for c in at.main.caption)


@pytest.mark.slow
def test_synthetic_series_scores_your_samples(shipped_store):
    import io

    import numpy as np

    buf = io.BytesIO()
    np.savez(buf, samples=np.random.default_rng(0).random((120, 64)))
    state = {
        "series_data": "taylor",
        cache.SERIES_SAMPLES_STATE: {"upload:s": (buf.getvalue(), "noise.npz")},
        "series_samples_upload_key": "upload:s",
    }
    at = open_app("views/series.py", **state)
    assert not at.exception and not at.error
    gens = list(at.dataframe[0].value["generator"])
    assert "noise (yours)" in gens and gens[-2:] == ["AR baseline", "real"]
    at.selectbox(key="series_gen").set_value("noise (yours)").run()
    assert not at.exception and not at.error and len(at.get("plotly_chart")) == 6  # Taylor: the curve, no ranking
    state[cache.SERIES_SAMPLES_STATE] = {"upload:bad": (b"nope", "bad.npz")}
    state["series_samples_upload_key"] = "upload:bad"
    at = open_app("views/series.py", **state)
    assert not at.exception and len(at.error) == 1 and "not an .npz" in at.error[0].value
    # the bundled generators' analysis stays beside the sentence (a bad optional file emptied the page before)
    assert len(at.get("plotly_chart")) >= 4 and "bad (yours)" not in set(at.dataframe[0].value.generator)
