"""`python -m analysis <task> --json`: print a view's headline numbers (the numbers its page shows)."""
from __future__ import annotations

import argparse
import json
import math
import sys

from errors import InputError


def _diva(args) -> dict:
    from analysis.diva_eval import diva_report
    from analysis.diva_task import digits_task
    from models.zoo import list_zoo, load_model

    names = [args.model] if args.model else [m.name for m in list_zoo(args.zoo)[0] if m.task == "diva"]
    rows = []
    for name in names:
        _, model = load_model(name, args.zoo)
        task = digits_task(model, noise_rate=args.noise, seed=args.seed)
        row = diva_report(task, lam=args.lam, n_steps=args.steps, step_size=args.step_size,
                          seed=args.seed).headline()
        rows.append({"model": name, **row})
    return {"rows": rows}


def _coldstart(args) -> dict:
    from pathlib import Path

    from analysis.coldstart_zoo import from_zoo, trained_here, zoo_graphs
    from data.graph_io import read_npz

    rows = []
    for name in zoo_graphs(args.zoo):
        rows += from_zoo(name, args.zoo).report.headline()
    for path in args.data:
        rows += trained_here(read_npz(Path(path), name=Path(path).stem), seeds=1).report.headline()
    return {"rows": rows}


def _splits(args) -> dict:
    from analysis.splits import evaluate_split, scores_frame
    from models.zoo import list_zoo, load_model

    frame = scores_frame(list_zoo(args.zoo)[0])
    rows = []
    for (dataset, split), group in frame.groupby(["dataset", "split"], sort=False):
        models = {r.model: load_model(r.model, args.zoo)[1] for r in group.itertuples()}
        first = group.iloc[0]
        evals = evaluate_split(models, dataset, split, n_train=int(first.n_train), n_test=int(first.n_test))
        for ev, r in zip(evals, group.itertuples()):
            rows.append({"model": r.model, "architecture": f"{r.architecture}/{r.kind}", "dataset": dataset,
                         "split": split, "r2": ev.r2, "r2_train": float(ev.r2_train_per_factor.mean()),
                         "r2_per_factor": dict(zip(ev.space.factors, map(float, ev.r2_per_factor))),
                         "n_train": int(r.n_train), "n_test": int(r.n_test)})
    return {"rows": rows}


def _trajectories(args) -> dict:
    from pathlib import Path

    from analysis.traj_views import attribute_models, domain_of, load_dataset, scene_subsample
    from data.trajectories import load_file
    from models.train_traj import ade_fde
    from models.trajectory import ConstantVelocity
    from models.zoo import list_zoo, load_model

    good = [m for m in list_zoo(args.zoo)[0] if m.task == "trajectories"]
    datasets = [(n, load_dataset(n)) for n in ("biwi_eth", "crowds_zara03", "sim_crowd", "team")]
    datasets += [(Path(p).stem, load_file(p)) for p in args.data]
    rows = []
    for name, scenes in datasets:
        domain = domain_of(name)
        models = {m.name: load_model(m.name, args.zoo)[1] for m in good if m.dataset.get("name") == domain}
        kinds = {m.name: f"{m.architecture}/{m.config.get('kind')}" for m in good}
        atts = attribute_models(models, scenes, seed=args.seed)
        ids = scene_subsample(scenes, seed=args.seed)
        cv_ade = ade_fde(ConstantVelocity(), scenes.take(ids))[0]
        for model, att in atts.items():
            s = att.summary()
            rows.append({"model": model, "architecture": kinds[model], "dataset": name, "n_scenes": s["n_scenes"],
                         "ade": s["ade"], "fde": ade_fde(models[model], scenes.take(ids))[1],
                         "cv_ade": cv_ade, "ade_without_neighbours": s["ade_without_neighbours"],
                         "past_attribution": s["past_attribution"], "social_score": s["social_score"],
                         "social_score_ci": s["social_score_ci"], "random_agent_score": s["random_agent_score"],
                         "social_share": s["social_share"], "social_share_ci": s["social_share_ci"],
                         "max_efficiency_error": s["max_efficiency_error"]})
    return {"rows": rows}


def _series(args) -> dict:
    from pathlib import Path

    from analysis.series_report import series_report
    from analysis.series_views import from_zoo, trained_here, zoo_datasets
    from data.series import read_csv

    bundles = [from_zoo(n, args.zoo) for n in zoo_datasets(args.zoo)]
    bundles += [trained_here(read_csv(Path(p).read_bytes(), name=Path(p).stem)) for p in args.data]
    rows = []
    for b in bundles:
        r = series_report(b.data, b.encoder, b.generators, seed=args.seed)
        for s in r.scores:
            rows.append({"dataset": r.dataset, "generator": s.generator, "context_fid": s.context_fid,
                         "context_fid_std": s.context_fid_std, "discriminative_score": s.discriminative_score,
                         "predictive_mae": s.predictive_mae, "predictive_mae_real_reference": r.reference_mae,
                         "acf_distance": s.acf_distance, "spectrum_distance": s.spectrum_distance,
                         "marginal_distance": s.marginal_distance, "n_windows": s.n_windows,
                         "window_length": s.window_length})
    return {"rows": rows}


TASKS = {"diva": _diva, "coldstart": _coldstart, "splits": _splits, "trajectories": _trajectories, "series": _series}


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
    p = argparse.ArgumentParser(prog="python -m analysis", description=__doc__)
    p.add_argument("task", choices=sorted(TASKS))
    p.add_argument("--json", action="store_true", help="print JSON (the only output format)")
    p.add_argument("--zoo", default=None, help="zoo folder (default: $DASH_ZOO or the bundled one)")
    p.add_argument("--model", default=None, help="one zoo model (default: every model of the task)")
    p.add_argument("--seed", type=int, default=0)
    g = p.add_argument_group("diva")
    g.add_argument("--noise", type=float, default=0.2, help="share of training labels flipped")
    g.add_argument("--lam", type=float, default=1.0, help="ridge strength")
    g.add_argument("--steps", type=int, default=2, help="reweighting steps")
    g.add_argument("--step-size", type=float, default=0.1)
    g = p.add_argument_group("coldstart")
    g.add_argument("--data", action="append", default=[], metavar="FILE",
                   help="coldstart: also train (quick settings) and evaluate on this .npz graph; trajectories: "
                        "also attribute this ETH/UCY file with the pedestrian models; series: also train the "
                        "generators (quick settings) on this CSV; named after the file")
    args = p.parse_args(argv)
    try:
        out = TASKS[args.task](args)
    except InputError as e:
        print(f"error: {e}", file=sys.stderr)
        return 2
    json.dump(_clean(out), sys.stdout, indent=2)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
