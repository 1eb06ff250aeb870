"""The model zoo: list, validate and load `<name>.json` + `<name>.safetensors` pairs, never unpickling, and a
lab's own `<name>.json` + `<name>.onnx` models (architecture "onnx", served by the views with an ONNX contract).

Every failure is an `InputError` whose message says what is wrong and what is expected.
"""

from __future__ import annotations

import dataclasses
import functools
import io
import json
import math
import os
import re
import struct
import subprocess
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from modeldash.errors import MB, InputError, check_size
from modeldash.models.architectures import ARCHITECTURES, config_class

if TYPE_CHECKING:  # torch is imported where weights are read, so listing the zoo (every page's sidebar) stays light
    import torch
    from torch import nn

DEFAULT_ZOO = Path(__file__).resolve().parent / "weights"
ZOO_ENV = "DASH_ZOO"
MAX_WEIGHT_BYTES = 50 * MB  # the largest weights file we accept (the demo models are < 1 MB)
MAX_MANIFEST_BYTES = 256 * 2**10
FORMAT_VERSION = 1
_NAME_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$")
_DTYPE_BYTES = {"F64": 8, "F32": 4, "F16": 2, "BF16": 2, "I64": 8, "I32": 4, "I16": 2, "I8": 1, "U8": 1, "BOOL": 1}
_REQUIRED = {
    "name": str,
    "task": str,
    "architecture": str,
    "config": dict,
    "dataset": dict,
    "seed": int,
    "training": dict,
    "metrics": dict,
}


def onnx_tasks() -> tuple[str, ...]:
    """The views whose analyses take a model file (their spec's `onnx`; see onnx_model.py)."""
    from modeldash import catalogue

    return tuple(v.task for v in catalogue.views() if v.onnx)


_ONNX_REQUIRED = {"name": str, "task": str, "dataset": dict}  # the rest defaults: an ONNX file carries its model


@dataclass(frozen=True)
class Manifest:
    """What a zoo entry says about its model (the JSON file), plus facts measured on load."""

    name: str
    task: str
    architecture: str
    config: dict
    dataset: dict
    seed: int
    training: dict
    metrics: dict
    code_version: str = "unknown"
    trained_at: str = "unknown"
    n_params: int = 0
    file_bytes: int = 0
    source: str = "zoo"  # "zoo" or "upload"
    extra: dict = field(default_factory=dict)

    def to_json(self) -> str:
        d = dataclasses.asdict(self)
        for k in ("file_bytes", "source", "extra"):
            d.pop(k)
        d.update(self.extra)  # unknown fields round-trip: parse_manifest puts them back in `extra`
        d["format"] = FORMAT_VERSION
        return json.dumps(d, indent=2, sort_keys=True)


def zoo_dir(path: str | os.PathLike | None = None) -> Path:
    """The zoo folder: the argument, else $DASH_ZOO, else the bundled `models/weights`."""
    return Path(path or os.environ.get(ZOO_ENV) or DEFAULT_ZOO)


def parse_manifest(raw: bytes, *, source: str = "zoo", onnx: bool = False) -> Manifest:
    """Validate a manifest's bytes (of a model in an .onnx file when `onnx`); raise InputError naming the first
    problem."""
    if len(raw) == 0:
        raise InputError("the manifest is empty; expected a JSON object with name, task, architecture, config, …")
    if len(raw) > MAX_MANIFEST_BYTES:
        raise InputError(f"the manifest is {len(raw):,} bytes; a manifest is at most {MAX_MANIFEST_BYTES:,} bytes")
    try:
        d = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as e:
        raise InputError(f"the manifest is not valid JSON ({e.__class__.__name__}); expected a JSON object") from None
    if not isinstance(d, dict):
        raise InputError("the manifest must be a JSON object, not a " + type(d).__name__)
    if onnx:
        return _onnx_manifest(d, source)
    for key, typ in _REQUIRED.items():
        if key not in d:
            raise InputError(f"the manifest has no '{key}' field; required: {', '.join(_REQUIRED)}")
        if not isinstance(d[key], typ) or (typ is int and isinstance(d[key], bool)):
            raise InputError(f"manifest field '{key}' must be a {typ.__name__}, got {type(d[key]).__name__}")
    if not _NAME_RE.match(d["name"]):
        raise InputError(f"model name {d['name'][:40]!r} must be 1–64 letters, digits, '_', '-' or '.'")
    if d["architecture"] not in ARCHITECTURES:
        raise InputError(f"unknown architecture {d['architecture'][:40]!r}; known: {', '.join(sorted(ARCHITECTURES))}")
    if not all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in d["metrics"].values()):
        raise InputError("manifest 'metrics' must map names to numbers")
    known = {f.name for f in dataclasses.fields(Manifest)} - {"file_bytes", "source", "extra"}
    kwargs = {k: d[k] for k in known if k in d}
    _config(d["architecture"], d["config"])  # validate now, so a listed entry is a loadable one
    return Manifest(**kwargs, source=source, extra={k: v for k, v in d.items() if k not in known and k != "format"})


def _onnx_manifest(d: dict, source: str) -> Manifest:
    """An ONNX model's manifest: name, task (one of `onnx_tasks()`) and the dataset it was trained on; config, seed,
    training and metrics are optional, architecture is 'onnx' (the file carries the network)."""
    for key, typ in _ONNX_REQUIRED.items():
        if not isinstance(d.get(key), typ):
            raise InputError(
                f"the manifest of an ONNX model needs '{key}' ({typ.__name__}); required: {', '.join(_ONNX_REQUIRED)}"
            )
    if not _NAME_RE.match(d["name"]):
        raise InputError(f"model name {d['name'][:40]!r} must be 1–64 letters, digits, '_', '-' or '.'")
    if d["task"] not in (tasks := onnx_tasks()):
        raise InputError(
            f"an ONNX model's task must be one of {', '.join(tasks)}, not {d['task'][:40]!r} (the other views take "
            "a model's outputs instead)"
        )
    if d.get("architecture", "onnx") != "onnx":
        raise InputError("the manifest beside an .onnx file must say architecture 'onnx' (or leave it out)")
    if not isinstance(d["dataset"].get("name"), str):
        raise InputError("the manifest's 'dataset' needs a 'name': the dataset the model was trained on")
    optional = {"config": dict, "seed": int, "training": dict, "metrics": dict}
    for key, typ in optional.items():
        if key in d and (not isinstance(d[key], typ) or isinstance(d[key], bool)):
            raise InputError(f"manifest field '{key}' must be a {typ.__name__}, got {type(d[key]).__name__}")
    if not all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in d.get("metrics", {}).values()):
        raise InputError("manifest 'metrics' must map names to numbers")
    known = {f.name for f in dataclasses.fields(Manifest)} - {"file_bytes", "source", "extra", "architecture"}
    kwargs = {"config": {}, "seed": 0, "training": {}, "metrics": {}} | {k: d[k] for k in known if k in d}
    rest = {k: v for k, v in d.items() if k not in known and k not in ("format", "architecture")}
    return Manifest(**kwargs, architecture="onnx", source=source, extra=rest)


def weights_path(name: str, path: str | os.PathLike | None = None) -> Path:
    """The file holding zoo entry `name`'s network: its .safetensors, else its .onnx."""
    root = zoo_dir(path)
    st = root / f"{name}.safetensors"
    return st if st.is_file() or not (root / f"{name}.onnx").is_file() else root / f"{name}.onnx"


def _config(architecture: str, cfg: dict):
    cfg_cls = config_class(architecture)
    names = {f.name for f in dataclasses.fields(cfg_cls)}
    unknown = set(cfg) - names
    if unknown:
        raise InputError(f"config for {architecture} has unknown fields {sorted(unknown)}; allowed: {sorted(names)}")
    try:
        return cfg_cls(**cfg)
    except TypeError as e:
        raise InputError(f"config for {architecture} does not fit: {e}") from None


def _check_size(raw: bytes, expected: str) -> None:
    if len(raw) == 0:
        raise InputError(f"the weights file is empty; expected {expected}")
    check_size(len(raw), MAX_WEIGHT_BYTES, "the weights file")


def read_safetensors(raw: bytes) -> dict[str, torch.Tensor]:
    """Parse a .safetensors file's bytes after checking its header against its size."""
    _check_size(raw, "a .safetensors file")
    if len(raw) < 8:
        raise InputError("the weights file is truncated: it is shorter than a safetensors header")
    (n,) = struct.unpack("<Q", raw[:8])
    if n > len(raw) - 8:
        raise InputError("the weights file is truncated or not safetensors: its header runs past the end of the file")
    try:
        header = json.loads(raw[8 : 8 + n].decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise InputError("the weights file is not safetensors: its header is not JSON") from None
    if not isinstance(header, dict):
        raise InputError("the weights file is not safetensors: its header is not a JSON object")
    body = len(raw) - 8 - n
    for key, info in header.items():
        if key == "__metadata__":
            continue
        try:
            dtype, shape, (b, e) = info["dtype"], info["shape"], info["data_offsets"]
            numel = math.prod(int(s) for s in shape)
            ok = (
                dtype in _DTYPE_BYTES
                and all(isinstance(s, int) and s >= 0 for s in shape)
                and 0 <= b <= e <= body
                and (e - b) == numel * _DTYPE_BYTES[dtype]
            )
        except (KeyError, TypeError, ValueError):
            ok = False
        if not ok:
            raise InputError(f"the weights file is corrupt or truncated: tensor {key[:40]!r} does not fit the file")
    from safetensors.torch import load as st_load

    try:
        return st_load(raw)
    except Exception as e:  # the safetensors parser raises its own types for malformed files
        raise InputError(f"the weights file could not be read as safetensors ({type(e).__name__})") from None


def read_torch_state(raw: bytes) -> dict[str, torch.Tensor]:
    """A .pt/.pth state dict, read with `weights_only=True` (no code can run) and nothing else."""
    import torch

    _check_size(raw, "a state dict saved with torch.save")
    try:
        obj = torch.load(io.BytesIO(raw), weights_only=True, map_location="cpu")
    except Exception:  # weights_only refuses pickles that would run code; torch raises several types
        raise InputError(
            "the .pt file is not a plain state dict of tensors (it was refused, not run); "
            "save weights with safetensors or torch.save(model.state_dict())"
        ) from None
    if not isinstance(obj, dict) or not all(isinstance(k, str) and torch.is_tensor(v) for k, v in obj.items()):
        raise InputError("the .pt file must hold a dict of tensor names to tensors (a state dict)")
    return obj


def build_model(manifest: Manifest, tensors: dict[str, torch.Tensor]) -> nn.Module:
    """Construct the manifest's architecture and load the tensors into it, strictly, in eval mode."""
    return build_from(manifest.architecture, manifest.config, tensors)


def model_parts(model: nn.Module) -> tuple[str, dict, dict[str, torch.Tensor]]:
    """A module as plain data — (architecture, config, state dict) — for `build_from` in another process (a
    spectrally normalised module does not pickle)."""
    return type(model).__name__, dataclasses.asdict(model.cfg), model.state_dict()


def build_from(architecture: str, config: dict, tensors: dict[str, torch.Tensor]) -> nn.Module:
    """Construct `architecture` with `config` and load the tensors into it, strictly, in eval mode."""
    import torch

    model_cls, _ = ARCHITECTURES[architecture]
    model = model_cls(_config(architecture, config))
    expected = model.state_dict()
    missing = sorted(set(expected) - set(tensors))
    extra = sorted(set(tensors) - set(expected))
    if missing or extra:
        raise InputError(f"weights do not match {architecture}: missing {missing[:3]}, unexpected {extra[:3]}")
    for k, v in expected.items():
        t = tensors[k]
        if tuple(t.shape) != tuple(v.shape):
            raise InputError(
                f"weight {k!r} has shape {tuple(t.shape)}; {architecture} with this config expects {tuple(v.shape)}"
            )
        if t.is_floating_point() != v.is_floating_point():
            raise InputError(
                f"weight {k!r} has dtype {t.dtype}; expected {'floating point' if v.is_floating_point() else v.dtype}"
            )
        if t.is_floating_point() and not torch.isfinite(t).all():
            raise InputError(f"weight {k!r} contains NaN or infinite values")
    model.load_state_dict({k: t.to(v.dtype) for k, t in tensors.items()}, strict=True)
    return model.eval()


def load_pair(
    manifest_raw: bytes, weights_raw: bytes, *, weights_name: str = "model.safetensors", source: str = "zoo"
) -> tuple[Manifest, nn.Module]:
    """Validate and load a manifest and its weights from bytes (zoo files and uploads alike)."""
    manifest = parse_manifest(manifest_raw, source=source)
    if weights_name.endswith((".pt", ".pth")):
        tensors = read_torch_state(weights_raw)
    elif weights_name.endswith(".safetensors"):
        tensors = read_safetensors(weights_raw)
    else:
        raise InputError(f"weights file {weights_name!r} must end in .safetensors (or .pt/.pth)")
    model = build_model(manifest, tensors)
    n_params = sum(p.numel() for p in model.parameters())
    return dataclasses.replace(manifest, n_params=n_params, file_bytes=len(weights_raw)), model


def list_zoo(path: str | os.PathLike | None = None) -> tuple[list[Manifest], list[str]]:
    """Manifests of every valid entry in the zoo folder, and one sentence per broken entry."""
    root = zoo_dir(path)
    if not root.is_dir():
        return [], [f"zoo folder {root} does not exist"]
    good, problems = [], []
    for js in sorted(root.glob("*.json")):
        weights = weights_path(js.stem, root)
        try:
            if not weights.is_file():
                raise InputError(f"no weights file {js.stem}.safetensors (or ONNX model {js.stem}.onnx) beside it")
            m = parse_manifest(js.read_bytes(), onnx=weights.suffix == ".onnx")
            if m.name != js.stem:
                raise InputError(f"manifest name {m.name!r} differs from its file name")
            good.append(dataclasses.replace(m, file_bytes=weights.stat().st_size))
        except InputError as e:
            problems.append(f"{js.name}: {e}")
    return good, problems


def load_model(name: str, path: str | os.PathLike | None = None) -> tuple[Manifest, nn.Module]:
    """Load zoo entry `name` (manifest and eval-mode module)."""
    root = zoo_dir(path)
    if not _NAME_RE.match(name):
        raise InputError(f"model name {name[:40]!r} is not a valid zoo name")
    js, weights = root / f"{name}.json", weights_path(name, root)
    if not js.is_file() or not weights.is_file():
        raise InputError(f"no zoo entry {name!r} in {root}; expected {name}.json and {name}.safetensors (or .onnx)")
    if weights.suffix == ".onnx":
        from modeldash.models.onnx_model import MAX_BYTES
        from modeldash.models.onnx_views import onnx_module

        check_size(weights.stat().st_size, MAX_BYTES, weights.name)

        manifest = parse_manifest(js.read_bytes(), onnx=True)
        raw = weights.read_bytes()
        return dataclasses.replace(manifest, file_bytes=len(raw)), onnx_module(manifest, raw)
    check_size(weights.stat().st_size, MAX_WEIGHT_BYTES, weights.name)
    return load_pair(js.read_bytes(), weights.read_bytes(), weights_name=weights.name)


@dataclass(frozen=True)
class ModelFile:
    """A zoo model as bytes, its manifest and its network file: what a job sends to a worker, which rebuilds the
    model with the same checks as the zoo (data, never code)."""

    manifest: bytes
    weights: bytes
    weights_name: str  # "<name>.safetensors" or "<name>.onnx"

    def load(self) -> nn.Module:
        if self.weights_name.endswith(".onnx"):
            from modeldash.models.onnx_views import onnx_module

            return onnx_module(parse_manifest(self.manifest, onnx=True), self.weights)
        return load_pair(self.manifest, self.weights, weights_name=self.weights_name)[1]


def onnx_file(raw: bytes, name: str, task: str, dataset: str) -> ModelFile:
    """A researcher's ONNX file (`--model-file`) as a ModelFile: a manifest naming its view and data domain."""
    manifest = json.dumps({"name": name, "task": task, "dataset": {"name": dataset}}).encode()
    parse_manifest(manifest, onnx=True)  # the same checks as a lab's entry in a zoo folder
    return ModelFile(manifest, raw, f"{name}.onnx")


def model_file(name: str, path: str | os.PathLike | None = None) -> ModelFile:
    """Zoo entry `name` as a ModelFile."""
    if not _NAME_RE.match(name):
        raise InputError(f"model name {name[:40]!r} is not a valid zoo name")
    js, weights = zoo_dir(path) / f"{name}.json", weights_path(name, path)
    if not js.is_file() or not weights.is_file():
        raise InputError(f"no zoo entry {name!r} in {zoo_dir(path)}")
    return ModelFile(js.read_bytes(), weights.read_bytes(), weights.name)


@functools.lru_cache(maxsize=1)
def code_version() -> str:
    """The git commit of the code this process runs (or 'unknown' outside a checkout): asked of git once, when
    the process first needs it — the code it runs does not change after it started."""
    try:
        out = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"],
            capture_output=True,
            text=True,
            cwd=Path(__file__).parent,
            timeout=5,
        )
        return out.stdout.strip() or "unknown"
    except (OSError, subprocess.SubprocessError):
        return "unknown"


def save_model(model: nn.Module, manifest: Manifest, path: str | os.PathLike | None = None) -> Path:
    """Write `<name>.safetensors` and `<name>.json` into the zoo folder; returns the weights path."""
    from safetensors.torch import save as st_save

    root = zoo_dir(path)
    root.mkdir(parents=True, exist_ok=True)
    state = {k: v.detach().contiguous() for k, v in model.state_dict().items()}
    weights = root / f"{manifest.name}.safetensors"
    weights.write_bytes(st_save(state))
    m = dataclasses.replace(
        manifest,
        n_params=sum(p.numel() for p in model.parameters()),
        code_version=code_version(),
        trained_at=datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
    )
    (root / f"{manifest.name}.json").write_text(m.to_json() + "\n")
    return weights
