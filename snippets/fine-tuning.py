"""Fine-tuning: start from a network trained on a large related task, give it a fresh output layer for the new
task, and keep training all its weights on the new task's (small) data.

The pretrained lower layers already compute features that are useful for both tasks, so the few new examples only
have to fit the new head and nudge the features, instead of discovering them from scratch. Rates are kept small
and, following Howard and Ruder's discriminative fine-tuning, smaller still for lower layers: layer l counted from
the top gets lr / decay^l, so the most general features move least.
"""

from __future__ import annotations

import numpy as np
from _check import numerical_gradient, relative_error
from _optimization import Layer, init_network, mse_and_gradients, network_output, train


def discriminative_learning_rates(top_lr: float, n_layers: int, decay: float = 2.6) -> list[float]:
    """One rate per layer, bottom layer first: the top layer gets `top_lr`, each layer below 1 / decay of the next."""
    return [top_lr / decay ** (n_layers - 1 - index) for index in range(n_layers)]


def fine_tune(pretrained: list[Layer], new_head: Layer, x: np.ndarray, y: np.ndarray, top_lr: float, steps: int,
              decay: float = 2.6) -> tuple[list[Layer], list[float]]:
    """Swap the output layer of `pretrained` for `new_head` and train every layer on (x, y) with gradient descent
    at discriminative rates; returns the adapted layers and the training losses."""
    layers = pretrained[:-1] + [new_head]
    return train(layers, x, y, discriminative_learning_rates(top_lr, len(layers), decay), steps)


if __name__ == "__main__":
    rng = np.random.default_rng(0)
    n_in, n_features = 8, 4
    mixing = rng.normal(size=(n_features, n_in)) / np.sqrt(n_in) * 2

    def shared_features(x: np.ndarray) -> np.ndarray:
        """The structure both tasks share: targets of either task are linear read-outs of these."""
        return np.tanh(x @ mixing.T)

    source_x = rng.normal(size=(400, n_in))
    source_y = shared_features(source_x) @ rng.normal(size=(n_features, 8))
    target_readout = rng.normal(size=(n_features, 1))
    target_x, test_x = rng.normal(size=(16, n_in)), rng.normal(size=(1000, n_in))
    target_y, test_y = shared_features(target_x) @ target_readout, shared_features(test_x) @ target_readout

    def test_error(layers: list[Layer]) -> float:
        return 0.5 * float(np.mean((network_output(layers, test_x) - test_y) ** 2))

    # The backward pass used for training agrees with finite differences.
    probe = init_network([n_in, 12, 1], rng)
    _, probe_grads = mse_and_gradients(probe, target_x, target_y)
    numeric = numerical_gradient(lambda w: mse_and_gradients([(w, probe[0][1]), probe[1]], target_x, target_y)[0],
                                 probe[0][0])
    assert relative_error(probe_grads[0][0], numeric) < 1e-6

    # Pretrain on the large source task (400 examples, 8 outputs).
    pretrained, source_losses = train(init_network([n_in, 12, 8], rng), source_x, source_y, lr=0.1, steps=600)

    # Same small target set (16 examples), same budget of 200 steps: fine-tuned versus trained from scratch.
    tuned, _ = fine_tune(pretrained, init_network([12, 1], rng)[0], target_x, target_y, top_lr=0.05, steps=200)
    scratch, _ = train(init_network([n_in, 12, 1], rng), target_x, target_y, lr=0.05, steps=200)
    print(f"source task loss after pretraining: {source_losses[-1]:.4f}")
    print(f"target test error with 16 examples: fine-tuned {test_error(tuned):.4f}, "
          f"from scratch {test_error(scratch):.4f}")
    assert test_error(tuned) < 0.2 * test_error(scratch)

    # Adaptation stays local: the pretrained layer moves by less than a tenth of its size.
    drift = np.linalg.norm(tuned[0][0] - pretrained[0][0]) / np.linalg.norm(pretrained[0][0])
    print(f"relative change of the pretrained layer: {drift:.3f}")
    assert drift < 0.1
    print("fine-tuning: all checks passed")
