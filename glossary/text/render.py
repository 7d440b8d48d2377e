"""An entry rendered for the plain terminal (used by `glossary show`)."""

from __future__ import annotations

from rich.console import Group, RenderableType
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from glossary.content.corpus import Corpus
from glossary.content.schema import Entry, Formula, Reference
from glossary.text.language import Language, title
from glossary.text.latex import inline_math_to_unicode, latex_to_unicode


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
    aliases = [*entry.aliases, *entry.aliases_zh]
    header = Text(title(entry.name, entry.name_zh, language), style="bold")
    header.append(f"   {entry.category.value} · {entry.kind.value} · {entry.id}", style="dim")
    parts.append(header)
    if aliases:
        parts.append(Text("also: " + ", ".join(aliases), style="dim"))
    parts.append(Text())
    if language is not Language.ZH:
        parts.append(Text(entry.summary, style="italic"))
    if language is not Language.EN:
        parts.append(Text(entry.summary_zh, style="italic"))
    if language is not Language.ZH:
        parts.append(Text())
        parts.append(Markdown(inline_math_to_unicode(entry.definition, markdown=True)))
    if entry.formula is not None:
        parts.append(Panel(formula_renderable(entry.formula), title="formula", title_align="left"))
    relations = Table.grid(padding=(0, 2))
    for relation, target in entry.targets():
        linked = corpus.resolve(target)
        relations.add_row(Text(relation.value, style="dim"), title(linked.name, linked.name_zh, language) if linked else target)
    parts.append(Panel(relations, title="related", title_align="left"))
    parts.append(references_text(entry.references))
    if entry.snippet:
        parts.append(Text(f"\nsnippet: glossary run {entry.id}", style="dim"))
    return Group(*parts)
