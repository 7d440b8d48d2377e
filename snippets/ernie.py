"""ERNIE (Baidu, 2019): knowledge masking, where a phrase or a named entity is masked as one unit.

Basic-level masking picks single tokens (characters, in Chinese); phrase- and entity-level masking first
groups the sentence into units, with every known phrase or entity one unit and every other token a unit
of its own, then picks whole units until about the masking rate is reached. The masked-LM loss is the
usual cross-entropy on the masked positions, so the model must recover a whole entity from context
instead of completing it from its visible characters.
"""

from __future__ import annotations

import numpy as np


def masking_units(length: int, spans: list[tuple[int, int]]) -> list[list[int]]:
    """Split positions 0..length-1 into units: each span (start, end exclusive) is one unit, other tokens alone."""
    units: list[list[int]] = []
    covered = np.zeros(length, dtype=bool)
    for start, end in sorted(spans):
        if covered[start:end].any():
            raise ValueError("spans overlap")
        covered[start:end] = True
    position = 0
    starts = {start: end for start, end in spans}
    while position < length:
        end = starts.get(position, position + 1)
        units.append(list(range(position, end)))
        position = end
    return units


def knowledge_mask(length: int, spans: list[tuple[int, int]], rng: np.random.Generator,
                   rate: float = 0.15) -> np.ndarray:
    """Boolean mask that selects whole units, in random order, until at least rate * length tokens are covered."""
    units = masking_units(length, spans)
    mask = np.zeros(length, dtype=bool)
    for index in rng.permutation(len(units)):
        if mask.sum() >= rate * length:
            break
        mask[units[index]] = True
    return mask


def masked_lm_loss(logits: np.ndarray, targets: np.ndarray, mask: np.ndarray) -> float:
    """Mean cross-entropy over the masked positions only; logits (T, V), integer targets (T,)."""
    shifted = logits - logits.max(axis=1, keepdims=True)
    log_probs = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))
    return float(-log_probs[np.arange(len(targets)), targets][mask].mean())


if __name__ == "__main__":
    rng = np.random.default_rng(0)
    # "Harry Potter is a series of fantasy novels written by J. K. Rowling" as word tokens with two entities
    # and one phrase marked.
    words = ["Harry", "Potter", "is", "a", "series", "of", "fantasy", "novels", "written", "by", "J.", "K.", "Rowling"]
    spans = [(0, 2), (4, 8), (10, 13)]                 # entity, phrase, entity
    units = masking_units(len(words), spans)
    assert sorted(p for unit in units for p in unit) == list(range(len(words)))   # a partition of the sentence
    assert len(units) == len(words) - sum(e - s for s, e in spans) + len(spans)
    print("units:", [" ".join(words[p] for p in unit) for unit in units])

    # On many draws, every span is masked whole or not at all; basic-level masking splits spans.
    split_by_knowledge, split_by_basic = 0, 0
    for _ in range(2000):
        mask = knowledge_mask(len(words), spans, rng, rate=0.3)
        basic = knowledge_mask(len(words), [], rng, rate=0.3)
        for start, end in spans:
            split_by_knowledge += 0 < mask[start:end].sum() < end - start
            split_by_basic += 0 < basic[start:end].sum() < end - start
        assert mask.sum() >= 0.3 * len(words)
    assert split_by_knowledge == 0 and split_by_basic > 0
    print(f"spans cut in two over 2000 draws: knowledge masking {split_by_knowledge}, basic masking {split_by_basic}")

    # Every position is masked in some draws: whole multi-token units really are chosen, not only single words.
    counts = np.zeros(len(words))
    for _ in range(2000):
        counts += knowledge_mask(len(words), spans, rng, rate=0.3)
    assert counts.min() > 0

    # The loss only looks at masked positions: changing logits elsewhere leaves it unchanged, and it equals
    # an explicit loop of -log softmax.
    vocab = 12
    logits, targets = rng.normal(size=(len(words), vocab)), rng.integers(vocab, size=len(words))
    mask = knowledge_mask(len(words), spans, rng, rate=0.3)
    loop = np.mean([np.log(np.exp(logits[t]).sum()) - logits[t, targets[t]] for t in np.flatnonzero(mask)])
    loss = masked_lm_loss(logits, targets, mask)
    other = logits.copy()
    other[~mask] += rng.normal(size=other[~mask].shape)
    assert np.isclose(loss, loop) and np.isclose(masked_lm_loss(other, targets, mask), loss)
    print(f"masked-LM loss on {mask.sum()} masked tokens: {loss:.4f}")
    print("ernie: all checks passed")
