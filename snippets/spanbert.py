"""SpanBERT: mask contiguous spans and predict each masked token from the span's two boundary tokens.

Span lengths follow a geometric distribution Geo(p = 0.2) restricted to 1..10 (renormalised), whose mean is
about 3.8. Spans are drawn until about 15% of the tokens are masked. The span boundary objective (SBO)
predicts token x_i of a span (s, e) from the encoder outputs just outside it and the relative position:
    y_i = f(x_{s-1}, x_{e+1}, p_{i-s+1}),   f = two layers of Linear -> GeLU -> LayerNorm.
"""

from __future__ import annotations

import math

import numpy as np


def span_length_distribution(p: float = 0.2, max_length: int = 10) -> np.ndarray:
    """P(length = 1..max_length) of a geometric distribution renormalised to 1..max_length."""
    lengths = np.arange(1, max_length + 1)
    weights = p * (1 - p) ** (lengths - 1)
    return weights / weights.sum()


def mean_span_length(p: float = 0.2, max_length: int = 10) -> float:
    """Expected span length under span_length_distribution."""
    return float(np.arange(1, max_length + 1) @ span_length_distribution(p, max_length))


def sample_span_mask(length: int, rng: np.random.Generator, budget: float = 0.15, p: float = 0.2,
                     max_length: int = 10) -> tuple[np.ndarray, list[tuple[int, int]]]:
    """Boolean mask of about budget * length tokens made of non-overlapping spans; also the spans (start, end incl.)."""
    probabilities = span_length_distribution(p, max_length)
    mask, spans, target = np.zeros(length, dtype=bool), [], round(budget * length)
    while mask.sum() < target:
        span = min(int(rng.choice(max_length, p=probabilities)) + 1, target - int(mask.sum()))
        start = int(rng.integers(1, length - span))           # keep a boundary token on both sides
        if mask[start - 1: start + span + 1].any():
            continue                                           # spans never touch or overlap
        mask[start: start + span] = True
        spans.append((start, start + span - 1))
    return mask, spans


def gelu(x: np.ndarray) -> np.ndarray:
    """Exact GeLU, x * Phi(x)."""
    return 0.5 * x * (1 + np.vectorize(math.erf)(x / np.sqrt(2)))


def layer_norm(x: np.ndarray, gain: np.ndarray, bias: np.ndarray, eps: float = 1e-12) -> np.ndarray:
    """Layer normalisation over the last axis."""
    mean, var = x.mean(axis=-1, keepdims=True), x.var(axis=-1, keepdims=True)
    return (x - mean) / np.sqrt(var + eps) * gain + bias


def span_boundary_head(left: np.ndarray, right: np.ndarray, position: np.ndarray,
                       params: dict[str, np.ndarray]) -> np.ndarray:
    """SBO representation y_i from the boundary states and the relative-position embedding (each (n, d))."""
    hidden = layer_norm(gelu(np.concatenate([left, right, position], axis=-1) @ params["w1"].T + params["b1"]),
                        params["g1"], params["c1"])
    return layer_norm(gelu(hidden @ params["w2"].T + params["b2"]), params["g2"], params["c2"])


def init_sbo_params(d: int, rng: np.random.Generator) -> dict[str, np.ndarray]:
    """Random weights of the two-layer SBO head (PyTorch layout: y = x W^T + b)."""
    return {"w1": rng.normal(size=(d, 3 * d)) / np.sqrt(3 * d), "b1": rng.normal(scale=0.1, size=d),
            "g1": 1 + rng.normal(scale=0.1, size=d), "c1": rng.normal(scale=0.1, size=d),
            "w2": rng.normal(size=(d, d)) / np.sqrt(d), "b2": rng.normal(scale=0.1, size=d),
            "g2": 1 + rng.normal(scale=0.1, size=d), "c2": rng.normal(scale=0.1, size=d)}


if __name__ == "__main__":
    rng = np.random.default_rng(0)
    probabilities = span_length_distribution()
    mean = mean_span_length()
    print("P(length = 1..10):", np.round(probabilities, 3), f"mean {mean:.3f}")

    # Closed form of the truncated geometric mean: sum_k k p q^(k-1) over 1..n divided by 1 - q^n.
    q, n = 0.8, 10
    closed = 0.2 * (1 - (n + 1) * q**n + n * q ** (n + 1)) / (1 - q) ** 2 / (1 - q**n)
    assert abs(mean - closed) < 1e-12 and abs(mean - 3.8) < 0.01
    # Without the cap the mean would be 1/p = 5; the cap is what brings it down.
    assert abs(mean_span_length(0.2, 400) - 5.0) < 1e-9
    # Sampling agrees with the distribution.
    draws = rng.choice(10, size=200_000, p=probabilities) + 1
    assert abs(draws.mean() - closed) < 0.02 and draws.max() == 10

    # A 15% span mask: contiguous runs equal the recorded spans, which never touch.
    mask, spans = sample_span_mask(200, rng)
    runs = [(int(s), int(e)) for s, e in zip(np.flatnonzero(np.diff(np.r_[0, mask.astype(int)]) == 1),
                                             np.flatnonzero(np.diff(np.r_[mask.astype(int), 0]) == -1))]
    assert sorted(spans) == runs and mask.sum() == 30
    print(f"masked {mask.sum()} of 200 tokens in {len(spans)} spans:", sorted(spans))

    # The SBO head: output depends on the span's relative position, and is layer-normalised.
    d = 8
    params = init_sbo_params(d, rng)
    states, position_table = rng.normal(size=(200, d)), rng.normal(size=(10, d))
    s, e = min(spans)
    inside = np.arange(s, e + 1)
    y = span_boundary_head(np.repeat(states[[s - 1]], len(inside), 0), np.repeat(states[[e + 1]], len(inside), 0),
                           position_table[inside - s], params)
    normalised = (y - params["c2"]) / params["g2"]
    assert np.allclose(normalised.mean(axis=1), 0, atol=1e-9) and np.allclose(normalised.var(axis=1), 1, atol=1e-6)
    assert len(inside) == 1 or not np.allclose(y[0], y[-1])
    print("spanbert: all checks passed")
