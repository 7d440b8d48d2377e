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
    d = heads * d_head  # torch needs input width = total head width
    e = rng.normal(size=(fields, d))
    w_q, w_k, w_v, w_res = (rng.normal(scale=0.5, size=(d, d)) for _ in range(4))
    ours, weights = autoint.interacting_layer(e, w_q, w_k, w_v, w_res, heads)
    mha = torch.nn.MultiheadAttention(d, heads, bias=False, batch_first=True)
    with torch.no_grad():  # undo torch's 1/sqrt(d') scaling; identity output map
        mha.in_proj_weight.copy_(torch.from_numpy(np.vstack([w_q * np.sqrt(d_head), w_k, w_v])))
        mha.out_proj.weight.copy_(torch.eye(d))
    x = torch.from_numpy(e)[None]
    attended, torch_weights = mha(x, x, x, average_attn_weights=False)
    reference = torch.relu(attended[0] + x[0] @ torch.from_numpy(w_res).T)
    np.testing.assert_allclose(ours, reference.detach().numpy(), atol=TOLERANCE)
    np.testing.assert_allclose(weights, torch_weights[0].detach().numpy(), atol=TOLERANCE)


def test_augru_matches_torch_gru_cell_and_scales_its_step() -> None:
    dien = snippet("dien")
    torch.manual_seed(4)
    cell = torch.nn.GRUCell(4, 3)
    w = {name: p.detach().numpy().copy() for name, p in cell.named_parameters()}
    rng = np.random.default_rng(5)
    x, h = rng.normal(size=4), rng.normal(size=3)
    args = (w["weight_ih"], w["weight_hh"], w["bias_ih"], w["bias_hh"])
    reference = cell(torch.from_numpy(x)[None], torch.from_numpy(h)[None])[0].detach().numpy()
    np.testing.assert_allclose(dien.augru_cell(x, h, 1.0, *args), reference, atol=TOLERANCE)
    # With attention a the update gate u = 1 - z is scaled by a: h + a (h_gru - h), h_gru from torch.
    np.testing.assert_allclose(dien.augru_cell(x, h, 0.25, *args), h + 0.25 * (reference - h), atol=TOLERANCE)


def test_esmm_loss_and_gradients_match_torch() -> None:
    esmm = snippet("esmm")
    rng = np.random.default_rng(6)
    a, b = rng.normal(size=20), rng.normal(size=20)
    click = (rng.random(20) < 0.4).astype(float)
    conversion = click * (rng.random(20) < 0.5)
    a_t, b_t = torch.tensor(a, requires_grad=True), torch.tensor(b, requires_grad=True)
    p_ctr = torch.sigmoid(a_t)
    reference = F.binary_cross_entropy(p_ctr, torch.from_numpy(click)) + F.binary_cross_entropy(
        p_ctr * torch.sigmoid(b_t), torch.from_numpy(click * conversion)
    )
    reference.backward()
    assert abs(esmm.esmm_loss(a, b, click, conversion) - reference.item()) < TOLERANCE
    d_ctr, d_cvr = esmm.esmm_loss_gradients(a, b, click, conversion)
    np.testing.assert_allclose(d_ctr, a_t.grad.numpy(), atol=TOLERANCE)
    np.testing.assert_allclose(d_cvr, b_t.grad.numpy(), atol=TOLERANCE)


def test_dssm_softmax_over_cosines_matches_torch() -> None:
    dssm = snippet("dssm")
    rng = np.random.default_rng(7)
    query, docs, gamma = rng.normal(size=8), rng.normal(size=(5, 8)), 7.0
    relevance = dssm.cosine(query, docs)
    torch_relevance = F.cosine_similarity(torch.from_numpy(query)[None], torch.from_numpy(docs), dim=1)
    np.testing.assert_allclose(relevance, torch_relevance.numpy(), atol=TOLERANCE)
    r = torch.tensor(relevance, requires_grad=True)
    loss = F.cross_entropy(gamma * r[None], torch.tensor([0]))
    loss.backward()
    assert abs(dssm.dssm_loss(relevance, gamma) - loss.item()) < TOLERANCE
    np.testing.assert_allclose(dssm.dssm_loss_gradient(relevance, gamma), r.grad.numpy(), atol=TOLERANCE)


def test_feature_cross_is_the_kronecker_product_of_one_hot_blocks() -> None:
    cross = snippet("feature-crossing")
    rng = np.random.default_rng(8)
    a, b = np.eye(3)[rng.integers(0, 3, 6)], np.eye(4)[rng.integers(0, 4, 6)]
    reference = torch.stack([torch.kron(torch.from_numpy(x), torch.from_numpy(y)) for x, y in zip(a, b)])
    np.testing.assert_allclose(cross.cross_features(a, b), reference.numpy(), atol=TOLERANCE)


def test_pnn_inner_products_match_torch_bmm() -> None:
    pnn = snippet("pnn")
    e = np.random.default_rng(9).normal(size=(3, 5, 4))
    gram = torch.bmm(torch.from_numpy(e), torch.from_numpy(e).transpose(1, 2))
    rows, cols = torch.triu_indices(5, 5, 1)
    np.testing.assert_allclose(pnn.inner_products(e), gram[:, rows, cols].numpy(), atol=TOLERANCE)


def test_deep_crossing_residual_unit_matches_torch_linear_layers() -> None:
    dc = snippet("deep-crossing")
    torch.manual_seed(10)
    first, second = torch.nn.Linear(6, 9), torch.nn.Linear(9, 6)
    x = np.random.default_rng(11).normal(size=(4, 6))
    unit = tuple(p.detach().numpy() for p in (first.weight, first.bias, second.weight, second.bias))
    reference = second(torch.relu(first(torch.from_numpy(x)))) + torch.from_numpy(x)
    np.testing.assert_allclose(dc.residual_unit(x, unit), reference.detach().numpy(), atol=TOLERANCE)


def test_dcn_cross_layer_matches_explicit_outer_product_in_torch() -> None:
    dcn = snippet("dcn")
    rng = np.random.default_rng(12)
    x0, xl, w, b = rng.normal(size=(4, 5)), rng.normal(size=(4, 5)), rng.normal(size=5), rng.normal(size=5)
    outer = torch.einsum("ni,nj->nij", torch.from_numpy(x0), torch.from_numpy(xl))  # x_0 x_l^T
    reference = outer @ torch.from_numpy(w) + torch.from_numpy(b) + torch.from_numpy(xl)
    np.testing.assert_allclose(dcn.cross_layer(x0, xl, w, b), reference.numpy(), atol=TOLERANCE)


def test_xdeepfm_cin_layer_equals_a_size_one_convolution_in_torch() -> None:
    xdeepfm = snippet("xdeepfm")
    rng = np.random.default_rng(13)
    x_prev, x0, w = rng.normal(size=(2, 3, 5)), rng.normal(size=(2, 4, 5)), rng.normal(size=(6, 3, 4))
    # The paper's CNN view: the H_prev * m Hadamard products are channels along the embedding axis, and the
    # layer is a 1-wide convolution with H_k filters.
    z = torch.einsum("nid,njd->nijd", torch.from_numpy(x_prev), torch.from_numpy(x0)).reshape(2, 12, 5)
    reference = F.conv1d(z, torch.from_numpy(w).reshape(6, 12, 1))
    np.testing.assert_allclose(xdeepfm.cin_layer(x_prev, x0, w), reference.numpy(), atol=TOLERANCE)


def test_fibinet_bilinear_form_matches_torch_bilinear() -> None:
    fibinet = snippet("fibinet")
    rng = np.random.default_rng(14)
    v, w = rng.normal(size=(4, 3)), rng.normal(size=(3, 3))
    layer = torch.nn.Bilinear(3, 3, 1, bias=False)
    with torch.no_grad():
        layer.weight.copy_(torch.from_numpy(w)[None])
    rows, cols = np.triu_indices(4, 1)
    reference = layer(torch.from_numpy(v[rows]), torch.from_numpy(v[cols]))[:, 0]
    # Summing the bilinear interaction vector (v_i W) * v_j over its coordinates gives v_i^T W v_j.
    np.testing.assert_allclose(
        fibinet.bilinear_interaction(v, w).sum(axis=1), reference.detach().numpy(), atol=TOLERANCE
    )
