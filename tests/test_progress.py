"""Progress: FSRS scheduling, the daily new-card limit, transactions, corruption and migrations."""

from __future__ import annotations

import signal
import sqlite3
import subprocess
import sys
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from glossary.content.loader import load_corpus
from glossary.progress.scheduler import CardKey, Reviewer, Score
from glossary.progress.store import DATABASE_NAME, MIGRATIONS, ProgressStore, StoreError
from glossary.quiz.model import QuestionType

NOW = datetime(2026, 3, 1, 12, 0, tzinfo=timezone.utc)


def test_rating_reschedules_and_logs(tmp_path: Path) -> None:
    store = ProgressStore(tmp_path)
    reviewer = Reviewer(store, fuzz=False)
    key = CardKey("term-00001", QuestionType.DEFINITION_TO_TERM.value)
    first = reviewer.answer(key, Score.EASY, now=NOW)
    assert first > NOW + timedelta(days=1)
    again = reviewer.answer(key, Score.AGAIN, now=first)
    assert again < first + timedelta(hours=1)
    assert [r.rating for r in store.reviews()] == [4, 1]
    assert store.card(key.entry_id, key.direction).due == again


def test_due_queue_and_daily_new_limit(tmp_path: Path, mini: tuple[Path, Path]) -> None:
    corpus = load_corpus(*mini)[0]
    reviewer = Reviewer(ProgressStore(tmp_path), new_per_day=4, fuzz=False)
    fresh = reviewer.new_cards(corpus, NOW)
    assert len(fresh) == 4
    for key in fresh[:3]:
        reviewer.answer(key, Score.GOOD, now=NOW)
    assert len(reviewer.new_cards(corpus, NOW)) == 1
    assert reviewer.due(corpus, NOW) == []
    later = NOW + timedelta(days=30)
    assert {k.entry_id for k in reviewer.due(corpus, later)} == {k.entry_id for k in fresh[:3]}
    assert len(reviewer.new_cards(corpus, later)) == 4  # a new day, a new allowance


def test_cards_of_removed_terms_are_not_due(tmp_path: Path, mini: tuple[Path, Path]) -> None:
    corpus = load_corpus(*mini)[0]
    reviewer = Reviewer(ProgressStore(tmp_path), fuzz=False)
    reviewer.answer(CardKey("gone", QuestionType.CLOZE.value), Score.AGAIN, now=NOW)
    assert reviewer.due(corpus, NOW + timedelta(days=1)) == []


def test_a_corrupt_database_is_moved_aside_not_deleted(tmp_path: Path) -> None:
    (tmp_path / DATABASE_NAME).write_bytes(b"this is not a database" * 100)
    store = ProgressStore(tmp_path)
    assert store.notice and "moved to" in store.notice
    kept = list(tmp_path.glob(f"{DATABASE_NAME}.corrupt-*"))
    assert len(kept) == 1 and kept[0].read_bytes().startswith(b"this is not a database")
    store.set_setting("language", "zh")
    assert ProgressStore(tmp_path).setting("language") == "zh"


def test_migrations_set_the_schema_version(tmp_path: Path) -> None:
    assert ProgressStore(tmp_path).schema_version == len(MIGRATIONS)
    connection = sqlite3.connect(tmp_path / DATABASE_NAME)
    assert connection.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_a_database_from_a_newer_version_is_refused_untouched(tmp_path: Path) -> None:
    connection = sqlite3.connect(tmp_path / DATABASE_NAME)
    connection.execute(f"PRAGMA user_version = {len(MIGRATIONS) + 5}")
    connection.close()
    before = (tmp_path / DATABASE_NAME).read_bytes()
    with pytest.raises(StoreError, match="newer"):
        ProgressStore(tmp_path)
    assert (tmp_path / DATABASE_NAME).read_bytes() == before
    assert not list(tmp_path.glob(f"{DATABASE_NAME}.corrupt-*"))


def test_a_failed_write_leaves_no_half_answer(tmp_path: Path) -> None:
    store = ProgressStore(tmp_path)
    try:
        store.record("t", "cloze", "{}", NOW, rating=9, source="review", when=NOW)
        with store._transaction() as connection:
            connection.execute(
                "INSERT INTO reviews (entry_id, direction, rating, source, reviewed) VALUES ('t', 'd', 1, 'x', 'now')"
            )
            raise RuntimeError("crash mid-answer")
    except RuntimeError:
        pass
    assert len(store.reviews()) == 1


KILLER = """
import sys
from pathlib import Path

import pytest
from glossary.quiz.model import QuestionType
from glossary.progress.scheduler import CardKey, Reviewer, Score
from glossary.progress.store import ProgressStore
reviewer = Reviewer(ProgressStore(Path(sys.argv[1])))
for number in range(1000):
    reviewer.answer(CardKey(f"term-{number:05d}", QuestionType.CLOZE.value), Score.GOOD)
    print(number, flush=True)
"""


def test_sigkill_between_answers_keeps_every_earlier_answer(tmp_path: Path) -> None:
    process = subprocess.Popen([sys.executable, "-c", KILLER, str(tmp_path)], stdout=subprocess.PIPE, text=True)
    assert process.stdout is not None
    acknowledged = [process.stdout.readline() for _ in range(25)]
    process.send_signal(signal.SIGKILL)
    process.wait()
    assert acknowledged[-1].strip() == "24"
    store = ProgressStore(tmp_path)
    assert store.notice is None
    assert len(store.reviews()) >= 25  # every acknowledged answer survived (at most the one in flight is lost)
    assert len(store.cards()) == len(store.reviews())
