"""A researcher's model as an ONNX file: data, never code. The file is parsed as protobuf and checked before
onnxruntime sees it — standard-domain operators only (no custom ops, no model-local functions), no external data,
a supported opset, inputs and outputs as the view's contract says — then run with the CPU execution provider only,
at most four threads, under a time budget, after a probe batch whose outputs must have the contract's shape and be finite.
onnx and onnxruntime are imported only here, when such a model is opened."""

from __future__ import annotations

import math
import os
import threading
import time
from dataclasses import dataclass

import numpy as np

from modeldash.errors import MB, InputError, check_size

MAX_BYTES = 100 * MB
STANDARD_DOMAINS = {"", "ai.onnx", "ai.onnx.ml"}
MIN_OPSET = 7
MAX_INITIALIZER = 50_000_000  # elements in any one declared tensor
ELEM = {"float32": 1, "bool": 9, "int64": 7}
THREADS = min(
    4, os.cpu_count() or 1
)  # as many as PyTorch's own CPU runs use here, at most 4  # onnx.TensorProto data types the contracts use


@dataclass(frozen=True)
class Port:
    name: str
    dtype: str  # "float32", "bool" or "int64"
    shape: tuple  # ints are fixed sizes, strings name a dynamic axis


@dataclass(frozen=True)
class Contract:
    """What a view's model takes and gives; `probe` builds a batch of inputs to try it on."""

    view: str
    inputs: tuple[Port, ...]
    outputs: tuple[Port, ...]
    budget_s: float  # the longest one call may take
    snippet: str = ""  # a ready torch.onnx.export call that writes a model in this contract

    def describe(self) -> str:
        def fmt(p: Port) -> str:
            return f"{p.name} ({', '.join(map(str, p.shape))}) {p.dtype}"

        return f"inputs {'; '.join(map(fmt, self.inputs))} → outputs {'; '.join(map(fmt, self.outputs))}"


def _walk_graphs(graph):
    """The graph and every subgraph in its nodes' attributes (Loop, If, Scan bodies)."""
    yield graph
    for node in graph.node:
        for a in node.attribute:
            if a.HasField("g"):
                yield from _walk_graphs(a.g)
            for g in a.graphs:
                yield from _walk_graphs(g)


def _tensors(graph):
    yield from graph.initializer
    for s in graph.sparse_initializer:
        yield s.values
        yield s.indices
    for node in graph.node:
        for a in node.attribute:
            if a.HasField("t"):
                yield a.t
            yield from a.tensors


def check_model(raw: bytes, contract: Contract):
    """The parsed onnx.ModelProto when it meets every rule below and its inputs and outputs are the contract's; else
    one InputError sentence."""
    model = parse_model(raw)
    _check_ports("input", graph_inputs(model), contract.inputs)
    _check_ports("output", list(model.graph.output), contract.outputs)
    return model


def graph_inputs(model) -> list:
    """The graph's real inputs (an initializer listed as an input is a weight, not an input)."""
    return [i for i in model.graph.input if i.name not in {t.name for t in model.graph.initializer}]


def port_names(raw: bytes) -> tuple[set[str], set[str]]:
    """The names of a checked model's inputs and outputs (a view with several forms picks its contract by them)."""
    model = parse_model(raw)
    return {i.name for i in graph_inputs(model)}, {o.name for o in model.graph.output}


def static_dims(raw: bytes, name: str) -> tuple:
    """The declared shape of an input: an int per fixed dimension, None per dynamic one."""
    model = parse_model(raw)
    for i in graph_inputs(model):
        if i.name == name:
            return tuple(d.dim_value if d.HasField("dim_value") else None for d in i.type.tensor_type.shape.dim)
    raise InputError(f"the model has no input {name!r}")


def parse_model(raw: bytes):
    """The parsed onnx.ModelProto when it is data we run (the module's rules, ports aside); else one InputError."""
    import onnx
    from google.protobuf.message import DecodeError

    if not raw:
        raise InputError("the ONNX file is empty")
    check_size(len(raw), MAX_BYTES, "the ONNX file")
    try:
        model = onnx.load_model_from_string(raw)
    except (DecodeError, ValueError, RuntimeError, TypeError):
        raise InputError("the file is not an ONNX model (its protobuf does not parse)") from None
    if not model.HasField("graph") or not model.graph.node:
        raise InputError("the ONNX file has no graph")
    if model.functions:
        raise InputError("the model defines its own functions; only standard ONNX operators are accepted")
    opsets = {o.domain: o.version for o in model.opset_import}
    bad = [d for d in opsets if d not in STANDARD_DOMAINS]
    if bad:
        raise InputError(
            f"the model imports the custom operator domain {bad[0][:40]!r}; only standard ONNX is accepted"
        )
    version = opsets.get("", opsets.get("ai.onnx", 0))
    if not MIN_OPSET <= version <= onnx.defs.onnx_opset_version():
        raise InputError(
            f"the model's opset {version} is not supported (use {MIN_OPSET} to {onnx.defs.onnx_opset_version()})"
        )
    for g in _walk_graphs(model.graph):
        for node in g.node:
            if node.domain not in STANDARD_DOMAINS:
                raise InputError(f"operator {node.op_type[:40]!r} is in the custom domain {node.domain[:40]!r}")
        for t in _tensors(g):
            if t.data_location == onnx.TensorProto.EXTERNAL or len(t.external_data):
                raise InputError(
                    "the model refers to external data files; export it with its weights inside "
                    "(torch.onnx.export(..., external_data=False))"
                )
            if math.prod(t.dims) > MAX_INITIALIZER:
                raise InputError(f"tensor {t.name[:40]!r} declares {math.prod(t.dims):,} elements; too large")
    return model


def _check_ports(kind: str, got, want: tuple[Port, ...]) -> None:
    names = [v.name for v in got]
    if sorted(names) != sorted(p.name for p in want):
        raise InputError(
            f"the model's {kind}s are {', '.join(names) or 'none'}; this view needs {', '.join(p.name for p in want)}"
        )
    by = {v.name: v for v in got}
    for p in want:
        tt = by[p.name].type.tensor_type
        if tt.elem_type != ELEM[p.dtype]:
            raise InputError(f"{kind} {p.name!r} must be {p.dtype}")
        dims = tt.shape.dim
        if len(dims) != len(p.shape):
            raise InputError(
                f"{kind} {p.name!r} has rank {len(dims)}; expected {len(p.shape)} ({', '.join(map(str, p.shape))})"
            )
        for d, s in zip(dims, p.shape):
            if isinstance(s, int) and d.HasField("dim_value") and d.dim_value != s:
                raise InputError(
                    f"{kind} {p.name!r} has a dimension of {d.dim_value} where this view needs {s} "
                    f"(expected {', '.join(map(str, p.shape))})"
                )


class _Watchdog:
    """One thread per process that stops a call past its deadline (RunOptions.terminate): arming it costs a lock,
    not a new thread per call (the game makes hundreds of small calls)."""

    def __init__(self):
        self._cv = threading.Condition()
        self._jobs: dict[int, tuple[object, float]] = {}
        self._thread: threading.Thread | None = None

    def arm(self, opts, budget_s: float) -> int:
        with self._cv:
            if self._thread is None:
                self._thread = threading.Thread(target=self._loop, name="onnx-watchdog", daemon=True)
                self._thread.start()
            token = id(opts)
            self._jobs[token] = (opts, time.monotonic() + budget_s)
            self._cv.notify()
            return token

    def disarm(self, token: int) -> None:
        with self._cv:
            self._jobs.pop(token, None)

    def _loop(self) -> None:
        with self._cv:
            while True:
                now = time.monotonic()
                for token, (opts, deadline) in list(self._jobs.items()):
                    if deadline <= now:
                        opts.terminate = True
                        del self._jobs[token]
                nearest = min((d for _, d in self._jobs.values()), default=None)
                self._cv.wait(None if nearest is None else max(0.0, nearest - now))


_WATCHDOG = _Watchdog()


class OnnxRunner:
    """An onnxruntime session on the CPU provider only, at most THREADS threads, each call under the contract's
    budget."""

    def __init__(self, raw: bytes, contract: Contract, probe: dict[str, np.ndarray]):
        import onnxruntime as ort

        check_model(raw, contract)
        opts = ort.SessionOptions()
        opts.intra_op_num_threads = THREADS
        opts.inter_op_num_threads = 1
        opts.add_session_config_entry("session.intra_op.allow_spinning", "0")  # idle threads leave PyTorch the CPU
        opts.log_severity_level = 3
        try:
            self._session = ort.InferenceSession(raw, sess_options=opts, providers=["CPUExecutionProvider"])
        except Exception as e:  # onnxruntime raises its own types for graphs it cannot build
            raise InputError(f"onnxruntime cannot load the model: {str(e).splitlines()[0][:200]}") from None
        self.contract = contract
        out = self.run(probe)
        for p in contract.outputs:
            shape = tuple(s if isinstance(s, int) else None for s in p.shape)
            got = out[p.name].shape
            if len(got) != len(shape) or any(s is not None and g != s for g, s in zip(got, shape)):
                raise InputError(f"on a probe batch the model's {p.name!r} has shape {got}; expected {p.shape}")
            if not np.isfinite(out[p.name]).all():
                raise InputError(f"on a probe batch the model's {p.name!r} has NaN or infinite values")

    def run(self, feeds: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
        import onnxruntime as ort

        opts = ort.RunOptions()
        t0 = time.perf_counter()
        token = _WATCHDOG.arm(opts, self.contract.budget_s)
        try:
            outs = self._session.run([p.name for p in self.contract.outputs], feeds, opts)
        except Exception as e:
            took = time.perf_counter() - t0
            if took >= self.contract.budget_s * 0.95:
                raise InputError(
                    f"the model was stopped after {took:.1f} s; one call may take at most {self.contract.budget_s:g} s"
                ) from None
            raise InputError(f"the model failed on its input: {str(e).splitlines()[0][:200]}") from None
        finally:
            _WATCHDOG.disarm(token)
        return {p.name: o for p, o in zip(self.contract.outputs, outs)}


# ---------------------------------------------------------------- each view's contract

# Trajectories: metres, the same frame in and out; nb_mask marks the steps a neighbour is observed. Three output kinds
# (models/trajectories.py): `future` (B, 12, 2), `gaussian` (B, 12, 5) = μx, μy, log σx, log σy, atanh ρ (Social-
# STGCNN's raw layout), `samples` (B, K, 12, 2); a sampling model takes its randomness as `noise` (B, K, Z), Z fixed.
# Two input forms: per target (past, nb_past, nb_mask) or the whole scene (agents, mask; agent 0 is the target).
TRAJ_OUTPUTS = {"future": (12, 2), "gaussian": (12, 5), "samples": ("K", 12, 2)}
TRAJ_FORMS = {
    "target": (
        Port("past", "float32", ("B", 8, 2)),
        Port("nb_past", "float32", ("B", "N", 8, 2)),
        Port("nb_mask", "bool", ("B", "N", 8)),
    ),
    "scene": (Port("agents", "float32", ("B", "A", 8, 2)), Port("mask", "bool", ("B", "A", 8))),
}
TRAJ_NOISE = "noise"


def trajectories_contract(inputs: set[str], outputs: set[str]) -> Contract:
    """The trajectories contract a model's port names choose: its input form, its output kind, with or without
    noise; one sentence listing the accepted forms when the names match none."""
    kinds = sorted(outputs & set(TRAJ_OUTPUTS))
    forms = [f for f, ports in TRAJ_FORMS.items() if {p.name for p in ports} == inputs - {TRAJ_NOISE}]
    if len(outputs) != 1 or len(kinds) != 1 or not forms:
        raise InputError(
            "a trajectory model's inputs are past, nb_past, nb_mask (per target) or agents, mask (the whole "
            "scene), plus noise for a sampling model, and its one output is future, gaussian or samples; this "
            f"one has inputs {', '.join(sorted(inputs)) or 'none'} and outputs {', '.join(sorted(outputs)) or 'none'}"
        )
    kind, form = kinds[0], forms[0]
    lead = ("B",) if form == "target" else ("B", "A")
    ins = TRAJ_FORMS[form] + ((Port(TRAJ_NOISE, "float32", ("B", "K", "Z")),) if TRAJ_NOISE in inputs else ())
    return Contract(
        "trajectories",
        inputs=ins,
        outputs=(Port(kind, "float32", lead + TRAJ_OUTPUTS[kind]),),
        budget_s=TRAJECTORIES.budget_s,
        snippet=TRAJECTORIES.snippet,
    )


TRAJECTORIES = Contract(
    "trajectories",
    inputs=(
        Port("past", "float32", ("B", 8, 2)),
        Port("nb_past", "float32", ("B", "N", 8, 2)),
        Port("nb_mask", "bool", ("B", "N", 8)),
    ),
    outputs=(Port("future", "float32", ("B", 12, 2)),),
    budget_s=20.0,
    snippet=(
        "import torch\n"
        "B, N = torch.export.Dim('B'), torch.export.Dim('N')\n"
        "args = (torch.zeros(2, 8, 2), torch.zeros(2, 10, 8, 2), torch.ones(2, 10, 8, dtype=torch.bool))\n"
        "torch.onnx.export(model.eval(), args, 'mine.onnx', input_names=['past', 'nb_past', 'nb_mask'],\n"
        "                  output_names=['future'], dynamo=True, external_data=False,\n"
        "                  dynamic_shapes={'past': {0: B}, 'nb_past': {0: B, 1: N}, 'nb_mask': {0: B, 1: N}})"
    ),
)

# Example weights: the digits (8×8, values in [0, 1]) to the penultimate features DIVA refits the last layer on
DIVA = Contract(
    "diva",
    inputs=(Port("images", "float32", ("B", 8, 8)),),
    outputs=(Port("features", "float32", ("B", "D")),),
    budget_s=20.0,
    snippet=(
        "import torch\n"
        "class Features(torch.nn.Module):  # images (B, 8, 8) -> the penultimate layer's output (B, D)\n"
        "    def __init__(self, net):\n"
        "        super().__init__()\n"
        "        self.net = net\n"
        "    def forward(self, images):\n"
        "        return self.net.features(images)  # your network's body, without its last layer\n"
        "torch.onnx.export(Features(model).eval(), (torch.zeros(2, 8, 8),), 'mine.onnx', dynamo=True,\n"
        "                  external_data=False,  # the weights inside the one file\n"
        "                  input_names=['images'], output_names=['features'],\n"
        "                  dynamic_shapes={'images': {0: torch.export.Dim('B')}})"
    ),
)


def splits_contract(channels: int, n_factors: int) -> Contract:
    """Compositional splits: rendered images (B, C, 64, 64) in [0, 1], as the view feeds its own regressors, to the
    factors normalised to [0, 1] (value index / (values − 1))."""
    return Contract(
        "splits",
        inputs=(Port("images", "float32", ("B", channels, 64, 64)),),
        outputs=(Port("factors", "float32", ("B", n_factors)),),
        budget_s=30.0,
        snippet=(
            "import torch\n"
            f"args = (torch.zeros(2, {channels}, 64, 64),)  # images in [0, 1]\n"
            "torch.onnx.export(model.eval(), args, 'mine.onnx', input_names=['images'],\n"
            f"                  output_names=['factors'], dynamo=True,  # (B, {n_factors}), each in [0, 1]\n"
            "                  external_data=False,\n"
            "                  dynamic_shapes=({0: torch.export.Dim('B')},))"
        ),
    )
