"""Figures 2-4: loading content, cold and warm, each run in a fresh interpreter beside its baseline."""

from __future__ import annotations

import statistics
from pathlib import Path

from glossary.bench.measure import Measured, probe


def _interleaved(kind: str, baseline: str, folders: tuple[Path, Path], cache: Path, runs: int) -> tuple[float, float]:
    """Median seconds of `runs` probes of `kind` and of `baseline`, taken in turn so that both see the same machine."""
    ours, theirs = [], []
    for _ in range(runs):
        ours += probe(kind, *folders, cache, 1)
        theirs += probe(baseline, *folders, cache, 1)
    return statistics.median(ours), statistics.median(theirs)


def warm_load(folders: tuple[Path, Path], cache: Path, runs: int) -> Measured:
    """A load from the validated cache, against the cache as it was: pydantic models, pickled."""
    seconds, baseline = _interleaved("warm", "pickle", folders, cache, runs)
    return Measured(seconds, "fingerprint + pickle.loads of the models", baseline)


def cold_load(folders: tuple[Path, Path], cache: Path, runs: int) -> Measured:
    """A load with no cache (parse, validate, lint, write the cache), against the C YAML loader parsing alone."""
    seconds, baseline = _interleaved("cold", "parse", folders, cache, runs)
    return Measured(seconds, "the C YAML loader over every file, nothing else", baseline)
