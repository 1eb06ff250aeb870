"""The pages: Home, then every view of the catalogue (catalogue.py). It feeds app.py's navigation, the sidebar,
Home's table of views and the task-to-page map; it imports nothing from Streamlit."""

from __future__ import annotations

from modeldash.catalogue import HOME, ROOT, ViewSpec, by_task, views

__all__ = ["ROOT", "ViewSpec", "pages", "views", "by_task", "title_of", "page_at"]


def pages() -> tuple[ViewSpec, ...]:
    """Home first, then every view."""
    return (HOME, *views())


def title_of(task: str) -> str:
    """The page title for a zoo task, or the task itself when no page shows it."""
    try:
        return by_task(task).title
    except StopIteration:
        return task


def page_at(url_path: str) -> ViewSpec:
    """The page served at `url_path` ("" for Home)."""
    return next((p for p in pages() if p.url_path == url_path), HOME)
