"""What a figure is, and how things are timed: medians of runs, whole processes, a calibration loop."""

from __future__ import annotations

import json
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path


class BenchError(Exception):
    """A measurement could not be made (a command failed); the figure is reported as skipped."""


@dataclass(frozen=True)
class Target:
    """The goal of a figure: at most `seconds`, and/or at most `ratio` times its baseline."""

    seconds: float | None = None
    ratio: float | None = None

    def text(self) -> str:
        parts = [f"≤ {format_seconds(self.seconds)}"] if self.seconds is not None else []
        parts += [f"≤ {self.ratio:g}×"] if self.ratio is not None else []
        return " and ".join(parts)


@dataclass(frozen=True)
class Measured:
    """What one figure's measurement gave: its seconds, and its baseline's."""

    seconds: float
    baseline: str  # what the figure is compared with
    baseline_seconds: float
    note: str = ""

    @property
    def ratio(self) -> float:
        return self.seconds / self.baseline_seconds


@dataclass(frozen=True)
class Figure:
    """A numbered figure with its target: measured, or skipped and why."""

    number: int
    title: str
    target: Target
    measured: Measured | None = None
    skipped: str = ""

    @property
    def met(self) -> bool | None:
        """Whether the target is reached (None when skipped)."""
        if self.measured is None:
            return None
        within_time = self.target.seconds is None or self.measured.seconds <= self.target.seconds
        return within_time and (self.target.ratio is None or self.measured.ratio <= self.target.ratio)


def format_seconds(seconds: float) -> str:
    """A duration in the unit that reads best: µs, ms or s."""
    if seconds < 1e-3:
        return f"{seconds * 1e6:.0f} µs"
    if seconds < 1:
        return f"{seconds * 1e3:.3g} ms"
    return f"{seconds:.3g} s"


def timed(function: Callable[[], object]) -> float:
    """The seconds one call takes."""
    started = time.perf_counter()
    function()
    return time.perf_counter() - started


def median_seconds(function: Callable[[], object], runs: int) -> float:
    """The median of `runs` timed calls."""
    return statistics.median(timed(function) for _ in range(runs))


def process_seconds(command: Sequence[str], env: dict[str, str] | None = None, timeout: float = 600) -> float:
    """The wall time of a whole process, which must succeed."""
    started = time.perf_counter()
    try:
        done = subprocess.run(
            command,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            timeout=timeout,
            check=False,
        )
    except subprocess.TimeoutExpired:
        raise BenchError(f"`{' '.join(command[1:4])} …` took more than {timeout:g} s") from None
    seconds = time.perf_counter() - started
    if done.returncode != 0:
        last = done.stderr.decode(errors="replace").strip().splitlines()[-1:] or ["no output"]
        raise BenchError(f"`{' '.join(command[1:4])} …` exited with {done.returncode}: {last[0][:160]}")
    return seconds


def probe(kind: str, *args: str | Path | int) -> list[float]:
    """Timings made inside a fresh interpreter by `glossary.bench.probe` (imports are not timed)."""
    command = [sys.executable, "-m", "glossary.bench.probe", kind, *map(str, args)]
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise BenchError(f"probe {kind} failed: {(done.stderr.strip().splitlines() or ['no output'])[-1]}")
    return [float(seconds) for seconds in json.loads(done.stdout)]


def calibration_seconds(runs: int) -> float:
    """A fixed pure-Python workload: the yardstick of figures with no natural baseline."""
    return median_seconds(lambda: sorted(str(i * 7919 % 100_003) for i in range(200_000)), runs)


CALIBRATION = "calibration (sorting 200k strings)"
