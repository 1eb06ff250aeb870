"""`python -m modeldash.models.train <task>|all [--quick] [--zoo PATH]`: train the demo zoo from recorded seeds. Each view's
recipes are named by its spec in catalogue.py (`recipes`, and `recipe_data` for --data)."""

from __future__ import annotations

import argparse
import sys
import time

from modeldash import catalogue


def _bar(label: str):
    """A progress bar on stderr (tqdm): progress(fraction done)."""
    from tqdm import tqdm

    bar = tqdm(total=100, desc=label[-24:], file=sys.stderr, dynamic_ncols=True, bar_format="{l_bar}{bar}")

    def progress(frac: float):
        bar.update(round(100 * frac) - bar.n)
        if frac >= 1:
            bar.close()

    return progress


def parser() -> argparse.ArgumentParser:
    views = [v for v in catalogue.views() if v.recipes]
    p = argparse.ArgumentParser(prog="python -m modeldash.models.train", description=__doc__)
    p.add_argument("task", choices=[*(v.task for v in views), "all"])
    p.add_argument("--quick", action="store_true", help="a few epochs, for smoke tests")
    p.add_argument("--zoo", default=None, help="write entries here instead of the bundled zoo")
    p.add_argument(
        "--data",
        action="append",
        default=[],
        metavar="FILE",
        help="also train on this file, for the views that train on users' files ("
        + ", ".join(v.task for v in views if v.recipe_data)
        + ")",
    )
    return p


def main(argv=None) -> int:
    views = [v for v in catalogue.views() if v.recipes]
    args = parser().parse_args(argv)
    todo = views if args.task == "all" else [catalogue.by_task(args.task)]
    t_all = time.perf_counter()
    for view in todo:
        t0 = time.perf_counter()
        for ref in view.recipes:
            m = catalogue.resolve(ref)(quick=args.quick, zoo=args.zoo, progress=_bar(ref.rpartition(":")[2]))
            print(f"  {m.name}: {m.metrics}", file=sys.stderr)
        if view.recipe_data:
            for path in args.data:
                for m in catalogue.resolve(view.recipe_data)(path, quick=args.quick, zoo=args.zoo, progress=_bar(path)):
                    print(f"  {m.name}: {m.metrics}", file=sys.stderr)
        print(f"{view.task}: {time.perf_counter() - t0:.1f} s", file=sys.stderr)
    print(f"all done in {time.perf_counter() - t_all:.1f} s", file=sys.stderr)
    from modeldash.runtime.jobs import close_clients  # a recipe's Dask workers, if it started them

    close_clients()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
