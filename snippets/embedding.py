"""An embedding layer: a trainable table whose rows are the vectors of discrete symbols.

Looking up row i is the same as multiplying the one-hot vector of i by the table, but costs a copy instead
of a V x d matrix product. The backward pass is a scatter-add: only the rows that were looked up receive
gradient, and a row used several times receives the sum of its gradients.
"""

from __future__ import annotations

import numpy as np
from _check import numerical_gradient, relative_error


def embedding_lookup(table: np.ndarray, ids: np.ndarray) -> np.ndarray:
    """The vectors of `ids` (any integer array shape): shape ids.shape + (d,)."""
    return table[ids]


def embedding_backward(grad_output: np.ndarray, ids: np.ndarray, vocab_size: int) -> np.ndarray:
    """Gradient of the loss w.r.t. the (vocab_size, d) table, given the gradient w.r.t. the looked-up vectors."""
    grad_table = np.zeros((vocab_size, grad_output.shape[-1]))
    np.add.at(grad_table, ids.ravel(), grad_output.reshape(-1, grad_output.shape[-1]))
    return grad_table


if __name__ == "__main__":
    rng = np.random.default_rng(0)
    vocab_size, dim = 10, 4
    table = rng.normal(size=(vocab_size, dim))
    ids = np.array([[3, 7, 3], [1, 3, 8]])  # a batch of two 3-token sequences; token 3 appears three times

    # Lookup equals one-hot rows times the table.
    vectors = embedding_lookup(table, ids)
    one_hot = np.eye(vocab_size)[ids]
    assert np.allclose(vectors, one_hot @ table)
    print("lookup of ids", ids.tolist(), "equals one-hot @ table, shape", vectors.shape)

    # Backward: a loss sum(vectors * upstream) has gradient upstream scattered onto the used rows.
    upstream = rng.normal(size=vectors.shape)
    grad_table = embedding_backward(upstream, ids, vocab_size)
    numeric = numerical_gradient(lambda t: float(np.sum(embedding_lookup(t, ids) * upstream)), table)
    print(f"gradient vs finite differences: relative error {relative_error(grad_table, numeric):.1e}")
    assert relative_error(grad_table, numeric) < 1e-6

    used = np.unique(ids)
    untouched = np.setdiff1d(np.arange(vocab_size), used)
    print("rows with non-zero gradient:", np.flatnonzero(np.abs(grad_table).sum(axis=1)).tolist())
    assert np.all(grad_table[untouched] == 0.0)
    assert np.all(np.abs(grad_table[used]).sum(axis=1) > 0)
    assert np.allclose(grad_table[3], upstream[ids == 3].sum(axis=0))  # repeated ids accumulate
    print("embedding: all checks passed")
