"""One offline HTML report: each view's headline figures and tables with their plain-language readings, the
models and data they came from (names, file hashes, seeds, training settings), the settings, the code version
and the date. plotly.js is inlined once, so the file opens with no network; tables longer than MAX_ROWS are
cut with a note and attached whole as CSV inside the file (data URLs).

`python -m analysis report --out FILE.html [--views …]`; each page's *Download report* writes its own view.
"""

from __future__ import annotations

import base64
import html
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import pandas as pd

from analysis import store

MAX_ROWS = 25
VIEWS = ("trajectories", "diva", "splits", "series", "coldstart")
TITLES = {
    "trajectories": "Trajectories · You Mostly Walk Alone",
    "diva": "Example weights · DIVA",
    "splits": "Compositional splits",
    "series": "Synthetic vs real series · PSA-GAN",
    "coldstart": "Cold-start graphs · Cold Brew",
}


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
    from models.zoo import list_zoo, weights_path

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


def trajectories(zoo=None, folder=None, *, dataset: str | None = None, metric="ade", removal="remove") -> Section:
    from analysis.trajectories import plots, readings
    from analysis.trajectories.service import dataset_names, domain_of, stored_zoo_comparison, zoo_entries

    dataset = dataset or dataset_names()[0]
    domain = domain_of(dataset)
    got = stored_zoo_comparison(dataset, zoo, folder=folder, metric=metric, removal=removal)
    comp = got.comparison
    return Section(
        "trajectories",
        readings.headline(comp),
        (plots.dataset_bars(comp),),
        ((f"Attribution measures on {dataset} (95% bootstrap intervals over scenes)", comp.to_frame()),),
        model_rows([m.name for m in zoo_entries(domain, zoo)], zoo),
        {"dataset": dataset, "metric": metric, "removal": removal, "scenes": comp.n_scenes, "seed": 0},
        got.sentence(),
    )


def diva(
    zoo=None,
    folder=None,
    *,
    model="digits_cnn",
    noise=0.2,
    lam=1.0,
    steps=2,
    step_size=0.1,
    seed=0,
    model_b: str | None = None,
    seed_b: int | None = None,
) -> Section:
    """DIVA on a zoo model; with `model_b` and/or `seed_b`, a second run side by side (as the page's)."""
    from analysis.diva import plots, readings
    from analysis.diva.service import stored_zoo_report

    kw = {"noise": noise, "lam": lam, "steps": steps, "step_size": step_size, "seed": seed}
    report, origin = stored_zoo_report(model, zoo, folder=folder, **kw)
    figures = [plots.weight_histogram(report), plots.removal_plot(report), plots.extend_plot(report)]
    tables = [("Lowest and highest weighted examples", plots.extremes(report))]
    reading, settings, names = readings.headline(report), {"model": model, **kw}, [model]
    if model_b is not None or seed_b is not None:
        from analysis.diva.compare import run_pair

        mb, sb = model_b or model, seed if seed_b is None else int(seed_b)
        report_b, _ = stored_zoo_report(mb, zoo, folder=folder, **{**kw, "seed": sb})
        pair = run_pair(report, report_b, (f"{model} (seed {seed})", f"{mb} (seed {sb})"))
        figures.append(plots.pair_scatter(pair))
        tables.append(("Side by side: the ten examples the two runs weight most differently", pair.disagreements()))
        reading += " Side by side: " + readings.run_pair(pair)
        settings |= {"second model": mb, "second seed": sb}
        names += [mb] if mb != model else []
    return Section("diva", reading, tuple(figures), tuple(tables), model_rows(names, zoo), settings, origin.sentence())


def splits(
    zoo=None, folder=None, *, dataset: str | None = None, kind_a: str | None = None, kind_b: str | None = None
) -> Section:
    """The R² table of a dataset; with `kind_a` and `kind_b`, the two architectures side by side on every split
    (paired bootstrap over the same test images, from the stored evaluations)."""
    from analysis.splits import plots, readings
    from analysis.splits.scores import r2_table
    from analysis.splits.seeds import seed_gaps
    from analysis.splits.service import first_seeds, seed_scores

    every_seed = seed_scores(zoo)
    frame = first_seeds(every_seed)
    dataset = dataset or sorted(set(frame.dataset))[0]
    table = r2_table(frame, dataset, "r2")
    names = list(frame[frame.dataset == dataset].model)
    figures = [plots.r2_heatmap(table)]
    tables = [(f"R² on test per architecture and split ({dataset})", table.round(3).reset_index())]
    reading, settings = readings.headline(table), {"dataset": dataset}
    gaps = seed_gaps(every_seed, dataset)
    if gaps:
        figures.append(plots.seed_gaps_chart(gaps))
        tables.append((f"Random against extrapolation over training seeds ({dataset})", plots.seed_gaps_table(gaps)))
        reading += " " + readings.seed_gaps(gaps)
    if kind_a and kind_b:
        from analysis.splits.compare import eval_pair
        from analysis.splits.service import stored_evaluation, zoo_loader

        rows, pairs = [], []
        for split in table.columns:
            evals = {
                e.model: e for e in stored_evaluation(frame, dataset, split, zoo_loader(zoo), zoo=zoo, folder=folder)[0]
            }
            pair = eval_pair(evals[kind_a], evals[kind_b], (kind_a, kind_b))
            pairs.append(pair)
            rows.append(
                {
                    "split": split,
                    f"R² {kind_a}": pair.r2[0],
                    f"R² {kind_b}": pair.r2[1],
                    "B − A": pair.difference,
                    "95% low": pair.diff_ci[0],
                    "95% high": pair.diff_ci[1],
                    "beyond noise": pair.beyond_noise,
                }
            )
        tables.append(
            (f"Side by side: {kind_b} against {kind_a} on each split (paired over test images)", pd.DataFrame(rows))
        )
        widest = max(pairs, key=lambda p: abs(p.difference))
        figures.append(plots.pair_factor_bars(widest))
        reading += " Side by side, where they differ most: " + readings.eval_pair(widest)
        settings |= {"architecture A": kind_a, "architecture B": kind_b}
    return Section(
        "splits",
        reading,
        tuple(figures),
        tuple(tables),
        model_rows(names, zoo),
        settings,
        "R² as recorded in each model's manifest when it was trained (the page re-evaluates them live)"
        + ("; the side-by-side comparison from the stored evaluations." if kind_a and kind_b else "."),
    )


def series(zoo=None, folder=None, *, dataset: str | None = None, compare: str | None = None) -> Section:
    """A dataset's metrics over seeds, the paired claims and the ranking at both budgets; with `compare`, that
    generator side by side with PSA-GAN (as the page's *Compare with*)."""
    from analysis.claims import series_report_claims
    from analysis.series import plots, readings
    from analysis.series.service import BUDGET_LABELS, stored_report, zoo_budgets, zoo_datasets
    from models.zoo import list_zoo

    dataset = dataset or zoo_datasets(zoo)[0]
    report, origin = stored_report(dataset, zoo, folder=folder)
    frame = report.to_frame()
    gen = next(g for g in report.samples if g != "real")
    names = [
        m.name
        for m in list_zoo(zoo)[0]
        if m.task == "series"
        and m.dataset.get("name") == dataset
        and m.extra.get("budget", "official") == "official"
        and (m.extra.get("final") or m.extra.get("role") == "encoder")
    ]
    figures = [plots.overlay(report.real_test, report.samples[gen], label=gen)]
    reading = readings.headline(frame, report.reference_mae)
    tables = [
        (f"Metrics on {dataset} (lower is better; mean [95% interval] over seeds)", plots.metrics_table(frame)),
        ("PSA-GAN against each, paired by seed and encoder", plots.paired_table(series_report_claims(dataset, report))),
    ]
    settings = {"dataset": dataset, "window": int(report.real_test.shape[1]), "seed": 0, "budget": "official"}
    budgets = zoo_budgets(dataset, zoo)
    if len(budgets) > 1:
        both = {  # the official budget's report is the one read above
            BUDGET_LABELS[b]: report if b == "official" else stored_report(dataset, zoo, folder=folder, budget=b)[0]
            for b in budgets
        }
        figures.append(plots.ranking(both))
        reading += " " + readings.ranking(both)
    if compare:
        from analysis.series.compare import generator_pair

        pair = generator_pair(report, gen, compare)
        figures.append(plots.side_by_side(report.real_test, report.samples[compare], label=compare))
        tables.append((f"Side by side: {compare} against {gen}", pair.table))
        reading += " Side by side: " + readings.pair(pair)
        settings["compared with"] = compare
    return Section(
        "series",
        reading,
        tuple(figures),
        tuple(tables),
        model_rows(names, zoo),
        settings,
        origin.sentence(),
    )


def coldstart(zoo=None, folder=None, *, graph: str | None = None, compare: bool = False) -> Section:
    """A graph's accuracies per node group under the paper's protocol; with `compare`, under ours beside them."""
    from analysis.coldstart import plots, readings
    from analysis.coldstart.service import load_graph_record, zoo_graphs
    from models.zoo import list_zoo

    graph = graph or zoo_graphs(zoo)[0]
    rep = load_graph_record(graph, zoo).report
    reps = [rep] + ([load_graph_record(graph, zoo, "ours").report] if compare else [])
    names = [
        m.name
        for m in list_zoo(zoo)[0]
        if m.task == "coldstart"
        and m.dataset.get("name") == graph
        and m.dataset.get("protocol") in {r.protocol for r in reps}
    ]
    reading = readings.headline(rep)
    if compare:
        reading += f" Side by side, under our protocol: {readings.headline(reps[1])}"
    return Section(
        "coldstart",
        reading,
        tuple(plots.group_accuracy_bars(r) for r in reps),
        tuple(
            (
                f"Accuracy per node group on {graph}, % (mean, std and 95% t-interval over seeds; "
                f"the {r.protocol} protocol)",
                r.summary().round(2),
            )
            for r in reps
        ),
        model_rows(names, zoo),
        {"graph": graph, "protocol": " and ".join(r.protocol for r in reps), "seeds": rep.seeds},
        "Accuracies as recorded in the zoo's manifests over every training seed (the page re-evaluates seed 0).",
    )


BUILDERS = {"trajectories": trajectories, "diva": diva, "splits": splits, "series": series, "coldstart": coldstart}


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

    from models.zoo import code_version

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
            f"<section id='{slug}'><h2>{html.escape(TITLES[s.view])}</h2>"
            f"<p class='reading'>{html.escape(s.reading)}</p>{figs}{tables}"
            f"<h3>Where these numbers come from</h3><p>Settings: {settings}. {html.escape(s.provenance)}</p>"
            f"{_table('Models', s.models, f'{slug}-models') if not s.models.empty else ''}</section>"
        )
    toc = " · ".join(f"<a href='#{s.view}'>{html.escape(TITLES[s.view])}</a>" for s in sections)
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
    return to_html([BUILDERS[v](zoo, folder, **options.get(v, {})) for v in (views or VIEWS)])


def write_report(
    path: str | Path, views: list[str] | None = None, *, zoo=None, folder=None, options: dict | None = None
) -> Path:
    """Write report_html to `path`."""
    path = Path(path)
    path.write_text(report_html(views, zoo=zoo, folder=folder, options=options), encoding="utf-8")
    return path
