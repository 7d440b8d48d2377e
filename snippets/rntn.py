"""The recursive neural tensor network (Socher et al. 2013): tree composition with a bilinear tensor term.

With c = [left; right] (length 2d), output unit k of the parent is tanh(c^T V[k] c + (W c)_k). The slices
V[k] (2d x 2d) let the two children multiply each other, instead of only being added after a linear map.
"""

from __future__ import annotations

import numpy as np
from _check import numerical_gradient, relative_error

Tree = int | tuple["Tree", "Tree"]  # a leaf is a word index into the embedding matrix


def rntn_compose(left: np.ndarray, right: np.ndarray, V: np.ndarray, W: np.ndarray) -> np.ndarray:
    """Parent vector of two d-dimensional children; V has shape (d, 2d, 2d), W has shape (d, 2d)."""
    children = np.concatenate([left, right])
    return np.tanh(np.einsum("i,kij,j->k", children, V, children) + W @ children)


def rntn_compose_backward(
    left: np.ndarray, right: np.ndarray, V: np.ndarray, W: np.ndarray, grad_parent: np.ndarray
) -> dict[str, np.ndarray]:
    """Gradients of a loss with respect to both children, V and W, given dL/d(parent)."""
    children = np.concatenate([left, right])
    grad_pre = grad_parent * (1.0 - rntn_compose(left, right, V, W) ** 2)
    grad_children = np.einsum("k,kij,j->i", grad_pre, V + V.transpose(0, 2, 1), children) + W.T @ grad_pre
    d = len(left)
    return {
        "left": grad_children[:d],
        "right": grad_children[d:],
        "V": np.einsum("k,i,j->kij", grad_pre, children, children),
        "W": np.outer(grad_pre, children),
    }


def encode_tree(tree: Tree, embeddings: np.ndarray, V: np.ndarray, W: np.ndarray) -> np.ndarray:
    """The vector of a whole parse tree, composed bottom-up with the same V and W at every node."""
    if isinstance(tree, int):
        return embeddings[tree]
    return rntn_compose(*(encode_tree(child, embeddings, V, W) for child in tree), V, W)


if __name__ == "__main__":
    rng = np.random.default_rng(0)
    d = 3
    V, W = 0.3 * rng.normal(size=(d, 2 * d, 2 * d)), rng.normal(size=(d, 2 * d)) / np.sqrt(2 * d)
    left, right = rng.normal(size=d), rng.normal(size=d)

    # Gradients of one composition agree with finite differences.
    readout = rng.normal(size=d)  # loss = readout . parent
    parts = {"left": left, "right": right, "V": V, "W": W}

    def loss(name: str, value: np.ndarray) -> float:
        return float(readout @ rntn_compose(**(parts | {name: value})))

    grads = rntn_compose_backward(left, right, V, W, readout)
    worst = max(
        relative_error(grads[name], numerical_gradient(lambda v, name=name: loss(name, v), value))
        for name, value in parts.items()
    )
    print(f"composition gradients vs finite differences: worst relative error {worst:.1e}")
    assert worst < 1e-6

    # The tensor term's effect: a standard recursive net's pre-activation W [a; b] is a sum of one term per
    # child, so its mixed second difference is zero. The RNTN's is the bilinear cross term a^T (A_k + B_k^T) b,
    # where A_k and B_k are the off-diagonal d x d blocks of slice V[k]: one child rescales how the other counts.
    def pre_activation(a: np.ndarray, b: np.ndarray, tensor: np.ndarray) -> np.ndarray:
        return np.arctanh(rntn_compose(a, b, tensor, W))

    zero = np.zeros(d)
    small_a, small_b = 0.3 * left, 0.3 * right  # keep tanh away from saturation so arctanh is accurate

    def mixed_difference(tensor: np.ndarray) -> np.ndarray:
        return (pre_activation(small_a, small_b, tensor) - pre_activation(small_a, zero, tensor)
                - pre_activation(zero, small_b, tensor) + pre_activation(zero, zero, tensor))

    cross_term = np.einsum("i,kij,j->k", small_a, V[:, :d, d:] + V[:, d:, :d].transpose(0, 2, 1), small_b)
    print("interaction between the children:", np.round(mixed_difference(V), 4), " with V = 0:",
          np.abs(np.round(mixed_difference(np.zeros_like(V)), 4)))
    assert np.allclose(mixed_difference(V), cross_term)
    assert np.allclose(mixed_difference(np.zeros_like(V)), 0.0)

    # With the tensor set to zero the RNTN is the plain recursive composition tanh(W [a; b]).
    assert np.allclose(rntn_compose(left, right, np.zeros_like(V), W), np.tanh(W @ np.concatenate([left, right])))

    # Same V and W at every node: a 5-word tree gives one d-dimensional phrase vector.
    embeddings = 0.5 * rng.normal(size=(5, d))
    sentence = ((0, 1), ((2, 3), 4))
    print("phrase vector of ((w0 w1) ((w2 w3) w4)):", np.round(encode_tree(sentence, embeddings, V, W), 3))
    print("rntn: all checks passed")
