"""A recursive neural network: one composition function applied at every node of a binary parse tree.

parent = tanh(W [left; right] + b), with the same W and b at every node, turns a tree of word vectors into one
vector of the same size. Gradients flow back down the tree (backpropagation through structure).
"""

from __future__ import annotations

import numpy as np
from _check import numerical_gradient, relative_error
from _rnn import tanh_rnn

Tree = int | tuple["Tree", "Tree"]  # a leaf is a word index into the embedding matrix


def compose(left: np.ndarray, right: np.ndarray, W: np.ndarray, b: np.ndarray) -> np.ndarray:
    """The parent vector of two children: tanh(W [left; right] + b)."""
    return np.tanh(W @ np.concatenate([left, right]) + b)


def encode_tree(tree: Tree, embeddings: np.ndarray, W: np.ndarray, b: np.ndarray) -> np.ndarray:
    """The vector of a whole tree, built bottom-up with the same weights at every internal node."""
    if isinstance(tree, int):
        return embeddings[tree]
    left, right = tree
    return compose(encode_tree(left, embeddings, W, b), encode_tree(right, embeddings, W, b), W, b)


def tree_backward(
    tree: Tree, embeddings: np.ndarray, W: np.ndarray, b: np.ndarray, grad_root: np.ndarray
) -> dict[str, np.ndarray]:
    """Gradients of a loss with respect to W, b and the word vectors, given dL/d(root vector)."""
    grads = {"W": np.zeros_like(W), "b": np.zeros_like(b), "embeddings": np.zeros_like(embeddings)}
    size = embeddings.shape[1]

    def visit(node: Tree, grad: np.ndarray) -> None:
        if isinstance(node, int):
            grads["embeddings"][node] += grad
            return
        children = np.concatenate([encode_tree(child, embeddings, W, b) for child in node])
        grad_pre = grad * (1.0 - compose(children[:size], children[size:], W, b) ** 2)
        grads["W"] += np.outer(grad_pre, children)  # shared weights: every node adds its share
        grads["b"] += grad_pre
        grad_children = W.T @ grad_pre
        visit(node[0], grad_children[:size])
        visit(node[1], grad_children[size:])

    visit(tree, grad_root)
    return grads


if __name__ == "__main__":
    rng = np.random.default_rng(0)
    words = ["old", "men", "and", "women", "sing"]
    d = 4
    embeddings = rng.normal(size=(len(words), d))
    W, b = rng.normal(size=(d, 2 * d)) / np.sqrt(2 * d), 0.1 * rng.normal(size=d)

    # Structure matters: the same words under two bracketings get different meanings.
    only_men_old = ((0, 1), (2, 3))  # (old men) (and women)
    all_old = (0, (1, (2, 3)))  # old (men (and women))
    first, second = encode_tree(only_men_old, embeddings, W, b), encode_tree(all_old, embeddings, W, b)
    print("(old men) (and women): ", np.round(first, 3))
    print("old (men (and women)):", np.round(second, 3))
    assert not np.allclose(first, second)

    # Backpropagation through structure agrees with finite differences.
    tree = (((0, 1), (2, 3)), 4)
    readout = rng.normal(size=d)  # loss = readout . root vector

    def loss(W=W, b=b, embeddings=embeddings) -> float:
        return float(readout @ encode_tree(tree, embeddings, W, b))

    grads = tree_backward(tree, embeddings, W, b, readout)
    worst = max(
        relative_error(grads["W"], numerical_gradient(lambda v: loss(W=v), W)),
        relative_error(grads["b"], numerical_gradient(lambda v: loss(b=v), b)),
        relative_error(grads["embeddings"], numerical_gradient(lambda v: loss(embeddings=v), embeddings)),
    )
    print(f"backpropagation through structure vs finite differences: worst relative error {worst:.1e}")
    assert worst < 1e-6

    # A chain-shaped (left-branching) tree is exactly a recurrent network: the left child plays the hidden state,
    # the right child the next input, and W splits into the recurrent and input matrices.
    chain = ((((0, 1), 2), 3), 4)
    as_rnn = tanh_rnn(embeddings[1:], embeddings[0], W[:, d:], W[:, :d], b)[-1]
    assert np.allclose(encode_tree(chain, embeddings, W, b), as_rnn)
    print("recursive-neural-network: all checks passed")
