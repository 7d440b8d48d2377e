"""In-context learning: a frozen model picks up a task from demonstrations placed in its input.

Zero-, one- and few-shot prompts are built from the same task description and examples; only the number of
demonstrations k differs, and no weight is updated. To see a fixed network "learn" from its context, the
second half uses a linear self-attention layer whose fixed weights make it compute, for a query x_q, the
prediction of one gradient-descent step on the demonstrations (von Oswald et al. 2023):
    y_hat = (eta / k) sum_i y_i x_i . x_q
"""

from __future__ import annotations

import numpy as np


def build_prompt(description: str, examples: list[tuple[str, str]], query: str, k: int, arrow: str = " => ") -> str:
    """A k-shot prompt: the task description, the first k demonstrations, then the query awaiting completion."""
    lines = [description] + [f"{source}{arrow}{target}" for source, target in examples[:k]]
    return "\n".join(lines + [f"{query}{arrow}".rstrip()])


def prompt_line_count(k: int, num_examples: int = 3) -> int:
    """How many lines a k-shot prompt built from `num_examples` placeholder demonstrations has."""
    examples = [(f"input {i}", f"output {i}") for i in range(num_examples)]
    return len(build_prompt("Task description", examples, "query", k).split("\n"))


def icl_layer_weights(d: int, eta: float = 1.0) -> dict[str, np.ndarray]:
    """The frozen weights: keys and queries read the x part of a token, values carry eta times its y part."""
    w_kq, w_v = np.zeros((d + 1, d + 1)), np.zeros((d + 1, d + 1))
    w_kq[:d, :d] = np.eye(d)
    w_v[d, d] = eta
    return {"w_kq": w_kq, "w_v": w_v}


def linear_attention_icl(xs: np.ndarray, ys: np.ndarray, x_query: np.ndarray, weights: dict[str, np.ndarray]) -> float:
    """A linear self-attention layer over tokens [x_i; y_i] and the query [x_q; 0]; returns its y output."""
    if len(xs) == 0:
        return 0.0
    tokens = np.hstack([xs, ys[:, None]])  # (k, d + 1) demonstrations
    query = np.append(x_query, 0.0)
    scores = (tokens @ weights["w_kq"]) @ (weights["w_kq"] @ query) / len(xs)  # unnormalised attention
    return float((scores @ (tokens @ weights["w_v"].T))[-1])


if __name__ == "__main__":
    examples = [("sea otter", "loutre de mer"), ("peppermint", "menthe poivrée"), ("plush giraffe", "girafe peluche")]
    description = "Translate English to French:"
    prompts = {k: build_prompt(description, examples, "cheese", k) for k in (0, 1, 3)}
    print(prompts[3])

    # The three settings share the description and the query; k-shot holds exactly the first k demonstrations.
    for k, prompt in prompts.items():
        lines = prompt.split("\n")
        assert lines[0] == description and lines[-1] == "cheese =>" and len(lines) == k + 2
        assert lines[1:-1] == [f"{s} => {t}" for s, t in examples[:k]]
    assert prompts[3].count(" =>") == 4 and "cheese" not in prompts[3].split("\n")[-2]

    # A frozen "model" learning from context: a random linear task y = w . x per prompt.
    rng = np.random.default_rng(0)
    d = 5
    layer = icl_layer_weights(d)
    frozen = {name: value.copy() for name, value in layer.items()}
    errors = {}
    for k in (0, 1, 4, 16, 64, 256):
        squared = []
        for _ in range(200):
            w = rng.normal(size=d)
            xs, x_query = rng.normal(size=(k, d)), rng.normal(size=d)
            prediction = linear_attention_icl(xs, xs @ w, x_query, layer)
            if k:
                # It equals one gradient step (rate 1) from w = 0 on the demonstrations' loss
                # (1/2k) sum (w . x_i - y_i)^2, whose gradient at 0 is -(1/k) sum y_i x_i.
                step = xs.T @ (xs @ w) / k
                assert np.isclose(prediction, step @ x_query)
            squared.append((prediction - w @ x_query) ** 2)
        errors[k] = float(np.mean(squared))
    print("mean squared error by number of demonstrations:", {k: round(e, 3) for k, e in errors.items()})
    # From a few demonstrations on, more of them give better predictions (with one or two, a single noisy
    # step is worse than guessing 0), and with many the error falls far below the zero-shot guess;
    # no weight ever changed.
    assert errors[4] > errors[16] > errors[64] > errors[256] and errors[256] < 0.1 * errors[0]
    assert all(np.array_equal(layer[name], frozen[name]) for name in frozen)
    print("in-context-learning: all checks passed")
