"""Hide a term's names (both languages, any case) in text and code, and detect when they leak."""

from __future__ import annotations

import io
import re
import string
import tokenize
from functools import lru_cache
from typing import Iterator

from glossary.content.schema import Entry

MASK = "▢▢▢"


_CHINESE = re.compile(r"[\u3000-\u9fff\uff00-\uffef]")  # names written with these are matched exactly
_SEPARATORS = re.compile(r"[\s\-_]+")
_WORD_CHARS = frozenset(string.ascii_letters + string.digits)


def maskable_names(entry: Entry) -> tuple[str, ...]:
    """The names to hide for an entry: its names and aliases in both languages, and its id as words."""
    return (*entry.all_names, entry.id.replace("-", " "))


def _fold(text: str) -> str:
    """Lower case with the length kept, so positions in the folded text are positions in the original."""
    lowered = text.lower()
    if len(lowered) == len(text):
        return lowered
    return "".join(c if len(c.lower()) != 1 else c.lower() for c in text)


class NameMask:
    """Finds a term's names in text, in any case.

    An English name also matches with spaces, hyphens, underscores or nothing between its words and with an
    's' or 'es' plural ('max-pooling' finds 'Max Pooling', 'max_poolings'), never inside a longer word; a
    Chinese name matches exactly. Longer names win where two match at one place. Built once per term (plain
    string searches, no regular expression per term), so masking thousands of entries stays cheap.
    """

    def __init__(self, names: tuple[str, ...]) -> None:
        ordered = sorted(dict.fromkeys(n.strip() for n in names if n.strip()), key=len, reverse=True)
        self._names: list[tuple[tuple[str, ...], bool]] = []
        for name in ordered:
            folded = _fold(name)
            if _CHINESE.search(name):
                self._names.append(((folded,), False))
            elif tokens := tuple(token for token in _SEPARATORS.split(folded) if token):
                self._names.append((tokens, True))

    def hide(self, text: str) -> str:
        """`text` with every name replaced by the mask."""
        pieces, done = [], 0
        for start, end in self._matches(text):
            pieces += [text[done:start], MASK]
            done = end
        return "".join(pieces) + text[done:]

    def finds(self, text: str) -> bool:
        """True when `text` shows one of the names."""
        return next(self._matches(text), None) is not None

    def _matches(self, text: str) -> Iterator[tuple[int, int]]:
        """Non-overlapping matches from left to right; at one place, the longest name wins."""
        folded, position = _fold(text), 0
        while True:
            found = [m for m in (self._first(text, folded, tokens, english, position) for tokens, english in self._names) if m]
            if not found:
                return
            start, end = min(found, key=lambda match: match[0])  # min keeps the first (longest) of equal starts
            yield start, end
            position = end

    @staticmethod
    def _first(text: str, folded: str, tokens: tuple[str, ...], english: bool, position: int) -> tuple[int, int] | None:
        start = folded.find(tokens[0], position)
        while start != -1:
            end = _match_end(text, folded, tokens, english, start)
            if end is not None:
                return start, end
            start = folded.find(tokens[0], start + 1)
        return None


def _match_end(text: str, folded: str, tokens: tuple[str, ...], english: bool, start: int) -> int | None:
    """Where a match of the name starting at `start` ends, or None when there is none there."""
    if not english:
        return start + len(tokens[0])
    if start > 0 and text[start - 1] in _WORD_CHARS:
        return None
    position = start
    for index, token in enumerate(tokens):
        if index and (separators := _SEPARATORS.match(folded, position)):
            position = separators.end()
        if not folded.startswith(token, position):
            return None
        position += len(token)
    for plural in ("es", "s", ""):
        end = position + len(plural)
        if folded.startswith(plural, position) and (end == len(text) or text[end] not in _WORD_CHARS):
            return end
    return None


@lru_cache(maxsize=16384)
def _mask_of(names: tuple[str, ...]) -> NameMask:
    return NameMask(names)


def name_mask(entry: Entry) -> NameMask:
    """The (cached) mask of an entry's names."""
    return _mask_of(maskable_names(entry))


def mask(text: str, entry: Entry) -> str:
    """`text` with every name of `entry` replaced by a mask."""
    return name_mask(entry).hide(text)


def leaks(text: str, entry: Entry) -> bool:
    """True when `text` still shows a name of `entry`."""
    return name_mask(entry).finds(text)


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
