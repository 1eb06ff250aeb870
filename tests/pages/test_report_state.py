"""The report takes the page's state from one place, whichever way it was set: a comparison opened from a link
reaches *Download report* as one chosen with the widget does (#29, item 3)."""

import pytest
from streamlit.testing.v1 import AppTest

from modeldash.ui import widgets
from tests.pages.apptest import APP, TIMEOUT


def _report_options(monkeypatch, page: str, query: dict) -> dict:
    seen = {}
    monkeypatch.setattr(widgets, "report_button", lambda view, **options: seen.update(options, view=view))
    at = AppTest.from_file(APP, default_timeout=TIMEOUT).run()
    for k, v in query.items():
        at.query_params[k] = v
    at.switch_page(page).run()
    assert not at.exception and not at.error
    return seen


@pytest.mark.slow
@pytest.mark.parametrize(
    "page, query, want",
    [
        ("views/diva.py", {"diva_model_b": "digits_cnn", "diva_seed_b": "1"}, {"model_b": "digits_cnn", "seed_b": 1}),
        ("views/splits.py", {"splits_kind_b": "cnn"}, {"kind_b": "cnn"}),
        ("views/series.py", {"series_gen_b": "PSA-GAN w/o fade-in"}, {"compare": "PSA-GAN w/o fade-in"}),
        ("views/coldstart.py", {"cold_compare": "ours"}, {"compare": True}),
    ],
    ids=["diva", "splits", "series", "coldstart"],
)
def test_a_comparison_from_a_link_reaches_the_report(shipped_store, monkeypatch, page, query, want):
    options = _report_options(monkeypatch, page, query)
    assert want.items() <= options.items(), options
