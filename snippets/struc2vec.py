"""struc2vec: structural distance between nodes from the degree sequences of their k-hop rings, compared by DTW.

R_k(u) is the set of nodes at shortest-path distance exactly k from u, and s(R_k(u)) its sorted degree sequence.
Two sequences of different lengths are compared by dynamic time warping with the cost d(a, b) = max(a, b) /
min(a, b) - 1, so degrees 1 and 2 differ as much as 100 and 200 would not. The distances accumulate over rings,
    f_k(u, v) = f_{k-1}(u, v) + g(s(R_k(u)), s(R_k(v))),        f_{-1} = 0,
and become edge weights exp(-f_k) of a multilayer graph on which biased walks feed skip-gram. Nodes with
identical neighbourhood structure, however far apart, get distance 0 at every k.
"""

from __future__ import annotations

from collections import deque

import numpy as np
from _entry import load

adjacency_from_edges = load("graph-embedding").adjacency_from_edges


def degree_cost(a: float, b: float) -> float:
    """struc2vec's element cost max(a, b) / min(a, b) - 1: zero for equal degrees, relative otherwise."""
    return max(a, b) / min(a, b) - 1.0


def dtw(x: list[float], y: list[float]) -> float:
    """Dynamic time warping distance: the cheapest monotone alignment of x and y that uses every element."""
    D = np.full((len(x) + 1, len(y) + 1), np.inf)
    D[0, 0] = 0.0
    for i in range(1, len(x) + 1):
        for j in range(1, len(y) + 1):
            D[i, j] = degree_cost(x[i - 1], y[j - 1]) + min(D[i - 1, j], D[i, j - 1], D[i - 1, j - 1])
    return float(D[-1, -1])


def hop_distances(edges: list[tuple[int, int]], n: int, source: int) -> np.ndarray:
    """Shortest-path hop counts from `source` by breadth-first search on an edge list (-1 if unreachable)."""
    neighbours: list[list[int]] = [[] for _ in range(n)]
    for i, j in edges:
        neighbours[i].append(j)
        neighbours[j].append(i)
    distance = np.full(n, -1)
    distance[source] = 0
    queue = deque([source])
    while queue:
        u = queue.popleft()
        for v in neighbours[u]:
            if distance[v] < 0:
                distance[v] = distance[u] + 1
                queue.append(v)
    return distance


def structural_distance(edges: list[tuple[int, int]], n: int, u: int, v: int, max_hops: int) -> list[float]:
    """[f_0(u, v), ..., f_K(u, v)], stopping early when a ring of u or v is empty."""
    degree = np.bincount(np.asarray(edges).ravel(), minlength=n)
    du, dv = hop_distances(edges, n, u), hop_distances(edges, n, v)
    total, distances = 0.0, []
    for k in range(max_hops + 1):
        ring_u, ring_v = sorted(degree[du == k]), sorted(degree[dv == k])
        if not ring_u or not ring_v:
            break
        total += dtw(ring_u, ring_v)
        distances.append(total)
    return distances


def brute_force_dtw(x: list[float], y: list[float]) -> float:
    """DTW by enumerating every warping path from (0, 0) to (end, end) with unit steps: a reference for small inputs."""
    def cheapest(i: int, j: int) -> float:
        here = degree_cost(x[i], y[j])
        if (i, j) == (len(x) - 1, len(y) - 1):
            return here
        moves = [(i + di, j + dj) for di, dj in ((1, 0), (0, 1), (1, 1)) if i + di < len(x) and j + dj < len(y)]
        return here + min(cheapest(a, b) for a, b in moves)
    return cheapest(0, 0)


if __name__ == "__main__":
    rng = np.random.default_rng(0)
    # DTW's dynamic programme equals enumeration of all warping paths.
    for _ in range(20):
        x, y = list(rng.integers(1, 6, size=rng.integers(1, 5))), list(rng.integers(1, 6, size=rng.integers(1, 5)))
        assert np.isclose(dtw(x, y), brute_force_dtw(x, y))
    assert dtw([1, 2, 3], [1, 2, 3]) == 0.0 and np.isclose(dtw([1], [2]), 1.0) and np.isclose(dtw([100], [200]), 1.0)

    # A small graph G (8 nodes) and its mirror copy (nodes 8-15), joined by one edge between 7 and its mirror 15.
    half = [(0, 1), (0, 2), (0, 3), (1, 2), (3, 4), (4, 5), (4, 6), (6, 7)]
    edges = half + [(i + 8, j + 8) for i, j in half] + [(7, 15)]
    n = 16
    # BFS on the edge list agrees with the dense definition: the first k with (A^k)[u, v] > 0.
    A = adjacency_from_edges(n, edges)
    power, dense = np.eye(n), np.where(np.eye(n) > 0, 0, -1)
    for k in range(1, n):
        power = power @ A
        dense = np.where((dense < 0) & (power > 0), k, dense)
    assert all(np.array_equal(hop_distances(edges, n, s), dense[s]) for s in range(n))

    # A node and its mirror image have identical structure: distance 0 at every layer.
    mirror = structural_distance(edges, n, 2, 10, 6)
    print("f_k(2, mirror of 2):", np.round(mirror, 3))
    assert len(mirror) == 7 and np.allclose(mirror, 0.0)
    # Nodes 1 and 2 are also equivalent within G (swap them); node 0 (degree 3) and 4 (degree 3) are not.
    assert np.allclose(structural_distance(edges, n, 1, 2, 6), 0.0)
    different = structural_distance(edges, n, 0, 4, 6)
    print("f_k(0, 4):", np.round(different, 3))
    assert different[0] == 0.0 and different[-1] > 0 and np.all(np.diff(different) >= 0)
    # The weight between layers' nodes is exp(-f_k): 1 for the mirrored pair, less than 1 for 0 and 4.
    assert np.exp(-mirror[-1]) == 1.0 and np.exp(-different[-1]) < 1.0
    print("struc2vec: all checks passed")
