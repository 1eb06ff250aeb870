"""Cold Brew's student (Zheng et al., ICLR 2022): an MLP that estimates a GNN teacher's node embedding from
features alone and classifies from it and its closest teacher embeddings, so it needs no edges."""

from __future__ import annotations

import torch
import torch.nn.functional as F
from torch import nn

from models.coldstart_config import ColdBrewConfig
from models.coldstart_gnn import input_dropout, mlp


class ColdBrewStudent(nn.Module):
    """Cold Brew's MLP student: features -> estimated teacher embedding (part 1) -> top-K softmax
    virtual neighbours among the teacher's embeddings -> classifier on
    [features, α₁·virtual neighbour, α₀·estimate] (part 2). Needs no edges at inference."""

    def __init__(self, cfg: ColdBrewConfig):
        super().__init__()
        self.cfg = cfg
        self.part1 = mlp([cfg.n_features, cfg.hidden, cfg.emb_dim], cfg.dropout)
        # part 2 is one MLP on [x, side]; its first layer is split in two so sparse x needs no concatenation
        self.part2_x = nn.Linear(cfg.n_features, cfg.hidden)
        self.part2_side = nn.Linear(2 * cfg.emb_dim, cfg.hidden, bias=False)
        self.part2 = nn.Sequential(nn.ReLU(), nn.Dropout(cfg.dropout), nn.Linear(cfg.hidden, cfg.n_classes))
        self.alphas = nn.Parameter(torch.full((2,), 1e-4))  # official initial scales
        self.register_buffer("teacher_emb", torch.zeros(cfg.n_nodes, cfg.emb_dim))

    def estimate(self, x: torch.Tensor) -> torch.Tensor:
        """Part 1: the estimated teacher embedding, (N, emb_dim)."""
        return self.part1(input_dropout(x, self.cfg.dropout, self.training))

    def virtual_neighbours(self, est: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
        """Top-K matches of est against the teacher table: (embedding (B, D), ids (B, K), weights (B, K))."""
        scores = est @ self.teacher_emb.T  # (B, N)
        top, ids = scores.topk(self.cfg.top_k, dim=-1)  # (B, K)
        w = top.softmax(dim=-1)
        return torch.einsum("bk,bkd->bd", w, self.teacher_emb[ids]), ids, w

    def forward(self, x: torch.Tensor, edge_index: torch.Tensor | None = None) -> torch.Tensor:
        est = self.estimate(x).detach()
        # in chunks, so the (B, N) score matrix stays small on big graphs
        virt = torch.cat([self.virtual_neighbours(e)[0] for e in est.split(4096)])
        return self.classify(x, est, virt)

    def classify(self, x: torch.Tensor, est: torch.Tensor, virt: torch.Tensor) -> torch.Tensor:
        """Part 2 on features, the part-1 estimate (N, D) and the virtual-neighbour embedding (N, D)."""
        p, t = self.cfg.dropout, self.training
        side = F.dropout(torch.cat([self.alphas[1] * virt, self.alphas[0] * est], -1), p, t)
        return self.part2(self.part2_x(input_dropout(x, p, t)) + self.part2_side(side))
