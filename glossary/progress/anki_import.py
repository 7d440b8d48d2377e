"""Reviews done in Anki on an exported deck, read from Anki's collection and added to the matching cards.

Notes are matched by GUID: the export gives each note a GUID made from the term's id and the note's kind
("term" or "cloze"), and the caller passes that mapping. A term note's two cards (templates in the export's
order) are our "term-to-definition" and "definition-to-term" cards, a cloze note's card our "cloze" card.
Learning, review, relearning and filtered-deck answers are imported; manual reschedules are not. Importing the
same collection again adds nothing: an Anki review is known by its card and its time to the millisecond.
"""

from __future__ import annotations

import shutil
import sqlite3
import tempfile
import zipfile
from collections.abc import Mapping
from contextlib import closing
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from glossary.progress.replay import with_reviews
from glossary.progress.store import ProgressStore, ReviewRow
from glossary.progress.tuning import tuned_scheduler

SOURCE = "anki"
#: Card ordinals of each exported note kind, in the order of the export's card templates.
DIRECTIONS: dict[str, tuple[str, ...]] = {"term": ("term-to-definition", "definition-to-term"), "cloze": ("cloze",)}
#: Database names inside a .colpkg or .apkg, the fullest first.
PACKED = ("collection.anki21", "collection.anki2")
QUERY = """SELECT r.id, r.ease, c.ord, n.guid FROM revlog r JOIN cards c ON c.id = r.cid JOIN notes n ON n.id = c.nid
           WHERE r.ease BETWEEN 1 AND 4 AND r.type IN (0, 1, 2, 3) ORDER BY r.id"""


class AnkiImportError(ValueError):
    """The file is not an Anki collection or package this can read; the message says why."""


@dataclass(frozen=True)
class Imported:
    reviews: int  # reviews added
    cards: int  # cards rescheduled
    already: int  # Anki reviews of our notes that were imported before
    foreign: int  # Anki reviews of notes that are not (or no longer) ours


def read_reviews(path: Path, guids: Mapping[str, tuple[str, str]]) -> tuple[list[ReviewRow], int]:
    """Our reviews in the collection or package at `path` (GUID → (entry id, note kind) says which notes are
    ours), and how many reviews were of other notes."""
    with tempfile.TemporaryDirectory(prefix="glossary-anki-") as folder:
        database = _database_copy(path, Path(folder))
        try:
            with closing(sqlite3.connect(database)) as connection:
                rows = connection.execute(QUERY).fetchall()
        except sqlite3.DatabaseError as error:
            raise AnkiImportError(f"is not an Anki collection ({error})") from None
    reviews, foreign = [], 0
    for stamp, ease, ordinal, guid in rows:
        entry_id, kind = guids.get(guid, ("", ""))
        directions = DIRECTIONS.get(kind, ())
        if ordinal >= len(directions):
            foreign += 1
            continue
        moment = datetime.fromtimestamp(stamp / 1000, timezone.utc)
        reviews.append(ReviewRow(entry_id, directions[ordinal], int(ease), None, SOURCE, moment))
    return reviews, foreign


def import_reviews(store: ProgressStore, path: Path, guids: Mapping[str, tuple[str, str]]) -> Imported:
    """Add the Anki reviews not yet imported and reschedule their cards with FSRS, in one transaction."""
    reviews, foreign = read_reviews(path, guids)
    known = {(r.entry_id, r.direction, r.reviewed) for r in store.reviews() if r.source == SOURCE}
    new = [r for r in reviews if (r.entry_id, r.direction, r.reviewed) not in known]
    cards = with_reviews(store, tuned_scheduler(store, fuzz=False), new)
    store.write_all(cards, new)
    return Imported(len(new), len(cards), len(reviews) - len(new), foreign)


def _database_copy(path: Path, folder: Path) -> Path:
    """A private copy of the collection database (from inside the package when `path` is one)."""
    if not path.is_file():
        raise AnkiImportError("does not exist" if not path.exists() else "is not a file")
    target = folder / "collection.db"
    if not zipfile.is_zipfile(path):
        shutil.copyfile(path, target)
        return target
    try:
        with zipfile.ZipFile(path) as archive:
            names = set(archive.namelist())
            if "collection.anki21b" in names and "collection.anki21" not in names:  # beside it, anki2 is a stub
                raise AnkiImportError(
                    "holds only a compressed collection (collection.anki21b): export again from Anki with "
                    "“Support older Anki versions” ticked, or give the profile's collection.anki2"
                )
            inside = next((name for name in PACKED if name in names), None)
            if inside is None:
                raise AnkiImportError("is a zip archive without an Anki collection inside")
            target.write_bytes(archive.read(inside))
    except (zipfile.BadZipFile, OSError) as error:
        raise AnkiImportError(f"cannot be read as an Anki package ({error})") from None
    return target
