"""The start-up benchmark (bench/startup.py) on one view: it finds the app's navigation and prints its table (it
broke once, silently, when the sidebar's navigation became the app's own links)."""

from pathlib import Path

import pytest

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not Path("/usr/bin/chromium").exists(), reason="no Chromium at /usr/bin/chromium"),
]


def test_startup_times_a_fresh_and_a_warm_opening_of_a_page(capsys):
    pytest.importorskip("playwright")
    from bench.startup import main

    main(["diva"])
    out = capsys.readouterr().out
    row = next(line for line in out.splitlines() if line.startswith("Example weights"))
    fresh, ratio, done, warm, warm_done = (float(x) for x in row[len("Example weights") :].replace(" s", "").split())
    assert 0 < fresh <= done and 0 < warm <= warm_done and ratio > 0
    assert "floor page" in out
