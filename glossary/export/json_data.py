"""All the content as JSON: one object per entry with every field, in a stable order."""

from __future__ import annotations

import json

from glossary.export.selection import Language
from glossary.schema import Entry


def json_document(entries: list[Entry], language: Language) -> str:
    """The entries sorted by id, their fields in schema order; the other language's text fields left out."""
    records = [
        entry.model_dump(mode="json", exclude=set(language.excluded_fields))
        for entry in sorted(entries, key=lambda entry: entry.id)
    ]
    return json.dumps({"language": language.value, "entries": records}, ensure_ascii=False, indent=2) + "\n"
