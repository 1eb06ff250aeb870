"""A researcher's ONNX model: every trajectory predictor of the zoo exported to the view's contract gives the same
Shapley values as the PyTorch model, and every malformed or unsafe file is refused in one sentence."""

import numpy as np
import pytest

onnx = pytest.importorskip("onnx")
pytest.importorskip("onnxruntime")
from onnx import TensorProto, helper  # noqa: E402

from modeldash.analysis.diva.settings import DivaSettings  # noqa: E402
from modeldash.errors import InputError  # noqa: E402
from modeldash.models.onnx_model import TRAJECTORIES  # noqa: E402
from modeldash.models.onnx_views import OnnxTrajectoryPredictor  # noqa: E402


@pytest.fixture(scope="module")
def scenes():
    from modeldash.analysis.trajectories.service import load_dataset

    return load_dataset("crowds_zara03")


@pytest.mark.slow
@pytest.mark.parametrize("kind", ["ego_lstm", "social_attn", "stgcnn"])
def test_an_exported_zoo_predictor_attributes_as_the_pytorch_model(kind, scenes):
    from modeldash.analysis.trajectories.scene import scene_view
    from modeldash.models.export import export_trajectories
    from modeldash.models.zoo import load_model

    model = load_model(f"traj_eth_ucy_{kind}")[1]
    mine = OnnxTrajectoryPredictor(export_trajectories(model), name=kind)
    for i in (0, 7, 31):
        for removal in ("remove", "random"):
            a = scene_view(model, scenes, i, removal=removal, removed=(0,))
            b = scene_view(mine, scenes, i, removal=removal, removed=(0,))
            np.testing.assert_allclose(b.result.values, a.result.values, atol=1e-4)
            np.testing.assert_allclose(b.pred_counterfactual, a.pred_counterfactual, atol=1e-4)
            assert abs(a.error - b.error) < 1e-4


def _port(name, elem, shape):
    return helper.make_tensor_value_info(name, elem, shape)


def _model(nodes, inputs=None, outputs=None, inits=(), opset=17, domain_opsets=(), functions=()):
    inputs = inputs or [
        _port("past", TensorProto.FLOAT, ["B", 8, 2]),
        _port("nb_past", TensorProto.FLOAT, ["B", "N", 8, 2]),
        _port("nb_mask", TensorProto.BOOL, ["B", "N", 8]),
    ]
    outputs = outputs or [_port("future", TensorProto.FLOAT, ["B", 12, 2])]
    g = helper.make_graph(nodes, "g", inputs, outputs, initializer=list(inits))
    m = helper.make_model(g, opset_imports=[helper.make_opsetid("", opset), *domain_opsets], functions=list(functions))
    return m.SerializeToString()


def _repeat_last(extra=()):
    """future = the last past position repeated 12 times (a constant-position model), plus `extra` nodes."""
    idx = helper.make_tensor("idx", TensorProto.INT64, [12], [7] * 12)
    nodes = [helper.make_node("Gather", ["past", "idx"], ["future"], axis=1), *extra]
    return nodes, [idx]


def _good():
    nodes, inits = _repeat_last()
    return _model(nodes, inits=inits)


def test_a_minimal_valid_model_runs():
    m = OnnxTrajectoryPredictor(_good())
    import torch

    past = torch.arange(16, dtype=torch.float32).reshape(1, 8, 2)
    out = m(past, torch.zeros(1, 3, 8, 2), torch.zeros(1, 3, 8, dtype=torch.bool))
    assert out.shape == (1, 12, 2) and (out == past[:, -1:]).all()


def _custom_op():
    nodes, inits = _repeat_last()
    nodes[0] = helper.make_node("Evil", ["past"], ["future"], domain="com.evil")
    return _model(nodes, inits=inits, domain_opsets=[helper.make_opsetid("com.evil", 1)])


def _external_data():
    nodes, inits = _repeat_last()
    t = inits[0]
    t.ClearField("int64_data")
    t.data_location = TensorProto.EXTERNAL
    e = t.external_data.add()
    e.key, e.value = "location", "../../etc/passwd"
    return _model(nodes, inits=[t])


def _function():
    nodes, inits = _repeat_last()
    f = helper.make_function(
        "local", "F", ["x"], ["y"], [helper.make_node("Identity", ["x"], ["y"])], [helper.make_opsetid("", 17)]
    )
    return _model(nodes, inits=inits, functions=[f])


def _nan_out():
    nan = helper.make_tensor("nan", TensorProto.FLOAT, [1], [float("nan")])
    idx = helper.make_tensor("idx", TensorProto.INT64, [12], [7] * 12)
    nodes = [
        helper.make_node("Gather", ["past", "idx"], ["g"], axis=1),
        helper.make_node("Mul", ["g", "nan"], ["future"]),
    ]
    return _model(nodes, inits=[idx, nan])


def _huge_initializer():
    nodes, inits = _repeat_last()
    big = TensorProto(name="big", data_type=TensorProto.FLOAT, dims=[100_000, 100_000])
    return _model(nodes, inits=[*inits, big])


def _slow_loop():
    """future computed after a Loop that spins 10^12 times: stopped by the time budget."""
    body = helper.make_graph(
        [helper.make_node("Identity", ["cond_in"], ["cond_out"]), helper.make_node("Identity", ["v_in"], ["v_out"])],
        "body",
        [
            _port("i", TensorProto.INT64, []),
            _port("cond_in", TensorProto.BOOL, []),
            _port("v_in", TensorProto.FLOAT, ["B", 8, 2]),
        ],
        [_port("cond_out", TensorProto.BOOL, []), _port("v_out", TensorProto.FLOAT, ["B", 8, 2])],
    )
    trip = helper.make_tensor("trip", TensorProto.INT64, [], [10**12])
    cond = helper.make_tensor("cond", TensorProto.BOOL, [], [True])
    idx = helper.make_tensor("idx", TensorProto.INT64, [12], [7] * 12)
    nodes = [
        helper.make_node("Loop", ["trip", "cond", "past"], ["looped"], body=body),
        helper.make_node("Gather", ["looped", "idx"], ["future"], axis=1),
    ]
    return _model(nodes, inits=[trip, cond, idx])


def _wrong_names():
    nodes, inits = _repeat_last()
    inputs = [
        _port("x", TensorProto.FLOAT, ["B", 8, 2]),
        _port("nb_past", TensorProto.FLOAT, ["B", "N", 8, 2]),
        _port("nb_mask", TensorProto.BOOL, ["B", "N", 8]),
    ]
    nodes[0] = helper.make_node("Gather", ["x", "idx"], ["future"], axis=1)
    return _model(nodes, inputs=inputs, inits=inits)


def _wrong_rank():
    nodes, inits = _repeat_last()
    return _model(nodes, inits=inits, outputs=[_port("future", TensorProto.FLOAT, ["B", 24])])


def _wrong_length():
    idx = helper.make_tensor("idx", TensorProto.INT64, [6], [7] * 6)
    nodes = [helper.make_node("Gather", ["past", "idx"], ["future"], axis=1)]
    return _model(nodes, inits=[idx], outputs=[_port("future", TensorProto.FLOAT, ["B", 6, 2])])


BAD = [
    ("empty", lambda: b"", "empty"),
    ("not protobuf", lambda: b"\x08\x07garbage\xff\xff\xff", "not an ONNX model"),
    ("truncated", lambda: _good()[: len(_good()) // 2], "not an ONNX model"),
    ("no graph", lambda: helper.make_model(helper.make_graph([], "g", [], [])).SerializeToString(), "no graph"),
    ("custom-domain op", _custom_op, "custom operator domain"),
    ("external data path", _external_data, "external data"),
    ("model-local function", _function, "its own functions"),
    ("unsupported opset", lambda: _model(_repeat_last()[0], inits=_repeat_last()[1], opset=999), "opset 999"),
    ("wrong input names", _wrong_names, "inputs are past, nb_past, nb_mask (per target) or agents, mask"),
    ("wrong output rank", _wrong_rank, "rank 2"),
    ("wrong output length", _wrong_length, "needs 12"),
    ("NaN outputs", _nan_out, "NaN"),
    ("huge declared initializer", _huge_initializer, "too large"),
    ("a loop that never ends", _slow_loop, "stopped after"),
]


@pytest.mark.parametrize("name, make, phrase", BAD, ids=[b[0] for b in BAD])
def test_malformed_or_unsafe_models_are_refused_in_one_sentence(name, make, phrase, monkeypatch):
    import dataclasses

    import modeldash.models.onnx_model as onnx_model

    monkeypatch.setattr(onnx_model, "TRAJECTORIES", dataclasses.replace(TRAJECTORIES, budget_s=1.0))
    with pytest.raises(InputError) as e:
        OnnxTrajectoryPredictor(make())
    assert phrase in str(e.value) and "\n" not in str(e.value), str(e.value)


def test_an_exported_digits_cnn_gives_the_same_diva_weights():
    from modeldash.analysis.diva.service import digits_report
    from modeldash.models.export import export_diva
    from modeldash.models.onnx_views import OnnxFeatureExtractor
    from modeldash.models.zoo import load_model

    model = load_model("digits_cnn")[1]
    a, b = (
        digits_report(model, DivaSettings(seed=3)),
        digits_report(OnnxFeatureExtractor(export_diva(model)), DivaSettings(seed=3)),
    )
    np.testing.assert_allclose(b.reweighting.weights, a.reweighting.weights, atol=1e-4)
    np.testing.assert_allclose(b.reweighting.derivative, a.reweighting.derivative, atol=1e-4)
    assert abs(a.noisy_auroc - b.noisy_auroc) < 1e-4 and abs(a.acc_after - b.acc_after) < 1e-4


def pixels_onnx(size: int = 8) -> bytes:
    """A feature extractor whose features are the raw pixels: images (B, size, size) -> (B, size²)."""
    g = helper.make_graph(
        [helper.make_node("Flatten", ["images"], ["features"], axis=1)],
        "pixels",
        [_port("images", TensorProto.FLOAT, ["B", size, size])],
        [_port("features", TensorProto.FLOAT, ["B", size * size])],
    )
    return helper.make_model(g, opset_imports=[helper.make_opsetid("", 17)]).SerializeToString()


def test_a_feature_extractor_for_other_images_is_refused():
    from modeldash.models.onnx_views import OnnxFeatureExtractor

    assert OnnxFeatureExtractor(pixels_onnx(8)).features(__import__("torch").zeros(3, 8, 8)).shape == (3, 64)
    with pytest.raises(InputError, match="needs 8"):
        OnnxFeatureExtractor(pixels_onnx(28))


@pytest.mark.slow
@pytest.mark.parametrize("kind", ["mlp", "cnn", "resnet", "vae"])
def test_an_exported_factor_regressor_scores_as_the_pytorch_model(kind):
    from modeldash.analysis.splits.scores import evaluate_split
    from modeldash.models.export import export_splits
    from modeldash.models.onnx_views import OnnxFactorRegressor
    from modeldash.models.zoo import load_model

    _, model = load_model(f"splits_scenes_interpolation_{kind}")
    mine = OnnxFactorRegressor(export_splits(model), model.cfg.channels, model.cfg.n_factors)
    a, b = (evaluate_split({"m": m}, "scenes", "interpolation", n_train=100, n_test=300)[0] for m in (model, mine))
    np.testing.assert_allclose(b.pred, a.pred, atol=1e-4)
    np.testing.assert_allclose(b.r2_per_factor, a.r2_per_factor, atol=1e-4)


def mean_colour_onnx(channels: int, n_factors: int) -> bytes:
    """A (poor) factor regressor: each image's mean colour times a fixed matrix, (B, C, 64, 64) -> (B, K)."""
    w = helper.make_tensor("w", TensorProto.FLOAT, [channels, n_factors], list(np.linspace(0, 1, channels * n_factors)))
    g = helper.make_graph(
        [
            helper.make_node("ReduceMean", ["images"], ["m"], axes=[2, 3], keepdims=0),
            helper.make_node("MatMul", ["m", "w"], ["factors"]),
        ],
        "mean",
        [_port("images", TensorProto.FLOAT, ["B", channels, 64, 64])],
        [_port("factors", TensorProto.FLOAT, ["B", n_factors])],
        initializer=[w],
    )
    return helper.make_model(g, opset_imports=[helper.make_opsetid("", 17)]).SerializeToString()


@pytest.mark.parametrize(
    "zoo_name, adapter",
    [
        ("traj_eth_ucy_ego_lstm", lambda raw, m: OnnxTrajectoryPredictor(raw)),
        (
            "digits_cnn",
            lambda raw, m: __import__("modeldash.models.onnx_views").models.onnx_views.OnnxFeatureExtractor(raw),
        ),
        (
            "splits_dsprites_random_mlp",
            lambda raw, m: __import__("modeldash.models.onnx_views").models.onnx_views.OnnxFactorRegressor(
                raw, m.cfg.channels, m.cfg.n_factors
            ),
        ),
    ],
)
@pytest.mark.slow
def test_the_export_snippet_each_page_shows_writes_a_model_the_view_accepts(zoo_name, adapter, tmp_path, monkeypatch):
    from modeldash.models.onnx_model import DIVA, splits_contract
    from modeldash.models.zoo import load_model

    _, model = load_model(zoo_name)
    contract = {"traj": TRAJECTORIES, "digi": DIVA, "spli": None}[zoo_name[:4]]
    contract = contract or splits_contract(model.cfg.channels, model.cfg.n_factors)
    monkeypatch.chdir(tmp_path)
    exec(contract.snippet, {"model": model})  # the page's code, as a researcher would paste it
    assert adapter((tmp_path / "mine.onnx").read_bytes(), model) is not None  # contract checked, probe run
