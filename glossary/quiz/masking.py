"""Hide a term's names (both languages, any case) in text and code, and detect when they leak."""

from __future__ import annotations

import io
import re
import tokenize
from functools import lru_cache

from glossary.schema import Entry

MASK = "▢▢▢"


def _english_pattern(name: str) -> str:
    """'max-pooling' also matches 'Max Pooling', 'max_pooling' and plurals ('RNNs', 'max-poolings')."""
    tokens = [re.escape(t) for t in re.split(r"[\s\-_]+", name.strip()) if t]
    body = r"[\s\-_]*".join(tokens)
    return rf"(?<![A-Za-z0-9]){body}(?:e?s)?(?![A-Za-z0-9])"


@lru_cache(maxsize=4096)
def _pattern(names: tuple[str, ...]) -> re.Pattern[str]:
    parts = []
    for name in sorted(set(names), key=len, reverse=True):
        if re.search(r"[\u3000-\u9fff\uff00-\uffef]", name):
            parts.append(re.escape(name))
        elif name.strip():
            parts.append(_english_pattern(name))
    return re.compile("|".join(parts) or r"(?!x)x", re.IGNORECASE)


def maskable_names(entry: Entry) -> tuple[str, ...]:
    """The names to hide for an entry: its names and aliases in both languages, and its id as words."""
    return (*entry.all_names, entry.id.replace("-", " "))


def mask(text: str, entry: Entry) -> str:
    """`text` with every name of `entry` replaced by a mask."""
    return _pattern(maskable_names(entry)).sub(MASK, text)


def leaks(text: str, entry: Entry) -> bool:
    """True when `text` still shows a name of `entry`."""
    return _pattern(maskable_names(entry)).search(text) is not None


def mask_code(source: str, entry: Entry) -> str:
    """Source with comments and docstrings dropped and the term's names masked in identifiers and strings."""
    keys = {re.sub(r"[^a-z0-9]", "", n.casefold()) for n in maskable_names(entry)}
    keys = {k for k in keys if len(k) >= 3}
    try:
        tokens = list(tokenize.generate_tokens(io.StringIO(source).readline))
    except (tokenize.TokenError, IndentationError, SyntaxError):
        return mask(source, entry)
    lines = source.splitlines(keepends=True)
    offsets = [0]
    for line in lines:
        offsets.append(offsets[-1] + len(line))
    renamed: dict[str, str] = {}
    edits: list[tuple[int, int, str]] = []
    statement_start = True
    for token in tokens:
        kind, text = token.type, token.string
        replacement = None
        if kind == tokenize.COMMENT:
            replacement = ""
        elif kind == tokenize.STRING:
            replacement = "" if statement_start else mask(text, entry)  # a docstring goes; other strings are masked
        elif kind == tokenize.NAME and any(k in text.casefold().replace("_", "") for k in keys):
            replacement = renamed.setdefault(text, f"hidden_{len(renamed) + 1}")
        if replacement is not None and replacement != text:
            start = offsets[token.start[0] - 1] + token.start[1]
            end = offsets[token.end[0] - 1] + token.end[1]
            edits.append((start, end, replacement))
        if kind not in (tokenize.NL, tokenize.COMMENT, tokenize.INDENT, tokenize.DEDENT):
            statement_start = kind == tokenize.NEWLINE
    for start, end, replacement in reversed(edits):
        source = source[:start] + replacement + source[end:]
    return "\n".join(line.rstrip() for line in source.splitlines() if line.strip()) + "\n"
