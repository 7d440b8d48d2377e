"""Distributed versus local (one-hot) codes: capacity, similarity, and generalisation to unseen concepts.

A distributed code describes each concept by n shared features, so n units can tell 2^n concepts apart;
a one-hot code spends one unit per concept. Shared features also make similar concepts similar, and let a
property learned on some concepts transfer to concepts never seen in training.
"""

from __future__ import annotations

import numpy as np
from _generative_embeddings import cosine_similarity


def distributed_code(concept: int, n_features: int) -> np.ndarray:
    """The concept as n binary features (its index written in binary): n units for up to 2^n concepts."""
    return ((concept >> np.arange(n_features - 1, -1, -1)) & 1).astype(np.float64)


def one_hot_code(concept: int, n_concepts: int) -> np.ndarray:
    """The local code: one dedicated unit per concept."""
    return np.eye(n_concepts)[concept]


def linear_readout(train_codes: np.ndarray, train_targets: np.ndarray, test_codes: np.ndarray,
                   ridge: float = 1e-6) -> np.ndarray:
    """Fit a linear readout with bias by ridge least squares on the training codes; predict the test codes."""

    def with_bias(codes: np.ndarray) -> np.ndarray:
        return np.hstack([codes, np.ones((len(codes), 1))])

    X = with_bias(train_codes)
    weights = np.linalg.solve(X.T @ X + ridge * np.eye(X.shape[1]), X.T @ train_targets)
    return with_bias(test_codes) @ weights


if __name__ == "__main__":
    n_features = 4
    n_concepts = 2**n_features
    distributed = np.array([distributed_code(c, n_features) for c in range(n_concepts)])
    local = np.array([one_hot_code(c, n_concepts) for c in range(n_concepts)])

    # Capacity: 4 units give 16 distinct codes; the one-hot code needs 16 units for the same 16 concepts.
    assert len(np.unique(distributed, axis=0)) == n_concepts == local.shape[1]
    print(f"{n_concepts} concepts: distributed code uses {distributed.shape[1]} units, one-hot uses {local.shape[1]}")

    # Similarity: one-hot codes are all orthogonal; distributed codes are as similar as the features they share.
    assert np.allclose(local @ local.T, np.eye(n_concepts))
    sharing_three = cosine_similarity(distributed_code(0b1110, 4), distributed_code(0b1111, 4))
    sharing_none = cosine_similarity(distributed_code(0b1100, 4), distributed_code(0b0011, 4))
    print(f"cosine similarity: 1110 vs 1111 = {sharing_three:.3f}, 1100 vs 0011 = {sharing_none:.3f}")
    assert sharing_three > 0.8 and sharing_none == 0.0

    # Generalisation: a property that depends on the first feature is learned from 12 concepts and tested on
    # the 4 held-out ones. The distributed readout gets them right; one-hot units never seen in training
    # carry no information, so every held-out concept receives the same prediction.
    has_property = distributed[:, 0]
    rng = np.random.default_rng(0)
    held_out = rng.choice(n_concepts, size=4, replace=False)
    while len(set(has_property[held_out])) < 2:  # make the held-out set contain both answers
        held_out = rng.choice(n_concepts, size=4, replace=False)
    train = np.setdiff1d(np.arange(n_concepts), held_out)
    from_distributed = linear_readout(distributed[train], has_property[train], distributed[held_out])
    from_one_hot = linear_readout(local[train], has_property[train], local[held_out])
    print(f"unseen concepts {held_out.tolist()} have the property: {has_property[held_out].tolist()}")
    print(f"  predicted from distributed codes {from_distributed.round(2).tolist()}, "
          f"from one-hot codes {from_one_hot.round(2).tolist()}")
    assert np.array_equal(from_distributed > 0.5, has_property[held_out] == 1)
    assert np.ptp(from_one_hot) < 1e-6
    print("distributed representation: all checks passed")
