"""The one list of pages. It feeds app.py's navigation, the sidebar, Home's table of views, the task-to-page
map and the browser test; it imports nothing from Streamlit."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


@dataclass(frozen=True)
class PageSpec:
    task: str  # the view's one word ("home" for Home), as in analysis/<task>/ and the zoo's tasks
    title: str
    icon: str
    url_path: str  # fixed, so shared links survive renames ("" for Home, the default page)
    heading: str  # the page's st.title
    summary: str  # Home's one paragraph on what the view answers

    @property
    def prefix(self) -> str | None:
        """The prefix of the page's widget keys and URL parameters (None for Home)."""
        return PREFIXES.get(self.task)

    @property
    def message(self) -> str:
        """The view's one key message (presentation mode): the question its summary opens with."""
        return self.summary.split("? ")[0] + "?" if "? " in self.summary else self.summary

    @property
    def file(self) -> str:
        return f"views/{self.task}.py"

    @property
    def path(self) -> Path:
        return ROOT / self.file


PREFIXES = {"trajectories": "traj", "diva": "diva", "splits": "splits", "series": "series", "coldstart": "cold"}

PAGES = (
    PageSpec(
        "home",
        "Home",
        ":material/home:",
        "",
        "Model analysis dashboard",
        "What each view answers, and every model in the zoo.",
    ),
    PageSpec(
        "trajectories",
        "Trajectories",
        ":material/route:",
        "trajectories",
        "Trajectories · You Mostly Walk Alone",
        "Do trajectory predictors use the other agents, or mostly the target's own past? Shapley values of the "
        "past and of each neighbour on the prediction error, with a random-agent control (Makansi et al., "
        "*You Mostly Walk Alone*).",
    ),
    PageSpec(
        "diva",
        "Example weights",
        ":material/scale:",
        "example-weights",
        "Example weights · DIVA",
        "Which training examples help and which hurt? DIVA's dataset derivative gives every example a weight "
        "in closed form — no retraining — and the lowest weights pick out mislabelled examples "
        "(Dukler et al., *DIVA: Dataset Derivative of a Learning Task*).",
    ),
    PageSpec(
        "splits",
        "Compositional splits",
        ":material/grid_view:",
        "compositional-splits",
        "Compositional splits",
        "Do vision models recover the factors behind an image on combinations and values they never saw? "
        "Four architectures on random, composition, interpolation and extrapolation splits of rendered "
        "sprites and scenes (Schott et al., *Visual representation learning does not generalize strongly "
        "within the same domain*).",
    ),
    PageSpec(
        "series",
        "Synthetic series",
        ":material/show_chart:",
        "synthetic-series",
        "Synthetic vs real series · PSA-GAN",
        "How close do a progressive self-attention GAN's synthetic series come to real ones? Context-FID, "
        "discriminative and predictive scores, against ablations, a simple baseline and held-out real data "
        "(Jeha et al., *PSA-GAN*).",
    ),
    PageSpec(
        "coldstart",
        "Cold-start graphs",
        ":material/hub:",
        "cold-start",
        "Cold-start graphs · Cold Brew",
        "How do GNNs fare on nodes with few or no edges? A GCN teacher distilled into an MLP student that needs "
        "no edges, against GCN, GraphSAGE, an MLP and label propagation, per degree group "
        "(Zheng et al., *Cold Brew*).",
    ),
)
VIEWS = PAGES[1:]
BY_TASK = {p.task: p for p in PAGES}


def title_of(task: str) -> str:
    """The page title for a zoo task, or the task itself when no page shows it."""
    return BY_TASK[task].title if task in BY_TASK else task


def page_at(url_path: str) -> PageSpec:
    """The page served at `url_path` ("" for Home)."""
    return next((p for p in PAGES if p.url_path == url_path), PAGES[0])
