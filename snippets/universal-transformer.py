"""Universal Transformer (Dehghani et al. 2019): one Transformer block applied recurrently over depth.

Every step t adds a coordinate embedding (the sinusoid of the position plus the sinusoid of t) and applies
the same self-attention + transition block:  H^t = Block(H^{t-1} + P^t).  With adaptive computation time
(ACT, Graves 2016) each position emits a halting probability p_t per step and stops at the first step N
where the running sum reaches 1 - eps; its output is sum_t w_t H^t with w_t = p_t for t < N and the
remainder w_N = 1 - sum_{t<N} p_t, so the weights of every position sum to 1.
"""

from __future__ import annotations

import numpy as np
from _entry import load

transformer = load("transformer")
positional = load("positional-encoding")


def coordinate_embedding(n: int, d: int, step: int) -> np.ndarray:
    """P^t: the sinusoidal code of each position plus the sinusoidal code of the recurrence step t."""
    table = positional.sinusoidal_positional_encoding(max(n, step + 1), d)
    return table[:n] + table[step]


def universal_transformer_encoder(
    x: np.ndarray, params: dict[str, np.ndarray], num_steps: int, num_heads: int, first_step: int = 1
) -> np.ndarray:
    """Apply the one shared block num_steps times (steps first_step, first_step + 1, ...), adding P^t each time."""
    h = x
    for step in range(first_step, first_step + num_steps):
        h = transformer.transformer_encoder_layer(h + coordinate_embedding(len(h), h.shape[1], step), params, num_heads)
    return h


def act_weights(halting_probs: np.ndarray, eps: float = 0.01) -> np.ndarray:
    """ACT weights (steps, n) from halting probabilities (steps, n): p_t before the halting step, the remainder at it."""
    cumulative = np.cumsum(halting_probs, axis=0)
    before = cumulative - halting_probs  # sum of the probabilities of earlier steps
    running = before < 1.0 - eps  # steps that are actually computed
    halts_here = running & ((cumulative >= 1.0 - eps) | (np.arange(len(halting_probs))[:, None] == len(halting_probs) - 1))
    return np.where(halts_here, 1.0 - before, np.where(running, halting_probs, 0.0))


def universal_transformer_act(
    x: np.ndarray, params: dict[str, np.ndarray], halting_w: np.ndarray, halting_b: float, max_steps: int, num_heads: int
) -> tuple[np.ndarray, np.ndarray]:
    """UT with ACT: returns the ACT-weighted output (n, d) and the weights (max_steps, n)."""
    h, states, probs = x, [], []
    for step in range(1, max_steps + 1):
        h = transformer.transformer_encoder_layer(h + coordinate_embedding(len(h), h.shape[1], step), params, num_heads)
        states.append(h)
        probs.append(1.0 / (1.0 + np.exp(-(h @ halting_w + halting_b))))
    weights = act_weights(np.array(probs))
    return np.einsum("tn,tnd->nd", weights, np.array(states)), weights


if __name__ == "__main__":
    rng = np.random.default_rng(0)
    n, d, d_ff, heads, steps = 5, 8, 16, 2, 4
    block = transformer.init_encoder_params(d, d_ff, rng)
    x = rng.normal(size=(n, d))
    out = universal_transformer_encoder(x, block, steps, heads)

    # Recurrence over depth = an ordinary 4-layer Transformer whose layers all hold copies of one block's weights.
    stack = [{name: value.copy() for name, value in block.items()} for _ in range(steps)]
    h = x
    for t, layer in enumerate(stack, start=1):
        h = transformer.transformer_encoder_layer(h + coordinate_embedding(n, d, t), layer, heads)
    assert np.allclose(out, h)
    # Being a recurrence, 4 steps = 1 step followed by 3 more, and depth costs no parameters ...
    assert np.allclose(universal_transformer_encoder(universal_transformer_encoder(x, block, 1, heads), block, 3, heads, first_step=2), out)
    # ... whereas untied layers (fresh weights per layer) compute something else.
    untied = x
    for t in range(1, steps + 1):
        layer = transformer.init_encoder_params(d, d_ff, rng)  # fresh weights for every step: untied
        untied = transformer.transformer_encoder_layer(untied + coordinate_embedding(n, d, t), layer, heads)
    assert not np.allclose(untied, out)
    print(f"{steps} recurrent steps share {sum(p.size for p in block.values())} parameters")

    # ACT: for any halting probabilities the weights of every position sum to 1, and the halting step is the
    # first one whose running sum reaches 1 - eps (found here by a plain loop).
    probs = rng.uniform(0.05, 0.6, size=(6, 40))
    weights = act_weights(probs)
    assert np.allclose(weights.sum(axis=0), 1.0) and np.all(weights >= 0)
    for position in range(probs.shape[1]):
        total, halt = 0.0, len(probs) - 1
        for t, p in enumerate(probs[:, position]):
            total += p
            if total >= 0.99:
                halt = t
                break
        assert np.all(weights[halt + 1 :, position] == 0) and weights[halt, position] > 0
        assert np.allclose(weights[:halt, position], probs[:halt, position])
    # A confident first step (p >= 1 - eps) halts at once with weight 1.
    assert np.allclose(act_weights(np.array([[0.995], [0.5]]))[:, 0], [1.0, 0.0])

    output, used = universal_transformer_act(x, block, rng.normal(size=d), 1.0, 6, heads)
    assert np.allclose(used.sum(axis=0), 1.0) and output.shape == x.shape
    print("steps used per position:", (used > 0).sum(axis=0))
    print("universal-transformer: all checks passed")
