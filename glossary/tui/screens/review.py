"""Review: today's due and new cards; reveal, then rate 1-4 (Again, Hard, Good, Easy)."""

from __future__ import annotations

from rich.syntax import Syntax
from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.widgets import Footer, Header, LoadingIndicator, Static

from glossary.content.corpus import Corpus
from glossary.progress.scheduler import CardKey, Reviewer, Score
from glossary.quiz.engine import QuizEngine
from glossary.quiz.model import Question
from glossary.quiz.session import card_question, engine_for
from glossary.tui.screens.base import GlossaryScreen


class ReviewScreen(GlossaryScreen):
    """One card at a time: space reveals the answer, 1-4 rates it and schedules the next review."""

    BINDINGS = [
        Binding("escape", "app.pop_screen", "Back"),
        Binding("space", "reveal", "Reveal"),
        Binding("1", "rate(1)", "Again"),
        Binding("2", "rate(2)", "Hard"),
        Binding("3", "rate(3)", "Good"),
        Binding("4", "rate(4)", "Easy"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.engine: QuizEngine | None = None  # set when the content has loaded; keys wait until then
        self.card: Question | None = None
        self.queue: list[CardKey] = []
        self.due: list[CardKey] = []
        self.revealed = False
        self.reviewed = 0

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(id="review"):
            yield Static(id="review-counts", classes="section")
            yield LoadingIndicator(id="review-loading")
            with VerticalScroll(id="review-card"):
                yield Static(id="review-front", markup=False)
                yield Static(id="review-code")
                yield Static(id="review-back")
        yield Footer()

    def on_mount(self) -> None:
        self.sub_title = "Review"
        self.reviewer = Reviewer(self.glossary.store)
        self.with_corpus(self._prepare)

    @work(thread=True, exclusive=True)
    def _prepare(self, corpus: Corpus) -> None:
        engine = engine_for(corpus, self.glossary.home)
        self.app.call_from_thread(self._ready, engine)

    def _ready(self, engine: QuizEngine) -> None:
        if not self.is_attached:
            return  # left while the cards were being prepared
        self.engine = engine
        corpus = engine.corpus
        self.due = self.reviewer.due(corpus)
        self.queue = self.due + self.reviewer.new_cards(
            corpus, can_ask=lambda key: card_question(engine, key) is not None
        )
        self.query_one("#review-loading").display = False
        self.show_next()

    def _counts(self) -> str:
        due = sum(1 for key in self.queue if key in self.due)
        new = len(self.queue) - due
        return f"Due {due} · New {new} · Reviewed {self.reviewed}"

    def show_next(self) -> None:
        """Show the next card's front, or say that today's reviews are done."""
        self.revealed = False
        self.card = None
        while self.queue and self.card is None and self.engine is not None:
            self.card = card_question(self.engine, self.queue[0])
            if self.card is None:
                self.queue.pop(0)
        self.query_one("#review-counts", Static).update(self._counts())
        back = self.query_one("#review-back", Static)
        back.update("")
        code = self.query_one("#review-code", Static)
        if self.card is None:
            self.query_one("#review-front", Static).update(
                "Nothing is due. Come back later, or take a quiz (z on the home screen)."
            )
            code.display = False
            return
        front = self.card.prompt
        if self.card.options:
            front += "\n\n" + "\n".join(f"  • {option}" for option in self.card.options)
        self.query_one("#review-front", Static).update(front)
        code.display = bool(self.card.code)
        if self.card.code:
            code.update(Syntax(self.card.code, "python"))
        back.update(Text("Space to reveal", style="dim"))

    def action_reveal(self) -> None:
        if self.card is None or self.revealed:
            return
        self.revealed = True
        text = Text(f"→ {self.card.answer}\n", style="bold")
        text.append(f"{self.card.explanation}  [{self.card.entry_id}]\n", style="italic")
        text.append("Rate: 1 Again · 2 Hard · 3 Good · 4 Easy", style="dim")
        self.query_one("#review-back", Static).update(text)

    def action_rate(self, score: int) -> None:
        if self.card is None or not self.revealed:
            return
        key = self.queue.pop(0)
        due = self.reviewer.answer(key, Score(score))
        self.reviewed += 1
        self.notify(f"Next review {due.astimezone():%a %d %b %H:%M}", timeout=2)
        self.show_next()
