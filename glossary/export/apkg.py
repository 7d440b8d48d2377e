"""The Anki package (.apkg): a bilingual term note type with forward and reverse cards, and a cloze note type.

Note types and decks have ids fixed in code and notes have GUIDs derived from the term id, so a later export
updates the notes of an earlier one. Anki only takes an incoming note that is newer than its own copy: every
note and note type is stamped through the `ModLedger`, so only what changed looks newer.
"""

from __future__ import annotations

import io
import itertools
import sqlite3
import tempfile
import zipfile
from collections.abc import Iterator
from contextlib import closing
from dataclasses import astuple, dataclass
from pathlib import Path
from typing import Any

import genanki

from glossary.content.corpus import Corpus
from glossary.content.schema import Entry
from glossary.content.vocabulary import Category
from glossary.export.ledger import ModLedger
from glossary.export.markup import CardHtml
from glossary.export.notes import deck_id, deck_name, note_guid, note_tags
from glossary.text.language import Language

CSS = """\
.card { font-family: "Helvetica Neue", Arial, "PingFang SC", "Noto Sans CJK SC", sans-serif; font-size: 20px;
        line-height: 1.5; text-align: left; }
.term { font-size: 1.5em; font-weight: 600; text-align: center; }
.clue, .formula { margin: 0.8em 0; }
.highlight pre { font-size: 14px; padding: 0.6em; overflow-x: auto; background: rgba(127, 127, 127, 0.12); }
.cloze { font-weight: 600; color: #1f6feb; }
"""
NAMES = '{{#Term}}<div class="term">{{Term}}</div>{{/Term}}{{#Chinese}}<div class="term">{{Chinese}}</div>{{/Chinese}}'
SUMMARIES = "{{Summary}}{{ChineseSummary}}"
FORMULA = '{{#Formula}}<div class="formula">{{Formula}}</div>{{/Formula}}'
ANSWER = '{{FrontSide}}<hr id="answer">'


@dataclass(frozen=True)
class NoteType:
    """A note type as Anki stores it: fields, card templates (name, question, answer) and style."""

    model_id: int
    name: str
    fields: tuple[str, ...]
    templates: tuple[tuple[str, str, str], ...]
    css: str = CSS
    cloze: bool = False

    def values(self, **fields: str) -> list[str]:
        """The field values in this note type's order, given by field name."""
        return [fields[name] for name in self.fields]


TERM = NoteType(
    model_id=1_718_203_551,
    name="Deep-Learning Glossary term",
    fields=("Id", "Term", "Chinese", "Summary", "ChineseSummary", "Definition", "Clue", "Formula", "Code"),
    templates=(
        ("Term → definition", NAMES, ANSWER + SUMMARIES + "{{Definition}}" + FORMULA + "{{Code}}"),
        ("Definition → term", '<div class="clue">{{Clue}}</div>', ANSWER + NAMES + SUMMARIES + FORMULA),
    ),
)
CLOZE = NoteType(
    model_id=1_718_203_552,
    name="Deep-Learning Glossary cloze",
    fields=("Id", "Text", "Extra"),
    templates=(("Cloze", "{{cloze:Text}}", '{{cloze:Text}}<hr id="answer">{{Extra}}'),),
    cloze=True,
)


class _StampedModel(genanki.Model):  # type: ignore[misc]  # genanki has no type hints
    """A genanki model written with its own modification time rather than the package's."""

    def __init__(self, mod: int, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.mod = mod

    def to_json(self, timestamp: float, deck_id: int) -> dict[str, Any]:
        stamped: dict[str, Any] = super().to_json(self.mod, deck_id)
        return stamped


class _StampedNote(genanki.Note):  # type: ignore[misc]  # genanki has no type hints
    """A genanki note written with its own modification time rather than the package's."""

    def __init__(self, mod: int, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.mod = mod

    def write_to_db(self, cursor: sqlite3.Cursor, timestamp: float, deck_id: int, id_gen: Iterator[int]) -> None:
        super().write_to_db(cursor, self.mod, deck_id, id_gen)


@dataclass
class _Stamper:
    """Makes models and notes stamped through the ledger: unchanged content keeps its time."""

    ledger: ModLedger
    now: int

    def model(self, note_type: NoteType) -> _StampedModel:
        return _StampedModel(
            self.ledger.mod(f"notetype:{note_type.model_id}", astuple(note_type), self.now),
            model_id=note_type.model_id,
            name=note_type.name,
            fields=[{"name": name} for name in note_type.fields],
            templates=[{"name": name, "qfmt": front, "afmt": back} for name, front, back in note_type.templates],
            css=note_type.css,
            model_type=genanki.Model.CLOZE if note_type.cloze else genanki.Model.FRONT_BACK,
        )

    def note(self, model: genanki.Model, guid: str, fields: list[str], tags: list[str]) -> _StampedNote:
        mod = self.ledger.mod(guid, [model.model_id, fields, tags], self.now)
        return _StampedNote(mod, model=model, fields=fields, tags=tags, guid=guid)


def build_package(corpus: Corpus, entries: list[Entry], language: Language, ledger: ModLedger, now: int) -> bytes:
    """The .apkg of `entries`: a term note for each, and a cloze note for each whose text names it.

    `now` (seconds) stamps new and changed notes; `ledger` is updated with what was stamped.
    """
    stamper = _Stamper(ledger, now)
    term_model, cloze_model = stamper.model(TERM), stamper.model(CLOZE)
    decks: dict[Category, genanki.Deck] = {}
    for entry in entries:
        if entry.category not in decks:
            decks[entry.category] = genanki.Deck(deck_id(entry.category), deck_name(entry.category))
        deck, tags, card = decks[entry.category], note_tags(entry), CardHtml(corpus, entry, language)
        fields = TERM.values(
            Id=entry.id,
            Term=card.term,
            Chinese=card.term_zh,
            Summary=card.summary,
            ChineseSummary=card.summary_zh,
            Definition=card.definition,
            Clue=card.clue,
            Formula=card.formula,
            Code=card.code,
        )
        deck.add_note(stamper.note(term_model, note_guid(entry, "term"), fields, tags))
        if card.cloze:
            fields = CLOZE.values(Id=entry.id, Text=card.cloze, Extra=f"<p>{card.front}</p>{card.formula}")
            deck.add_note(stamper.note(cloze_model, note_guid(entry, "cloze"), fields, tags))
    return _zipped(genanki.Package(list(decks.values())), now)


def _zipped(package: genanki.Package, now: int) -> bytes:
    """The package's collection database, zipped in memory (unlike genanki's `write_to_file`, which leaves its
    temporary database behind)."""
    with tempfile.TemporaryDirectory(prefix="glossary-apkg-") as folder:
        database = Path(folder) / "collection.anki2"
        with closing(sqlite3.connect(database)) as connection:
            package.write_to_db(connection.cursor(), now, itertools.count(now * 1000))
            connection.commit()
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            archive.write(database, "collection.anki2")
            archive.writestr("media", "{}")
    return buffer.getvalue()
