"""Make the repo root importable for tests run from anywhere, and give the test session its own results store
(tests never write into the shipped one; tests that need it copy it)."""

import os
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
os.environ["DASH_STORE"] = tempfile.mkdtemp(prefix="dash-store-")
SHIPPED_STORE = Path(__file__).parent / "modeldash" / "models" / "results"
