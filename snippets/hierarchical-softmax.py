"""Hierarchical softmax: a word's probability is a product of binary left/right decisions down a tree.

The V words are the leaves of a binary tree (word2vec uses a Huffman tree, so frequent words sit near the
root). Each of the V - 1 inner nodes has a vector n; at a node, the path goes to child 0 with probability
sigmoid(n . h) and to child 1 with sigmoid(-n . h). Because the two branch probabilities sum to one at every
node, the leaf probabilities sum to one without ever summing over the vocabulary, and one word costs only
its path length, about log2(V), node evaluations instead of V.
"""

from __future__ import annotations

import heapq

import numpy as np
from _check import numerical_gradient, relative_error
from _generative_embeddings import log_sigmoid, sigmoid


def huffman_paths(counts: np.ndarray) -> tuple[list[list[int]], list[list[int]]]:
    """For each word: the inner nodes (0..V-2) from the root down to its leaf, and the branch bit taken at each."""
    V = len(counts)
    heap = [(float(count), word) for word, count in enumerate(counts)]
    heapq.heapify(heap)
    parent, bit = {}, {}
    next_node = V  # inner nodes are numbered V, V+1, ... as they are created; the root is created last
    while len(heap) > 1:
        (count_a, a), (count_b, b) = heapq.heappop(heap), heapq.heappop(heap)
        parent[a], bit[a], parent[b], bit[b] = next_node, 0, next_node, 1
        heapq.heappush(heap, (count_a + count_b, next_node))
        next_node += 1
    paths, codes = [], []
    for word in range(V):
        path, code, node = [], [], word
        while node in parent:
            path.append(parent[node] - V)
            code.append(bit[node])
            node = parent[node]
        paths.append(path[::-1])
        codes.append(code[::-1])
    return paths, codes


def expected_path_length(counts: np.ndarray) -> float:
    """Huffman-tree cost per word occurrence: the average path length sum_w c_w |path_w| / sum_w c_w."""
    lengths = np.array([len(path) for path in huffman_paths(counts)[0]], dtype=np.float64)
    return float(counts @ lengths / np.sum(counts))


def path_log_probability(h: np.ndarray, node_vectors: np.ndarray, path: list[int],
                         code: list[int]) -> tuple[float, np.ndarray, np.ndarray]:
    """log p(word | h) = sum over the path of log sigmoid(+-n.h), with gradients w.r.t. h and all node vectors."""
    signs = 1.0 - 2.0 * np.asarray(code, dtype=np.float64)  # bit 0 -> +1, bit 1 -> -1
    scores = signs * (node_vectors[path] @ h)
    grad_scores = signs * sigmoid(-scores)  # d log sigmoid(s) / d s = sigmoid(-s), times the sign
    grad_nodes = np.zeros_like(node_vectors)
    grad_nodes[path] = grad_scores[:, None] * h
    return float(log_sigmoid(scores).sum()), grad_scores @ node_vectors[path], grad_nodes


if __name__ == "__main__":
    rng = np.random.default_rng(0)
    V, d = 50, 8
    counts = np.round(1000.0 / np.arange(1, V + 1))  # Zipf-like word counts
    paths, codes = huffman_paths(counts)
    node_vectors, h = rng.normal(size=(V - 1, d)), rng.normal(size=d)

    # A proper distribution over all V words, without any sum over the vocabulary inside the model.
    probabilities = np.array([np.exp(path_log_probability(h, node_vectors, p, c)[0]) for p, c in zip(paths, codes)])
    print(f"sum of the {V} leaf probabilities: {probabilities.sum():.12f}")
    assert np.isclose(probabilities.sum(), 1.0)

    # The gradient agrees with finite differences, and it touches exactly the nodes on the path.
    word = 17
    _, grad_h, grad_nodes = path_log_probability(h, node_vectors, paths[word], codes[word])
    assert relative_error(grad_h, numerical_gradient(
        lambda x: path_log_probability(x, node_vectors, paths[word], codes[word])[0], h)) < 1e-6
    assert relative_error(grad_nodes, numerical_gradient(
        lambda n: path_log_probability(h, n, paths[word], codes[word])[0], node_vectors)) < 1e-6
    evaluated = np.flatnonzero(np.abs(grad_nodes).sum(axis=1))
    print(f"word {word}: {len(evaluated)} inner nodes evaluated (a full softmax scores all {V} words)")
    assert sorted(paths[word]) == evaluated.tolist()

    # Cost: a balanced tree over 1024 equally frequent words needs exactly log2(1024) = 10 evaluations per word.
    assert {len(p) for p in huffman_paths(np.ones(1024))[0]} == {10}
    # The Huffman tree gives frequent words short paths: the average cost lies between entropy and entropy + 1.
    frequency = counts / counts.sum()
    average_cost = float(frequency @ [len(p) for p in paths])
    entropy = float(-(frequency @ np.log2(frequency)))
    print(f"Huffman tree: average {average_cost:.2f} evaluations per word (entropy {entropy:.2f} bits, "
          f"log2 V = {np.log2(V):.2f}); most frequent word {len(paths[0])}, rarest {len(paths[-1])}")
    assert entropy <= average_cost < entropy + 1 and len(paths[0]) < len(paths[-1])
    assert np.isclose(expected_path_length(counts), average_cost)
    print("hierarchical softmax: all checks passed")
