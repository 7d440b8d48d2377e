"""LaTeX formulas become clean, readable Unicode for the terminal, keeping their grouping."""

from __future__ import annotations

import re

import pytest

from glossary.content.corpus import Corpus
from glossary.text.latex import (
    INLINE_MATH,
    inline_math_to_unicode,
    latex_to_unicode,
    unrenderable_commands,
)


@pytest.mark.parametrize(
    ("latex", "expected"),
    [
        (r"\hat{m}_t = \frac{m_t}{1-\beta_1^t}", "m̂ₜ = mₜ/(1-β₁ᵗ)"),
        (r"y = T(x) \odot H(x) + (1 - T(x)) \odot x", "y = T(x) ⊙ H(x) + (1 - T(x)) ⊙ x"),
        (r"\mathrm{softmax}\left(\frac{QK^\top}{\sqrt{d_k}}\right)V", "softmax(QKᵀ/√dₖ)V"),
        (r"h_t = \tanh(W_{hh} h_{t-1})", "hₜ = tanh(Wₕₕ hₜ₋₁)"),
        (r"\sum_{i=1}^{n} x_i^2", "∑ᵢ₌₁ⁿ xᵢ²"),
        (r"x_{w_O}", "x_(w_O)"),
        (r"\begin{aligned} a &= b \\ c &= d \end{aligned}", "a = b; c = d"),
        (r"f \star g, \; W \ast x", "f ⋆ g, W ∗ x"),
        (r"\begin{bmatrix} a & \cdots \\ \vdots & \ddots \end{bmatrix}", "[a ⋯; ⋮ ⋱]"),
        (r"\mathbb{R}^{n}, \mathbb{E}[x], \mathbb{1}[y = k], \mathcal{L}", "ℝⁿ, 𝔼[x], 𝟙[y = k], ℒ"),
        (r"h^{(l)}", "h⁽ˡ⁾"),
        (r"h^{(Q)}", "h^(Q)"),
        (r"\sqrt[3]{x} + \sqrt{x + 1}", "∛x + √(x + 1)"),
        (r"\operatorname*{arg\,max}_{y} p(y)", "arg max_y p(y)"),
        (r"\frac{1}{Z}(a + b)", "(1/Z)(a + b)"),
        (r"\frac{1}{Z} + b", "1/Z + b"),
        (r"\log\frac{p}{1-p}", "log(p/(1-p))"),
        (r"\frac{\partial L}{\partial w}", "∂L/∂w"),
        (r"\frac{e^{z_i}}{\sum_j e^{z_j}}", "e^(zᵢ)/(∑ⱼ e^(zⱼ))"),
        (r"|x| = \begin{cases} x & x \ge 0 \\ -x & \text{otherwise} \end{cases}", "|x| = { x, x ≥ 0; -x, otherwise }"),
        (r"\{0, 1\}", "{0, 1}"),
        ("the sigmoid, 1 / (1 + e^(−x))", "the sigmoid, 1 / (1 + e⁽⁻ˣ⁾)"),
    ],
)
def test_formulas_render_with_grouping_kept(latex: str, expected: str) -> None:
    assert latex_to_unicode(latex) == expected


def test_inline_formulas_in_prose_render_and_stay_literal_for_markdown() -> None:
    assert inline_math_to_unicode(r"costs $V \times H$, not $W_{k,R}$ or \$5") == r"costs V × H, not W_(k,R) or \$5"
    assert inline_math_to_unicode(r"$W_{k,R}$", markdown=True) == r"W\_(k,R)"


def test_unknown_commands_are_reported_and_degrade_to_their_name() -> None:
    assert latex_to_unicode(r"\foo{x}") == "foox"
    assert unrenderable_commands(r"\foo{x} + \alpha") == ("foo",)


def defects(text: str) -> list[str]:
    """What a reader would see as broken: a command, a backslash, TeX grouping, unbalanced or doubled brackets."""
    found = []
    if "\\" in text:
        found.append("backslash")
    if re.search(r"[_^]\{|\{\s*\}", text):
        found.append("TeX braces")
    if re.search(r"\(\([^()]*\)\)", text):
        found.append("doubled brackets")
    text = re.sub(r"[(\[][^()\[\]]*,[^()\[\]]*[)\]]", "", text)  # an interval such as (−1, 1] is balanced
    found += [f"unbalanced {pair}" for pair in ("()", "[]", "{}") if text.count(pair[0]) != text.count(pair[1])]
    return found


def test_every_formula_symbol_and_meaning_renders_clean(shipped: Corpus) -> None:
    broken, rendered = [], 0
    for entry in shipped:
        texts = [match.group(1) for match in INLINE_MATH.finditer(entry.definition)]
        if entry.formula is not None:
            texts += [entry.formula.latex] + [t for s in entry.formula.symbols for t in (s.symbol, s.meaning)]
        for latex in texts:
            rendered += 1
            problems = defects(latex_to_unicode(latex)) + [f"\\{c}" for c in unrenderable_commands(latex)]
            if problems:
                broken.append(f"{entry.id}: {latex!r} -> {latex_to_unicode(latex)!r}: {problems}")
    assert rendered > 500
    assert broken == []
