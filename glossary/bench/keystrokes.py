"""Figure 5: search latency per keystroke, as the browse screen searches, against a naive full scan."""

from __future__ import annotations

import asyncio
import random
import statistics
import time
from collections.abc import Callable, Sequence
from pathlib import Path

from rapidfuzz import fuzz, process

from glossary.bench.measure import Measured, format_seconds, median_seconds, timed
from glossary.content.catalog import IndexRow
from glossary.text.search import SearchIndex

LIMIT = 50  # what the browse screen asks for


def typed(text: str, longest: int = 14) -> list[str]:
    """The queries typing `text` produces, one per keystroke."""
    return [text[:end] for end in range(1, min(len(text), longest) + 1)]


def with_typo(text: str, rng: random.Random) -> str:
    """`text` with two neighbouring letters swapped, as a quick typist does."""
    if len(text) < 4:
        return text
    at = rng.randrange(1, len(text) - 2)
    return text[:at] + text[at + 1] + text[at] + text[at + 2 :]


def queries(rows: Sequence[IndexRow], terms: int = 8, seed: int = 7) -> list[str]:
    """Realistic keystrokes: real names typed letter by letter, the same with a typo, and Chinese names."""
    rng = random.Random(seed)
    found = []
    for row in rng.sample(list(rows), min(terms, len(rows))):
        found += typed(row.name) + typed(with_typo(row.name, rng))[3:] + typed(row.name_zh)
    return found


def latencies(search: Callable[[str], object], keystrokes: list[str], runs: int) -> list[float]:
    """The median time of each keystroke's search."""
    return [median_seconds(lambda: search(query), runs) for query in keystrokes]


def search_latency(rows: Sequence[IndexRow], runs: int) -> Measured:
    """The median per-keystroke latency of `SearchIndex.search` against rapidfuzz over every name."""
    build = timed(lambda: SearchIndex((row.id, row.names) for row in rows))
    index = SearchIndex((row.id, row.names) for row in rows)
    names = [name for row in rows for name in row.names]
    keystrokes = queries(rows)
    ours = latencies(lambda query: index.search(query, LIMIT), keystrokes, runs)
    naive = latencies(lambda query: process.extract(query, names, scorer=fuzz.WRatio, limit=LIMIT), keystrokes, 1)
    slowest = max(ours)
    note = (
        f"{len(keystrokes)} keystrokes over {len(rows)} terms (the naive scan timed once each); "
        f"slowest {format_seconds(slowest)}; index built on the first keystroke in {format_seconds(build)}"
    )
    return Measured(
        statistics.median(ours), "rapidfuzz extract(WRatio) over every name", statistics.median(naive), note
    )


def first_keystroke(folders: tuple[Path, Path], cache: Path, runs: int) -> Measured:
    """The browse screen's first keystroke over the synthetic corpus, handled in the real app opened from the cache
    (its search index built after the first frame): the search and the redrawn list, against the search alone."""
    from textual.widgets import Input

    from glossary.content.catalog import Catalog
    from glossary.tui.app import build_app
    from glossary.tui.screens.browse import BrowseScreen

    Catalog.open(*folders, cache)  # fills the cache, as an earlier start would have

    async def one_run() -> tuple[float, float]:
        app = build_app(Catalog.open(*folders, cache)[0], cache.parent)
        async with app.run_test(size=(100, 30)):
            await app.workers.wait_for_complete()  # the index, built off the keystroke's path
            screen = app.screen
            assert isinstance(screen, BrowseScreen) and screen.search_ready
            search = screen.query_one("#search", Input)
            started = time.perf_counter()
            screen.on_input_changed(Input.Changed(search, "a"))
            handled = time.perf_counter() - started
            index = SearchIndex((row.id, row.names) for row in app.catalog.index)
            return handled, timed(lambda: index.relevant("a", LIMIT))

    timings = [asyncio.run(one_run()) for _ in range(runs)]
    return Measured(
        statistics.median(t[0] for t in timings),
        "the search alone (SearchIndex.relevant)",
        statistics.median(t[1] for t in timings),
    )
