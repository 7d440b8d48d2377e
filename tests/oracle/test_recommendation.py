"""Oracle: the recommendation snippets against torch (autograd for hand gradients, torch.linalg, torch.nn.functional)."""

import numpy as np
import torch
import torch.nn.functional as F

from .conftest import TOLERANCE, snippet


def _t(x: np.ndarray, grad: bool = False) -> torch.Tensor:
    return torch.tensor(np.asarray(x, dtype=np.float64), requires_grad=grad)


def test_pearson_similarity_matches_torch_corrcoef() -> None:
    cf = snippet("collaborative-filtering")
    rng = np.random.default_rng(0)
    ratings = rng.integers(1, 6, size=(6, 15)).astype(float) * (rng.random((6, 15)) < 0.8)
    for u, v in [(0, 1), (2, 3), (4, 5)]:
        both = (ratings[u] > 0) & (ratings[v] > 0)
        reference = torch.corrcoef(_t(np.stack([ratings[u, both], ratings[v, both]])))[0, 1].item()
        assert abs(cf.pearson_similarity(ratings, u, v) - reference) < TOLERANCE


def test_adjusted_cosine_matches_torch_cosine_similarity() -> None:
    icf = snippet("item-based-cf")
    rng = np.random.default_rng(1)
    ratings = rng.integers(1, 6, size=(20, 5)).astype(float) * (rng.random((20, 5)) < 0.7)
    rated = ratings > 0
    means = np.array([row[row > 0].mean() for row in ratings])
    sims = icf.adjusted_cosine(ratings)
    for i in range(5):
        for j in range(5):
            both = rated[:, i] & rated[:, j]
            a, b = _t(ratings[both, i] - means[both]), _t(ratings[both, j] - means[both])
            reference = F.cosine_similarity(a, b, dim=0, eps=1e-300).item()
            assert abs(sims[i, j] - reference) < TOLERANCE


def test_matrix_factorization_sgd_step_is_autograd_gradient() -> None:
    mf = snippet("matrix-factorization")
    rng = np.random.default_rng(2)
    k, r, mu, lr, lam = 4, 3.0, 3.4, 0.05, 0.1
    bu, bi, pu, qi = rng.normal(), rng.normal(), rng.normal(size=k), rng.normal(size=k)
    params = [_t(bu, True), _t(bi, True), _t(pu, True), _t(qi, True)]
    b_u, b_i, p, q = params
    error = r - (mu + b_u + b_i + p @ q)
    (error**2 + lam * sum((x**2).sum() for x in params)).backward()
    for ours, x in zip(mf.sgd_step(r, mu, bu, bi, pu, qi, lr, lam), params):
        np.testing.assert_allclose(ours, (x - lr / 2 * x.grad).detach().numpy(), atol=TOLERANCE)


def test_pmf_log_joint_and_gradients_match_torch() -> None:
    pmf = snippet("probabilistic-matrix-factorization")
    rng = np.random.default_rng(3)
    U, V, R = rng.normal(size=(5, 2)), rng.normal(size=(4, 2)), rng.normal(size=(5, 4))
    mask = rng.random((5, 4)) < 0.6
    sigma, su, sv = 0.7, 1.5, 0.8
    Ut, Vt = _t(U, True), _t(V, True)
    normal = torch.distributions.Normal
    reference = (
        normal(Ut @ Vt.T, sigma).log_prob(_t(R))[torch.from_numpy(mask)].sum()
        + normal(0.0, su).log_prob(Ut).sum()
        + normal(0.0, sv).log_prob(Vt).sum()
    )
    assert abs(pmf.log_joint(U, V, R, mask, sigma, su, sv) - reference.item()) < TOLERANCE
    # The MAP objective's gradients equal -sigma^2 times the log-posterior's gradients.
    (-(sigma**2) * reference).backward()
    _, gU, gV = pmf.pmf_objective(U, V, R, mask, sigma**2 / su**2, sigma**2 / sv**2)
    np.testing.assert_allclose(gU, Ut.grad.numpy(), atol=TOLERANCE)
    np.testing.assert_allclose(gV, Vt.grad.numpy(), atol=TOLERANCE)


def test_svdpp_sgd_step_is_autograd_gradient() -> None:
    svdpp = snippet("svd-plus-plus")
    rng = np.random.default_rng(4)
    k, r, mu, lr, lam = 3, 4.0, 3.6, 0.05, 0.05
    bu, bi, pu, qi, Y = rng.normal(), rng.normal(), rng.normal(size=k), rng.normal(size=k), rng.normal(size=(7, k))
    items = np.array([1, 4, 6])
    params = [_t(bu, True), _t(bi, True), _t(pu, True), _t(qi, True), _t(Y[items], True)]
    b_u, b_i, p, q, y = params
    error = r - (mu + b_u + b_i + q @ (p + y.sum(dim=0) / np.sqrt(len(items))))
    (error**2 + lam * sum((x**2).sum() for x in params)).backward()
    new = svdpp.svdpp_sgd_step(r, mu, bu, bi, pu, qi, Y, items, lr, lam)
    for ours, x in zip(list(new[:4]) + [new[4][items]], params):
        np.testing.assert_allclose(ours, (x - lr / 2 * x.grad).detach().numpy(), atol=TOLERANCE)


def test_implicit_als_step_matches_torch_solve_and_zeroes_autograd_gradient() -> None:
    als = snippet("implicit-als")
    rng = np.random.default_rng(5)
    counts = rng.poisson(1.0, size=(6, 8)) * (rng.random((6, 8)) < 0.5)
    Y, alpha, lam = rng.normal(size=(8, 3)), 3.0, 0.2
    X = als.als_solve(Y, counts, alpha, lam)
    Yt = _t(Y)
    for u in range(6):
        C = torch.diag(_t(1.0 + alpha * counts[u]))
        reference = torch.linalg.solve(Yt.T @ C @ Yt + lam * torch.eye(3), Yt.T @ C @ _t(counts[u] > 0))
        np.testing.assert_allclose(X[u], reference.numpy(), atol=TOLERANCE)
    Xt = _t(X, True)
    loss = (_t(1.0 + alpha * counts) * (_t(counts > 0) - Xt @ Yt.T) ** 2).sum() + lam * ((Xt**2).sum() + (Yt**2).sum())
    loss.backward()
    assert Xt.grad.abs().max().item() < TOLERANCE
    assert abs(loss.item() - als.implicit_loss(X, Y, counts, alpha, lam)) < TOLERANCE


def test_bpr_loss_and_gradients_match_torch_autograd() -> None:
    bpr = snippet("bpr")
    rng = np.random.default_rng(6)
    W, H, lam = rng.normal(size=(5, 3)), rng.normal(size=(9, 3)), 0.03
    triples = np.array([[0, 1, 2], [0, 1, 3], [4, 2, 1], [3, 8, 0], [3, 8, 0]])
    loss, gW, gH = bpr.bpr_loss_and_grads(W, H, triples, lam)
    Wt, Ht = _t(W, True), _t(H, True)
    u, i, j = (torch.from_numpy(c) for c in triples.T)
    x = (Wt[u] * (Ht[i] - Ht[j])).sum(dim=1)
    reference = -F.logsigmoid(x).sum() + lam * ((Wt**2).sum() + (Ht**2).sum())
    reference.backward()
    assert abs(loss - reference.item()) < TOLERANCE
    np.testing.assert_allclose(gW, Wt.grad.numpy(), atol=TOLERANCE)
    np.testing.assert_allclose(gH, Ht.grad.numpy(), atol=TOLERANCE)


def test_neumf_matches_a_torch_forward_pass() -> None:
    ncf = snippet("ncf")
    rng = np.random.default_rng(7)
    params = ncf.init_neumf(6, 9, k_gmf=3, k_mlp=4, hidden=[6, 3], rng=rng)
    users, items = rng.integers(6, size=10), rng.integers(9, size=10)
    u, i = torch.from_numpy(users), torch.from_numpy(items)
    emb = {name: _t(params[name]) for name in ("P_gmf", "Q_gmf", "P_mlp", "Q_mlp")}
    x = torch.cat([F.embedding(u, emb["P_mlp"]), F.embedding(i, emb["Q_mlp"])], dim=1)
    for W, b in params["layers"]:
        x = F.relu(F.linear(x, _t(W).T, _t(b)))
    phi = torch.cat([F.embedding(u, emb["P_gmf"]) * F.embedding(i, emb["Q_gmf"]), x], dim=1)
    reference = torch.sigmoid(phi @ _t(params["h"]))
    np.testing.assert_allclose(ncf.neumf(params, users, items), reference.numpy(), atol=TOLERANCE)


def test_youtube_sampled_softmax_matches_torch_cross_entropy() -> None:
    yt = snippet("youtube-dnn")
    rng = np.random.default_rng(8)
    V, u = rng.normal(size=(50, 6)), rng.normal(size=6)
    negatives, counts = np.array([3, 9, 17, 30]), rng.uniform(0.5, 3.0, size=50)
    candidates = np.concatenate([[11], negatives])
    logits = _t(V[candidates] @ u - np.log(counts[candidates]))
    reference = F.cross_entropy(logits[None], torch.tensor([0])).item()
    assert abs(yt.sampled_softmax_loss(u, V, 11, negatives, counts) - reference) < TOLERANCE
    full = F.cross_entropy(_t(V @ u)[None], torch.tensor([11])).item()
    assert abs(yt.full_softmax_loss(u, V, 11) - full) < TOLERANCE


def test_two_tower_in_batch_loss_and_gradient_match_torch() -> None:
    tt = snippet("two-tower-model")
    rng = np.random.default_rng(9)
    scores, p = rng.normal(size=(6, 6)) * 3, rng.dirichlet(np.ones(6))
    loss, grad = tt.in_batch_softmax_loss(scores, np.log(p))
    S = _t(scores, True)
    reference = F.cross_entropy(S - _t(np.log(p))[None, :], torch.arange(6))
    reference.backward()
    assert abs(loss - reference.item()) < TOLERANCE
    np.testing.assert_allclose(grad, S.grad.numpy(), atol=TOLERANCE)
    # The towers end in L2 normalisation, as torch.nn.functional.normalize.
    layers = [(rng.normal(size=(4, 5)), rng.normal(size=5)), (rng.normal(size=(5, 3)), rng.normal(size=3))]
    x = rng.normal(size=(7, 4))
    h = F.relu(F.linear(_t(x), _t(layers[0][0]).T, _t(layers[0][1])))
    ref_tower = F.normalize(F.linear(h, _t(layers[1][0]).T, _t(layers[1][1])), dim=1)
    np.testing.assert_allclose(tt.tower(x, layers), ref_tower.numpy(), atol=TOLERANCE)


def test_dlrm_embedding_bag_and_interaction_match_torch() -> None:
    dlrm = snippet("dlrm")
    rng = np.random.default_rng(10)
    table = rng.normal(size=(30, 5))
    indices, offsets = rng.integers(30, size=11), np.array([0, 2, 3, 7])
    reference = F.embedding_bag(torch.from_numpy(indices), _t(table), torch.from_numpy(offsets), mode="sum")
    np.testing.assert_allclose(dlrm.embedding_bag_sum(table, indices, offsets), reference.numpy(), atol=TOLERANCE)
    Z = _t(rng.normal(size=(3, 5, 4)))
    rows, cols = torch.tril_indices(5, 5, offset=-1)
    ref_inter = torch.bmm(Z, Z.transpose(1, 2))[:, rows, cols]
    np.testing.assert_allclose(dlrm.dot_interaction(Z.numpy()), ref_inter.numpy(), atol=TOLERANCE)


def test_mmoe_forward_matches_torch() -> None:
    mmoe = snippet("mmoe")
    rng = np.random.default_rng(11)
    params = mmoe.init_mmoe(5, 3, n_experts=4, n_tasks=3, rng=rng)
    x = rng.normal(size=(6, 5))
    outputs, gates = mmoe.mmoe_forward(x, params)
    xt = _t(x)
    experts = torch.stack([F.relu(xt @ _t(W) + _t(b)) for W, b in params["experts"]], dim=1)
    for k, (W_gate, (W_t, b_t)) in enumerate(zip(params["gates"], params["towers"])):
        g = F.softmax(xt @ _t(W_gate), dim=-1)
        reference = (g.unsqueeze(-1) * experts).sum(dim=1) @ _t(W_t) + _t(b_t)
        np.testing.assert_allclose(gates[k], g.numpy(), atol=TOLERANCE)
        np.testing.assert_allclose(outputs[k], reference.numpy(), atol=TOLERANCE)


def _bipartite_adjacency(R: np.ndarray) -> torch.Tensor:
    """The normalised bipartite adjacency built in torch, as a sparse COO tensor."""
    users, items = np.nonzero(R)
    n_users = R.shape[0]
    n = n_users + R.shape[1]
    rows = np.concatenate([users, n_users + items])
    cols = np.concatenate([n_users + items, users])
    degree = torch.bincount(torch.from_numpy(rows), minlength=n).double()
    values = 1.0 / torch.sqrt(degree[rows] * degree[cols])
    indices = torch.from_numpy(np.stack([rows, cols]))
    return torch.sparse_coo_tensor(indices, values, (n, n), check_invariants=True).coalesce()


def test_ngcf_layer_matches_torch_sparse_propagation() -> None:
    ngcf = snippet("ngcf")
    rng = np.random.default_rng(12)
    R = (rng.random((5, 7)) < 0.4).astype(float)
    R[np.arange(5), np.arange(5)] = 1.0
    L = _bipartite_adjacency(R)
    np.testing.assert_allclose(ngcf.normalized_laplacian(R), L.to_dense().numpy(), atol=TOLERANCE)
    E, W1, W2 = rng.normal(size=(12, 4)), rng.normal(size=(4, 4)), rng.normal(size=(4, 4))
    Et = _t(E)
    LE = torch.sparse.mm(L, Et)
    reference = F.leaky_relu((LE + Et) @ _t(W1) + (LE * Et) @ _t(W2), negative_slope=0.2)
    np.testing.assert_allclose(
        ngcf.ngcf_layer(E, ngcf.normalized_laplacian(R), W1, W2), reference.numpy(), atol=TOLERANCE
    )


def test_lightgcn_propagation_matches_torch_sparse() -> None:
    lightgcn = snippet("lightgcn")
    rng = np.random.default_rng(13)
    R = (rng.random((6, 9)) < 0.4).astype(float)
    R[np.arange(6), np.arange(6)] = 1.0
    L = _bipartite_adjacency(R)
    E = _t(rng.normal(size=(15, 5)))
    layers = [E]
    for _ in range(3):
        layers.append(torch.sparse.mm(L, layers[-1]))
    reference = torch.stack(layers).mean(dim=0)
    ours = lightgcn.lightgcn_embeddings(E.numpy(), lightgcn.normalized_adjacency(R), 3)
    np.testing.assert_allclose(ours, reference.numpy(), atol=TOLERANCE)


def test_lightgcn_bpr_gradient_through_propagation_matches_torch_autograd() -> None:
    lightgcn, bpr = snippet("lightgcn"), snippet("bpr")
    rng = np.random.default_rng(20)
    R = (rng.random((5, 7)) < 0.4).astype(float)
    R[np.arange(5), np.arange(5)] = 1.0
    triples = np.array([[0, 1, 2], [3, 4, 6], [4, 0, 5], [0, 1, 2]])
    A = lightgcn.normalized_adjacency(R)
    E0 = rng.normal(size=(12, 3))
    # The snippet's training rule: with E = M E0 and M = sum_k alpha_k A^k symmetric, dL/dE0 = M dL/dE.
    E = lightgcn.lightgcn_embeddings(E0, A, 3)
    _, gU, gI = bpr.bpr_loss_and_grads(E[:5], E[5:], triples, 0.0)
    M = lightgcn.lightgcn_embeddings(np.eye(12), A, 3)
    E0t = _t(E0, True)
    layers = [E0t]
    for _ in range(3):
        layers.append(_t(A) @ layers[-1])
    Et = torch.stack(layers).mean(dim=0)
    u, i, j = (torch.from_numpy(c) for c in triples.T)
    x = (Et[u] * (Et[5 + i] - Et[5 + j])).sum(dim=1)
    (-F.logsigmoid(x).sum()).backward()
    np.testing.assert_allclose(M @ np.vstack([gU, gI]), E0t.grad.numpy(), atol=TOLERANCE)


def test_gru4rec_session_parallel_states_match_torch_gru_per_session() -> None:
    g4r = snippet("gru4rec")
    rng = np.random.default_rng(14)
    params = g4r.init_gru4rec(20, 5, 6, rng)
    sessions = [rng.integers(20, size=n) for n in (3, 6, 2, 4, 5)]
    states = g4r.gru4rec_states(sessions, 2, params)
    cell = torch.nn.GRUCell(5, 6)
    with torch.no_grad():
        for name in ("W_ih", "W_hh", "b_ih", "b_hh"):
            getattr(cell, name.replace("W_", "weight_").replace("b_", "bias_")).copy_(_t(params[name]))
        for s, clicks in enumerate(sessions):
            h = torch.zeros(1, 6)
            for p, item in enumerate(clicks[:-1]):
                h = cell(_t(params["item_emb"][item])[None], h)
                np.testing.assert_allclose(states[(s, p)], h[0].numpy(), atol=TOLERANCE)


def test_gru4rec_ranking_losses_match_torch() -> None:
    g4r = snippet("gru4rec")
    rng = np.random.default_rng(15)
    positive, negatives = rng.normal(size=4), rng.normal(size=(4, 5)) * 2
    p, n = _t(positive), _t(negatives)
    bpr = -F.logsigmoid(p[:, None] - n).mean()
    top1 = (torch.sigmoid(n - p[:, None]) + torch.sigmoid(n**2)).mean()
    s = F.softmax(n, dim=1)
    bpr_max = (-torch.log((s * torch.sigmoid(p[:, None] - n)).sum(dim=1)) + 0.5 * (s * n**2).sum(dim=1)).mean()
    assert abs(g4r.bpr_loss(positive, negatives) - bpr.item()) < TOLERANCE
    assert abs(g4r.top1_loss(positive, negatives) - top1.item()) < TOLERANCE
    assert abs(g4r.bpr_max_loss(positive, negatives, lam=0.5) - bpr_max.item()) < TOLERANCE


def test_caser_convolutions_match_torch_conv2d() -> None:
    caser = snippet("caser")
    rng = np.random.default_rng(16)
    L, d = 5, 4
    E = rng.normal(size=(L, d))
    image = _t(E)[None, None]  # (batch, channel, L, d)
    for h in range(1, L + 1):
        filters = rng.normal(size=(3, h, d))
        maps = F.relu(F.conv2d(image, _t(filters)[:, None]))  # (1, 3, L - h + 1, 1)
        reference = maps.amax(dim=(2, 3))[0]
        np.testing.assert_allclose(caser.horizontal_conv(E, list(filters)), reference.numpy(), atol=TOLERANCE)
    vertical = rng.normal(size=(2, L))
    reference = F.conv2d(image, _t(vertical)[:, None, :, None])[0, :, 0, :]  # (2, d)
    np.testing.assert_allclose(caser.vertical_conv(E, vertical), reference.reshape(-1).numpy(), atol=TOLERANCE)


def test_sasrec_block_matches_torch_causal_attention() -> None:
    sasrec = snippet("sasrec")
    rng = np.random.default_rng(17)
    params = sasrec.init_sasrec(20, 7, 6, n_blocks=1, rng=rng)
    block = params["blocks"][0]
    block.update(ln1_g=rng.normal(size=6), ln1_b=rng.normal(size=6), ln2_g=rng.normal(size=6), ln2_b=rng.normal(size=6))
    x = rng.normal(size=(7, 6))
    b = {name: _t(value) for name, value in block.items()}
    xt = _t(x)
    h = F.layer_norm(xt, (6,), b["ln1_g"], b["ln1_b"], eps=1e-5)
    attended = F.scaled_dot_product_attention(
        (h @ b["W_q"])[None], (h @ b["W_k"])[None], (h @ b["W_v"])[None], is_causal=True
    )[0]
    y = xt + attended
    h = F.layer_norm(y, (6,), b["ln2_g"], b["ln2_b"], eps=1e-5)
    reference = y + F.relu(h @ b["W1"] + b["b1"]) @ b["W2"] + b["b2"]
    np.testing.assert_allclose(sasrec.attention_block(x, block), reference.numpy(), atol=TOLERANCE)


def test_bert4rec_layer_matches_torch_multihead_attention_and_gelu() -> None:
    b4r = snippet("bert4rec")
    rng = np.random.default_rng(18)
    d, heads = 8, 2
    layer = b4r.init_bert4rec(10, 6, d, n_layers=1, rng=rng)["layers"][0]
    layer.update(b1=rng.normal(size=4 * d), b2=rng.normal(size=d), ln1_g=rng.normal(size=d), ln2_b=rng.normal(size=d))
    H = rng.normal(size=(6, d))
    mha = torch.nn.MultiheadAttention(d, heads, bias=False, batch_first=True)
    with torch.no_grad():
        mha.in_proj_weight.copy_(torch.cat([_t(layer[name]).T for name in ("W_q", "W_k", "W_v")]))
        mha.out_proj.weight.copy_(_t(layer["W_o"]).T)
        Ht = _t(H)[None]
        A = F.layer_norm(Ht + mha(Ht, Ht, Ht, need_weights=False)[0], (d,), _t(layer["ln1_g"]), _t(layer["ln1_b"]))
        ffn = F.gelu(A @ _t(layer["W1"]) + _t(layer["b1"])) @ _t(layer["W2"]) + _t(layer["b2"])
        reference = F.layer_norm(A + ffn, (d,), _t(layer["ln2_g"]), _t(layer["ln2_b"]))[0]
    np.testing.assert_allclose(b4r.encoder_layer(H, layer, heads), reference.numpy(), atol=TOLERANCE)


def test_sasrec_and_bert4rec_training_losses_match_torch() -> None:
    sasrec, b4r = snippet("sasrec"), snippet("bert4rec")
    rng = np.random.default_rng(21)
    scores = rng.normal(size=(6, 10)) * 2
    positives, negatives = rng.integers(10, size=6), rng.integers(10, size=6)
    rows = torch.arange(6)
    logits = torch.cat([_t(scores)[rows, positives], _t(scores)[rows, negatives]])
    labels = torch.cat([torch.ones(6), torch.zeros(6)])
    reference = 2 * F.binary_cross_entropy_with_logits(logits, labels)  # mean over 2 terms per position
    assert abs(sasrec.bce_next_item_loss(scores, positives, negatives) - reference.item()) < TOLERANCE
    probabilities = F.softmax(_t(rng.normal(size=(8, 10))), dim=1)
    sequence, positions = rng.integers(10, size=8), np.array([1, 4, 6])
    nll = F.nll_loss(torch.log(probabilities[positions]), torch.from_numpy(sequence[positions]))
    assert abs(b4r.cloze_loss(probabilities.numpy(), sequence, positions) - nll.item()) < TOLERANCE


def test_sr_gnn_gated_step_and_readout_match_torch() -> None:
    srgnn = snippet("sr-gnn")
    rng = np.random.default_rng(19)
    d = 5
    p = srgnn.init_sr_gnn(d, rng)
    p.update(b_in=rng.normal(size=d), b_out=rng.normal(size=d), c=rng.normal(size=d))
    item_emb = rng.normal(size=(12, d))
    clicks = [3, 8, 3, 11, 2, 8]
    nodes, A_in, A_out = srgnn.session_graph(clicks)
    t = {name: _t(value) for name, value in p.items()}
    V = _t(item_emb[nodes])
    a = torch.cat([_t(A_in) @ V @ t["W_in"] + t["b_in"], _t(A_out) @ V @ t["W_out"] + t["b_out"]], dim=1)
    z = torch.sigmoid(a @ t["W_z"] + V @ t["U_z"])
    r = torch.sigmoid(a @ t["W_r"] + V @ t["U_r"])
    V1 = (1 - z) * V + z * torch.tanh(a @ t["W_h"] + (r * V) @ t["U_h"])
    np.testing.assert_allclose(srgnn.ggnn_step(V.numpy(), A_in, A_out, p), V1.numpy(), atol=TOLERANCE)
    sequence = V1[[list(nodes).index(c) for c in clicks]]
    alpha = torch.sigmoid(sequence[-1] @ t["W_1"] + sequence @ t["W_2"] + t["c"]) @ t["q"]
    s_h = torch.cat([sequence[-1], alpha @ sequence]) @ t["W_3"]
    reference = F.softmax(_t(item_emb) @ s_h, dim=0)
    np.testing.assert_allclose(srgnn.sr_gnn_scores(clicks, item_emb, p), reference.numpy(), atol=TOLERANCE)
