"""GPT-3 (Brown et al. 2020): the GPT-2 architecture at 175 billion parameters, used through prompts.

The parameter count follows from the configuration (tied output layer, feed-forward width 4d):
    N = V d + n_ctx d + L (12 d^2 + 13 d) + 2 d          (V = 50,257, n_ctx = 2048, d = 12,288, L = 96)
Training compute is about C = 6 N D: a forward pass costs about 2 FLOPs per weight per token (a multiply
and an add), the backward pass twice that. With D = 300 billion tokens, C is about 3.14e23 FLOPs.
"""

from __future__ import annotations

import itertools

import numpy as np
from _entry import load

build_prompt = load("in-context-learning").build_prompt

# (layers, width) of the eight sizes in the paper, by nominal name.
GPT3_SIZES = {"125M": (12, 768), "350M": (24, 1024), "760M": (24, 1536), "1.3B": (24, 2048),
              "2.7B": (32, 2560), "6.7B": (32, 4096), "13B": (40, 5140), "175B": (96, 12288)}


def gpt3_parameter_count(num_layers: int, d: int, vocab: int = 50257, context: int = 2048) -> int:
    """Parameters of a GPT-3 configuration: embeddings, L blocks of 12 d^2 + 13 d, and the final layer norm."""
    return vocab * d + context * d + num_layers * (12 * d * d + 13 * d) + 2 * d


def training_flops(num_params: float, num_tokens: float) -> float:
    """The standard estimate C = 6 N D of training compute (forward 2ND, backward 4ND)."""
    return 6.0 * num_params * num_tokens


def max_shots(example_tokens: int, description_tokens: int, query_tokens: int, context: int = 2048) -> int:
    """How many demonstrations of `example_tokens` tokens fit into the context window next to the rest."""
    return (context - description_tokens - query_tokens) // example_tokens


class FlopCounter:
    """Multiplies matrices and tallies 2 m n p FLOPs per (m, n) @ (n, p) product."""

    def __init__(self) -> None:
        self.flops = 0

    def matmul(self, a: np.ndarray, b: np.ndarray) -> np.ndarray:
        """a @ b, counted."""
        self.flops += 2 * a.shape[0] * a.shape[1] * b.shape[1]
        return a @ b


if __name__ == "__main__":
    # The configuration formula reproduces every nominal size of the paper's table within 2%.
    for name, (layers, width) in GPT3_SIZES.items():
        count = gpt3_parameter_count(layers, width)
        nominal = float(name[:-1]) * (1e6 if name.endswith("M") else 1e9)
        assert abs(count / nominal - 1) < 0.02, (name, count)
    n_175b = gpt3_parameter_count(96, 12288)
    print(f"GPT-3 175B: {n_175b:,} parameters")

    # 6 N D: count the FLOPs of a forward and a hand-written backward pass through a stack of linear layers.
    rng = np.random.default_rng(0)
    widths, tokens = [16, 64, 64, 16], 32
    weights = [rng.normal(scale=0.3, size=(a, b)) for a, b in itertools.pairwise(widths)]
    inputs, upstream = rng.normal(size=(tokens, widths[0])), rng.normal(size=(tokens, widths[-1]))

    def loss(ws: list[np.ndarray]) -> float:
        """sum(upstream * output): its gradient with respect to the output is `upstream`."""
        h = inputs
        for w in ws:
            h = h @ w
        return float((h * upstream).sum())

    forward, backward = FlopCounter(), FlopCounter()
    activations = [inputs]
    for w in weights:
        activations.append(forward.matmul(activations[-1], w))
    grad, weight_grads = upstream, []
    for layer in reversed(range(len(weights))):
        weight_grads.insert(0, backward.matmul(activations[layer].T, grad))  # d loss / d W
        grad = backward.matmul(grad, weights[layer].T)  # d loss / d input of the layer
    num_weights = sum(w.size for w in weights)
    print(f"{num_weights} weights x {tokens} tokens: forward {forward.flops} FLOPs, backward {backward.flops}")
    assert forward.flops == 2 * num_weights * tokens and backward.flops == 4 * num_weights * tokens
    # The counted backward pass is a real one: check it with a directional finite difference.
    direction = [rng.normal(size=w.shape) for w in weights]
    eps = 1e-6
    numeric = (loss([w + eps * v for w, v in zip(weights, direction)])
               - loss([w - eps * v for w, v in zip(weights, direction)])) / (2 * eps)
    assert np.isclose(numeric, sum((g * v).sum() for g, v in zip(weight_grads, direction)), rtol=1e-6)

    compute = training_flops(n_175b, 300e9)
    print(f"training compute 6 N D with D = 300B tokens: {compute:.3e} FLOPs")
    assert abs(compute / 3.14e23 - 1) < 0.01

    # A few-shot prompt in GPT-3's format; with 40-token demonstrations about 50 fit into 2048 tokens.
    demos = [("2 + 2", "4"), ("3 + 5", "8"), ("7 + 1", "8")]
    print(build_prompt("Add the numbers:", demos, "6 + 3", 2))
    assert max_shots(40, 20, 28) == 50
    print("gpt-3: all checks passed")
