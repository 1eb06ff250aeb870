"""Start the app as a user would and time, in headless Chromium: the first rendered chart on a fresh
server (deep link to Example weights), the Home page as a reference, and a warm page switch.
Prints seconds and ratios to the reference measured in the same run. `python -m bench.startup`"""

from __future__ import annotations

import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parents[1]
CHARTS = "document.querySelectorAll('.js-plotly-plot .main-svg').length >= 4"


def _port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def main():
    port = _port()
    t_launch = time.perf_counter()
    proc = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", "app.py", "--server.port", str(port), "--server.headless", "true"],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        while True:
            try:
                urllib.request.urlopen(url + "/_stcore/health", timeout=1)
                break
            except OSError:
                time.sleep(0.1)
        t_server = time.perf_counter() - t_launch
        with sync_playwright() as p:
            b = p.chromium.launch(
                executable_path="/usr/bin/chromium",
                args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
            )
            page = b.new_page()
            t0 = time.perf_counter()
            page.goto(url + "/example-weights")
            page.wait_for_function(CHARTS, timeout=120_000)
            cold = time.perf_counter() - t0
            t0 = time.perf_counter()
            page.goto(url)
            page.get_by_role("heading", name="Model analysis dashboard").wait_for()
            home = time.perf_counter() - t0
            nav = page.locator('[data-testid="stSidebarNav"]')
            t0 = time.perf_counter()
            nav.get_by_role("link", name="Example weights").click()
            page.wait_for_function(CHARTS, timeout=120_000)
            warm = time.perf_counter() - t0
            b.close()
    finally:
        proc.terminate()
    print(f"server up (process start to health check): {t_server:6.2f} s")
    print(f"first chart, fresh server, deep link:     {cold:6.2f} s   (aim < 5 s)   {cold / home:5.1f}x Home")
    print(f"Home page load (reference):               {home:6.2f} s")
    print(f"warm switch Home -> Example weights:      {warm:6.2f} s   (aim < 1 s)   {warm / home:5.1f}x Home")


if __name__ == "__main__":
    main()
