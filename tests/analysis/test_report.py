"""The offline report: every view's section with its computed reading, its figures and tables, where the numbers
came from; plotly.js inlined once; long tables cut with the whole table attached as CSV."""

import base64
import re

import pandas as pd

from analysis import report
from conftest import SHIPPED_STORE


def test_the_report_of_every_view_is_one_self_contained_file(tmp_path):
    out = report.write_report(tmp_path / "r.html", folder=SHIPPED_STORE)
    text = out.read_text()
    assert text.count("/**\n* plotly.js") <= 1 and "cdn.plot.ly" not in text.split("</script>", 1)[1]
    assert len(re.findall(r'<div id="\w+-fig\d+" class="plotly-graph-div"', text)) == 7
    for view in report.VIEWS:
        assert f"<section id='{view}'>" in text
    assert "Read from the results store" in text  # trajectories, DIVA and series came from the shipped store
    assert "<script src=" not in text  # nothing fetched when it opens


def test_each_reading_is_the_views_own_computed_sentence():
    from analysis.diva import readings
    from analysis.diva.service import stored_digits_report
    from analysis.store import digest
    from models.zoo import load_model, weights_path

    s = report.diva(folder=SHIPPED_STORE, noise=0.2)
    r, _ = stored_digits_report(
        digest(weights_path("digits_cnn").read_bytes()), lambda: load_model("digits_cnn")[1], folder=SHIPPED_STORE
    )
    assert s.reading == readings.headline(r)
    assert s.models.sha256.iloc[0] == digest(weights_path("digits_cnn").read_bytes())[:16]
    assert s.settings["noise"] == 0.2 and len(s.figures) == 3


def test_a_long_table_is_cut_and_attached_whole_as_csv():
    df = pd.DataFrame({"i": range(60), "x": [0.5] * 60})
    html = report._table("sixty rows", df, "t")
    assert html.count("<tr>") == report.MAX_ROWS and "First 25 of 60 rows" in html  # the header row is styled
    b64 = re.search(r"data:text/csv;base64,([A-Za-z0-9+/=]+)", html).group(1)
    assert pd.read_csv(__import__("io").BytesIO(base64.b64decode(b64))).equals(df)
