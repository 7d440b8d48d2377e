"""Negative sampling: replace the softmax over the vocabulary by k+1 binary logistic decisions.

For a true (centre, context) pair the loss is -log sigmoid(u_o . v_c) - sum_k log sigmoid(-u_k . v_c), where the
k "negative" words are drawn from the unigram distribution raised to the power 3/4. Its optimum is known in
closed form (Levy & Goldberg, 2014): u_o . v_c = PMI(word, context) - log k.
"""

from __future__ import annotations

import numpy as np
from _check import numerical_gradient, relative_error
from _generative_embeddings import log_sigmoid, sigmoid


def noise_distribution(counts: np.ndarray, power: float = 0.75) -> np.ndarray:
    """P_n(w) proportional to count(w)^power: flatter than the unigram distribution, so rare words are drawn more."""
    weights = np.asarray(counts, dtype=np.float64) ** power
    return weights / weights.sum()


def negative_sampling_loss_and_grads(v_centre: np.ndarray, u_context: np.ndarray,
                                     u_negative: np.ndarray) -> tuple[float, np.ndarray, np.ndarray, np.ndarray]:
    """Mean loss over a batch v_centre (n, d), u_context (n, d), u_negative (n, k, d), and its three gradients."""
    positive = np.sum(v_centre * u_context, axis=1)
    negative = np.einsum("nd,nkd->nk", v_centre, u_negative)
    n = len(v_centre)
    loss = float(-(log_sigmoid(positive).sum() + log_sigmoid(-negative).sum()) / n)
    g_pos = (sigmoid(positive) - 1.0) / n  # d loss / d positive score
    g_neg = sigmoid(negative) / n  # d loss / d each negative score
    grad_centre = g_pos[:, None] * u_context + np.einsum("nk,nkd->nd", g_neg, u_negative)
    return loss, grad_centre, g_pos[:, None] * v_centre, g_neg[:, :, None] * v_centre[:, None, :]


def noise_versus_unigram() -> dict[str, tuple[np.ndarray, np.ndarray]]:
    """The unigram distribution of six words and the noise distribution unigram^0.75 that negatives come from."""
    counts = np.array([1000, 300, 100, 30, 10, 1])
    rank = np.arange(1.0, 7.0)
    return {"unigram": (rank, counts / counts.sum()), "unigram^0.75": (rank, noise_distribution(counts)),
            "unigram^0 (uniform)": (rank, noise_distribution(counts, 0.0))}


if __name__ == "__main__":
    rng = np.random.default_rng(0)

    # The analytic gradients agree with central finite differences.
    v, u, u_neg = rng.normal(size=(4, 3)), rng.normal(size=(4, 3)), rng.normal(size=(4, 5, 3))
    _, g_v, g_u, g_neg = negative_sampling_loss_and_grads(v, u, u_neg)
    errors = [relative_error(g_v, numerical_gradient(lambda x: negative_sampling_loss_and_grads(x, u, u_neg)[0], v)),
              relative_error(g_u, numerical_gradient(lambda x: negative_sampling_loss_and_grads(v, x, u_neg)[0], u)),
              relative_error(g_neg, numerical_gradient(lambda x: negative_sampling_loss_and_grads(v, u, x)[0], u_neg))]
    print(f"gradient vs finite differences: worst relative error {max(errors):.1e}")
    assert max(errors) < 1e-6

    # The 3/4 power flattens the unigram distribution; sampled negatives follow it.
    counts = np.array([1000, 300, 100, 30, 10, 1])
    unigram, noise = counts / counts.sum(), noise_distribution(counts)
    print("unigram:", unigram.round(4), "\nnoise  :", noise.round(4))
    assert noise[0] < unigram[0] and noise[-1] > unigram[-1]
    assert np.isclose(noise[0] / noise[-1], 1000**0.75)
    draws = rng.choice(len(counts), size=200_000, p=noise)
    assert np.abs(np.bincount(draws, minlength=len(counts)) / 200_000 - noise).max() < 5e-3

    # The optimum: with pair count n_wc, word count n_w and k negatives per pair, minimising
    # n_wc * loss(positive) + k * n_w * P_n(c) * loss(negative) over the score x = u . v gives PMI - log k.
    n_wc, n_w, p_c, k = 30.0, 200.0, 0.05, 5
    # Using 1-d vectors v = x, u = 1, each call isolates one term (a zero vector adds nothing to the gradient).
    u_one = np.ones((1, 1))
    x = np.zeros((1, 1))
    for _ in range(300):
        _, grad_positive, _, _ = negative_sampling_loss_and_grads(x, u_one, np.zeros((1, 1, 1)))
        _, grad_negative, _, _ = negative_sampling_loss_and_grads(x, np.zeros((1, 1)), u_one[:, None, :])
        x -= 0.01 * (n_wc * grad_positive + k * n_w * p_c * grad_negative)
    shifted_pmi = np.log(n_wc / (n_w * p_c)) - np.log(k)
    print(f"optimal score found {x[0, 0]:.6f}; closed form PMI - log k = {shifted_pmi:.6f}")
    assert abs(x[0, 0] - shifted_pmi) < 1e-6
    print("negative sampling: all checks passed")
