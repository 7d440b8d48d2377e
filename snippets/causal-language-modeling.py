"""Causal language modelling: predict every token from the tokens before it, all positions in one pass.

A Transformer with a causal mask (position t attends only to positions <= t) turns a sequence x_1..x_T into
T next-token predictions at once; the loss is the mean cross-entropy of x_{t+1} given the output at t:
    L = -(1 / (T - 1)) sum_{t=1}^{T-1} log softmax(z_t)[x_{t+1}]
The mask is what makes this honest: output t cannot depend on x_{t+1}, ..., x_T.
"""

from __future__ import annotations

import numpy as np
from _attention import causal_mask
from _check import numerical_gradient, numerical_jacobian, relative_error
from _entry import load

transformer = load("transformer")


def causal_lm_loss(logits: np.ndarray, tokens: np.ndarray) -> float:
    """Mean next-token cross-entropy: the output at position t (logits (T, V)) is scored on tokens[t + 1]."""
    shifted = logits[:-1] - logits[:-1].max(axis=-1, keepdims=True)
    log_probs = shifted - np.log(np.exp(shifted).sum(axis=-1, keepdims=True))
    return float(-log_probs[np.arange(len(tokens) - 1), tokens[1:]].mean())


def causal_lm_loss_grad(logits: np.ndarray, tokens: np.ndarray) -> np.ndarray:
    """Hand-derived d loss / d logits: (softmax - one-hot of the next token) / (T - 1), zero at the last position."""
    probs = np.exp(logits - logits.max(axis=-1, keepdims=True))
    probs /= probs.sum(axis=-1, keepdims=True)
    grad = np.zeros_like(logits)
    grad[:-1] = probs[:-1]
    grad[np.arange(len(tokens) - 1), tokens[1:]] -= 1.0
    return grad / (len(tokens) - 1)


def causal_decoder(x: np.ndarray, layers: list[dict[str, np.ndarray]], num_heads: int) -> np.ndarray:
    """A stack of masked self-attention layers over embedded inputs x (T, d): output t sees only x_1..x_t."""
    for params in layers:
        x = transformer.transformer_encoder_layer(x, params, num_heads, causal_mask(len(x)), norm_first=True)
    return x


if __name__ == "__main__":
    rng = np.random.default_rng(0)
    T, d_model, vocab, num_heads = 6, 8, 11, 2
    layers = [transformer.init_encoder_params(d_model, 16, rng) for _ in range(2)]
    embed, unembed = rng.normal(size=(vocab, d_model)), rng.normal(size=(d_model, vocab)) / np.sqrt(d_model)
    tokens = rng.integers(vocab, size=T)

    def logits_of(embedded: np.ndarray) -> np.ndarray:
        return causal_decoder(embedded, layers, num_heads) @ unembed

    logits = logits_of(embed[tokens])
    print(f"tokens {tokens}, next-token loss {causal_lm_loss(logits, tokens):.3f} (uniform: {np.log(vocab):.3f})")

    # Perturb the future: replacing tokens t+1..T leaves the outputs at 0..t exactly unchanged.
    for t in range(T - 1):
        edited = tokens.copy()
        edited[t + 1 :] = (edited[t + 1 :] + 1 + rng.integers(vocab - 1, size=T - t - 1)) % vocab
        new_logits = logits_of(embed[edited])
        assert np.allclose(new_logits[: t + 1], logits[: t + 1]) and not np.allclose(new_logits[t + 1 :], logits[t + 1 :])

    # The same, infinitesimally: the Jacobian of output rows w.r.t. input rows is block lower-triangular.
    x = embed[tokens]
    jacobian = numerical_jacobian(lambda z: causal_decoder(z, layers, num_heads), x).reshape(T, d_model, T, d_model)
    block_norms = np.abs(jacobian).sum(axis=(1, 3))
    assert np.all(block_norms[np.triu_indices(T, 1)] < 1e-8) and np.all(np.diag(block_norms) > 1e-3)

    # Without the mask, early outputs do react to later tokens: the mask, not the data, enforces causality.
    unmasked = transformer.transformer_encoder_layer(x, layers[0], num_heads, None, norm_first=True)
    later = x.copy()
    later[-1] += rng.normal(size=d_model)
    assert not np.allclose(transformer.transformer_encoder_layer(later, layers[0], num_heads, None, norm_first=True)[0], unmasked[0])

    # The hand gradient of the shifted loss against finite differences; the last position gets no gradient.
    grad = causal_lm_loss_grad(logits, tokens)
    assert relative_error(grad, numerical_gradient(lambda z: causal_lm_loss(z, tokens), logits)) < 1e-6
    assert np.all(grad[-1] == 0)
    print("causal-language-modeling: all checks passed")
