"""Oracle: optimisers, gradient clipping and backpropagated gradients against torch.optim, clip_grad_norm_, autograd."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pytest
import torch

from .conftest import TOLERANCE, snippet

STEPS = 25


def random_bowl(seed: int, dim: int = 5) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """A quadratic f(x) = 1/2 (x - x*)^T H (x - x*) with curvatures from 0.1 to 10, and a start point."""
    rng = np.random.default_rng(seed)
    axes = np.linalg.qr(rng.normal(size=(dim, dim)))[0]
    hessian = axes @ np.diag(np.geomspace(0.1, 10.0, dim)) @ axes.T
    return hessian, rng.normal(size=dim), rng.normal(size=dim)


def torch_trajectory(
    make_optimizer: Callable[[list[torch.Tensor]], torch.optim.Optimizer],
    hessian: np.ndarray,
    minimiser: np.ndarray,
    x0: np.ndarray,
    steps: int = STEPS,
) -> np.ndarray:
    """Parameters after every step of a torch optimiser on the quadratic, gradients by autograd."""
    param = torch.tensor(x0, requires_grad=True)
    h, x_star = torch.from_numpy(hessian), torch.from_numpy(minimiser)
    optimizer = make_optimizer([param])
    path = []
    for _ in range(steps):
        optimizer.zero_grad()
        offset = param - x_star
        (0.5 * offset @ h @ offset).backward()
        optimizer.step()
        path.append(param.detach().numpy().copy())
    return np.array(path)


def our_trajectory(
    step: Callable[..., tuple],
    n_state: int,
    hessian: np.ndarray,
    minimiser: np.ndarray,
    x0: np.ndarray,
    steps: int = STEPS,
    with_time: bool = False,
    **settings: float,
) -> np.ndarray:
    """Parameters after every step of a snippet's update function, which returns (params, *state)."""
    x, state, path = x0.copy(), [np.zeros_like(x0) for _ in range(n_state)], []
    for t in range(1, steps + 1):
        grad = hessian @ (x - minimiser)
        x, *state = step(x, grad, *state, *([t] if with_time else []), **settings)
        path.append(x)
    return np.array(path)


def test_sgd_step_and_least_squares_gradient_match_torch() -> None:
    sgd = snippet("sgd")
    rng = np.random.default_rng(0)
    x, y = rng.normal(size=(40, 3)), rng.normal(size=40)
    batches = [rng.choice(40, size=8, replace=False) for _ in range(STEPS)]
    w = rng.normal(size=3)
    param = torch.tensor(w, requires_grad=True)
    optimizer = torch.optim.SGD([param], lr=0.1)
    for batch in batches:
        w = sgd.sgd_step(w, sgd.least_squares_gradient(w, x[batch], y[batch]), 0.1)
        optimizer.zero_grad()
        prediction = torch.from_numpy(x[batch]) @ param
        (0.5 * ((prediction - torch.from_numpy(y[batch])) ** 2).mean()).backward()
        optimizer.step()
        np.testing.assert_allclose(w, param.detach().numpy(), atol=TOLERANCE)


@pytest.mark.parametrize("nesterov", [False, True])
def test_momentum_matches_torch_sgd_momentum(nesterov: bool) -> None:
    hessian, minimiser, x0 = random_bowl(1)
    ours = our_trajectory(
        snippet("momentum").momentum_step, 1, hessian, minimiser, x0, lr=0.05, mu=0.9, nesterov=nesterov
    )
    reference = torch_trajectory(
        lambda p: torch.optim.SGD(p, lr=0.05, momentum=0.9, nesterov=nesterov), hessian, minimiser, x0
    )
    np.testing.assert_allclose(ours, reference, atol=TOLERANCE)


# A large eps in the second case makes where eps enters the formula visible at the tolerance.
@pytest.mark.parametrize("eps", [1e-10, 0.1])
def test_adagrad_matches_torch(eps: float) -> None:
    hessian, minimiser, x0 = random_bowl(2)
    ours = our_trajectory(snippet("adagrad").adagrad_step, 1, hessian, minimiser, x0, lr=0.3, eps=eps)
    reference = torch_trajectory(lambda p: torch.optim.Adagrad(p, lr=0.3, eps=eps), hessian, minimiser, x0)
    np.testing.assert_allclose(ours, reference, atol=TOLERANCE)


@pytest.mark.parametrize(("alpha", "eps"), [(0.9, 1e-8), (0.99, 1e-8), (0.9, 0.1)])
def test_rmsprop_matches_torch(alpha: float, eps: float) -> None:
    hessian, minimiser, x0 = random_bowl(3)
    ours = our_trajectory(snippet("rmsprop").rmsprop_step, 1, hessian, minimiser, x0, lr=0.01, alpha=alpha, eps=eps)
    reference = torch_trajectory(
        lambda p: torch.optim.RMSprop(p, lr=0.01, alpha=alpha, eps=eps), hessian, minimiser, x0
    )
    np.testing.assert_allclose(ours, reference, atol=TOLERANCE)


@pytest.mark.parametrize(("lr", "eps"), [(1.0, 1e-6), (0.5, 1e-6), (1.0, 0.1)])
def test_adadelta_matches_torch(lr: float, eps: float) -> None:
    hessian, minimiser, x0 = random_bowl(4)
    ours = our_trajectory(snippet("adadelta").adadelta_step, 2, hessian, minimiser, x0, rho=0.95, eps=eps, lr=lr)
    reference = torch_trajectory(lambda p: torch.optim.Adadelta(p, lr=lr, rho=0.95, eps=eps), hessian, minimiser, x0)
    np.testing.assert_allclose(ours, reference, atol=TOLERANCE)


@pytest.mark.parametrize(("betas", "eps"), [((0.9, 0.999), 1e-8), ((0.5, 0.9), 1e-8), ((0.9, 0.999), 0.1)])
def test_adam_matches_torch(betas: tuple[float, float], eps: float) -> None:
    hessian, minimiser, x0 = random_bowl(5)
    ours = our_trajectory(
        snippet("adam").adam_step,
        2,
        hessian,
        minimiser,
        x0,
        with_time=True,
        lr=0.05,
        beta1=betas[0],
        beta2=betas[1],
        eps=eps,
    )
    reference = torch_trajectory(lambda p: torch.optim.Adam(p, lr=0.05, betas=betas, eps=eps), hessian, minimiser, x0)
    np.testing.assert_allclose(ours, reference, atol=TOLERANCE)


@pytest.mark.parametrize("max_norm", [0.5, 1e3])
def test_clip_grad_norm_matches_torch(max_norm: float) -> None:
    rng = np.random.default_rng(6)
    grads = [rng.normal(size=(4, 3)) * 3, rng.normal(size=7), rng.normal(size=(2, 2, 2))]
    clipped, norm = snippet("gradient-clipping").clip_grad_norm(grads, max_norm)
    params = [torch.zeros(g.shape, requires_grad=True) for g in grads]
    for param, grad in zip(params, grads):
        param.grad = torch.from_numpy(grad.copy())
    reference_norm = torch.nn.utils.clip_grad_norm_(params, max_norm)
    assert abs(norm - float(reference_norm)) < TOLERANCE
    for ours, param in zip(clipped, params):
        np.testing.assert_allclose(ours, param.grad.numpy(), atol=TOLERANCE)


def test_backprop_matches_autograd() -> None:
    backpropagation = snippet("backpropagation")
    rng = np.random.default_rng(7)
    sizes = [4, 6, 5, 3]
    weights = [rng.normal(size=(n_out, n_in)) for n_in, n_out in zip(sizes[:-1], sizes[1:])]
    biases = [rng.normal(size=n_out) for n_out in sizes[1:]]
    x, y = rng.normal(size=(8, sizes[0])), rng.normal(size=(8, sizes[-1]))
    weight_grads, bias_grads, input_grad = backpropagation.backprop(weights, biases, x, y)

    layers = [torch.nn.Linear(n_in, n_out) for n_in, n_out in zip(sizes[:-1], sizes[1:])]
    with torch.no_grad():
        for layer, weight, bias in zip(layers, weights, biases):
            layer.weight.copy_(torch.from_numpy(weight))
            layer.bias.copy_(torch.from_numpy(bias))
    inputs = torch.tensor(x, requires_grad=True)
    h = inputs
    for index, layer in enumerate(layers):
        h = layer(h) if index == len(layers) - 1 else torch.tanh(layer(h))
    (0.5 * ((h - torch.from_numpy(y)) ** 2).sum(dim=1).mean()).backward()
    for layer, weight_grad, bias_grad in zip(layers, weight_grads, bias_grads):
        np.testing.assert_allclose(weight_grad, layer.weight.grad.numpy(), atol=TOLERANCE)
        np.testing.assert_allclose(bias_grad, layer.bias.grad.numpy(), atol=TOLERANCE)
    np.testing.assert_allclose(input_grad, inputs.grad.numpy(), atol=TOLERANCE)


def rnn_problem(seed: int) -> dict[str, np.ndarray]:
    rng = np.random.default_rng(seed)
    steps, n_in, n_hidden = 9, 3, 4
    return {
        "w_xh": rng.normal(size=(n_hidden, n_in)),
        "w_hh": rng.normal(size=(n_hidden, n_hidden)) * 0.7,
        "b": rng.normal(size=n_hidden),
        "xs": rng.normal(size=(steps, n_in)),
        "h0": rng.normal(size=n_hidden),
        "readout": rng.normal(size=n_hidden),
        "targets": rng.normal(size=steps),
    }


@pytest.mark.parametrize("truncation", [None, 1, 3])
def test_bptt_matches_autograd(truncation: int | None) -> None:
    """Full BPTT against torch.nn.RNN; truncated BPTT(k) against autograd with the state detached k steps back."""
    bptt, p = snippet("bptt"), rnn_problem(8)
    states = bptt.rnn_forward(p["w_xh"], p["w_hh"], p["b"], p["xs"], p["h0"])
    errors = np.array([(p["readout"] @ h - y) * p["readout"] for h, y in zip(states[1:], p["targets"])])
    ours = bptt.bptt(p["w_xh"], p["w_hh"], p["b"], p["xs"], states, errors, truncation=truncation)

    rnn = torch.nn.RNN(input_size=3, hidden_size=4, nonlinearity="tanh")
    with torch.no_grad():
        rnn.weight_ih_l0.copy_(torch.from_numpy(p["w_xh"]))
        rnn.weight_hh_l0.copy_(torch.from_numpy(p["w_hh"]))
        rnn.bias_ih_l0.copy_(torch.from_numpy(p["b"]))
        rnn.bias_hh_l0.zero_()
    xs, readout, targets = (torch.from_numpy(p[key]) for key in ("xs", "readout", "targets"))
    all_states, _ = rnn(xs[:, None, :], torch.from_numpy(p["h0"])[None, None, :])
    detached = torch.cat([torch.from_numpy(p["h0"])[None], all_states[:, 0].detach()])
    loss = torch.zeros(())
    for t in range(1, len(xs) + 1):
        if truncation is None:
            h_t = all_states[t - 1, 0]
        else:
            start = max(t - truncation, 0)
            h_t = rnn(xs[start:t, None, :], detached[start][None, None, :])[0][-1, 0]
        loss = loss + 0.5 * (readout @ h_t - targets[t - 1]) ** 2
    loss.backward()
    for mine, reference in zip(ours, (rnn.weight_ih_l0.grad, rnn.weight_hh_l0.grad, rnn.bias_ih_l0.grad)):
        np.testing.assert_allclose(mine, reference.numpy(), atol=TOLERANCE)


@pytest.mark.parametrize("activation", ["sigmoid", "tanh", "relu"])
def test_layer_gradients_match_autograd(activation: str) -> None:
    rng = np.random.default_rng(9)
    weights = [rng.normal(size=(5, 5)) for _ in range(4)]
    x, top = rng.normal(size=5), rng.normal(size=5)
    ours = snippet("vanishing-gradient").layer_gradients(weights, x, activation, top)
    function = {"sigmoid": torch.sigmoid, "tanh": torch.tanh, "relu": torch.relu}[activation]
    levels = [torch.tensor(x, requires_grad=True)]
    for weight in weights:
        levels.append(function(torch.from_numpy(weight) @ levels[-1]))
        levels[-1].retain_grad()
    (torch.from_numpy(top) @ levels[-1]).backward()
    for mine, level in zip(ours, levels):
        np.testing.assert_allclose(mine, level.grad.numpy(), atol=TOLERANCE)


def test_state_gradients_match_autograd() -> None:
    rng = np.random.default_rng(10)
    w_hh, drives, h0, top = rng.normal(size=(4, 4)), rng.normal(size=(6, 4)), rng.normal(size=4), rng.normal(size=4)
    ours = snippet("exploding-gradient").state_gradients(w_hh, drives, h0, top, "tanh")
    states = [torch.tensor(h0, requires_grad=True)]
    for drive in drives:
        states.append(torch.tanh(torch.from_numpy(w_hh) @ states[-1] + torch.from_numpy(drive)))
        states[-1].retain_grad()
    (torch.from_numpy(top) @ states[-1]).backward()
    for mine, state in zip(ours, states):
        np.testing.assert_allclose(mine, state.grad.numpy(), atol=TOLERANCE)


def test_training_network_gradients_match_autograd() -> None:
    """The tanh network used for fine-tuning and layer-wise pre-training."""
    module = snippet("fine-tuning")
    rng = np.random.default_rng(11)
    layers = module.init_network([4, 7, 3], rng)
    x, y = rng.normal(size=(10, 4)), rng.normal(size=(10, 3))
    loss, grads = module.mse_and_gradients(layers, x, y)
    tensors = [(torch.tensor(w, requires_grad=True), torch.tensor(b, requires_grad=True)) for w, b in layers]
    hidden = torch.tanh(torch.from_numpy(x) @ tensors[0][0].T + tensors[0][1])
    output = hidden @ tensors[1][0].T + tensors[1][1]
    reference = 0.5 * ((output - torch.from_numpy(y)) ** 2).sum() / len(x)
    reference.backward()
    assert abs(loss - float(reference.detach())) < TOLERANCE
    for (grad_w, grad_b), (w, b) in zip(grads, tensors):
        np.testing.assert_allclose(grad_w, w.grad.numpy(), atol=TOLERANCE)
        np.testing.assert_allclose(grad_b, b.grad.numpy(), atol=TOLERANCE)
