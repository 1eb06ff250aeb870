"""Figure builders: pure functions from result objects to plotly figures."""
