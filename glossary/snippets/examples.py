"""Answers of worked examples: computed only in a run the user asked for, then looked up by content hash.

An answer's key hashes every snippet of the folder (a snippet may import another, or a shared helper), the
snippet's name and the expression, so an edit anywhere makes the stored answer stale instead of wrong.
"""

from __future__ import annotations

import hashlib
import json
import math
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from glossary.atomic import write_text_atomic
from glossary.snippets.limits import communicate, limited_python, start

ANSWERS_FILE = "answers.json"  # beside the entries: the answers a pack ships
PER_SNIPPET_SECONDS = 10.0


@dataclass(frozen=True)
class Answer:
    """The value of one worked example, or why it could not be computed."""

    value: float | None
    error: str | None = None


@dataclass(frozen=True)
class ExampleJob:
    """The expressions to evaluate in one snippet."""

    snippet: Path
    exprs: tuple[str, ...]


def snippets_digest(snippets_dir: Path) -> bytes:
    """A digest of every Python file in the folder, names and contents."""
    digest = hashlib.sha256()
    for path in sorted(snippets_dir.glob("*.py")):
        digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.digest()


def answer_key(folder_digest: bytes, snippet: Path, expr: str) -> str:
    """The key of one example's answer."""
    return hashlib.sha256(folder_digest + snippet.name.encode() + b"\0" + expr.strip().encode()).hexdigest()[:32]


def read_answers(*files: Path) -> dict[str, float]:
    """The stored answers of every readable file, later files filling gaps (a damaged file counts as empty)."""
    answers: dict[str, float] = {}
    for path in files:
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            stored = data["answers"] if isinstance(data, dict) else {}
            found = {str(k): float(v) for k, v in stored.items() if math.isfinite(float(v))}
        except (OSError, ValueError, TypeError, KeyError, AttributeError):
            continue
        answers = {**found, **answers}
    return answers


def write_answers(path: Path, answers: dict[str, float]) -> None:
    """Store answers (sorted, so the file only changes when an answer does)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    text = json.dumps({"format": 1, "answers": dict(sorted(answers.items()))}, indent=0, sort_keys=True)
    write_text_atomic(path, text + "\n")


def compute_answers(jobs: Iterable[ExampleJob]) -> list[list[Answer]]:
    """Evaluate every job's expressions in its snippet, in one limited child process. This runs snippet code."""
    jobs = list(jobs)
    if not jobs:
        return []
    payload = json.dumps([{"path": str(job.snippet), "exprs": list(job.exprs)} for job in jobs])
    command = limited_python("-m", "glossary.snippets.worker", str(PER_SNIPPET_SECONDS))
    timeout = PER_SNIPPET_SECONDS * len(jobs) + 30
    try:
        process = start(command, cwd=Path(__file__).resolve().parents[2], stdin=None)
    except OSError as error:
        return _failed(jobs, f"the example worker could not start: {error}")
    stdout, stderr, timed_out = communicate(process, timeout, payload)
    if timed_out:
        return _failed(jobs, f"the example worker took longer than {timeout:g} s")
    try:
        results = json.loads(stdout) if process.returncode == 0 else None
    except json.JSONDecodeError:
        results = None
    if not isinstance(results, list) or len(results) != len(jobs):
        reason = stderr.strip().splitlines()[-1] if stderr.strip() else f"exit code {process.returncode}"
        return _failed(jobs, f"the example worker failed: {reason}")
    return [[Answer(r.get("value"), r.get("error")) for r in row] for row in results]


def _failed(jobs: list[ExampleJob], reason: str) -> list[list[Answer]]:
    return [[Answer(None, reason)] * len(job.exprs) for job in jobs]
