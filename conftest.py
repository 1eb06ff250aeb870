"""Make the repo root importable for tests run from anywhere."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
