"""The app's command-line settings: `streamlit run app.py -- --zoo PATH`."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path


def zoo_path() -> str:
    """`--zoo PATH` after `--` on the streamlit command line, else $DASH_ZOO, else the bundled zoo."""
    p = argparse.ArgumentParser(add_help=False)
    p.add_argument("--zoo", default=None)
    args, _ = p.parse_known_args(sys.argv[1:])  # streamlit's own options never reach the script's argv
    if args.zoo:
        return str(Path(args.zoo).resolve())
    from modeldash.models.zoo import zoo_dir

    return str(zoo_dir())


def scheduler_address() -> str | None:
    """`--scheduler ADDRESS` after `--`, else $DASH_SCHEDULER, else None: the app's jobs run on an in-process
    LocalCluster."""
    p = argparse.ArgumentParser(add_help=False)
    p.add_argument("--scheduler", default=None)
    args, _ = p.parse_known_args(sys.argv[1:])
    from modeldash.runtime.jobs import scheduler_address as resolve

    return resolve(args.scheduler)


THREADS_ENV = "DASH_TORCH_THREADS"


def limit_threads() -> None:
    """One PyTorch intra-op thread per request by default ($DASH_TORCH_THREADS to change): the server answers
    several sessions at once on few cores, and two threads per request fight each other and the server (the same
    attribution took 104 s with 2 threads and 26 s with 1 under load). Set through OMP_NUM_THREADS before PyTorch
    is imported, which the app does lazily; a process that imported it already (a test) is left as it is."""
    if "torch" not in sys.modules:
        os.environ["OMP_NUM_THREADS"] = os.environ.get(THREADS_ENV, os.environ.get("OMP_NUM_THREADS", "1"))
