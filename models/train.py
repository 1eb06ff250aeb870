"""`python -m models.train <task>|all [--quick] [--zoo PATH]`: train the demo zoo from recorded seeds."""

from __future__ import annotations

import argparse
import sys
import time

from models.training.coldstart import train_coldstart, train_npz
from models.training.diva import train_digits_cnn
from models.training.series import train_series
from models.training.splits import train_splits
from models.training.trajectories import train_trajectories

RECIPES = {
    "diva": [train_digits_cnn],
    "coldstart": [train_coldstart],
    "splits": [train_splits],
    "trajectories": [train_trajectories],
    "series": [train_series],
}


def _bar(label: str):
    def progress(frac: float):
        n = int(frac * 30)
        sys.stderr.write(f"\r  {label:<20} [{'#' * n}{'.' * (30 - n)}] {frac:5.0%}")
        if frac >= 1:
            sys.stderr.write("\n")
        sys.stderr.flush()

    return progress


def main(argv=None) -> int:
    p = argparse.ArgumentParser(prog="python -m models.train", description=__doc__)
    p.add_argument("task", choices=[*RECIPES, "all"])
    p.add_argument("--quick", action="store_true", help="a few epochs, for smoke tests")
    p.add_argument("--zoo", default=None, help="write entries here instead of the bundled zoo")
    p.add_argument(
        "--data",
        action="append",
        default=[],
        metavar="FILE.npz",
        help="coldstart: also train on this graph (.npz; named after the file)",
    )
    args = p.parse_args(argv)
    tasks = list(RECIPES) if args.task == "all" else [args.task]
    t_all = time.perf_counter()
    for task in tasks:
        t0 = time.perf_counter()
        for recipe in RECIPES[task]:
            m = recipe(quick=args.quick, zoo=args.zoo, progress=_bar(recipe.__name__))
            print(f"  {m.name}: {m.metrics}", file=sys.stderr)
        if task == "coldstart":
            for path in args.data:
                for m in train_npz(path, quick=args.quick, zoo=args.zoo, progress=_bar(path[-20:])):
                    print(f"  {m.name}: {m.metrics}", file=sys.stderr)
        print(f"{task}: {time.perf_counter() - t0:.1f} s", file=sys.stderr)
    print(f"all done in {time.perf_counter() - t_all:.1f} s", file=sys.stderr)
    from analysis.jobs import close_clients  # the series recipe's Dask workers, if it started them

    close_clients()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
