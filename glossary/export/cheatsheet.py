"""A printable Markdown cheat sheet: terms grouped by category, with names, summaries and formulas."""

from __future__ import annotations

import re
from html import escape
from itertools import groupby

from glossary.content.schema import Entry
from glossary.export import TITLE
from glossary.text.language import Language, title

_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]$])")


def cheat_sheet(entries: list[Entry], language: Language) -> str:
    """One section per category (entries in curriculum order), one short block per term; formulas as `$…$`."""
    lines = [f"# {TITLE}", ""]
    for category, group in groupby(entries, key=lambda entry: entry.category):
        lines += [f"## {category.value}", ""]
        for entry in group:
            lines += [f"### {_text(title(entry.name, entry.name_zh, language))}", ""]
            for summary in language.pick(entry.summary, entry.summary_zh):
                lines += [_text(summary), ""]
            if entry.formula is not None:
                lines += [f"${' '.join(entry.formula.latex.split())}$", ""]
    return "\n".join(lines)


def _text(text: str) -> str:
    """Plain text that Markdown shows as written: HTML escaped, emphasis, code, link and math marks backslashed."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", escape(text, quote=False))
