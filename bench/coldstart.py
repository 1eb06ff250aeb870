"""Cold-start view costs, as ratios against a reference measured in the same run.

1. Sparse input dropout + first layer vs the dense equivalent (training step of the MLP's first layer); GraphSAGE's
   first layer projected before averaging (sparse input) vs PyG's SAGEConv on dense input (a training step).
2. Opening a bundled graph from the zoo (load, rebuild split, re-evaluate) vs training one seed of it.
3. The student's inference (features only) vs the teacher GCN's, over every node.
`python -m bench.coldstart`"""

from __future__ import annotations

import torch

from bench.timing import best_time
from modeldash.analysis.coldstart.service import load_graph_bundle
from modeldash.data.coldstart_bundled import bundled_graph
from modeldash.data.coldstart_groups import cold_start_split
from modeldash.models.coldstart_fit import graph_tensors, train_all
from modeldash.models.coldstart_gnn import input_dropout


def main() -> None:
    graph = bundled_graph("cora")
    x, ei, _ = graph_tensors(graph)
    lin = torch.nn.Linear(graph.n_features, 256)

    def step(dense: bool):
        lin(input_dropout(x, 0.5, True, dense=dense)).sum().backward()

    t_dense, t_sparse = best_time(lambda: step(True))[0], best_time(lambda: step(False))[0]
    print(
        f"first layer, training step: dense {1000 * t_dense:.1f} ms, sparse {1000 * t_sparse:.1f} ms "
        f"-> sparse is {t_dense / t_sparse:.1f}x faster"
    )

    from torch_geometric.nn import SAGEConv

    from modeldash.models.coldstart_gnn import ProjectedSAGEConv

    ref, ours = SAGEConv(graph.n_features, 64), ProjectedSAGEConv(graph.n_features, 64)
    ours.load_state_dict(ref.state_dict())
    xd = x.to_dense()
    t_pyg = best_time(lambda: ref(xd, ei).sum().backward())[0]
    t_proj = best_time(lambda: ours(x, ei).sum().backward())[0]
    print(
        f"GraphSAGE first layer, training step: PyG on dense input {1000 * t_pyg:.1f} ms, projected first "
        f"{1000 * t_proj:.1f} ms -> {t_pyg / t_proj:.1f}x faster"
    )

    t_open = best_time(lambda: load_graph_bundle("cora"), repeat=3)[0]
    split = cold_start_split(graph, seed=0)
    t_train = best_time(lambda: train_all(split, seed=0), repeat=1)[0]
    print(f"open Cora from the zoo {t_open:.2f} s vs train one seed {t_train:.1f} s -> {t_train / t_open:.0f}x")

    b = load_graph_bundle("cora")
    with torch.no_grad():
        t_teacher = best_time(lambda: b.models["teacher"](x, ei))[0]
        t_student = best_time(lambda: b.models["coldbrew"](x))[0]
    print(
        f"inference on {graph.n_nodes} nodes: teacher {1000 * t_teacher:.1f} ms, student "
        f"{1000 * t_student:.1f} ms -> ratio {t_student / t_teacher:.2f}"
    )


if __name__ == "__main__":
    import argparse

    argparse.ArgumentParser(prog="python -m bench.coldstart", description=__doc__).parse_args()
    main()
