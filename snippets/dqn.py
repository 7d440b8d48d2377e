"""Deep Q-Network: Q-learning with a neural network, stabilised by experience replay and a target network.

Transitions go into a fixed-size replay buffer (oldest evicted first) and minibatches are sampled from it
uniformly, which breaks the correlation of consecutive steps. The regression target uses a frozen copy
theta^- of the network, refreshed every C steps:
    y = r + gamma (1 - done) max_a' Q(s', a'; theta^-),     loss = mean Huber(y - Q(s, a; theta)),
and the gradient flows only through Q(s, a; theta). (Huber with delta = 1 is the paper's clipping of the error to [-1, 1].)
"""

from __future__ import annotations

import numpy as np
from _check import numerical_gradient, relative_error


class ReplayBuffer:
    """A ring buffer of (state, action, reward, next_state, done) transitions."""

    def __init__(self, capacity: int, state_dim: int) -> None:
        self.capacity, self.size, self.next_slot = capacity, 0, 0
        self.states, self.next_states = np.zeros((capacity, state_dim)), np.zeros((capacity, state_dim))
        self.actions, self.rewards, self.dones = (np.zeros(capacity, dtype=int), np.zeros(capacity),
                                                  np.zeros(capacity))

    def push(self, state: np.ndarray, action: int, reward: float, next_state: np.ndarray, done: bool) -> None:
        """Store a transition, overwriting the oldest one when full."""
        i = self.next_slot
        self.states[i], self.actions[i], self.rewards[i], self.next_states[i], self.dones[i] = (
            state, action, reward, next_state, float(done))
        self.next_slot, self.size = (i + 1) % self.capacity, min(self.size + 1, self.capacity)

    def sample(self, batch_size: int, rng: np.random.Generator) -> tuple[np.ndarray, ...]:
        """A uniform minibatch (with replacement) of stored transitions."""
        idx = rng.integers(0, self.size, size=batch_size)
        return self.states[idx], self.actions[idx], self.rewards[idx], self.next_states[idx], self.dones[idx]


def init_q_network(state_dim: int, hidden: int, n_actions: int, rng: np.random.Generator) -> dict[str, np.ndarray]:
    """A one-hidden-layer tanh MLP mapping a state to one Q value per action."""
    return {"W1": rng.normal(scale=1 / np.sqrt(state_dim), size=(state_dim, hidden)), "b1": np.zeros(hidden),
            "W2": rng.normal(scale=0.1 / np.sqrt(hidden), size=(hidden, n_actions)), "b2": np.zeros(n_actions)}


def constant_q_network(values: np.ndarray, state_dim: int, hidden: int = 1) -> dict[str, np.ndarray]:
    """A network whose Q values are `values` in every state (zero weights, biases = values): handy for examples."""
    return {"W1": np.zeros((state_dim, hidden)), "b1": np.zeros(hidden), "W2": np.zeros((hidden, len(values))),
            "b2": np.asarray(values, dtype=float)}


def q_values(params: dict[str, np.ndarray], states: np.ndarray) -> np.ndarray:
    """Q(s, .) for a batch of states, shaped (batch, actions)."""
    return np.tanh(states @ params["W1"] + params["b1"]) @ params["W2"] + params["b2"]


def dqn_td_targets(target_params: dict[str, np.ndarray], rewards: np.ndarray, next_states: np.ndarray,
                   dones: np.ndarray, gamma: float) -> np.ndarray:
    """y = r + gamma (1 - done) max_a' Q(s', a'; theta^-), computed with the frozen target network."""
    return rewards + gamma * (1 - dones) * q_values(target_params, next_states).max(axis=1)


def huber(error: np.ndarray) -> np.ndarray:
    """Huber loss with delta = 1: quadratic within [-1, 1], linear outside."""
    return np.where(np.abs(error) <= 1, 0.5 * error**2, np.abs(error) - 0.5)


def dqn_loss_and_grad(params: dict[str, np.ndarray], targets: np.ndarray, states: np.ndarray,
                      actions: np.ndarray) -> tuple[float, dict[str, np.ndarray]]:
    """Mean Huber loss of Q(s, a; theta) against fixed targets, and its gradient w.r.t. the online parameters."""
    hidden = np.tanh(states @ params["W1"] + params["b1"])
    q = hidden @ params["W2"] + params["b2"]
    rows = np.arange(len(actions))
    error = q[rows, actions] - targets
    dq = np.zeros_like(q)
    dq[rows, actions] = np.clip(error, -1, 1) / len(actions)
    dz = dq @ params["W2"].T * (1 - hidden**2)
    grads = {"W2": hidden.T @ dq, "b2": dq.sum(axis=0), "W1": states.T @ dz, "b1": dz.sum(axis=0)}
    return float(np.mean(huber(error))), grads


def chain_step(state: int, action: int, n_states: int) -> tuple[int, float, bool]:
    """A corridor: action 0 moves left (a wall at 0), action 1 right; entering the last cell pays 1 and ends."""
    next_state = max(state - 1, 0) if action == 0 else state + 1
    return next_state, float(next_state == n_states - 1), next_state == n_states - 1


if __name__ == "__main__":
    rng = np.random.default_rng(0)

    # Replay buffer: with capacity 5, eight pushes keep the last five, evicting the oldest first.
    buffer = ReplayBuffer(5, 1)
    for k in range(8):
        buffer.push(np.array([k]), 0, float(k), np.array([k + 1]), False)
        assert sorted(buffer.rewards[:buffer.size]) == list(range(max(0, k - 4), k + 1))
    assert buffer.size == 5 and set(buffer.sample(200, rng)[2]) == {3.0, 4.0, 5.0, 6.0, 7.0}

    # The TD target comes from the frozen copy: a training step on the online network leaves it unchanged,
    # and the hand-derived gradient (targets held fixed) matches finite differences.
    online = init_q_network(4, 8, 2, rng)
    frozen = {k: v.copy() for k, v in online.items()}
    s, a, r = rng.normal(size=(6, 4)), rng.integers(0, 2, size=6), rng.normal(size=6)
    s2, d = rng.normal(size=(6, 4)), (rng.uniform(size=6) < 0.3).astype(float)
    targets = dqn_td_targets(frozen, r, s2, d, 0.9)
    loss, grads = dqn_loss_and_grad(online, 3 * targets, s, a)          # 3x: errors beyond the Huber kink too
    for name in online:
        numeric = numerical_gradient(lambda v: dqn_loss_and_grad(dict(online, **{name: v}), 3 * targets, s, a)[0],
                                     online[name])
        assert relative_error(grads[name], numeric) < 1e-6, name
    online = {k: v - 0.5 * grads[k] for k, v in online.items()}
    assert np.array_equal(dqn_td_targets(frozen, r, s2, d, 0.9), targets)
    assert not np.allclose(dqn_td_targets(online, r, s2, d, 0.9), targets)
    assert np.all(targets[d == 1] == r[d == 1])                          # no bootstrap past a terminal state

    # A small working DQN on a 6-cell corridor (one-hot states), epsilon-greedy, target synced every 100 steps.
    n_states, gamma = 6, 0.9
    eye = np.eye(n_states)
    online = init_q_network(n_states, 16, 2, rng)
    frozen = {k: v.copy() for k, v in online.items()}
    buffer, state = ReplayBuffer(1000, n_states), 0
    for step in range(3000):
        greedy = int(np.argmax(q_values(online, eye[[state]])[0]))
        action = int(rng.integers(2)) if rng.uniform() < 0.5 else greedy
        next_state, reward, done = chain_step(state, action, n_states)
        buffer.push(eye[state], action, reward, eye[next_state], done)
        state = int(rng.integers(n_states - 1)) if done else next_state
        if buffer.size >= 64:
            bs, ba, br, bs2, bd = buffer.sample(32, rng)
            _, grads = dqn_loss_and_grad(online, dqn_td_targets(frozen, br, bs2, bd, gamma), bs, ba)
            online = {k: v - 0.5 * grads[k] for k, v in online.items()}
        if step % 100 == 0:
            frozen = {k: v.copy() for k, v in online.items()}
    # Exact Q* of the corridor: moving right from cell s pays gamma^(n - 2 - s); moving left costs a step.
    v_star = gamma ** np.arange(n_states - 2, -1, -1.0)
    q_star = np.stack([gamma * v_star[np.maximum(np.arange(n_states - 1) - 1, 0)], v_star], axis=1)
    learned = q_values(online, eye[:-1])
    print("Q* right:", q_star[:, 1].round(3), "\nDQN right:", learned[:, 1].round(3))
    assert np.abs(learned - q_star).max() < 0.05 and np.all(learned.argmax(axis=1) == 1)
    print("dqn: all checks passed")
