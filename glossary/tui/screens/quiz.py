"""Quiz: choose a category, a count and question types; answer with number keys or by typing; see the score."""

from __future__ import annotations

import random

from rich.syntax import Syntax
from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.widgets import (
    Button,
    Checkbox,
    Footer,
    Header,
    Input,
    Label,
    LoadingIndicator,
    OptionList,
    ProgressBar,
    Select,
    SelectionList,
    Static,
)
from textual.widgets.option_list import Option

from glossary.content.corpus import Corpus
from glossary.progress.scheduler import CardKey, Reviewer
from glossary.quiz.engine import QuizEngine
from glossary.quiz.grading import grade, score_for
from glossary.quiz.model import Question, QuestionType
from glossary.quiz.session import QuizTally, confusion, engine_for, learn_first, pick_entries
from glossary.quiz.weak import card_questions, weakest_cards
from glossary.tui.screens.base import GlossaryScreen

ALL = "all"


class QuizSetupScreen(GlossaryScreen):
    """Pick what to be quizzed on."""

    BINDINGS = [Binding("escape", "app.pop_screen", "Back"), Binding("ctrl+s", "start", "Start")]

    def compose(self) -> ComposeResult:
        categories = sorted({row.category for row in self.glossary.catalog.index})
        yield Header()
        with VerticalScroll(id="quiz-setup"):
            yield Label("Category")
            yield Select(
                [("All categories", ALL), *[(c, c) for c in categories]], value=ALL, allow_blank=False, id="category"
            )
            yield Label("Number of questions")
            yield Input("10", id="count", type="integer")
            yield Label("Question types")
            yield SelectionList(*[(t.label, t.value, True) for t in QuestionType], id="types")
            yield Checkbox("Weakest cards only (lowest recall, most lapses, recent misses)", id="weak")
            yield Button("Start quiz", id="start", variant="primary")
            yield LoadingIndicator(id="preparing")
        yield Footer()

    def on_mount(self) -> None:
        self.sub_title = "Quiz"
        self.query_one("#preparing").display = False
        self.query_one("#start", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.action_start()

    def action_start(self) -> None:
        types = [QuestionType(v) for v in self.query_one("#types", SelectionList).selected]
        count_text = self.query_one("#count", Input).value or "10"
        count = max(1, min(200, int(count_text))) if count_text.isdigit() else 10
        category = self.query_one("#category", Select).value
        if not types:
            self.notify("Choose at least one question type.", severity="warning")
            return
        self.query_one("#preparing").display = True
        weak = self.query_one("#weak", Checkbox).value
        self.with_corpus(
            lambda corpus: self._prepare(
                corpus,
                None if category == ALL else str(category),
                count,
                types,
                self.glossary.store.confusions(),
                [w.key for w in weakest_cards(Reviewer(self.glossary.store), corpus, 10**6)] if weak else None,
            )
        )  # the store is read here, on the UI thread that owns its connection

    @work(thread=True, exclusive=True)
    def _prepare(
        self,
        corpus: Corpus,
        category: str | None,
        count: int,
        types: list[QuestionType],
        confused: dict[str, list[str]],
        weakest: list[CardKey] | None,
    ) -> None:
        app = self.glossary
        engine = engine_for(corpus, app.home, confused=confused)
        entries = pick_entries(corpus, category)
        if weakest is not None:
            questions = card_questions(engine, weakest, count, {e.id for e in entries}, types)
        else:
            seed = app.quiz_seed if app.quiz_seed is not None else random.SystemRandom().randrange(2**31)
            questions = engine.generate(count, seed, types, entries)
        app.call_from_thread(self._begin, engine, questions)

    def _begin(self, engine: QuizEngine, questions: list[Question]) -> None:
        if not self.is_attached:
            return  # left while the questions were being made
        self.query_one("#preparing").display = False
        if not questions:
            self.notify("Those terms cannot make questions of those types.", severity="warning")
            return
        self.app.switch_screen(QuizScreen(engine, questions))


class QuizScreen(GlossaryScreen):
    """Asks the questions one by one with immediate feedback; every answer also updates its review card."""

    BINDINGS = [
        Binding("escape", "app.pop_screen", "Leave"),
        *[Binding(str(n), f"choose({n})", show=False) for n in range(1, 10)],
        Binding("enter", "next", "Next", show=False),
        Binding("n", "next", "Next"),
        Binding("e", "open_entry", "Entry"),
    ]

    def __init__(self, engine: QuizEngine, questions: list[Question]) -> None:
        super().__init__()
        self.engine = engine
        self.questions = questions
        self.index = 0
        self.answered = False
        self.tally = QuizTally()

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(id="quiz"):
            yield ProgressBar(total=len(self.questions), show_eta=False, id="quiz-progress")
            yield Static(id="quiz-heading", classes="section")
            with VerticalScroll(id="quiz-body"):
                yield Static(id="quiz-prompt", markup=False)
                yield Static(id="quiz-code")
            yield OptionList(id="quiz-options")
            yield Input(placeholder="Type your answer and press Enter", id="quiz-answer")
            yield Static(id="quiz-feedback")
        yield Footer()

    def on_mount(self) -> None:
        self.sub_title = "Quiz"
        self.reviewer = Reviewer(self.glossary.store)
        self.ask()

    @property
    def question(self) -> Question:
        return self.questions[self.index]

    def ask(self) -> None:
        """Show the current question."""
        question = self.question
        self.answered = False
        self.query_one("#quiz-heading", Static).update(
            f"Question {self.index + 1}/{len(self.questions)} · {question.type.label}"
        )
        self.query_one("#quiz-prompt", Static).update(question.prompt)
        code = self.query_one("#quiz-code", Static)
        code.display = bool(question.code)
        if question.code:
            code.update(Syntax(question.code, "python"))
        options = self.query_one("#quiz-options", OptionList)
        answer = self.query_one("#quiz-answer", Input)
        feedback = self.query_one("#quiz-feedback", Static)
        feedback.update("")
        feedback.display = False
        options.display = question.is_multiple_choice
        answer.display = not question.is_multiple_choice
        if question.is_multiple_choice:
            options.clear_options()
            options.add_options([Option(f"{n}. {text}", id=str(n)) for n, text in enumerate(question.options, 1)])
            options.highlighted = 0
            options.focus()
        else:
            answer.value = ""
            answer.disabled = False
            answer.focus()

    def action_choose(self, number: int) -> None:
        if self.question.is_multiple_choice and not self.answered and number <= len(self.question.options):
            self.submit(str(number))

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        if self.answered:
            self.action_next()
        elif event.option.id:
            self.submit(event.option.id)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if not self.answered:
            self.submit(event.value)

    def submit(self, response: str) -> None:
        """Grade, record and explain one answer."""
        question = self.question
        verdict = grade(question, response, self.engine.corpus)
        self.answered = True
        self.tally.add(question, verdict)
        self.reviewer.answer(
            CardKey(question.entry_id, question.type.value), score_for(verdict), "quiz", verdict.correct
        )
        if not verdict.correct and (confused := confusion(self.engine.corpus, question, response)) is not None:
            self.glossary.store.record_confusion(*confused)
        text = Text()
        if verdict.correct:
            text.append("✓ Correct" + (" — accepted with a typo" if verdict.near_miss else ""), style="bold green")
            if verdict.near_miss:
                text.append(f" (spelt {question.answer})")
        else:
            text.append("✗ Not quite. ", style="bold red")
            text.append(f"The answer is: {question.answer}")
        text.append(f"\n{question.explanation}  [{question.entry_id}]", style="italic")
        if not verdict.correct:
            text.append(read_first(self.engine.corpus, question.entry_id))
        text.append("\nPress Enter or n for the next question, e to read the entry.", style="dim")
        feedback = self.query_one("#quiz-feedback", Static)
        feedback.update(text)
        feedback.display = True
        self.query_one("#quiz-answer", Input).disabled = True
        self.query_one("#quiz-progress", ProgressBar).advance(1)
        if not question.is_multiple_choice:
            self.set_focus(None)  # Enter and n now reach the screen's "next" bindings

    def action_open_entry(self) -> None:
        if self.answered:
            self.glossary.open_entry(self.question.entry_id)

    def action_next(self) -> None:
        if not self.answered:
            return
        if self.index + 1 < len(self.questions):
            self.index += 1
            self.ask()
        else:
            self.app.switch_screen(QuizSummaryScreen(self.tally))


class QuizSummaryScreen(GlossaryScreen):
    """The score and the weakest terms, each a link to its entry."""

    BINDINGS = [Binding("escape", "app.pop_screen", "Done")]

    def __init__(self, tally: QuizTally) -> None:
        super().__init__()
        self.tally = tally

    def compose(self) -> ComposeResult:
        tally = self.tally
        percent = 100 * tally.correct / tally.answered if tally.answered else 0
        yield Header()
        with Vertical(id="quiz-summary"):
            yield Static(f"Score: {tally.correct}/{tally.answered} ({percent:.0f}%)", id="score", classes="section")
            weakest = tally.weakest()
            yield Static("Terms to revisit (Enter to open):" if weakest else "No misses: well done!")
            rows = {row.id: row for row in self.glossary.catalog.index}
            yield OptionList(
                *[Option(f"{rows[i].name} · {rows[i].name_zh}", id=i) for i in weakest if i in rows], id="weakest"
            )
        yield Footer()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        if event.option.id:
            self.glossary.open_entry(event.option.id)


def read_first(corpus: Corpus, entry_id: str) -> str:
    """After a miss: what the term directly needs, in learning order (empty when nothing)."""
    needs = [corpus.entries[i].name for i in learn_first(corpus, entry_id)]
    return f"\nLearn first: {', '.join(needs)}" if needs else ""
