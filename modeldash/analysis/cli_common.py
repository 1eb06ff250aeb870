"""What every subcommand of `python -m modeldash` shares: the results store's folder."""

from __future__ import annotations

from pathlib import Path


def store_folder(args) -> Path:
    """--store, else $DASH_STORE, else results/ beside the zoo folder."""
    from modeldash.analysis.store import store_dir
    from modeldash.models.zoo import zoo_dir

    return Path(args.store) if args.store else store_dir(zoo_dir(args.zoo))
