"""Line breaking for Chinese (and mixed) text: break between Han characters, keep Latin words whole, and
follow the basic kinsoku rules: no line starts with closing punctuation, none ends with an opening bracket."""

from __future__ import annotations

import re

from rich.cells import cell_len

NO_LINE_START = frozenset("。，、；：？！）》」』】〕〉”’…—·%,.;:?!)]}")
NO_LINE_END = frozenset("（《「『【〔〈“‘([{")
_HAN = re.compile(r"[\u3400-\u9fff]")
_TOKENS = re.compile(r"\s+|[\u3000-\u9fff\uff00-\uffef]|[^\s\u3000-\u9fff\uff00-\uffef]+")


def wrap_text(text: str, width: int) -> list[str]:
    """`text` broken into lines of at most `width` cells (a closing mark may hang past the edge after a Latin word)."""
    lines: list[str] = []
    for paragraph in text.splitlines() or [""]:
        lines += _wrap_paragraph(paragraph, max(width, 4))
    return lines


def _wrap_paragraph(paragraph: str, width: int) -> list[str]:
    lines: list[str] = []
    line = ""
    for token in _TOKENS.findall(paragraph):
        if token.isspace():
            if line:
                line += " "
            continue
        if cell_len(line.rstrip()) + cell_len(token) <= width or not line.strip():
            line += token
            continue
        if token[0] in NO_LINE_START:  # never start a line with it: take the character before it down too
            stripped = line.rstrip()
            if len(stripped) > 1 and _HAN.match(stripped[-1]) and stripped[-1] not in NO_LINE_START:
                lines.append(stripped[:-1].rstrip())
                line = stripped[-1] + token
            else:
                line = stripped + token  # after a Latin word or another mark: let it hang
            continue
        carried = ""
        while line and line.rstrip()[-1:] in NO_LINE_END:  # an opening bracket moves down with its text
            stripped = line.rstrip()
            carried, line = stripped[-1] + carried, stripped[:-1]
        lines.append(line.rstrip())
        line = carried + token
    if line.strip() or not lines:
        lines.append(line.rstrip())
    return lines
