"""Noise-contrastive estimation (NCE) from scratch: fit an unnormalised model by telling data from noise.

For every observed word, k noise words are drawn from a known distribution q. A logistic classifier whose
logit is Delta(w) = s(w) - log(k q(w)), with s(w) the model's unnormalised log-probability, learns to say which
is which. The best classifier has exp(s(w)) = p_data(w): the model ends up normalised although no sum over
the vocabulary is ever computed.
"""

from __future__ import annotations

import numpy as np
from _check import numerical_gradient, relative_error


def _log_sigmoid(z: np.ndarray) -> np.ndarray:
    """log sigmoid(z) = -log(1 + exp(-z)), without overflow."""
    return -np.logaddexp(0.0, -z)


def data_posterior(model_log_score: np.ndarray, noise_log_prob: np.ndarray, num_noise: int) -> np.ndarray:
    """P(word came from the data | word) = sigmoid(s(w) - log(k q(w))) = p_model / (p_model + k q)."""
    return np.exp(_log_sigmoid(model_log_score - noise_log_prob - np.log(num_noise)))


def nce_loss(
    score_data: np.ndarray, log_noise_data: np.ndarray, score_noise: np.ndarray, log_noise_noise: np.ndarray
) -> float:
    """Mean NCE loss: -log P(data | w) - sum_j log P(noise | w~_j) per observed word w.

    score_data, log_noise_data: model log-score s and noise log-probability log q of the N observed words (N,).
    score_noise, log_noise_noise: the same for the k noise words drawn for each observation (N, k).
    """
    log_k = np.log(score_noise.shape[1])
    delta_data = score_data - log_noise_data - log_k
    delta_noise = score_noise - log_noise_noise - log_k
    return float(np.mean(-_log_sigmoid(delta_data) - np.sum(_log_sigmoid(-delta_noise), axis=1)))


def nce_gradients(
    score_data: np.ndarray, log_noise_data: np.ndarray, score_noise: np.ndarray, log_noise_noise: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Gradients of nce_loss with respect to score_data and score_noise."""
    count, num_noise = score_noise.shape
    posterior_data = data_posterior(score_data, log_noise_data, num_noise)
    posterior_noise = data_posterior(score_noise, log_noise_noise, num_noise)
    return (posterior_data - 1.0) / count, posterior_noise / count


if __name__ == "__main__":
    rng = np.random.default_rng(0)

    # The gradient agrees with finite differences.
    score_data, score_noise = rng.normal(size=6), rng.normal(size=(6, 3))
    log_q_data, log_q_noise = np.log(rng.uniform(0.05, 0.3, size=6)), np.log(rng.uniform(0.05, 0.3, size=(6, 3)))
    grad_data, grad_noise = nce_gradients(score_data, log_q_data, score_noise, log_q_noise)
    numeric_data = numerical_gradient(lambda s: nce_loss(s, log_q_data, score_noise, log_q_noise), score_data)
    numeric_noise = numerical_gradient(lambda s: nce_loss(score_data, log_q_data, s, log_q_noise), score_noise)
    error = max(relative_error(grad_data, numeric_data), relative_error(grad_noise, numeric_noise))
    print(f"gradient vs finite differences: relative error {error:.1e}")
    assert error < 1e-6

    # Toy problem: a known distribution over 8 words, uniform noise, k = 5 noise words per observed word.
    vocabulary, num_noise, batch = 8, 5, 256
    true_probs = rng.dirichlet(np.ones(vocabulary))
    log_noise_probs = np.log(np.full(vocabulary, 1.0 / vocabulary))

    # The model: one free log-score per word and no normaliser; exp(0) = 1 per word sums to 8, not 1.
    # Stochastic gradient descent on fresh samples, averaging the iterates of the last 1000 steps.
    scores, averaged = np.zeros(vocabulary), np.zeros(vocabulary)
    steps, burn_in = 1500, 500
    for step in range(steps):
        data_words = rng.choice(vocabulary, size=batch, p=true_probs)
        noise_words = rng.integers(0, vocabulary, size=(batch, num_noise))
        grad_data, grad_noise = nce_gradients(
            scores[data_words], log_noise_probs[data_words], scores[noise_words], log_noise_probs[noise_words]
        )
        scores -= 2.0 * (
            np.bincount(data_words, grad_data, vocabulary)
            + np.bincount(noise_words.ravel(), grad_noise.ravel(), vocabulary)
        )
        if step >= burn_in:
            averaged += scores / (steps - burn_in)

    learned = np.exp(averaged)
    print("true probabilities:", np.round(true_probs, 3))
    print("NCE exp(score)    :", np.round(learned, 3), f" sum = {learned.sum():.4f}")
    assert np.max(np.abs(learned - true_probs)) < 0.01
    assert abs(learned.sum() - 1.0) < 0.01  # self-normalised, though no sum over words entered training
    print("nce: all checks passed")
