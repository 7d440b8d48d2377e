"""Where the shipped content, the snippets and the user's data live."""

from __future__ import annotations

import os
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
HOME_ENV = "GLOSSARY_HOME"


def _shipped(name: str) -> Path:
    """A top-level folder of the project: inside the wheel under `_data/`, or beside the package in a checkout."""
    installed = PACKAGE_DIR / "_data" / name
    return installed if installed.is_dir() else PACKAGE_DIR.parent / name


def content_dir() -> Path:
    """The folder of shipped entries (`content/`)."""
    return _shipped("content")


def snippets_dir() -> Path:
    """The folder of shipped snippets (`snippets/`)."""
    return _shipped("snippets")


def data_dir(override: str | os.PathLike[str] | None = None) -> Path:
    """The user's data folder: an explicit override, else `$GLOSSARY_HOME`, else the platform's user data dir."""
    if override:
        return Path(override).expanduser()
    if os.environ.get(HOME_ENV):
        return Path(os.environ[HOME_ENV]).expanduser()
    from platformdirs import user_data_path

    return user_data_path("glossary", appauthor=False)
