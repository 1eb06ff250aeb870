"""`python -m modeldash <view> --json [options]`: print a view's headline numbers, the numbers its page shows
(both call the view's service). Every view of the catalogue (catalogue.py) is a subcommand; the tools —
precompute, claims, report, store — work on every view. `python -m modeldash <command> --help` lists options."""

from __future__ import annotations

import argparse
import json
import math
import sys
from pathlib import Path

from modeldash import catalogue
from modeldash.analysis.cli_common import progress_bar as _bar
from modeldash.analysis.cli_common import store_folder
from modeldash.errors import InputError


def _precompute(args) -> list[dict]:
    """Fill the results store with the dataset-level results the pages open (analysis/precompute.py)."""
    from modeldash.analysis import store
    from modeldash.analysis.precompute import Settings, check, files_for, precompute

    folder = store_folder(args)
    own = {k: getattr(args, k) for k in args.view_options}
    s = Settings(
        args.zoo,
        str(folder),
        args.seed,
        tuple(args.data),
        tuple(args.model_file),
        tuple((k, tuple(v) if isinstance(v, list) else v) for k, v in own.items() if v is not None),
    )
    views = [v.task for v in catalogue.views() if v.precompute] if args.what == "all" else [args.what]
    if args.data:  # a researcher's files: only the views that take them
        views = [v for v in views if files_for(v, s)]
        if not views:
            raise InputError(f"no view of {args.what!r} takes {', '.join(Path(p).name for p in args.data)[:120]}")
    if args.check:  # what the store holds, computing nothing
        done = [(u, o or store.Provenance("missing", "", "")) for u, o in check(views, s)]
    else:
        done = precompute(views, s, executor=args.executor, chunk=args.chunk, scheduler=args.scheduler, bar=_bar)
    for unit, origin in done:
        print(f"{unit.view} {unit.what}: {origin.origin}", file=sys.stderr)
    return [
        {"view": u.view, "dataset": u.what, "origin": o.origin, "computed_at": o.computed_at, "store": str(folder)}
        for u, o in done
    ]


def _claims(args) -> list[dict]:
    from modeldash.analysis.claims import all_claims, data_claims

    folder = store_folder(args)
    rows = [c.row() for c in all_claims(args.zoo, folder, args.views)]
    for path in args.data:
        rows += [dict(c.row(), data=str(path)) for c in data_claims(path, args.zoo, folder, quick=args.quick)]
    return rows


def _report(args) -> list[dict]:
    import time

    from modeldash.analysis.report import compare_options, write_report

    folder = store_folder(args)
    t0 = time.perf_counter()
    out = write_report(args.out, args.views, zoo=args.zoo, folder=folder, options=compare_options(args.compare))
    took = time.perf_counter() - t0
    print(f"wrote {out} ({out.stat().st_size / 1e6:.1f} MB) in {took:.0f} s", file=sys.stderr)
    views = args.views or [v.task for v in catalogue.views() if v.report]
    return [{"out": str(out), "views": views, "bytes": out.stat().st_size, "seconds": took}]


def _store(args) -> list[dict]:
    from modeldash.analysis.store import index

    folder = store_folder(args)
    return [dict(r, store=str(folder)) for r in index(folder).to_dict("records")]


def _tools(sub, common) -> None:
    views = catalogue.views()
    with_units = [v.task for v in views if v.precompute]
    own = argparse.ArgumentParser(add_help=False)  # each view's own precompute options (its batch module's)
    for v in views:
        mod = catalogue.resolve(v.precompute) if v.precompute else None
        if hasattr(mod, "add_options"):
            mod.add_options(own)
    s = sub.add_parser("precompute", parents=[common, own], help="fill the results store with the pages' results")
    s.add_argument("what", choices=[*with_units, "all"])
    s.add_argument(
        "--data",
        action="append",
        default=[],
        metavar="FILE",
        help="your file instead of the bundled data, to the view that takes its kind (as claims --data); repeatable",
    )
    s.add_argument(
        "--model-file",
        action="append",
        default=[],
        metavar="FILE.onnx",
        help="your ONNX model, beside the zoo's where the view takes one (trajectories); repeatable",
    )
    s.add_argument(
        "--executor",
        choices=["local", "dask"],
        default="dask",
        help="dask (default): tasks on a LocalCluster of 2 worker processes, or on --scheduler; local: in this process",
    )
    s.add_argument("--scheduler", default=None, metavar="ADDRESS", help="a Dask scheduler (default: $DASH_SCHEDULER)")
    s.add_argument("--chunk", type=int, default=None, metavar="N", help="scenes per task (default: one per model)")
    s.add_argument(
        "--check",
        action="store_true",
        help="compute nothing: list which results the store holds (origin 'missing' for the others; exit status 1 "
        "when any is missing)",
    )
    s.set_defaults(run=_precompute, view_options=tuple(vars(own.parse_args([]))))

    s = sub.add_parser("claims", parents=[common], help="each paper's claims: estimate, 95%% interval, verdict")
    s.add_argument("--views", nargs="+", choices=[v.task for v in views if v.claims])
    kinds = ", ".join(
        f"{'any other file' if '*' in v.data_suffixes else '/'.join(v.data_suffixes)} ({v.title})"
        for v in views
        if v.data_claims
    )
    s.add_argument(
        "--data", action="append", default=[], metavar="FILE", help=f"add the claims on your file: {kinds}; repeatable"
    )
    s.add_argument("--quick", action="store_true", help="--data: quick training settings (a smoke test)")
    s.set_defaults(run=_claims)

    s = sub.add_parser("report", parents=[common], help="write one offline HTML report of the views")
    s.add_argument("--out", required=True, metavar="FILE.html")
    s.add_argument("--views", nargs="+", choices=[v.task for v in views if v.report])
    s.add_argument(
        "--compare",
        action="append",
        default=[],
        metavar="VIEW=WHAT",
        help="a side-by-side comparison in a view's section: "
        + "; ".join(v.compare_help for v in views if v.compare)
        + "; repeatable",
    )
    s.set_defaults(run=_report)

    s = sub.add_parser("store", parents=[common], help="list the results store: one row per result (its index)")
    s.set_defaults(run=_store)


def _parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--json", action="store_true", help="print JSON (the only output format)")
    common.add_argument("--zoo", default=None, help="zoo folder (default: $DASH_ZOO or the bundled one)")
    common.add_argument("--seed", type=int, default=0)
    common.add_argument(
        "--store",
        default=None,
        help="store folder (default: $DASH_STORE; for the bundled zoo, the user's store over the shipped results; else "
        "results/ beside the zoo)",
    )
    p = argparse.ArgumentParser(prog="python -m modeldash", description=__doc__)
    sub = p.add_subparsers(dest="view", required=True, metavar="COMMAND")
    for v in catalogue.views():
        if not v.cli:
            continue
        mod = catalogue.resolve(v.cli)
        s = sub.add_parser(v.task, parents=[common], help=v.help or v.title)
        mod.add_options(s)
        s.set_defaults(run=mod.run)
    _tools(sub, common)
    return p


def _clean(x):
    """JSON has no NaN: write null instead."""
    if isinstance(x, float) and not math.isfinite(x):
        return None
    if isinstance(x, dict):
        return {k: _clean(v) for k, v in x.items()}
    if isinstance(x, list):
        return [_clean(v) for v in x]
    return x


def main(argv=None) -> int:
    args = _parser().parse_args(argv)
    try:
        rows = args.run(args)
    except InputError as e:
        print(f"error: {e}", file=sys.stderr)
        return 2
    json.dump(_clean({"rows": rows}), sys.stdout, indent=2)
    sys.stdout.write("\n")
    return 1 if getattr(args, "check", False) and any(r["origin"] == "missing" for r in rows) else 0


if __name__ == "__main__":
    raise SystemExit(main())
