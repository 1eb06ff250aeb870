"""Concurrent use: N browser sessions at once on one server, each walking every page and setting a control of its
own, while one of them trains on a custom graph as a Dask job. Checks, per session: no error on any page, its own
Example-weights seed still shown after the walk (no state shared between sessions), and the training session's
results arriving. Prints p50/p95 seconds to the first chart per page, the server's peak memory (its process and
the Dask workers it started) per round, and the growth from the first round to the last.

`--first-visit N`: instead, N sessions open one page (Example weights by default) at the same moment on a fresh
server, after one session alone on another fresh server (the reference, same process): seconds to the first
charts per session, and the server's CPU seconds for N against one — work repeated per session shows as a CPU
ratio near N, work shared by the sessions as a ratio near 1. (The browser shares the machine's cores.)

`python -m bench.load [--sessions 10] [--rounds 2]` (localhost only; tests/test_load.py runs a small setting)."""

from __future__ import annotations

import argparse
import asyncio
import shutil
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

import psutil
from playwright.async_api import TimeoutError as PlaywrightTimeout
from playwright.async_api import async_playwright

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from bench.startup import ARGS, DONE, NAV, _server  # noqa: E402
from modeldash.catalogue import views  # noqa: E402

CHARTS = "document.querySelectorAll('.js-plotly-plot .main-svg').length >= {n}"
TIMEOUT = 600_000
FOREGROUND = [
    "--disable-renderer-backgrounding",
    "--disable-background-timer-throttling",
    "--disable-backgrounding-occluded-windows",
]
JOB = "It runs as a job on Dask"


class Memory:
    """Peak resident memory of a process and its children, sampled every 0.2 s in a thread."""

    def __init__(self, pid: int):
        self.proc, self.peak, self._stop = psutil.Process(pid), 0, threading.Event()
        self._t = threading.Thread(target=self._run, daemon=True)

    def _run(self):
        while not self._stop.is_set():
            try:
                procs = [self.proc, *self.proc.children(recursive=True)]
                self.peak = max(self.peak, sum(p.memory_info().rss for p in procs if p.is_running()))
            except psutil.Error:
                pass
            time.sleep(0.2)

    def __enter__(self):
        self._t.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self._t.join()


async def _rendered(page, n: int) -> None:
    if n:
        await page.wait_for_function(CHARTS.format(n=n), timeout=TIMEOUT)
    await page.wait_for_selector(DONE, timeout=TIMEOUT)


async def _problems(page) -> list[str]:
    out = []
    for sel, what in (('[data-testid="stException"]', "exception"), ('[data-testid="stAlertContentError"]', "error")):
        for t in await page.locator(sel).all_inner_texts():
            out.append(f"{what}: {t[:200]}")
    return out


RECLICK_MS = 90_000  # a page's heading is its first element: this long without it, the click was lost
RECLICKS: list[str] = []  # (not problems of the app: a click landing while the previous page reran, on a busy machine)


async def _open(page, nav, v, i: int, problems: list) -> None:
    """Click a view's link in the navigation until its heading shows (at most three clicks)."""
    for attempt in range(3):
        await nav.get_by_role("link", name=v.title, exact=True).click()
        try:
            await page.get_by_role("heading", name=v.heading).wait_for(timeout=RECLICK_MS if attempt < 2 else TIMEOUT)
            return
        except PlaywrightTimeout:
            if attempt == 2:
                raise
            RECLICKS.append(f"session {i}, {v.title}")


async def session(browser, url: str, i: int, trains: bool, times: dict, problems: list) -> None:
    ctx = await browser.new_context(viewport={"width": 1400, "height": 1100})
    page = await ctx.new_page()
    page.on("pageerror", lambda e: problems.append(f"session {i}: pageerror {e}"))
    if trains:  # start a training job, then walk the other pages while it runs
        await page.goto(f"{url}/cold-start?cold_graph=custom-sbm&cold_budget=quick&cold_seeds=1")
        await page.get_by_role("button", name="Train and analyse").click()
        # the job's progress, or (a later round, the same inputs) its kept result at once
        await page.wait_for_function(
            f"document.body.innerText.includes('{JOB}') || {CHARTS.format(n=3)}", timeout=TIMEOUT
        )
    await page.goto(f"{url}/example-weights")
    await _rendered(page, 4)
    own = str(i + 1)  # this session's own seed, never the default (0), which a URL leaves out
    seed = page.get_by_label("Seed", exact=True).and_(page.locator("input"))
    await seed.fill(own)
    await seed.press("Enter")
    await page.wait_for_function(f"new URL(location.href).searchParams.get('diva_seed') === '{own}'", timeout=TIMEOUT)
    await _rendered(page, 4)
    nav = page.locator(NAV)
    for v in views():
        if v.task == "coldstart" and trains:
            continue  # its page follows the job: visited last
        t0 = time.perf_counter()
        await _open(page, nav, v, i, problems)
        await _rendered(page, v.charts)
        times.setdefault(v.title, []).append(time.perf_counter() - t0)
        problems += [f"session {i}, {v.title}: {p}" for p in await _problems(page)]
    await nav.get_by_role("link", name="Example weights", exact=True).click()
    await _rendered(page, 4)
    try:  # its own seed, once the page has redrawn the control; another session's value would mean shared state
        await page.wait_for_function(
            "v => document.querySelector('[data-testid=\"stNumberInputField\"]')?.value === v",
            arg=own,
            timeout=30_000,
        )
    except PlaywrightTimeout:
        problems.append(f"session {i}: the seed shows {await seed.input_value()}, not its own {own}")
    if trains:
        await nav.get_by_role("link", name="Cold-start graphs", exact=True).click()
        await _rendered(page, 3)
        if await page.get_by_text(JOB).count():
            problems.append(f"session {i}: the training job did not finish")
        problems += [f"session {i}, training: {p}" for p in await _problems(page)]
    await ctx.close()


async def walk(url: str, n: int, train: bool) -> tuple[dict, list]:
    times, problems = {}, []
    async with async_playwright() as p:
        browser = await p.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
        await asyncio.gather(*(session(browser, url, i, train and i == 0, times, problems) for i in range(n)))
        await browser.close()
    return times, problems


def _cpu(proc) -> float:
    """CPU seconds used so far by a process and its children."""
    p = psutil.Process(proc.pid)
    out = 0.0
    for q in (p, *p.children(recursive=True)):
        try:
            t = q.cpu_times()
            out += t.user + t.system
        except psutil.Error:
            pass
    return out


async def _arrive(url: str, path: str, n: int, charts: int) -> list[tuple[float, float]]:
    """n sessions open url/path at the same moment: each one's seconds to its charts, and to the server's last
    message of the run (when the server's part was done; the rest is the browser drawing)."""
    async with async_playwright() as p:
        # every session's tab renders as a foreground tab would (each user has their own browser)
        browser = await p.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS + FOREGROUND)
        pages = []
        for _ in range(n):
            ctx = await browser.new_context(viewport={"width": 1400, "height": 1100})
            pages.append(await ctx.new_page())

        async def one(page) -> tuple[float, float]:
            last = [0.0]
            page.on("websocket", lambda ws: ws.on("framereceived", lambda _: last.__setitem__(0, time.perf_counter())))
            t0 = time.perf_counter()
            await page.goto(url + path)
            await _rendered(page, charts)
            done, server = time.perf_counter(), last[0]
            problems = await _problems(page)
            if problems:
                raise RuntimeError("; ".join(problems))
            return done - t0, server - t0

        got = await asyncio.gather(*(one(pg) for pg in pages))
        await browser.close()
    return list(got)


def first_visit(n: int, path: str, options: tuple[str, ...] = ()) -> dict:
    """One session alone on a fresh server (the reference), then n at once on another fresh server."""
    charts = (
        next(v.charts for v in views() if v.url_path and path.strip("/").startswith(v.url_path)) if path != "/" else 0
    )
    out = {}
    for label, k in (("alone", 1), (f"{n} at once", n)):
        with tempfile.TemporaryDirectory() as tmp:
            store = Path(tmp, "store")
            shutil.copytree(ROOT / "modeldash" / "models" / "results", store)
            with _server("app.py", store, with_proc=True, options=options) as (url, proc):
                c0 = _cpu(proc)
                ts = asyncio.run(_arrive(url, path, k, charts))
                out[label] = (ts, _cpu(proc) - c0)
    (t1, c1), (tn, cn) = out["alone"], out[f"{n} at once"]
    charts_n, server_n = [t for t, _ in tn], [s for _, s in tn]
    print(
        f"first visit of {path}: alone {t1[0][0]:.1f} s to its charts ({t1[0][1]:.1f} s to the server's last message)"
    )
    print(
        f"{n} at once: charts after {statistics.median(charts_n):.1f} s median, {max(charts_n):.1f} s slowest "
        f"({max(charts_n) / t1[0][0]:.1f}x alone); the server's last message after {statistics.median(server_n):.1f} s "
        f"median, {max(server_n):.1f} s slowest"
    )
    print(f"server CPU: alone {c1:.1f} s, {n} at once {cn:.1f} s ({cn / c1:.1f}x; {n}x = nothing shared)")
    return {"alone": t1[0], "at_once": tn, "alone_cpu": c1, "cpu": cn}


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(prog="python -m bench.load", description=__doc__)
    ap.add_argument("--sessions", type=int, default=10)
    ap.add_argument("--rounds", type=int, default=2, help="walks, one after the other, on the same server")
    ap.add_argument("--first-visit", type=int, default=0, metavar="N", help="N sessions open --page at once")
    ap.add_argument("--page", default="/example-weights", help="--first-visit: the page's path")
    ap.add_argument(
        "--option",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="--first-visit: a streamlit run option for the servers (e.g. server.fileWatcherType=auto, the setting "
        "before .streamlit/config.toml turned the watcher off)",
    )
    args = ap.parse_args(argv)
    if args.first_visit:
        first_visit(args.first_visit, args.page, tuple(args.option))
        return 0
    peaks, failures = [], []
    with tempfile.TemporaryDirectory() as tmp:
        store = Path(tmp, "store")
        shutil.copytree(ROOT / "modeldash" / "models" / "results", store)
        with _server("app.py", store, with_proc=True) as (url, proc):
            for r in range(args.rounds):
                t0 = time.perf_counter()
                with Memory(proc.pid) as mem:
                    times, problems = asyncio.run(walk(url, args.sessions, train=True))
                peaks.append(mem.peak)
                failures += problems
                print(f"round {r + 1}: {args.sessions} sessions in {time.perf_counter() - t0:.0f} s")
                print(f"{'page':<22}{'p50 s':>8}{'p95 s':>8}{'n':>4}")
                for title, ts in times.items():
                    q = statistics.quantiles(ts, n=20, method="inclusive") if len(ts) > 1 else ts * 19
                    print(f"{title:<22}{statistics.median(ts):>8.2f}{q[18]:>8.2f}{len(ts):>4}")
                print(f"peak memory (server and its Dask workers): {mem.peak / 2**20:,.0f} MiB")
    if len(peaks) > 1:
        print(f"memory growth from round 1 to round {len(peaks)}: {peaks[-1] / peaks[0]:.2f}x")
    for p in failures:
        print("FAIL", p)
    if RECLICKS:
        print(f"clicked again (the first click on a link was lost while a page reran): {', '.join(RECLICKS)}")
    print("no errors, no state shared between sessions" if not failures else f"{len(failures)} problems")
    return 1 if failures else 0


if __name__ == "__main__":
    raise SystemExit(main())
