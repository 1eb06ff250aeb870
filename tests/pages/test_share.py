"""The sidebar's link to this view carries every selection the page wrote, also when the page stopped early."""

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

APP = str(Path(__file__).resolve().parents[2] / "app.py")


def _link(at) -> str:
    """The code box the sidebar draws after the page (nested in its slot's container)."""

    def codes(node):
        for child in getattr(node, "children", {}).values():
            if getattr(child, "type", "") == "code":
                yield child.value
            yield from codes(child)

    return next(codes(at.sidebar))


@pytest.mark.slow
def test_the_link_names_the_views_selections(shipped_store):
    at = AppTest.from_file(APP, default_timeout=120).run()
    at.switch_page("views/diva.py").run()
    at.slider(key="diva_noise").set_value(0.4).run()
    assert not at.exception and "diva_noise=0.4" in _link(at)
    at.switch_page("views/coldstart.py")
    at.session_state["cold_graph"] = "custom-sbm"
    at.run()  # this page stops until its form is submitted: the link is still drawn
    assert not at.exception and "cold_graph=custom-sbm" in _link(at) and "diva_" not in _link(at)
