"""One offline HTML report: each view's headline figures and tables with their plain-language readings, the
models and data they came from (names, file hashes, seeds, training settings), the settings, the code version
and the date. plotly.js is inlined once, so the file opens with no network; tables longer than MAX_ROWS are
cut with a note and attached whole as CSV inside the file (data URLs).

`python -m modeldash report --out FILE.html [--views …]`; each page's *Download report* writes its own view. Each
view's section is built by analysis/<view>/section.py, named by its spec in catalogue.py.
"""

from __future__ import annotations

import base64
import html
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import pandas as pd

from modeldash.analysis import store
from modeldash.catalogue import by_task, resolve
from modeldash.catalogue import views as all_views

MAX_ROWS = 25


@dataclass(frozen=True)
class Section:
    """One view in the report."""

    view: str
    reading: str  # the plain-language reading, computed from the numbers
    figures: tuple = ()  # plotly figures
    tables: tuple[tuple[str, pd.DataFrame], ...] = ()
    models: pd.DataFrame = field(default_factory=pd.DataFrame)  # name, file, sha256, seed, training
    settings: dict = field(default_factory=dict)
    provenance: str = ""


def model_rows(names: list[str], zoo=None) -> pd.DataFrame:
    """Where each zoo model came from: its file, the file's SHA-256, its seed and training settings."""
    from modeldash.models.zoo import list_zoo, weights_path

    by = {m.name: m for m in list_zoo(zoo)[0]}
    rows = []
    for n in names:
        m, f = by[n], weights_path(n, zoo)
        rows.append(
            {
                "model": n,
                "architecture": m.architecture,
                "file": f.name,
                "sha256": store.digest(f.read_bytes())[:16],
                "seed": m.seed,
                "training": ", ".join(f"{k}={v}" for k, v in sorted(m.training.items()))[:200],
                "trained": m.trained_at,
                "code": m.code_version,
            }
        )
    return pd.DataFrame(rows)


def section(view: str, zoo=None, folder=None, **options) -> Section:
    """One view's section, built by the function its spec names (analysis/<view>/section.py)."""
    return resolve(by_task(view).report)(zoo, folder, **options)


def compare_options(items: list[str]) -> dict:
    """`--compare VIEW=WHAT` items as the section builders' options; a malformed item is one InputError sentence."""
    from modeldash.errors import InputError

    out: dict[str, dict] = {}
    for item in items:
        view, sep, what = item.partition("=")
        if not sep or not what:
            raise InputError(f"--compare takes VIEW=WHAT, got {item[:60]!r}")
        specs = {v.task: v for v in all_views() if v.compare}
        if view not in specs:
            raise InputError(f"--compare: no side by side for {view!r} in the report ({', '.join(specs)})")
        out[view] = resolve(specs[view].compare)(what)
    return out


def _table(caption: str, df: pd.DataFrame, slug: str) -> str:
    csv = df.to_csv(index=False).encode()
    link = (
        f'<a download="{slug}.csv" href="data:text/csv;base64,{base64.b64encode(csv).decode()}">the whole table as '
        "CSV</a>"
    )
    shown = df.head(MAX_ROWS)
    note = f"First {MAX_ROWS} of {len(df):,} rows; {link}." if len(df) > MAX_ROWS else f"Download {link}."
    body = shown.to_html(index=False, float_format=lambda x: f"{x:.4g}", border=0, classes="t", na_rep="—")
    return (
        f"<figure><figcaption>{html.escape(caption)}</figcaption><div class='scroll'>{body}</div>"
        f"<p class='note'>{note}</p></figure>"
    )


def to_html(sections: list[Section], *, title: str = "Model analysis report") -> str:
    """One self-contained HTML page (plotly.js inlined once)."""
    from plotly.offline import get_plotlyjs

    from modeldash.models.zoo import code_version

    when = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    parts = []
    for s in sections:
        slug = s.view
        figs = "".join(
            f.to_html(full_html=False, include_plotlyjs=False, div_id=f"{slug}-fig{i}", config={"displaylogo": False})
            for i, f in enumerate(s.figures)
        )
        tables = "".join(_table(c, df, f"{slug}-{i}") for i, (c, df) in enumerate(s.tables))
        settings = ", ".join(f"{k} = {html.escape(str(v))}" for k, v in s.settings.items())
        parts.append(
            f"<section id='{slug}'><h2>{html.escape(by_task(s.view).heading)}</h2>"
            f"<p class='reading'>{html.escape(s.reading)}</p>{figs}{tables}"
            f"<h3>Where these numbers come from</h3><p>Settings: {settings}. {html.escape(s.provenance)}</p>"
            f"{_table('Models', s.models, f'{slug}-models') if not s.models.empty else ''}</section>"
        )
    toc = " · ".join(f"<a href='#{s.view}'>{html.escape(by_task(s.view).heading)}</a>" for s in sections)
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>{html.escape(title)}</title>
<style>
body {{ font-family: system-ui, sans-serif; max-width: 1200px; margin: 2em auto; padding: 0 1em; color: #222; }}
.reading {{ font-size: 1.15em; background: #f4f6fa; padding: .6em .8em; border-left: 4px solid #4c6ef5; }}
table.t {{ border-collapse: collapse; font-size: .85em; }} table.t td, table.t th {{ padding: 2px 8px; }}
table.t th {{ text-align: left; }}
table.t tr:nth-child(even) {{ background: #f7f7f7; }} .note {{ color: #666; font-size: .85em; }}
figcaption {{ font-weight: 600; margin: .5em 0; }} figure {{ margin: 1em 0; }} .scroll {{ overflow-x: auto; }}
</style>
<script type="text/javascript">{get_plotlyjs()}</script></head>
<body><h1>{html.escape(title)}</h1>
<p>Written {when} by code {html.escape(code_version())}. {toc}</p>
{"".join(parts)}
</body></html>
"""


def report_html(views: list[str] | None = None, *, zoo=None, folder=None, options: dict | None = None) -> str:
    """The report's HTML: each view's section built from the results store where it holds them."""
    options = options or {}
    tasks = views or [v.task for v in all_views() if v.report]
    return to_html([section(v, zoo, folder, **options.get(v, {})) for v in tasks])


def write_report(
    path: str | Path, views: list[str] | None = None, *, zoo=None, folder=None, options: dict | None = None
) -> Path:
    """Write report_html to `path`."""
    path = Path(path)
    path.write_text(report_html(views, zoo=zoo, folder=folder, options=options), encoding="utf-8")
    return path
