"""The view subcommands of `python -m analysis` (see analysis/__main__.py): each reads its view's service and
returns the rows the command prints, the numbers its page shows."""

from __future__ import annotations

from pathlib import Path

from errors import InputError


def diva_cmd(args) -> list[dict]:
    from analysis.diva.service import digits_report
    from models.zoo import list_zoo, load_model

    names = [args.model] if args.model else [m.name for m in list_zoo(args.zoo)[0] if m.task == "diva"]
    if args.features and not args.model:
        names = []  # a researcher's files alone, unless a zoo model is asked for too
    kw = {"lam": args.lam, "steps": args.steps, "step_size": args.step_size, "seed": args.seed}
    rows = []
    for name in names:
        noise = 0.2 if args.noise is None else args.noise
        report = digits_report(load_model(name, args.zoo)[1], noise=noise, **kw)
        rows.append({"model": name, "architecture": "zoo", **report.headline()})
    for path in args.features:
        from analysis.diva.service import features_report
        from data.diva_features import read_features_npz

        fs = read_features_npz(Path(path).read_bytes(), name=Path(path).stem)
        report = features_report(fs, noise=args.noise or 0.0, **kw)
        rows.append({"model": Path(path).stem, "architecture": "outputs", **report.headline()})
    return rows


def trajectories_cmd(args) -> list[dict]:
    """The page's dataset table per dataset: the zoo's models of its domain (constant velocity first) by label,
    read from the results store when computed before (as the page reads it), else computed and written; with
    --model-file, your ONNX predictors join and the table is computed live."""
    from analysis.trajectories.service import (
        compare_models,
        domain_models,
        domain_of,
        load_dataset,
        model_label,
        stored_domain_comparison,
        zoo_entries,
    )
    from data.trajectories import load_file

    datasets = [(n, load_dataset(n)) for n in args.dataset]
    datasets += [(Path(p).stem, load_file(p)) for p in args.data]
    yours = {}
    for p in args.model_file:
        from models.onnx_views import OnnxTrajectoryPredictor

        yours[Path(p).stem] = OnnxTrajectoryPredictor(Path(p).read_bytes(), name=Path(p).stem)
    kw = {"metric": args.metric, "removal": args.removal, "seed": args.seed}
    rows = []
    for name, scenes in datasets:
        domain = domain_of(name)
        kinds = {model_label(m): f"{m.architecture}/{m.config.get('kind')}" for m in zoo_entries(domain, args.zoo)}
        kinds |= {"constant velocity": "baseline/constant_velocity"} | dict.fromkeys(yours, "onnx")
        if yours:
            comp, origin = compare_models(domain_models(domain, args.zoo)[0] | yours, scenes, **kw), "computed"
        else:
            got = stored_domain_comparison(scenes, domain, args.zoo, folder=store_folder(args), **kw)
            comp, origin = got.comparison, got.origin
        rows += [
            {**r, "dataset": name, "architecture": kinds.get(r["model"], "?"), "origin": origin}
            for r in comp.headline()
        ]
    return rows


def splits_cmd(args) -> list[dict]:
    from analysis.splits.service import headline, zoo_loader, zoo_scores

    frame = zoo_scores(args.zoo)
    if args.dataset:
        frame = frame[frame.dataset == args.dataset]
    rows = headline(frame, zoo_loader(args.zoo), zoo=args.zoo, folder=store_folder(args)) if not args.model_file else []
    for p in args.model_file:
        from analysis.splits.service import evaluate_everywhere
        from data.splits_images import SPACES
        from models.onnx_views import OnnxFactorRegressor

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


def series_cmd(args) -> list[dict]:
    """Every bundled dataset's report from the results store (as the page reads it), else computed and written;
    --data trains on a CSV (not stored); --samples scores a researcher's windows beside the generators."""
    from analysis.series.service import load_series, report, stored_report, train_series_on, zoo_budgets, zoo_datasets
    from data.series import read_csv

    reports = []  # (report, bundle or a loader)
    for name in args.dataset or zoo_datasets(args.zoo):
        for budget in [args.budget] if args.budget else zoo_budgets(name, args.zoo):
            rep, _ = stored_report(name, args.zoo, folder=store_folder(args), seed=args.seed, budget=budget)
            reports.append((rep, lambda n=name, b=budget: load_series(n, args.zoo, b)))
    for p in args.data:
        b = train_series_on(read_csv(Path(p).read_bytes(), name=Path(p).stem), quick=args.quick)
        reports.append((report(b, seed=args.seed), lambda b=b: b))
    samples = {}
    for p in args.samples:
        from data.series_samples import read_samples

        samples[f"{Path(p).stem} (yours)"] = read_samples(Path(p).read_bytes(), Path(p).name)
    rows = []
    for rep, bundle in reports:
        if samples:
            from analysis.series.service import with_samples

            rep = with_samples(rep, bundle(), samples, seed=args.seed)
        rows += rep.headline()
    return rows


def coldstart_cmd(args) -> list[dict]:
    import numpy as np

    from analysis.coldstart.service import (
        groups_arrays,
        load_graph_bundle,
        load_graph_record,
        train_graph_bundle,
        with_outputs,
        zoo_graphs,
    )
    from data.coldstart_graphs import read_npz
    from data.coldstart_outputs import read_outputs

    names = args.graph or zoo_graphs(args.zoo, args.protocol)
    if args.groups:
        if not args.out:
            raise InputError("--groups needs --out FILE.npz")
        split = load_graph_record(args.groups, args.zoo, args.protocol).split
        arrays = groups_arrays(split)
        np.savez(args.out, **arrays)
        return [{"graph": args.groups, "out": args.out, **{k: int(v.shape[-1]) for k, v in arrays.items()}}]
    if args.node is not None:
        if len(names) != 1:
            raise InputError("a node belongs to one graph: give --graph NAME with --node")
        return coldstart_node_rows(names[0], args)
    if args.predictions and len(names) != 1:
        raise InputError("outputs belong to one graph: give --graph NAME with --predictions")
    rows = []
    for name in names:
        if args.predictions:
            rec = load_graph_record(name, args.zoo, args.protocol)
            g = rec.split.graph
            outs = [
                read_outputs(Path(p).read_bytes(), n_nodes=g.n_nodes, n_classes=g.n_classes, name=Path(p).stem)
                for p in args.predictions
            ]
            rows += with_outputs(rec.report, rec.split, outs).headline()
            continue
        rows += load_graph_bundle(name, args.zoo, protocol=args.protocol).report.headline()
    for path in args.data:
        graph = read_npz(Path(path), name=Path(path).stem)
        rows += train_graph_bundle(
            graph, seeds=args.seeds, protocol=args.protocol, settings=quick_settings(args)
        ).report.headline()
    return rows


def quick_settings(args):
    """--quick: the protocol's quick settings (a smoke test, too short to compare models)."""
    from models.coldstart_fit import settings_for

    return settings_for(args.protocol, quick=True) if args.quick else None


def coldstart_node_rows(name: str, args) -> list[dict]:
    """The node inspector's rows for a bundled graph's node: every model's prediction with its edges and without,
    from the results store as the page reads them."""
    from analysis.coldstart.service import inspect_node, load_graph_record, stored_node_predictions

    rec = load_graph_record(name, args.zoo, args.protocol)
    preds, origin = stored_node_predictions(name, args.zoo, folder=store_folder(args), protocol=args.protocol)
    insp = inspect_node(rec.graph, rec.split, preds, args.node)
    head = {"graph": name, "node": insp.node, "label": insp.label, "group": insp.group, "degree": insp.degree}
    return [{**head, **row, "origin": origin.origin} for row in insp.predictions.to_dict("records")]


def store_folder(args) -> Path:
    """--store, else $DASH_STORE, else results/ beside the zoo folder."""
    from analysis.store import store_dir
    from models.zoo import zoo_dir

    return Path(args.store) if args.store else store_dir(zoo_dir(args.zoo))
