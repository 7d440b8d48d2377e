"""Practice that targets weak terms: the weakest cards, the entry offered after a miss, and confusions as options."""

from __future__ import annotations

import io
import json
import random
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from glossary.cli import main
from glossary.content.corpus import Corpus
from glossary.progress.scheduler import CardKey, Reviewer, Score
from glossary.progress.store import MIGRATIONS, ProgressStore
from glossary.quiz.engine import QuizEngine
from glossary.quiz.model import QuestionType
from glossary.quiz.session import confusion
from glossary.quiz.weak import weak_questions, weakest_cards

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=timezone.utc)
STRONG = ["adam", "relu", "dropout", "tanh", "sigmoid", "softmax"]
WEAK = [CardKey("leaky-relu", "definition-to-term"), CardKey("batch-normalization", "zh-to-en")]


def plant(home: Path) -> Reviewer:
    """A store where every card was answered right for a week, except two cards failed again and again."""
    reviewer = Reviewer(ProgressStore(home), fuzz=False)
    for day in range(7):
        moment = NOW - timedelta(days=7 - day)
        for entry_id in STRONG:
            reviewer.answer(CardKey(entry_id, "definition-to-term"), Score.GOOD, now=moment)
        for key in WEAK:
            reviewer.answer(key, Score.GOOD if day == 0 else Score.AGAIN, "quiz", day == 0, now=moment)
    return reviewer


def test_the_weakest_cards_are_the_failed_ones(isolated_home: Path, shipped: Corpus) -> None:
    reviewer = plant(isolated_home)
    ranked = weakest_cards(reviewer, shipped, 10, NOW)
    assert {w.key for w in ranked[:2]} == set(WEAK)
    assert all(w.lapses == 6 and w.recent_wrong == 3 for w in ranked[:2])
    assert ranked[0].score >= ranked[1].score > ranked[2].score
    assert all(0.0 <= w.retrievability <= 1.0 for w in ranked)
    engine = QuizEngine(shipped, {})
    assert [(q.entry_id, q.type.value) for q in weak_questions(engine, reviewer, 2, now=NOW)] == [
        (w.key.entry_id, w.key.direction) for w in ranked[:2]
    ]
    reviewer.store.close()


def test_quiz_weak_asks_exactly_the_planted_cards_and_offers_the_entry(
    isolated_home: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    plant(isolated_home).store.close()
    monkeypatch.setattr("sys.stdin", io.StringIO("\n\n"))  # two blank (wrong) answers
    assert main(["quiz", "--weak", "--n", "2"]) == 0
    out = capsys.readouterr().out
    asked = {(line.split("[", 1)[1].split("]")[0]) for line in out.splitlines() if line.startswith("  [")}
    assert asked == {key.entry_id for key in WEAK}
    assert out.count("Question ") == 2
    assert (
        "Read: glossary show leaky-relu · learn first: " in out
        and "relu" in out.split("Read: glossary show leaky-relu")[1]
    )


def test_quiz_weak_without_answers_says_so(isolated_home: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["quiz", "--weak"]) == 1
    assert "no answered cards yet" in capsys.readouterr().err


def test_a_planted_confusion_comes_back_as_an_option(isolated_home: Path, shipped: Corpus) -> None:
    store = ProgressStore(isolated_home)
    assert store.schema_version == len(MIGRATIONS)
    store.record_confusion("softmax", "hierarchical-softmax", NOW)
    store.record_confusion("softmax", "tanh", NOW)
    store.record_confusion("softmax", "tanh", NOW)
    assert store.confusions() == {"softmax": ["tanh", "hierarchical-softmax"]}
    engine = QuizEngine(shipped, {}, confused=store.confusions())
    plain = QuizEngine(shipped, {})
    entry = shipped.entries["softmax"]
    for seed in range(20):
        question = engine.zh_to_en(shipped.entries["tanh"], random.Random(seed))  # no confusions: unchanged
        assert question == plain.zh_to_en(shipped.entries["tanh"], random.Random(seed))
        asked = engine.definition_to_term(entry, random.Random(seed))
        assert asked is not None and {"Tanh", "Hierarchical Softmax"} <= set(asked.options)
        assert len(set(asked.options)) == len(asked.options) == 4 and asked.options.count("Softmax") == 1
    store.close()


def test_the_quiz_records_the_option_chosen_wrongly(
    isolated_home: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, shipped: Corpus
) -> None:
    arguments = ["--n", "1", "--seed", "3", "--types", QuestionType.DEFINITION_TO_TERM.value]
    assert main(["questions", *arguments, "--format", "json"]) == 0
    question = json.loads(capsys.readouterr().out)[0]
    wrong = next(i for i in range(4) if i != question["answer_index"])
    monkeypatch.setattr("sys.stdin", io.StringIO(f"{wrong + 1}\n"))
    assert main(["quiz", *arguments]) == 0
    chosen = shipped.resolve(question["options"][wrong])
    assert chosen is not None
    store = ProgressStore(isolated_home)
    assert store.confusions() == {question["entry_id"]: [chosen.id]}
    store.close()


def test_confusion_needs_a_wrong_option_naming_a_term(shipped: Corpus) -> None:
    question = QuizEngine(shipped, {}).definition_to_term(shipped.entries["softmax"], random.Random(1))
    assert question is not None and question.correct_index is not None
    right = question.correct_index + 1
    wrong = next(i for i in range(1, 5) if i != right)
    assert confusion(shipped, question, str(right)) is None
    assert confusion(shipped, question, "softmax") is None
    found = confusion(shipped, question, str(wrong))
    assert found is not None and found[0] == "softmax" and found[1] in shipped.entries
