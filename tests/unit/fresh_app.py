"""A script run in a fresh Python process at the project's root, as a server starts: for what
only a new process shows (which modules a start imports, what `import app` leaves loaded)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def run_fresh(script: str, state_dir: Path) -> subprocess.CompletedProcess[str]:
    """`script` run by `python -c` with the bundled data and its own state folder (no database
    named by the environment)."""
    env = {**os.environ, "CITYLINKS_DATA": "", "CITYLINKS_STATE_DIR": str(state_dir)}
    env.pop("CITYLINKS_DATABASE_URL", None)
    return subprocess.run(
        [sys.executable, "-c", script],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
