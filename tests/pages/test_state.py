"""The state model (ui/widgets.py): what a control shows is what the page uses, across widgets that disappear
and come back, page switches, shared links and the browser's Back button. `shown` is what the browser draws
for a widget: the value the server sends with it when set_value is on, else the widget's default."""

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

APP = str(Path(__file__).resolve().parents[2] / "app.py")


def shown(widget):
    p = widget.proto
    if p.set_value:
        if "raw_value" not in p.DESCRIPTOR.fields_by_name:
            value = p.value
        else:
            try:
                has_raw = p.HasField("raw_value")
            except ValueError:  # repeated (a slider's): present when non-empty
                has_raw = len(p.raw_value) > 0
            value = p.raw_value if has_raw else p.value
        return list(value) if len(getattr(p, "options", ())) == 0 and hasattr(value, "__len__") else value
    if len(getattr(p, "options", ())):
        return p.options[p.default]
    return p.default


def _open(page, **query):
    at = AppTest.from_file(APP, default_timeout=180).run()  # pages register on the first run
    for k, v in query.items():  # the link's parameters arrive with its page
        at.query_params[k] = v
    at.switch_page(page)
    return at.run()


def _nav(at, page):
    """Click the sidebar's navigation link to `page`: the URL becomes the link's, the page and the selections the
    link carries (the page's non-default ones)."""
    from urllib.parse import parse_qsl

    from modeldash.ui.registry import pages

    title = next(p.title for p in pages() if str(p.path).endswith(page.split("/")[-1]))
    link = next(x for x in at.get("page_link") if x.proto.label == title)
    for k in list(at.query_params):
        del at.query_params[k]
    for k, v in parse_qsl(link.proto.query_string):
        at.query_params[k] = v
    at.switch_page(page)
    return at.run()


@pytest.mark.slow
def test_coldstart_controls_survive_a_detour_through_the_custom_graph(shipped_store):
    at = _open("views/coldstart.py")
    at.radio(key="cold_proj").set_value("t-SNE").run()
    at.selectbox(key="cold_group").set_value("tail").run()
    at.toggle(key="cold_toggle").set_value(True).run()
    at.selectbox(key="cold_graph").set_value("custom-sbm").run()
    at.selectbox(key="cold_graph").set_value("cora").run()
    assert not at.exception
    assert shown(at.radio(key="cold_proj")) == "t-SNE" == at.radio(key="cold_proj").value
    assert shown(at.selectbox(key="cold_group")) == "tail" and shown(at.toggle(key="cold_toggle")) is True
    assert at.query_params["cold_proj"] == "t-SNE"


@pytest.mark.slow
def test_trajectories_model_and_scene_survive_a_detour_through_upload(shipped_store):
    at = _open("views/trajectories.py")
    at.selectbox(key="traj_model").set_value("ego_lstm").run()
    at.number_input(key="traj_scene").set_value(5).run()
    at.selectbox(key="traj_data").set_value("upload").run()
    at.selectbox(key="traj_data").set_value("crowds_zara03").run()
    assert not at.exception
    assert shown(at.selectbox(key="traj_model")) == "ego_lstm" and shown(at.number_input(key="traj_scene")) == 5


@pytest.mark.slow
def test_series_generator_and_seed_survive_a_detour_through_upload(shipped_store):
    at = _open("views/series.py")
    at.selectbox(key="series_gen").set_value("AR baseline").run()
    at.button(key="series_new").click().run()
    at.selectbox(key="series_data").set_value("upload").run()
    at.selectbox(key="series_data").set_value("etth1").run()
    assert not at.exception
    assert shown(at.selectbox(key="series_gen")) == "AR baseline" and shown(at.number_input(key="series_seed")) == 1


@pytest.mark.slow
def test_settings_survive_leaving_the_page_and_links_name_only_their_page(shipped_store):
    at = _open("views/diva.py")
    at.number_input(key="diva_seed").set_value(123).run()
    at.slider(key="diva_noise").set_value(0.3).run()
    at = _nav(at, "views/home.py")
    assert not [k for k in at.query_params if k.startswith("diva_")]  # Home's URL carries no other page's keys
    at = _nav(at, "views/diva.py")
    assert not at.exception
    assert shown(at.number_input(key="diva_seed")) == 123 and shown(at.slider(key="diva_noise")) == pytest.approx([0.3])
    assert at.query_params["diva_seed"] == "123"


def test_back_restores_the_url_state_and_a_shared_link_wins(shipped_store):
    at = _open("views/diva.py", diva_seed="123")
    assert at.number_input(key="diva_seed").value == 123  # a shared link opens its view
    at.number_input(key="diva_seed").set_value(7).run()
    assert at.query_params["diva_seed"] == "7"
    at.query_params["diva_seed"] = "123"  # the browser's Back button
    at.run()
    assert at.number_input(key="diva_seed").value == 123 and shown(at.number_input(key="diva_seed")) == 123


def test_a_stale_link_falls_back_to_the_default(shipped_store):
    at = _open("views/trajectories.py", traj_model="no_such_model", traj_scene="banana")
    assert not at.exception
    assert at.selectbox(key="traj_model").value == "stgcnn" and at.number_input(key="traj_scene").value == 0


@pytest.mark.slow
def test_a_bad_link_is_corrected_in_the_url_too(shipped_store):
    """/cold-start?cold_graph=custom-sbm&cold_seeds=9&… showed the sliders at their defaults while the URL (and the
    sidebar's share link) kept the invalid values."""
    bad = dict(cold_seeds="9", cold_low="2", cold_homophily="-1", cold_budget="x", cold_scheme="y")
    at = _open("views/coldstart.py", cold_graph="custom-sbm", **bad)
    assert not at.exception
    want = {
        "cold_seeds": "3",
        "cold_low": "0.3",
        "cold_homophily": "0.8",
        "cold_budget": "full",
        "cold_scheme": "official",
    }
    assert {k: str(at.session_state[k]) for k in bad} == want
    # corrected to the defaults, which a URL leaves out: in place (the browser's entry replaced, no new one) ...
    script = [h.proto.body for h in at.get("html") if "history.replaceState" in h.proto.body]
    assert script == [
        "<script>history.replaceState(history.state, '', location.pathname + \"?cold_graph=custom-sbm\");</script>"
    ]
    at.run()  # ... and on the next run (the browser may send the link's query once more) on the server too
    assert not [k for k in bad if k in at.query_params] and at.query_params["cold_graph"] == "custom-sbm"
    assert not [h for h in at.get("html") if "history.replaceState" in h.proto.body]


def test_a_users_change_after_a_corrected_link_is_written_as_a_new_entry(shipped_store):
    at = _open("views/diva.py", diva_seed="abc", diva_noise="0.3")
    assert [h for h in at.get("html") if "history.replaceState" in h.proto.body]  # the correction: in place
    at.number_input(key="diva_seed").set_value(3).run()  # the user's change: through st.query_params (a new entry)
    assert at.query_params["diva_seed"] == "3" and at.query_params["diva_noise"] == "0.3"
    assert not [h for h in at.get("html") if "history.replaceState" in h.proto.body]
