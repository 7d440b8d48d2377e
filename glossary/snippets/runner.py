"""Run a snippet in its own process with a timeout: one implementation for the CLI, the tests and the UI."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from enum import Enum
from pathlib import Path

DEFAULT_TIMEOUT = 10.0
OUTPUT_LIMIT = 64_000  # characters kept of each stream


class Outcome(str, Enum):
    PASSED = "passed"
    FAILED = "failed"
    TIMED_OUT = "timed out"
    NOT_STARTED = "not started"


@dataclass(frozen=True)
class RunResult:
    """What running a snippet produced; never an exception."""

    path: Path
    outcome: Outcome
    returncode: int | None
    stdout: str
    stderr: str
    seconds: float

    @property
    def ok(self) -> bool:
        return self.outcome is Outcome.PASSED

    def summary(self) -> str:
        """One line: what happened and how long it took."""
        if self.outcome is Outcome.FAILED:
            return f"{self.path.name}: failed with exit code {self.returncode} after {self.seconds:.2f} s"
        if self.outcome is Outcome.NOT_STARTED:
            return f"{self.path.name}: could not start: {self.stderr.strip()}"
        return f"{self.path.name}: {self.outcome.value} after {self.seconds:.2f} s"


def python_command(*args: str) -> list[str]:
    """This interpreter, ignoring the user's site-packages and PYTHON* variables, so runs are reproducible."""
    return [sys.executable, "-E", "-s", *args]


def run_snippet(path: Path, timeout: float = DEFAULT_TIMEOUT) -> RunResult:
    """Run `path` as a script from its own folder; a crash or timeout is a result, not an exception."""
    started = time.perf_counter()
    try:
        process = subprocess.Popen(
            python_command(path.name),
            cwd=path.parent,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            encoding="utf-8",
            errors="replace",
            start_new_session=True,  # its own process group, so a timeout kills any children too
            env={**os.environ, "PYTHONIOENCODING": "utf-8", "MPLBACKEND": "Agg"},
        )
    except OSError as error:
        return RunResult(path, Outcome.NOT_STARTED, None, "", str(error), 0.0)
    try:
        stdout, stderr = process.communicate(timeout=timeout)
        outcome = Outcome.PASSED if process.returncode == 0 else Outcome.FAILED
    except subprocess.TimeoutExpired:
        _kill_group(process)
        stdout, stderr = process.communicate()
        outcome = Outcome.TIMED_OUT
        stderr += f"\nstopped after {timeout:g} s"
    return RunResult(
        path, outcome, process.returncode, stdout[-OUTPUT_LIMIT:], stderr[-OUTPUT_LIMIT:], time.perf_counter() - started
    )


def _kill_group(process: subprocess.Popen[str]) -> None:
    try:
        os.killpg(process.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
