"""Home: what each view answers, and the models loaded."""
import pandas as pd
import streamlit as st

import ui

st.title("Model analysis dashboard")
st.markdown("Analyses from ICLR 2022 papers, run live on trained PyTorch models. Every number is computed "
            "from the models and data here and checked by a test against an independent computation.")

VIEWS = [
    ("trajectories", "Trajectories",
     "Do trajectory predictors use the other agents, or mostly the target's own past? Shapley values of the "
     "past and of each neighbour on the prediction error, with a random-agent control (Makansi et al., "
     "*You Mostly Walk Alone*)."),
    ("diva", "Example weights",
     "Which training examples help and which hurt? DIVA's dataset derivative gives every example a weight "
     "in closed form — no retraining — and the lowest weights pick out mislabelled examples "
     "(Dukler et al., *DIVA: Dataset Derivative of a Learning Task*)."),
    ("splits", "Compositional splits",
     "Do vision models recover the factors behind an image on combinations and values they never saw? "
     "Four architectures on random, composition, interpolation and extrapolation splits of rendered "
     "sprites and scenes (Schott et al., *Visual representation learning does not generalize strongly "
     "within the same domain*)."),
    ("series", "Synthetic series",
     "How close do a progressive self-attention GAN's synthetic series come to real ones? Context-FID, "
     "discriminative and predictive scores, against ablations, a simple baseline and held-out real data "
     "(Jeha et al., *PSA-GAN*)."),
    ("coldstart", "Cold-start graphs",
     "How do GNNs fare on nodes with few or no edges? A GCN teacher distilled into an MLP student that needs "
     "no edges, against GCN, GraphSAGE, an MLP and label propagation, per degree group "
     "(Zheng et al., *Cold Brew*)."),
]

st.subheader("Views")
cols = st.columns(min(3, len(VIEWS)))
for i, (task, title, text) in enumerate(VIEWS):
    with cols[i % len(cols)].container(border=True):
        st.markdown(f"**{title}**")
        st.markdown(text)
        st.page_link(ui.TASK_PAGES[task][0], label=f"Open {title}", icon=":material/arrow_forward:")

good, _ = ui.zoo_listing(ui.zoo_path())  # broken entries are reported in the sidebar
st.subheader("Models")
if not good:
    st.info("The zoo is empty: train the demo models with `python -m models.train all`.")
else:
    rows = [{
        "name": m.name, "task": m.task, "architecture": m.architecture,
        "training data": ", ".join([str(m.dataset.get("name", ""))] + [f"{k}={v}" for k, v in m.dataset.items()
                                                                       if k not in ("name", "fingerprint", "source")]),
        "seed": m.seed,
        "held-out metrics": ", ".join(f"{k} {v:.4g}" for k, v in m.metrics.items()),
        "parameters": m.n_params, "file size (kB)": round(m.file_bytes / 1024, 1), "trained": m.trained_at,
    } for m in good]
    st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch")
    st.caption(f"{len(good)} models in the zoo: "
               + ", ".join(f"{sum(m.task == t for m in good)} for {ui.TASK_PAGES.get(t, ('', t))[1]}"
                           for t in dict.fromkeys(m.task for m in good)) + ". Each page lists its own.")
