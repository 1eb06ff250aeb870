"""`python -m modeldash splits`: R² on compositional splits, as the page reads them."""

from __future__ import annotations

from pathlib import Path

from modeldash.analysis.cli_common import store_folder
from modeldash.errors import InputError


def add_options(s) -> None:
    s.add_argument("--dataset", default=None, choices=["dsprites", "scenes"], help="one factor space (default: both)")
    s.add_argument(
        "--model-file",
        action="append",
        default=[],
        metavar="FILE.onnx",
        help="your regressor as ONNX (images (B, C, 64, 64) -> factors (B, K)), scored on every split of --dataset",
    )


def run(args) -> list[dict]:
    from modeldash.analysis.splits.service import headline, zoo_loader, zoo_scores

    frame = zoo_scores(args.zoo)
    if args.dataset:
        frame = frame[frame.dataset == args.dataset]
    rows = headline(frame, zoo_loader(args.zoo), zoo=args.zoo, folder=store_folder(args)) if not args.model_file else []
    for p in args.model_file:
        from modeldash.analysis.splits.service import evaluate_everywhere
        from modeldash.data.splits_images import SPACES
        from modeldash.models.onnx_views import OnnxFactorRegressor

        if not args.dataset:
            raise InputError("give --dataset NAME with --model-file: a regressor reads one factor space")
        space = SPACES[args.dataset]
        model = OnnxFactorRegressor(Path(p).read_bytes(), space.channels, len(space.factors), name=Path(p).stem)
        evals, _ = evaluate_everywhere(model, Path(p).stem, args.dataset, frame)
        rows += [
            {
                "model": Path(p).stem,
                "architecture": "onnx",
                "dataset": args.dataset,
                "split": ev.split,
                "r2": ev.r2,
                "r2_train": float(ev.r2_train_per_factor.mean()),
                "r2_per_factor": dict(zip(space.factors, map(float, ev.r2_per_factor))),
            }
            for ev in evals
        ]
    return rows
