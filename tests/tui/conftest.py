"""Apps built from injected content and a temporary data folder."""

from __future__ import annotations

from pathlib import Path
from typing import Callable

import pytest
from textual.pilot import Pilot

from glossary.content.catalog import Catalog
from glossary.content.loader import load_corpus
from glossary.content.synthetic import write_corpus
from glossary.tui.app import GlossaryApp, build_app

AppFactory = Callable[..., GlossaryApp]


@pytest.fixture
def make_app(tmp_path: Path) -> AppFactory:
    """Build an app over a synthetic 12-term corpus; keyword arguments reach `build_app`."""
    content, snippets = write_corpus(tmp_path / "content-root", 12)

    def factory(**options) -> GlossaryApp:  # type: ignore[no-untyped-def]
        corpus, problems = load_corpus(content, snippets)
        assert not problems
        return build_app(Catalog.from_corpus(corpus), tmp_path / "home", **options)

    factory.snippets = snippets  # type: ignore[attr-defined]
    factory.home = tmp_path / "home"  # type: ignore[attr-defined]
    return factory


async def settle(pilot: Pilot) -> None:
    """Wait until background workers (content loading, snippet runs) finish and the screen has refreshed."""
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()
