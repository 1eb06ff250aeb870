"""The app's command-line settings: `streamlit run app.py -- --zoo PATH`."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


def zoo_path() -> str:
    """`--zoo PATH` after `--` on the streamlit command line, else $DASH_ZOO, else the bundled zoo."""
    p = argparse.ArgumentParser(add_help=False)
    p.add_argument("--zoo", default=None)
    args, _ = p.parse_known_args(sys.argv[1:])  # streamlit's own options never reach the script's argv
    if args.zoo:
        return str(Path(args.zoo).resolve())
    from models.zoo import zoo_dir

    return str(zoo_dir())
