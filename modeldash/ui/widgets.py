"""The Streamlit edge the pages share: the sidebar, upload widgets, query-param binding, the error panel, and
(re-exported from the ui.cache package) the cached loaders."""

from __future__ import annotations

import os
from contextlib import contextmanager

import streamlit as st

from modeldash.catalogue import views
from modeldash.errors import MB, InputError, check_size
from modeldash.models.zoo import MAX_MANIFEST_BYTES, MAX_WEIGHT_BYTES
from modeldash.ui.cache import common
from modeldash.ui.registry import title_of
from modeldash.ui.settings import zoo_path
from modeldash.ui.state import (  # noqa: F401  (the pages' state API, reached as widgets.<name>)
    GLOBAL_KEYS,
    bounded,
    flush_query,
    init_from_query,
    keep_bound_state,
    kept,
    link_query,
    nav_links,
    one_of,
    run_count,
    share_link,
    stop,
)

UPLOAD_KEY = "sidebar_upload"


@contextmanager
def user_errors():
    """The page's error boundary: an InputError raised anywhere inside becomes one sentence, no traceback."""
    try:
        yield
    except InputError as e:
        st.error(str(e), icon=":material/error:")


def upload_key(
    where, label: str, types: list[str], prefix: str, state: str, hint: str | None, limit: int
) -> str | None:
    """A file uploader whose file is kept in the session (user input) under `state`: returns the file's key;
    while nothing has been uploaded, shows `hint` and stops the page (None for `hint`: returns None, the page
    goes on). A file over `limit` bytes is refused
    with one sentence (the server lets files up to 200 MB through, so the browser's own rejection, a red mark
    without words, only meets files that large)."""
    up = where.file_uploader(f"{label} (up to {limit / MB:g} MB)", type=types, key=f"{prefix}_upload")
    run, seen = run_count(), f"{prefix}_upload_seen"
    if up is not None:
        check_size(up.size, limit, f"'{up.name[:60]}'")
        raw = up.getvalue()
        key = common.upload_digest(raw)
        st.session_state.setdefault(state, {})[key] = (raw, up.name)
        st.session_state[f"{prefix}_upload_key"] = key
        st.session_state[seen] = run
    elif st.session_state.get(seen) == run - 1:
        # the uploader held a file on the previous run of this very page, so the user removed it (×); after a
        # visit to another page the uploader is empty too, but then the file stays in the session
        st.session_state.pop(f"{prefix}_upload_key", None)
        st.session_state.pop(seen)
    key = st.session_state.get(f"{prefix}_upload_key")
    if key is None and hint is not None:
        st.info(hint)
        stop()
    return key


# ---------------------------------------------------------------- sidebar and pickers


def models_for(task: str) -> list[tuple[str, str]]:
    """[(key, label)] of zoo and uploaded models for a task."""
    good, _ = common.zoo_listing(common.zoo_ref())
    out = [(m.name, m.name) for m in good if m.task == task]
    for key, stored in st.session_state.get(common.UPLOADS_STATE, {}).items():  # validated when uploaded
        manifest, _ = common.upload_model(key, *stored)
        if manifest.task == task:
            out.append((key, f"{manifest.name} (uploaded)"))
    return out


def model_picker(task: str, key: str, extra: dict[str, str] | None = None) -> str | None:
    """A selectbox over the task's models and `extra` {key: label} choices (such as a file of the model's
    outputs); None (with a message) when there are none."""
    options = models_for(task) + list((extra or {}).items())
    if not options:
        st.warning(
            f"No '{task}' model in the zoo at {zoo_path()}. Train one with "
            f"`python -m modeldash.models.train {task}` or upload one in the sidebar."
        )
        return None
    keys = [k for k, _ in options]
    labels = dict(options)
    init_from_query(key, keys[0], one_of(keys, str))
    choice = st.selectbox("Model", keys, key=key, format_func=labels.get)
    return choice


def _handle_uploads(files) -> None:
    """Pair uploaded manifests with weights by file stem, validate each pair, keep the good ones."""
    uploads = {}
    by_stem: dict[str, dict[str, object]] = {}
    for f in files or []:
        stem, ext = os.path.splitext(f.name)
        by_stem.setdefault(stem, {})[ext.lower()] = f
    for stem, parts in by_stem.items():
        manifest = parts.get(".json")
        weights = next((parts[e] for e in (".safetensors", ".pt", ".pth") if e in parts), None)
        if manifest is None or weights is None:
            st.sidebar.error(f"'{stem}': upload both {stem}.json (the manifest) and {stem}.safetensors.")
            continue
        try:
            check_size(weights.size, MAX_WEIGHT_BYTES, "the weights file")
            check_size(manifest.size, MAX_MANIFEST_BYTES, "the manifest")
            m_raw, w_raw = manifest.getvalue(), weights.getvalue()
            key = common.upload_digest(m_raw, w_raw)
            m, _ = common.upload_model(key, m_raw, w_raw, weights.name)
        except InputError as e:
            st.sidebar.error(f"'{stem}' was not loaded: {e}")
            continue
        if m.task not in {v.task for v in views() if v.model_upload}:
            st.sidebar.warning(
                f"'{stem}' is a valid {m.architecture}, but the "
                f"{title_of(m.task)} page takes uploaded graphs, not models: "
                f"such a model is tied to the graph it was trained on. Upload the graph (.npz) there."
            )
            continue
        uploads[key] = (m_raw, w_raw, weights.name)
        st.sidebar.success(
            f"Loaded {m.name} ({m.architecture}, {m.n_params:,} parameters) for the {title_of(m.task)} page."
        )
    st.session_state[common.UPLOADS_STATE] = uploads


def sidebar() -> None:
    """The shared sidebar: zoo in use, refresh, upload of a user's own model."""
    with st.sidebar:
        path = zoo_path()
        good, problems = common.zoo_listing(common.zoo_ref())
        st.markdown(f"**Model zoo** · {len(good)} model{'s' * (len(good) != 1)}")
        st.caption(f"`{path}`")
        for p in problems:
            st.warning(p)
        if st.button(
            "Refresh zoo",
            key="sidebar_refresh",
            help="Re-read the zoo folder. Results are cached per "
            "version of its files, so only what changed on disk is recomputed, for no one else.",
        ):
            st.rerun()
        files = st.file_uploader(
            "Upload your own model: a manifest (.json) and its weights (.safetensors, or a .pt / .pth state dict; "
            f"up to {MAX_WEIGHT_BYTES / MB:g} MB)",
            type=["json", "safetensors", "pt", "pth"],
            accept_multiple_files=True,
            key=UPLOAD_KEY,
            help="Weights are read with safetensors (or torch.load with weights_only=True); nothing is unpickled.",
        )
        _handle_uploads(files)


# ---------------------------------------------------------------- query params and errors
def optional_file(where, key: str | None, read):
    """An optional file (the page works without it): `read()` parses it; a bad file gets its one sentence beside
    its uploader and the rest of the page goes on without it. Returns what `read` returned, or None."""
    if not key:
        return None
    try:
        return read()
    except InputError as e:
        where.error(str(e))
        return None


def _report_bytes(view: str, zoo: str, folder: str, options: dict) -> bytes:
    from modeldash.analysis.report import report_html

    return report_html([view], zoo=zoo, folder=folder, options={view: options}).encode()


def report_button(view: str, **options) -> None:
    """*Download report*: one offline HTML file of this view at these settings (built when clicked)."""
    from functools import partial

    from modeldash.analysis.store import store_dir

    zoo = zoo_path()
    st.download_button(
        "Download report (HTML, opens offline)",
        partial(_report_bytes, view, zoo, str(store_dir(zoo)), options),
        file_name=f"{view}-report.html",
        mime="text/html",
        key=f"{view}_report",
        on_click="ignore",
        help="The headline figures and tables with their readings, the models (file hashes, seeds, training "
        "settings), the settings, the code version and the date, in one HTML file with plotly.js inside.",
    )


def _chart_html(fig) -> bytes:
    return fig.to_html(include_plotlyjs=True, full_html=True, config={"displaylogo": False}).encode()


def _png(img) -> bytes:
    """A PNG file of an image in [0, 1]: (H, W) grey or (H, W, 3) colour (zlib and the PNG chunks, no imaging
    library)."""
    import struct
    import zlib

    import numpy as np

    a = (np.clip(np.asarray(img, dtype=float), 0, 1) * 255).round().astype(np.uint8)
    colour = a.ndim == 3
    h, w = a.shape[:2]
    rows = b"".join(b"\x00" + a[r].tobytes() for r in range(h))  # filter 0 per row

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    header = struct.pack(">IIBBBBB", w, h, 8, 2 if colour else 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b"")


def inline_image(container, img, *, width: int, caption: str) -> None:
    """An image inside the page itself (a data: URL), not a media file: a rerun cannot expire it while a browser is
    still fetching it (#29: st.image's files 404ed under load)."""
    import base64
    import html

    data = base64.b64encode(_png(img)).decode()
    container.html(
        f'<figure style="margin:0"><img src="data:image/png;base64,{data}" width="{width}" '
        f'style="image-rendering: pixelated" alt="{html.escape(caption)}"/>'
        f'<figcaption style="font-size: .8rem; color: #808495">{html.escape(caption)}</figcaption></figure>'
    )


def chart(container, fig, key: str, name: str | None = None) -> None:
    """A plotly chart with a small *chart (HTML)* download under it: the same interactive figure in one standalone
    file with plotly.js inside (built when clicked). PNG comes from the chart's own toolbar."""
    from functools import partial

    if presenting():  # larger chart text for a room (on a copy: the figure may be shared)
        import plotly.graph_objects as go

        fig = go.Figure(fig).update_layout(font=dict(size=PRESENT_FONT))
        container.plotly_chart(fig, width="stretch", key=key)
        return
    container.plotly_chart(fig, width="stretch", key=key)
    container.download_button(
        "⤓ chart (HTML)",
        partial(_chart_html, fig),
        file_name=f"{name or key}.html",
        mime="text/html",
        key=f"{key}_html",
        on_click="ignore",
        type="tertiary",
        help="this chart as one interactive HTML file that opens offline",
    )


# ---------------------------------------------------------------- presentation mode


def presenting() -> bool:
    """Presentation mode: `?present=1` in the URL, or the sidebar's toggle."""
    return st.query_params.get("present") == "1"


def present_toggle() -> None:
    """The sidebar's switch for presentation mode (kept in the URL, so a presenter's link opens in it)."""
    on = st.sidebar.toggle(
        "Presentation mode",
        value=presenting(),
        key="present_toggle",
        help="Larger type, each view's one key message, the reading under the headline chart "
        "in large type, and ← → to walk through the views. Also ?present=1 in the URL.",
    )
    if on != presenting():
        if on:
            st.query_params["present"] = "1"
        else:
            del st.query_params["present"]
        st.rerun()


BASE_CSS = """<style>
[data-testid="stMetricLabel"] *, [data-testid="stMetricValue"] *, [data-testid="stMetricDelta"] *,
[data-testid="stWidgetLabel"] *,
[data-testid="stPageLink"] *, [data-testid="stMain"] button * {
  white-space: normal !important; overflow: visible !important; text-overflow: clip !important; }
</style>"""  # labels wrap rather than end in "…" on a narrow screen (tests/test_browser.py checks at 1024 px)


def style() -> None:
    """The app's own few style rules, on every page."""
    st.html(BASE_CSS)


PRESENT_FONT = 18  # chart text in presentation mode (px; plotly's default is 12)

PRESENT_CSS = """<style>
html { font-size: 19px; }
[data-testid="stMain"] h1 { font-size: 2.6rem; }
[data-testid="stMainBlockContainer"] { padding-top: 2rem; max-width: 100%; }
.present-reading { font-size: 1.45rem; line-height: 1.45; border-left: 6px solid #4c6ef5; padding: .4rem 1rem;
  background: #f4f6fa; margin: .2rem 0 1rem; }
</style>"""


def intro(task: str, text: str) -> None:
    """A page's explanatory paragraph; in presentation mode, its one key message instead."""
    from modeldash.ui.registry import by_task

    if presenting():
        st.html(PRESENT_CSS)
        st.markdown(f"#### {by_task(task).message}")
        _walk(task)
    else:
        st.markdown(text)


def reading(text: str) -> None:
    """The plain-language reading under a headline chart: a caption, or large type in presentation mode."""
    if presenting():
        import html

        st.html(f"<p class='present-reading'>{html.escape(text)}</p>")
    else:
        st.caption(text)


def _walk(task: str) -> None:
    """← and → (or the buttons) move to the previous and next view, staying in presentation mode."""
    from modeldash.ui.registry import views

    VIEWS = views()
    tasks = [v.task for v in VIEWS]
    i = tasks.index(task)
    c = st.columns([2, 2, 7])
    if c[0].button("← Previous view", key="present_prev", shortcut="Left", disabled=i == 0):
        st.switch_page(VIEWS[i - 1].file, query_params={**link_query(VIEWS[i - 1].prefix), "present": "1"})
    if c[1].button("Next view →", key="present_next", shortcut="Right", disabled=i == len(tasks) - 1):
        st.switch_page(VIEWS[i + 1].file, query_params={**link_query(VIEWS[i + 1].prefix), "present": "1"})
