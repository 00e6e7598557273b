"""The parent side of a run: start the child, wait for it within a bound, and read
both its own report and the resource usage the kernel kept for it."""

import os
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from benchmarks.exceptions import RunFailed
from benchmarks.spec import ChildReport, RunSpec
from processors.settings import PACKAGE_ROOT

REAP_INTERVAL_S = 0.05


@dataclass(frozen=True)
class ChildOutcome:
    report: ChildReport
    total_cpu_s: float
    """CPU of the whole child process, start-up and imports included."""


class Child:
    """A running child process of one run."""

    def __init__(
        self, spec: RunSpec, work_dir: Path, wrapper: list[str] | None = None
    ) -> None:
        self.spec = spec
        self.spec_path = work_dir / f"{spec.run_id}.spec.json"
        self.report_path = work_dir / f"{spec.run_id}.report.json"
        self.log_path = work_dir / f"{spec.run_id}.log"
        spec.save(self.spec_path)
        command = [sys.executable, "-m", "benchmarks", "child"]
        with self.log_path.open("w") as log:
            self.process = subprocess.Popen(
                [
                    *(wrapper or []),
                    *command,
                    str(self.spec_path),
                    str(self.report_path),
                ],
                cwd=PACKAGE_ROOT,
                stdout=log,
                stderr=subprocess.STDOUT,
            )

    def alive(self) -> bool:
        # WNOWAIT leaves an exited child to `wait`, which needs its resource usage.
        flags = os.WEXITED | os.WNOHANG | os.WNOWAIT
        return os.waitid(os.P_PID, self.process.pid, flags) is None

    def wait(self, timeout_s: float) -> ChildOutcome:
        """Reap the child; kill it if it is not done in time."""
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            pid, status, usage = os.wait4(self.process.pid, os.WNOHANG)
            if pid:
                self.process.returncode = os.waitstatus_to_exitcode(status)
                return self._outcome(usage.ru_utime + usage.ru_stime)
            time.sleep(REAP_INTERVAL_S)
        self.kill()
        raise RunFailed(
            f"{self.spec.scenario} did not finish within {timeout_s:.0f}s; "
            f"log: {self.log_path}"
        )

    def kill(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait()

    def _outcome(self, total_cpu_s: float) -> ChildOutcome:
        if self.process.returncode != 0 or not self.report_path.exists():
            tail = self.log_path.read_text(errors="replace")[-2000:]
            raise RunFailed(
                f"{self.spec.scenario} exited with {self.process.returncode}; "
                f"log {self.log_path} ends:\n{tail}"
            )
        return ChildOutcome(ChildReport.load(self.report_path), total_cpu_s)
