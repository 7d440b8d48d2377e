"""Diagnostics at the line and column of an entry's field, found in its YAML source (read once per lint)."""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path

from glossary.content.corpus import Corpus
from glossary.content.diagnostics import Diagnostic
from glossary.content.schema import Entry
from glossary.content.yamlsource import SourceMap


@lru_cache(maxsize=256)
def source_map(path: Path) -> SourceMap:
    return SourceMap(path.read_text(encoding="utf-8"))


def located(corpus: Corpus, entry: Entry, field: Sequence[str | int], code: str, message: str) -> Diagnostic:
    path = corpus.sources.get(entry.id, corpus.content_dir / f"{entry.id}.yaml")
    line, column = source_map(path).locate(list(field)) if path.exists() else (1, 1)
    return Diagnostic(path, line, column, code, message)
