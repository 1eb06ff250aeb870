"""The URL and session state of the pages' selections (the state model below), the sidebar's link to the view and
its navigation. Pages reach these through `ui.widgets`, which re-exports them."""

from __future__ import annotations

import json
from contextlib import contextmanager
from urllib.parse import urlencode

import streamlit as st

# The state model. A page's selections live in session state under the page's prefix (`traj_model`), and in
# the URL under the same keys — the values that differ from their defaults only. Every run: (1) a URL value this
# session did not write itself (a shared link, or the browser's Back/Forward) wins; (2) a value this session wrote
# that the URL no longer has (Back to a state at its defaults) gives the default; (3) otherwise the session's value
# stands; (4) otherwise the default. The URL is written once, at the end of the run (`flush_query`), and only when
# it changes: opening a page at its defaults adds no browser history entry, a user's change adds one, and the
# browser's Back returns to the previous state in one press. The app's own links (the sidebar's navigation, Home's
# cards, presentation mode) carry the target page's selections (`link_query`), so leaving a page and coming back
# keeps them without a second history entry. A URL that arrives from outside this session (a link, the first run,
# Back/Forward) and that the page corrects (a bad or stale value, a default spelled out) is rewritten in place —
# the browser's current entry replaced, not a new one pushed (`_replace_url`) — so Back from a corrected link
# leaves in one press. app.py re-asserts every bound key before the page runs
# (`keep_bound_state`), so a widget that is not drawn on a run (another page, or an early stop) keeps its value,
# and the browser redraws it with that value rather than at its default when it comes back. A control that is not in the URL (an axis, a slider of "render your own", a
# counterfactual's neighbours) is kept the same way through `kept`; tests/pages/test_every_widget.py walks every
# control of every page and fails on one that is neither.
_BOUND = "_bound_keys"  # session: the set of keys bound this way
_KEPT = "_kept_keys"  # session: the keys of controls kept in the session only
_WRITTEN = "_url_written_"  # session: what this session last wrote to the URL, per key
_RUN = "_run"  # session: how many runs this session has had, on any page
_DEFAULTS = "_url_defaults"  # session: each bound key's default, as its page last declared it
_PREFIX = "_page_prefix"  # session: the prefix of the page this run shows
_LAST = "_url_last"  # session: the query this session last left in the URL
_FIXED = "_url_fixed_from"  # session: the outside query last corrected in place (the browser may send it once more)
_NEVER = "\0never"  # what _WRITTEN holds for a key this session never wrote (None: written as absent, the default)


def init_from_query(key: str, default, cast):
    """Bind widget `key` to the URL and the session (see above); a bad or stale value falls back to the default, and
    the URL shows what the page uses from the end of this run."""
    st.session_state.setdefault(_BOUND, set()).add(key)
    st.session_state.setdefault(_DEFAULTS, {})[key] = default
    raw = st.query_params.get(key)
    written = st.session_state.get(_WRITTEN + key, _NEVER)
    if raw is not None and raw != written:
        try:
            st.session_state[key] = cast(raw)
            return
        except (TypeError, ValueError):
            pass
    elif raw is None and written not in (_NEVER, None):  # Back to a state where this key was at its default
        st.session_state[key] = default
        return
    _keep_or_default(key, default, cast)


def kept(key: str, default=None, options=None) -> str:
    """A control's key, kept in the session across pages (see the state model above). Its first value is `default`
    (set here, not by the widget's index or value, so Streamlit never sees two defaults); a kept value no longer in
    `options` falls back to it."""
    st.session_state.setdefault(_KEPT, set()).add(key)
    if default is not None and (
        key not in st.session_state or (options is not None and st.session_state[key] not in options)
    ):
        st.session_state[key] = default
    return key


def _keep_or_default(key: str, default, cast) -> None:
    if key in st.session_state:
        try:
            cast(str(st.session_state[key]))
            return
        except (TypeError, ValueError):
            pass
    st.session_state[key] = default


def link_query(prefix: str) -> dict[str, str]:
    """The selections a link to the page with this prefix carries: its bound keys that differ from their
    defaults, as strings, and the app's own (presentation mode)."""
    out = {k: st.query_params[k] for k in GLOBAL_KEYS if k in st.query_params}
    if not prefix:
        return out
    defaults = st.session_state.get(_DEFAULTS, {})
    for k in sorted(st.session_state.get(_BOUND, ())):
        if k.startswith(prefix + "_") and k in st.session_state and k in defaults:
            if str(st.session_state[k]) != str(defaults[k]):
                out[k] = str(st.session_state[k])
    return out


def _target() -> dict[str, str]:
    """The URL's query as this run leaves it: this page's non-default selections (and presentation mode)."""
    return link_query(st.session_state.get(_PREFIX, ""))


def flush_query() -> None:
    """At the end of a run: write the URL once, if it changed — one browser history entry for one action of the
    user's, none for the app's own corrections of a URL from outside (see the state model above)."""
    target, now = _target(), st.query_params.to_dict()
    if target != now:
        if now != st.session_state.get(_LAST) and now != st.session_state.get(_FIXED):
            _replace_url(target)
            st.session_state[_FIXED] = now
        else:
            st.query_params.from_dict(target)
    st.session_state[_LAST] = target
    prefix = st.session_state.get(_PREFIX, "")
    for k in st.session_state.get(_BOUND, ()):
        if prefix and k.startswith(prefix + "_"):
            st.session_state[_WRITTEN + k] = target.get(k)


def _replace_url(query: dict[str, str]) -> None:
    """Rewrite the browser's current history entry to `query` (Streamlit's own URL writes push a new entry). The
    server's copy follows on the next run, which finds the browser already there and adds no entry."""
    search = f"?{urlencode(query)}" if query else ""  # encoded as Streamlit encodes st.query_params
    st.html(
        f"<script>history.replaceState(history.state, '', location.pathname + {json.dumps(search)});</script>",
        unsafe_allow_javascript=True,
    )


def stop() -> None:
    """st.stop(), after writing the URL and the sidebar's link: once a stop is requested, nothing more reaches the
    browser (the next message raises), so the end-of-run flush would be lost."""
    flush_query()
    _draw_link()
    st.stop()


def nav_links(entries) -> None:
    """The sidebar's navigation: a link per page (spec, st.Page) carrying that page's selections."""
    with st.sidebar.container(key="nav"):
        for spec, page in entries:
            st.page_link(page, label=spec.title, icon=spec.icon, query_params=link_query(spec.prefix) or None)


GLOBAL_KEYS = ("present",)  # URL parameters of the whole app, kept on every page


def run_count() -> int:
    """How many runs this session has had, on any page (an upload is new when first seen on a later run)."""
    return st.session_state.get(_RUN, 0)


def keep_bound_state(prefix: str) -> None:
    """Before a page runs: re-assert every bound and kept key (see the state model above) and note which page
    runs; the URL, other pages' keys dropped, is written once at the end of the run (`flush_query`)."""
    st.session_state[_RUN] = st.session_state.get(_RUN, 0) + 1
    st.session_state[_PREFIX] = prefix
    for k in st.session_state.get(_BOUND, set()) | st.session_state.get(_KEPT, set()):
        if k in st.session_state:
            st.session_state[k] = st.session_state[k]


def bounded(lo, hi, typ=float):
    """A query-param cast that accepts only typ values in [lo, hi]."""

    def cast(s):
        v = typ(s)
        if not lo <= v <= hi:
            raise ValueError(s)
        return v

    return cast


def one_of(options, typ=float):
    """A query-param cast that accepts only one of `options`."""

    def cast(s):
        v = typ(s)
        if v not in options:
            raise ValueError(s)
        return v

    return cast


_LINK_SLOT = "_link_slot"  # session: this run's sidebar slot for the link to the view


@contextmanager
def share_link():
    """Around the page: the sidebar shows the link to exactly this view — the URL with the page's non-default
    selections — in a box with a copy button, drawn when the page starts and again when it ends (the URL written
    then), or when it stops early (`stop`)."""
    st.session_state[_LINK_SLOT] = st.sidebar.empty()
    _draw_link()
    try:
        yield
    finally:
        flush_query()
        _draw_link()


def _draw_link() -> None:
    from urllib.parse import urlencode

    slot = st.session_state.get(_LINK_SLOT)
    if slot is None:
        return
    base = (st.context.url or "").split("?")[0]
    query = urlencode(_target())
    with slot.container():
        st.caption("Link to this view: the same selections on any machine with the same zoo")
        st.code(base + (f"?{query}" if query else ""), language=None, wrap_lines=True)
