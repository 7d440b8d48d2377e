"""Figures 10 and 11: commands a learner runs often, as whole processes beside a baseline of the same run."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from glossary.bench.measure import Measured, median_seconds, process_seconds


def show_term(home: Path, runs: int) -> Measured:
    """`glossary show adam` (content cache warm) against a process that only imports YAML and pydantic."""
    env = {**os.environ, "GLOSSARY_HOME": str(home), "COLUMNS": "100"}
    show = [sys.executable, "-m", "glossary", "show", "adam"]
    baseline = [sys.executable, "-c", "import yaml, pydantic"]
    process_seconds(show, env)  # fills the content cache
    return Measured(
        median_seconds(lambda: process_seconds(show, env), runs),
        "python -c 'import yaml, pydantic'",
        median_seconds(lambda: process_seconds(baseline, env), runs),
    )


def site_export(home: Path, runs: int) -> Measured:
    """`glossary export site` of the shipped content (content cache warm) against `export json` of it."""
    env = {**os.environ, "GLOSSARY_HOME": str(home)}
    site = [sys.executable, "-m", "glossary", "export", "site", str(home / "site")]
    json = [sys.executable, "-m", "glossary", "export", "json", "-o", str(home / "all.json")]
    process_seconds(site, env)  # fills the content cache
    seconds = median_seconds(lambda: process_seconds(site, env), runs)
    baseline = median_seconds(lambda: process_seconds(json, env), runs)
    pages = sum(1 for _ in (home / "site").rglob("*.html"))
    return Measured(seconds, "glossary export json of the same content", baseline, f"{pages} pages")
