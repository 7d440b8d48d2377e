"""Masked language modelling (BERT): hide some input tokens and predict them from context on both sides.

BERT selects 15% of the positions; of those, 80% are replaced by [MASK], 10% by a random token and 10% are
left unchanged (so the model cannot assume that an unmasked token is always correct). The loss is the
cross-entropy at the selected positions only:  L = -(1/|S|) sum_{i in S} log p(x_i | corrupted input).
"""

from __future__ import annotations

import numpy as np
from _check import numerical_gradient, relative_error

IGNORE = -100  # label of positions that are not predicted (PyTorch's ignore_index default)


def bert_mask(
    tokens: np.ndarray,
    rng: np.random.Generator,
    mask_id: int,
    vocab_size: int,
    select_prob: float = 0.15,
    mask_prob: float = 0.8,
    random_prob: float = 0.1,
) -> tuple[np.ndarray, np.ndarray]:
    """BERT's corruption: returns (input with selected positions masked/randomised/kept, labels with IGNORE elsewhere)."""
    selected = rng.random(tokens.shape) < select_prob
    action = rng.random(tokens.shape)
    corrupted = tokens.copy()
    corrupted[selected & (action < mask_prob)] = mask_id
    randomise = selected & (action >= mask_prob) & (action < mask_prob + random_prob)
    corrupted[randomise] = rng.integers(vocab_size, size=int(randomise.sum()))
    return corrupted, np.where(selected, tokens, IGNORE)


def mlm_loss(logits: np.ndarray, labels: np.ndarray) -> float:
    """Mean cross-entropy over the positions whose label is not IGNORE; logits (..., V), labels (...)."""
    logits, labels = logits.reshape(-1, logits.shape[-1]), labels.reshape(-1)
    keep = labels != IGNORE
    shifted = logits[keep] - logits[keep].max(axis=-1, keepdims=True)
    log_probs = shifted - np.log(np.exp(shifted).sum(axis=-1, keepdims=True))
    return float(-log_probs[np.arange(keep.sum()), labels[keep]].mean())


if __name__ == "__main__":
    rng = np.random.default_rng(0)
    vocab, mask_id = 1000, 999  # the last id plays [MASK]; real tokens use 0..998
    tokens = rng.integers(mask_id, size=(400, 512))
    corrupted, labels = bert_mask(tokens, rng, mask_id, vocab)

    # Frequencies on 204,800 tokens: 15% selected; of those 80% [MASK], 10% random, 10% unchanged.
    selected = labels != IGNORE
    masked = selected & (corrupted == mask_id)
    kept = selected & (corrupted == tokens)
    changed = selected & ~masked & ~kept  # random replacements that happen to differ from the original
    n = selected.sum()
    print(f"selected {selected.mean():.4f}; of them [MASK] {masked.sum() / n:.4f}, random {changed.sum() / n:.4f}, "
          f"unchanged {kept.sum() / n:.4f}")
    assert abs(selected.mean() - 0.15) < 0.003
    assert abs(masked.sum() / n - 0.80) < 0.01
    # A random draw equals the original with probability 1/V, so unchanged is 0.1 + 0.1/V and random 0.1 - 0.1/V.
    assert abs(kept.sum() / n - (0.1 + 0.1 / vocab)) < 0.005 and abs(changed.sum() / n - (0.1 - 0.1 / vocab)) < 0.005
    assert np.all(corrupted[~selected] == tokens[~selected]) and np.all(labels[selected] == tokens[selected])

    # The loss uses only the selected positions: changing logits elsewhere leaves it unchanged ...
    small, small_labels = tokens[:2, :20] % 7, labels[:2, :20]
    small_labels = np.where(small_labels == IGNORE, IGNORE, small)
    logits = rng.normal(size=(2, 20, 7))
    other = logits + np.where((small_labels == IGNORE)[..., None], rng.normal(size=logits.shape), 0.0)
    assert mlm_loss(other, small_labels) == mlm_loss(logits, small_labels)
    # ... it equals a loop over those positions, and its gradient vanishes at every unselected position.
    picks = [(b, i) for b in range(2) for i in range(20) if small_labels[b, i] != IGNORE]
    by_hand = -np.mean([logits[b, i, small[b, i]] - np.log(np.exp(logits[b, i]).sum()) for b, i in picks])
    assert np.isclose(mlm_loss(logits, small_labels), by_hand)
    grad = numerical_gradient(lambda z: mlm_loss(z, small_labels), logits)
    assert np.allclose(grad[small_labels == IGNORE], 0.0) and np.abs(grad[small_labels != IGNORE]).max() > 1e-3
    softmax = np.exp(logits) / np.exp(logits).sum(axis=-1, keepdims=True)
    expected = (softmax - np.eye(7)[np.maximum(small_labels, 0)]) * (small_labels != IGNORE)[..., None] / len(picks)
    assert relative_error(grad, expected) < 1e-6
    print(f"loss on {len(picks)} of 40 positions: {mlm_loss(logits, small_labels):.3f}")
    print("masked-language-modeling: all checks passed")
