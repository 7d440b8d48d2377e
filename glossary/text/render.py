"""An entry rendered for the plain terminal (used by `glossary show`)."""

from __future__ import annotations

from rich.console import Console, ConsoleOptions, Group, RenderableType, RenderResult
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from glossary.content.corpus import Corpus
from glossary.content.schema import Entry, Formula, Reference
from glossary.content.vocabulary import CATEGORY_ZH, KIND_ZH
from glossary.text.language import Language, label, title
from glossary.text.latex import inline_math_to_unicode, latex_to_unicode
from glossary.text.wrap import wrap_text


class WrappedText:
    """Text broken by the Chinese line-breaking rules at the width it is drawn at (rich breaks only at spaces)."""

    def __init__(self, text: str, style: str = "") -> None:
        self.text, self.style = text, style

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        for line in wrap_text(self.text, options.max_width):
            yield Text(line, style=self.style, no_wrap=True, overflow="ignore")


def entry_header(entry: Entry, language: Language) -> Text:
    """The entry's name and, dimmed, its category, kind and id, in the chosen language(s)."""
    header = Text(title(entry.name, entry.name_zh, language), style="bold")
    category, kind = label(entry.category.value, CATEGORY_ZH, language), label(entry.kind.value, KIND_ZH, language)
    header.append(f"   {category} · {kind} · {entry.id}", style="dim")
    return header


def formula_renderable(formula: Formula) -> Group:
    """The formula as Unicode, then each symbol and its meaning."""
    symbols = Table.grid(padding=(0, 2))
    for symbol in formula.symbols:
        symbols.add_row(Text(latex_to_unicode(symbol.symbol), style="bold"), latex_to_unicode(symbol.meaning))
    return Group(Text(latex_to_unicode(formula.latex), style="bold"), Text(), symbols)


def references_text(references: list[Reference]) -> Text:
    """One line per reference: authors (year). Title. URL."""
    text = Text()
    for reference in references:
        text.append(f"• {', '.join(reference.authors)} ({reference.year}). {reference.title}.")
        if reference.url:
            text.append(f" {reference.url}", style="underline")
        text.append("\n")
    return text


def render_entry(entry: Entry, corpus: Corpus, language: Language = Language.BOTH) -> RenderableType:
    """Names, summaries, definition, formula, relations and references, as a rich renderable."""
    from rich.markdown import Markdown  # slow to import; only this view needs it

    parts: list[RenderableType] = []
    aliases = [*dict.fromkeys([*entry.aliases, *entry.aliases_zh])]
    parts.append(entry_header(entry, language))
    if aliases:
        parts.append(WrappedText(("also: " if language.english else "又称：") + ", ".join(aliases), style="dim"))
    parts.append(Text())
    if language is not Language.ZH:
        parts.append(Text(entry.summary, style="italic"))
    if language is not Language.EN:
        parts.append(WrappedText(entry.summary_zh, style="italic"))
    if language is not Language.ZH:
        parts.append(Text())
        parts.append(Markdown(inline_math_to_unicode(entry.definition, markdown=True)))
    if entry.formula is not None:
        parts.append(Panel(formula_renderable(entry.formula), title="formula", title_align="left"))
    relations = Table.grid(padding=(0, 2))
    for relation, target in entry.targets():
        linked = corpus.resolve(target)
        relations.add_row(
            Text(relation.value, style="dim"), title(linked.name, linked.name_zh, language) if linked else target
        )
    parts.append(Panel(relations, title="related", title_align="left"))
    parts.append(references_text(entry.references))
    if entry.snippet:
        parts.append(Text(f"\nsnippet: glossary run {entry.id}", style="dim"))
    return Group(*parts)
