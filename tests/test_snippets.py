"""Every shipped snippet runs, passes its own assertions, and finishes in under two seconds."""

from __future__ import annotations

import pytest

from glossary.paths import snippets_dir
from glossary.snippets.runner import run_snippet

SNIPPETS = sorted(p for p in snippets_dir().glob("*.py") if not p.name.startswith("_"))


@pytest.mark.parametrize("path", SNIPPETS, ids=[p.stem for p in SNIPPETS])
def test_snippet_runs_and_asserts(path) -> None:  # type: ignore[no-untyped-def]
    result = run_snippet(path, timeout=20)
    assert result.ok, f"{result.summary()}\n--- stdout\n{result.stdout}\n--- stderr\n{result.stderr}"
    assert result.stdout.strip(), "a snippet prints a short demonstration"
    assert result.seconds < 2.0, f"{path.name} took {result.seconds:.2f} s (limit 2 s)"
