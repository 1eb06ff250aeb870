"""The load test (bench/load.py) in a small setting: 2 browser sessions at once on one server walk every page,
each with its own seed, while one trains on a custom graph as a Dask job — no error, no shared state."""

from pathlib import Path

import pytest

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not Path("/usr/bin/chromium").exists(), reason="no Chromium at /usr/bin/chromium"),
]


def test_two_sessions_at_once_with_a_training_job(capsys):
    pytest.importorskip("playwright")
    from bench.load import main

    assert main(["--sessions", "2", "--rounds", "1"]) == 0, capsys.readouterr().out
    out = capsys.readouterr().out
    assert "no errors, no state shared between sessions" in out and "peak memory" in out


def test_first_visits_at_once_are_timed_against_one_alone(capsys):
    pytest.importorskip("playwright")
    from bench.load import first_visit

    got = first_visit(2, "/example-weights")
    out = capsys.readouterr().out
    assert len(got["at_once"]) == 2 and all(0 < server <= charts for charts, server in got["at_once"])
    assert got["alone_cpu"] > 0 and got["cpu"] > 0 and "2 at once: charts after" in out
