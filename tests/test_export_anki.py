"""Exports imported into real Anki (the official `anki` package), in a fresh collection in a temporary folder.

Re-importing must update changed notes in place, keep review history, and leave unchanged notes alone.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from html import escape
from pathlib import Path

import pytest
from anki.collection import (
    Collection,
    ImportAnkiPackageOptions,
    ImportAnkiPackageRequest,
    ImportCsvRequest,
)
from anki.import_export_pb2 import ImportResponse

from glossary.content.loader import load_corpus
from glossary.export.apkg import TERM, build_package
from glossary.export.ledger import ModLedger
from glossary.export.markup import CardHtml
from glossary.export.notes import deck_name, note_guid
from glossary.export.selection import Filters, select
from glossary.paths import content_dir, snippets_dir
from glossary.text.language import Language
from tests.test_export import (  # noqa: F401 (advancing_clock is a fixture)
    HOSTILE_NAME,
    Folders,
    advancing_clock,
    corpus_of,
    edit_entry,
    export,
    make_hostile,
)

pytestmark = pytest.mark.usefixtures("advancing_clock")
Log = ImportResponse.Log
PARENT_AND_DEFAULT = 2  # Anki adds the parent deck "Deep-Learning Glossary"; every collection has "Default"


@pytest.fixture
def collection(tmp_path: Path) -> Iterator[Collection]:
    col = Collection(str(tmp_path / "collection.anki2"))
    yield col
    col.close()


def import_package(col: Collection, path: Path) -> Log:
    request = ImportAnkiPackageRequest(package_path=str(path), options=ImportAnkiPackageOptions())
    return col.import_anki_package(request).log


def import_text(col: Collection, path: Path) -> Log:
    metadata = col.get_csv_metadata(str(path), None)
    return col.import_csv(ImportCsvRequest(path=str(path), metadata=metadata)).log


def guids(col: Collection, notes: Iterable[ImportResponse.Note]) -> list[str]:
    """The GUIDs of the notes an import log lists."""
    return [col.get_note(note.id.nid).guid for note in notes]


def notes_table(col: Collection) -> list[list[object]]:
    return sorted(col.db.all("SELECT guid, mod, tags, flds FROM notes"))


def fields_of(col: Collection, guid: str) -> dict[str, str]:
    note = col.get_note(col.db.scalar("SELECT id FROM notes WHERE guid = ?", guid))
    return dict(note.items())


def review_first_card(col: Collection, guid: str) -> tuple[int, list[object]]:
    """Answer 'Good' on the note's first card; returns its id and its scheduling state."""
    card = col.get_card(col.db.scalar("SELECT c.id FROM cards c JOIN notes n ON c.nid = n.id WHERE n.guid = ?", guid))
    card.start_timer()
    col.sched.answerCard(card, 3)
    return card.id, scheduling(col, card.id)


def scheduling(col: Collection, card_id: int) -> list[object]:
    return col.db.first("SELECT type, queue, due, ivl, reps, nid, did FROM cards WHERE id = ?", card_id)


def test_the_package_imports_with_its_decks_fields_tags_and_escaping(
    mini: Folders, tmp_path: Path, collection: Collection
) -> None:
    make_hostile(mini)
    package = tmp_path / "deck.apkg"
    assert export(mini, "anki", "-o", str(package)) == 0
    log = import_package(collection, package)
    corpus = corpus_of(mini)
    assert len(log.new) == 12 and not log.updated and not log.conflicting
    assert collection.note_count() == 12
    assert collection.card_count() == 6 * 2 + 6  # forward and reverse per term, one cloze card each
    decks = {deck.name for deck in collection.decks.all_names_and_ids()}
    assert decks == {"Default", "Deep-Learning Glossary"} | {deck_name(e.category) for e in corpus}

    entry = corpus.entries["term-00002"]
    fields = fields_of(collection, note_guid(entry, "term"))
    assert fields["Id"] == entry.id and fields["Term"] == "Gate &lt;b&gt;Bold&lt;/b&gt; &amp; Co"
    assert fields["Chinese"] == entry.name_zh and fields["ChineseSummary"] == f"<p>{entry.summary_zh}</p>"
    assert "&lt;script&gt;alert('x')&lt;/script&gt; &amp; keeps &lt;b&gt;bold&lt;/b&gt;" in fields["Definition"]
    assert fields["Formula"].startswith("<p>\\(y_{2} = 2 x\\)</p>") and "scale_2" in fields["Code"]
    assert "▢▢▢ runs &lt;script&gt;" in fields["Clue"] and escape(HOSTILE_NAME) not in fields["Clue"]
    cloze = fields_of(collection, note_guid(entry, "cloze"))
    assert cloze["Text"].startswith("<p>{{c1::Gate &lt;b&gt;Bold&lt;/b&gt; &amp; Co}}")
    assert all("<script" not in value for value in (*fields.values(), *cloze.values()))
    note = collection.get_note(collection.db.scalar("SELECT id FROM notes WHERE guid = ?", note_guid(entry, "term")))
    assert note.tags == ["glossary::regularization"]
    card = note.cards()[0]
    assert "&lt;b&gt;Bold&lt;/b&gt;" in card.question() and "\\(y_{2} = 2 x\\)" in card.answer()


def test_reimporting_a_changed_term_updates_only_its_note_and_keeps_reviews(
    mini: Folders, tmp_path: Path, collection: Collection
) -> None:
    package = tmp_path / "deck.apkg"
    assert export(mini, "anki", "-o", str(package)) == 0
    import_package(collection, package)
    corpus = corpus_of(mini)
    changed, kept = corpus.entries["term-00003"], corpus.entries["term-00001"]
    kept_card, kept_state = review_first_card(collection, note_guid(kept, "term"))
    changed_card, changed_state = review_first_card(collection, note_guid(changed, "term"))
    notes_before = dict((guid, (mod, flds)) for guid, mod, _, flds in notes_table(collection))

    edit_entry(mini, "term-00003", definition=changed.definition + " Now with one more sentence.")
    assert export(mini, "anki", "-o", str(package)) == 0
    log = import_package(collection, package)

    assert guids(collection, log.updated) == [note_guid(changed, "term")] and not log.new
    assert collection.note_count() == 12 and collection.card_count() == 18
    assert collection.db.scalar("SELECT count(DISTINCT guid) FROM notes") == 12
    assert fields_of(collection, note_guid(changed, "term"))["Definition"].endswith("one more sentence.</p>")
    assert collection.db.scalar("SELECT count() FROM revlog") == 2
    assert scheduling(collection, kept_card) == kept_state and scheduling(collection, changed_card) == changed_state
    notes_after = dict((guid, (mod, flds)) for guid, mod, _, flds in notes_table(collection))
    assert {guid for guid in notes_before if notes_before[guid] != notes_after[guid]} == {note_guid(changed, "term")}


def test_reimporting_unchanged_content_changes_nothing(mini: Folders, tmp_path: Path, collection: Collection) -> None:
    package = tmp_path / "deck.apkg"
    assert export(mini, "anki", "-o", str(package)) == 0
    import_package(collection, package)
    notes = notes_table(collection)
    notetype_mtime = collection.models.get(TERM.model_id)["mod"]  # type: ignore[index]

    assert export(mini, "anki", "-o", str(package)) == 0
    log = import_package(collection, package)
    assert not log.new and not log.updated and len(log.duplicate) == 12
    assert notes_table(collection) == notes
    assert collection.models.get(TERM.model_id)["mod"] == notetype_mtime  # type: ignore[index]


@pytest.mark.parametrize("form", ["csv", "tsv"])
def test_anki_text_imports_and_updates_in_place(
    mini: Folders, tmp_path: Path, collection: Collection, form: str
) -> None:
    make_hostile(mini)
    text = tmp_path / f"deck.{form}"
    assert export(mini, form, "-o", str(text)) == 0
    log = import_text(collection, text)
    corpus = corpus_of(mini)
    assert len(log.new) == 6 and collection.note_count() == 6 and collection.card_count() == 6
    decks = {deck.name for deck in collection.decks.all_names_and_ids()}
    assert decks == {"Default", "Deep-Learning Glossary"} | {deck_name(e.category) for e in corpus}
    hostile = corpus.entries["term-00002"]
    fields = fields_of(collection, note_guid(hostile, "basic"))
    assert fields["Front"].startswith("Gate &lt;b&gt;Bold&lt;/b&gt; &amp; Co<br>")
    assert "&lt;script&gt;" in fields["Back"] and "\\(y_{2} = 2 x\\)" in fields["Back"]
    card_id, state = review_first_card(collection, note_guid(corpus.entries["term-00000"], "basic"))

    log = import_text(collection, text)
    assert not log.new and not log.updated and len(log.duplicate) == 6

    edit_entry(mini, "term-00004", summary="A new summary.")
    assert export(mini, form, "-o", str(text)) == 0
    log = import_text(collection, text)
    assert guids(collection, log.updated) == [note_guid(corpus.entries["term-00004"], "basic")]
    assert not log.new and collection.note_count() == 6
    assert scheduling(collection, card_id) == state and collection.db.scalar("SELECT count() FROM revlog") == 1


def test_the_shipped_content_imports_whole(tmp_path: Path, collection: Collection) -> None:
    corpus, _ = load_corpus(content_dir(), snippets_dir())
    entries = select(corpus, Filters())
    package = tmp_path / "glossary.apkg"
    package.write_bytes(build_package(corpus, entries, Language.BOTH, ModLedger(), now=1_700_000_000))
    log = import_package(collection, package)
    clozes = sum(1 for entry in entries if CardHtml(corpus, entry, Language.BOTH).cloze)
    assert len(log.new) == len(entries) + clozes and not log.conflicting
    assert collection.card_count() == 2 * len(entries) + clozes
    decks = {deck.name for deck in collection.decks.all_names_and_ids()}
    assert len(decks) == len({entry.category for entry in entries}) + PARENT_AND_DEFAULT
