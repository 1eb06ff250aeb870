"""`python -m modeldash.models.export NAME --out FILE.onnx [--manifest]`: write a zoo model as ONNX in its view's contract
(the starting point for a researcher's own export): trajectory predictors, the digits feature extractor and the
factor regressors. `--manifest` writes FILE.json beside it, so the folder serves the model as a zoo entry."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import torch

from modeldash.errors import InputError
from modeldash.models.zoo import load_model


def _onnx(module: torch.nn.Module, args: tuple, inputs: list[str], outputs: list[str], dynamic: dict) -> bytes:
    """ONNX bytes of `module` in eval mode, by torch.onnx's dynamo exporter, with the named dynamic axes."""
    program = torch.onnx.export(
        module.eval(),
        args,
        input_names=inputs,
        output_names=outputs,
        dynamic_shapes=dynamic,
        dynamo=True,
        verbose=False,
    )
    return program.model_proto.SerializeToString()


def export_trajectories(model: torch.nn.Module) -> bytes:
    """ONNX bytes of a trajectory predictor, batch and neighbour count dynamic; the output named by its kind
    (future, gaussian, samples), and a sampling model's noise (B, K, Z) an input with K and Z fixed."""
    from modeldash.models.trajectories import noise_shape, output_kind

    past, nb, mask = torch.zeros(2, 8, 2), torch.zeros(2, 10, 8, 2), torch.ones(2, 10, 8, dtype=torch.bool)
    b, n = torch.export.Dim("B"), torch.export.Dim("N")
    dynamic = {"past": {0: b}, "nb_past": {0: b, 1: n}, "nb_mask": {0: b, 1: n}}
    args, names = (past, nb, mask), ["past", "nb_past", "nb_mask"]
    if noise_shape(model) is not None:
        args, names = args + (torch.zeros(2, *noise_shape(model)),), names + ["noise"]
        dynamic["noise"] = {0: b}
    return _onnx(model, args, names, [output_kind(model)], dynamic)


class _Features(torch.nn.Module):
    def __init__(self, cnn: torch.nn.Module):
        super().__init__()
        self.cnn = cnn

    def forward(self, images: torch.Tensor) -> torch.Tensor:
        return self.cnn.features(images)


def export_diva(model: torch.nn.Module) -> bytes:
    """ONNX bytes of a digits CNN's feature extractor (images (B, 8, 8) -> features (B, D)), batch dynamic."""
    dynamic = {"images": {0: torch.export.Dim("B")}}
    return _onnx(_Features(model), (torch.zeros(2, 8, 8),), ["images"], ["features"], dynamic)


def export_splits(model: torch.nn.Module) -> bytes:
    """ONNX bytes of a factor regressor (images (B, C, 64, 64) -> factors (B, K)), batch dynamic."""
    args = (torch.zeros(2, model.cfg.channels, 64, 64),)
    return _onnx(model, args, ["images"], ["factors"], {"x": {0: torch.export.Dim("B")}})


EXPORTERS = {"trajectories": export_trajectories, "diva": export_diva, "splits": export_splits}


def main(argv=None) -> int:
    p = argparse.ArgumentParser(prog="python -m modeldash.models.export", description=__doc__)
    p.add_argument("name", help="a zoo model's name")
    p.add_argument("--out", required=True, help="the .onnx file to write")
    p.add_argument("--zoo", default=None)
    p.add_argument("--manifest", action="store_true", help="also write FILE.json: a zoo entry for the .onnx")
    args = p.parse_args(argv)
    try:
        manifest, model = load_model(args.name, args.zoo)
        if manifest.task not in EXPORTERS:
            raise InputError(f"{args.name} is a {manifest.task} model; export supports {', '.join(EXPORTERS)}")
        raw = EXPORTERS[manifest.task](model)
    except InputError as e:
        print(f"error: {e}", file=sys.stderr)
        return 2
    out = Path(args.out)
    out.write_bytes(raw)
    print(f"wrote {out} ({len(raw) / 1e6:.2f} MB)", file=sys.stderr)
    if args.manifest:
        out.with_suffix(".json").write_text(json.dumps(onnx_manifest(manifest, out.stem), indent=2) + "\n")
        print(f"wrote {out.with_suffix('.json')}", file=sys.stderr)
    return 0


def onnx_manifest(manifest, name: str) -> dict:
    """The zoo manifest of an exported model: its task, the dataset it was trained on, where it came from."""
    return {
        "name": name,
        "task": manifest.task,
        "architecture": "onnx",
        "dataset": manifest.dataset,
        "seed": manifest.seed,
        "metrics": manifest.metrics,
        "exported_from": manifest.name,
    }


if __name__ == "__main__":
    raise SystemExit(main())
