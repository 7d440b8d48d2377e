"""Progress backups: a versioned JSON of cards, reviews and settings that restores and merges."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path

import pytest

from glossary.cli import main
from glossary.progress.scheduler import CardKey, Reviewer, Score
from glossary.progress.store import ProgressStore

from .test_progress_stats import NOW, fill_history

TERMS = [f"term-{n:05d}" for n in range(1, 7)]


def contents(home: Path) -> tuple[list[object], list[object], dict[str, str]]:
    store = ProgressStore(home)
    return sorted(store.cards(), key=lambda c: (c.entry_id, c.direction)), store.reviews(), store.all_settings()


def test_export_then_import_restores_everything_and_twice_adds_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source, target, backup = tmp_path / "source", tmp_path / "target", tmp_path / "progress.json"
    store = ProgressStore(source)
    fill_history(store, TERMS)
    store.set_setting("desired_retention", "0.85")
    assert main(["--home", str(source), "progress", "export", str(backup)]) == 0
    document = json.loads(backup.read_text(encoding="utf-8"))
    assert document["format"] == "glossary-progress" and document["version"] == 1
    assert len(document["reviews"]) == len(store.reviews()) > 100
    for _ in range(2):
        assert main(["--home", str(target), "progress", "import", str(backup)]) == 0
    assert contents(target) == contents(source)
    assert "0 new reviews, 0 cards" in capsys.readouterr().out.splitlines()[-1]


def test_merging_keeps_the_union_of_reviews_and_the_newer_card(tmp_path: Path) -> None:
    here, there, backup = tmp_path / "here", tmp_path / "there", tmp_path / "there.json"
    old, new, mine = CardKey("a", "cloze"), CardKey("b", "cloze"), CardKey("c", "cloze")
    local, remote = Reviewer(ProgressStore(here), fuzz=False), Reviewer(ProgressStore(there), fuzz=False)
    local.answer(old, Score.GOOD, now=NOW + timedelta(days=5))  # here, "a" was reviewed last
    remote.answer(old, Score.AGAIN, now=NOW)
    remote.answer(new, Score.EASY, now=NOW + timedelta(days=9))  # there, "b" is newer
    local.answer(new, Score.HARD, now=NOW)
    local.answer(mine, Score.GOOD, now=NOW)
    assert main(["--home", str(there), "progress", "export", str(backup)]) == 0
    assert main(["--home", str(here), "progress", "import", str(backup)]) == 0
    merged = ProgressStore(here)
    assert len(merged.reviews()) == 5
    assert merged.card("a", "cloze") == local.store.card("a", "cloze")
    assert merged.card("b", "cloze").card_json == remote.store.card("b", "cloze").card_json
    assert merged.card("b", "cloze").introduced == NOW  # the earlier first-seen time is kept
    assert merged.card("c", "cloze") == local.store.card("c", "cloze")


@pytest.mark.parametrize(
    "text, message",
    [
        (
            '{"format": "glossary-progress", "version": 2, "cards": [], "reviews": [], "settings": {}}',
            "has backup format 2, newer than this glossary's 1",
        ),
        ("{not json", "is not JSON"),
        ('{"format": "something else"}', "is not a glossary progress backup"),
        (
            '{"format": "glossary-progress", "version": 1, "cards": [{"entry_id": 3}], "reviews": [], "settings": {}}',
            "is damaged",
        ),
    ],
)
def test_a_bad_backup_is_one_line_naming_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], text: str, message: str
) -> None:
    backup = tmp_path / "bad.json"
    backup.write_text(text, encoding="utf-8")
    assert main(["--home", str(tmp_path / "home"), "progress", "import", str(backup)]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and str(backup) in err and message in err


def test_a_missing_backup_or_unwritable_target_is_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    missing = tmp_path / "nowhere.json"
    assert main(["--home", str(tmp_path / "home"), "progress", "import", str(missing)]) == 1
    assert str(missing) in capsys.readouterr().err
    target = tmp_path / "no-such-folder" / "out.json"
    assert main(["--home", str(tmp_path / "home"), "progress", "export", str(target)]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and str(target) in err
