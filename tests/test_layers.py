"""STYLE §1: only app.py, views/, ui.py and its ui_loaders.py may import streamlit."""
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_analysis_models_data_do_not_import_streamlit():
    pat = re.compile(r"^\s*(import streamlit|from streamlit)", re.M)
    offenders = [str(p.relative_to(ROOT)) for d in ("analysis", "models", "data")
                 for p in (ROOT / d).rglob("*.py") if pat.search(p.read_text())]
    assert offenders == []


def test_nothing_imports_app():
    pat = re.compile(r"^\s*(import app\b|from app import)", re.M)
    assert [p for p in ROOT.rglob("*.py") if ".git" not in p.parts and pat.search(p.read_text())] == []
