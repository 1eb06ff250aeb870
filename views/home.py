"""Home: what each view answers, and the models loaded."""

import pandas as pd
import streamlit as st

from modeldash.ui import widgets
from modeldash.ui.cache import common
from modeldash.ui.registry import by_task, title_of, views

st.title(by_task("home").heading)
st.markdown(
    "Analyses from ICLR 2022 papers, run live on trained PyTorch models. Every number is computed "
    "from the models and data here and checked by a test against an independent computation."
)

st.subheader("Views")
cols = st.columns(min(3, len(views())))
for i, page in enumerate(views()):
    with cols[i % len(cols)].container(border=True):
        st.markdown(f"**{page.title}**")
        st.markdown(page.summary)
        st.page_link(
            page.file,
            label=f"Open {page.title}",
            icon=":material/arrow_forward:",
            query_params=widgets.link_query(page.prefix) or None,
        )

st.subheader("Do the papers' claims hold here?")
rows, missing = common.claims_board(common.zoo_ref())
if rows:
    board = pd.DataFrame(rows)
    board = pd.DataFrame(
        {
            "view": [title_of(v) for v in board.view],
            "claim": board.claim,
            "verdict": board.verdict,
            "estimate": board.estimate.round(4),
            "95% interval": ["—" if lo != lo else f"[{lo:.4g}, {hi:.4g}]" for lo, hi in board.ci],  # — : one seed
            "rule": board.rule,
            "interval over": board.interval,
            "paper": board.paper,
            "what is estimated": board.quantity,
        }
    )
    wide = st.column_config.TextColumn(width="medium")  # full text on hover
    st.dataframe(
        board,
        hide_index=True,
        width="stretch",
        column_config={"claim": st.column_config.TextColumn(width="large"), "paper": wide, "what is estimated": wide},
    )
    counts = board.verdict.value_counts()
    st.caption(
        f"{counts.get('holds', 0)} hold, {counts.get('does not hold', 0)} do not, "
        f"{counts.get('inconclusive', 0)} are inconclusive. A verdict is read off the 95% interval: a claim holds "
        "when the whole interval is on its side of the threshold, does not hold when it is wholly on the other "
        "side, and is inconclusive when the interval crosses it or there is none (one seed). Intervals over scenes "
        "are bootstraps; over seeds, Student's t (the splits' drop between two sets of seeds: Welch's t; the series' paired log-ratios too); over seeds crossed with scenes or nodes (trajectories, cold start), a t that counts both variances; a percentile bootstrap is never used over fewer than 10 values. `python -m modeldash claims --json` prints the same rows."
    )
if missing:
    st.info(
        f"Not in the results store yet: the claims of {', '.join(title_of(v) for v in missing)}. "
        "`python -m modeldash precompute all` computes them (or open the view once)."
    )

good, _ = common.zoo_listing(common.zoo_ref())  # broken entries are reported in the sidebar
st.subheader("Models")
if not good:
    st.info("The zoo is empty: train the demo models with `python -m modeldash.models.train all`.")
else:
    rows = [
        {
            "name": m.name,
            "task": m.task,
            "architecture": m.architecture,
            "training data": ", ".join(
                [str(m.dataset.get("name", ""))]
                + [f"{k}={v}" for k, v in m.dataset.items() if k not in ("name", "fingerprint", "source")]
            ),
            "seed": m.seed,
            "held-out metrics": ", ".join(f"{k} {v:.4g}" for k, v in m.metrics.items()),
            "parameters": m.n_params or None,  # an ONNX entry is not read to list it
            "file size (kB)": round(m.file_bytes / 1000, 1),
            "trained": m.trained_at,
        }
        for m in good
    ]
    long_text = st.column_config.TextColumn(width="small")  # full text on hover; every column stays in view
    st.dataframe(
        pd.DataFrame(rows),
        hide_index=True,
        width="stretch",
        column_config={"training data": long_text, "held-out metrics": long_text},
    )
    st.caption(
        f"{len(good)} models in the zoo: "
        + ", ".join(f"{sum(m.task == t for m in good)} for {title_of(t)}" for t in dict.fromkeys(m.task for m in good))
        + ". Each page lists its own."
    )
