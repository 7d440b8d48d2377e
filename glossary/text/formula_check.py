"""The formula check of `glossary check`: LaTeX commands the terminal renderer cannot show (W302)."""

from __future__ import annotations

from glossary.content.corpus import Corpus
from glossary.content.diagnostics import Diagnostic
from glossary.content.locate import located
from glossary.text.latex import INLINE_MATH, unrenderable_commands


def check_formulas(corpus: Corpus) -> list[Diagnostic]:
    """A warning for every formula, symbol, meaning or inline `$…$` formula of a definition that uses a command
    the renderer does not know."""
    found = []
    for entry in corpus:
        inline = " ".join(match.group(1) for match in INLINE_MATH.finditer(entry.definition))
        texts: list[tuple[list[str | int], str]] = [(["definition"], inline)]
        if entry.formula is not None:
            texts.append((["formula", "latex"], entry.formula.latex))
        for index, symbol in enumerate(entry.formula.symbols if entry.formula else []):
            texts += [
                (["formula", "symbols", index, "symbol"], symbol.symbol),
                (["formula", "symbols", index, "meaning"], symbol.meaning),
            ]
        for field, latex in texts:
            unknown = unrenderable_commands(latex)
            if unknown:
                names = ", ".join(sorted({"\\" + name for name in unknown}))
                found.append(located(corpus, entry, field, "W302", f"the terminal cannot render {names}"))
    return found
