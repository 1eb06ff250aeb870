"""Presentation mode: ?present=1 shows each view's one key message and its reading in large type, keeps itself
across the walk through the views (the Next/Previous buttons, also bound to → and ←), and the toggle turns it off."""

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from modeldash.ui.registry import by_task, views

VIEWS = views()

APP = str(Path(__file__).resolve().parents[2] / "app.py")


def _present(page: str) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=120)
    at.query_params["present"] = "1"
    at.run()
    at.switch_page(page)
    return at.run()


@pytest.mark.slow
def test_a_view_in_presentation_mode_shows_its_key_message_and_large_reading(shipped_store):
    at = _present("views/diva.py")
    assert not at.exception and not at.error
    assert at.markdown[0].value == f"#### {by_task('diva').message}"
    assert "Which training examples help the model" not in " ".join(m.value for m in at.markdown)  # no long intro
    assert any("present-reading" in h.proto.body and "flipped labels" in h.proto.body for h in at.get("html"))
    assert at.query_params["present"] == "1"
    import json

    from modeldash.ui.widgets import PRESENT_FONT

    charts = [json.loads(c.proto.spec) for c in at.get("plotly_chart")]
    assert charts and all(c["layout"]["font"]["size"] == PRESENT_FONT for c in charts)  # chart text for a room


@pytest.mark.slow
def test_next_and_previous_walk_the_views_and_stay_in_presentation_mode(shipped_store):
    at = _present(VIEWS[0].file)
    assert at.button(key="present_prev").disabled
    at.button(key="present_next").click().run()
    assert not at.exception and at.title[0].value == VIEWS[1].heading
    assert at.query_params["present"] == "1" and at.markdown[0].value == f"#### {VIEWS[1].message}"
    at.button(key="present_prev").click().run()
    assert at.title[0].value == VIEWS[0].heading


@pytest.mark.slow
def test_the_toggle_turns_it_off(shipped_store):
    at = _present("views/splits.py")
    at.toggle(key="present_toggle").set_value(False).run()
    assert not at.exception and "present" not in at.query_params
    assert "Images are rendered from known factors" in at.markdown[0].value  # the full intro again
