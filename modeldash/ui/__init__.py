"""The Streamlit edge: the page registry (registry.py), the shared widgets, query params and the error boundary
(widgets.py), and every st.cache_* of the app (cache/, one module per view)."""
