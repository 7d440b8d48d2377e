"""The attention mechanism of neural machine translation (Bahdanau et al.): additive attention.

At output step i the decoder scores every encoder annotation h_j with a small network,
e_ij = v^T tanh(W s_{i-1} + U h_j), turns the scores into weights alpha_ij = softmax_j(e_ij), and reads
the context c_i = sum_j alpha_ij h_j. Instead of squeezing the source into one fixed vector, each output
step gets its own view of the whole input, and the alignment is learned from the task alone.
"""

from __future__ import annotations

import numpy as np
from _attention import softmax
from _check import numerical_gradient, relative_error

Params = dict[str, np.ndarray]


def additive_attention(
    decoder_states: np.ndarray, annotations: np.ndarray, params: Params
) -> tuple[np.ndarray, np.ndarray]:
    """Contexts (..., m, d_h) and weights (..., m, n) of decoder states (..., m, d_s) over annotations (..., n, d_h).

    params: "w" (d_a, d_s) projects decoder states, "u" (d_a, d_h) projects annotations, "v" (d_a,) scores.
    """
    hidden = np.tanh(_pre_activations(decoder_states, annotations, params))
    weights = softmax(hidden @ params["v"], axis=-1)
    return weights @ annotations, weights


def _pre_activations(decoder_states: np.ndarray, annotations: np.ndarray, params: Params) -> np.ndarray:
    """W s_i + U h_j for every pair (i, j), shaped (..., m, n, d_a)."""
    from_decoder = decoder_states @ params["w"].T
    from_encoder = annotations @ params["u"].T
    return from_decoder[..., :, None, :] + from_encoder[..., None, :, :]


def additive_attention_gradients(
    decoder_states: np.ndarray, annotations: np.ndarray, params: Params, upstream: np.ndarray
) -> Params:
    """Gradients of sum(upstream * contexts) with respect to w, u and v (backpropagation by hand).

    Inputs carry a batch axis: decoder states (b, m, d_s), annotations (b, n, d_h), upstream (b, m, d_h).
    """
    hidden = np.tanh(_pre_activations(decoder_states, annotations, params))
    contexts, weights = additive_attention(decoder_states, annotations, params)
    along_annotations = upstream @ np.swapaxes(annotations, -1, -2)  # g_i . h_j, shape (b, m, n)
    along_context = np.sum(upstream * contexts, axis=-1, keepdims=True)  # g_i . c_i
    d_scores = weights * (along_annotations - along_context)
    d_pre = d_scores[..., None] * params["v"] * (1.0 - hidden**2)
    return {
        "w": np.einsum("bmna,bms->as", d_pre, decoder_states),
        "u": np.einsum("bmna,bnh->ah", d_pre, annotations),
        "v": np.einsum("bmn,bmna->a", d_scores, hidden),
    }


def reversal_batch(batch: int, length: int, content_dim: int, rng: np.random.Generator) -> tuple[np.ndarray, ...]:
    """A toy "translation" that reverses the source: output step i must read source position length-1-i.

    Annotations are [one-hot position | random content]; decoder state i is the one-hot of i.
    """
    contents = rng.normal(size=(batch, length, content_dim))
    positions = np.broadcast_to(np.eye(length), (batch, length, length))
    annotations = np.concatenate([positions, contents], axis=-1)
    states = np.broadcast_to(np.eye(length), (batch, length, length))
    return states, annotations, contents[:, ::-1]


if __name__ == "__main__":
    rng = np.random.default_rng(0)
    length, content_dim, d_a = 5, 3, 12
    d_h = length + content_dim
    params = {
        "w": rng.normal(scale=0.5, size=(d_a, length)),
        "u": rng.normal(scale=0.5, size=(d_a, d_h)),
        "v": rng.normal(scale=0.5, size=d_a),
    }

    # Weights are a distribution over source positions for every output step.
    states, annotations, targets = reversal_batch(2, length, content_dim, rng)
    contexts, weights = additive_attention(states, annotations, params)
    assert contexts.shape == (2, length, d_h) and np.allclose(weights.sum(axis=-1), 1.0)

    # The hand-written gradients agree with central finite differences.
    upstream = rng.normal(size=contexts.shape)
    analytic = additive_attention_gradients(states, annotations, params, upstream)
    for name in params:

        def objective(value: np.ndarray, name: str = name) -> float:
            return float(np.sum(upstream * additive_attention(states, annotations, dict(params, **{name: value}))[0]))

        error = relative_error(analytic[name], numerical_gradient(objective, params[name]))
        assert error < 1e-6, (name, error)
    print("gradients of w, u, v match finite differences")

    # Train on the reversal task: the loss only asks for the right content, never for an alignment,
    # yet the learned weights line up with the reversed positions.
    def loss_and_gradients(batch: int) -> tuple[float, Params]:
        states, annotations, targets = reversal_batch(batch, length, content_dim, rng)
        contexts, _ = additive_attention(states, annotations, params)
        residual = contexts[..., length:] - targets  # the prediction is the content part of the context
        upstream = np.concatenate([np.zeros(residual.shape[:-1] + (length,)), 2 * residual], axis=-1) / batch
        return float(np.sum(residual**2) / batch), additive_attention_gradients(states, annotations, params, upstream)

    initial_loss, _ = loss_and_gradients(256)
    for _step in range(300):
        _, gradients = loss_and_gradients(32)
        for name in params:
            params[name] -= 0.5 * gradients[name]
    final_loss, _ = loss_and_gradients(256)

    states, annotations, _ = reversal_batch(1, length, content_dim, rng)
    _, weights = additive_attention(states, annotations, params)
    print(f"loss {initial_loss:.3f} -> {final_loss:.4f}; learned alignment (rows: output step, columns: source):")
    print(np.round(weights[0], 2))
    assert final_loss < 0.05 * initial_loss
    assert np.array_equal(weights[0].argmax(axis=-1), np.arange(length)[::-1])
    assert np.all(weights[0][np.arange(length), np.arange(length)[::-1]] > 0.9)
    print("attention mechanism: all checks passed")
