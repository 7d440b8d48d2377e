"""Commands for learning: quiz, review and questions (all usable over a pipe)."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

from glossary.cli.common import UserError, home, load_content, open_store
from glossary.content.vocabulary import Category

if TYPE_CHECKING:
    from glossary.content.corpus import Corpus
    from glossary.progress.scheduler import Reviewer
    from glossary.quiz.model import Question


def register(subcommands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add this module's commands to the parser."""
    from glossary.quiz.model import QuestionType

    type_names = ", ".join(t.value for t in QuestionType)
    quiz = subcommands.add_parser("quiz", help="take a quiz in the terminal (answers are read from stdin)")
    _selection_options(quiz, type_names)
    quiz.add_argument(
        "--weak",
        action="store_true",
        help="ask your N weakest cards (lowest recall, most lapses, recent wrong answers)",
    )
    quiz.set_defaults(handler=quiz_command)

    review = subcommands.add_parser("review", help="review today's due cards, rating each 1-4")
    review.add_argument("--new", type=int, default=20, metavar="N", help="new cards allowed per day (default 20)")
    review.set_defaults(handler=review_command)

    questions = subcommands.add_parser("questions", help="print a quiz with an answer key")
    _selection_options(questions, type_names)
    questions.add_argument("--format", choices=["json", "markdown"], default="markdown", help="output format")
    questions.set_defaults(handler=questions_command)


def _selection_options(parser: argparse.ArgumentParser, type_names: str) -> None:
    parser.add_argument("--n", type=int, default=10, metavar="N", help="how many questions (default 10)")
    parser.add_argument("--category", choices=[c.value for c in Category], help="only this category")
    parser.add_argument("--tag", help="only terms with this tag")
    parser.add_argument("--types", help=f"comma-separated question types: {type_names}")
    parser.add_argument("--seed", type=int, help="the same seed gives the same questions")
    parser.add_argument("--options", type=int, default=4, metavar="K", help="options per multiple-choice question")


def _questions(
    args: argparse.Namespace, confused: Mapping[str, Sequence[str]] | None = None, reviewer: Reviewer | None = None
) -> tuple[Corpus, list[Question]]:
    """The quiz the options ask for; with a reviewer and --weak, its weakest cards instead."""
    import random

    from glossary.quiz.model import QuestionType
    from glossary.quiz.session import engine_for, pick_entries

    corpus = load_content(args)
    try:
        types = [QuestionType(t.strip()) for t in args.types.split(",")] if args.types else None
    except ValueError as error:
        raise UserError(f"{error}; choose from {', '.join(t.value for t in QuestionType)}") from None
    if args.n < 1 or args.options < 2:
        raise UserError("--n must be at least 1 and --options at least 2")
    entries = pick_entries(corpus, args.category, args.tag)
    if not entries:
        raise UserError("no terms match that category and tag")
    engine = engine_for(corpus, home(args), args.options, confused)
    if reviewer is not None and getattr(args, "weak", False):
        from glossary.quiz.weak import weak_questions

        questions = weak_questions(engine, reviewer, args.n, {e.id for e in entries}, types)
        if not questions:
            raise UserError("no answered cards yet to find weak ones in: take a quiz or a review first")
        return corpus, questions
    seed = args.seed if args.seed is not None else random.SystemRandom().randrange(2**31)
    questions = engine.generate(args.n, seed, types, entries)
    if not questions:
        raise UserError("those terms cannot make questions of those types")
    return corpus, questions


def _read(prompt: str) -> str | None:
    """One line from stdin (None at end of input), echoing the prompt only to a terminal."""
    if sys.stdin.isatty():
        try:
            return input(prompt)
        except EOFError:
            return None
    line = sys.stdin.readline()
    return None if line == "" else line.rstrip("\n")


def print_question(question: Question, number: int, total: int) -> None:
    """The question as plain text, options numbered from 1."""
    print(f"\nQuestion {number}/{total} · {question.type.label}")
    print(question.prompt)
    if question.code:
        print(f"\n{question.code.rstrip()}")
    for index, option in enumerate(question.options, 1):
        print(f"  {index}) {option}")


def quiz_command(args: argparse.Namespace) -> int:
    """Ask, grade, explain and record each answer (and each confusion); end with the score and the weakest terms."""
    from glossary.progress.scheduler import CardKey, Reviewer
    from glossary.quiz.grading import grade, score_for
    from glossary.quiz.session import QuizTally, confusion

    store = open_store(args)
    reviewer = Reviewer(store)
    corpus, questions = _questions(args, store.confusions(), reviewer)
    tally = QuizTally()
    for number, question in enumerate(questions, 1):
        print_question(question, number, len(questions))
        response = _read("> ")
        if response is None:
            print("\n(end of input: quiz stopped)")
            break
        verdict = grade(question, response, corpus)
        tally.add(question, verdict)
        reviewer.answer(CardKey(question.entry_id, question.type.value), score_for(verdict), "quiz", verdict.correct)
        if verdict.correct:
            print("✓ Correct" + (f" (accepted with a typo: {question.answer})" if verdict.near_miss else "."))
        else:
            if (confused := confusion(corpus, question, response)) is not None:
                store.record_confusion(*confused)
            print(f"✗ The answer is: {question.answer}")
        print(f"  [{question.entry_id}] {question.explanation}")
        if not verdict.correct:
            print("  " + read_first(corpus, question.entry_id))
    store.close()
    if tally.answered:
        print(f"\nScore: {tally.correct}/{tally.answered} ({100 * tally.correct / tally.answered:.0f}%)")
        weakest = tally.weakest()
        if weakest:
            print("Weakest terms: " + ", ".join(f"{corpus.entries[i].name} ({i})" for i in weakest))
    return 0


def read_first(corpus: Corpus, entry_id: str) -> str:
    """Where to read after a wrong answer: the entry, and what it directly needs, in learning order."""
    from glossary.quiz.session import learn_first

    needs = learn_first(corpus, entry_id)
    return f"Read: glossary show {entry_id}" + (f" · learn first: {', '.join(needs)}" if needs else "")


def review_command(args: argparse.Namespace) -> int:
    """Show each due card, reveal it on Enter, and rate it 1-4."""
    from glossary.progress.scheduler import Reviewer, Score
    from glossary.quiz.session import card_question, engine_for

    corpus = load_content(args)
    store = open_store(args)
    reviewer = Reviewer(store, new_per_day=args.new)
    engine = engine_for(corpus, home(args))
    due = reviewer.due(corpus)
    new = reviewer.new_cards(corpus, can_ask=lambda key: card_question(engine, key) is not None)
    print(f"{len(due)} due, {len(new)} new today")
    done = 0
    for number, key in enumerate(due + new, 1):
        question = card_question(engine, key)
        if question is None:
            continue
        print_question(question, number, len(due) + len(new))
        if _read("(Enter to reveal) ") is None:
            break
        print(f"→ {question.answer}\n  [{question.entry_id}] {question.explanation}")
        rating = None
        while rating is None:
            line = _read("Rate 1 Again · 2 Hard · 3 Good · 4 Easy > ")
            if line is None:
                break
            rating = int(line) if line.strip() in {"1", "2", "3", "4"} else None
        if rating is None:
            break
        due_at = reviewer.answer(key, Score(rating))
        done += 1
        print(f"  next review {due_at.astimezone():%Y-%m-%d %H:%M}")
    upcoming = [card for card in store.cards() if card.entry_id in corpus.entries]
    store.close()
    print(f"\n{done} card(s) reviewed.")
    if upcoming:
        soonest = min(card.due for card in upcoming)
        print(f"{len(upcoming)} card(s) scheduled; the next is due {soonest.astimezone():%Y-%m-%d %H:%M}.")
    return 0


def questions_command(args: argparse.Namespace) -> int:
    """A printable quiz with an answer key, as Markdown or JSON."""
    _, questions = _questions(args)
    if args.format == "json":
        print(json.dumps([q.to_dict() for q in questions], ensure_ascii=False, indent=2))
        return 0
    print("# Quiz\n")
    for number, question in enumerate(questions, 1):
        print(f"## {number}. {question.type.label}\n")
        print(question.prompt + "\n")
        if question.code:
            print(f"```python\n{question.code.rstrip()}\n```\n")
        for letter, option in zip("ABCDEFGHIJ", question.options):
            print(f"- {letter}. {option}")
        print()
    print("# Answer key\n")
    for number, question in enumerate(questions, 1):
        letter = (
            f"{'ABCDEFGHIJ'[question.correct_index]}. "
            if question.options and question.correct_index is not None
            else ""
        )
        print(f"{number}. {letter}{question.answer} ({question.entry_id})")
    return 0
