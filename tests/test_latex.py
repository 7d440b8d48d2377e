"""LaTeX formulas become readable Unicode for the terminal, keeping their grouping."""

import pytest

from glossary.text.latex import latex_to_unicode


@pytest.mark.parametrize(
    ("latex", "expected"),
    [
        (r"\hat{m}_t = \frac{m_t}{1-\beta_1^t}", "m̂ₜ = mₜ/(1-β₁ᵗ)"),
        (r"y = T(x) \odot H(x) + (1 - T(x)) \odot x", "y = T(x) ⊙ H(x) + (1 - T(x)) ⊙ x"),
        (r"\mathrm{softmax}\left(\frac{QK^\top}{\sqrt{d_k}}\right)V", "softmax(QKᵀ/(√dₖ))V"),
        (r"h_t = \tanh(W_{hh} h_{t-1})", "hₜ = tanh(Wₕₕ hₜ₋₁)"),
        (r"\sum_{i=1}^{n} x_i^2", "Σᵢ₌₁ⁿ xᵢ²"),
        (r"x_{w_O}", "x_(w_O)"),
        (r"\begin{aligned} a &= b \\ c &= d \end{aligned}", "a = b ; c = d"),
    ],
)
def test_formulas_render_with_grouping_kept(latex: str, expected: str) -> None:
    assert latex_to_unicode(latex) == expected


def test_unknown_commands_degrade_to_their_name() -> None:
    assert latex_to_unicode(r"\foo{x}") == "foox"
