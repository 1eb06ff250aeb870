"""Node classifiers for the cold-start view: GCN (optionally with Cold Brew's structural embedding),
GraphSAGE, a feature-only MLP, and the Cold Brew student (Zheng et al., ICLR 2022).

GNN layers come from PyTorch Geometric. Every model maps node features (N, F) to logits (N, C);
the GNNs also take `edge_index` (2, E) (both directions, no self-loops; GCN adds them).
"""

from __future__ import annotations

import warnings

import torch
import torch.nn.functional as F
from torch import nn
from torch_geometric.nn import GCNConv, MessagePassing, SAGEConv
from torch_geometric.nn.conv.gcn_conv import gcn_norm

from modeldash.models.coldstart_config import NodeGNNConfig, NodeMLPConfig

warnings.filterwarnings("ignore", message="Sparse CSR tensor support is in beta")


def input_dropout(x: torch.Tensor, p: float, training: bool, *, dense: bool = False) -> torch.Tensor:
    """Dropout on node features. A sparse CSR input drops only its non-zeros, which is the same as dense
    dropout (zeros stay zero), and stays sparse (a Linear layer on it is ~7× faster) unless `dense`."""
    if not x.is_sparse_csr:
        return F.dropout(x, p, training)
    vals = F.dropout(x.values(), p, training)
    out = torch.sparse_csr_tensor(x.crow_indices(), x.col_indices(), vals, x.shape, check_invariants=False)
    return out.to_dense() if dense else out


class SEGCNConv(MessagePassing):
    """Cold Brew's GCN layer: X' = Â (X W + E) + b, with E a free (N, d_out) structural embedding."""

    def __init__(self, d_in: int, d_out: int, n_nodes: int, std: float = 0.1):
        super().__init__(aggr="add")
        self.lin = nn.Linear(d_in, d_out, bias=False)
        self.bias = nn.Parameter(torch.zeros(d_out))
        self.se = nn.Parameter(std * torch.randn(n_nodes, d_out))  # the official code draws E ~ N(0, 1)

    def forward(self, x: torch.Tensor, edge_index: torch.Tensor) -> torch.Tensor:
        ei, w = gcn_norm(edge_index, None, x.size(0), add_self_loops=True)
        h = self.lin(x) + self.se  # (N, d_out)
        return self.propagate(ei, x=h, w=w) + self.bias

    def message(self, x_j: torch.Tensor, w: torch.Tensor) -> torch.Tensor:
        return w.view(-1, 1) * x_j


class ProjectedSAGEConv(SAGEConv):
    """PyG's SAGEConv (mean aggregation; lin_l with bias on the neighbours' mean, lin_r on the node) computed in the
    cheaper order: project every node first, then average the projections. The mean is linear, so this equals
    lin_l(mean x_j) wherever a node has neighbours; a node without them gets lin_l's bias, as in SAGEConv (the
    mean of nothing is 0). Same parameters, same state dict; sparse input stays sparse (7× faster on Cora)."""

    def forward(self, x: torch.Tensor, edge_index: torch.Tensor) -> torch.Tensor:
        h = F.linear(x, self.lin_l.weight)  # (N, d_out), without the bias
        agg = self.propagate(edge_index, x=(h, h))
        return agg + self.lin_l.bias + self.lin_r(x)


class NodeGNN(nn.Module):
    """A stack of GCN or SAGE layers with ReLU and dropout between them."""

    def __init__(self, cfg: NodeGNNConfig):
        super().__init__()
        self.cfg = cfg
        dims = [cfg.n_features] + [cfg.hidden] * (cfg.n_layers - 1) + [cfg.n_classes]
        if cfg.se_nodes:
            layers = [
                SEGCNConv(a, b, cfg.se_nodes, cfg.se_std) if i == 0 or not cfg.se_first_only else GCNConv(a, b)
                for i, (a, b) in enumerate(zip(dims[:-1], dims[1:]))
            ]
        elif cfg.conv == "gcn":
            layers = [GCNConv(a, b) for a, b in zip(dims[:-1], dims[1:])]
        else:
            layers = [ProjectedSAGEConv(a, b) for a, b in zip(dims[:-1], dims[1:])]
        self.layers = nn.ModuleList(layers)

    def layer_outputs(self, x: torch.Tensor, edge_index: torch.Tensor) -> list[torch.Tensor]:
        """Each layer's pre-activation output; the last is the logits (N, C)."""
        outs = []
        for i, layer in enumerate(self.layers):
            if i == 0:
                x = input_dropout(x, self.cfg.dropout, self.training)
            else:
                x = F.dropout(x, self.cfg.dropout, self.training)
            x = layer(x, edge_index)
            outs.append(x)
            if i < len(self.layers) - 1:
                x = F.relu(x)
        return outs

    def forward(self, x: torch.Tensor, edge_index: torch.Tensor) -> torch.Tensor:
        return self.layer_outputs(x, edge_index)[-1]

    def embed(self, x: torch.Tensor, edge_index: torch.Tensor) -> torch.Tensor:
        """The teacher target of Cold Brew: layer outputs concatenated, (N, hidden·(L−1) + C)."""
        return torch.cat(self.layer_outputs(x, edge_index), dim=-1)

    def se_norm(self) -> torch.Tensor:
        """Sum over layers of ‖E‖ (the paper's penalty); zero without a structural embedding."""
        return sum((m.se.norm() for m in self.layers if isinstance(m, SEGCNConv)), torch.zeros(()))


def mlp(dims: list[int], dropout: float, style: str = "relu") -> nn.Sequential:
    """Linear layers with ReLU between ("relu"), or LayerNorm and GELU as the official getMLP ("ln-gelu");
    dropout before each but the first (callers apply input_dropout)."""
    mods: list[nn.Module] = []
    for i, (a, b) in enumerate(zip(dims[:-1], dims[1:])):
        mods += ([nn.Dropout(dropout)] if i else []) + [nn.Linear(a, b)]
        if i < len(dims) - 2:
            mods += [nn.LayerNorm(b), nn.GELU()] if style == "ln-gelu" else [nn.ReLU()]
    return nn.Sequential(*mods)


class NodeMLP(nn.Module):
    """Features only: the graph is ignored, so a node's edges cannot change its prediction."""

    def __init__(self, cfg: NodeMLPConfig):
        super().__init__()
        self.cfg = cfg
        self.net = mlp([cfg.n_features] + [cfg.hidden] * (cfg.n_layers - 1) + [cfg.n_classes], cfg.dropout, cfg.style)

    def forward(self, x: torch.Tensor, edge_index: torch.Tensor | None = None) -> torch.Tensor:
        return self.net(input_dropout(x, self.cfg.dropout, self.training))
