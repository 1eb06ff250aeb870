"""`python -m modeldash diva`: DIVA's per-example weights, as the page computes them."""

from __future__ import annotations

from pathlib import Path

from modeldash.analysis.diva.settings import DivaSettings

DEFAULT = DivaSettings()


def add_options(s) -> None:
    s.add_argument("--model", default=None, help="one zoo model (default: every diva model)")
    s.add_argument(
        "--noise",
        type=float,
        default=None,
        help=f"share of training labels flipped (default {DEFAULT.noise:g} on the digits, 0 on files)",
    )
    s.add_argument(
        "--features",
        action="append",
        default=[],
        metavar="FILE.npz",
        help="your own network's features and labels (features, labels[, clean_labels, images, split]); repeatable",
    )
    s.add_argument("--lam", type=float, default=DEFAULT.lam, help="ridge strength")
    s.add_argument("--steps", type=int, default=DEFAULT.steps, help="reweighting steps")
    s.add_argument("--step-size", type=float, default=DEFAULT.step_size)


def run(args) -> list[dict]:
    from modeldash.analysis.diva.service import digits_report
    from modeldash.models.zoo import list_zoo, load_model

    names = [args.model] if args.model else [m.name for m in list_zoo(args.zoo)[0] if m.task == "diva"]
    if args.features and not args.model:
        names = []  # a researcher's files alone, unless a zoo model is asked for too
    settings = DivaSettings(DEFAULT.noise, args.lam, args.steps, args.step_size, args.seed)
    rows = []
    for name in names:
        noise = DEFAULT.noise if args.noise is None else args.noise
        report = digits_report(load_model(name, args.zoo)[1], settings.with_(noise=noise))
        rows.append({"model": name, "architecture": "zoo", **report.headline()})
    for path in args.features:
        from modeldash.analysis.diva.service import features_report
        from modeldash.data.diva_features import read_features_npz

        fs = read_features_npz(Path(path).read_bytes(), name=Path(path).stem)
        report = features_report(fs, settings.with_(noise=args.noise or 0.0))
        rows.append({"model": Path(path).stem, "architecture": "outputs", **report.headline()})
    return rows
