"""Cold Brew's student (Zheng et al., ICLR 2022): an MLP that estimates a GNN teacher's node embedding from
features alone and classifies from it and its closest teacher embeddings, so it needs no edges."""

from __future__ import annotations

import torch
import torch.nn.functional as F
from torch import nn

from modeldash.models.coldstart_config import ColdBrewConfig
from modeldash.models.coldstart_gnn import input_dropout, mlp


class ColdBrewStudent(nn.Module):
    """Cold Brew's MLP student: features -> estimated teacher embedding (part 1) -> top-K softmax
    virtual neighbours among the teacher's embeddings -> classifier on
    [features, α₁·virtual neighbour, α₀·estimate] (part 2). Needs no edges at inference.

    `style="ln-gelu"` is the official code's: LayerNorm + GELU hidden layers, no dropout on the inputs, and with
    `scale_retrieval` the estimate is scaled by α₀ before the retrieval (so the top-K weights are near uniform
    while α₀ is small). `virtual=False` is the ablation without virtual neighbours."""

    def __init__(self, cfg: ColdBrewConfig):
        super().__init__()
        self.cfg = cfg
        self.part1 = mlp([cfg.n_features, cfg.hidden, cfg.emb_dim], cfg.dropout, cfg.style)
        # part 2 is one MLP on [x, side]; its first layer is split in two so sparse x needs no concatenation
        side = (2 if cfg.virtual else 1) * cfg.emb_dim
        self.part2_x = nn.Linear(cfg.n_features, cfg.hidden)
        self.part2_side = nn.Linear(side, cfg.hidden, bias=False)
        act = [nn.LayerNorm(cfg.hidden), nn.GELU()] if cfg.style == "ln-gelu" else [nn.ReLU()]
        self.part2 = nn.Sequential(*act, nn.Dropout(cfg.dropout), nn.Linear(cfg.hidden, cfg.n_classes))
        self.alphas = nn.Parameter(torch.full((2,), 1e-4))  # official initial scales
        self.register_buffer("teacher_emb", torch.zeros(cfg.n_nodes, cfg.emb_dim))

    def _input_dropout(self, x: torch.Tensor) -> torch.Tensor:
        return x if self.cfg.style == "ln-gelu" else input_dropout(x, self.cfg.dropout, self.training)

    def estimate(self, x: torch.Tensor) -> torch.Tensor:
        """Part 1: the estimated teacher embedding, (N, emb_dim)."""
        return self.part1(self._input_dropout(x))

    def retrieval_table(self, est: torch.Tensor) -> tuple[torch.Tensor, ...]:
        """For each row of `est`, its K largest and K smallest dot products with the teacher table and their ids
        (in chunks, so the (B, N) score matrix stays small on big graphs). The retrieval for any scale α₀ reads
        from it: α₀ > 0 keeps the largest, α₀ < 0 the smallest."""
        parts = []
        for e in est.split(4096):
            scores = e @ self.teacher_emb.T  # (B, N)
            parts.append((*scores.topk(self.cfg.top_k, dim=-1), *scores.topk(self.cfg.top_k, dim=-1, largest=False)))
        return tuple(torch.cat(col) for col in zip(*parts))

    def mix(self, table: tuple[torch.Tensor, ...], scale: torch.Tensor | float = 1.0):
        """The virtual neighbours from a retrieval table at scale α₀: (embedding (B, D), ids (B, K), weights)."""
        top, top_ids, low, low_ids = table
        s, ids = (top, top_ids) if float(scale) >= 0 else (low, low_ids)
        w = (scale * s).softmax(dim=-1)
        return torch.einsum("bk,bkd->bd", w, self.teacher_emb[ids]), ids, w

    def retrieval_scale(self) -> torch.Tensor | float:
        return self.alphas[0].detach() if self.cfg.scale_retrieval else 1.0

    def virtual_neighbours(self, est: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
        """Top-K softmax matches of (α₀·) est against the teacher table: (embedding (B, D), ids (B, K), weights)."""
        return self.mix(self.retrieval_table(est), self.retrieval_scale())

    def neighbour_input(self, est: torch.Tensor) -> torch.Tensor | None:
        """The virtual-neighbour embedding of each row of `est`; None for the ablation without them."""
        return self.virtual_neighbours(est)[0] if self.cfg.virtual else None

    def forward(self, x: torch.Tensor, edge_index: torch.Tensor | None = None) -> torch.Tensor:
        est = self.estimate(x).detach()
        return self.classify(x, est, self.neighbour_input(est))

    def classify(self, x: torch.Tensor, est: torch.Tensor, virt: torch.Tensor | None) -> torch.Tensor:
        """Part 2 on features, the part-1 estimate (N, D) and the virtual-neighbour embedding (N, D) or None."""
        parts = ([self.alphas[1] * virt] if virt is not None else []) + [self.alphas[0] * est]
        side = torch.cat(parts, -1)
        if self.cfg.style != "ln-gelu":
            side = F.dropout(side, self.cfg.dropout, self.training)
        return self.part2(self.part2_x(self._input_dropout(x)) + self.part2_side(side))
