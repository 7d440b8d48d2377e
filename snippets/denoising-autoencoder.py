"""A denoising autoencoder: corrupt the input, train the network to output the CLEAN input.

Binary data are noisy copies of a few prototypes. Masking noise zeroes 30% of the input bits; the network
(sigmoid hidden layer, sigmoid output, cross-entropy loss against the clean bits) must infer the missing bits
from the ones it still sees, which it can only do by learning the data's structure.
"""

from __future__ import annotations

import numpy as np
from _check import numerical_gradient, relative_error
from _generative_embeddings import noisy_patterns, sigmoid

Params = dict[str, np.ndarray]


def mask_inputs(X: np.ndarray, drop_probability: float, rng: np.random.Generator) -> np.ndarray:
    """Masking noise: each input is set to 0 independently with `drop_probability`."""
    return X * (rng.random(X.shape) >= drop_probability)


def reconstruct(params: Params, inputs: np.ndarray) -> np.ndarray:
    """Encode with a sigmoid hidden layer and decode with sigmoid outputs (probabilities of each bit being 1)."""
    hidden = sigmoid(inputs @ params["W_enc"] + params["b_enc"])
    return sigmoid(hidden @ params["W_dec"] + params["b_dec"])


def denoising_loss_and_grads(params: Params, corrupted: np.ndarray, clean: np.ndarray) -> tuple[float, Params]:
    """Mean cross-entropy between the reconstruction of `corrupted` and the `clean` bits, with gradients."""
    n = clean.shape[0]
    hidden = sigmoid(corrupted @ params["W_enc"] + params["b_enc"])
    logits = hidden @ params["W_dec"] + params["b_dec"]
    loss = float(np.sum(np.logaddexp(0.0, logits) - clean * logits) / n)
    grad_logits = (sigmoid(logits) - clean) / n
    grad_hidden = grad_logits @ params["W_dec"].T * hidden * (1.0 - hidden)
    grads = {
        "W_dec": hidden.T @ grad_logits, "b_dec": grad_logits.sum(axis=0),
        "W_enc": corrupted.T @ grad_hidden, "b_enc": grad_hidden.sum(axis=0),
    }
    return loss, grads


def train_denoising_autoencoder(X: np.ndarray, n_hidden: int, drop_probability: float, steps: int,
                                learning_rate: float, rng: np.random.Generator) -> Params:
    """Full-batch gradient descent, corrupting X afresh at every step (drop_probability=0: a plain autoencoder)."""
    d = X.shape[1]
    params = {"W_enc": 0.1 * rng.normal(size=(d, n_hidden)), "b_enc": np.zeros(n_hidden),
              "W_dec": 0.1 * rng.normal(size=(n_hidden, d)), "b_dec": np.zeros(d)}
    for _ in range(steps):
        _, grads = denoising_loss_and_grads(params, mask_inputs(X, drop_probability, rng), X)
        for name in params:
            params[name] -= learning_rate * grads[name]
    return params


if __name__ == "__main__":
    rng = np.random.default_rng(0)
    prototypes = (rng.random((4, 16)) < 0.5).astype(np.float64)
    train = noisy_patterns(prototypes, 200, flip_probability=0.02, rng=rng)
    test = noisy_patterns(prototypes, 400, flip_probability=0.02, rng=rng)
    drop = 0.3

    # The backpropagated gradients agree with central finite differences.
    params = {"W_enc": rng.normal(size=(16, 6)), "b_enc": rng.normal(size=6),
              "W_dec": rng.normal(size=(6, 16)), "b_dec": rng.normal(size=16)}
    corrupted = mask_inputs(train[:20], drop, rng)
    _, grads = denoising_loss_and_grads(params, corrupted, train[:20])
    worst = max(relative_error(grads[name], numerical_gradient(
        lambda value, name=name: denoising_loss_and_grads({**params, name: value}, corrupted, train[:20])[0],
        params[name])) for name in params)
    print(f"gradient vs finite differences: worst relative error {worst:.1e}")
    assert worst < 1e-6

    # Overcomplete (32 hidden units > 16 inputs): only the corruption stops it from learning the identity.
    denoiser = train_denoising_autoencoder(train, 32, drop, steps=600, learning_rate=2.0, rng=rng)
    plain = train_denoising_autoencoder(train, 32, 0.0, steps=600, learning_rate=2.0, rng=rng)
    corrupted_test = mask_inputs(test, drop, rng)
    error_identity = np.mean((corrupted_test - test) ** 2)
    error_denoiser = np.mean((reconstruct(denoiser, corrupted_test) - test) ** 2)
    error_plain = np.mean((reconstruct(plain, corrupted_test) - test) ** 2)
    print("mean squared error against the clean test bits, given masked inputs:")
    print(f"  identity map {error_identity:.4f}   plain autoencoder {error_plain:.4f}   "
          f"denoising autoencoder {error_denoiser:.4f}")
    assert error_denoiser < 0.25 * error_identity
    assert error_denoiser < 0.5 * error_plain
    print("denoising autoencoder: all checks passed")
