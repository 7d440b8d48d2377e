"""T5: every task as text-to-text, pretrained by span corruption.

Span corruption drops about 15% of the tokens in spans of mean length 3. Each dropped span is replaced in
the input by one sentinel token (<extra_id_0>, <extra_id_1>, ...); the target lists each sentinel followed
by the tokens it replaced, and ends with one more sentinel. Input and target together hold the whole text,
so a decoder that learns to produce the target has reconstructed it. T5's layer norm is a root-mean-square
scaling without mean subtraction or bias, also here.
"""

from __future__ import annotations

import numpy as np


def sentinel(k: int) -> str:
    """The k-th sentinel token."""
    return f"<extra_id_{k}>"


def span_corruption(tokens: list[str], spans: list[tuple[int, int]]) -> tuple[list[str], list[str]]:
    """Input and target for non-overlapping, non-adjacent (start, length) spans of positive length."""
    inputs, targets, cursor = [], [], 0
    for k, (start, length) in enumerate(sorted(spans)):
        if start <= cursor and k > 0 or length < 1:
            raise ValueError("spans must have positive length and leave a token between them")
        inputs += tokens[cursor:start] + [sentinel(k)]
        targets += [sentinel(k)] + tokens[start:start + length]
        cursor = start + length
    return inputs + tokens[cursor:], targets + [sentinel(len(spans))]


def reassemble(inputs: list[str], targets: list[str]) -> list[str]:
    """Rebuild the original text: replace each sentinel of the input by what follows it in the target."""
    fill: dict[str, list[str]] = {}
    current = ""
    for token in targets:
        if token.startswith("<extra_id_"):
            current = token
            fill[current] = []
        else:
            fill[current].append(token)
    return [t for token in inputs for t in fill.get(token, [token])]


def random_spans(length: int, rng: np.random.Generator, noise_density: float = 0.15,
                 mean_span_length: float = 3.0) -> list[tuple[int, int]]:
    """T5-style span layout: round(density * length) noise tokens in round(noise / mean) spans, random sizes."""
    num_noise = max(1, round(noise_density * length))
    num_spans = max(1, round(num_noise / mean_span_length))

    def split(total: int) -> np.ndarray:
        cuts = np.sort(rng.choice(np.arange(1, total), size=num_spans - 1, replace=False))
        return np.diff(np.concatenate([[0], cuts, [total]]))

    noise, keep = split(num_noise), split(length - num_noise)   # kept runs precede every noise span
    starts = np.cumsum(keep) + np.concatenate([[0], np.cumsum(noise)[:-1]])
    return [(int(s), int(n)) for s, n in zip(starts, noise)]


def t5_layer_norm(x: np.ndarray, weight: np.ndarray, eps: float = 1e-6) -> np.ndarray:
    """T5's layer norm: x / sqrt(mean(x^2) + eps) * weight, no centring and no bias."""
    return x / np.sqrt(np.mean(x**2, axis=-1, keepdims=True) + eps) * weight


if __name__ == "__main__":
    rng = np.random.default_rng(0)
    text = ["We", "walked", "along", "the", "river", "until", "the", "sun", "went", "down", "."]
    inputs, targets = span_corruption(text, [(2, 2), (7, 1)])
    print("input: ", " ".join(inputs))
    print("target:", " ".join(targets))
    assert inputs == ["We", "walked", "<extra_id_0>", "river", "until", "the", "<extra_id_1>", "went", "down", "."]
    assert targets == ["<extra_id_0>", "along", "the", "<extra_id_1>", "sun", "<extra_id_2>"]
    assert reassemble(inputs, targets) == text

    corpus = [f"w{i}" for i in range(200)]
    for _ in range(100):
        spans = random_spans(len(corpus), rng)
        inputs, targets = span_corruption(corpus, spans)
        assert reassemble(inputs, targets) == corpus
        noise = sum(n for _, n in spans)
        assert noise == 30 and len(spans) == 10                      # 15% noise, mean span length 3
        assert len(inputs) == 200 - noise + len(spans) and len(targets) == noise + len(spans) + 1
    print(f"200 tokens -> input {len(inputs)} tokens, target {len(targets)} tokens")

    # RMS layer norm: unit root-mean-square output with unit weights, invariant to rescaling the input,
    # and, unlike ordinary layer norm, not invariant to shifting it.
    x = rng.normal(size=(4, 16)) + 2.0
    y = t5_layer_norm(x, np.ones(16))
    assert np.allclose(np.sqrt(np.mean(y**2, axis=-1)), 1.0, atol=1e-5)
    assert np.allclose(t5_layer_norm(7.0 * x, np.ones(16)), y, atol=1e-6)
    assert not np.allclose(t5_layer_norm(x + 1.0, np.ones(16)), y, atol=1e-3)
    print("t5: all checks passed")
