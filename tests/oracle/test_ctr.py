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


def test_wide_and_deep_joint_gradients_match_torch_autograd() -> None:
    wd = snippet("wide-and-deep")
    rng = np.random.default_rng(2)
    ids = rng.integers(0, 6, size=(12, 2))
    x_wide, y = wd.wide_features(ids[:, 0], ids[:, 1], 6), (rng.random(12) < 0.4).astype(float)
    params = wd.init_wide_and_deep(x_wide.shape[1], 6, 2, 3, 4, rng)
    loss, grads = wd.joint_loss_and_gradients(x_wide, ids, y, params)
    t = {name: torch.tensor(value, requires_grad=True) for name, value in params.items()}
    e = t["emb"][torch.from_numpy(ids)].reshape(12, -1)
    hidden = torch.relu(e @ t["W1"].T + t["b1"])
    logit = torch.from_numpy(x_wide) @ t["w_wide"] + hidden @ t["w_deep"] + t["b"]
    reference = F.binary_cross_entropy_with_logits(logit, torch.from_numpy(y))
    reference.backward()
    assert abs(loss - reference.item()) < TOLERANCE
    for name in params:
        np.testing.assert_allclose(grads[name], t[name].grad.numpy(), atol=TOLERANCE, err_msg=name)


def test_autoint_interacting_layer_matches_torch_multihead_attention() -> None:
    autoint = snippet("autoint")
    rng = np.random.default_rng(3)
    fields, heads, d_head = 5, 2, 3
    d = heads * d_head                                   # torch needs input width = total head width
    e = rng.normal(size=(fields, d))
    w_q, w_k, w_v, w_res = (rng.normal(scale=0.5, size=(d, d)) for _ in range(4))
    ours, weights = autoint.interacting_layer(e, w_q, w_k, w_v, w_res, heads)
    mha = torch.nn.MultiheadAttention(d, heads, bias=False, batch_first=True)
    with torch.no_grad():                                # undo torch's 1/sqrt(d') scaling; identity output map
        mha.in_proj_weight.copy_(torch.from_numpy(np.vstack([w_q * np.sqrt(d_head), w_k, w_v])))
        mha.out_proj.weight.copy_(torch.eye(d))
    x = torch.from_numpy(e)[None]
    attended, torch_weights = mha(x, x, x, average_attn_weights=False)
    reference = torch.relu(attended[0] + x[0] @ torch.from_numpy(w_res).T)
    np.testing.assert_allclose(ours, reference.detach().numpy(), atol=TOLERANCE)
    np.testing.assert_allclose(weights, torch_weights[0].detach().numpy(), atol=TOLERANCE)
