"""Running the command line as a user does, for the CLI tests."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def run(*args: str, timeout: int = 300, check: bool = True) -> subprocess.CompletedProcess:
    """`python -m <args>` in the project folder: its exit code, stdout and stderr as text."""
    return subprocess.run(
        [sys.executable, "-m", *args], cwd=ROOT, capture_output=True, text=True, timeout=timeout, check=check
    )


def tiny_npz(path):
    """A small DC-SBM graph written as a user's .npz file."""
    from modeldash.data.coldstart_graphs import write_npz
    from modeldash.data.coldstart_sim import SBMConfig, dc_sbm_graph

    path.write_bytes(write_npz(dc_sbm_graph(SBMConfig(n_nodes=300, n_features=60, signature_words=10), seed=4)))
    return path
