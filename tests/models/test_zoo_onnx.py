"""A lab's ONNX models in the zoo folder (`<name>.onnx` + `<name>.json`): listed and loaded like the zoo's own, by
their task's contract; a wrong manifest or file is one sentence, and the rest of the zoo still loads."""

import json

import numpy as np
import pytest
import torch

pytest.importorskip("onnxruntime")

from modeldash.errors import InputError
from modeldash.models.zoo import list_zoo, load_model, weights_path
from tests.conftest import onnx_entry as _entry
from tests.models.test_onnx import _good, mean_colour_onnx, pixels_onnx


@pytest.mark.slow
def test_onnx_entries_are_listed_beside_the_zoo_models(lab_zoo):
    good, problems = list_zoo(lab_zoo)
    by = {m.name: m for m in good}
    assert not problems
    assert {by[n].architecture for n in ("lab_social", "lab_pixels", "lab_mean")} == {"onnx"}
    assert by["lab_social"].task == "trajectories" and by["lab_social"].dataset["name"] == "eth_ucy"
    assert by["lab_social"].extra["exported_from"] == "traj_eth_ucy_social_attn"
    assert by["lab_social"].file_bytes == (lab_zoo / "lab_social.onnx").stat().st_size
    assert by["digits_cnn"].architecture == "DigitsCNN"  # the others are untouched
    assert weights_path("lab_mean", lab_zoo).suffix == ".onnx"
    assert weights_path("digits_cnn", lab_zoo).suffix == ".safetensors"


def test_an_onnx_entry_loads_as_its_views_model(lab_zoo):
    from modeldash.analysis.trajectories.stored import domain_digests, domain_models

    _, torch_model = load_model("traj_eth_ucy_social_attn")
    m, mine = load_model("lab_social", lab_zoo)
    assert m.architecture == "onnx"
    g = torch.Generator().manual_seed(0)
    past, nb = torch.randn(3, 8, 2, generator=g), torch.randn(3, 4, 8, 2, generator=g)
    mask = torch.ones(3, 4, 8, dtype=torch.bool)
    with torch.no_grad():
        np.testing.assert_allclose(mine(past, nb, mask).numpy(), torch_model(past, nb, mask).numpy(), atol=1e-4)
    models, digests = domain_models("eth_ucy", lab_zoo)
    assert "lab_social (ONNX)" in models and set(models) == set(domain_digests("eth_ucy", lab_zoo))
    assert load_model("lab_pixels", lab_zoo)[1].features(torch.zeros(2, 8, 8)).shape == (2, 64)
    assert load_model("lab_mean", lab_zoo)[1](torch.zeros(2, 1, 64, 64)).shape == (2, 5)


def test_the_splits_scores_leave_onnx_entries_to_the_picker(lab_zoo):
    from modeldash.analysis.splits.service import zoo_scores

    assert "lab_mean" not in set(zoo_scores(lab_zoo).model)  # no recorded scores: evaluated on every split instead


BAD_MANIFESTS = [
    ("series task", {"task": "series", "dataset": {"name": "co2"}}, "task must be one of"),
    ("no dataset", {"task": "diva"}, "needs 'dataset'"),
    ("dataset without name", {"task": "diva", "dataset": {}}, "needs a 'name'"),
    ("safetensors architecture", {"task": "diva", "dataset": {"name": "d"}, "architecture": "DigitsCNN"}, "'onnx'"),
    ("metrics not numbers", {"task": "diva", "dataset": {"name": "d"}, "metrics": {"a": "b"}}, "map names to numbers"),
    ("bad name", {"task": "diva", "dataset": {"name": "d"}, "name": "../x"}, "must be 1–64"),
]


@pytest.mark.parametrize("case, manifest, phrase", BAD_MANIFESTS, ids=[b[0] for b in BAD_MANIFESTS])
def test_a_wrong_manifest_is_one_sentence_and_the_rest_loads(tmp_path, case, manifest, phrase):
    (tmp_path / "m.onnx").write_bytes(pixels_onnx(8))
    (tmp_path / "m.json").write_text(json.dumps({"name": "m", **manifest}))
    _entry(tmp_path, "ok", pixels_onnx(8), task="diva", dataset={"name": "digits"})
    good, problems = list_zoo(tmp_path)
    assert [m.name for m in good] == ["ok"]
    assert len(problems) == 1 and problems[0].startswith("m.json: ") and phrase in problems[0], problems


@pytest.mark.parametrize(
    "raw, task, dataset, phrase",
    [
        (b"\x08\x07garbage", "diva", "digits", "protobuf does not parse"),
        (_good(), "diva", "digits", "this view needs images"),  # a trajectory predictor filed as a diva model
        (mean_colour_onnx(1, 5), "splits", "mnist", "dataset must be one of"),
    ],
)
def test_a_listed_onnx_entry_that_does_not_fit_its_view_refuses_on_load(tmp_path, raw, task, dataset, phrase):
    _entry(tmp_path, "m", raw, task=task, dataset={"name": dataset})
    assert [m.name for m in list_zoo(tmp_path)[0]] == ["m"]  # the manifest is fine; the network is read on load
    with pytest.raises(InputError, match=phrase):
        load_model("m", tmp_path)
