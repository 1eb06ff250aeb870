"""Review-meeting costs, as ratios against references measured in the same run.

1. The offline report of all five views from the bundled zoo and its results store, against one view's report
   (the budget: under a minute on 2 cores).
2. A warm rerun of a page with a second model side by side (both results cached), against the same page's warm
   rerun without it (the budget: under 1 s), on Trajectories, Example weights, Compositional splits and Synthetic
   series; and the report with every view's side-by-side comparison against the plain one.
`python -m bench.review`"""

from __future__ import annotations

import tempfile
from pathlib import Path

from bench.timing import best_time

ROOT = Path(__file__).resolve().parents[1]
SIDE_BY_SIDE = {  # page: the session state that turns its second model on
    "views/trajectories.py": {"traj_model": "social_attn", "traj_model_b": "constant velocity"},
    "views/diva.py": {"diva_model_b": "digits_cnn", "diva_seed_b": 1},
    "views/splits.py": {"splits_kind": "cnn", "splits_kind_b": "mlp"},
    "views/series.py": {"series_gen_b": "PSA-GAN w/o moment loss"},
}


def _warm_rerun(page: str, state: dict) -> float:
    """Seconds of the fastest of 5 reruns once the page has run (and cached) with `state`."""
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=600).run()
    for k, v in state.items():
        at.session_state[k] = v
    at.switch_page(page)
    at.run()
    if at.exception:
        raise RuntimeError(f"{page} failed: {at.exception[0].value}")
    return best_time(at.run)[0]


def main() -> None:
    from modeldash.analysis.report import write_report
    from modeldash.analysis.store import store_dir
    from modeldash.models.zoo import zoo_dir

    folder = store_dir(zoo_dir())  # as the CLI and the pages: results read from the store
    with tempfile.TemporaryDirectory() as tmp:
        one, _ = best_time(lambda: write_report(Path(tmp) / "one.html", ["diva"], folder=folder), repeat=1)
        every, out = best_time(lambda: write_report(Path(tmp) / "all.html", folder=folder), repeat=1)
        size = out.stat().st_size / 1e6
    print(f"report, all five views: {every:.1f} s ({size:.1f} MB) vs one view {one:.1f} s -> {every / one:.1f}x; ")
    print(f"  budget 60 s: {'within' if every < 60 else 'OVER'} ({every / 60:.2f} of it)")
    from modeldash.analysis.report import compare_options

    opts = compare_options(["diva=1", "splits=cnn,mlp", "series=PSA-GAN w/o moment loss", "coldstart=ours"])
    with tempfile.TemporaryDirectory() as tmp:
        pairs, out = best_time(lambda: write_report(Path(tmp) / "pairs.html", folder=folder, options=opts), repeat=1)
        size = out.stat().st_size / 1e6
    print(f"report with four side-by-side comparisons: {pairs:.1f} s ({size:.1f} MB) -> {pairs / every:.2f}x")
    for page, state in SIDE_BY_SIDE.items():
        alone = _warm_rerun(page, {k: v for k, v in state.items() if not k.endswith("_b")})
        both = _warm_rerun(page, state)
        print(
            f"{page}: warm rerun {1000 * alone:.0f} ms alone, {1000 * both:.0f} ms side by side -> "
            f"{both / alone:.2f}x ({'within' if both < 1 else 'OVER'} the 1 s budget)"
        )


if __name__ == "__main__":
    import argparse

    argparse.ArgumentParser(prog="python -m bench.review", description=__doc__).parse_args()
    main()
