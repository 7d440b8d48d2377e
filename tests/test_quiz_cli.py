"""The learning commands over a pipe: quiz, review, stats and questions."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path


def glossary(mini: tuple[Path, Path], home: Path, *args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    content, snippets = mini
    command = [
        sys.executable,
        "-m",
        "glossary",
        "--content",
        str(content),
        "--snippets",
        str(snippets),
        "--home",
        str(home),
        *args,
    ]
    return subprocess.run(command, input=stdin, capture_output=True, text=True, timeout=60)


def test_scripted_quiz_records_answers_then_review_and_stats_show_them(mini, tmp_path) -> None:  # type: ignore[no-untyped-def]
    done = glossary(mini, tmp_path, "quiz", "--n", "5", "--seed", "1", stdin="1\n2\n3\n4\n1\n")
    assert done.returncode == 0, done.stderr
    assert done.stdout.count("Question ") == 5 and "Score: " in done.stdout
    assert "Traceback" not in done.stderr
    review = glossary(mini, tmp_path, "review", stdin="")
    assert review.returncode == 0 and "card(s) scheduled" in review.stdout
    stats = glossary(mini, tmp_path, "stats")
    assert "quiz answers: 5" in stats.stdout


def test_quiz_stops_cleanly_at_end_of_input(mini, tmp_path) -> None:  # type: ignore[no-untyped-def]
    done = glossary(mini, tmp_path, "quiz", "--n", "5", "--seed", "2", stdin="1\n")
    assert done.returncode == 0 and "quiz stopped" in done.stdout and "Score: " in done.stdout


def test_review_rates_cards(mini, tmp_path) -> None:  # type: ignore[no-untyped-def]
    done = glossary(mini, tmp_path, "review", "--new", "2", stdin="\n3\n\nx\n4\n")
    assert done.returncode == 0, done.stderr
    assert "0 due, 2 new today" in done.stdout and "2 card(s) reviewed." in done.stdout


def test_questions_json_is_deterministic_and_complete(mini, tmp_path) -> None:  # type: ignore[no-untyped-def]
    first = glossary(mini, tmp_path, "questions", "--n", "6", "--seed", "5", "--format", "json")
    second = glossary(mini, tmp_path, "questions", "--n", "6", "--seed", "5", "--format", "json")
    assert first.returncode == 0 and first.stdout == second.stdout
    rows = json.loads(first.stdout)
    assert len(rows) == 6
    for row in rows:
        assert {"type", "prompt", "options", "answer", "entry_id"} <= row.keys()


def test_questions_markdown_has_an_answer_key(mini, tmp_path) -> None:  # type: ignore[no-untyped-def]
    done = glossary(mini, tmp_path, "questions", "--n", "3", "--seed", "1")
    assert "# Answer key" in done.stdout and done.stdout.count("## ") == 3


def test_unknown_question_type_is_a_user_error(mini, tmp_path) -> None:  # type: ignore[no-untyped-def]
    done = glossary(mini, tmp_path, "quiz", "--types", "riddles")
    assert done.returncode == 1 and "riddles" in done.stderr and "Traceback" not in done.stderr


def test_a_corrupt_progress_database_is_reported_and_replaced(mini, tmp_path) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / "progress.sqlite3").write_text("garbage" * 500)
    done = glossary(mini, tmp_path, "quiz", "--n", "1", "--seed", "1", stdin="1\n")
    assert done.returncode == 0 and "moved to" in done.stderr
