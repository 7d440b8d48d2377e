"""What Anki keys on, shared by the package and the text export: deck names and ids, note GUIDs and tags.

All of it derives from the content alone, so an export made anywhere, at any time, names the same decks and
notes, and Anki updates its notes in place instead of adding copies.
"""

from __future__ import annotations

import hashlib

import genanki

from glossary.content.schema import Entry
from glossary.content.vocabulary import Category
from glossary.export import TITLE


def deck_name(category: Category) -> str:
    """'Deep-Learning Glossary::cnn': one deck per category under one parent."""
    return f"{TITLE}::{category.value}"


def deck_id(category: Category) -> int:
    """A fixed id for the category's deck, from its name (48 bits, like Anki's millisecond ids)."""
    return int.from_bytes(hashlib.sha256(deck_name(category).encode()).digest()[:6], "big")


def note_guid(entry: Entry, kind: str) -> str:
    """The GUID of the note of `kind` made from `entry`: it depends on the term's id only, never on its text."""
    return str(genanki.guid_for("glossary", kind, entry.id))


def note_tags(entry: Entry) -> list[str]:
    """'glossary::<category>' and the entry's own tags."""
    return [f"glossary::{entry.category.value}", *entry.tags]
