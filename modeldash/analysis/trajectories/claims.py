"""You Mostly Walk Alone's claims as verdicts (analysis/claims.py has the rules)."""

from __future__ import annotations

from pathlib import Path

from modeldash.analysis.claims import Claim, refuse


def claims(zoo=None, folder: Path | None = None, stored_only: bool = False) -> list[Claim]:
    """You Mostly Walk Alone: on pedestrian data the social score is no higher than a random agent's (within a
    margin of 0.01 m); on coordinated play (the team game) removing the neighbours hurts. From the stored tables
    (paired bootstrap over the same scenes)."""
    from modeldash.analysis.trajectories.service import stored_zoo_comparison

    out = []
    for dataset in ("biwi_eth", "crowds_zara03", "team"):
        compute = refuse("trajectories") if stored_only else None
        comp = stored_zoo_comparison(dataset, zoo, folder=folder, compute=compute)[0]
        out += comparison_claims(dataset, comp)
    return out


def comparison_claims(dataset: str, comp) -> list[Claim]:
    """The trajectory claims on one dataset's comparison of models: on the team game, removing the neighbours
    hurts; on any other (pedestrian) data, the social score is no higher than a random agent's."""
    out = []
    for r in comp.rows:
        s = r.summary
        if s.social.high == 0 and s.social.value == 0:
            continue  # a model that does not see its neighbours: nothing to test
        if dataset != "team":
            e = s.social_minus_random
            out.append(
                Claim(
                    "trajectories",
                    f"{s.model} on {dataset}: the social score is no higher than a random agent's",
                    "social score − random agent's value, m of ADE",
                    e.value,
                    (e.low, e.high),
                    "below",
                    (0.01,),
                    "pedestrian models' social scores ≈ the random agent's (Fig. 5)",
                    s.n_scenes,
                    "scenes",
                    "margin 0.01 m: a difference below it is practically none",
                    method="paired percentile bootstrap",
                )
            )
        else:
            e = s.neighbour_effect
            out.append(
                Claim(
                    "trajectories",
                    f"{s.model} on the team game: removing the neighbours hurts",
                    "ADE without neighbours − ADE with them, m",
                    e.value,
                    (e.low, e.high),
                    "above",
                    (0.0,),
                    "on coordinated (sports) data the neighbours matter",
                    s.n_scenes,
                    "scenes",
                    method="paired percentile bootstrap",
                )
            )
    return out


def data_claims(path: str | Path, zoo=None, folder: Path | None = None, *, quick: bool = False) -> list[Claim]:
    """The claims on an ETH/UCY trajectory file: the zoo's pedestrian models compared on its scenes."""
    from modeldash.analysis.trajectories.service import stored_table
    from modeldash.data.trajectories import load_file

    comp = stored_table(load_file(path), "eth_ucy", zoo, folder=folder)[0]
    return comparison_claims(Path(path).stem, comp)
