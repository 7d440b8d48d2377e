"""Numeric answers of worked examples, computed by evaluating their expressions in the snippets (cached)."""

from __future__ import annotations

import hashlib
import json
import subprocess
from dataclasses import dataclass
from pathlib import Path

from glossary.atomic import write_text_atomic
from glossary.content.corpus import Corpus
from glossary.content.lint import resolve_snippet
from glossary.snippets.runner import python_command
from glossary.content.schema import Entry

PER_SNIPPET_SECONDS = 10.0


@dataclass(frozen=True)
class Answer:
    """The value of one worked example, or why it could not be computed."""

    value: float | None
    error: str | None = None


ExampleKey = tuple[str, int]  # (entry id, index of the example)


def _source_digest(path: Path, helpers: dict[Path, bytes]) -> bytes:
    """Changes whenever the snippet or a shared helper beside it changes (helpers are read once per folder)."""
    if path.parent not in helpers:
        shared = hashlib.sha256()
        for helper in sorted(path.parent.glob("_*.py")):
            shared.update(helper.read_bytes())
        helpers[path.parent] = shared.digest()
    return hashlib.sha256(helpers[path.parent] + path.read_bytes()).digest()


def _fingerprint(source_digest: bytes, expr: str) -> str:
    """The cache key of one example: its snippet's digest and its expression."""
    return hashlib.sha256(source_digest + expr.encode()).hexdigest()


def evaluate_examples(corpus: Corpus, cache_file: Path | None = None) -> dict[ExampleKey, Answer]:
    """Every worked example's answer; from `cache_file` where the snippet is unchanged, else computed."""
    cache = _read_cache(cache_file)
    answers: dict[ExampleKey, Answer] = {}
    pending: list[tuple[Entry, Path, list[str]]] = []
    helpers: dict[Path, bytes] = {}
    for entry in corpus:
        if not entry.examples:
            continue
        path = resolve_snippet(corpus, entry)
        if isinstance(path, str) or not path.is_file():
            for index in range(len(entry.examples)):
                answers[(entry.id, index)] = Answer(None, "the snippet is missing or outside the snippets folder")
            continue
        digest = _source_digest(path, helpers)
        prints = [_fingerprint(digest, example.expr) for example in entry.examples]
        if all(p in cache for p in prints):
            for index, fingerprint in enumerate(prints):
                answers[(entry.id, index)] = Answer(cache[fingerprint])
        else:
            pending.append((entry, path, prints))
    for (entry, path, prints), results in zip(pending, _run_worker(pending)):
        for index, (fingerprint, result) in enumerate(zip(prints, results)):
            answers[(entry.id, index)] = Answer(result.get("value"), result.get("error"))
            if "value" in result:
                cache[fingerprint] = result["value"]
    if pending and cache_file is not None:
        _write_cache(cache_file, cache)
    return answers


def _run_worker(pending: list[tuple[Entry, Path, list[str]]]) -> list[list[dict]]:
    if not pending:
        return []
    jobs = [{"path": str(path), "exprs": [e.expr for e in entry.examples]} for entry, path, _ in pending]
    timeout = PER_SNIPPET_SECONDS * len(jobs) + 30
    failure = [[{"error": "the example worker failed"}] * len(job["exprs"]) for job in jobs]
    try:
        completed = subprocess.run(
            python_command("-m", "glossary.snippets.worker", str(PER_SNIPPET_SECONDS)),
            input=json.dumps(jobs),
            capture_output=True,
            text=True,
            timeout=timeout,
            cwd=Path(__file__).resolve().parent.parent,
        )
        return json.loads(completed.stdout) if completed.returncode == 0 else failure
    except (subprocess.TimeoutExpired, json.JSONDecodeError, OSError):
        return failure


def _read_cache(cache_file: Path | None) -> dict[str, float]:
    if cache_file is None:
        return {}
    try:
        data = json.loads(cache_file.read_text(encoding="utf-8"))
        return {k: float(v) for k, v in data.items()} if isinstance(data, dict) else {}
    except (OSError, ValueError, TypeError, AttributeError):
        return {}  # missing or corrupt: recompute


def _write_cache(cache_file: Path, cache: dict[str, float]) -> None:
    try:
        cache_file.parent.mkdir(parents=True, exist_ok=True)
        write_text_atomic(cache_file, json.dumps(cache, sort_keys=True))
    except OSError:
        pass  # a cache that cannot be written only costs time
