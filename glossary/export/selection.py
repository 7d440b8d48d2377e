"""Which terms to export: category, tag and id filters."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from glossary.content.vocabulary import Category

if TYPE_CHECKING:
    from glossary.content.corpus import Corpus
    from glossary.content.schema import Entry


@dataclass(frozen=True)
class Filters:
    """Which terms to export: an entry must pass every filter given (one value of a filter is enough)."""

    categories: frozenset[Category] = frozenset()
    tags: frozenset[str] = frozenset()
    ids: frozenset[str] = frozenset()

    def matches(self, entry: Entry) -> bool:
        return (
            (not self.categories or entry.category in self.categories)
            and (not self.tags or not self.tags.isdisjoint(entry.tags))
            and (not self.ids or entry.id in self.ids)
        )


def select(corpus: Corpus, filters: Filters) -> list[Entry]:
    """The matching entries in curriculum order: by category, then by name."""
    return [entry for group in corpus.by_category().values() for entry in group if filters.matches(entry)]
