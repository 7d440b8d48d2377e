"""An entry rendered for the plain terminal (used by `glossary show`)."""

from __future__ import annotations

from rich.console import Group, RenderableType
from rich.markdown import Markdown
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from glossary.corpus import Corpus
from glossary.language import Language, title
from glossary.latex import latex_to_unicode
from glossary.schema import Entry


def entry_title(entry: Entry, language: Language = Language.BOTH) -> str:
    """The entry's name in the chosen language(s)."""
    return title(entry.name, entry.name_zh, language)


def render_entry(entry: Entry, corpus: Corpus, language: Language = Language.BOTH) -> RenderableType:
    """Names, summaries, definition, formula, relations and references, as a rich renderable."""
    parts: list[RenderableType] = []
    aliases = [*entry.aliases, *entry.aliases_zh]
    header = Text(entry_title(entry, language), style="bold")
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
        parts.append(Markdown(entry.definition))
    if entry.formula is not None:
        symbols = Table.grid(padding=(0, 2))
        for symbol in entry.formula.symbols:
            symbols.add_row(Text(latex_to_unicode(symbol.symbol), style="bold"), symbol.meaning)
        formula = Text(latex_to_unicode(entry.formula.latex), style="bold cyan")
        parts.append(Panel(Group(formula, Text(), symbols), title="formula", title_align="left"))
    relations = Table.grid(padding=(0, 2))
    for relation, target in entry.targets():
        linked = corpus.resolve(target)
        relations.add_row(Text(relation.value, style="dim"), entry_title(linked, language) if linked else target)
    parts.append(Panel(relations, title="related", title_align="left"))
    for reference in entry.references:
        authors = ", ".join(reference.authors)
        line = Text(f"• {authors} ({reference.year}). {reference.title}.")
        if reference.url:
            line.append(f" {reference.url}", style="underline")
        parts.append(line)
    if entry.snippet:
        parts.append(Text(f"\nsnippet: glossary run {entry.id}", style="dim"))
    return Group(*parts)
