"""Render the LaTeX of a formula as readable Unicode for the terminal (e.g. \\frac{a}{b+c} -> a/(b + c))."""

from __future__ import annotations

import re
from functools import lru_cache

SYMBOLS = {
    "alpha": "α", "beta": "β", "gamma": "γ", "delta": "δ", "epsilon": "ε", "varepsilon": "ε", "zeta": "ζ",
    "eta": "η", "theta": "θ", "vartheta": "ϑ", "iota": "ι", "kappa": "κ", "lambda": "λ", "mu": "μ", "nu": "ν",
    "xi": "ξ", "pi": "π", "rho": "ρ", "sigma": "σ", "tau": "τ", "upsilon": "υ", "phi": "φ", "varphi": "φ",
    "chi": "χ", "psi": "ψ", "omega": "ω", "Gamma": "Γ", "Delta": "Δ", "Theta": "Θ", "Lambda": "Λ", "Xi": "Ξ",
    "Pi": "Π", "Sigma": "Σ", "Phi": "Φ", "Psi": "Ψ", "Omega": "Ω",
    "sum": "Σ", "prod": "Π", "int": "∫", "partial": "∂", "nabla": "∇", "infty": "∞", "cdot": "·",
    "times": "×", "odot": "⊙", "otimes": "⊗", "oplus": "⊕", "circ": "∘", "pm": "±", "mp": "∓",
    "leq": "≤", "le": "≤", "geq": "≥", "ge": "≥", "neq": "≠", "ne": "≠", "approx": "≈", "equiv": "≡",
    "sim": "∼", "propto": "∝", "in": "∈", "notin": "∉", "subset": "⊂", "subseteq": "⊆", "cup": "∪",
    "cap": "∩", "forall": "∀", "exists": "∃", "to": "→", "rightarrow": "→", "leftarrow": "←",
    "Rightarrow": "⇒", "mapsto": "↦", "gets": "←", "ldots": "…", "dots": "…", "cdots": "⋯", "vdots": "⋮",
    "ell": "ℓ", "top": "⊤", "intercal": "⊤", "mid": "|", "lVert": "‖", "rVert": "‖", "Vert": "‖", "|": "‖",
    "lvert": "|", "rvert": "|", "langle": "⟨", "rangle": "⟩", "lfloor": "⌊", "rfloor": "⌋", "lceil": "⌈",
    "rceil": "⌉", "max": "max", "min": "min", "log": "log", "exp": "exp", "ln": "ln", "tanh": "tanh",
    "sin": "sin", "cos": "cos", "arg": "arg", "det": "det", "lim": "lim", "sup": "sup", "inf": "inf",
    "argmax": "argmax", "argmin": "argmin", "quad": "  ", "qquad": "    ", ",": " ", ";": " ", ":": " ",
    "!": "", " ": " ", "{": "{", "}": "}", "_": "_", "%": "%", "&": "&", "#": "#", "left": "", "right": "",
    "big": "", "Big": "", "bigg": "", "Bigg": "", "bigl": "", "bigr": "", "Bigl": "", "Bigr": "",
    "displaystyle": "", "limits": "", "nolimits": "", "sqrt": "√",
}
ACCENTS = {"hat": "\u0302", "widehat": "\u0302", "tilde": "\u0303", "widetilde": "\u0303", "bar": "\u0304",
           "overline": "\u0305", "vec": "\u20d7", "overrightarrow": "\u20d7", "overleftarrow": "\u20d6",
           "dot": "\u0307", "ddot": "\u0308"}
STYLES = {"mathbf", "boldsymbol", "bm", "mathrm", "mathit", "mathcal", "mathbb", "mathsf", "mathtt",
          "operatorname", "text", "textrm", "textbf", "textit", "mbox", "mathnormal"}
SUPERSCRIPTS = str.maketrans("0123456789+-=()niTtkx⊤", "⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁼⁽⁾ⁿⁱᵀᵗᵏˣᵀ")
SUBSCRIPTS = str.maketrans("0123456789+-=()aeiojrtuvxnmklsph", "₀₁₂₃₄₅₆₇₈₉₊₋₌₍₎ₐₑᵢₒⱼᵣₜᵤᵥₓₙₘₖₗₛₚₕ")

_TOKEN = re.compile(r"\\([A-Za-z]+|.)|([{}^_])|(\s+)|(.)", re.S)


@lru_cache(maxsize=4096)
def latex_to_unicode(latex: str) -> str:
    """A readable one-line Unicode rendering of a LaTeX formula (environments flattened, spacing tidied)."""
    latex = re.sub(r"\\(begin|end)\{[a-z*]+\}", "", latex).replace("\\\\", "; ").replace("&", "")
    tokens = [m for m in _TOKEN.finditer(latex)]
    text, _ = _render(tokens, 0, stop_at_brace=False)
    return re.sub(r"\s+", " ", text).strip()


def _group(tokens: list[re.Match[str]], i: int) -> tuple[str, int]:
    """Render one argument: a {braced group} or a single token."""
    while i < len(tokens) and tokens[i].group(3):
        i += 1
    if i >= len(tokens):
        return "", i
    if tokens[i].group(2) == "{":
        return _render(tokens, i + 1, stop_at_brace=True)
    return _render_one(tokens, i)


def _render(tokens: list[re.Match[str]], i: int, stop_at_brace: bool) -> tuple[str, int]:
    out: list[str] = []
    while i < len(tokens):
        if tokens[i].group(2) == "}" and stop_at_brace:
            return "".join(out), i + 1
        piece, i = _render_one(tokens, i)
        out.append(piece)
    return "".join(out), i


def _render_one(tokens: list[re.Match[str]], i: int) -> tuple[str, int]:
    token = tokens[i]
    command, special, space, char = token.groups()
    if space:
        return " ", i + 1
    if char is not None:
        return char, i + 1
    if special == "{":
        inner, i = _render(tokens, i + 1, stop_at_brace=True)
        return inner, i
    if special == "}":
        return "", i + 1
    if command is not None:
        return _command(command, tokens, i + 1)
    if special in "^_":
        argument, i = _group(tokens, i + 1)
        return _script(argument, superscript=special == "^"), i
    return "", i + 1


def _command(name: str, tokens: list[re.Match[str]], i: int) -> tuple[str, int]:
    if name == "frac" or name == "dfrac" or name == "tfrac":
        numerator, i = _group(tokens, i)
        denominator, i = _group(tokens, i)
        return f"{_wrap(numerator)}/{_wrap(denominator)}", i
    if name == "sqrt":
        argument, i = _group(tokens, i)
        return f"√{_wrap(argument)}", i
    if name in ACCENTS:
        argument, i = _group(tokens, i)
        if len(argument) == 1:
            return argument + ACCENTS[name], i
        return f"{name}({argument})", i
    if name in STYLES:
        return _group(tokens, i)
    return SYMBOLS.get(name, name), i


def _wrap(text: str) -> str:
    """Parenthesise a fraction part or root argument unless it is a single symbol or already bracketed."""
    text = text.strip()
    if re.fullmatch(r"[\w\u0300-\u036f\u20d7]+|\(.*\)|[\w]+\(.*\)", text) and text.count("(") <= 1:
        return text
    return f"({text})"


def _script(text: str, superscript: bool) -> str:
    text = text.strip()
    table = SUPERSCRIPTS if superscript else SUBSCRIPTS
    converted = text.translate(table)
    if text and all(c != o or o in "()+-=" for c, o in zip(converted, text)):
        return converted
    marker = "^" if superscript else "_"
    return f"{marker}{text}" if len(text) == 1 else f"{marker}({text})"
