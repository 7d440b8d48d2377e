"""Oracle: CTR-model snippets (losses, hand gradients, attention and recurrent pieces) against PyTorch."""

import numpy as np
import torch
import torch.nn.functional as F

from .conftest import TOLERANCE, snippet


def test_ctr_log_loss_and_gradient_match_torch() -> None:
    ctr = snippet("ctr-prediction")
    rng = np.random.default_rng(0)
    x = ctr.one_hot_fields(np.stack([rng.integers(0, 4, 30), rng.integers(0, 3, 30)], axis=1), [4, 3])
    y, w, b = (rng.random(30) < 0.3).astype(float), rng.normal(size=7), 0.4
    w_t, b_t = torch.tensor(w, requires_grad=True), torch.tensor(b, requires_grad=True)
    loss = F.binary_cross_entropy_with_logits(torch.from_numpy(x) @ w_t + b_t, torch.from_numpy(y))
    loss.backward()
    assert abs(ctr.log_loss(y, ctr.predict_ctr(x, w, b)) - loss.item()) < TOLERANCE
    grad_w, grad_b = ctr.log_loss_gradient(x, y, w, b)
    np.testing.assert_allclose(grad_w, w_t.grad.numpy(), atol=TOLERANCE)
    assert abs(grad_b - b_t.grad.item()) < TOLERANCE


def test_factorization_machine_and_its_gradient_match_torch_autograd() -> None:
    fm = snippet("factorization-machine")
    rng = np.random.default_rng(1)
    x, v, w = rng.normal(size=8), rng.normal(size=(8, 3)), rng.normal(size=8)
    v_t = torch.tensor(v, requires_grad=True)
    x_t = torch.from_numpy(x)
    pairs = sum((v_t[i] @ v_t[j]) * x_t[i] * x_t[j] for i in range(8) for j in range(i + 1, 8))
    output = 0.2 + x_t @ torch.from_numpy(w) + pairs
    output.backward()
    assert abs(fm.fm_predict(x[None], 0.2, w, v)[0] - output.item()) < TOLERANCE
    np.testing.assert_allclose(fm.fm_gradient_v(x, v), v_t.grad.numpy(), atol=TOLERANCE)
