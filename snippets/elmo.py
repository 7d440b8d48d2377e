"""ELMo (Peters et al. 2018): a task-specific weighted sum of the layers of a pre-trained bidirectional LM.

A forward LSTM LM reads left to right and a backward one right to left; layer j of the biLM at token k is
h_{k,j} = [forward state; backward state] (layer 0 is the context-free token vector, used for both
directions). The task learns softmax-normalised layer weights s_j and a scale gamma:
    ELMo_k = gamma * sum_j s_j h_{k,j},   s = softmax(w)
"""

from __future__ import annotations

import numpy as np
from _check import numerical_gradient, relative_error
from _entry import load

lstm_cell = load("lstm").lstm_cell


def elmo_combine(layer_states: np.ndarray, w: np.ndarray, gamma: float) -> np.ndarray:
    """gamma * sum_j softmax(w)_j * layer_states[j]; layer_states (L + 1, n, d) -> (n, d)."""
    s = np.exp(w - w.max())
    s /= s.sum()
    return gamma * np.tensordot(s, layer_states, axes=1)


def elmo_combine_grad_w(layer_states: np.ndarray, w: np.ndarray, gamma: float, grad_output: np.ndarray) -> np.ndarray:
    """Hand-derived d loss / d w given d loss / d output: gamma s_j (g.h_j - sum_l s_l g.h_l)."""
    s = np.exp(w - w.max())
    s /= s.sum()
    scores = np.tensordot(layer_states, grad_output, axes=([1, 2], [0, 1]))  # g . h_j for every layer j
    return gamma * s * (scores - s @ scores)


def run_lstm(xs: np.ndarray, params: tuple[np.ndarray, np.ndarray, np.ndarray]) -> np.ndarray:
    """Hidden states of one LSTM layer over the rows of xs, starting from zero state."""
    hidden = params[1].shape[1]
    h, c, states = np.zeros(hidden), np.zeros(hidden), []
    for x in xs:
        h, c = lstm_cell(x, h, c, *params)
        states.append(h)
    return np.array(states)


def bilm_layers(tokens: np.ndarray, embed: np.ndarray, forward: list[tuple], backward: list[tuple]) -> np.ndarray:
    """All biLM layer states (L + 1, n, 2d): layer 0 = [x; x], layer j = [forward LSTM j; backward LSTM j]."""
    x = embed[tokens]
    layers, f, b = [np.hstack([x, x])], x, x[::-1]
    for f_params, b_params in zip(forward, backward):
        f, b = run_lstm(f, f_params), run_lstm(b, b_params)
        layers.append(np.hstack([f, b[::-1]]))
    return np.array(layers)


if __name__ == "__main__":
    rng = np.random.default_rng(0)
    vocab, d, n, num_layers = 20, 4, 6, 2

    def lstm_params(inputs: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        return rng.normal(scale=0.5, size=(4 * d, inputs)), rng.normal(scale=0.5, size=(4 * d, d)), np.zeros(4 * d)

    embed = rng.normal(size=(vocab, d))
    forward, backward = [lstm_params(d) for _ in range(num_layers)], [lstm_params(d) for _ in range(num_layers)]
    tokens = rng.integers(vocab, size=n)
    states = bilm_layers(tokens, embed, forward, backward)
    print(f"biLM layer states: {states.shape} (layers, tokens, forward+backward)")

    # Direction: the forward half at token t ignores later tokens, the backward half ignores earlier ones.
    edited = tokens.copy()
    edited[-1] = (edited[-1] + 1) % vocab
    changed = bilm_layers(edited, embed, forward, backward)
    assert np.allclose(changed[1:, :-1, :d], states[1:, :-1, :d]) and not np.allclose(changed[1:, :-1, d:], states[1:, :-1, d:])
    edited = tokens.copy()
    edited[0] = (edited[0] + 1) % vocab
    changed = bilm_layers(edited, embed, forward, backward)
    assert np.allclose(changed[1:, 1:, d:], states[1:, 1:, d:]) and not np.allclose(changed[1:, 1:, :d], states[1:, 1:, :d])

    # A softmax-weighted, gamma-scaled sum: one-hot weights (one huge logit) pick out a single layer ...
    for j in range(num_layers + 1):
        w = np.where(np.arange(num_layers + 1) == j, 50.0, 0.0)
        assert np.allclose(elmo_combine(states, w, 2.0), 2.0 * states[j])
    # ... equal logits give gamma times the plain average, and shifting all logits changes nothing.
    assert np.allclose(elmo_combine(states, np.zeros(num_layers + 1), 0.5), 0.5 * states.mean(axis=0))
    w = rng.normal(size=num_layers + 1)
    assert np.allclose(elmo_combine(states, w + 3.0, 1.3), elmo_combine(states, w, 1.3))
    # The output is an explicit loop over layers with weights exp(w_j) / sum exp(w).
    explicit = sum(np.exp(w[j]) / np.exp(w).sum() * states[j] for j in range(num_layers + 1))
    assert np.allclose(elmo_combine(states, w, 1.3), 1.3 * explicit)

    # Hand gradient of the layer logits against finite differences.
    g = rng.normal(size=(n, 2 * d))
    grad = elmo_combine_grad_w(states, w, 1.3, g)
    assert relative_error(grad, numerical_gradient(lambda v: float((elmo_combine(states, v, 1.3) * g).sum()), w)) < 1e-6
    print("layer weights softmax(w):", np.round(np.exp(w) / np.exp(w).sum(), 3))
    print("elmo: all checks passed")
