"""The Synthetic series view's section of the offline report (analysis/report.py), and its `--compare`."""

from __future__ import annotations

from modeldash.analysis.report import Section, model_rows


def section(zoo=None, folder=None, *, dataset: str | None = None, compare: str | None = None) -> Section:
    """A dataset's metrics over seeds, the paired claims and the ranking at both budgets; with `compare`, that
    generator side by side with PSA-GAN (as the page's *Compare with*)."""
    from modeldash.analysis.series import plots, readings
    from modeldash.analysis.series.claims import series_report_claims
    from modeldash.analysis.series.service import BUDGET_LABELS, stored_curve, stored_report, zoo_budgets, zoo_datasets
    from modeldash.models.zoo import list_zoo

    dataset = dataset or zoo_datasets(zoo)[0]
    report, origin = stored_report(dataset, zoo, folder=folder)
    frame = report.to_frame()
    gen = next(g for g in report.samples if g != "real")
    names = [
        m.name
        for m in list_zoo(zoo)[0]
        if m.task == "series"
        and m.dataset.get("name") == dataset
        and m.extra.get("budget", "demo") == "demo"
        and (m.extra.get("final") or m.extra.get("role") == "encoder")
    ]
    figures = [plots.overlay(report.real_test, report.samples[gen], label=gen)]
    reading = readings.headline(frame, report.reference_mae)
    tables = [
        (f"Metrics on {dataset} (lower is better; mean [95% interval] over seeds)", plots.metrics_table(frame)),
        ("PSA-GAN against each, paired by seed and encoder", plots.paired_table(series_report_claims(dataset, report))),
    ]
    settings = {"dataset": dataset, "window": int(report.real_test.shape[1]), "seed": 0, "budget": "demo"}
    budgets = zoo_budgets(dataset, zoo)
    if len(budgets) > 1:
        both = {  # the demo budget's report is the one read above
            BUDGET_LABELS[b]: report if b == "demo" else stored_report(dataset, zoo, folder=folder, budget=b)[0]
            for b in budgets
        }
        figures.append(plots.ranking(both))
        reading += " " + readings.ranking(both)
    curve = stored_curve(dataset, zoo, folder=folder)  # the learning curve when `precompute series --curve` ran
    if curve is not None:
        figures.append(plots.learning_curve(curve, budgets))
        tables.append(("PSA-GAN's learning curve: normalised Context-FID per budget", curve.summary().round(3)))
        reading += " " + readings.learning_curve(curve)
    if compare:
        from modeldash.analysis.series.compare import generator_pair

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


def compare_option(what: str) -> dict:
    """`--compare series=GENERATOR`: that generator against PSA-GAN."""
    return {"compare": what}
