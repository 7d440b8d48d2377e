"""GloVe: fit word vectors so that their dot products reproduce log co-occurrence counts.

First count, over the whole corpus, how often word j appears near word i (weighted by 1/distance). Then
minimise the weighted least squares  sum_ij f(X_ij) (w_i . w~_j + b_i + b~_j - log X_ij)^2  over the non-zero
counts, with f capping the influence of frequent pairs. Training uses AdaGrad as in the original paper.
"""

from __future__ import annotations

import numpy as np
from _check import numerical_gradient, relative_error
from _generative_embeddings import nouns_pair_up, planted_corpus

Params = dict[str, np.ndarray]


def cooccurrence_matrix(sentences: list[list[int]], vocab_size: int, window: int) -> np.ndarray:
    """X[i, j] = sum over occurrences of j within `window` words of i of 1 / distance (symmetric)."""
    X = np.zeros((vocab_size, vocab_size))
    for sentence in sentences:
        for i, word in enumerate(sentence):
            for distance in range(1, window + 1):
                if i + distance < len(sentence):
                    X[word, sentence[i + distance]] += 1.0 / distance
                    X[sentence[i + distance], word] += 1.0 / distance
    return X


def glove_weight(x: np.ndarray, x_max: float = 100.0, alpha: float = 0.75) -> np.ndarray:
    """f(x) = (x / x_max)^alpha below x_max and 1 above: rare pairs count less, frequent pairs are capped."""
    return np.minimum((np.asarray(x, dtype=np.float64) / x_max) ** alpha, 1.0)


def glove_loss_and_grads(params: Params, X: np.ndarray, x_max: float = 100.0) -> tuple[float, Params]:
    """J = sum over non-zero X_ij of f(X_ij) * (w_i . w~_j + b_i + b~_j - log X_ij)^2, and its gradients."""
    i, j = np.nonzero(X)
    weights = glove_weight(X[i, j], x_max)
    residual = (np.sum(params["W"][i] * params["W_ctx"][j], axis=1) + params["b"][i] + params["b_ctx"][j]
                - np.log(X[i, j]))
    loss = float(np.sum(weights * residual**2))
    g = 2.0 * weights * residual
    grads = {name: np.zeros_like(value) for name, value in params.items()}
    np.add.at(grads["W"], i, g[:, None] * params["W_ctx"][j])
    np.add.at(grads["W_ctx"], j, g[:, None] * params["W"][i])
    np.add.at(grads["b"], i, g)
    np.add.at(grads["b_ctx"], j, g)
    return loss, grads


def train_glove(X: np.ndarray, dim: int, steps: int, learning_rate: float, rng: np.random.Generator,
                x_max: float = 100.0) -> tuple[np.ndarray, list[float]]:
    """Full-batch AdaGrad; returns the word vectors W + W~ (as the paper recommends) and the loss curve."""
    V = len(X)
    params = {"W": rng.uniform(-0.5, 0.5, (V, dim)) / dim, "W_ctx": rng.uniform(-0.5, 0.5, (V, dim)) / dim,
              "b": np.zeros(V), "b_ctx": np.zeros(V)}
    squared_sums = {name: np.ones_like(value) for name, value in params.items()}
    losses = []
    for _ in range(steps):
        loss, grads = glove_loss_and_grads(params, X, x_max)
        losses.append(loss)
        for name in params:
            squared_sums[name] += grads[name] ** 2
            params[name] -= learning_rate * grads[name] / np.sqrt(squared_sums[name])
    return params["W"] + params["W_ctx"], losses


if __name__ == "__main__":
    rng = np.random.default_rng(0)

    # The weighting function: zero at zero, non-decreasing, capped at one from x_max on.
    grid = np.linspace(0.0, 300.0, 3001)
    assert glove_weight(0.0) == 0.0 and np.all(np.diff(glove_weight(grid)) >= 0.0)
    assert np.all(glove_weight(grid[grid >= 100.0]) == 1.0)
    assert np.isclose(glove_weight(100.0 / 16), 1.0 / 8)  # (1/16)^(3/4) = 1/8

    sentences, vocabulary = planted_corpus(1000, rng)
    X = cooccurrence_matrix(sentences, len(vocabulary), window=2)

    # The analytic gradients agree with central finite differences.
    params = {"W": rng.normal(size=(len(X), 3)), "W_ctx": rng.normal(size=(len(X), 3)),
              "b": rng.normal(size=len(X)), "b_ctx": rng.normal(size=len(X))}
    _, grads = glove_loss_and_grads(params, X)
    worst = max(relative_error(grads[name], numerical_gradient(
        lambda value, name=name: glove_loss_and_grads({**params, name: value}, X)[0], params[name]))
        for name in params)
    print(f"gradient vs finite differences: worst relative error {worst:.1e}")
    assert worst < 1e-6

    vectors, losses = train_glove(X, dim=4, steps=500, learning_rate=0.3, rng=rng)
    same_topic, cross_topic = nouns_pair_up(vectors, vocabulary)
    print(f"{np.count_nonzero(X)} non-zero co-occurrence counts; weighted loss {losses[0]:.2f} -> {losses[-1]:.4f}")
    print(f"cosine of nouns sharing contexts >= {same_topic:.2f}; of nouns from different topics <= {cross_topic:.2f}")
    assert losses[-1] < 0.05 * losses[0]
    assert same_topic > cross_topic + 0.3
    print("glove: all checks passed")
