"""Apps built from injected content and a temporary data folder."""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path

import pytest
from textual.pilot import Pilot

from glossary.content.catalog import Catalog
from glossary.content.diagnostics import errors
from glossary.content.synthetic import write_corpus
from glossary.tui.app import GlossaryApp, build_app

from ..conftest import age

AppFactory = Callable[..., GlossaryApp]


@pytest.fixture
def make_app(tmp_path: Path) -> AppFactory:
    """Build an app over a synthetic 12-term corpus the way the real app opens it: the names from the cache at
    once, the full corpus in a worker on first use. Keyword arguments reach `build_app`; `gate`, a
    threading.Event, holds the corpus back until it is set."""
    content, snippets = write_corpus(tmp_path / "content-root", 12)
    age(content, snippets)  # settled files, as an installed pack's are: the cache takes them
    cache = tmp_path / "home" / "cache"
    assert not errors(Catalog.open(content, snippets, cache)[1])  # the first start fills the cache

    def factory(gate: threading.Event | None = None, **options) -> GlossaryApp:  # type: ignore[no-untyped-def]
        age(content, snippets, only_recent=True)  # a test may have edited a file: settle it too
        catalog, problems = Catalog.open(content, snippets, cache)
        assert not problems
        if gate is not None:
            load = catalog._load
            catalog._load = lambda: gate.wait(30) and load() or load()
        return build_app(catalog, tmp_path / "home", **options)

    factory.snippets = snippets  # type: ignore[attr-defined]
    factory.home = tmp_path / "home"  # type: ignore[attr-defined]
    return factory


async def settle(pilot: Pilot) -> None:
    """Wait until background workers (content loading, snippet runs) finish and the screen has refreshed."""
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()
