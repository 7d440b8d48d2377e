"""The catalog: a light index of names for the first frame, and the full validated corpus on demand.

Both come from the cache when the content is unchanged, so the app can draw its first frame without importing
pydantic, YAML or the linter; the full corpus is loaded (in a worker) when an entry is first opened.
"""

from __future__ import annotations

import copy
import os
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from glossary.content import _cache as cache

if TYPE_CHECKING:
    from glossary.content.corpus import Corpus
    from glossary.content.diagnostics import Diagnostic
    from glossary.content.schema import Entry


@dataclass(frozen=True)
class IndexRow:
    """What lists and search need of an entry."""

    id: str
    name: str
    name_zh: str
    category: str
    summary: str
    summary_zh: str
    names: tuple[str, ...]  # every name and alias, both languages

    @classmethod
    def from_entry(cls, entry: Entry) -> IndexRow:
        return cls(
            entry.id,
            entry.name,
            entry.name_zh,
            entry.category.value,
            entry.summary,
            entry.summary_zh,
            tuple(entry.all_names),
        )


def load_checked(
    content_dir: Path, snippets_dir: Path, cache_dir: Path | None = None
) -> tuple[Corpus, list[Diagnostic]]:
    """The corpus and all its diagnostics (per file and across entries), from the cache when nothing changed."""
    key = cache.fingerprint(content_dir, snippets_dir) if cache_dir else None
    if cache_dir and key:
        cached = _thaw(cache.read(cache_dir, content_dir, key, "pickle"))
        if cached is not None:
            return cached
    from glossary.content.lint import lint_corpus
    from glossary.content.loader import load_corpus

    corpus, diagnostics = load_corpus(content_dir, snippets_dir)
    diagnostics = diagnostics + lint_corpus(corpus)
    if cache_dir and key:
        cache.write(cache_dir, content_dir, key, "pickle", _freeze(corpus, diagnostics))
        rows = [IndexRow.from_entry(e).__dict__ for e in sorted(corpus, key=lambda e: e.id)]
        cache.write(
            cache_dir,
            content_dir,
            key,
            "json",
            {"rows": rows, "errors": sum(d.code.startswith("E") for d in diagnostics)},
        )
    return corpus, diagnostics


def _freeze(corpus: Corpus, diagnostics: list[Diagnostic]) -> tuple[Any, ...]:
    """The corpus as the cache stores it: its entries as plain data, the rest (name lookup included) as is."""
    shell = copy.copy(corpus)
    shell.entries, shell.sources = {}, {}
    sources = {entry_id: str(path) for entry_id, path in corpus.sources.items()}
    return shell, cache.freeze(corpus.entries.values()), sources, diagnostics


def _thaw(cached: Any) -> tuple[Corpus, list[Diagnostic]] | None:
    """The corpus and diagnostics `_freeze` stored, or None when there are none (or they do not fit this code)."""
    if cached is None:
        return None
    from glossary.content.schema import Entry

    try:
        corpus, frozen, sources, diagnostics = cached
        corpus.entries = cache.LazyModels(Entry, {item[0]["id"]: item for item in frozen})
        folder = str(corpus.content_dir)
        corpus.sources = {
            entry_id: _source_path(corpus.content_dir, folder, path) for entry_id, path in sources.items()
        }
    except (TypeError, ValueError, KeyError, AttributeError):
        return None
    return corpus, diagnostics


def _source_path(content_dir: Path, folder: str, text: str) -> Path:
    """`Path(text)`, built from the content folder's Path when it is one of its files (twice as fast)."""
    parent, _, name = text.rpartition(os.sep)
    return content_dir / name if parent == folder else Path(text)


def _clean_index(cached: Any) -> list[IndexRow] | None:
    """The rows of a cached index, or None when there is none, it is damaged, or the content has errors."""
    try:
        if cached["errors"] == 0:
            return [IndexRow(**{**row, "names": tuple(row["names"])}) for row in cached["rows"]]
    except (TypeError, KeyError):
        pass
    return None


class Catalog:
    """The content as the app sees it: `index` at once, `corpus()` when needed (loaded once, thread-safe)."""

    def __init__(self, index: list[IndexRow], load: Callable[[], Corpus]) -> None:
        self.index = index
        self._load = load
        self._corpus: Corpus | None = None
        self._lock = threading.Lock()

    @classmethod
    def from_corpus(cls, corpus: Corpus) -> Catalog:
        """A catalog over an already loaded corpus (what tests inject)."""
        catalog = cls([IndexRow.from_entry(e) for e in sorted(corpus, key=lambda e: e.id)], lambda: corpus)
        catalog._corpus = corpus
        return catalog

    @classmethod
    def open(cls, content_dir: Path, snippets_dir: Path, cache_dir: Path) -> tuple[Catalog, list[Diagnostic]]:
        """The catalog of a content folder; the diagnostics are empty when the cached index was clean."""
        rows = _clean_index(cache.read(cache_dir, content_dir, cache.fingerprint(content_dir, snippets_dir), "json"))
        if rows is not None:
            return cls(rows, lambda: load_checked(content_dir, snippets_dir, cache_dir)[0]), []
        corpus, diagnostics = load_checked(content_dir, snippets_dir, cache_dir)
        return cls.from_corpus(corpus), diagnostics

    @property
    def loaded(self) -> Corpus | None:
        """The full corpus if it has been loaded, else None (never loads)."""
        return self._corpus

    def corpus(self) -> Corpus:
        """The full corpus, loading it on first use."""
        with self._lock:
            if self._corpus is None:
                self._corpus = self._load()
            return self._corpus
