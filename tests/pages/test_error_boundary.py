"""One error boundary per page (app.py wraps every page in `widgets.user_errors`): an InputError raised deep
inside a view, after the page has started drawing, becomes one sentence, never a traceback."""

from pathlib import Path

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from modeldash.errors import InputError
from modeldash.ui.cache import common as cache

APP = str(Path(__file__).resolve().parents[2] / "app.py")


def _app(page, **state):
    st.cache_data.clear()  # the patched function must run, not a cached result
    st.cache_resource.clear()
    at = AppTest.from_file(APP, default_timeout=180).run()
    for k, v in state.items():
        at.session_state[k] = v
    at.switch_page(page)
    return at.run()


def _raiser(*_, **__):
    raise InputError("a deep failure for the test")


def _one_sentence(at, text):
    assert not at.exception
    assert [e.value for e in at.error] == [text] or (len(at.error) == 1 and text in at.error[0].value)


def test_trajectories_one_track_upload_raises_after_the_scenes_load(shipped_store):
    # exactly one 20-step track: one scene, so the random-agent control has no other scene to draw from
    rows = "\n".join(f"{t * 10} 1 {0.4 * t} 0.0" for t in range(20)).encode()
    at = _app(
        "views/trajectories.py",
        **{
            cache.TRAJ_UPLOADS_STATE: {"upload:one": (rows, "one.txt")},
            "traj_upload_key": "upload:one",
            "traj_data": "upload",
        },
    )
    _one_sentence(at, "the random-agent control needs at least two scenes")


@pytest.mark.parametrize(
    "page, target",
    [
        ("views/diva.py", "modeldash.analysis.diva.report.loo_brute_force"),
        ("views/splits.py", "modeldash.analysis.splits.scores.render_split"),
        ("views/series.py", "modeldash.analysis.series.report.predictive_mae"),
        ("views/coldstart.py", "modeldash.analysis.coldstart.study.node_group_names"),
    ],
)
@pytest.mark.slow
def test_a_deep_input_error_is_one_sentence(monkeypatch, page, target):
    monkeypatch.setattr(target, _raiser)
    at = _app(page)
    _one_sentence(at, "a deep failure for the test")
    assert at.title and at.title[0].value  # the page had started drawing
