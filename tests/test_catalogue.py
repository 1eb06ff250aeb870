"""The catalogue of views (catalogue.py): every list of views iterates it. A sixth, toy view — a spec, a service
returning one number and a page, written here and joined by $DASH_VIEWS — appears in the navigation, Home, the
CLI, precompute, claims, the report, models.train and the browser test's page list without editing any module."""

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from modeldash import catalogue

ROOT = Path(__file__).resolve().parents[1]
WORDS = ("trajectories", "diva", "splits", "series", "coldstart")

TOY = '''"""A toy view: one number from a service, its CLI, precompute unit, claim and report section."""
from pathlib import Path

from modeldash.catalogue import ViewSpec

SPEC = ViewSpec(
    "toy",
    "Toy view",
    ":material/toys:",
    "toy-view",
    "Toy view · one number",
    "Does a sixth view need edits elsewhere? One number from a service.",
    prefix="toy",
    help="the toy view's one number",
    charts=1,
    page=str(Path(__file__).with_name("toy_page.py")),
    cli="toyview",
    precompute="toyview",
    claims="toyview:claims",
    report="toyview:section",
    recipes=("toyview:recipe",),
)


def answer(seed: int = 0) -> float:  # the service
    return 42.0 + seed


def add_options(parser):
    parser.add_argument("--shift", type=float, default=0.0)


def run(args):
    return [{"answer": answer(args.seed) + args.shift}]


def units(s):
    return ["one"]


def compute(what, s):
    from modeldash.analysis import store

    key = store.result_key("toy", 1, models={}, data=what, settings={"seed": s.seed})
    return store.fetch(Path(s.folder), key, lambda: {"answer": answer(s.seed)})[1]


def claims(zoo=None, folder=None, stored_only=False):
    from modeldash.analysis.claims import Claim

    return [Claim("toy", "the answer is 42", "answer", answer(), (41.5, 42.5), "within", (41.0, 43.0), "42", 1,
                  "seeds")]


def section(zoo=None, folder=None, **options):
    import plotly.graph_objects as go

    from modeldash.analysis.report import Section

    return Section("toy", f"The answer is {answer():g}.", (go.Figure(go.Bar(x=["answer"], y=[answer()])),))


def recipe(quick=False, zoo=None, progress=None):
    raise SystemExit("not trained in the test")
'''

PAGE = """import plotly.graph_objects as go
import streamlit as st

import toyview
from modeldash.ui.registry import by_task

st.title(by_task("toy").heading)
st.plotly_chart(go.Figure(go.Bar(x=["answer"], y=[toyview.answer()])))
st.caption(f"The answer is {toyview.answer():g}.")
"""


@pytest.fixture
def toy(tmp_path, monkeypatch):
    """The toy view's module and page in a folder outside the project, joined by $DASH_VIEWS."""
    (tmp_path / "toyview.py").write_text(TOY)
    (tmp_path / "toy_page.py").write_text(PAGE)
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.setenv("DASH_VIEWS", "toyview:SPEC")
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(tmp_path), str(ROOT)]))
    yield env
    sys.modules.pop("toyview", None)


def _cli(env, *args, module="modeldash"):
    return subprocess.run(
        [sys.executable, "-m", module, *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300
    )


@pytest.mark.slow
def test_a_toy_view_joins_the_cli_precompute_claims_report_and_training(toy, tmp_path):
    out = _cli(toy, "--help")
    assert out.returncode == 0 and "toy" in out.stdout and "the toy view's one number" in out.stdout
    out = _cli(toy, "toy", "--json", "--seed", "1", "--shift", "0.5")
    assert out.returncode == 0, out.stderr[-500:]
    assert json.loads(out.stdout)["rows"] == [{"answer": 43.5}]

    store = tmp_path / "store"
    out = _cli(toy, "precompute", "toy", "--executor", "local", "--store", str(store), "--json")
    assert out.returncode == 0, out.stderr[-500:]
    assert [(r["view"], r["dataset"], r["origin"]) for r in json.loads(out.stdout)["rows"]] == [
        ("toy", "one", "computed")
    ]
    out = _cli(toy, "store", "--store", str(store), "--json")
    assert [r["view"] for r in json.loads(out.stdout)["rows"]] == ["toy"]

    out = _cli(toy, "claims", "--views", "toy", "--json")
    (row,) = json.loads(out.stdout)["rows"]
    assert row["view"] == "toy" and row["verdict"] == "holds"

    html = tmp_path / "r.html"
    out = _cli(toy, "report", "--views", "toy", "--out", str(html), "--json")
    assert out.returncode == 0, out.stderr[-500:]
    text = html.read_text()
    assert "<section id='toy'>" in text and "Toy view · one number" in text and "The answer is 42." in text

    out = _cli(toy, "--help", module="modeldash.models.train")
    assert out.returncode == 0 and "toy" in out.stdout


def test_a_toy_view_joins_the_navigation_home_and_the_browser_tests_page_list(toy):
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120).run()
    assert not at.exception
    assert any(m.value == "**Toy view**" for m in at.markdown)  # Home's table of views
    at.switch_page(catalogue.by_task("toy").file).run()
    assert not at.exception and at.title[0].value == "Toy view · one number"
    assert at.caption[0].value == "The answer is 42."

    from tests.test_browser import page_list

    assert ("toy-view", "Toy view · one number", 1, "Toy view") in page_list()


def test_every_built_in_view_has_each_entry_point_and_they_resolve():
    for v in catalogue.views():
        assert v.task in WORDS and v.prefix and v.charts >= 1 and v.help and v.path.exists(), v.task
        cli = catalogue.resolve(v.cli)
        assert callable(cli.add_options) and callable(cli.run), v.task
        batch = catalogue.resolve(v.precompute)
        assert callable(batch.units) and (hasattr(batch, "compute") or hasattr(batch, "fan_out")), v.task
        for ref in (v.claims, v.report, *v.recipes):
            assert callable(catalogue.resolve(ref)), ref
        assert (ROOT / "modeldash" / "analysis" / v.task).is_dir()


def test_no_module_outside_the_views_own_files_lists_the_views():
    """The five task words appear together nowhere but in the catalogue: a literal list of views elsewhere would
    have to be edited when a view is added."""
    listing = re.compile(r"[\"'](" + "|".join(WORDS) + r")[\"']")
    offenders = []
    for p in ROOT.rglob("*.py"):
        if ".git" in p.parts or p.name == "catalogue.py" or "tests" in p.parts:
            continue
        if len(set(listing.findall(p.read_text()))) >= 4:
            offenders.append(str(p.relative_to(ROOT)))
    assert offenders == []


def test_a_view_word_twice_is_refused(monkeypatch):
    monkeypatch.setenv("DASH_VIEWS", "modeldash.catalogue:HOME")
    with pytest.raises(ValueError, match="share a task word"):
        catalogue.views()
