"""What every subcommand of `python -m modeldash` shares: the results store's folder, a progress bar."""

from __future__ import annotations

import sys
from pathlib import Path


def progress_bar(what: str):
    """A progress bar on stderr (tqdm): progress(done, total), shown from the first call."""
    from tqdm import tqdm

    bar = None

    def progress(done: int, total: int) -> None:
        nonlocal bar
        if bar is None:
            bar = tqdm(total=total, desc=what, file=sys.stderr, dynamic_ncols=True)
        bar.update(done - bar.n)
        if done >= total:
            bar.close()

    return progress


def store_folder(args) -> Path:
    """--store, else $DASH_STORE, else results/ beside the zoo folder."""
    from modeldash.analysis.store import store_dir
    from modeldash.models.zoo import zoo_dir

    return Path(args.store) if args.store else store_dir(zoo_dir(args.zoo))
