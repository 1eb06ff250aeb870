"""Start the app as a user would and time every page in headless Chromium, beside a floor page (a bare
Streamlit script drawing one Plotly chart) measured in the same run.

For each page: a fresh server (its own process, nothing cached, the shipped results store copied to a temp dir)
opened by deep link, timed to its first chart and to the end of its script run; then, on a server that has
shown the page once, a warm switch from Home by the navigation. Prints seconds and ratios to the floor page.
`python -m bench.startup [task ...]`"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from modeldash.catalogue import views as all_views  # noqa: E402

FIRST_CHART = "document.querySelectorAll('.js-plotly-plot .main-svg').length >= 1"
DONE = '[data-testid="stApp"][data-test-script-state="notRunning"]'
FLOOR = """import numpy as np
import plotly.graph_objects as go
import streamlit as st

st.title("Floor")
x = np.linspace(0, 1, 200)
st.plotly_chart(go.Figure(go.Scatter(x=x, y=np.sin(9 * x))))
"""
NAV = ".st-key-nav"  # the sidebar's navigation: the app's own page links (ui/state.nav_links)
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]
TIMEOUT = 180_000


def _port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def _server(script: str, store: Path, with_proc: bool = False, options: tuple[str, ...] = ()):
    """A Streamlit server for `script` on a free port (`options`: more of streamlit run's, as NAME=VALUE): yields
    its URL (and its process, `with_proc`)."""
    port = _port()
    cmd = [sys.executable, "-m", "streamlit", "run", script, "--server.port", str(port), "--server.headless", "true"]
    cmd += [f"--{o}" for o in options]
    env = {**os.environ, "DASH_STORE": str(store)}
    proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    try:
        while True:
            try:
                urllib.request.urlopen(url + "/_stcore/health", timeout=1)
                break
            except OSError:
                time.sleep(0.1)
        yield (url, proc) if with_proc else url
    finally:
        proc.terminate()
        proc.wait(timeout=20)


def _open(page, url: str) -> tuple[float, float]:
    """(seconds to the first chart, seconds to the end of the script run) for a deep link."""
    t0 = time.perf_counter()
    page.goto(url)
    page.wait_for_function(FIRST_CHART, timeout=TIMEOUT)
    first = time.perf_counter() - t0
    page.wait_for_selector(DONE, timeout=TIMEOUT)
    return first, time.perf_counter() - t0


def _switch(page, label: str) -> tuple[float, float]:
    """(first chart, end of run) after clicking `label` in the navigation from Home."""
    page.locator(NAV).get_by_role("link", name="Home", exact=True).click()
    page.wait_for_function("document.querySelectorAll('.js-plotly-plot').length == 0", timeout=TIMEOUT)
    page.wait_for_selector(DONE, timeout=TIMEOUT)
    t0 = time.perf_counter()
    page.locator(NAV).get_by_role("link", name=label, exact=True).click()
    page.wait_for_function(FIRST_CHART, timeout=TIMEOUT)
    first = time.perf_counter() - t0
    page.wait_for_timeout(50)
    page.wait_for_selector(DONE, timeout=TIMEOUT)
    return first, time.perf_counter() - t0


def main(tasks: list[str]):
    views = [v for v in all_views() if not tasks or v.task in tasks]
    rows = []
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as p:
        store = Path(tmp, "store")
        shutil.copytree(ROOT / "modeldash" / "models" / "results", store)
        floor_script = Path(tmp, "floor.py")
        floor_script.write_text(FLOOR)
        b = p.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
        for _ in range(2):  # the first opening also fills the browser's cache of Streamlit's frontend: not counted
            with _server(str(floor_script), store) as url:
                page = b.new_page()
                floor = _open(page, url)
                t0 = time.perf_counter()
                page.reload()
                page.wait_for_function(FIRST_CHART, timeout=TIMEOUT)
                floor_warm = time.perf_counter() - t0
                page.close()
        for v in views:
            with _server("app.py", store) as url:
                page = b.new_page(viewport={"width": 1400, "height": 1100})
                fresh = _open(page, f"{url}/{v.url_path}")
                warm = _switch(page, v.title)
                page.close()
            rows.append((v.title, fresh, warm))
            print(f"  {v.title}: fresh {fresh[0]:.2f} s, warm {warm[0]:.2f} s", file=sys.stderr)
        b.close()
    print(f"floor page (Streamlit + one Plotly chart): fresh {floor[0]:.2f} s, reload {floor_warm:.2f} s")
    print(f"{'page':<22}{'fresh: 1st chart':>17}{'x floor':>8}{'run done':>10}{'warm: 1st chart':>17}{'run done':>10}")
    for title, fresh, warm in rows:
        print(
            f"{title:<22}{fresh[0]:>15.2f} s{fresh[0] / floor[0]:>8.1f}{fresh[1]:>8.2f} s"
            f"{warm[0]:>15.2f} s{warm[1]:>8.2f} s"
        )
    print("aims: first chart on a fresh server < 5 s; warm switch < 1 s")


if __name__ == "__main__":
    import argparse

    ap = argparse.ArgumentParser(prog="python -m bench.startup", description=__doc__)
    ap.add_argument("views", nargs="*", metavar="VIEW", help="only these views (default: every one)")
    main(ap.parse_args().views)
