"""Oracle: graph network layers against torch sparse products, scatter reductions, nn.LSTM, nn.Bilinear and autograd.

The graphs are small random NumPy adjacency matrices; torch builds its own sparse or edge-indexed version of them.
"""

import numpy as np
import torch

from .conftest import TOLERANCE, snippet


def _graph(n: int, p: float, seed: int) -> np.ndarray:
    rng = np.random.default_rng(seed)
    upper = np.triu(rng.random((n, n)) < p, k=1).astype(float)
    adjacency = upper + upper.T
    adjacency[0, 1] = adjacency[1, 0] = 1.0
    return adjacency


def _edge_index(adjacency: np.ndarray, self_loops: bool = False) -> torch.Tensor:
    a = adjacency + np.eye(len(adjacency)) if self_loops else adjacency
    return torch.from_numpy(np.argwhere(a > 0).T.copy())


def test_gcn_layer_matches_torch_sparse_propagation() -> None:
    adjacency = _graph(9, 0.3, 0)
    rng = np.random.default_rng(1)
    x, w = rng.normal(size=(9, 4)), rng.normal(size=(4, 3))
    index = _edge_index(adjacency, self_loops=True)
    degree = torch.bincount(index[0], minlength=9).double()
    values = degree[index[0]].rsqrt() * degree[index[1]].rsqrt()
    a_hat = torch.sparse_coo_tensor(index, values, (9, 9), check_invariants=True)
    reference = torch.relu(torch.sparse.mm(a_hat, torch.from_numpy(x) @ torch.from_numpy(w)))
    ours = snippet("gcn").gcn_layer(adjacency, x, w)
    np.testing.assert_allclose(ours, reference.numpy(), atol=TOLERANCE)


def test_graphsage_mean_layer_matches_torch_scatter_mean() -> None:
    adjacency = _graph(8, 0.4, 2)
    adjacency[7, :] = adjacency[:, 7] = 0.0
    adjacency[7, 3] = adjacency[3, 7] = 1.0
    rng = np.random.default_rng(3)
    x, w = rng.normal(size=(8, 3)), rng.normal(size=(6, 5))
    sage = snippet("graphsage")
    ours = sage.sage_mean_layer(x, sage.neighbor_lists_from_adjacency(adjacency), w)
    index = _edge_index(adjacency)
    xt = torch.from_numpy(x)
    mean = torch.zeros(8, 3).scatter_reduce(
        0, index[0][:, None].expand(-1, 3), xt[index[1]], reduce="mean", include_self=False
    )
    reference = torch.nn.functional.normalize(torch.relu(torch.cat([xt, mean], dim=1) @ torch.from_numpy(w)), dim=1)
    np.testing.assert_allclose(ours, reference.numpy(), atol=TOLERANCE)


def test_gat_attention_matches_torch_masked_softmax() -> None:
    adjacency = _graph(7, 0.4, 4)
    rng = np.random.default_rng(5)
    x, w, a = rng.normal(size=(7, 4)), rng.normal(size=(4, 3)), rng.normal(size=6)
    ours = snippet("gat").gat_attention(adjacency, x, w, a)
    z = torch.from_numpy(x) @ torch.from_numpy(w)
    at = torch.from_numpy(a)
    scores = torch.nn.functional.leaky_relu((z @ at[:3])[:, None] + (z @ at[3:])[None, :], negative_slope=0.2)
    mask = torch.from_numpy(adjacency + np.eye(7)) > 0
    reference = torch.softmax(scores.masked_fill(~mask, float("-inf")), dim=1)
    np.testing.assert_allclose(ours, reference.numpy(), atol=TOLERANCE)


def test_gin_aggregators_and_layer_match_torch_scatter() -> None:
    gin = snippet("gin")
    rng = np.random.default_rng(6)
    multiset = rng.normal(size=(5, 3))
    group = torch.zeros(5, dtype=torch.long)[:, None].expand(-1, 3)
    for how, reduce in (("sum", "sum"), ("mean", "mean"), ("max", "amax")):
        reference = torch.zeros(1, 3).scatter_reduce(
            0, group, torch.from_numpy(multiset), reduce=reduce, include_self=False
        )
        np.testing.assert_allclose(gin.aggregate(multiset, how), reference[0].numpy(), atol=TOLERANCE)
    adjacency = _graph(8, 0.4, 7)
    x = rng.normal(size=(8, 3))
    layers = [(rng.normal(size=(3, 6)), rng.normal(size=6)), (rng.normal(size=(6, 4)), rng.normal(size=4))]
    index = _edge_index(adjacency)
    xt = torch.from_numpy(x)
    summed = (1 + 0.25) * xt + torch.zeros(8, 3).index_add_(0, index[0], xt[index[1]])
    mlp = torch.nn.Sequential(torch.nn.Linear(3, 6), torch.nn.ReLU(), torch.nn.Linear(6, 4))
    with torch.no_grad():
        for linear, (w, b) in zip((mlp[0], mlp[2]), layers):
            linear.weight.copy_(torch.from_numpy(w.T))
            linear.bias.copy_(torch.from_numpy(b))
        reference = mlp(summed)
    np.testing.assert_allclose(gin.gin_layer(adjacency, x, layers, eps=0.25), reference.numpy(), atol=TOLERANCE)


def test_rgcn_layer_matches_torch_per_relation_scatter_mean() -> None:
    rgcn = snippet("r-gcn")
    rng = np.random.default_rng(8)
    n, relations, bases_count = 9, 4, 2
    edges = sorted({(int(rng.integers(n)), int(rng.integers(relations)), int(rng.integers(n))) for _ in range(25)})
    x, coefficients = rng.normal(size=(n, 3)), rng.normal(size=(relations, bases_count))
    bases, self_weight = rng.normal(size=(bases_count, 3, 2)), rng.normal(size=(3, 2))
    ours = rgcn.rgcn_layer_basis(edges, x, coefficients, bases, self_weight)
    xt = torch.from_numpy(x)
    weights = torch.einsum("rb,bio->rio", torch.from_numpy(coefficients), torch.from_numpy(bases))
    out = xt @ torch.from_numpy(self_weight)
    src, rel, dst = (torch.tensor(column) for column in zip(*edges))
    for r in range(relations):
        chosen = rel == r
        if chosen.any():
            messages = xt[src[chosen]] @ weights[r]
            mean = torch.zeros(n, 2).scatter_reduce(
                0, dst[chosen][:, None].expand(-1, 2), messages, reduce="mean", include_self=False
            )
            out = out + mean
    np.testing.assert_allclose(ours, torch.relu(out).numpy(), atol=TOLERANCE)


def _torch_renormalized(adjacency: np.ndarray) -> torch.Tensor:
    a_tilde = torch.from_numpy(adjacency) + torch.eye(len(adjacency))
    inv_sqrt = a_tilde.sum(dim=1).rsqrt()
    return inv_sqrt[:, None] * a_tilde * inv_sqrt[None, :]


def test_appnp_power_iteration_and_closed_form_match_torch_solve() -> None:
    appnp = snippet("appnp")
    adjacency = _graph(10, 0.3, 9)
    h = np.random.default_rng(10).normal(size=(10, 3))
    a_hat, ht = _torch_renormalized(adjacency), torch.from_numpy(h)
    exact = 0.1 * torch.linalg.solve(torch.eye(10) - 0.9 * a_hat, ht)
    np.testing.assert_allclose(appnp.ppnp_closed_form(adjacency, h, 0.1), exact.numpy(), atol=TOLERANCE)
    z = ht
    for _ in range(10):
        z = 0.9 * a_hat @ z + 0.1 * ht
    np.testing.assert_allclose(appnp.appnp_propagate(adjacency, h, 0.1, 10), z.numpy(), atol=TOLERANCE)


def test_jk_net_bilstm_and_attention_match_torch_lstm() -> None:
    jk = snippet("jk-net")
    rng = np.random.default_rng(11)
    layers = [rng.normal(size=(6, 4)) for _ in range(5)]
    params = jk.init_lstm_attention(4, 3, seed=12)
    lstm = torch.nn.LSTM(4, 3, batch_first=True, bidirectional=True)
    with torch.no_grad():
        for suffix, direction in (("", "forward"), ("_reverse", "backward")):
            getattr(lstm, f"weight_ih_l0{suffix}").copy_(torch.from_numpy(params[f"{direction}_ih"]))
            getattr(lstm, f"weight_hh_l0{suffix}").copy_(torch.from_numpy(params[f"{direction}_hh"]))
            getattr(lstm, f"bias_ih_l0{suffix}").copy_(torch.from_numpy(params[f"{direction}_b"]))
            getattr(lstm, f"bias_hh_l0{suffix}").zero_()
        states, _ = lstm(torch.from_numpy(np.stack(layers, axis=1)))
    np.testing.assert_allclose(jk.bilstm_over_layers(layers, params), states.numpy(), atol=TOLERANCE)
    weights = torch.softmax(states @ torch.from_numpy(params["score"]), dim=1)
    reference = torch.einsum("nl,nld->nd", weights, torch.from_numpy(np.stack(layers, axis=1)))
    attended, ours_weights = jk.jk_lstm_attention(layers, params)
    np.testing.assert_allclose(ours_weights, weights.numpy(), atol=TOLERANCE)
    np.testing.assert_allclose(attended, reference.numpy(), atol=TOLERANCE)
    np.testing.assert_allclose(jk.jk_max(layers), torch.from_numpy(np.stack(layers)).amax(dim=0).numpy(), atol=0)


def test_cluster_gcn_hand_gradients_match_torch_autograd() -> None:
    cluster = snippet("cluster-gcn")
    rng = np.random.default_rng(13)
    adjacency = _graph(9, 0.35, 14)
    x, labels = rng.normal(size=(9, 4)), rng.integers(3, size=9)
    targets, labelled = np.eye(3)[labels], (rng.random(9) < 0.7).astype(float)
    w1, w2 = rng.normal(size=(4, 5)), rng.normal(size=(5, 3))
    loss, g1, g2 = cluster.gcn_loss_and_grads(adjacency, x, targets, labelled, w1, w2)
    a_hat = _torch_renormalized(adjacency)
    t1, t2 = torch.tensor(w1, requires_grad=True), torch.tensor(w2, requires_grad=True)
    logits = a_hat @ torch.relu(a_hat @ torch.from_numpy(x) @ t1) @ t2
    per_node = torch.nn.functional.cross_entropy(logits, torch.from_numpy(labels), reduction="none")
    reference = (per_node * torch.from_numpy(labelled)).sum()
    reference.backward()
    np.testing.assert_allclose(loss, reference.item(), atol=TOLERANCE)
    np.testing.assert_allclose(g1, t1.grad.numpy(), atol=TOLERANCE)
    np.testing.assert_allclose(g2, t2.grad.numpy(), atol=TOLERANCE)


def test_deep_graph_infomax_loss_and_gradients_match_torch_bilinear_bce() -> None:
    dgi = snippet("deep-graph-infomax")
    rng = np.random.default_rng(15)
    adjacency = _graph(10, 0.3, 16)
    x = rng.normal(size=(10, 5))
    x_tilde = x[rng.permutation(10)]
    weight, bilinear = rng.normal(size=(5, 4)), rng.normal(size=(4, 4)) / 4
    a_hat = _torch_renormalized(adjacency)
    w = torch.tensor(weight, requires_grad=True)
    critic = torch.nn.Bilinear(4, 4, 1, bias=False)
    prelu = torch.nn.PReLU(init=0.25)
    with torch.no_grad():
        critic.weight.copy_(torch.from_numpy(bilinear)[None])
    h = prelu(a_hat @ torch.from_numpy(x) @ w)
    h_tilde = prelu(a_hat @ torch.from_numpy(x_tilde) @ w)
    summary = torch.sigmoid(h.mean(dim=0)).expand(10, -1)
    logits = torch.cat([critic(h, summary), critic(h_tilde, summary)])[:, 0]
    labels = torch.cat([torch.ones(10), torch.zeros(10)])
    loss = torch.nn.functional.binary_cross_entropy_with_logits(logits, labels)
    loss.backward()
    np.testing.assert_allclose(dgi.dgi_loss(adjacency, x, x_tilde, weight, bilinear), loss.item(), atol=TOLERANCE)
    grad_w, grad_m = dgi.dgi_gradients(adjacency, x, x_tilde, weight, bilinear)
    np.testing.assert_allclose(grad_w, w.grad.numpy(), atol=TOLERANCE)
    np.testing.assert_allclose(grad_m, critic.weight.grad[0].numpy(), atol=TOLERANCE)


def test_han_layer_matches_torch_elu_masked_softmax_and_semantic_softmax() -> None:
    han = snippet("han")
    rng = np.random.default_rng(17)
    paper_author = (rng.random((8, 5)) < 0.3).astype(float)
    paper_subject = np.eye(3)[rng.integers(3, size=8)]
    adjs = [han.metapath_adjacency([paper_author]), han.metapath_adjacency([paper_subject])]
    x, projection = rng.normal(size=(8, 4)), rng.normal(size=(4, 3))
    attentions = [rng.normal(size=6), rng.normal(size=6)]
    weight, bias, query = rng.normal(size=(3, 2)), rng.normal(size=2), rng.normal(size=2)
    fused, _, beta = han.han_layer(adjs, x, projection, attentions, weight, bias, query)
    projected = torch.from_numpy(x) @ torch.from_numpy(projection)
    per_path = []
    for adj, a in zip(adjs, attentions):
        at = torch.from_numpy(a)
        scores = torch.nn.functional.leaky_relu((projected @ at[:3])[:, None] + (projected @ at[3:])[None, :], 0.2)
        alpha = torch.softmax(scores.masked_fill(torch.from_numpy(adj) == 0, float("-inf")), dim=1)
        per_path.append(torch.nn.functional.elu(alpha @ projected))
    stacked = torch.stack(per_path)
    importance = torch.tanh(stacked @ torch.from_numpy(weight) + torch.from_numpy(bias)) @ torch.from_numpy(query)
    reference_beta = torch.softmax(importance.mean(dim=1), dim=0)
    np.testing.assert_allclose(beta, reference_beta.numpy(), atol=TOLERANCE)
    np.testing.assert_allclose(fused, torch.einsum("p,pnd->nd", reference_beta, stacked).numpy(), atol=TOLERANCE)


def test_diffpool_matches_torch_softmax_assignment() -> None:
    pooling = snippet("graph-pooling")
    rng = np.random.default_rng(18)
    adjacency = _graph(10, 0.3, 19)
    x, embed_weight, pool_weight = rng.normal(size=(10, 4)), rng.normal(size=(4, 5)), rng.normal(size=(4, 3))
    pooled_adj, pooled_x, s = pooling.diffpool(adjacency, x, embed_weight, pool_weight)
    a_hat, at, xt = _torch_renormalized(adjacency), torch.from_numpy(adjacency), torch.from_numpy(x)
    z = torch.relu(a_hat @ xt @ torch.from_numpy(embed_weight))
    assignment = torch.softmax(a_hat @ xt @ torch.from_numpy(pool_weight), dim=1)
    np.testing.assert_allclose(s, assignment.numpy(), atol=TOLERANCE)
    np.testing.assert_allclose(pooled_x, (assignment.T @ z).numpy(), atol=TOLERANCE)
    np.testing.assert_allclose(pooled_adj, (assignment.T @ at @ assignment).numpy(), atol=TOLERANCE)
    link, entropy = pooling.auxiliary_losses(adjacency, s)
    np.testing.assert_allclose(link, torch.linalg.matrix_norm(at - assignment @ assignment.T).item(), atol=TOLERANCE)
    reference_entropy = torch.distributions.Categorical(probs=assignment).entropy().mean()
    np.testing.assert_allclose(entropy, reference_entropy.item(), atol=TOLERANCE)
