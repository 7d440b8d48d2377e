"""RoBERTa's dynamic masking (Liu et al. 2019) against BERT's static masking.

BERT masked its data once, in preprocessing; to see more than one mask per sentence it duplicated the data
dupe_factor = 10 times with different masks, so in 40 epochs every mask is seen 4 times. RoBERTa draws a
fresh mask every time a sequence is fed to the model. Both use BERT's 15% / 80-10-10 corruption.
"""

from __future__ import annotations

import numpy as np
from _entry import load

mlm = load("masked-language-modeling")


def static_mask(tokens: np.ndarray, epoch: int, mask_id: int, vocab_size: int, dupe_factor: int = 10,
                seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """BERT: the masks were fixed in preprocessing; epoch e sees copy e mod dupe_factor of the data."""
    return mlm.bert_mask(tokens, np.random.default_rng([seed, epoch % dupe_factor]), mask_id, vocab_size)


def dynamic_mask(tokens: np.ndarray, epoch: int, mask_id: int, vocab_size: int, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """RoBERTa: a new mask is drawn each time the sequence is fed, i.e. every epoch."""
    return mlm.bert_mask(tokens, np.random.default_rng([seed, 1_000_003, epoch]), mask_id, vocab_size)


def distinct(masks: list[np.ndarray]) -> int:
    """How many different masks a list of label arrays contains."""
    return len({m.tobytes() for m in masks})


def ever_selected_fraction(labels_per_epoch: list[np.ndarray]) -> float:
    """Fraction of positions that were a prediction target in at least one epoch."""
    return float(np.mean(np.any([labels != mlm.IGNORE for labels in labels_per_epoch], axis=0)))


if __name__ == "__main__":
    rng = np.random.default_rng(0)
    vocab, mask_id = 500, 499
    sentence = rng.integers(mask_id, size=2000)
    epochs = 40

    static = [static_mask(sentence, e, mask_id, vocab)[1] for e in range(epochs)]
    single = [static_mask(sentence, e, mask_id, vocab, dupe_factor=1)[1] for e in range(epochs)]
    dynamic = [dynamic_mask(sentence, e, mask_id, vocab)[1] for e in range(epochs)]

    # Two epochs: dynamic masking draws different masks, static masking (one copy) draws the same one.
    assert not np.array_equal(dynamic[0], dynamic[1])
    assert np.array_equal(single[0], single[1]) and all(np.array_equal(s, single[0]) for s in single)
    # BERT's 10 copies: the mask of epoch e returns at e + 10, and 40 epochs show only 10 distinct masks.
    assert np.array_equal(static[3], static[13]) and not np.array_equal(static[3], static[4])
    assert distinct(static) == 10 and distinct(dynamic) == epochs and distinct(single) == 1

    # Coverage: with independent 15% draws, a position has been a target after E epochs with
    # probability 1 - 0.85^E. Dynamic masking follows this; static masking stops growing after its copies.
    for e in (1, 5, 20):
        assert abs(ever_selected_fraction(dynamic[:e]) - (1 - 0.85**e)) < 0.03
    assert abs(ever_selected_fraction(static) - (1 - 0.85**10)) < 0.03
    assert abs(ever_selected_fraction(single) - 0.15) < 0.03
    print(f"positions ever predicted in {epochs} epochs: dynamic {ever_selected_fraction(dynamic):.3f}, "
          f"static x10 {ever_selected_fraction(static):.3f}, static x1 {ever_selected_fraction(single):.3f}")
    print("roberta: all checks passed")
