"""What a question is, independent of how it is shown."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum


class QuestionType(str, Enum):
    """Every kind of question the engine generates; the value is also the SRS card's direction."""

    DEFINITION_TO_TERM = "definition-to-term"
    TERM_TO_DEFINITION = "term-to-definition"
    EN_TO_ZH = "en-to-zh"
    ZH_TO_EN = "zh-to-en"
    CLOZE = "cloze"
    FORMULA_TO_TERM = "formula-to-term"
    TERM_TO_FORMULA = "term-to-formula"
    RELATION = "relation"
    CODE_TO_TERM = "code-to-term"
    NUMERIC = "numeric"

    @property
    def label(self) -> str:
        """A short human label: 'definition → term'."""
        return self.value.replace("-to-", " → ").replace("en", "EN").replace("zh", "中文")


@dataclass(frozen=True)
class Question:
    """One question. Multiple choice when `options` is set, typed otherwise (numeric when `value` is set)."""

    type: QuestionType
    entry_id: str
    prompt: str
    answer: str
    explanation: str
    options: tuple[str, ...] = ()
    answer_id: str | None = None  # the entry whose names are the answer (it must not leak into the prompt)
    accepted: tuple[str, ...] = ()  # typed answers that count as right (besides `answer`)
    value: float | None = None
    rel_tol: float = 0.01
    abs_tol: float = 1e-3
    code: str | None = field(default=None, repr=False)  # a code listing shown with the prompt

    @property
    def is_multiple_choice(self) -> bool:
        return bool(self.options)

    @property
    def correct_index(self) -> int | None:
        """The 0-based position of the right option (None for typed questions)."""
        return self.options.index(self.answer) if self.options else None

    def to_dict(self) -> dict[str, object]:
        """A JSON-ready record: type, prompt, options, the correct answer and the term id."""
        record: dict[str, object] = {
            "type": self.type.value,
            "entry_id": self.entry_id,
            "prompt": self.prompt,
            "options": list(self.options),
            "answer": self.answer,
            "explanation": self.explanation,
        }
        if self.code:
            record["code"] = self.code
        if self.options:
            record["answer_index"] = self.correct_index
        if self.value is not None:
            record["value"] = self.value
        return record
