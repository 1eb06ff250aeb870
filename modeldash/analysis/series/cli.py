"""`python -m modeldash series`: every dataset's scored report, as the page reads it."""

from __future__ import annotations

from pathlib import Path

from modeldash.analysis.cli_common import store_folder


def add_options(s) -> None:
    s.add_argument(
        "--data",
        action="append",
        default=[],
        metavar="FILE.csv",
        help="also train the generators (3 GAN seeds, the release's demo budget; a few minutes) on this CSV",
    )
    s.add_argument("--quick", action="store_true", help="--data: quick training settings (a smoke test)")
    s.add_argument(
        "--dataset", action="append", default=None, metavar="NAME", help="a bundled dataset (default: every one)"
    )
    s.add_argument("--budget", choices=["demo", "long"], default=None, help="one training budget (default: each)")
    s.add_argument(
        "--samples",
        action="append",
        default=[],
        metavar="FILE.npz|FILE.csv",
        help="your own generator's windows (samples (n, 64) in an .npz, or one window per CSV row), scored on every "
        "dataset beside the bundled generators; repeatable",
    )


def run(args) -> list[dict]:
    """Every bundled dataset's report from the results store (as the page reads it), else computed and written;
    --data trains on a CSV (kept in the store under the file's bytes: a second run reads it); --samples scores a
    researcher's windows beside the generators."""
    from modeldash.analysis.series.service import (
        load_series,
        stored_file_report,
        stored_report,
        train_series_on,
        zoo_budgets,
        zoo_datasets,
    )
    from modeldash.data.series import read_csv

    reports = []  # (report, bundle or a loader)
    for name in args.dataset or zoo_datasets(args.zoo):
        for budget in [args.budget] if args.budget else zoo_budgets(name, args.zoo):
            rep, _ = stored_report(name, args.zoo, folder=store_folder(args), seed=args.seed, budget=budget)
            reports.append((rep, lambda n=name, b=budget: load_series(n, args.zoo, b)))
    for p in args.data:
        raw, stem = Path(p).read_bytes(), Path(p).stem
        rep, _ = stored_file_report(raw, stem, folder=store_folder(args), seed=args.seed, quick=args.quick)
        # the generators themselves only for --samples (their conditioning): trained again then
        reports.append((rep, lambda raw=raw, stem=stem: train_series_on(read_csv(raw, name=stem), quick=args.quick)))
    samples = {}
    for p in args.samples:
        from modeldash.data.series_samples import read_samples

        samples[f"{Path(p).stem} (yours)"] = read_samples(Path(p).read_bytes(), Path(p).name)
    rows = []
    for rep, bundle in reports:
        if samples:
            from modeldash.analysis.series.service import with_samples

            rep = with_samples(rep, bundle(), samples, seed=args.seed)
        rows += rep.headline()
    return rows
