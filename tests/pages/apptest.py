"""Shared by the page tests (AppTest): open the app on a page with session state, follow a job to its end."""

from pathlib import Path

from streamlit.testing.v1 import AppTest

APP = str(Path(__file__).resolve().parents[2] / "app.py")
TIMEOUT = 120


def open_app(page=None, **state):
    at = AppTest.from_file(APP, default_timeout=TIMEOUT).run()  # pages register on the first run
    for k, v in state.items():
        at.session_state[k] = v
    if page:
        at.switch_page(page)
    return at.run()


def until_done(at, timeout: float = 600):
    """Rerun while the page follows a job (its progress bar shows), as the page's own fragment does each second."""
    import time

    end = time.monotonic() + timeout
    while at.get("progress") and not at.exception and time.monotonic() < end:
        time.sleep(1)
        at.run()
    return at
