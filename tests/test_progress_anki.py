"""Reviews done in real Anki (the official `anki` package) on our exported deck come back onto our cards."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from anki.collection import Collection, ImportAnkiPackageOptions, ImportAnkiPackageRequest

from glossary.cli import main
from glossary.content.loader import load_corpus
from glossary.export.apkg import CLOZE, TERM
from glossary.export.notes import note_guid
from glossary.progress.anki_import import DIRECTIONS
from glossary.progress.scheduler import CardKey, Reviewer, Score
from glossary.progress.store import ProgressStore

Folders = tuple[Path, Path]


def glossary(mini: Folders, home: Path, *args: str) -> int:
    return main(["--content", str(mini[0]), "--snippets", str(mini[1]), "--home", str(home), *args])


def answer(col: Collection, guid: str, ordinal: int, *eases: int) -> None:
    """Answer the note's card of `ordinal` in Anki, once per ease."""
    card_id = col.db.scalar(
        "SELECT c.id FROM cards c JOIN notes n ON c.nid = n.id WHERE n.guid = ? AND c.ord = ?", guid, ordinal
    )
    for ease in eases:
        card = col.get_card(card_id)
        card.start_timer()
        col.sched.answerCard(card, ease)


def test_the_directions_follow_the_exported_templates() -> None:
    assert [name for name, _, _ in TERM.templates] == ["Term → definition", "Definition → term"]
    assert DIRECTIONS["term"] == ("term-to-definition", "definition-to-term") and len(CLOZE.templates) == 1


def test_anki_reviews_arrive_on_the_matching_cards_and_nothing_else_changes(
    mini: Folders, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    corpus, home = load_corpus(*mini)[0], tmp_path / "home"
    package, path = tmp_path / "deck.apkg", tmp_path / "anki" / "collection.anki2"
    assert glossary(mini, home, "export", "anki", "-o", str(package)) == 0
    path.parent.mkdir()
    col = Collection(str(path))
    col.import_anki_package(ImportAnkiPackageRequest(package_path=str(package), options=ImportAnkiPackageOptions()))
    first, second, third = (corpus.entries[f"term-0000{n}"] for n in (1, 2, 3))
    answer(col, note_guid(first, "term"), 0, 3)
    answer(col, note_guid(second, "term"), 1, 1, 3)
    answer(col, note_guid(third, "cloze"), 0, 4)
    col.close()

    store = ProgressStore(home)
    Reviewer(store).answer(CardKey("term-00004", "zh-to-en"), Score.GOOD)  # our own, untouched by the import
    before_cards, before_reviews = store.cards(), store.reviews()
    store.close()
    assert glossary(mini, home, "progress", "import-anki", str(path)) == 0
    assert "Imported 4 review(s)" in capsys.readouterr().out

    store = ProgressStore(home)
    imported = [(r.entry_id, r.direction, r.rating) for r in store.reviews() if r.source == "anki"]
    assert imported == [
        ("term-00001", "term-to-definition", 3),
        ("term-00002", "definition-to-term", 1),
        ("term-00002", "definition-to-term", 3),
        ("term-00003", "cloze", 4),
    ]
    assert [r for r in store.reviews() if r.source != "anki"] == before_reviews
    cards = {(c.entry_id, c.direction): c for c in store.cards()}
    assert set(cards) == {(c.entry_id, c.direction) for c in before_cards} | {
        ("term-00001", "term-to-definition"),
        ("term-00002", "definition-to-term"),
        ("term-00003", "cloze"),
    }
    assert cards["term-00004", "zh-to-en"] == before_cards[0]
    last = max(r.reviewed for r in store.reviews() if r.source == "anki")
    assert cards["term-00003", "cloze"].due > last + timedelta(days=1)  # Easy: days away
    assert cards["term-00002", "definition-to-term"].due > last  # rescheduled by FSRS after the relearning
    store.close()

    assert glossary(mini, home, "progress", "import-anki", str(path)) == 0  # again: nothing new
    assert "Imported 0 review(s)" in capsys.readouterr().out and len(ProgressStore(home).reviews()) == 5


def test_a_file_that_is_not_an_anki_collection_is_one_line(
    mini: Folders, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    for path, message in [(tmp_path / "missing.anki2", "does not exist"), (tmp_path / "text.anki2", "not an Anki")]:
        if "text" in path.name:
            path.write_text("hello " * 1000)
        assert glossary(mini, tmp_path / "home", "progress", "import-anki", str(path)) == 1
        err = capsys.readouterr().err
        assert err.count("\n") == 1 and str(path) in err and message in err
