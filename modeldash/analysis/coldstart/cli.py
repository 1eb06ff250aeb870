"""`python -m modeldash coldstart`: accuracies per node group, and the node inspector."""

from __future__ import annotations

from pathlib import Path

from modeldash.analysis.cli_common import store_folder
from modeldash.errors import InputError


def add_options(s) -> None:
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
    s.add_argument(
        "--scoring",
        choices=["eval", "released"],
        default="eval",
        help="every model in evaluation mode (default), or as the released code scores the groups (its GCNs in "
        "training mode, dropout on the logits): the page's Scoring choice",
    )
    s.add_argument("--seeds", type=int, default=3, help="--data: training seeds (default 3)")
    s.add_argument("--quick", action="store_true", help="--data: the quick settings (a smoke test)")


def run(args) -> list[dict]:
    import numpy as np

    from modeldash.analysis.coldstart.service import (
        groups_arrays,
        load_graph_bundle,
        load_graph_record,
        stored_file_report,
        with_outputs,
        zoo_graphs,
    )
    from modeldash.data.coldstart_outputs import read_outputs

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
            rows += scored(with_outputs(rec.report, rec.split, outs), args).headline()
            continue
        rows += scored(load_graph_bundle(name, args.zoo, protocol=args.protocol).report, args).headline()
    for path in args.data:
        raw, stem = Path(path).read_bytes(), Path(path).stem
        rep, _ = stored_file_report(
            raw, stem, folder=store_folder(args), seeds=args.seeds, protocol=args.protocol, quick=args.quick
        )
        rows += scored(rep, args).headline()
    return rows


def scored(report, args):
    """The report as `--scoring` asks (the page's Scoring choice)."""
    return report.released() if getattr(args, "scoring", "eval") == "released" else report


def coldstart_node_rows(name: str, args) -> list[dict]:
    """The node inspector's rows for a bundled graph's node: every model's prediction with its edges and without,
    from the results store as the page reads them."""
    from modeldash.analysis.coldstart.service import inspect_node, load_graph_record, stored_node_predictions

    rec = load_graph_record(name, args.zoo, args.protocol)
    preds, origin = stored_node_predictions(name, args.zoo, folder=store_folder(args), protocol=args.protocol)
    insp = inspect_node(rec.graph, rec.split, preds, args.node)
    head = {"graph": name, "node": insp.node, "label": insp.label, "group": insp.group, "degree": insp.degree}
    return [{**head, **row, "origin": origin.origin} for row in insp.predictions.to_dict("records")]
