"""Every control of every page keeps its value between pages (#29, item 4): each value widget the pages draw is
either bound to the URL or kept in the session (ui/widgets.py's state model), and the controls reported lost —
Splits' axes and its *Render your own* sliders, the Trajectories counterfactual — come back as they were left."""

import pytest

from tests.pages.test_state import _nav, _open, shown

PAGES = [
    "views/home.py",
    "views/trajectories.py",
    "views/splits.py",
    "views/diva.py",
    "views/series.py",
    "views/coldstart.py",
]
KINDS = (
    "selectbox",
    "multiselect",
    "slider",
    "select_slider",
    "number_input",
    "radio",
    "checkbox",
    "toggle",
    "text_input",
)


def _controls(at):
    return [w for kind in KINDS for w in at.get(kind) if getattr(w, "key", None)]


@pytest.mark.slow
@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.split("/")[-1][:-3])
def test_every_control_is_bound_or_kept(shipped_store, page):
    at = _open(page)
    assert not at.exception
    state = at.session_state
    known = set(state["_bound_keys"] if "_bound_keys" in state else ()) | set(
        state["_kept_keys"] if "_kept_keys" in state else ()
    )
    sidebar = {"present_toggle"}  # the sidebar's own toggle: it lives in the URL as `present`
    loose = [w.key for w in _controls(at) if w.key not in known and not w.key.startswith(tuple(sidebar))]
    assert not loose, f"{page}: controls neither bound to the URL nor kept: {loose}"


@pytest.mark.slow
def test_splits_axes_and_render_sliders_survive_a_visit_home(shipped_store):
    at = _open("views/splits.py")
    split = at.selectbox(key="splits_split").value
    fx = at.selectbox(key=f"splits_fx_{split}")
    other = next(o for o in fx.options if o != fx.value)
    fx.set_value(other).run()
    slider = next(w for w in at.get("slider") if w.key.startswith("splits_own_"))
    key, value = slider.key, (slider.value + 1) % (int(slider.max) + 1)  # any other position
    slider.set_value(value).run()
    _nav(at, "views/home.py")
    _nav(at, "views/splits.py")
    assert not at.exception
    assert shown(at.selectbox(key=f"splits_fx_{split}")) == other == at.selectbox(key=f"splits_fx_{split}").value
    assert shown(at.slider(key=key)) in (value, [value]) and at.slider(key=key).value == value


@pytest.mark.slow
def test_the_trajectories_counterfactual_survives_a_visit_home(shipped_store):
    at = _open("views/trajectories.py")
    scene = at.number_input(key="traj_scene").value
    off = at.multiselect(key=f"traj_off_{scene}")
    chosen = off.options[:2]
    off.set_value(chosen).run()
    _nav(at, "views/home.py")
    _nav(at, "views/trajectories.py")
    assert not at.exception
    assert list(at.multiselect(key=f"traj_off_{scene}").value) == chosen
