"""The loaded glossary: entries by id, with lookup by id, alias id or any name in either language."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator, MutableMapping
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from glossary.content.vocabulary import Category
from glossary.snippets.paths import resolve_snippet
from glossary.snippets.source import function_source

if TYPE_CHECKING:
    from glossary.content.schema import Entry


@lru_cache(maxsize=65536)
def normalise(text: str) -> str:
    """Fold case, width and punctuation so that 'Max-Pooling', 'max pooling' and 'MAX_POOLING' compare equal."""
    text = unicodedata.normalize("NFKC", text).casefold()
    return re.sub(r"[\W_]+", "", text)


@dataclass
class Corpus:
    """All entries of a content folder, and the folder their snippets live in."""

    entries: MutableMapping[str, Entry]  # a dict, or the cache's lazily rebuilt models
    content_dir: Path
    snippets_dir: Path
    sources: dict[str, Path] = field(default_factory=dict)
    unloaded: frozenset[str] = frozenset()  # stems of files that failed to load (their errors are reported)
    _lookup: dict[str, str] = field(default_factory=dict, init=False, repr=False)

    def __post_init__(self) -> None:
        for entry in self.entries.values():
            for alias_id in entry.alias_ids:
                self._lookup.setdefault(alias_id, entry.id)
            for name in entry.all_names:
                self._lookup.setdefault(normalise(name), entry.id)
        for entry_id in self.entries:
            self._lookup[entry_id] = entry_id

    def __len__(self) -> int:
        return len(self.entries)

    def __iter__(self) -> Iterator[Entry]:
        return iter(self.entries.values())

    def resolve(self, key: str) -> Entry | None:
        """The entry for an id, an alias id, or an exact name or alias in either language."""
        key = key.strip()
        entry_id = self._lookup.get(key) or self._lookup.get(normalise(key))
        return self.entries.get(entry_id) if entry_id else None

    def snippet_path(self, entry: Entry) -> Path | str | None:
        """The real path of an entry's snippet, why it is refused (it leaves the snippets folder), or None."""
        return resolve_snippet(self.snippets_dir, entry.snippet) if entry.snippet else None

    def core_source(self, entry: Entry) -> str | None:
        """The source text of an entry's core function (None when missing or too long to read in a quiz)."""
        path = self.snippet_path(entry)
        return function_source(path, entry.core) if isinstance(path, Path) and entry.core else None

    def by_category(self) -> dict[Category, list[Entry]]:
        """Entries grouped by category in the curriculum's order, each group sorted by name."""
        groups: dict[Category, list[Entry]] = {category: [] for category in Category}
        for entry in self.entries.values():
            groups[entry.category].append(entry)
        return {c: sorted(es, key=lambda e: e.name.casefold()) for c, es in groups.items() if es}

    def incoming(self, entry_id: str) -> list[tuple[str, str]]:
        """(relation, source id) pairs of every entry that points at `entry_id`."""
        return [
            (relation.value, source.id)
            for source in self.entries.values()
            for relation, target in source.targets()
            if self.canonical_id(target) == entry_id
        ]

    def canonical_id(self, entry_id: str) -> str:
        """The entry id an id or alias id stands for (unchanged when unknown)."""
        return self._lookup.get(entry_id, entry_id)
