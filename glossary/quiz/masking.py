"""Hide a term's names (both languages, any case) in text and code, and detect when they leak."""

from __future__ import annotations

import io
import re
import tokenize
import unicodedata
from collections.abc import Iterator
from functools import lru_cache

from glossary.content.schema import Entry

MASK = "▢▢▢"


_CHINESE = re.compile(r"[\u3000-\u9fff\uff00-\uffef]")  # names written with these match as written
_SEPARATORS = re.compile(r"[\s\-_\u2010-\u2015\u2212*`]+")  # spaces, hyphens, dashes, underscores, Markdown marks
_COMMAND = re.compile(r"\\[A-Za-z]+")
_SHORT = 3  # a name this short (letters and digits) counts inside a word only in its own case: DIN, not embedding


def maskable_names(entry: Entry) -> tuple[str, ...]:
    """The names to hide for an entry: its names and aliases in both languages, and its id as words."""
    return (*entry.all_names, entry.id.replace("-", " "))


def english_names(entry: Entry) -> tuple[str, ...]:
    """The names to hide when the Chinese name is the question: the English ones and the id."""
    return (entry.name, *entry.aliases, entry.id.replace("-", " "))


def _fold(text: str) -> str:
    """Lower case with the length kept, so positions in the folded text are positions in the original."""
    lowered = text.lower()
    if len(lowered) == len(text):
        return lowered
    return "".join(c if len(c.lower()) != 1 else c.lower() for c in text)


def _is_word(char: str) -> bool:
    return char.isalnum() and not _CHINESE.match(char)


class NameMask:
    """Finds a term's names in text, in any case, and hides the whole words that show them.

    An English name matches with spaces, hyphens, dashes, underscores or nothing between its words, also
    inside a longer word (AdamW shows Adam; maxpooling shows pooling), except that a name of three letters or
    fewer counts inside a word only in its own case (RoBERTa shows BERT; embedding does not show DIN). The
    mask covers the whole word, so plurals go too. A Chinese name matches as written, spaces optional. Built
    once per term with plain string searches, so masking thousands of entries stays cheap.
    """

    def __init__(self, names: tuple[str, ...]) -> None:
        ordered = sorted(dict.fromkeys(n.strip() for n in names if n.strip()), key=len, reverse=True)
        self._names: list[tuple[tuple[str, ...], str, bool]] = []  # (folded tokens, as written, english)
        for name in ordered:
            tokens = tuple(token for token in _SEPARATORS.split(_fold(name)) if token)
            if tokens:
                self._names.append((tokens, "".join(_SEPARATORS.split(name)), not _CHINESE.search(name)))

    def hide(self, text: str, cover: str = MASK) -> str:
        """`text` with every word that shows a name replaced by `cover`."""
        pieces, done = [], 0
        for start, end in self._matches(text):
            pieces += [text[done:start], cover]
            done = end
        return "".join(pieces) + text[done:]

    def finds(self, text: str) -> bool:
        """True when `text` shows one of the names."""
        return next(self._matches(text), None) is not None

    def _matches(self, text: str) -> Iterator[tuple[int, int]]:
        """Non-overlapping matches from left to right, each widened to whole words; the longest name wins."""
        folded, position = _fold(text), 0
        while True:
            found = [m for m in (self._first(text, folded, name, position) for name in self._names) if m]
            if not found:
                return
            start, end = min(found, key=lambda match: match[0])  # min keeps the first (longest) of equal starts
            yield start, end
            position = end

    @staticmethod
    def _first(
        text: str, folded: str, name: tuple[tuple[str, ...], str, bool], position: int
    ) -> tuple[int, int] | None:
        tokens, written, english = name
        start = folded.find(tokens[0], position)
        while start != -1:
            end = _match_end(folded, tokens, start)
            if end is not None and (not english or _counts(text, start, end, written)):
                if not english:
                    return start, end
                while start > position and _is_word(text[start - 1]):
                    start -= 1
                while end < len(text) and _is_word(text[end]):
                    end += 1
                return start, end
            start = folded.find(tokens[0], start + 1)
        return None


def _match_end(folded: str, tokens: tuple[str, ...], start: int) -> int | None:
    """Where the name's tokens, separated by any separators (or none), end when they start at `start`."""
    position = start
    for index, token in enumerate(tokens):
        if index and (separators := _SEPARATORS.match(folded, position)):
            position = separators.end()
        if not folded.startswith(token, position):
            return None
        position += len(token)
    return position


def _counts(text: str, start: int, end: int, written: str) -> bool:
    """Whether an English match shows the name: at the start of a word, long enough, or in the name's own case."""
    if start == 0 or not _is_word(text[start - 1]) or sum(c.isalnum() for c in written) > _SHORT:
        return True
    return "".join(_SEPARATORS.split(text[start:end])) == written


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
    """True when `text` still shows a name of `entry`, also as compatibility characters (ᴵᴾᴺᴺ reads IPNN)."""
    mask_ = name_mask(entry)
    return mask_.finds(text) or mask_.finds(unicodedata.normalize("NFKC", text))


def mask_latex(latex: str, entry: Entry) -> str:
    """LaTeX source with the entry's names masked outside command names (so `\\tanh` stays a command)."""
    commands = _COMMAND.findall(latex)
    masked = mask(_COMMAND.sub("\0", latex), entry)
    return re.sub("\0", lambda _: commands.pop(0), masked)


def shows_english_name(text: str, entry: Entry) -> bool:
    """True when `text` (say, the Chinese name) shows one of the entry's English names."""
    return _mask_of(english_names(entry)).finds(text)


def blank_names(text: str, entry: Entry, blank: str) -> str:
    """`text` with every name of `entry` replaced by `blank` (the cloze's gap)."""
    return name_mask(entry).hide(text, blank)


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
