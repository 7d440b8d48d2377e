"""Which terms to export (category, tag and id filters) and in which language(s)."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from typing import TypeVar

from glossary.corpus import Corpus
from glossary.schema import Category, Entry

#: Entry fields written in one language only; the others (ids, formulas, references, …) belong to both.
ENGLISH_FIELDS = frozenset({"name", "aliases", "summary", "definition"})
CHINESE_FIELDS = frozenset({"name_zh", "aliases_zh", "summary_zh"})

T = TypeVar("T")


class Language(str, Enum):
    """The language(s) an export carries."""

    EN = "en"
    ZH = "zh"
    BOTH = "both"

    @property
    def english(self) -> bool:
        return self is not Language.ZH

    @property
    def chinese(self) -> bool:
        return self is not Language.EN

    @property
    def excluded_fields(self) -> frozenset[str]:
        """The entry fields of the language left out (none for both)."""
        excluded: frozenset[str] = frozenset()
        if not self.english:
            excluded |= ENGLISH_FIELDS
        if not self.chinese:
            excluded |= CHINESE_FIELDS
        return excluded

    def pick(self, english: T, chinese: T) -> list[T]:
        """The value for each chosen language, English first."""
        return [text for text, chosen in ((english, self.english), (chinese, self.chinese)) if chosen]

    def names(self, entry: Entry) -> list[str]:
        """The term's name in each chosen language (a Chinese name equal to the English one is not repeated)."""
        return list(dict.fromkeys(self.pick(entry.name, entry.name_zh)))

    def summaries(self, entry: Entry) -> list[str]:
        """The one-sentence summary in each chosen language."""
        return self.pick(entry.summary, entry.summary_zh)

    def title(self, entry: Entry) -> str:
        """The names as one line: 'Max-Pooling · 最大池化'."""
        return " · ".join(self.names(entry))


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
