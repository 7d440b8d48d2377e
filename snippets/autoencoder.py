"""A linear autoencoder trained by gradient descent reaches the PCA reconstruction error.

The encoder squeezes d inputs through a k-unit bottleneck, the decoder maps them back, and training
minimises the squared reconstruction error. With linear layers the best possible error is known in
closed form (Baldi & Hornik, 1989): the sum of the d - k smallest eigenvalues of the data covariance,
reached when the decoder spans the top-k principal subspace.
"""

from __future__ import annotations

import numpy as np
from _check import numerical_gradient, relative_error


def reconstruction_loss_and_grads(X: np.ndarray, encoder: np.ndarray,
                                  decoder: np.ndarray) -> tuple[float, np.ndarray, np.ndarray]:
    """Mean over rows of ||x - decoder @ encoder @ x||^2, and its gradients for encoder (k, d) and decoder (d, k)."""
    codes = X @ encoder.T
    residual = codes @ decoder.T - X
    n = X.shape[0]
    loss = float(np.sum(residual**2) / n)
    grad_decoder = 2.0 / n * residual.T @ codes
    grad_encoder = 2.0 / n * decoder.T @ residual.T @ X
    return loss, grad_encoder, grad_decoder


def train_linear_autoencoder(X: np.ndarray, bottleneck: int, steps: int, learning_rate: float,
                             rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """Full-batch gradient descent on the reconstruction loss from a small random start; returns (encoder, decoder)."""
    d = X.shape[1]
    encoder = 0.1 * rng.normal(size=(bottleneck, d))
    decoder = 0.1 * rng.normal(size=(d, bottleneck))
    for _ in range(steps):
        _, grad_encoder, grad_decoder = reconstruction_loss_and_grads(X, encoder, decoder)
        encoder -= learning_rate * grad_encoder
        decoder -= learning_rate * grad_decoder
    return encoder, decoder


def pca_reconstruction_error(X: np.ndarray, bottleneck: int) -> float:
    """The optimum in closed form: the sum of the smallest d - k eigenvalues of the covariance of centred X."""
    eigenvalues = np.linalg.eigvalsh(X.T @ X / X.shape[0])  # ascending
    return float(np.sum(eigenvalues[: X.shape[1] - bottleneck]))


if __name__ == "__main__":
    rng = np.random.default_rng(0)
    d, k, n = 5, 2, 400
    axes = np.linalg.qr(rng.normal(size=(d, d)))[0]
    X = rng.normal(size=(n, d)) * np.sqrt([4.0, 2.5, 0.5, 0.3, 0.1]) @ axes.T
    X -= X.mean(axis=0)

    # The analytic gradients agree with central finite differences.
    encoder, decoder = rng.normal(size=(k, d)), rng.normal(size=(d, k))
    _, grad_encoder, grad_decoder = reconstruction_loss_and_grads(X, encoder, decoder)
    error_e = relative_error(grad_encoder, numerical_gradient(
        lambda e: reconstruction_loss_and_grads(X, e, decoder)[0], encoder))
    error_d = relative_error(grad_decoder, numerical_gradient(
        lambda w: reconstruction_loss_and_grads(X, encoder, w)[0], decoder))
    print(f"gradient vs finite differences: encoder {error_e:.1e}, decoder {error_d:.1e}")
    assert error_e < 1e-6 and error_d < 1e-6

    # Gradient descent reaches the closed-form PCA optimum ...
    encoder, decoder = train_linear_autoencoder(X, k, steps=3000, learning_rate=0.05, rng=rng)
    trained = reconstruction_loss_and_grads(X, encoder, decoder)[0]
    optimum = pca_reconstruction_error(X, k)
    zero_output_error = float(np.sum(X**2) / n)
    print(f"reconstruction error: trained {trained:.6f}, PCA optimum {optimum:.6f}, "
          f"all-zero output {zero_output_error:.3f}")
    assert abs(trained - optimum) < 1e-6 * optimum

    # ... and its decoder spans the top-k principal subspace (equal orthogonal projectors).
    top_components = np.linalg.eigh(X.T @ X)[1][:, -k:]
    decoder_basis = np.linalg.qr(decoder)[0]
    gap = np.abs(decoder_basis @ decoder_basis.T - top_components @ top_components.T).max()
    print(f"decoder subspace vs top-{k} principal subspace: max projector gap {gap:.1e}")
    assert gap < 1e-5
    print("autoencoder: all checks passed")
