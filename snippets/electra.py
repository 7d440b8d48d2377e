"""ELECTRA: replaced token detection.

A small generator G, trained as a masked language model, fills the masked positions with sampled tokens;
the discriminator D then labels every position of the corrupted sequence as original (0) or replaced (1).
A position counts as replaced only if the sample differs from the original token, so a masked position
where G happens to sample the right word is labelled original. The joint loss is
    L_MLM(x, theta_G) + lambda * L_Disc(x, theta_D),   lambda = 50,
with L_Disc a binary cross-entropy summed over all positions; the sampling step blocks gradients from D to G.
"""

from __future__ import annotations

import numpy as np


def corrupt(tokens: np.ndarray, mask: np.ndarray, generator_logits: np.ndarray,
            rng: np.random.Generator) -> np.ndarray:
    """Replace masked positions by tokens sampled from the generator's softmax (generator_logits: (T, V))."""
    probs = np.exp(generator_logits - generator_logits.max(axis=1, keepdims=True))
    probs /= probs.sum(axis=1, keepdims=True)
    corrupted = tokens.copy()
    for t in np.flatnonzero(mask):
        corrupted[t] = rng.choice(probs.shape[1], p=probs[t])
    return corrupted


def replaced_token_labels(original: np.ndarray, corrupted: np.ndarray) -> np.ndarray:
    """Discriminator targets: 1 where the corrupted token differs from the original, else 0."""
    return (corrupted != original).astype(float)


def discriminator_loss(logits: np.ndarray, labels: np.ndarray) -> float:
    """Binary cross-entropy of the per-position 'replaced' logits, summed over positions."""
    return float(np.sum(np.logaddexp(0.0, logits) - labels * logits))


def discriminator_loss_grad(logits: np.ndarray, labels: np.ndarray) -> np.ndarray:
    """Gradient of discriminator_loss with respect to the logits: sigmoid(logit) - label."""
    return 1.0 / (1.0 + np.exp(-logits)) - labels


def electra_loss(mlm_loss: float, disc_loss: float, disc_weight: float = 50.0) -> float:
    """The combined pretraining objective L_MLM + lambda L_Disc."""
    return mlm_loss + disc_weight * disc_loss


if __name__ == "__main__":
    rng = np.random.default_rng(0)
    T, V, d = 40, 6, 5
    tokens = rng.integers(V, size=T)
    mask = rng.random(T) < 0.15
    mask[:3] = True
    # A tiny generator: one linear layer over random context features, sharpened towards the true token so
    # it often (not always) samples it back.
    features, w = rng.normal(size=(T, d)), rng.normal(size=(d, V))
    generator_logits = features @ w + 2.0 * np.eye(V)[tokens]
    corrupted = corrupt(tokens, mask, generator_logits, rng)
    labels = replaced_token_labels(tokens, corrupted)
    print("masked:   ", mask.astype(int))
    print("replaced: ", labels.astype(int))

    # Labels checked position by position: unmasked positions are never replaced; a masked position is
    # replaced exactly when the sample differs.
    for t in range(T):
        expected = 1.0 if (mask[t] and corrupted[t] != tokens[t]) else 0.0
        assert labels[t] == expected
    assert np.all(labels <= mask) and np.any(mask & (labels == 0))   # some masked tokens were sampled back
    assert np.array_equal(corrupted[~mask], tokens[~mask])

    # The discriminator (one linear layer) scores every position; the loss covers all T positions, not only
    # the masked ones, and its gradient matches finite differences.
    disc_w = rng.normal(size=(V, 1))
    disc_logits = (np.eye(V)[corrupted] @ disc_w)[:, 0] + rng.normal(size=T)
    loss = discriminator_loss(disc_logits, labels)
    explicit = -sum(np.log(1 / (1 + np.exp(-z))) if y else np.log(1 - 1 / (1 + np.exp(-z)))
                    for z, y in zip(disc_logits, labels))
    assert np.isclose(loss, explicit)
    eps, numeric = 1e-6, np.zeros(T)
    for t in range(T):
        step = np.zeros(T)
        step[t] = eps
        numeric[t] = (discriminator_loss(disc_logits + step, labels) - discriminator_loss(disc_logits - step, labels)) / (2 * eps)
    assert np.allclose(numeric, discriminator_loss_grad(disc_logits, labels), atol=1e-6)
    assert np.all(discriminator_loss_grad(disc_logits, labels)[~mask] > 0)   # unmasked positions teach "original"
    print(f"discriminator loss over {T} positions: {loss:.3f}, combined with an MLM loss of 2.0: "
          f"{electra_loss(2.0, loss / T):.2f}")
    print("electra: all checks passed")
