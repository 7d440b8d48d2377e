"""Run a snippet in its own process with a time and memory limit: one implementation for the CLI, tests and UI."""

from __future__ import annotations

import time
from dataclasses import dataclass
from enum import Enum
from pathlib import Path

from glossary.snippets.limits import DEFAULT_TIMEOUT, communicate, limited_python, start


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


def run_snippet(path: Path, timeout: float = DEFAULT_TIMEOUT) -> RunResult:
    """Run `path` as a script from its own folder; a crash, a timeout or running out of memory is a result."""
    started = time.perf_counter()
    try:
        process = start(limited_python(path.name), cwd=path.parent)
    except OSError as error:
        return RunResult(path, Outcome.NOT_STARTED, None, "", str(error), 0.0)
    stdout, stderr, timed_out = communicate(process, timeout)
    if timed_out:
        stderr = f"{stderr.rstrip()}\nstopped after {timeout:g} s\n".lstrip()
    outcome = Outcome.TIMED_OUT if timed_out else Outcome.PASSED if process.returncode == 0 else Outcome.FAILED
    return RunResult(path, outcome, process.returncode, stdout, stderr, time.perf_counter() - started)
