"""Shared fixtures: a small valid content folder to break in controlled ways, and an isolated data home."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest
from hypothesis import settings

from glossary.content.corpus import Corpus
from glossary.content.loader import load_corpus
from glossary.content.synthetic import write_corpus
from glossary.paths import content_dir, snippets_dir

# CI runs the property tests on a fixed sequence of examples, so it never fails by chance; locally they explore.
settings.register_profile("ci", derandomize=True, print_blob=True)
if os.environ.get("CI"):
    settings.load_profile("ci")


def age(*folders: Path, seconds: float = 3600, only_recent: bool = False) -> None:
    """Make the files of `folders` look written `seconds` ago (files changed just now are never cached);
    with `only_recent`, just those written in the last minute, so that aging twice changes nothing else."""
    now = time.time()
    for folder in folders:
        for path in folder.iterdir():
            if not only_recent or now - path.stat().st_mtime < 60:
                os.utime(path, (now - seconds, now - seconds))


@pytest.fixture(autouse=True)
def isolated_home(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every test gets its own data folder: tests never touch the real user's home."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("GLOSSARY_HOME", str(home))
    return home


@pytest.fixture
def mini(tmp_path: Path) -> tuple[Path, Path]:
    """A valid six-entry content folder (enough for four-option questions) and its snippets folder."""
    return write_corpus(tmp_path / "mini", 6)


@pytest.fixture(scope="session")
def shipped() -> Corpus:
    """The shipped content, loaded once (tests only read it)."""
    return load_corpus(content_dir(), snippets_dir())[0]
