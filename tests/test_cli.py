"""`python -m analysis diva --json` prints the page's headline keys."""
import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
KEYS = {"task", "n_train", "noise_rate", "acc_before", "acc_after", "noisy_auroc", "loo_max_abs_error",
        "loo_checked", "speedup"}


def test_diva_json_has_the_issue_keys():
    out = subprocess.run([sys.executable, "-m", "analysis", "diva", "--json"], cwd=ROOT, capture_output=True,
                         text=True, timeout=120, check=True)
    rows = json.loads(out.stdout)["rows"]
    assert rows and KEYS <= set(rows[0])
    assert rows[0]["loo_max_abs_error"] < 1e-9 and rows[0]["n_train"] == 897


def test_bad_argument_gives_a_message_not_a_traceback():
    out = subprocess.run([sys.executable, "-m", "analysis", "diva", "--json", "--noise", "3"], cwd=ROOT,
                         capture_output=True, text=True, timeout=120)
    assert out.returncode == 2 and "noise rate" in out.stderr and "Traceback" not in out.stderr


def test_training_quick_writes_a_loadable_entry(tmp_path):
    subprocess.run([sys.executable, "-m", "models.train", "diva", "--quick", "--zoo", str(tmp_path)], cwd=ROOT,
                   capture_output=True, text=True, timeout=300, check=True)
    from models.zoo import load_model

    manifest, _ = load_model("digits_cnn", tmp_path)
    assert manifest.training["quick"] is True and 0 <= manifest.metrics["test_accuracy"] <= 1
