"""The Example weights view's section of the offline report (analysis/report.py), and its `--compare`."""

from __future__ import annotations

from modeldash.analysis.diva.settings import DivaSettings
from modeldash.analysis.report import Section, model_rows
from modeldash.errors import InputError


def section(
    zoo=None,
    folder=None,
    *,
    model="digits_cnn",
    settings: DivaSettings = DivaSettings(),
    model_b: str | None = None,
    seed_b: int | None = None,
) -> Section:
    """DIVA on a zoo model; with `model_b` and/or `seed_b`, a second run side by side (as the page's)."""
    from modeldash.analysis.diva import plots, readings
    from modeldash.analysis.diva.service import stored_zoo_report

    report, origin = stored_zoo_report(model, zoo, folder=folder, settings=settings)
    seed = settings.seed
    figures = [plots.weight_histogram(report), plots.removal_plot(report), plots.extend_plot(report)]
    tables = [("Lowest and highest weighted examples", plots.extremes(report))]
    reading, shown, names = readings.headline(report), {"model": model, **settings.as_dict()}, [model]
    if model_b is not None or seed_b is not None:
        from modeldash.analysis.diva.compare import run_pair

        mb, sb = model_b or model, seed if seed_b is None else int(seed_b)
        report_b, _ = stored_zoo_report(mb, zoo, folder=folder, settings=settings.with_(seed=sb))
        pair = run_pair(report, report_b, (f"{model} (seed {seed})", f"{mb} (seed {sb})"))
        figures.append(plots.pair_scatter(pair))
        tables.append(("Side by side: the ten examples the two runs weight most differently", pair.disagreements()))
        reading += " Side by side: " + readings.run_pair(pair)
        shown |= {"second model": mb, "second seed": sb}
        names += [mb] if mb != model else []
    return Section("diva", reading, tuple(figures), tuple(tables), model_rows(names, zoo), shown, origin.sentence())


def compare_option(what: str) -> dict:
    """`--compare diva=SEED` or `diva=MODEL@SEED`: a second run."""
    model, _, seed = what.rpartition("@") if "@" in what else ("", "", what)
    if not seed.isdigit():
        raise InputError(f"--compare diva=SEED or diva=MODEL@SEED, got {what[:60]!r}")
    return {"seed_b": int(seed), **({"model_b": model} if model else {})}
