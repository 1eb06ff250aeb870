"""Long work a page starts (training on an uploaded graph or series) runs as a job on Dask (runtime.jobs.Jobs,
one registry per server): the page shows the job's progress in a fragment that refreshes itself, while the rest
of the app stays usable, and draws the result when the job is done. A reload, or another visitor with the same
inputs, follows the same job."""

from __future__ import annotations

import streamlit as st

from modeldash.errors import InputError
from modeldash.ui.settings import scheduler_address

MAX_RUNNING = 4  # jobs waiting or running at once on this server
LIMIT_S = 900  # the longest a job may run


@st.cache_resource(show_spinner=False)
def server_jobs():
    from modeldash.runtime.jobs import Jobs

    return Jobs(scheduler_address(), max_running=MAX_RUNNING, limit_s=LIMIT_S)


def follow(key: str, what: str, fn, *args):
    """The result of job `key` (fn(*args, progress=…)), started if it is not running or done; until it is done,
    shows its progress and stops the page here. A failed job raises its one sentence."""
    jobs = server_jobs()
    jobs.submit(key, fn, *args)
    state = jobs.state(key)
    if state.status == "done":
        return jobs.result(key)
    if state.status == "failed":
        raise InputError(state.error)
    _progress(key, what)
    from modeldash.ui.widgets import stop  # the URL written before the page stops

    stop()


@st.fragment(run_every=1.0)
def _progress(key: str, what: str) -> None:
    state = server_jobs().state(key)
    if state.status != "running":
        st.rerun(scope="app")
    st.progress(
        min(max(state.fraction, 0.0), 1.0),
        text=f"{what}: {state.fraction:.0%} after {state.elapsed_s:.0f} s. It runs as a job on Dask, so the other "
        f"pages stay usable meanwhile, and a reload follows the same job (at most {LIMIT_S // 60} minutes).",
    )
