"""Entry point: `streamlit run app.py [-- --zoo PATH]`. Navigation and the shared sidebar; nothing else."""
from pathlib import Path

import streamlit as st

import ui

HERE = Path(__file__).parent
st.set_page_config(page_title="Model analysis dashboard", page_icon=str(HERE / "assets" / "icon.png"), layout="wide")

PAGES = [
    st.Page(HERE / "views" / "home.py", title="Home", icon=":material/home:", default=True),
    st.Page(HERE / "views" / "trajectories.py", title="Trajectories", icon=":material/route:", url_path="trajectories"),
    st.Page(HERE / "views" / "example_weights.py", title="Example weights", icon=":material/scale:",
            url_path="example-weights"),
    st.Page(HERE / "views" / "compositional_splits.py", title="Compositional splits", icon=":material/grid_view:",
            url_path="compositional-splits"),
    st.Page(HERE / "views" / "synthetic_series.py", title="Synthetic series", icon=":material/show_chart:",
            url_path="synthetic-series"),
    st.Page(HERE / "views" / "cold_start.py", title="Cold-start graphs", icon=":material/hub:",
            url_path="cold-start"),
]

nav = st.navigation(PAGES)
ui.sidebar()
nav.run()
