"""One entry: names, summaries, definition, formula, relations you can follow (with history), references."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import (
    Footer,
    Header,
    LoadingIndicator,
    Markdown,
    OptionList,
    Static,
)
from textual.widgets.option_list import Option

from glossary.content.corpus import Corpus
from glossary.content.schema import Entry
from glossary.text.language import Language, title
from glossary.text.latex import inline_math_to_unicode
from glossary.text.render import formula_renderable, references_text
from glossary.tui.screens.base import GlossaryScreen
from glossary.tui.screens.learn_first import learn_first_options
from glossary.tui.screens.plot_view import PlotView


class EntryScreen(GlossaryScreen):
    """Reads one entry at a time; following a relation keeps a back/forward history."""

    BINDINGS = [
        Binding("escape", "back", "Back"),
        Binding("backspace", "back", "Back", show=False),
        Binding("f", "forward", "Forward"),
        Binding("x", "snippet(True)", "Run snippet"),
        Binding("c", "snippet(False)", "Code"),
        Binding("p", "plot", "Plot"),
    ]

    def __init__(self, entry_id: str) -> None:
        super().__init__()
        self.history = [entry_id]
        self.position = 0
        self.corpus: Corpus | None = None  # set when the content has loaded; keys that need it wait until then

    @property
    def entry_id(self) -> str:
        return self.history[self.position]

    def compose(self) -> ComposeResult:
        yield Header()
        yield LoadingIndicator(id="entry-loading")
        with VerticalScroll(id="entry"):
            yield Static(id="entry-title")
            yield Static(id="entry-summary")
            yield Markdown(id="entry-definition")
            yield Static(id="entry-formula")
            yield PlotView(id="entry-plot")
            yield Static("Related (Enter to follow)", classes="section")
            yield OptionList(id="relations")
            yield Static("Learn first (✓ known · Enter to follow)", id="learn-first-title", classes="section")
            yield OptionList(id="learn-first")
            yield Static(id="entry-references")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#entry").display = False
        self.with_corpus(self._loaded)

    def _loaded(self, corpus: Corpus) -> None:
        self.corpus = corpus
        self.query_one("#entry-loading").display = False
        self.query_one("#entry").display = True
        self.show()

    def show(self) -> None:
        """Render the entry at the current history position."""
        if self.corpus is None:
            return
        entry = self.corpus.entries[self.entry_id]
        self.sub_title = title(entry.name, entry.name_zh, self.language)
        self.query_one("#entry-title", Static).update(self._title(entry))
        self.query_one("#entry-summary", Static).update(self._summary(entry))
        self.query_one("#entry-definition", Markdown).update(inline_math_to_unicode(entry.definition, markdown=True))
        formula = self.query_one("#entry-formula", Static)
        formula.display = entry.formula is not None
        if entry.formula is not None:
            formula.update(formula_renderable(entry.formula))
        self.query_one(PlotView).reset()
        relations = self.query_one("#relations", OptionList)
        relations.clear_options()
        relations.add_options(self._relations(entry))
        relations.highlighted = 0 if relations.option_count else None
        first = self.query_one("#learn-first", OptionList)
        first.clear_options()
        first.add_options(learn_first_options(self.corpus, entry.id, self.glossary.store, self.language))
        first.display = self.query_one("#learn-first-title").display = bool(first.option_count)
        self.query_one("#entry-references", Static).update(
            Text("References\n", style="bold") + references_text(entry.references)
        )
        self.query_one("#entry", VerticalScroll).scroll_home(animate=False)
        relations.focus()

    def _title(self, entry: Entry) -> Text:
        text = Text(title(entry.name, entry.name_zh, self.language), style="bold")
        text.append(f"\n{entry.category.value} · {entry.kind.value} · {entry.id}", style="dim")
        aliases = [*entry.aliases, *entry.aliases_zh]
        if aliases:
            text.append("\nalso: " + ", ".join(aliases), style="dim italic")
        return text

    def _summary(self, entry: Entry) -> str:
        lines = []
        if self.language is not Language.ZH:
            lines.append(entry.summary)
        if self.language is not Language.EN:
            lines.append(entry.summary_zh)
        return "\n".join(lines)

    def _relations(self, entry: Entry) -> list[Option]:
        assert self.corpus is not None
        options = []
        for relation, target in entry.targets():
            linked = self.corpus.resolve(target)
            if linked is not None:
                options.append(
                    Option(
                        f"{relation.value:<15} → {title(linked.name, linked.name_zh, self.language)}",
                        id=f"out:{relation.value}:{linked.id}",
                    )
                )
        for kind, source in self.corpus.incoming(entry.id):
            linked = self.corpus.entries[source]
            options.append(
                Option(f"{kind:<15} ← {title(linked.name, linked.name_zh, self.language)}", id=f"in:{kind}:{linked.id}")
            )
        return options

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        target = (event.option.id or "").rsplit(":", 1)[-1]
        if self.corpus is not None and target in self.corpus.entries:
            self.history = self.history[: self.position + 1] + [target]
            self.position += 1
            self.show()

    def action_back(self) -> None:
        if self.position == 0:
            self.app.pop_screen()
            return
        self.position -= 1
        self.show()

    def action_forward(self) -> None:
        if self.corpus is not None and self.position + 1 < len(self.history):
            self.position += 1
            self.show()

    def action_snippet(self, run: bool) -> None:
        from glossary.tui.screens.snippet import SnippetScreen

        if self.corpus is None:
            return
        entry = self.corpus.entries[self.entry_id]
        if entry.snippet is None:
            self.notify(f"{entry.name} has no snippet ({entry.kind.value}s go without).", severity="warning")
            return
        self.app.push_screen(SnippetScreen(entry, self.corpus, run_now=run))

    def action_plot(self) -> None:
        if self.corpus is not None:
            entry = self.corpus.entries[self.entry_id]
            self.query_one(PlotView).request(entry, self.corpus, self.glossary.home / "cache")

    def refresh_language(self) -> None:
        self.show()
