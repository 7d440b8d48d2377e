"""Multi-gate Mixture-of-Experts (Ma et al. 2018): multi-task learning where each task mixes shared experts
with its own gate.

n expert networks f_i see the same input x. Task k has a gating network, a softmax over experts,
    g^k(x) = softmax(W_gk x),    f^k(x) = sum_i g^k(x)_i f_i(x),    y_k = h^k(f^k(x)).
Tasks that are related can share experts; tasks that conflict can put their weight on different experts.
With one expert every gate is 1 and the model is the shared-bottom network; with one gate shared by all
tasks it is the one-gate mixture (OMoE).
"""

from __future__ import annotations

import numpy as np


def softmax(z: np.ndarray) -> np.ndarray:
    """Softmax over the last axis."""
    e = np.exp(z - z.max(axis=-1, keepdims=True))
    return e / e.sum(axis=-1, keepdims=True)


def dense_relu(x: np.ndarray, W: np.ndarray, b: np.ndarray) -> np.ndarray:
    """One ReLU layer."""
    return np.maximum(0.0, x @ W + b)


def mmoe_forward(x: np.ndarray, params: dict) -> tuple[list[np.ndarray], list[np.ndarray]]:
    """Task outputs y_k = tower_k(sum_i g^k_i f_i(x)) and the gates g^k (batch, n_experts) of every task."""
    experts = np.stack([dense_relu(x, W, b) for W, b in params["experts"]], axis=1)     # (batch, n, d)
    outputs, gates = [], []
    for W_gate, (W_tower, b_tower) in zip(params["gates"], params["towers"]):
        g = softmax(x @ W_gate)
        mixed = np.einsum("bn,bnd->bd", g, experts)
        outputs.append(mixed @ W_tower + b_tower)
        gates.append(g)
    return outputs, gates


def init_mmoe(d_in: int, d_expert: int, n_experts: int, n_tasks: int, rng: np.random.Generator) -> dict:
    """Random experts, one gate matrix per task (d_in x n_experts) and one linear tower per task."""
    return {"experts": [(rng.normal(size=(d_in, d_expert)) / np.sqrt(d_in), rng.normal(size=d_expert) * 0.1)
                        for _ in range(n_experts)],
            "gates": [rng.normal(size=(d_in, n_experts)) for _ in range(n_tasks)],
            "towers": [(rng.normal(size=(d_expert, 1)), rng.normal(size=1)) for _ in range(n_tasks)]}


if __name__ == "__main__":
    rng = np.random.default_rng(0)
    x = rng.normal(size=(5, 6))
    params = init_mmoe(6, 4, n_experts=3, n_tasks=2, rng=rng)
    outputs, gates = mmoe_forward(x, params)

    # Each task's gate is a probability distribution over experts, and it is task-specific.
    for g in gates:
        assert np.all(g > 0) and np.allclose(g.sum(axis=1), 1.0)
    assert not np.allclose(gates[0], gates[1])
    print(f"task 1 gate on example 0: {np.round(gates[0][0], 3).tolist()}, task 2: {np.round(gates[1][0], 3).tolist()}")

    # Each task output is the gate-weighted sum of the outputs of the towers applied to single experts
    # (the tower is linear), checked by running every expert alone.
    for k, (W_t, b_t) in enumerate(params["towers"]):
        per_expert = np.stack([dense_relu(x, W, b) @ W_t + b_t for W, b in params["experts"]], axis=1)[..., 0]
        assert np.allclose(outputs[k][:, 0], (gates[k] * per_expert).sum(axis=1))

    # One expert: every gate equals 1 and MMoE is the shared-bottom model tower_k(bottom(x)).
    single = init_mmoe(6, 4, n_experts=1, n_tasks=2, rng=rng)
    outputs1, gates1 = mmoe_forward(x, single)
    assert np.allclose(np.concatenate(gates1), 1.0)
    W, b = single["experts"][0]
    bottom = np.maximum(0.0, x @ W + b)
    for k, (W_t, b_t) in enumerate(single["towers"]):
        assert np.allclose(outputs1[k], bottom @ W_t + b_t)

    # One gate shared by every task (OMoE): all tasks see the same mixture of experts.
    shared = dict(params, gates=[params["gates"][0]] * 2)
    _, gates_shared = mmoe_forward(x, shared)
    assert np.allclose(gates_shared[0], gates_shared[1])
    print("mmoe: all checks passed")
