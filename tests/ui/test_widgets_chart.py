"""Every chart downloads as one standalone interactive HTML file."""

import re

import plotly.graph_objects as go

from modeldash.ui.widgets import _chart_html


def test_a_chart_file_carries_plotly_and_its_data_and_fetches_nothing():
    fig = go.Figure(go.Bar(x=["past", "n1"], y=[0.123456, -0.5]))
    html = _chart_html(fig).decode()
    assert "<html>" in html[:50] and "Plotly.newPlot" in html
    assert len(html) > 1_000_000  # plotly.js inside
    assert "0.123456" in html
    assert not re.search(r"<script[^>]+src=[\"']https?:", html)  # no network needed to open it
