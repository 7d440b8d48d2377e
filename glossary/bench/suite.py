"""Figures 8 and 9: the test suite, and every shipped snippet."""

from __future__ import annotations

import sys
from pathlib import Path

from glossary.bench.measure import (
    BenchError,
    Measured,
    format_seconds,
    median_seconds,
    process_seconds,
)
from glossary.content.catalog import load_checked
from glossary.paths import PACKAGE_DIR, content_dir, snippets_dir
from glossary.snippets.limits import python_command
from glossary.snippets.runner import run_snippet


def whole_test_suite(runs: int) -> Measured:
    """`pytest` over the whole suite, against collecting it without running anything."""
    root = PACKAGE_DIR.parent
    if not (root / "tests").is_dir():
        raise BenchError("no tests folder beside the package (an installed copy)")
    pytest = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", str(root / "tests")]
    baseline = median_seconds(lambda: process_seconds([*pytest, "--collect-only"]), runs)
    seconds = process_seconds(pytest, timeout=3600)
    return Measured(seconds, "pytest --collect-only", baseline)


def snippets(home: Path, runs: int) -> Measured:
    """The slowest shipped snippet run as a user runs it, against a process that only imports NumPy."""
    corpus, _ = load_checked(content_dir(), snippets_dir(), home / "cache")
    paths = [corpus.snippet_path(entry) for entry in corpus]
    times = {}
    for path in sorted(path for path in paths if isinstance(path, Path)):
        result = run_snippet(path)
        if not result.ok:
            raise BenchError(result.summary())
        times[path.name] = result.seconds
    slowest = max(times, key=times.__getitem__)
    baseline = median_seconds(lambda: process_seconds(python_command("-c", "import numpy")), runs)
    note = f"slowest {slowest}; {len(times)} snippets, {format_seconds(sum(times.values()))} in all (one run each)"
    return Measured(times[slowest], "python -c 'import numpy'", baseline, note)
