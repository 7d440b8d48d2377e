"""Entry text as flashcard HTML: every piece of content escaped, math as MathJax, code highlighted.

Definitions are Markdown with `$…$` math. The math is set aside before the Markdown is rendered (so that
`x_i` never turns into emphasis) and comes back as MathJax `\\( … \\)`; raw HTML in the text is escaped, never
passed through.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from html import escape

from markdown_it import MarkdownIt
from pygments import highlight
from pygments.formatters import HtmlFormatter
from pygments.lexers import PythonLexer

from glossary.export.selection import Language
from glossary.quiz.masking import MASK, mask
from glossary.schema import Entry, Formula

_MARKDOWN = MarkdownIt("zero").enable(["emphasis", "backticks", "escape", "entity", "list"])
_MATH = re.compile(r"(?<![\\$])\$([^$]+)(?<!\\)\$")
_STASHED = re.compile("\ue000(\\d+)\ue001")  # private-use characters: never in content, untouched by Markdown
_LEXER = PythonLexer()
_FORMATTER = HtmlFormatter(noclasses=True, nobackground=True)


def mathjax(latex: str) -> str:
    """LaTeX as inline MathJax, escaped for HTML (MathJax reads the decoded text)."""
    return f"\\({escape(latex.strip())}\\)"


def prose_html(text: str, hide: Entry | None = None) -> str:
    """Markdown prose as HTML with `$…$` as MathJax; with `hide`, that term's names are masked outside the math."""
    formulas: list[str] = []

    def stash(match: re.Match[str]) -> str:
        formulas.append(mathjax(match.group(1)))
        return f"\ue000{len(formulas) - 1}\ue001"

    text = _MATH.sub(stash, text)
    if hide is not None:
        text = mask(text, hide)
    return _STASHED.sub(lambda match: formulas[int(match.group(1))], _MARKDOWN.render(text).strip())


def formula_html(formula: Formula) -> str:
    """The formula in MathJax, then each symbol and its meaning."""
    symbols = "".join(f"<li>{mathjax(s.symbol)}: {escape(s.meaning)}</li>" for s in formula.symbols)
    return f"<p>{mathjax(formula.latex)}</p><ul>{symbols}</ul>"


def code_html(source: str) -> str:
    """Python source highlighted with inline styles (so it needs no style sheet); pygments escapes it."""
    return highlight(source, _LEXER, _FORMATTER)


@dataclass(frozen=True)
class CardText:
    """One entry's flashcard HTML; pieces of a language not exported, or that the entry lacks, are ''."""

    term: str
    term_zh: str
    summary: str
    summary_zh: str
    definition: str
    clue: str  # what the reverse card asks from: the definition (and Chinese summary) with the names masked
    formula: str
    code: str

    @property
    def front(self) -> str:
        """The names, one line each."""
        return "<br>".join(name for name in (self.term, self.term_zh) if name)

    @property
    def back(self) -> str:
        """Everything that explains the term."""
        return "".join((self.summary, self.summary_zh, self.definition, self.formula, self.code))


def card_text(entry: Entry, language: Language, code: str | None) -> CardText:
    """The HTML pieces of `entry` in `language`; `code` is the source of its core function, if any."""
    english, chinese = language.english, language.chinese
    chinese_name_differs = not (english and entry.name_zh == entry.name)
    return CardText(
        term=escape(entry.name) if english else "",
        term_zh=escape(entry.name_zh) if chinese and chinese_name_differs else "",
        summary=prose_html(entry.summary) if english else "",
        summary_zh=prose_html(entry.summary_zh) if chinese else "",
        definition=prose_html(entry.definition) if english else "",
        clue="".join(prose_html(text, hide=entry) for text in language.pick(entry.definition, entry.summary_zh)),
        formula=formula_html(entry.formula) if entry.formula else "",
        code=code_html(code) if code else "",
    )


def cloze_html(entry: Entry, language: Language) -> str:
    """The summary with the term's names as one cloze deletion (the definition when the summary never names it).

    Each chosen language contributes its own text; '' when no text names the term.
    """
    parts = []
    for texts, answer in language.pick(((entry.summary, entry.definition), entry.name), ((entry.summary_zh,), entry.name_zh)):
        masked = next((html for html in (prose_html(text, hide=entry) for text in texts) if MASK in html), None)
        if masked is not None:
            parts.append(masked.replace(MASK, cloze_deletion(answer)))
    return "".join(parts)


def cloze_deletion(answer: str) -> str:
    """`{{c1::answer}}`, with the characters of the cloze syntax in the answer written as entities."""
    safe = escape(answer).replace(":", "&#58;").replace("{", "&#123;").replace("}", "&#125;")
    return f"{{{{c1::{safe}}}}}"
