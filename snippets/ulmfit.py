"""ULMFiT: fine-tune a pretrained LSTM language model with three tricks that keep it from forgetting.

Slanted triangular learning rates (STLR), over T iterations with cut = floor(T cut_frac):
    p = t / cut                                   if t < cut
    p = 1 - (t - cut) / (cut (1 / cut_frac - 1))  otherwise
    eta_t = eta_max (1 + p (ratio - 1)) / ratio        (cut_frac = 0.1, ratio = 32, eta_max = 0.01)
a short linear warm-up and a long linear decay. Discriminative fine-tuning gives layer l-1 the rate of
layer l divided by 2.6. Gradual unfreezing trains only the top layer in the first epoch and unfreezes one
more layer per epoch. The classifier head reads concat pooling [h_T, max_t h_t, mean_t h_t].
"""

from __future__ import annotations

import math

import numpy as np
from _entry import load

discriminative_learning_rates = load("fine-tuning").discriminative_learning_rates


def slanted_triangular_lr(t: int, total: int, lr_max: float = 0.01, cut_frac: float = 0.1,
                          ratio: float = 32.0) -> float:
    """The STLR learning rate at iteration t of `total` iterations."""
    cut = math.floor(total * cut_frac)
    p = t / cut if t < cut else 1 - (t - cut) / (cut * (1 / cut_frac - 1))
    return lr_max * (1 + p * (ratio - 1)) / ratio


def trainable_layers(epoch: int, n_layers: int) -> list[int]:
    """Gradual unfreezing: the layers (0 = lowest) trained in epoch 0, 1, ...; one more from the top each epoch."""
    return list(range(max(n_layers - 1 - epoch, 0), n_layers))


def concat_pooling(hidden: np.ndarray) -> np.ndarray:
    """The classifier input [h_T, max-pool, mean-pool] of hidden states (T, d); returns (3 d,)."""
    return np.concatenate([hidden[-1], hidden.max(axis=0), hidden.mean(axis=0)])


if __name__ == "__main__":
    total, lr_max, cut_frac, ratio = 1000, 0.01, 0.1, 32.0
    schedule = np.array([slanted_triangular_lr(t, total, lr_max, cut_frac, ratio) for t in range(total + 1)])
    cut = int(total * cut_frac)
    print(f"STLR: start {schedule[0]:.6f}, peak {schedule.max():.4f} at t = {schedule.argmax()}, end {schedule[-1]:.6f}")

    # The paper's piecewise formula is the straight lines through (0, lr/ratio), (cut, lr), (T, lr/ratio).
    reference = np.interp(np.arange(total + 1), [0, cut, total], [lr_max / ratio, lr_max, lr_max / ratio])
    assert np.allclose(schedule, reference, rtol=1e-12)
    assert schedule.argmax() == cut and np.isclose(schedule.max(), lr_max)
    # Warm-up is 9 times steeper than the decay when cut_frac = 0.1.
    rise, fall = schedule[1] - schedule[0], schedule[cut] - schedule[cut + 1]
    assert np.isclose(rise / fall, (1 - cut_frac) / cut_frac)

    # Discriminative rates: each lower layer gets the rate above divided by 2.6.
    rates = discriminative_learning_rates(0.01, 4)
    assert np.allclose(np.array(rates[1:]) / np.array(rates[:-1]), 2.6) and np.isclose(rates[-1], 0.01)
    assert np.isclose(rates[0], 0.01 / 2.6**3)
    print("discriminative rates (bottom to top):", np.round(rates, 6))

    # Gradual unfreezing: epoch 0 trains the top layer only, and after n - 1 epochs every layer trains.
    assert trainable_layers(0, 4) == [3] and trainable_layers(1, 4) == [2, 3] and trainable_layers(5, 4) == [0, 1, 2, 3]
    assert all(len(trainable_layers(e, 4)) == min(e + 1, 4) for e in range(8))

    # Concat pooling: last state, per-feature max and mean.
    rng = np.random.default_rng(0)
    hidden = rng.normal(size=(7, 3))
    pooled = concat_pooling(hidden)
    assert pooled.shape == (9,) and np.array_equal(pooled[:3], hidden[6])
    assert all(pooled[3 + k] == max(hidden[:, k]) and np.isclose(pooled[6 + k], sum(hidden[:, k]) / 7) for k in range(3))
    print("ulmfit: all checks passed")
