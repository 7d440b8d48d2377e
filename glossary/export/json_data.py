"""All the content as JSON: one object per entry with every field, in a stable order."""

from __future__ import annotations

import json

from glossary.content.schema import Entry
from glossary.text.language import Language

#: Entry fields written in one language only; the others (ids, formulas, references, …) belong to both.
ENGLISH_FIELDS = frozenset({"name", "aliases", "summary", "definition"})
CHINESE_FIELDS = frozenset({"name_zh", "aliases_zh", "summary_zh"})


def json_document(entries: list[Entry], language: Language) -> str:
    """The entries sorted by id, their fields in schema order; the other language's text fields left out."""
    records = [
        entry.model_dump(mode="json", exclude=_excluded_fields(language))
        for entry in sorted(entries, key=lambda entry: entry.id)
    ]
    return json.dumps({"language": language.value, "entries": records}, ensure_ascii=False, indent=2) + "\n"


def _excluded_fields(language: Language) -> set[str]:
    """The entry fields of the language left out (none for both)."""
    excluded: set[str] = set()
    if not language.english:
        excluded |= ENGLISH_FIELDS
    if not language.chinese:
        excluded |= CHINESE_FIELDS
    return excluded
