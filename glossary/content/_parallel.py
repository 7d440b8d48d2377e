"""Share a list's work between this process and forked workers, one per spare CPU, keeping the order."""

from __future__ import annotations

import multiprocessing
import os
import sys
import threading
from collections.abc import Callable
from typing import Any, TypeVar

from glossary.content import _cache as cache

Item = TypeVar("Item")
Result = TypeVar("Result")

#: Below this many items, starting another process costs more than it saves.
PARALLEL_FROM = 1000


def _same(value: Any) -> Any:
    return value


def map_in_processes(
    function: Callable[[list[Item]], list[Result]],
    items: list[Item],
    pack: Callable[[list[Result]], Any] = _same,
    unpack: Callable[[Any], list[Result]] = _same,
) -> list[Result]:
    """`function(items)`, computed in parts by this process and forked workers when there are many items.

    Each worker sends `pack(its results)` back through a pipe and this process `unpack`s them; the results keep
    the items' order. Where forking is unsafe (not Linux, or other threads running) or a worker fails, the
    work is done here, so the outcome never depends on how it was shared.
    """
    workers = _spare_cpus() if len(items) >= PARALLEL_FROM else 0
    if not workers:
        return function(items)
    size = -(-len(items) // (workers + 1))
    chunks = [items[start : start + size] for start in range(0, len(items), size)]
    context = multiprocessing.get_context("fork")
    sys.stdout.flush()
    sys.stderr.flush()  # or a worker would print what this process had buffered a second time
    started = []
    for chunk in chunks[1:]:
        receiver, sender = context.Pipe(duplex=False)
        worker = context.Process(target=_work, args=(function, chunk, pack, sender), daemon=True)
        worker.start()
        sender.close()
        started.append((worker, receiver, chunk))
    try:
        results = function(chunks[0])
        for _worker, receiver, chunk in started:
            try:
                with cache.paused_gc():
                    packed = receiver.recv()
            except (EOFError, OSError):
                packed = None
            results += function(chunk) if packed is None else unpack(packed)
    finally:
        for worker, _, _ in started:
            worker.kill()  # done already, unless this process failed first
            worker.join()
    return results


def _work(
    function: Callable[[list[Item]], list[Result]], chunk: list[Item], pack: Callable[[list[Result]], Any], sender: Any
) -> None:
    """A worker's whole life: compute its part and send it (or None when that failed)."""
    try:
        packed = pack(function(chunk))
    except Exception:  # noqa: BLE001 - the parent redoes the part and reports the error itself
        packed = None
    sender.send(packed)
    sender.close()


def _spare_cpus() -> int:
    """How many workers may run beside this process (0 where forking is not safe)."""
    if not sys.platform.startswith("linux") or threading.active_count() > 1:
        return 0
    return len(os.sched_getaffinity(0)) - 1
