"""Running the `processors` command as a user would, in a child process."""

import os
import subprocess
import sys
from pathlib import Path

COMMAND_TIMEOUT_S = 120


def run_cli(
    *args: str,
    env: dict[str, str] | None = None,
    stdin: str | None = None,
    cwd: Path | None = None,
) -> subprocess.CompletedProcess[str]:
    """`processors ARGS…` with the given extra environment; never raises on failure."""
    return subprocess.run(
        [sys.executable, "-m", "processors", *args],
        input=stdin,
        capture_output=True,
        text=True,
        env={**os.environ, **(env or {})},
        cwd=cwd,
        timeout=COMMAND_TIMEOUT_S,
        check=False,
    )
