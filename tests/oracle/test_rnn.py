"""Oracle: recurrent cells and gates against torch.nn.RNNCell, LSTMCell, GRUCell and a bidirectional nn.RNN."""

import numpy as np
import pytest
import torch

from .conftest import TOLERANCE, snippet

BATCH, INPUT, HIDDEN = 5, 3, 4


def _torch_inputs(seed: int) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    return rng.normal(size=(BATCH, INPUT)), rng.normal(size=(BATCH, HIDDEN))


def _weights(cell: torch.nn.Module) -> dict[str, np.ndarray]:
    return {name: parameter.detach().numpy().copy() for name, parameter in cell.named_parameters()}


def test_rnn_cell_matches_torch() -> None:
    torch.manual_seed(0)
    cell = torch.nn.RNNCell(INPUT, HIDDEN, nonlinearity="tanh")
    w = _weights(cell)
    x, h = _torch_inputs(1)
    ours = snippet("rnn").rnn_cell(x, h, w["weight_ih"], w["weight_hh"], w["bias_ih"] + w["bias_hh"])
    reference = cell(torch.from_numpy(x), torch.from_numpy(h)).detach().numpy()
    np.testing.assert_allclose(ours, reference, atol=TOLERANCE)


def test_rnn_unrolled_matches_torch_rnn() -> None:
    torch.manual_seed(1)
    layer = torch.nn.RNN(INPUT, HIDDEN)
    w = _weights(layer)
    xs = np.random.default_rng(2).normal(size=(7, BATCH, INPUT))
    h0 = np.random.default_rng(3).normal(size=(BATCH, HIDDEN))
    ours = snippet("rnn").rnn_forward(xs, h0, w["weight_ih_l0"], w["weight_hh_l0"], w["bias_ih_l0"] + w["bias_hh_l0"])
    reference, _ = layer(torch.from_numpy(xs), torch.from_numpy(h0)[None])
    np.testing.assert_allclose(ours, reference.detach().numpy(), atol=TOLERANCE)


def test_lstm_cell_matches_torch() -> None:
    torch.manual_seed(0)
    cell = torch.nn.LSTMCell(INPUT, HIDDEN)
    w = _weights(cell)
    x, h = _torch_inputs(1)
    c = np.random.default_rng(4).normal(size=(BATCH, HIDDEN))
    ours_h, ours_c = snippet("lstm").lstm_cell(x, h, c, w["weight_ih"], w["weight_hh"], w["bias_ih"] + w["bias_hh"])
    ref_h, ref_c = cell(torch.from_numpy(x), (torch.from_numpy(h), torch.from_numpy(c)))
    np.testing.assert_allclose(ours_h, ref_h.detach().numpy(), atol=TOLERANCE)
    np.testing.assert_allclose(ours_c, ref_c.detach().numpy(), atol=TOLERANCE)


def test_lstm_cell_gradients_match_torch_autograd() -> None:
    torch.manual_seed(5)
    cell = torch.nn.LSTMCell(INPUT, HIDDEN)
    w = _weights(cell)
    rng = np.random.default_rng(6)
    x, h, c, grad_h, grad_c = (rng.normal(size=n) for n in (INPUT, HIDDEN, HIDDEN, HIDDEN, HIDDEN))
    b = w["bias_ih"] + w["bias_hh"]
    ours = snippet("lstm").lstm_cell_backward(x, h, c, w["weight_ih"], w["weight_hh"], b, grad_h, grad_c)
    tx, th, tc = (torch.tensor(a, requires_grad=True) for a in (x, h, c))
    new_h, new_c = cell(tx, (th, tc))
    ((new_h * torch.from_numpy(grad_h)).sum() + (new_c * torch.from_numpy(grad_c)).sum()).backward()
    np.testing.assert_allclose(ours["x"], tx.grad.numpy(), atol=TOLERANCE)
    np.testing.assert_allclose(ours["h_prev"], th.grad.numpy(), atol=TOLERANCE)
    np.testing.assert_allclose(ours["c_prev"], tc.grad.numpy(), atol=TOLERANCE)
    np.testing.assert_allclose(ours["W_ih"], cell.weight_ih.grad.numpy(), atol=TOLERANCE)
    np.testing.assert_allclose(ours["W_hh"], cell.weight_hh.grad.numpy(), atol=TOLERANCE)
    np.testing.assert_allclose(ours["b"], cell.bias_ih.grad.numpy(), atol=TOLERANCE)


def test_cell_state_step_matches_torch() -> None:
    torch.manual_seed(11)
    cell = torch.nn.LSTMCell(INPUT, HIDDEN)
    w = _weights(cell)
    x, h = _torch_inputs(12)
    c = np.random.default_rng(13).normal(size=(BATCH, HIDDEN))
    b = w["bias_ih"] + w["bias_hh"]
    ours_h, ours_c = snippet("cell-state").lstm_step(x, h, c, w["weight_ih"], w["weight_hh"], b)
    ref_h, ref_c = cell(torch.from_numpy(x), (torch.from_numpy(h), torch.from_numpy(c)))
    np.testing.assert_allclose(ours_c, ref_c.detach().numpy(), atol=TOLERANCE)
    np.testing.assert_allclose(ours_h, ref_h.detach().numpy(), atol=TOLERANCE)


def test_gru_cell_matches_torch() -> None:
    torch.manual_seed(0)
    cell = torch.nn.GRUCell(INPUT, HIDDEN)
    w = _weights(cell)
    x, h = _torch_inputs(1)
    ours = snippet("gru").gru_cell(x, h, w["weight_ih"], w["weight_hh"], w["bias_ih"], w["bias_hh"])
    reference = cell(torch.from_numpy(x), torch.from_numpy(h)).detach().numpy()
    np.testing.assert_allclose(ours, reference, atol=TOLERANCE)


def test_gru_cell_gradients_match_torch_autograd() -> None:
    torch.manual_seed(7)
    cell = torch.nn.GRUCell(INPUT, HIDDEN)
    w = _weights(cell)
    rng = np.random.default_rng(8)
    x, h, grad_h = rng.normal(size=INPUT), rng.normal(size=HIDDEN), rng.normal(size=HIDDEN)
    ours = snippet("gru").gru_cell_backward(x, h, w["weight_ih"], w["weight_hh"], w["bias_ih"], w["bias_hh"], grad_h)
    tx, th = torch.tensor(x, requires_grad=True), torch.tensor(h, requires_grad=True)
    (cell(tx, th) * torch.from_numpy(grad_h)).sum().backward()
    np.testing.assert_allclose(ours["x"], tx.grad.numpy(), atol=TOLERANCE)
    np.testing.assert_allclose(ours["h_prev"], th.grad.numpy(), atol=TOLERANCE)
    for name, parameter in cell.named_parameters():
        key = {"weight_ih": "W_ih", "weight_hh": "W_hh", "bias_ih": "b_ih", "bias_hh": "b_hh"}[name]
        np.testing.assert_allclose(ours[key], parameter.grad.numpy(), atol=TOLERANCE)


def test_bidirectional_rnn_matches_torch() -> None:
    torch.manual_seed(0)
    layer = torch.nn.RNN(INPUT, HIDDEN, bidirectional=True)
    w = _weights(layer)
    xs = np.random.default_rng(9).normal(size=(6, BATCH, INPUT))
    forward = (w["weight_ih_l0"], w["weight_hh_l0"], w["bias_ih_l0"] + w["bias_hh_l0"])
    backward = (w["weight_ih_l0_reverse"], w["weight_hh_l0_reverse"], w["bias_ih_l0_reverse"] + w["bias_hh_l0_reverse"])
    ours = snippet("bidirectional-rnn").bidirectional_rnn(xs, forward, backward)
    reference, _ = layer(torch.from_numpy(xs))
    np.testing.assert_allclose(ours, reference.detach().numpy(), atol=TOLERANCE)


@pytest.mark.parametrize("gate", ["forget", "input"])
def test_gate_matches_torch_lstm_cell(gate: str) -> None:
    """Pin the other gates of a torch LSTMCell so its new cell state exposes one gate's value.

    Forget gate: input gate closed (bias -50), so c_t = f * c_{t-1}; with c_{t-1} = 1, c_t = f.
    Input gate: forget gate closed and candidate saturated at tanh(50) = 1, so c_t = i.
    """
    torch.manual_seed(3)
    cell = torch.nn.LSTMCell(INPUT, HIDDEN)
    rows = {name: slice(k * HIDDEN, (k + 1) * HIDDEN) for k, name in enumerate(["input", "forget", "candidate"])}
    pinned = ["input"] if gate == "forget" else ["forget", "candidate"]
    with torch.no_grad():
        cell.bias_hh.zero_()
        for name in pinned:
            cell.weight_ih[rows[name]] = 0.0
            cell.weight_hh[rows[name]] = 0.0
            cell.bias_ih[rows[name]] = -50.0 if name != "candidate" else 50.0
    w = _weights(cell)
    x, h = _torch_inputs(10)
    _, c = cell(torch.from_numpy(x), (torch.from_numpy(h), torch.ones(BATCH, HIDDEN, dtype=torch.float64)))
    own = rows[gate]
    module = snippet(f"{gate}-gate")
    gate_function = module.forget_gate if gate == "forget" else module.input_gate
    ours = gate_function(x, h, w["weight_ih"][own], w["weight_hh"][own], w["bias_ih"][own])
    np.testing.assert_allclose(ours, c.detach().numpy(), atol=TOLERANCE)
