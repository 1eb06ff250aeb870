"""A researcher's ONNX predictor on a whole file, as ratios measured in this run:

1. a zoo model exported to ONNX against the same model run natively in PyTorch, attributing the same 300 scenes
   (every coalition of a scene in one call with the batch dimension), for each output kind (target: ≤ 2×);
2. the whole command `python -m modeldash trajectories --json --data FILE --model-file M.onnx` on a fresh store
   against the user's model alone on the same scenes (target: ≤ 3×; the zoo's rows are read from the store or
   left out, never recomputed), and the same command a second time (a read from the store).

`python -m bench.trajectories_onnx [--scenes N]`"""

from __future__ import annotations

import argparse
import contextlib
import io
import tempfile
import time
from pathlib import Path

from bench.timing import best_time
from modeldash.analysis.trajectories.attribution import attribute_dataset
from modeldash.analysis.trajectories.service import scene_subsample
from modeldash.analysis.trajectories.settings import PAPER_METRIC
from modeldash.data.trajectories import BUNDLED, load_file
from modeldash.models.export import export_trajectories
from modeldash.models.onnx_views import OnnxTrajectoryPredictor
from modeldash.models.zoo import load_model


def main(n_scenes: int) -> None:
    scenes = load_file("crowds_zara03")
    ids = scene_subsample(scenes, n_scenes)
    print(f"{len(ids)} scenes of crowds_zara03, exact Shapley (past, ≤ 10 neighbours, the random agent)")
    for kind in ("social_attn", "gauss_attn", "sample_attn"):
        _, model = load_model(f"traj_eth_ucy_{kind}")
        mine = OnnxTrajectoryPredictor(export_trajectories(model), kind)
        metric = PAPER_METRIC[mine.output_kind]
        t_torch, _ = best_time(lambda m=model, k=metric: attribute_dataset(m, scenes, scene_ids=ids, metric=k), 2)
        t_onnx, _ = best_time(lambda m=mine, k=metric: attribute_dataset(m, scenes, scene_ids=ids, metric=k), 2)
        print(
            f"{kind:12s} ({mine.output_kind}, {metric}): PyTorch {t_torch:.1f} s, ONNX {t_onnx:.1f} s -> "
            f"ONNX / PyTorch {t_onnx / t_torch:.2f}x (target <= 2x)"
        )

    from modeldash.cli import main as cli

    with tempfile.TemporaryDirectory() as tmp:
        onnx = Path(tmp) / "mine.onnx"
        onnx.write_bytes(export_trajectories(load_model("traj_eth_ucy_social_attn")[1]))
        alone, _ = best_time(
            lambda: attribute_dataset(OnnxTrajectoryPredictor(onnx.read_bytes()), scenes, scene_ids=ids), 1
        )
        argv = ["trajectories", "--json", "--data", str(BUNDLED / "crowds_zara03.txt"), "--model-file", str(onnx)]
        argv += ["--store", str(Path(tmp) / "store")]
        times = []
        for _ in range(2):
            t0 = time.perf_counter()
            with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
                cli(argv)
            times.append(time.perf_counter() - t0)
    print(
        f"whole command on a fresh store {times[0]:.1f} s, your model alone {alone:.1f} s -> "
        f"{times[0] / alone:.2f}x (target <= 3x); the second run (a read) {times[1]:.2f} s"
    )


if __name__ == "__main__":
    p = argparse.ArgumentParser(prog="python -m bench.trajectories_onnx", description=__doc__)
    p.add_argument("--scenes", type=int, default=300)
    main(p.parse_args().scenes)
