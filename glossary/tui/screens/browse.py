"""Browse: terms grouped by category, filtered live by a fuzzy search in either language."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Footer, Header, Input, OptionList, Static
from textual.widgets.option_list import Option

from glossary.content.catalog import IndexRow
from glossary.content.vocabulary import CATEGORY_ZH, Category
from glossary.text.language import Language, label, title
from glossary.tui.screens.base import GlossaryScreen

if TYPE_CHECKING:
    from glossary.content.corpus import Corpus
    from glossary.text.search import SearchIndex

CATEGORY_ORDER = [category.value for category in Category]  # the curriculum's order


class BrowseScreen(GlossaryScreen):
    """The home screen."""

    BINDINGS = [
        Binding("slash", "focus_search", "Search"),
        Binding("escape", "clear_search", "Clear", show=False),
        Binding("z", "open('quiz')", "Quiz"),
        Binding("r", "open('review')", "Review"),
        Binding("s", "open('stats')", "Stats"),
        Binding("o", "toggle_order", "Order"),
        Binding("q", "app.quit", "Quit"),
    ]

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="browse"):
            with Vertical(id="browse-list"):
                yield Input(placeholder="Search in English or 中文…  ( / )", id="search")
                yield OptionList(id="terms")
            yield Static(id="preview", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        self._rows = {row.id: row for row in self.glossary.catalog.index}
        self._search: SearchIndex | None = None
        self._order: list[str] | None = None  # the learning order while it is shown, else by category
        self._show_all()
        self.query_one("#terms", OptionList).focus()
        self.call_after_refresh(self._build_search_index)  # after the first frame, which it would slow

    @work(thread=True, exclusive=True, group="search-index")
    def _build_search_index(self) -> None:
        """Build the search index off the UI thread after the first frame, so the first keystroke finds it ready."""
        from glossary.text.search import SearchIndex

        index = SearchIndex((row.id, row.names) for row in self._rows.values())
        self.app.call_from_thread(self._index_ready, index)

    @property
    def search_ready(self) -> bool:
        """Whether the search index has been built."""
        return self._search is not None

    def _index_ready(self, index: SearchIndex) -> None:
        self._search = index
        query = self.query_one("#search", Input).value.strip()
        if query:  # typed while the index was being built: answer now
            self._show_hits(query)

    def _label(self, row: IndexRow) -> str:
        return title(row.name, row.name_zh, self.language)

    def _show_all(self) -> None:
        if self._order is not None:
            self._show_order(self._order)
            return
        groups: dict[str, list[IndexRow]] = {}
        for row in self._rows.values():
            groups.setdefault(row.category, []).append(row)
        options: list[Option | None] = []
        for category in sorted(groups, key=lambda c: CATEGORY_ORDER.index(c) if c in CATEGORY_ORDER else 99):
            rows = sorted(groups[category], key=lambda r: r.name.casefold())
            options.append(
                Option(f"{label(category, CATEGORY_ZH, self.language).upper()}  ({len(rows)})", disabled=True)
            )
            options.extend(Option(f"  {self._label(row)}", id=row.id) for row in rows)
        self._fill(options)

    def _show_order(self, order: list[str]) -> None:
        """Every term numbered in learning order: each after what it needs."""
        rows = [self._rows[i] for i in order if i in self._rows]
        options: list[Option | None] = [Option(f"LEARNING ORDER  ({len(rows)})  · o: by category", disabled=True)]
        options.extend(Option(f"{n:>4}. {self._label(row)}", id=row.id) for n, row in enumerate(rows, 1))
        self._fill(options)

    def action_toggle_order(self) -> None:
        """Switch the list between categories and learning order (which needs the full corpus)."""
        if self._order is not None:
            self._order = None
            self.refresh_language()
            return

        def show(corpus: Corpus) -> None:
            from glossary.content.prerequisites import learning_order

            self._order = learning_order(corpus)
            self.refresh_language()

        self.with_corpus(show)

    def _show_hits(self, query: str) -> None:
        if self._search is None:
            self._fill([Option("Searching…", disabled=True)])  # the index is nearly built; it answers then
            return
        hits = self._search.relevant(query, limit=50)
        if not hits:
            self._fill([Option(f"No term matches “{query}”", disabled=True)])
            return
        self._fill([Option(self._label(self._rows[hit.entry_id]), id=hit.entry_id) for hit in hits])

    def _fill(self, options: list[Option | None]) -> None:
        terms = self.query_one("#terms", OptionList)
        terms.clear_options()
        terms.add_options(options)
        first = next((i for i, o in enumerate(options) if o is not None and not o.disabled), None)
        terms.highlighted = first
        if first is None:
            self.query_one("#preview", Static).update("")

    def on_input_changed(self, event: Input.Changed) -> None:
        query = event.value.strip()
        self._show_hits(query) if query else self._show_all()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        terms = self.query_one("#terms", OptionList)
        if terms.highlighted is not None:
            terms.action_select()
        else:
            terms.focus()

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        row = self._rows.get(event.option.id or "")
        if row is None:
            return
        parts = [title(row.name, row.name_zh, self.language), "", ""]
        if self.language is not Language.ZH:
            parts.append(row.summary)
        if self.language is not Language.EN:
            parts.append(row.summary_zh)
        parts += ["", f"{label(row.category, CATEGORY_ZH, self.language)} · {row.id}", "", "Enter to open"]
        self.query_one("#preview", Static).update("\n".join(parts))

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        if event.option.id:
            self.glossary.open_entry(event.option.id)

    def action_focus_search(self) -> None:
        self.query_one("#search", Input).focus()

    def action_clear_search(self) -> None:
        search = self.query_one("#search", Input)
        search.value = ""
        self.query_one("#terms", OptionList).focus()

    def action_open(self, name: str) -> None:
        self.glossary.open_screen(name)

    def refresh_language(self) -> None:
        query = self.query_one("#search", Input).value.strip()
        self._show_hits(query) if query else self._show_all()
