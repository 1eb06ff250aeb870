"""Fixtures shared by the model and page tests."""

import json

import pytest


def onnx_entry(root, name, raw: bytes, **manifest) -> None:
    """Write `<name>.onnx` and its manifest into a zoo folder."""
    (root / f"{name}.onnx").write_bytes(raw)
    (root / f"{name}.json").write_text(json.dumps({"name": name, **manifest}))


@pytest.fixture(scope="session")
def lab_zoo(tmp_path_factory):
    """A lab's zoo folder: the bundled zoo (linked) plus ONNX entries — an exported social-attention predictor
    (written by `python -m models.export … --manifest`), a pixels feature extractor for the digits and a
    mean-colour regressor for dSprites."""
    pytest.importorskip("onnxruntime")
    from models.export import main as export
    from models.zoo import DEFAULT_ZOO
    from tests.models.test_onnx import mean_colour_onnx, pixels_onnx

    root = tmp_path_factory.mktemp("lab_zoo")
    for f in DEFAULT_ZOO.iterdir():
        (root / f.name).symlink_to(f)
    assert export(["traj_eth_ucy_social_attn", "--out", str(root / "lab_social.onnx"), "--manifest"]) == 0
    onnx_entry(root, "lab_pixels", pixels_onnx(8), task="diva", dataset={"name": "digits"})
    onnx_entry(root, "lab_mean", mean_colour_onnx(1, 5), task="splits", dataset={"name": "dsprites", "split": "random"})
    return root
