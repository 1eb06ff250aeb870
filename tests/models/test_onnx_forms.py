"""A researcher's trajectory model in each form the contract takes: a Gaussian or K-sample output, noise as an input,
the whole scene in one call (docs/examples/social_stgcnn_export.py); each attributes as the PyTorch model does, and
a model whose samples are not reproducible, or which does not ignore masked neighbours, is refused in one
sentence."""

import importlib.util
from pathlib import Path

import numpy as np
import pytest
import torch

pytest.importorskip("onnx")
pytest.importorskip("onnxruntime")

from modeldash.analysis.trajectories.attribution import attribute_dataset
from modeldash.data.trajectories import load_file
from modeldash.errors import InputError
from modeldash.models.onnx_views import OnnxTrajectoryPredictor
from modeldash.models.trajectories import TrajConfig, TrajPredictor

EXAMPLE = Path(__file__).parents[2] / "docs" / "examples" / "social_stgcnn_export.py"


@pytest.fixture(scope="module")
def scenes():
    s = load_file("crowds_zara03")
    return s.take(np.flatnonzero(s.n_neighbours >= 2)[:6])


def _onnx(module, args, inputs, outputs, dynamic) -> bytes:
    program = torch.onnx.export(
        module.eval(), args, input_names=inputs, output_names=outputs, dynamic_shapes=dynamic, dynamo=True
    )
    return program.model_proto.SerializeToString()


def _example():
    spec = importlib.util.spec_from_file_location("social_stgcnn_export", EXAMPLE)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


class PerTarget(torch.nn.Module):
    """The whole-scene model called per target, in PyTorch: the reference for its ONNX export."""

    output_kind = "gaussian"

    def __init__(self, scene_model):
        super().__init__()
        self.scene_model = scene_model

    def forward(self, past, nb_past, nb_mask):
        agents = torch.cat([past[:, None], nb_past * nb_mask[..., None]], 1)
        mask = torch.cat([torch.ones_like(nb_mask[:, :1]), nb_mask], 1)
        return self.scene_model(agents, mask)[:, 0]


@pytest.mark.slow
def test_the_documented_whole_scene_example_attributes_as_its_pytorch_model(scenes, tmp_path):
    ex = _example()
    torch.manual_seed(0)
    net = ex.SceneGCN().eval()
    ex.export(net, str(tmp_path / "scene.onnx"))
    mine = OnnxTrajectoryPredictor((tmp_path / "scene.onnx").read_bytes(), "scene")
    assert mine.form == "scene" and mine.output_kind == "gaussian"
    for metric in ("nll", "min_ade"):
        a = attribute_dataset(PerTarget(net), scenes, metric=metric).per_scene
        b = attribute_dataset(mine, scenes, metric=metric).per_scene
        cols = ["past", "social", "random_agent", "err_full", "err_without_neighbours"]
        np.testing.assert_allclose(b[cols].to_numpy(), a[cols].to_numpy(), atol=2e-4)
        assert b["efficiency_error"].max() < 1e-9


@pytest.mark.slow
@pytest.mark.parametrize("kind, metric", [("gauss_attn", "nll"), ("sample_attn", "min_fde")])
def test_an_exported_distribution_model_attributes_as_the_pytorch_model(scenes, kind, metric):
    from modeldash.models.export import export_trajectories

    torch.manual_seed(0)
    model = TrajPredictor(TrajConfig(kind=kind, hidden=16)).eval()
    mine = OnnxTrajectoryPredictor(export_trajectories(model), kind)
    assert mine.output_kind == model.output_kind and mine.noise_shape == model.noise_shape
    a = attribute_dataset(model, scenes, metric=metric).per_scene
    b = attribute_dataset(mine, scenes, metric=metric).per_scene
    np.testing.assert_allclose(b[["past", "social", "err_full"]], a[["past", "social", "err_full"]], atol=1e-4)


class RandomSamples(torch.nn.Module):
    """Twenty futures jittered by random numbers drawn inside the model: not reproducible."""

    def forward(self, past, nb_past, nb_mask):
        last = past[:, None, -1:, :].expand(-1, 20, 12, -1)
        return last + torch.randn_like(last)


class MaskBlind(torch.nn.Module):
    """Every agent's future pulled to the mean last position of all rows, masked or not."""

    def forward(self, agents, mask):
        centre = agents[:, :, -1].mean(1, keepdim=True)  # (B, 1, 2): masked rows count
        return (agents[:, :, -1:, :] + 0.1 * (centre[:, :, None] - agents[:, :, -1:, :])).expand(-1, -1, 12, -1)


def test_samples_drawn_inside_the_model_are_refused():
    b, n = torch.export.Dim("B"), torch.export.Dim("N")
    args = (torch.zeros(2, 8, 2), torch.zeros(2, 3, 8, 2), torch.ones(2, 3, 8, dtype=torch.bool))
    raw = _onnx(
        RandomSamples(), args, ["past", "nb_past", "nb_mask"], ["samples"],
        {"past": {0: b}, "nb_past": {0: b, 1: n}, "nb_mask": {0: b, 1: n}},
    )  # fmt: skip
    with pytest.raises(InputError, match="take the randomness as a `noise`") as e:
        OnnxTrajectoryPredictor(raw)
    assert "\n" not in str(e.value)


def test_a_whole_scene_model_that_sees_masked_agents_is_refused():
    b, a = torch.export.Dim("B"), torch.export.Dim("A", min=1)
    args = (torch.zeros(2, 3, 8, 2), torch.ones(2, 3, 8, dtype=torch.bool))
    raw = _onnx(MaskBlind(), args, ["agents", "mask"], ["future"], {"agents": {0: b, 1: a}, "mask": {0: b, 1: a}})
    with pytest.raises(InputError, match="masked neighbour must be ignored"):
        OnnxTrajectoryPredictor(raw)


def test_ports_that_match_no_form_are_one_sentence():
    from modeldash.models.onnx_model import trajectories_contract

    for ins, outs in (
        ({"past", "nb_past", "nb_mask"}, {"future", "gaussian"}),
        ({"past", "nb_past", "nb_mask"}, {"mean"}),
        ({"agents"}, {"future"}),
        ({"agents", "mask", "past"}, {"samples"}),
    ):
        with pytest.raises(InputError, match="one output is future, gaussian or samples"):
            trajectories_contract(ins, outs)
    c = trajectories_contract({"agents", "mask", "noise"}, {"samples"})
    assert [p.name for p in c.inputs] == ["agents", "mask", "noise"] and c.outputs[0].shape == ("B", "A", "K", 12, 2)
