"""Plot data: the series a snippet's plot function returns, computed in a limited child, cached by content hash.

Computing a plot runs snippet code, so it happens only when the user asks for a plot. The cache key hashes
every snippet of the folder, the snippet's name and the function, so an edit anywhere recomputes it.
"""

from __future__ import annotations

import hashlib
import json
import math
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import numpy as np

from glossary.atomic import write_text_atomic
from glossary.snippets.examples import snippets_digest
from glossary.snippets.limits import communicate, limited_python, start

#: label -> (x, y): what a plot function returns, and what is drawn.
Series = dict[str, tuple[np.ndarray, np.ndarray]]

MAX_SERIES = 8
MAX_POINTS = 2000
PLOT_SECONDS = 10.0
CACHE_FILE = "plots.json"
CACHE_ENTRIES = 256  # plots kept in the cache, the newest ones
REPLY_LIMIT_BYTES = 4 * 1024**2  # 8 series of 2,000 (x, y) points as JSON need well under 1 MiB


def check_series(value: Any) -> Series | str:
    """`value` as series when it is label -> (x, y) of equal-length finite floats within the caps, else why not."""
    if not isinstance(value, dict) or not value:
        return f"returned {type(value).__name__}, not a non-empty dict of label -> (x, y)"
    if len(value) > MAX_SERIES:
        return f"returned {len(value)} series; at most {MAX_SERIES}"
    series: Series = {}
    for label, pair in value.items():
        if not isinstance(label, str) or not label.strip():
            return f"series label {label!r} is not a non-empty string"
        if not isinstance(pair, (tuple, list)) or len(pair) != 2:
            return f"series {label!r} is not an (x, y) pair"
        try:
            x, y = (np.asarray(values, dtype=np.float64) for values in pair)
        except (TypeError, ValueError):
            return f"series {label!r} is not numbers"
        if x.ndim != 1 or x.shape != y.shape or not 0 < x.size <= MAX_POINTS:
            return f"series {label!r} needs x and y of one equal length from 1 to {MAX_POINTS}"
        if not (np.isfinite(x).all() and np.isfinite(y).all()):
            return f"series {label!r} has values that are not finite"
        series[label] = (x, y)
    return series


def series_to_json(series: Series) -> dict[str, list[list[float]]]:
    """Series as JSON-ready lists (floats round-trip exactly through JSON)."""
    return {label: [x.tolist(), y.tolist()] for label, (x, y) in series.items()}


def compute_series(snippet: Path, function: str, timeout: float = PLOT_SECONDS) -> Series | str:
    """Call `function` of the snippet in a limited child process and return its series, or why it failed.

    This runs snippet code. The child writes its reply to a file (series can exceed the captured output's cap)."""
    with tempfile.TemporaryDirectory(prefix="glossary-plot-") as folder:
        reply_file = Path(folder) / "reply.json"
        command = limited_python(
            "-m", "glossary.snippets.plot_worker", str(snippet), function, str(timeout), str(reply_file)
        )
        try:
            process = start(command, cwd=Path(__file__).resolve().parents[2])
        except OSError as error:
            return f"the plot worker could not start: {error}"
        _, stderr, timed_out = communicate(process, timeout + 30)
        if timed_out:
            return f"computing the plot took longer than {timeout + 30:g} s"
        reply = _read_reply(reply_file) if process.returncode == 0 else None
    if not isinstance(reply, dict):
        reason = stderr.strip().splitlines()[-1] if stderr.strip() else f"exit code {process.returncode}"
        return f"the plot worker failed: {reason}"
    if "error" in reply:
        return f"{snippet.name}: {function}: {reply['error']}"
    return check_series(reply.get("series"))


def _read_reply(path: Path) -> Any:
    """The child's JSON reply, or None when it is missing, too large or not JSON."""
    try:
        if path.stat().st_size > REPLY_LIMIT_BYTES:
            return None
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def log_ticks(arrays: Iterable[np.ndarray], most: int = 6) -> tuple[list[float], list[str]]:
    """Powers of ten spanning the positive values (at most about `most`), labelled briefly, for a log axis."""
    positive = np.concatenate([array[array > 0] for array in arrays])
    if positive.size == 0:
        return [], []
    low, high = math.floor(math.log10(positive.min())), math.ceil(math.log10(positive.max()))
    exponents = range(low, high + 1, max(1, math.ceil((high - low) / most)))
    return [10.0**e for e in exponents], [f"{10.0**e:g}" if -2 <= e <= 3 else f"1e{e}" for e in exponents]


def plot_key(snippet: Path, function: str) -> str:
    """The cache key of one plot: the folder's snippets, the snippet's name and the function."""
    digest = snippets_digest(snippet.parent) + snippet.name.encode() + b"\0" + function.encode()
    return hashlib.sha256(digest).hexdigest()[:32]


def plot_series(snippet: Path, function: str, cache_dir: Path) -> Series | str:
    """The series from the cache in `cache_dir`, else computed (which runs the snippet) and stored."""
    key = plot_key(snippet, function)
    cache = _read_cache(cache_dir / CACHE_FILE)
    if key in cache:
        stored = check_series({label: tuple(pair) for label, pair in cache[key].items()})
        if not isinstance(stored, str):
            return stored
    series = compute_series(snippet, function)
    if not isinstance(series, str):
        cache.pop(key, None)
        cache[key] = series_to_json(series)
        _write_cache(cache_dir / CACHE_FILE, dict(list(cache.items())[-CACHE_ENTRIES:]))
    return series


def _read_cache(path: Path) -> dict[str, Any]:
    """The stored plots by key (a missing or damaged file is an empty cache)."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        plots = data["plots"] if isinstance(data, dict) and data.get("format") == 1 else {}
    except (OSError, ValueError, KeyError):
        return {}
    return {key: value for key, value in plots.items() if isinstance(value, dict)} if isinstance(plots, dict) else {}


def _write_cache(path: Path, plots: dict[str, Any]) -> None:
    """Store the plots; a data folder that cannot be written only costs the next showing its speed."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        write_text_atomic(path, json.dumps({"format": 1, "plots": plots}, allow_nan=False) + "\n")
    except OSError:
        pass
