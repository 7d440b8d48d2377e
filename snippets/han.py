"""Heterogeneous Graph Attention Network (Wang et al.): attention within each meta-path, then across meta-paths.

For target nodes of one type (here papers) and meta-paths such as Paper-Author-Paper (PAP) and Paper-Subject-Paper
(PSP), each meta-path Phi defines a homogeneous graph of meta-path neighbours (the node itself included).
    node level:     h'_i = h_i M;  alpha^Phi_ij = softmax over meta-path neighbours j of LeakyReLU(a_Phi . [h'_i ; h'_j])
                    z^Phi_i = ELU(sum_j alpha^Phi_ij h'_j)                  (GAT on the meta-path graph)
    semantic level: w_Phi = mean_i q . tanh(W z^Phi_i + b);  beta_Phi = softmax over Phi of w_Phi
                    z_i = sum_Phi beta_Phi z^Phi_i
"""

from __future__ import annotations

import numpy as np
from _entry import load

gat_attention = load("gat").gat_attention
softmax = load("softmax").softmax


def metapath_adjacency(incidences: list[np.ndarray]) -> np.ndarray:
    """0/1 meta-path neighbours of a symmetric meta-path, e.g. [P-A] -> P-A-P: any path start -> ... -> end, self added."""
    reach = incidences[0]
    for incidence in incidences[1:]:
        reach = reach @ incidence
    for incidence in reversed(incidences):
        reach = reach @ incidence.T
    return np.maximum((reach > 0).astype(float), np.eye(len(reach)))


def node_level_attention(metapath_adj: np.ndarray, features: np.ndarray, projection: np.ndarray,
                         attention: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """GAT restricted to one meta-path's neighbours: returns (z^Phi, the attention matrix alpha^Phi)."""
    alpha = gat_attention(metapath_adj, features, projection, attention)
    z = alpha @ (features @ projection)
    return np.where(z > 0, z, np.expm1(np.minimum(z, 0.0))), alpha


def semantic_attention(embeddings: list[np.ndarray], weight: np.ndarray, bias: np.ndarray,
                       query: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Weights beta over meta-paths (one per meta-path, shared by all nodes) and the fused embedding."""
    scores = np.array([np.mean(np.tanh(z @ weight + bias) @ query) for z in embeddings])
    beta = softmax(scores)
    return np.einsum("p,pnd->nd", beta, np.stack(embeddings)), beta


def han_layer(metapath_adjs: list[np.ndarray], features: np.ndarray, projection: np.ndarray,
              attentions: list[np.ndarray], weight: np.ndarray, bias: np.ndarray,
              query: np.ndarray) -> tuple[np.ndarray, list[np.ndarray], np.ndarray]:
    """One HAN layer (one head): returns (fused node vectors, the alpha of each meta-path, beta)."""
    per_path = [node_level_attention(adj, features, projection, a) for adj, a in zip(metapath_adjs, attentions)]
    fused, beta = semantic_attention([z for z, _ in per_path], weight, bias, query)
    return fused, [alpha for _, alpha in per_path], beta


if __name__ == "__main__":
    rng = np.random.default_rng(0)
    papers, authors, subjects, d, h, s = 10, 6, 3, 5, 4, 3
    paper_author = (rng.random((papers, authors)) < 0.25).astype(float)
    paper_subject = np.eye(subjects)[rng.integers(subjects, size=papers)]       # one subject per paper
    pap, psp = metapath_adjacency([paper_author]), metapath_adjacency([paper_subject])

    # Meta-path neighbours from matrix products agree with enumerating every paper-author-paper path.
    for p in range(papers):
        brute = {q for a in range(authors) if paper_author[p, a] for q in range(papers) if paper_author[q, a]} | {p}
        assert set(np.flatnonzero(pap[p])) == brute
    assert np.allclose(psp, (paper_subject @ paper_subject.T > 0))            # same subject, self included

    x = rng.normal(size=(papers, d))
    projection = rng.normal(size=(d, h)) / np.sqrt(d)
    attentions = [rng.normal(size=2 * h), rng.normal(size=2 * h)]
    weight, bias, query = rng.normal(size=(h, s)), rng.normal(size=s), rng.normal(size=s)
    fused, alphas, beta = han_layer([pap, psp], x, projection, attentions, weight, bias, query)

    # Node level: for each meta-path every row of alpha sums to 1 and is exactly 0 off the meta-path neighbours.
    for alpha, adj in zip(alphas, (pap, psp)):
        assert np.allclose(alpha.sum(axis=1), 1.0) and np.all(alpha[adj == 0] == 0.0)
    # Semantic level: one weight per meta-path, summing to 1; the fused vector is their convex combination.
    zs = [node_level_attention(adj, x, projection, a)[0] for adj, a in zip((pap, psp), attentions)]
    assert beta.shape == (2,) and np.isclose(beta.sum(), 1.0) and np.all(beta > 0)
    assert np.allclose(fused, beta[0] * zs[0] + beta[1] * zs[1])
    # Beta follows the average importance score: recompute it node by node with explicit loops.
    score = [sum(float(np.tanh(z[i] @ weight + bias) @ query) for i in range(papers)) / papers for z in zs]
    assert np.isclose(beta[0], np.exp(score[0]) / (np.exp(score[0]) + np.exp(score[1])))
    # Limit: q = 0 weighs the meta-paths equally.
    _, _, equal = han_layer([pap, psp], x, projection, attentions, weight, bias, np.zeros(s))
    assert np.allclose(equal, 0.5)
    print(f"semantic weights beta(PAP, PSP) = {np.round(beta, 3)}")
    print("han: all checks passed")
