"""A worked example for the Trajectories view: a Social-STGCNN-style whole-scene predictor, exported to ONNX.

The graph is built inside the model from the positions (edge weight 1 / distance at each observed step, as
Social-STGCNN's kernel), so one ONNX file works for any number of agents. Inputs: `agents` (B, A, 8, 2), agent 0
the target, metres in the file's frame, and `mask` (B, A, 8), True where an agent is observed (masked entries hold
zeros). Output: `gaussian` (B, A, 12, 5) — per agent and step μx, μy, log σx, log σy, atanh ρ, Social-STGCNN's raw
layout; μ is a position in the input's frame. A masked agent gets no edges, so removing a player removes it from
the scene the model sees. Replace the random weights by your trained ones (`model.load_state_dict(...)`).

    python docs/examples/social_stgcnn_export.py scene_gcn.onnx
"""

import sys

import torch
from torch import nn

OBS, PRED = 8, 12


class SceneGCN(nn.Module):
    def __init__(self, hidden: int = 16):
        super().__init__()
        self.spatial = nn.Linear(2, hidden)  # the graph convolution's weights, on each agent's velocity
        self.temporal = nn.Conv1d(OBS, PRED, 3, padding=1)  # 8 observed steps to 12 future ones (TXP-CNN)
        self.out = nn.Linear(hidden, 5)  # per step: Δμx, Δμy, log σx, log σy, atanh ρ

    def forward(self, agents: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
        m = mask.to(agents.dtype)  # (B, A, 8)
        seen_twice = m * torch.cat([m[:, :, :1], m[:, :, :-1]], 2)  # observed at this step and the one before
        vel = torch.diff(agents, dim=2, prepend=agents[:, :, :1]) * seen_twice.unsqueeze(-1)  # (B, A, 8, 2)
        pos = agents.transpose(1, 2)  # (B, 8, A, 2)
        d = (pos[:, :, :, None] - pos[:, :, None, :]).norm(dim=-1)  # (B, 8, A, A)
        alive = m.transpose(1, 2)  # (B, 8, A)
        both = alive[:, :, :, None] * alive[:, :, None, :]
        adj = torch.where(d > 1e-6, 1.0 / d.clamp_min(1e-6), torch.zeros_like(d)) * both
        adj = adj + torch.diag_embed(alive)  # self-loops for the agents present
        deg = adj.sum(-1).clamp_min(1e-6)  # (B, 8, A)
        adj = adj / deg.sqrt()[..., :, None] / deg.sqrt()[..., None, :]
        h = torch.relu(adj @ self.spatial(vel.transpose(1, 2)))  # (B, 8, A, H)
        b, t, a, hid = h.shape
        h = h.permute(0, 2, 1, 3).reshape(b * a, t, hid)  # (B·A, 8, H)
        raw = self.out(torch.relu(self.temporal(h))).reshape(b, a, PRED, 5)
        mu = agents[:, :, -1:, :] + torch.cumsum(raw[..., :2], 2)  # positions: the last one plus the steps
        return torch.cat([mu, raw[..., 2:]], -1)


def export(model: nn.Module, path: str) -> None:
    B, A = torch.export.Dim("B"), torch.export.Dim("A", min=1)
    args = (torch.zeros(2, 3, OBS, 2), torch.ones(2, 3, OBS, dtype=torch.bool))
    torch.onnx.export(
        model.eval(), args, path, input_names=["agents", "mask"], output_names=["gaussian"], dynamo=True,
        external_data=False, dynamic_shapes={"agents": {0: B, 1: A}, "mask": {0: B, 1: A}},
    )  # fmt: skip


if __name__ == "__main__":
    torch.manual_seed(0)
    export(SceneGCN(), sys.argv[1] if len(sys.argv) > 1 else "scene_gcn.onnx")
