"""Entry text as flashcard HTML: every piece of content escaped, math as MathJax, code highlighted.

Definitions are Markdown with `$…$` math. The math is set aside before the Markdown is rendered (so that
`x_i` never turns into emphasis) and comes back as MathJax `\\( … \\)`; raw HTML in the text is escaped, never
passed through.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property
from html import escape

from markdown_it import MarkdownIt
from pygments import highlight
from pygments.formatters import HtmlFormatter
from pygments.lexers import PythonLexer

from glossary.content.corpus import Corpus
from glossary.content.schema import Entry, Formula
from glossary.quiz.masking import MASK, NameMask, name_mask
from glossary.text.language import Language

_MARKDOWN = MarkdownIt("zero").enable(["emphasis", "backticks", "escape", "entity", "list"])
_MATH = re.compile(r"(?<![\\$])\$([^$]+)(?<!\\)\$")
_STASHED = re.compile("\ue000(\\d+)\ue001")  # private-use characters: never in content, untouched by Markdown
_LEXER = PythonLexer()
_FORMATTER = HtmlFormatter(noclasses=True, nobackground=True)


def mathjax(latex: str) -> str:
    """LaTeX as inline MathJax, escaped for HTML (MathJax reads the decoded text)."""
    return f"\\({escape(latex.strip())}\\)"


def prose_html(text: str, hide: NameMask | None = None) -> str:
    """Markdown prose as HTML with `$…$` as MathJax; with `hide`, the names it hides are masked outside the math."""
    formulas: list[str] = []

    def stash(match: re.Match[str]) -> str:
        formulas.append(mathjax(match.group(1)))
        return f"\ue000{len(formulas) - 1}\ue001"

    text = _MATH.sub(stash, text)
    if hide is not None:
        text = hide.hide(text)
    return _STASHED.sub(lambda match: formulas[int(match.group(1))], _MARKDOWN.render(text).strip())


def formula_html(formula: Formula) -> str:
    """The formula in MathJax, then each symbol and its meaning."""
    symbols = "".join(f"<li>{mathjax(s.symbol)}: {escape(s.meaning)}</li>" for s in formula.symbols)
    return f"<p>{mathjax(formula.latex)}</p><ul>{symbols}</ul>"


def code_html(source: str) -> str:
    """Python source highlighted with inline styles (so it needs no style sheet); pygments escapes it."""
    return highlight(source, _LEXER, _FORMATTER)


def cloze_deletion(answer: str) -> str:
    """`{{c1::answer}}`, with the characters of the cloze syntax in the answer written as entities."""
    safe = escape(answer).replace(":", "&#58;").replace("{", "&#123;").replace("}", "&#125;")
    return f"{{{{c1::{safe}}}}}"


def _paragraph(text: str) -> str:
    """Plain text as an escaped paragraph."""
    return f"<p>{escape(text)}</p>"


@dataclass(frozen=True)
class CardHtml:
    """One entry's flashcard HTML in the chosen language(s), each piece rendered when first used.

    Pieces of a language not exported, or that the entry lacks, are ''. Summaries are plain text; the
    definition is Markdown.
    """

    corpus: Corpus
    entry: Entry
    language: Language

    @cached_property
    def term(self) -> str:
        return escape(self.entry.name) if self.language.english else ""

    @cached_property
    def term_zh(self) -> str:
        repeated = self.language.english and self.entry.name_zh == self.entry.name
        return escape(self.entry.name_zh) if self.language.chinese and not repeated else ""

    @cached_property
    def summary(self) -> str:
        return _paragraph(self.entry.summary) if self.language.english else ""

    @cached_property
    def summary_zh(self) -> str:
        return _paragraph(self.entry.summary_zh) if self.language.chinese else ""

    @cached_property
    def definition(self) -> str:
        return prose_html(self.entry.definition) if self.language.english else ""

    @cached_property
    def formula(self) -> str:
        return formula_html(self.entry.formula) if self.entry.formula else ""

    @cached_property
    def code(self) -> str:
        source = self.corpus.core_source(self.entry)
        return code_html(source) if source else ""

    @property
    def front(self) -> str:
        """The names, one line each."""
        return "<br>".join(name for name in (self.term, self.term_zh) if name)

    @property
    def back(self) -> str:
        """Everything that explains the term."""
        return "".join((self.summary, self.summary_zh, self.definition, self.formula, self.code))

    @cached_property
    def clue(self) -> str:
        """What the reverse card asks from: the definition (and the Chinese summary) with the names masked."""
        return "".join(self.language.pick(self._masked_definition, self._masked_summary_zh))

    @cached_property
    def cloze(self) -> str:
        """The summary with the names as one cloze deletion (the definition when the summary never names the term).

        Each chosen language contributes its own text; '' when no text names the term.
        """
        english = ((self._masked_summary, self._masked_definition), self.entry.name)
        chinese = ((self._masked_summary_zh,), self.entry.name_zh)
        parts = []
        for texts, answer in self.language.pick(english, chinese):
            masked = next((text for text in texts if MASK in text), None)
            if masked is not None:
                parts.append(masked.replace(MASK, cloze_deletion(answer)))
        return "".join(parts)

    @cached_property
    def _masked_summary(self) -> str:
        return _paragraph(self._hider.hide(self.entry.summary))

    @cached_property
    def _masked_summary_zh(self) -> str:
        return _paragraph(self._hider.hide(self.entry.summary_zh))

    @cached_property
    def _masked_definition(self) -> str:
        return prose_html(self.entry.definition, hide=self._hider)

    @property
    def _hider(self) -> NameMask:
        return name_mask(self.entry)
