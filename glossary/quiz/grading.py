"""Check a learner's answer: option numbers or text, typed names in either language, numbers with tolerance."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from rapidfuzz.distance import Levenshtein

from glossary.content.corpus import Corpus, normalise
from glossary.progress.scheduler import Score
from glossary.quiz.model import Question

NEAR_MISS_MIN_LENGTH = 5  # one typo in a shorter answer is likely a different word


@dataclass(frozen=True)
class Grade:
    """The verdict on one answer."""

    correct: bool
    near_miss: bool = False  # accepted, but with a typo
    blank: bool = False


def score_for(grade: Grade) -> Score:
    """How a quiz answer reschedules its card: wrong → Again, right with a typo → Hard, right → Good."""
    if not grade.correct:
        return Score.AGAIN
    return Score.HARD if grade.near_miss else Score.GOOD


def grade(question: Question, response: str, corpus: Corpus | None = None) -> Grade:
    """Grade `response`: an option number, a typed answer (any name of the answer term counts), or a number."""
    response = response.strip()
    if not response:
        return Grade(False, blank=True)
    if question.is_multiple_choice and response.isdigit():
        return Grade(int(response) - 1 == question.correct_index)
    if question.value is not None:
        return _grade_number(question, response)
    return _grade_typed(question, response, corpus)


def _grade_number(question: Question, response: str) -> Grade:
    value = parse_number(response)
    if value is None or question.value is None:
        return Grade(False)
    return Grade(math.isclose(value, question.value, rel_tol=question.rel_tol, abs_tol=question.abs_tol))


def parse_number(text: str) -> float | None:
    """A number as a learner types it: '0.25', '1/4', '25%', '1e-3', '−2' (Unicode minus)."""
    text = text.strip().replace("−", "-").replace(",", "").replace(" ", "")
    try:
        if text.endswith("%"):
            return float(text[:-1]) / 100
        if re.fullmatch(r"-?[\d.]+/[\d.]+", text):
            numerator, denominator = text.split("/")
            return float(numerator) / float(denominator)
        return float(text)
    except (ValueError, ZeroDivisionError):
        return None


def _grade_typed(question: Question, response: str, corpus: Corpus | None) -> Grade:
    accepted = {normalise(a) for a in (question.answer, *question.accepted) if normalise(a)}
    if corpus is not None and question.answer_id is not None and question.answer_id in corpus.entries:
        accepted |= {normalise(n) for n in corpus.entries[question.answer_id].all_names}
    typed = normalise(response)
    if typed in accepted:
        return Grade(True)
    near = any(len(a) >= NEAR_MISS_MIN_LENGTH and Levenshtein.distance(typed, a, score_cutoff=1) <= 1 for a in accepted)
    return Grade(near, near_miss=near)
