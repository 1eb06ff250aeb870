"""The offline report: every view's section with its computed reading, its figures and tables, where the numbers
came from; plotly.js inlined once; long tables cut with the whole table attached as CSV."""

import base64
import re

import pandas as pd

from conftest import SHIPPED_STORE
from modeldash.analysis import report
from modeldash.analysis.diva.settings import DivaSettings
from modeldash.catalogue import views


def test_the_report_of_every_view_is_one_self_contained_file(tmp_path):
    out = report.write_report(tmp_path / "r.html", folder=SHIPPED_STORE)
    text = out.read_text()
    assert text.count("/**\n* plotly.js") <= 1 and "cdn.plot.ly" not in text.split("</script>", 1)[1]
    # every view's headline figures; series: + the ranking and the learning curve; splits: + the seeds chart
    assert len(re.findall(r'<div id="\w+-fig\d+" class="plotly-graph-div"', text)) == 10
    assert "learning curve" in text
    for view in (v.task for v in views() if v.report):
        assert f"<section id='{view}'>" in text
    assert "Read from the results store" in text  # trajectories, DIVA and series came from the shipped store
    assert "<script src=" not in text  # nothing fetched when it opens


def test_each_reading_is_the_views_own_computed_sentence():
    from modeldash.analysis.diva import readings
    from modeldash.analysis.diva.service import stored_digits_report
    from modeldash.analysis.store import digest
    from modeldash.models.zoo import load_model, weights_path

    s = report.section("diva", folder=SHIPPED_STORE, settings=DivaSettings(noise=0.2))
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


def test_the_report_carries_a_side_by_side_comparison_in_each_view_that_has_one(tmp_path):
    """`--compare` (or a page's second model) adds to a view's section the page's side-by-side figure, table and
    sentence, computed from the same stored results; a malformed item is one sentence."""
    import pytest

    from modeldash.analysis.report import compare_options
    from modeldash.errors import InputError

    opts = compare_options(["diva=1", "splits=cnn,mlp", "series=PSA-GAN w/o moment loss", "coldstart=ours"])
    assert opts == {
        "diva": {"seed_b": 1},
        "splits": {"kind_a": "cnn", "kind_b": "mlp"},
        "series": {"compare": "PSA-GAN w/o moment loss"},
        "coldstart": {"compare": True},
    }
    plain = {v: report.section(v, folder=SHIPPED_STORE) for v in opts}
    both = {v: report.section(v, folder=SHIPPED_STORE, **o) for v, o in opts.items()}
    for v in opts:
        assert len(both[v].figures) == len(plain[v].figures) + 1 and len(both[v].tables) == len(plain[v].tables) + 1
        assert both[v].reading.startswith(plain[v].reading) and "ide by side" in both[v].reading
    from modeldash.analysis.series import readings
    from modeldash.analysis.series.compare import generator_pair
    from modeldash.analysis.series.service import stored_report

    rep, _ = stored_report("etth1", folder=SHIPPED_STORE)
    assert readings.pair(generator_pair(rep, "PSA-GAN", "PSA-GAN w/o moment loss")) in both["series"].reading
    for bad in (["diva=x"], ["splits=cnn"], ["trajectories=a"], ["series"]):
        with pytest.raises(InputError):
            compare_options(bad)
