"""`python -m analysis <view> --json [options]`: print a view's headline numbers, the numbers its page shows
(both call the view's service). `python -m analysis <view> --help` lists each view's options."""

from __future__ import annotations

import argparse
import json
import math
import sys

from analysis.cli_views import coldstart_cmd, diva_cmd, series_cmd, splits_cmd, store_folder, trajectories_cmd
from errors import InputError


def _bar(what: str):
    """A progress bar on stderr: progress(done, total)."""

    def progress(done: int, total: int) -> None:
        filled = round(30 * done / total)
        end = "\n" if done == total else ""
        print(f"\r{what} [{'#' * filled}{'.' * (30 - filled)}] {done}/{total}", end=end, file=sys.stderr, flush=True)

    return progress


def _precompute(args) -> list[dict]:
    """Fill the results store with the dataset-level results the pages open (analysis/precompute.py)."""
    from analysis.precompute import VIEWS, Settings, precompute

    folder = store_folder(args)
    s = Settings(args.zoo, str(folder), args.seed, args.metric, args.removal, tuple(args.dataset or ()))
    done = precompute(
        list(VIEWS) if args.what == "all" else [args.what],
        s,
        executor=args.executor,
        chunk=args.chunk,
        scheduler=args.scheduler,
        bar=_bar,
    )
    for unit, origin in done:
        print(f"{unit.view} {unit.what}: {origin.origin}", file=sys.stderr)
    return [
        {
            "view": u.view,
            "dataset": u.what,
            "origin": o.origin,
            "computed_at": o.computed_at,
            "store": str(folder),
        }
        for u, o in done
    ]


def _parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--json", action="store_true", help="print JSON (the only output format)")
    common.add_argument("--zoo", default=None, help="zoo folder (default: $DASH_ZOO or the bundled one)")
    common.add_argument("--seed", type=int, default=0)
    common.add_argument("--store", default=None, help="store folder (default: $DASH_STORE or results/ beside the zoo)")
    p = argparse.ArgumentParser(prog="python -m analysis", description=__doc__)
    sub = p.add_subparsers(dest="view", required=True, metavar="VIEW")

    s = sub.add_parser("trajectories", parents=[common], help="Shapley attributions of neighbours and the past")
    s.add_argument(
        "--dataset",
        action="append",
        default=None,
        metavar="NAME",
        help="bundled or simulated dataset (repeatable; default: biwi_eth, crowds_zara03, sim_crowd, team)",
    )
    s.add_argument(
        "--data",
        action="append",
        default=[],
        metavar="FILE",
        help="also attribute this ETH/UCY file with the pedestrian models (named after the file)",
    )
    s.add_argument(
        "--model-file",
        action="append",
        default=[],
        metavar="FILE.onnx",
        help="your predictor as ONNX (past, nb_past, nb_mask -> future), attributed beside the zoo's; repeatable",
    )
    s.add_argument("--metric", choices=["ade", "fde"], default="ade")
    s.add_argument("--removal", choices=["remove", "random"], default="remove")
    s.set_defaults(run=trajectories_cmd)

    s = sub.add_parser("diva", parents=[common], help="DIVA's per-example weights")
    s.add_argument("--model", default=None, help="one zoo model (default: every diva model)")
    s.add_argument(
        "--noise",
        type=float,
        default=None,
        help="share of training labels flipped (default 0.2 on the digits, 0 on files)",
    )
    s.add_argument(
        "--features",
        action="append",
        default=[],
        metavar="FILE.npz",
        help="your own network's features and labels (features, labels[, clean_labels, images, split]); repeatable",
    )
    s.add_argument("--lam", type=float, default=1.0, help="ridge strength")
    s.add_argument("--steps", type=int, default=2, help="reweighting steps")
    s.add_argument("--step-size", type=float, default=0.1)
    s.set_defaults(run=diva_cmd)

    s = sub.add_parser("splits", parents=[common], help="R² on compositional splits, re-evaluated live")
    s.add_argument("--dataset", default=None, choices=["dsprites", "scenes"], help="one factor space (default: both)")
    s.add_argument(
        "--model-file",
        action="append",
        default=[],
        metavar="FILE.onnx",
        help="your regressor as ONNX (images (B, C, 64, 64) -> factors (B, K)), scored on every split of --dataset",
    )
    s.set_defaults(run=splits_cmd)

    s = sub.add_parser("series", parents=[common], help="PSA-GAN and baselines against real series")
    s.add_argument(
        "--data",
        action="append",
        default=[],
        metavar="FILE.csv",
        help="also train the generators (3 GAN seeds, the official budget; a few minutes) on this CSV",
    )
    s.add_argument("--quick", action="store_true", help="--data: quick training settings (a smoke test)")
    s.add_argument(
        "--dataset", action="append", default=None, metavar="NAME", help="a bundled dataset (default: every one)"
    )
    s.add_argument("--budget", choices=["official", "long"], default=None, help="one training budget (default: each)")
    s.add_argument(
        "--samples",
        action="append",
        default=[],
        metavar="FILE.npz|FILE.csv",
        help="your own generator's windows (samples (n, 64) in an .npz, or one window per CSV row), scored on every "
        "dataset beside the bundled generators; repeatable",
    )
    s.set_defaults(run=series_cmd)

    s = sub.add_parser("coldstart", parents=[common], help="Cold Brew against GNNs per degree group")
    s.add_argument(
        "--data",
        action="append",
        default=[],
        metavar="FILE.npz",
        help="also train (the protocol's full settings, --seeds seeds) and evaluate on this .npz graph",
    )
    s.add_argument("--graph", action="append", default=None, metavar="NAME", help="a bundled graph (default: all)")
    s.add_argument(
        "--predictions",
        action="append",
        default=[],
        metavar="FILE.npz",
        help="your model's per-node logits (N, C) [and embeddings] on --graph, scored per node group; repeatable",
    )
    s.add_argument(
        "--node", type=int, default=None, metavar="N", help="the node inspector's rows for node N of --graph"
    )
    s.add_argument("--groups", default=None, metavar="NAME", help="write this graph's split for your training")
    s.add_argument("--out", default=None, metavar="FILE.npz", help="where --groups writes it")
    s.add_argument(
        "--protocol",
        choices=["paper", "ours"],
        default="paper",
        help="the official code's training nodes and settings (default), or ours (60/20/20 outside the groups)",
    )
    s.add_argument("--seeds", type=int, default=3, help="--data: training seeds (default 3)")
    s.add_argument("--quick", action="store_true", help="--data: the quick settings (a smoke test)")
    s.set_defaults(run=coldstart_cmd)
    s = sub.add_parser(
        "precompute", parents=[common], help="fill the results store with the pages' dataset-level results"
    )
    s.add_argument("what", choices=["trajectories", "diva", "splits", "series", "coldstart", "all"])
    s.add_argument(
        "--dataset", action="append", default=None, metavar="NAME", help="trajectories only; default: every dataset"
    )
    s.add_argument("--metric", choices=["ade", "fde"], default="ade")
    s.add_argument("--removal", choices=["remove", "random"], default="remove")
    s.add_argument(
        "--executor",
        choices=["local", "dask"],
        default="dask",
        help="dask (default): tasks on a LocalCluster of 2 worker processes, or on --scheduler; local: in this process",
    )
    s.add_argument("--scheduler", default=None, metavar="ADDRESS", help="a Dask scheduler (default: $DASH_SCHEDULER)")
    s.add_argument("--chunk", type=int, default=None, metavar="N", help="scenes per task (default: one per model)")
    s.set_defaults(run=_precompute)
    s = sub.add_parser("claims", parents=[common], help="each paper's claims: estimate, 95% interval, verdict")
    s.add_argument("--views", nargs="+", choices=["trajectories", "diva", "splits", "series", "coldstart"])
    s.add_argument(
        "--data",
        action="append",
        default=[],
        metavar="FILE",
        help="add the claims on your file: an ETH/UCY trajectory file, a .csv series or a .npz graph (repeatable)",
    )
    s.add_argument("--quick", action="store_true", help="--data: quick training settings (a smoke test)")
    s.set_defaults(run=_claims)
    s = sub.add_parser("report", parents=[common], help="write one offline HTML report of the views")
    s.add_argument("--out", required=True, metavar="FILE.html")
    s.add_argument("--views", nargs="+", choices=["trajectories", "diva", "splits", "series", "coldstart"])
    s.add_argument(
        "--compare",
        action="append",
        default=[],
        metavar="VIEW=WHAT",
        help="a side-by-side comparison in a view's section: diva=SEED or diva=MODEL@SEED (a second run), "
        "splits=KIND_A,KIND_B (two architectures), series=GENERATOR (against PSA-GAN), coldstart=ours (the "
        "other protocol); repeatable",
    )
    s.set_defaults(run=_report)
    s = sub.add_parser("store", parents=[common], help="list the results store: one row per result (its index)")
    s.set_defaults(run=_store)
    return p


def _claims(args) -> list[dict]:
    from analysis.claims import all_claims, data_claims

    folder = store_folder(args)
    rows = [c.row() for c in all_claims(args.zoo, folder, args.views)]
    for path in args.data:
        rows += [dict(c.row(), data=str(path)) for c in data_claims(path, args.zoo, folder, quick=args.quick)]
    return rows


def compare_options(items: list[str]) -> dict:
    """--compare VIEW=WHAT items as the report builders' options; a malformed item is one InputError sentence."""
    out: dict[str, dict] = {}
    for item in items:
        view, sep, what = item.partition("=")
        if not sep or not what:
            raise InputError(f"--compare takes VIEW=WHAT, got {item[:60]!r}")
        if view == "diva":
            model, at, seed = what.rpartition("@") if "@" in what else ("", "", what)
            if not seed.isdigit():
                raise InputError(f"--compare diva=SEED or diva=MODEL@SEED, got {what[:60]!r}")
            out[view] = {"seed_b": int(seed), **({"model_b": model} if model else {})}
        elif view == "splits":
            kinds = what.split(",")
            if len(kinds) != 2:
                raise InputError(f"--compare splits=KIND_A,KIND_B, got {what[:60]!r}")
            out[view] = {"kind_a": kinds[0], "kind_b": kinds[1]}
        elif view == "series":
            out[view] = {"compare": what}
        elif view == "coldstart":
            out[view] = {"compare": True}
        else:
            raise InputError(f"--compare: no side by side for {view!r} in the report (diva, splits, series, coldstart)")
    return out


def _report(args) -> list[dict]:
    import time

    from analysis.report import VIEWS, write_report

    folder = store_folder(args)
    t0 = time.perf_counter()
    out = write_report(args.out, args.views, zoo=args.zoo, folder=folder, options=compare_options(args.compare))
    took = time.perf_counter() - t0
    print(f"wrote {out} ({out.stat().st_size / 1e6:.1f} MB) in {took:.0f} s", file=sys.stderr)
    return [{"out": str(out), "views": args.views or list(VIEWS), "bytes": out.stat().st_size, "seconds": took}]


def _store(args) -> list[dict]:
    from analysis.store import index

    folder = store_folder(args)
    return [dict(r, store=str(folder)) for r in index(folder).to_dict("records")]


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
    if args.view == "trajectories" and args.dataset is None:
        args.dataset = ["biwi_eth", "crowds_zara03", "sim_crowd", "team"]
    try:
        rows = args.run(args)
    except InputError as e:
        print(f"error: {e}", file=sys.stderr)
        return 2
    json.dump(_clean({"rows": rows}), sys.stdout, indent=2)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
