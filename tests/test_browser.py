"""Start `streamlit run app.py` and open every page in headless Chromium: by deep link (first, on a fresh
server, where a `pages/` folder would misroute) and by clicking the navigation. Screenshots go to
test-artifacts/ (or $DASH_SCREENSHOTS, e.g. assets/ to refresh the README's)."""

import contextlib
import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlparse

import pytest

from modeldash.catalogue import HOME, views

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = "/usr/bin/chromium"


def page_list() -> list[tuple[str, str, int, str]]:
    """(url path, heading, plotly charts at the page's defaults, navigation label) of every view of the
    catalogue, Home (at /) last."""
    return [(p.url_path, p.heading, p.charts, p.title) for p in (*views(), HOME)]


PAGES = page_list()
# Streamlit's frontend probes whether a deep link's path is the server's base path before falling back to
# "/": these two 404s are that probe, not an app error.
PROBE_404 = re.compile(r"/_stcore/(health|host-config)$")

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        not Path(CHROMIUM).exists(),
        reason=f"browser test skipped: no Chromium at {CHROMIUM} (apt-get install -y chromium)",
    ),
]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def _serve(store: Path):
    """`streamlit run app.py` on a free port with a copy of the shipped results store; yields its URL."""
    port = _free_port()
    for f in (ROOT / "modeldash" / "models" / "results").iterdir():  # the first charts read it
        shutil.copy(f, store)
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "streamlit",
            "run",
            "app.py",
            "--server.port",
            str(port),
            "--server.address",
            "127.0.0.1",
            "--server.headless",
            "true",
        ],
        cwd=ROOT,
        env={**os.environ, "DASH_STORE": str(store)},
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(120):
            try:
                if urllib.request.urlopen(url + "/_stcore/health", timeout=1).status == 200:
                    break
            except OSError:
                time.sleep(0.5)
        else:
            pytest.fail("streamlit did not start within 60 s")
        yield url
    finally:
        proc.terminate()
        proc.wait(timeout=10)


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    with _serve(tmp_path_factory.mktemp("store")) as url:
        yield url


@pytest.fixture(scope="module")
def browser():
    sync_api = pytest.importorskip("playwright.sync_api", reason="browser test skipped: playwright missing")
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(
            executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"]
        )
        yield b
        b.close()


def _watch(page):
    errors = []
    page.on(
        "console",
        lambda m: (
            m.type == "error"
            and not PROBE_404.search(m.location.get("url", ""))
            and errors.append(f"console: {m.text} {m.location}")
        ),
    )
    page.on("pageerror", lambda e: errors.append(f"pageerror: {e}"))
    page.on(
        "response",
        lambda r: r.status >= 400 and not PROBE_404.search(r.url) and errors.append(f"HTTP {r.status} {r.url}"),
    )
    return errors


def _arrive(page, go, title: str, tries: int = 3):
    """Do `go` (a navigation click or a page load) until the view's heading shows: on a busy 2-core machine a
    click or a first script run is now and then lost, which would otherwise cost the whole suite a 90 s wait
    and a red run (bench.load counts how often this happens)."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout  # present: the browser fixture needs it

    for attempt in range(tries):
        go()
        try:
            page.get_by_role("heading", name=title).wait_for(timeout=90_000)
            return
        except PlaywrightTimeout:
            if attempt == tries - 1:
                raise


def _wait_rendered(page, title: str, n_charts: int):
    page.get_by_role("heading", name=title).wait_for(timeout=90_000)
    if n_charts:
        page.wait_for_function(
            f"document.querySelectorAll('.js-plotly-plot .main-svg').length >= {n_charts}", timeout=90_000
        )
    # the script run has finished: Streamlit marks its root with the run state (stStatusWidget never shows here)
    page.wait_for_selector('[data-testid="stApp"][data-test-script-state="notRunning"]', timeout=90_000)
    # tables: the loading skeleton is gone and every grid has its cells
    page.wait_for_function(
        "!document.querySelector('[data-testid=\"stSkeleton\"]') && "
        "[...document.querySelectorAll('[data-testid=\"stDataFrame\"]')]"
        ".every(d => d.querySelector('[role=\"gridcell\"]'))",
        timeout=90_000,
    )
    page.wait_for_timeout(500)
    assert page.locator('[data-testid="stException"]').count() == 0
    assert page.get_by_text("Page not found").count() == 0
    assert page.locator('[data-testid="stAlertContentError"]').count() == 0


def _shot(page, name: str):
    out = Path(os.environ.get("DASH_SCREENSHOTS", ROOT / "test-artifacts"))
    out.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(out / f"{name}.png"), full_page=True)


@pytest.mark.parametrize("path, title, n_charts", [p[:3] for p in PAGES])
def test_every_page_opens_by_its_own_url(server, browser, path, title, n_charts):
    page = browser.new_page(viewport={"width": 1400, "height": 2000 if n_charts else 1100})
    errors = _watch(page)
    page.goto(f"{server}/{path}")
    _wait_rendered(page, title, n_charts)
    assert urlparse(page.url).path.strip("/") == path, f"deep link {path} was redirected to {page.url}"
    _shot(page, path or "home")
    assert errors == []
    page.close()


def test_a_shared_link_reopens_the_same_view(server, browser):
    page = browser.new_page(viewport={"width": 1400, "height": 1100})
    page.goto(f"{server}/example-weights?diva_noise=0.4&diva_steps=1")
    _wait_rendered(page, "Example weights · DIVA", 4)
    page.get_by_text("359 have flipped labels").wait_for(timeout=30_000)
    page.close()


def test_a_shared_link_with_a_second_model_and_a_bad_value_on_a_fresh_server(browser, tmp_path):
    """A colleague's link: the trajectories page with a second model side by side and a scene that is not a
    number, opened first thing on a server that has served nobody: two scene figures, the scene at its default."""
    with _serve(tmp_path) as url:
        page = browser.new_page(viewport={"width": 1400, "height": 2000})
        errors = _watch(page)
        page.goto(f"{url}/trajectories?traj_model=social_attn&traj_model_b=constant%20velocity&traj_scene=banana")
        _wait_rendered(page, "Trajectories · You Mostly Walk Alone", 3)
        page.get_by_text("Scene 0: social_attn's ADE is").wait_for(timeout=30_000)
        assert errors == []
        page.close()


def test_every_page_opens_by_clicking_the_navigation(server, browser):
    page = browser.new_page(viewport={"width": 1400, "height": 1100})
    errors = _watch(page)
    page.goto(server)
    _wait_rendered(page, "Model analysis dashboard", 0)
    nav = page.locator(".st-key-nav")  # the sidebar's navigation (widgets.nav_links)
    for path, title, n_charts, label in PAGES:
        _arrive(page, nav.get_by_role("link", name=label, exact=True).click, title)
        _wait_rendered(page, title, n_charts)
        assert urlparse(page.url).path.strip("/") in (path, "")
    assert errors == []
    page.close()


def test_a_malformed_upload_gets_one_clear_message(server, browser, tmp_path):
    page = browser.new_page(viewport={"width": 1400, "height": 1100})
    page.goto(server)
    _wait_rendered(page, "Model analysis dashboard", 0)
    (tmp_path / "evil.json").write_text('{"name": "evil"}')
    (tmp_path / "evil.safetensors").write_bytes(os.urandom(512))
    page.locator('[data-testid="stSidebar"] input[type="file"]').set_input_files(
        [str(tmp_path / "evil.json"), str(tmp_path / "evil.safetensors")]
    )
    page.get_by_text("'evil' was not loaded").wait_for(timeout=30_000)
    assert page.locator('[data-testid="stException"]').count() == 0
    assert page.get_by_role("heading", name="Model analysis dashboard").count() == 1  # the app keeps working
    page.close()


def test_a_file_over_a_readers_limit_gets_a_sentence(server, browser, tmp_path):
    """Files up to the server's transport limit (200 MB) reach the page, so a file over its reader's limit (20 MB
    for ETH/UCY text) is refused in words, not by the browser's wordless red mark."""
    page = browser.new_page(viewport={"width": 1400, "height": 1100})
    page.goto(f"{server}/trajectories?traj_data=upload")
    _wait_rendered(page, "Trajectories · You Mostly Walk Alone", 0)
    big = tmp_path / "big.txt"
    big.write_bytes(b"0 1 0.0 0.0\n" * 2_100_000)  # 25.2 MB
    page.locator('[data-testid="stMain"] input[type="file"]').set_input_files(str(big))
    page.get_by_text("'big.txt' is 25.2 MB; the limit is 20 MB").wait_for(timeout=60_000)
    assert page.locator('[data-testid="stException"]').count() == 0
    page.close()


def test_a_training_job_leaves_the_other_pages_usable(server, browser):
    """Training on a custom graph runs as a Dask job: its page shows the job's progress, another session's page
    renders meanwhile, and the trained results arrive without a reload."""
    a = browser.new_context(viewport={"width": 1400, "height": 1400}).new_page()
    errors = _watch(a)
    a.goto(f"{server}/cold-start?cold_graph=custom-sbm&cold_budget=quick&cold_seeds=1")
    a.get_by_role("button", name="Train and analyse").click()
    a.get_by_text("It runs as a job on Dask").wait_for(timeout=60_000)
    _shot(a, "job-progress")
    b = browser.new_context(viewport={"width": 1400, "height": 1100}).new_page()
    _arrive(b, lambda: b.goto(f"{server}/example-weights"), "Example weights · DIVA")
    _wait_rendered(b, "Example weights · DIVA", 4)
    assert a.get_by_text("It runs as a job on Dask").count() == 1  # still training while the other page drew
    a.wait_for_function("document.querySelectorAll('.js-plotly-plot .main-svg').length >= 3", timeout=300_000)
    _wait_rendered(a, "Cold-start graphs · Cold Brew", 3)
    assert errors == []


def test_the_offline_report_renders_with_networking_off(browser, tmp_path):
    """`python -m modeldash report`'s file, opened from disk in a context with the network off: every chart is
    drawn and the console stays clean."""
    from modeldash.analysis.report import write_report

    out = write_report(tmp_path / "report.html", folder=ROOT / "modeldash" / "models" / "results")
    ctx = browser.new_context(offline=True, viewport={"width": 1300, "height": 1000})
    page = ctx.new_page()
    errors = _watch(page)
    page.goto(out.as_uri())
    page.wait_for_function("document.querySelectorAll('.js-plotly-plot .main-svg').length >= 7", timeout=60_000)
    _shot(page, "report")
    assert errors == [] and page.locator(".reading").count() == 5
    ctx.close()


def test_a_pages_report_button_downloads_its_view(server, browser, tmp_path):
    page = browser.new_page(viewport={"width": 1400, "height": 1100}, accept_downloads=True)
    page.goto(f"{server}/compositional-splits?splits_data=scenes")
    _wait_rendered(page, "Compositional splits", 5)
    with page.expect_download(timeout=60_000) as d:
        page.get_by_role("button", name="Download report (HTML, opens offline)").click()
    text = Path(d.value.path()).read_text()
    assert "<section id='splits'>" in text and "dataset = scenes" in text
    page.close()


def test_back_returns_to_the_previous_page_with_its_settings_in_one_press(server, browser):
    """Set a seed on Example weights, switch pages in the sidebar, press Back once: the previous page, as it was
    left. Opening a page at its defaults adds no history entry; the seed and the switch add one each."""
    page = browser.new_page(viewport={"width": 1400, "height": 1100})
    errors = _watch(page)
    page.goto(f"{server}/example-weights")
    _wait_rendered(page, "Example weights · DIVA", 4)
    start = page.evaluate("history.length")
    seed = page.get_by_label("Seed", exact=True)
    seed.fill("3")
    seed.press("Enter")
    page.wait_for_url("**diva_seed=3**", timeout=60_000)
    _wait_rendered(page, "Example weights · DIVA", 4)
    nav = page.locator(".st-key-nav")
    _arrive(page, nav.get_by_role("link", name="Compositional splits", exact=True).click, "Compositional splits")
    _wait_rendered(page, "Compositional splits", 1)
    assert page.evaluate("history.length") - start <= 2
    page.go_back()
    page.get_by_role("heading", name="Example weights · DIVA").wait_for(timeout=90_000)
    _wait_rendered(page, "Example weights · DIVA", 4)
    assert "diva_seed=3" in page.url and page.get_by_label("Seed", exact=True).input_value() == "3"
    assert errors == []
    page.close()


def test_a_corrected_link_replaces_its_history_entry_and_back_leaves_in_one_press(server, browser):
    """A link with bad values opens with them corrected in the URL, rewritten in place (Streamlit's own write would
    push a second entry, so Back landed on the bad link, corrected again, and took two presses to leave)."""
    page = browser.new_page(viewport={"width": 1400, "height": 1100})
    errors = _watch(page)
    page.goto(f"{server}/example-weights")
    _wait_rendered(page, "Example weights · DIVA", 4)
    start = page.evaluate("history.length")
    _arrive(
        page,
        lambda: page.goto(f"{server}/example-weights?diva_seed=abc&diva_noise=0.3&diva_steps=x"),
        "Example weights · DIVA",
    )
    _wait_rendered(page, "Example weights · DIVA", 4)
    page.wait_for_function("location.search === '?diva_noise=0.3'", timeout=60_000)
    assert page.evaluate("history.length") - start == 1  # the link's own entry, corrected in place
    page.get_by_label("Seed", exact=True).fill("3")
    page.get_by_label("Seed", exact=True).press("Enter")
    page.wait_for_url("**diva_seed=3**", timeout=60_000)
    assert page.evaluate("history.length") - start == 2  # the user's change: one entry
    page.go_back()
    page.wait_for_function("location.search === '?diva_noise=0.3'", timeout=60_000)
    page.go_back()
    page.wait_for_function("location.search === ''", timeout=60_000)
    _wait_rendered(page, "Example weights · DIVA", 4)
    assert errors == []
    page.close()


TRUNCATED = """() => [...document.querySelectorAll('[data-testid="stMain"] *')]
  .filter(e => e.tagName === 'INPUT' && e.type !== 'file'
    ? e.value && e.scrollWidth > e.clientWidth + 1  // a select box shows its choice in an input
    : e.innerText && getComputedStyle(e).textOverflow === 'ellipsis' && e.scrollWidth > e.clientWidth + 1)
  .map(e => (e.value || e.innerText).slice(0, 60))"""


def test_no_label_select_box_or_metric_is_cut_off_at_1024_px(server, browser):
    """#29, item 7: "Electricity transformers (ETTh1, hourl", "Feature contributio…", metric labels ending in "…".
    (Table headers are drawn on a canvas: the tables scroll sideways instead.)"""
    page = browser.new_page(viewport={"width": 1024, "height": 1200})
    cut = {}
    # and the states that draw other controls: Cold-start's training form ("Full (the protocol's se")
    forms = [("cold-start?cold_graph=custom-sbm", "Cold-start graphs · Cold Brew", 0, None)]
    for path, title, n_charts, _ in PAGES + forms:
        page.goto(f"{server}/{path}")
        _wait_rendered(page, title, n_charts)
        if got := page.evaluate(TRUNCATED):
            cut[path or "home"] = got
    assert cut == {}, cut
    page.close()
