"""modeldash: a research dashboard for model analysis. Five views from ICLR 2022 papers, each declared once in
`modeldash.catalogue`; the Streamlit app is `app.py` beside this package, the CLI `python -m modeldash` (or the
`modeldash` command)."""
