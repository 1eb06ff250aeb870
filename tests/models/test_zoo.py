"""The zoo refuses every malformed manifest and weights file with a clear message, and runs no code."""

import io
import json
import os
import pickle
import struct
from pathlib import Path

import pytest
import torch
from safetensors.torch import save as st_save

from modeldash.errors import InputError
from modeldash.models import zoo
from modeldash.models.zoo import list_zoo, load_model, load_pair, save_model

ZOO = zoo.DEFAULT_ZOO
MANIFEST = (ZOO / "digits_cnn.json").read_bytes()
WEIGHTS = (ZOO / "digits_cnn.safetensors").read_bytes()
STATE = zoo.read_safetensors(WEIGHTS)
MARKER = Path("/tmp/dashboard_pickle_payload_ran")


class _Payload:
    """Unpickling this would create MARKER: the test fails if it ever does."""

    def __reduce__(self):
        return (os.system, (f"touch {MARKER}",))


def _manifest(**change) -> bytes:
    d = json.loads(MANIFEST)
    for k, v in change.items():
        if v is None:
            d.pop(k)
        else:
            d[k] = v
    return json.dumps(d).encode()


def _config(**change) -> bytes:
    d = json.loads(MANIFEST)
    d["config"].update(change)
    return json.dumps(d).encode()


def _weights(**change) -> bytes:
    state = dict(STATE)
    for k, v in change.items():
        k = k.replace("__", ".")
        if v is None:
            state.pop(k)
        else:
            state[k] = v
    return st_save(state)


def _raw_header(header: dict, body: bytes = b"") -> bytes:
    h = json.dumps(header).encode()
    return struct.pack("<Q", len(h)) + h + body


def _torch_save(obj) -> bytes:
    buf = io.BytesIO()
    torch.save(obj, buf)
    return buf.getvalue()


W0 = STATE["body.0.weight"]
CASES = {
    "empty manifest": (b"", WEIGHTS, "x.safetensors", "empty"),
    "manifest of random bytes": (os.urandom(200), WEIGHTS, "x.safetensors", "not valid JSON"),
    "manifest is a list": (b"[1, 2]", WEIGHTS, "x.safetensors", "JSON object"),
    "manifest without task": (_manifest(task=None), WEIGHTS, "x.safetensors", "no 'task'"),
    "seed is text": (_manifest(seed="zero"), WEIGHTS, "x.safetensors", "'seed' must be a int"),
    "unknown architecture": (_manifest(architecture="Evil"), WEIGHTS, "x.safetensors", "unknown architecture"),
    "config with unknown field": (_config(depth=3), WEIGHTS, "x.safetensors", "unknown fields"),
    "config declares a huge layer": (_config(feature_dim=10**9), WEIGHTS, "x.safetensors", "feature_dim"),
    "config negative width": (_config(channels1=-4), WEIGHTS, "x.safetensors", "channels1"),
    "config other width than weights": (_config(channels1=8), WEIGHTS, "x.safetensors", "shape"),
    "metrics not numbers": (_manifest(metrics={"acc": "high"}), WEIGHTS, "x.safetensors", "numbers"),
    "name with a path": (_manifest(name="../../etc/passwd"), WEIGHTS, "x.safetensors", "model name"),
    "manifest over the size limit": (b" " * (zoo.MAX_MANIFEST_BYTES + 1), WEIGHTS, "x.safetensors", "at most"),
    "empty weights": (MANIFEST, b"", "x.safetensors", "empty"),
    "weights of random bytes": (MANIFEST, os.urandom(4096), "x.safetensors", "safetensors|truncated"),
    "truncated weights": (MANIFEST, WEIGHTS[: len(WEIGHTS) // 2], "x.safetensors", "truncated|corrupt"),
    "seven bytes": (MANIFEST, WEIGHTS[:7], "x.safetensors", "truncated"),
    "header longer than file": (MANIFEST, struct.pack("<Q", 10**12) + b"{}", "x.safetensors", "truncated"),
    "huge declared shape": (
        MANIFEST,
        _raw_header({"body.0.weight": {"dtype": "F32", "shape": [10**6, 10**6], "data_offsets": [0, 16]}}, b"\0" * 16),
        "x.safetensors",
        "does not fit",
    ),
    "unknown dtype": (
        MANIFEST,
        _raw_header({"a": {"dtype": "F128", "shape": [1], "data_offsets": [0, 16]}}, b"\0" * 16),
        "x.safetensors",
        "does not fit",
    ),
    "missing tensor": (MANIFEST, _weights(head__bias=None), "x.safetensors", "missing"),
    "extra tensor": (MANIFEST, _weights(extra=torch.zeros(3)), "x.safetensors", "unexpected"),
    "wrong shape": (MANIFEST, _weights(head__bias=torch.zeros(11)), "x.safetensors", "shape"),
    "NaN weights": (MANIFEST, _weights(body__0__weight=torch.full_like(W0, float("nan"))), "x.safetensors", "NaN"),
    "infinite weights": (MANIFEST, _weights(head__bias=torch.full((10,), float("inf"))), "x.safetensors", "NaN"),
    "integer weights": (MANIFEST, _weights(head__bias=torch.zeros(10, dtype=torch.int32)), "x.safetensors", "floating"),
    "pickle payload as .pt": (MANIFEST, pickle.dumps(_Payload()), "x.pt", "refused"),
    "torch.save payload as .pt": (MANIFEST, _torch_save({"a": _Payload()}), "x.pt", "refused"),
    "pickle payload as .safetensors": (MANIFEST, pickle.dumps(_Payload()), "x.safetensors", "safetensors|truncated"),
    ".pt holding a list": (MANIFEST, _torch_save([torch.zeros(2)]), "x.pt", "state dict"),
    "unknown file type": (MANIFEST, WEIGHTS, "x.bin", "must end in"),
}


@pytest.mark.parametrize("name", list(CASES))
def test_malformed_files_are_refused_clearly_and_run_no_code(name):
    MARKER.unlink(missing_ok=True)
    manifest, weights, fname, match = CASES[name]
    with pytest.raises(InputError, match=match) as e:
        load_pair(manifest, weights, weights_name=fname)
    assert 15 < len(str(e.value)) < 300 and "\n" not in str(e.value)
    assert not MARKER.exists(), "unpickling ran code"


def test_there_are_at_least_twenty_cases():
    assert len(CASES) >= 20


def test_weights_over_the_size_limit_are_refused(monkeypatch):
    monkeypatch.setattr(zoo, "MAX_WEIGHT_BYTES", 1000)
    with pytest.raises(InputError, match="limit"):
        load_pair(MANIFEST, WEIGHTS, weights_name="x.safetensors")


def test_good_pair_and_plain_state_dict_load_identically():
    m1, a = load_pair(MANIFEST, WEIGHTS, weights_name="x.safetensors")
    m2, b = load_pair(MANIFEST, _torch_save(STATE), weights_name="x.pt")
    x = torch.rand(4, 8, 8)
    assert torch.equal(a(x), b(x)) and not a.training
    assert m1.n_params == sum(p.numel() for p in a.parameters()) > 0


def test_save_then_load_round_trip_and_broken_entries_are_listed_not_fatal(tmp_path):
    manifest, model = load_model("digits_cnn")
    save_model(model, manifest, tmp_path)
    (tmp_path / "broken.json").write_text("{not json")
    (tmp_path / "broken.safetensors").write_bytes(b"")
    (tmp_path / "orphan.json").write_bytes(MANIFEST)
    good, problems = list_zoo(tmp_path)
    assert [m.name for m in good] == ["digits_cnn"]
    assert len(problems) == 2 and any("broken.json" in p for p in problems)
    _, again = load_model("digits_cnn", tmp_path)
    x = torch.rand(3, 8, 8)
    assert torch.equal(model(x), again(x))
