"""STYLE §1: layers point one way. Only app.py, views/ and ui/ import streamlit; nothing outside the training
recipes imports them; every page is in the registry; each view's analysis lives in one folder."""

import re
from pathlib import Path

from ui.registry import pages

ROOT = Path(__file__).resolve().parents[1]


def _py(*dirs):
    return [p for d in dirs for p in (ROOT / d).rglob("*.py")]


def test_analysis_models_data_do_not_import_streamlit():
    pat = re.compile(r"^\s*(import streamlit|from streamlit)", re.M)
    assert [str(p.relative_to(ROOT)) for p in _py("analysis", "models", "data") if pat.search(p.read_text())] == []


def test_nothing_imports_app():
    pat = re.compile(r"^\s*(import app\b|from app import)", re.M)
    assert [p for p in ROOT.rglob("*.py") if ".git" not in p.parts and pat.search(p.read_text())] == []


def test_the_library_never_imports_a_training_recipe():
    pat = re.compile(r"^\s*(from models\.training\b|import models\.training\b|from models import training\b)", re.M)
    library = (
        _py("analysis", "data", "ui", "views", "bench")
        + [ROOT / "app.py"]
        + [p for p in _py("models") if "training" not in p.parts and p.name != "train.py"]
    )
    assert [str(p.relative_to(ROOT)) for p in library if pat.search(p.read_text())] == []


def test_every_view_file_is_in_the_registry_and_each_view_has_its_analysis_folder():
    assert sorted(p.name for p in (ROOT / "views").glob("*.py")) == sorted(f"{p.task}.py" for p in pages())
    for p in pages()[1:]:
        folder = ROOT / "analysis" / p.task
        assert {"service.py", "plots.py", "readings.py"} <= {f.name for f in folder.glob("*.py")}, p.task


def test_no_module_outside_a_view_folder_is_named_for_a_view_prefix():
    """One vocabulary per view: the old prefixes (traj_, graph_, factor_, cold_start) are gone."""
    old = re.compile(r"^(traj_|graph_|factor_|cold_start|gnn)")
    assert [
        str(p.relative_to(ROOT)) for p in _py("analysis", "models", "data", "views", "ui") if old.match(p.stem)
    ] == []


def test_first_charts_need_no_pytorch():
    """What every page does before its first chart (the sidebar's zoo listing, reading the shipped results and the
    cold-start record) imports neither PyTorch nor PyG: their ~2-3 s import stays off the first chart."""
    import subprocess
    import sys

    code = """
import sys
from models.zoo import list_zoo, zoo_dir
import ui.widgets
list_zoo()
from analysis import store
from analysis.series.service import stored_report
from analysis.diva.service import stored_digits_report
from analysis.splits.service import stored_evaluation, zoo_scores
from analysis.coldstart.service import load_graph_record, zoo_graphs
shipped = zoo_dir().parent / "results"
keys = [p.stem for p in shipped.glob("*.parquet")]
assert keys, "no stored objects"
for k in keys:
    assert store.read_object(shipped, k) is not None, k
for g in zoo_graphs():
    load_graph_record(g)
bad = [m for m in ("torch", "torch_geometric") if m in sys.modules]
assert not bad, bad
"""
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stderr[-2000:]
