"""Content-load timings made in a fresh interpreter, printed as a JSON list of seconds.

    python -m glossary.bench.probe cold   CONTENT SNIPPETS CACHE        one load, the cache emptied first
    python -m glossary.bench.probe warm   CONTENT SNIPPETS CACHE RUNS   loads from the (filled) cache
    python -m glossary.bench.probe parse  CONTENT SNIPPETS CACHE RUNS   the C YAML loader over every entry file
    python -m glossary.bench.probe pickle CONTENT SNIPPETS CACHE RUNS   a fingerprint, then the validated corpus
                                                                        unpickled as pickle stores pydantic models

The modules a load needs are imported before the clock starts: these are the loads, not interpreter start-up.
"""

from __future__ import annotations

import gc
import json
import pickle
import shutil
import sys
from collections.abc import Callable
from pathlib import Path

import yaml

from glossary.bench.measure import timed
from glossary.content import lint, loader, schema  # noqa: F401 - imported here so that no timing includes them
from glossary.content._cache import fingerprint
from glossary.content.catalog import load_checked


def _repeat(function: Callable[[], object], runs: int) -> list[float]:
    """Timings of `runs` calls, each from a clean heap."""
    seconds = []
    for _ in range(runs):
        gc.collect()
        seconds.append(timed(function))
    return seconds


def main(kind: str, content: Path, snippets: Path, cache: Path, runs: int = 1) -> list[float]:
    """The timings of one kind of load."""
    if kind == "cold":
        shutil.rmtree(cache, ignore_errors=True)
        return [timed(lambda: load_checked(content, snippets, cache))]
    if kind == "warm":
        load_checked(content, snippets, cache)
        return _repeat(lambda: load_checked(content, snippets, cache), runs)
    if kind == "parse":
        files = loader.content_files(content)
        loader_class = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
        return _repeat(lambda: [yaml.load(path.read_text("utf-8"), Loader=loader_class) for path in files], runs)
    if kind == "pickle":  # the cache as it was: a fingerprint, then the validated models unpickled
        stored = pickle.dumps(load_checked(content, snippets, cache), protocol=5)
        return _repeat(lambda: (fingerprint(content, snippets), pickle.loads(stored)), runs)  # noqa: S301 - ours
    raise SystemExit(f"unknown probe {kind!r}")


if __name__ == "__main__":
    kind, *paths = sys.argv[1:5]
    print(json.dumps(main(kind, *map(Path, paths), *map(int, sys.argv[5:6]))))  # type: ignore[arg-type]
