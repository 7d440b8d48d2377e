"""Render the LaTeX of a formula as readable one-line Unicode for the terminal (e.g. \\frac{a}{b+c} -> a/(b + c)).

unicodeit supplies the characters: symbols, the \\mathbb / \\mathcal / \\mathbf alphabets, sub- and superscript
letters and combining accents. No library renders the structure right (fractions keep their grouping, roots
their index, environments their rows), so that part is ours: a small recursive parser over LaTeX tokens.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache, lru_cache

# Where unicodeit has no character, or one that reads badly in a terminal (a wide CJK bracket, '*' for \star).
_OWN_SYMBOLS = {
    "star": "⋆",
    "ast": "∗",
    "langle": "⟨",
    "rangle": "⟩",
    "lVert": "‖",
    "rVert": "‖",
    "lvert": "|",
    "rvert": "|",
    "vert": "|",
    "mid": " | ",
    "cdot": "·",
    "dots": "…",
    "colon": ":",
    "lbrace": "{",
    "rbrace": "}",
    "{": "{",
    "}": "}",
    "_": "_",
    "%": "%",
    "&": "&",
    "#": "#",
    "$": "$",
    "|": "‖",
    ",": " ",
    ";": " ",
    ":": " ",
    ">": " ",
    "!": "",
    " ": " ",
    "quad": "  ",
    "qquad": "    ",
}
_FUNCTIONS = frozenset(
    "log exp ln lg max min sup inf lim liminf limsup arg argmax argmin det dim ker sin cos tan cot sec csc "
    "sinh cosh tanh coth arcsin arccos arctan Pr deg gcd hom mod bmod sgn trace tr diag softmax".split()
)
_IGNORED = frozenset(
    "left right big Big bigg Bigg bigl bigr Bigl Bigr biggl biggr middle displaystyle textstyle scriptstyle "
    "limits nolimits nonumber notag".split()
)
_FONTS = frozenset("mathbb mathcal mathbf boldsymbol bm mathfrak mathsf mathtt mathscr mathit".split())
_PLAIN = frozenset("mathrm text textrm textbf textit textsf mbox mathnormal operatorname".split())
_FRACTIONS = frozenset({"frac", "dfrac", "tfrac", "cfrac"})
_ROOTS = {"2": "√", "3": "∛", "4": "∜"}
_MATRICES = {
    "pmatrix": "()",
    "bmatrix": "[]",
    "Bmatrix": "{}",
    "vmatrix": "||",
    "Vmatrix": "‖‖",
    "matrix": "",
    "smallmatrix": "",
    "array": "",
}
_OWN_SCRIPTS = {"^⊤": "ᵀ", "^T": "ᵀ", "^V": "ⱽ", "^′": "′", "^*": "*", "_*": "*"}  # unicodeit's ^V is Hangul
# Tokens after which a fraction must be parenthesised, because they multiply it: "(1/Z)(a + b)", not "1/Z(a + b)".
_BINDING_AFTER = re.compile(r"[\w(\[⟨|‖√∑∏∫∂∇]")

_OPERATORS = frozenset("+-−=<>≤≥≈≠∼,;/·×⋅∗⋆⊙⊗⊕∘→←↦∈")
_PREFIX_SPACE = re.compile(r"([∂∇]) +")  # "∂ L" reads as one symbol, ∂L
_CLOSE_BRACE = frozenset({("special", "}")})
_CLOSE_BRACKET = frozenset({("special", "]")})
_CELL_END = frozenset({("special", "&"), ("command", "\\"), ("command", "end")})

_TOKEN = re.compile(r"\\([A-Za-z]+\*?|.)|([{}^_&\[\]])|(\s+)|(.)", re.S)


@cache
def _tables() -> tuple[dict[str, str], dict[str, str], dict[str, str]]:
    """unicodeit's symbols, scripts and combining marks, keyed without the backslash (read on first use)."""
    from unicodeit.data import COMBININGMARKS, REPLACEMENTS, SUBSUPERSCRIPTS

    symbols = {latex[1:]: char for latex, char in REPLACEMENTS if latex.startswith("\\")}
    scripts = {**dict(SUBSUPERSCRIPTS), **_OWN_SCRIPTS}
    marks = {latex[1:]: char for latex, char in COMBININGMARKS}
    return {**symbols, **_OWN_SYMBOLS}, scripts, marks


@dataclass
class _Parser:
    """Renders a token list; records the commands it could not render."""

    tokens: list[tuple[str, str]]  # (kind, text): kind is "command", "special", "space" or "char"
    position: int = 0
    unknown: list[str] = field(default_factory=list)

    def peek(self) -> tuple[str, str] | None:
        return self.tokens[self.position] if self.position < len(self.tokens) else None

    def sequence(self, stops: frozenset[tuple[str, str]] = frozenset()) -> str:
        """Render until the end, or until a token in `stops` (which is left unread)."""
        out: list[str] = []
        while (token := self.peek()) is not None and token not in stops:
            out.append(self.atom())
        return "".join(out)

    def group(self) -> str:
        """One argument: a {braced group}, a (parenthesised group) as prose writes `e^(−x)`, or one token."""
        while (token := self.peek()) is not None and token[0] == "space":
            self.position += 1
        if token is None:
            return ""
        if token == ("special", "{"):
            self.position += 1
            text = self.sequence(_CLOSE_BRACE)
            self.position += 1
            return text
        if token == ("char", "("):
            return self.parenthesised()
        return self.atom()

    def parenthesised(self) -> str:
        """From an opening parenthesis to its match (or the end), rendered with both parentheses."""
        depth, out = 0, []
        while (token := self.peek()) is not None:
            depth += token == ("char", "(")
            depth -= token == ("char", ")")
            out.append(self.atom())
            if depth == 0:
                break
        return "".join(out)

    def optional(self) -> str | None:
        """An [optional argument], if one follows."""
        if self.peek() != ("special", "["):
            return None
        self.position += 1
        text = self.sequence(_CLOSE_BRACKET)
        self.position += 1
        return text

    def atom(self) -> str:
        kind, text = self.tokens[self.position]
        self.position += 1
        if kind == "space":
            return " "
        if kind == "command":
            return self.command(text)
        if kind == "char" or text in "[]&":
            return text
        if text == "{":
            inner = self.sequence(_CLOSE_BRACE)
            self.position += 1
            return inner
        if text == "}":
            return ""
        return _script(self.group(), text)  # ^ or _

    def command(self, name: str) -> str:
        symbols, _, marks = _tables()
        bare = name.rstrip("*")
        if bare in _FRACTIONS:
            numerator, denominator = _wrap(self.group()), _wrap(self.group())
            following = self.peek()
            fraction = f"{numerator}/{denominator}"
            binds = following is not None and following[0] != "space" and _binds(following, symbols)
            return f"({fraction})" if binds else fraction
        if bare == "sqrt":
            index = self.optional()
            radicand = _wrap(self.group())
            root = _ROOTS.get((index or "2").strip())
            return f"{root or _script(index or '', '^') + '√'}{radicand}"
        if bare == "begin":
            return self.environment(self.group().strip())
        if bare == "end":
            self.group()
            return ""
        if name == "\\":
            return "; "
        if bare in _PLAIN:
            return self.group()
        if bare in _FONTS:
            style = "mathbf" if bare in {"boldsymbol", "bm"} else bare
            return "".join(symbols.get(f"{style}{{{char}}}", char) for char in self.group())
        if bare in marks:
            base = self.group()
            return base + marks[bare] if len(base) == 1 else f"{base}{marks[bare]}"
        if bare in _IGNORED:
            return ""
        if bare in _FUNCTIONS:
            return self.function("arg max" if bare == "argmax" else "arg min" if bare == "argmin" else bare)
        if bare == "binom":
            top, bottom = self.group(), self.group()
            return f"C({top}, {bottom})"
        if name in symbols:
            return symbols[name]
        self.unknown.append(name)
        return name

    def function(self, word: str) -> str:
        """An operator name: `log(p/(1 - p))` when a fraction follows, `log x` before a symbol, else `log`."""
        following = self.peek()
        if following is not None and following[0] == "command" and following[1] in _FRACTIONS:
            self.position += 1
            fraction = self.command(following[1])
            return f"{word}{fraction}" if _bracketed(fraction) else f"{word}({fraction})"
        if following is None or following[1] in _IGNORED or following[1] in {"(", "["}:
            return word
        if following[0] == "char" and following[1].isalnum() or following[0] == "command":
            return word + " "
        return word

    def environment(self, name: str) -> str:
        """A \\begin{name} … \\end{name} block as one line: rows split by '; ', columns by spaces."""
        if name == "array":
            self.group()  # the column specification
        rows, cells = [], []
        while (token := self.peek()) is not None:
            if token == ("command", "end"):
                self.position += 1
                self.group()
                break
            cells.append(self.sequence(_CELL_END).strip())
            token = self.peek()
            if token == ("special", "&"):
                self.position += 1
            elif token == ("command", "\\"):
                self.position += 1
                rows.append(cells)
                cells = []
        if any(cells):
            rows.append(cells)
        if name.rstrip("*") in {"cases", "dcases"}:
            return "{ " + "; ".join(", ".join(filter(None, row)) for row in rows) + " }"
        if name in _MATRICES:
            body = "; ".join(" ".join(row) for row in rows)
            brackets = _MATRICES[name]
            return f"{brackets[0]}{body}{brackets[1]}" if brackets else body
        return "; ".join(" ".join(row) for row in rows)  # aligned, align, gathered, split, equation …


def _binds(token: tuple[str, str], symbols: dict[str, str]) -> bool:
    """Whether a token right after a fraction multiplies it (a letter, a bracket, a function), not an operator."""
    kind, text = token
    if kind == "command":
        rendered = symbols.get(text, text if text in _FUNCTIONS | _FONTS | _PLAIN | _FRACTIONS else "")
        return text in {"left", "sqrt"} or bool(rendered) and bool(_BINDING_AFTER.match(rendered))
    return kind == "char" and bool(_BINDING_AFTER.match(text)) or text == "{"


def _wrap(text: str) -> str:
    """Parenthesise a fraction part or root argument unless it is one term: no space or operator outside brackets."""
    text = _PREFIX_SPACE.sub(r"\1", text.strip())
    depth = 0
    for char in text:
        depth += char in "([{⟨"
        depth -= char in ")]}⟩"
        if depth == 0 and (char.isspace() or char in _OPERATORS) or char in "∑∏∫":
            return f"({text})"
    return text


def _bracketed(text: str) -> bool:
    """True when the whole text sits inside one matching pair of brackets, such as "(a + b)" but not "(a)(b)"."""
    pairs = {"(": ")", "[": "]", "{": "}", "⟨": "⟩"}
    if len(text) < 2 or pairs.get(text[0]) != text[-1]:
        return False
    depth = 0
    for index, char in enumerate(text):
        depth += char == text[0]
        depth -= char == text[-1]
        if depth == 0 and index < len(text) - 1:
            return False
    return depth == 0


def _script(text: str, marker: str) -> str:
    """A sub- or superscript in Unicode script letters where every character has one, else marked: x_(t-1)."""
    text = text.strip()
    _, scripts, _ = _tables()
    converted = [scripts.get(marker + char) for char in text]
    if text and all(converted):
        return "".join(c for c in converted if c)
    return f"{marker}{text}" if len(text) == 1 or _bracketed(text) else f"{marker}({text})"


def _tokens(latex: str) -> list[tuple[str, str]]:
    kinds = ("command", "special", "space", "char")
    found = []
    for match in _TOKEN.finditer(latex):
        kind = next(k for k, value in zip(kinds, match.groups()) if value is not None)
        found.append((kind, match.group(0)[1:] if kind == "command" else match.group(0)))
    return found


@lru_cache(maxsize=4096)
def _render(latex: str) -> tuple[str, tuple[str, ...]]:
    parser = _Parser(_tokens(latex))
    text = parser.sequence()
    return _PREFIX_SPACE.sub(r"\1", re.sub(r"\s+", " ", text)).strip(), tuple(parser.unknown)


def latex_to_unicode(latex: str) -> str:
    """A readable one-line Unicode rendering of a LaTeX formula (or of prose with inline LaTeX)."""
    return _render(latex)[0]


INLINE_MATH = re.compile(r"(?<!\\)\$([^$]+)\$")


def inline_math_to_unicode(prose: str, markdown: bool = False) -> str:
    """Prose with each `$…$` formula rendered as Unicode; with `markdown`, the result's own `_` and `*` are
    escaped so a Markdown renderer shows them instead of reading emphasis."""

    def render(match: re.Match[str]) -> str:
        text = latex_to_unicode(match.group(1))
        return re.sub(r"([_*])", r"\\\1", text) if markdown else text

    return INLINE_MATH.sub(render, prose)


def unrenderable_commands(latex: str) -> tuple[str, ...]:
    """The commands of `latex` that the renderer does not know (shown by their bare name)."""
    return _render(latex)[1]
