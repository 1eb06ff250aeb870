"""STYLE §1: layers point one way. Only app.py, views/ and ui/ import streamlit; nothing outside the training
recipes imports them; every page is in the registry; each view's analysis lives in one folder."""

import re
from pathlib import Path

from modeldash.ui.registry import pages

ROOT = Path(__file__).resolve().parents[1]


def _py(*dirs):
    return [p for d in dirs for p in (ROOT / d).rglob("*.py")]


def test_analysis_models_data_do_not_import_streamlit():
    pat = re.compile(r"^\s*(import streamlit|from streamlit)", re.M)
    assert [
        str(p.relative_to(ROOT))
        for p in _py("modeldash/analysis", "modeldash/models", "modeldash/data", "modeldash/runtime")
        if pat.search(p.read_text())
    ] == []


def test_nothing_imports_app():
    pat = re.compile(r"^\s*(import app\b|from app import)", re.M)
    assert [p for p in ROOT.rglob("*.py") if ".git" not in p.parts and pat.search(p.read_text())] == []


def test_the_library_never_imports_a_training_recipe():
    pat = re.compile(r"^\s*(from models\.training\b|import models\.training\b|from models import training\b)", re.M)
    library = (
        _py("modeldash/analysis", "modeldash/data", "modeldash/ui", "modeldash/runtime", "views", "bench")
        + [ROOT / "app.py"]
        + [p for p in _py("modeldash/models") if "training" not in p.parts and p.name != "train.py"]
    )
    assert [str(p.relative_to(ROOT)) for p in library if pat.search(p.read_text())] == []


def test_every_view_file_is_in_the_registry_and_each_view_has_its_analysis_folder():
    assert sorted(p.name for p in (ROOT / "views").glob("*.py")) == sorted(f"{p.task}.py" for p in pages())
    for p in pages()[1:]:
        folder = ROOT / "modeldash" / "analysis" / p.task
        assert {"service.py", "plots.py", "readings.py"} <= {f.name for f in folder.glob("*.py")}, p.task


def test_no_module_outside_a_view_folder_is_named_for_a_view_prefix():
    """One vocabulary per view: the old prefixes (traj_, graph_, factor_, cold_start) are gone."""
    old = re.compile(r"^(traj_|graph_|factor_|cold_start|gnn)")
    assert [str(p.relative_to(ROOT)) for p in _py("modeldash", "views") if old.match(p.stem)] == []


def test_first_charts_need_no_pytorch():
    """What every page does before its first chart (the sidebar's zoo listing, reading the shipped results and the
    cold-start record) imports neither PyTorch nor PyG: their ~2-3 s import stays off the first chart."""
    import subprocess
    import sys

    code = """
import sys
from modeldash.models.zoo import list_zoo, zoo_dir
import modeldash.ui.widgets
list_zoo()
from modeldash.analysis import store
from modeldash.analysis.series.service import stored_report
from modeldash.analysis.diva.service import stored_digits_report
from modeldash.analysis.splits.service import stored_evaluation, zoo_scores
from modeldash.analysis.coldstart.service import load_graph_record, zoo_graphs
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


def _import_drawing() -> dict[str, set[str]]:
    """module -> the project's modules it imports (at the top or inside a function), over modeldash/."""
    import ast

    pkg = ROOT / "modeldash"
    mods = {".".join(p.relative_to(ROOT).with_suffix("").parts).removesuffix(".__init__"): p for p in pkg.rglob("*.py")}
    edges = {}
    for name, p in mods.items():
        out = set()
        for node in ast.walk(ast.parse(p.read_text())):
            if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("modeldash"):
                out |= {
                    f"{node.module}.{a.name}" if f"{node.module}.{a.name}" in mods else node.module for a in node.names
                }
            elif isinstance(node, ast.Import):
                out |= {a.name for a in node.names if a.name.startswith("modeldash")}
        edges[name] = {m for m in out if m in mods and m != name}
    return edges


# views/ and app.py sit above ui; catalogue.py and errors.py are leaves every layer may import
RANK = {"catalogue": 0, "errors": 0, "runtime": 1, "data": 2, "models": 2, "analysis": 3, "cli": 4, "ui": 5}


def test_the_import_drawing_has_no_upward_arrow():
    def rank(m):
        parts = m.split(".")
        return RANK.get(parts[1], 9) if len(parts) > 1 else 9

    up = [f"{a} -> {b}" for a, bs in _import_drawing().items() for b in bs if rank(b) > rank(a)]
    assert up == []


def test_the_import_drawing_has_no_circle():
    edges, seen, circles = _import_drawing(), set(), []

    def walk(m, path):
        if m in path:
            circles.append(" -> ".join([*path[path.index(m) :], m]))
            return
        if m in seen:
            return
        for n in sorted(edges[m]):
            walk(n, [*path, m])
        seen.add(m)

    for m in sorted(edges):
        walk(m, [])
    assert circles == []


def test_models_and_data_modules_are_named_with_their_views_one_word():
    """One word per view: a module of models/ or data/ is the view's word or starts with it (coldstart_coldbrew,
    series_psagan), or is shared by every view."""
    from modeldash.catalogue import views

    words = [v.task for v in views()]
    shared = {"__init__", "architectures", "config_bounds", "export", "onnx_model", "onnx_views", "train", "zoo", "npz"}
    odd = [
        str(p.relative_to(ROOT))
        for folder in ("modeldash/models", "modeldash/data")
        for p in (ROOT / folder).glob("*.py")
        if p.stem not in shared and not any(p.stem == w or p.stem.startswith(w + "_") for w in words)
    ]
    assert odd == []
