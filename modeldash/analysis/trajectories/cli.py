"""`python -m modeldash trajectories`: the page's dataset tables, as the page reads them."""

from __future__ import annotations

import sys
import time
from pathlib import Path

from modeldash.analysis.cli_common import progress_bar, store_folder
from modeldash.analysis.trajectories.settings import METRICS, REMOVALS, TrajSettings

DEFAULT = TrajSettings()

DEFAULT_DATASETS = ("biwi_eth", "crowds_zara03", "sim_crowd", "team")


def add_options(s) -> None:
    s.add_argument(
        "--dataset",
        action="append",
        default=None,
        metavar="NAME",
        help="bundled or simulated dataset (repeatable; default: " + ", ".join(DEFAULT_DATASETS) + ")",
    )
    s.add_argument(
        "--data",
        action="append",
        default=[],
        metavar="FILE",
        help="attribute this ETH/UCY file with the pedestrian models (named after the file; alone, without the "
        "default datasets)",
    )
    s.add_argument(
        "--model-file",
        action="append",
        default=[],
        metavar="FILE.onnx",
        help="your predictor as ONNX (past, nb_past, nb_mask -> future), attributed beside the zoo's; repeatable",
    )
    s.add_argument(
        "--metric",
        choices=METRICS,
        default=DEFAULT.metric,
        help="the value function: ade/fde (a point prediction, or a distribution's mean), min_ade/min_fde (best of "
        "the model's K samples, or of 20 draws from a Gaussian), nll (Gaussian outputs only; the others are left "
        "out)",
    )
    s.add_argument("--removal", choices=REMOVALS, default=DEFAULT.removal)


def run(args) -> list[dict]:
    """The page's dataset table per dataset: the zoo's models of its domain (constant velocity first) by label,
    read from the results store when computed before (as the page reads it), else computed and written; with
    --model-file, your ONNX predictors join, and the table is kept in the store under every model file's bytes and
    the data's (a second identical run is a read): only your models are computed then, the zoo's rows are read from
    the store or left out with a note on stderr."""
    from modeldash.analysis.trajectories.service import domain_of, load_dataset, model_label, zoo_entries
    from modeldash.analysis.trajectories.stored import onnx_files, stored_table, yours_with_zoo
    from modeldash.data.trajectories import load_file

    datasets = [(n, load_dataset(n), domain_of(n)) for n in args.dataset or (() if args.data else DEFAULT_DATASETS)]
    datasets += [(Path(p).stem, load_file(p), "eth_ucy") for p in args.data]  # a researcher's ETH/UCY files
    settings = TrajSettings(args.metric, args.removal, args.seed)
    rows = []
    for name, scenes, domain in datasets:
        t0 = time.perf_counter()
        yours = onnx_files(args.model_file, domain)
        kinds = {model_label(m): f"{m.architecture}/{m.config.get('kind')}" for m in zoo_entries(domain, args.zoo)}
        kinds |= {"constant velocity": "baseline/constant_velocity"} | dict.fromkeys(yours, "onnx")
        if yours:  # your models are computed (or read back); the zoo's rows only come from the store
            comp, origin, with_zoo = yours_with_zoo(
                scenes,
                domain,
                args.zoo,
                settings,
                folder=store_folder(args),
                extra=yours,
                progress=progress_bar(f"trajectories {name}"),
            )
            if not with_zoo:
                print(
                    f"note: the zoo's models on {name} are not in the results store, so they are left out "
                    f"(`python -m modeldash precompute trajectories --data FILE` computes them)",
                    file=sys.stderr,
                )
        else:
            comp, origin = stored_table(
                scenes,
                domain,
                args.zoo,
                settings,
                folder=store_folder(args),
                progress=progress_bar(f"trajectories {name}"),
            )
        took = round(time.perf_counter() - t0, 3)  # the whole table: read back, or computed for every model
        rows += [
            {**r, "dataset": name, "architecture": kinds.get(r["model"], "?"), "origin": origin.origin, "seconds": took}
            for r in comp.headline()
        ]
    return rows
