"""Entry point: `streamlit run app.py [-- --zoo PATH]`. Navigation over the page registry, the shared sidebar and
style, the one error boundary around every page and PyTorch's thread limit for concurrent requests; nothing else."""

import streamlit as st

from modeldash.ui import settings, widgets
from modeldash.ui.registry import ROOT, page_at, pages

settings.limit_threads()
st.set_page_config(
    page_title="Model analysis dashboard",
    page_icon=str(ROOT / "assets" / "icon.png"),
    layout="wide",
    initial_sidebar_state="collapsed" if widgets.presenting() else "auto",
)
entries = [
    (p, st.Page(p.path, title=p.title, icon=p.icon, url_path=p.url_path or None, default=p.task == "home"))
    for p in pages()
]
nav = st.navigation([page for _, page in entries], position="hidden")
widgets.nav_links(entries)  # each link carries its page's selections (ui/widgets.py's state model)
widgets.sidebar()
widgets.style()
widgets.present_toggle()
widgets.keep_bound_state(page_at(nav.url_path).prefix)
with widgets.share_link(), widgets.user_errors():
    nav.run()
