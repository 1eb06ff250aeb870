"""`python -m modeldash trajectories`: the page's dataset tables, as the page reads them."""

from __future__ import annotations

from pathlib import Path

from modeldash.analysis.cli_common import store_folder
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
    s.add_argument("--metric", choices=METRICS, default=DEFAULT.metric)
    s.add_argument("--removal", choices=REMOVALS, default=DEFAULT.removal)


def run(args) -> list[dict]:
    """The page's dataset table per dataset: the zoo's models of its domain (constant velocity first) by label,
    read from the results store when computed before (as the page reads it), else computed and written; with
    --model-file, your ONNX predictors join, and the table is kept in the store under every model file's bytes and
    the data's (a second identical run is a read)."""
    from modeldash.analysis.trajectories.service import (
        domain_of,
        load_dataset,
        model_label,
        onnx_files,
        stored_table,
        zoo_entries,
    )
    from modeldash.data.trajectories import load_file

    datasets = [(n, load_dataset(n), domain_of(n)) for n in args.dataset or (() if args.data else DEFAULT_DATASETS)]
    datasets += [(Path(p).stem, load_file(p), "eth_ucy") for p in args.data]  # a researcher's ETH/UCY files
    settings = TrajSettings(args.metric, args.removal, args.seed)
    rows = []
    for name, scenes, domain in datasets:
        yours = onnx_files(args.model_file, domain)
        kinds = {model_label(m): f"{m.architecture}/{m.config.get('kind')}" for m in zoo_entries(domain, args.zoo)}
        kinds |= {"constant velocity": "baseline/constant_velocity"} | dict.fromkeys(yours, "onnx")
        comp, origin = stored_table(scenes, domain, args.zoo, settings, folder=store_folder(args), extra=yours)
        rows += [
            {**r, "dataset": name, "architecture": kinds.get(r["model"], "?"), "origin": origin.origin}
            for r in comp.headline()
        ]
    return rows
