"""Oracle: graph embeddings (proximities, LINE, SDNE, NetMF) and graph networks (GNN, MPNN, spectral, ChebNet)."""

import numpy as np
import pytest
import torch
import torch.nn.functional as F

from .conftest import TOLERANCE, snippet


def _community_graph(rng: np.random.Generator, weighted: bool) -> np.ndarray:
    edges = [(i, j) for b in (range(4), range(4, 8)) for i in b for j in b if i < j] + [(3, 4), (7, 0)]
    weights = rng.uniform(0.5, 2.0, size=len(edges)) if weighted else None
    return snippet("graph-embedding").adjacency_from_edges(8, edges, weights)


def test_second_order_proximity_matches_torch_cosine_similarity() -> None:
    A = _community_graph(np.random.default_rng(0), weighted=True)
    _, ours = snippet("graph-embedding").proximity_matrices(A)
    rows = torch.from_numpy(A)
    reference = F.cosine_similarity(rows[:, None, :], rows[None, :, :], dim=-1).numpy()
    np.testing.assert_allclose(ours, reference, atol=TOLERANCE)


@pytest.mark.parametrize("order", [1, 2])
def test_line_negative_sampling_gradients_match_autograd(order: int) -> None:
    rng = np.random.default_rng(1)
    U, C = rng.normal(size=(7, 4)), rng.normal(size=(7, 4))
    edges, negatives = np.array([[0, 1], [2, 1], [5, 6], [0, 3]]), rng.integers(0, 7, size=(4, 3))
    loss, grad_U, grad_C = snippet("line").line_loss_and_grads(U, C, edges, negatives, order)
    u, c = torch.from_numpy(U).requires_grad_(), torch.from_numpy(C).requires_grad_()
    context = u if order == 1 else c
    i, j, neg = (torch.from_numpy(a) for a in (edges[:, 0], edges[:, 1], negatives))
    positive = F.logsigmoid((u[i] * context[j]).sum(-1))
    negative = F.logsigmoid(-torch.einsum("nd,nkd->nk", u[i], context[neg])).sum(-1)
    reference = -(positive + negative).mean()
    reference.backward()
    np.testing.assert_allclose(loss, reference.item(), atol=TOLERANCE)
    np.testing.assert_allclose(grad_U, u.grad.numpy(), atol=TOLERANCE)
    np.testing.assert_allclose(grad_C, np.zeros_like(C) if c.grad is None else c.grad.numpy(), atol=TOLERANCE)


def test_line_exact_objectives_match_torch() -> None:
    rng = np.random.default_rng(2)
    A = _community_graph(rng, weighted=True)
    U, C = rng.normal(size=(8, 3)), rng.normal(size=(8, 3))
    o1, o2 = snippet("line").line_objectives(U, C, A)
    u, c, a = (torch.from_numpy(x) for x in (U, C, A))
    np.testing.assert_allclose(o1, -(a * F.logsigmoid(u @ u.T)).sum().item(), atol=TOLERANCE)
    np.testing.assert_allclose(o2, -(a * F.log_softmax(u @ c.T, dim=1)).sum().item(), atol=TOLERANCE)


def test_sdne_loss_and_gradients_match_autograd() -> None:
    rng = np.random.default_rng(3)
    module = snippet("sdne")
    S = _community_graph(rng, weighted=True)
    params = module.init_sdne(8, 3, rng)
    params["b1"], params["b2"] = rng.normal(size=3), rng.normal(size=8)
    beta, alpha, nu = 4.0, 0.3, 0.01
    loss, grads, Y = module.sdne_loss_and_grads(params, S, beta, alpha, nu)

    p = {k: torch.from_numpy(v).requires_grad_() for k, v in params.items()}
    s = torch.from_numpy(S)
    y = torch.sigmoid(s @ p["W1"] + p["b1"])
    x_hat = torch.sigmoid(y @ p["W2"] + p["b2"])
    B = torch.where(s > 0, beta, 1.0)
    first_order = (s * ((y[:, None, :] - y[None, :, :]) ** 2).sum(-1)).sum()
    reference = (
        (((x_hat - s) * B) ** 2).sum() + alpha * first_order + 0.5 * nu * (p["W1"].pow(2).sum() + p["W2"].pow(2).sum())
    )
    reference.backward()
    np.testing.assert_allclose(loss, reference.item(), rtol=TOLERANCE)
    np.testing.assert_allclose(Y, y.detach().numpy(), atol=TOLERANCE)
    for name in params:
        np.testing.assert_allclose(grads[name], p[name].grad.numpy(), atol=TOLERANCE, err_msg=name)


def test_netmf_matrix_and_spectrum_match_torch() -> None:
    module = snippet("netmf")
    A = _community_graph(np.random.default_rng(4), weighted=False)
    T, b = 4, 2.0
    a = torch.from_numpy(A)
    degree = a.sum(1)
    P = a / degree[:, None]
    total = sum(torch.linalg.matrix_power(P, r) for r in range(1, T + 1))
    reference = a.sum() / (b * T) * total @ torch.diag(1.0 / degree)
    np.testing.assert_allclose(module.netmf_matrix(A, T, b), reference.numpy(), atol=TOLERANCE)
    # The embedding Z = U_d sqrt(S_d) satisfies Z^T Z = S_d: its squared column norms are the singular values.
    Z = module.netmf_embedding(A, 3, T, b)
    singular = torch.linalg.svdvals(torch.log(torch.clamp(reference, min=1.0)))[:3].numpy()
    np.testing.assert_allclose((Z**2).sum(axis=0), singular, atol=TOLERANCE)


def test_gnn_transition_matches_torch_index_add() -> None:
    rng = np.random.default_rng(5)
    module = snippet("graph-neural-network")
    edges = module.directed([(0, 1), (1, 2), (2, 0), (2, 3), (3, 4), (4, 5), (5, 3)])
    labels, states = rng.normal(size=(6, 2)), rng.normal(size=(6, 3))
    params = module.init_gnn(2, 3, 1, 3, rng)
    ours = module.transition(edges, labels, states, params)
    v, u = torch.from_numpy(edges[:, 0]), torch.from_numpy(edges[:, 1])
    x, lab = torch.from_numpy(states), torch.from_numpy(labels)
    W_state, W_label, b = (torch.from_numpy(params[k]) for k in ("W_state", "W_label", "b"))
    messages = torch.tanh(x[u] @ W_state + torch.cat([lab[v], lab[u]], 1) @ W_label + b)
    reference = torch.zeros(6, 3).index_add_(0, v, messages)
    np.testing.assert_allclose(ours, reference.numpy(), atol=TOLERANCE)


def test_mpnn_step_matches_torch_gru_cell_and_index_add() -> None:
    rng = np.random.default_rng(6)
    module = snippet("message-passing-neural-network")
    hidden, edge_dim = 5, 3
    pairs = [(0, 1), (1, 2), (2, 0), (2, 3), (3, 4)]
    edges = np.array(pairs + [(w, v) for v, w in pairs])
    edge_features = rng.normal(size=(len(edges), edge_dim))
    params = module.init_mpnn(hidden, edge_dim, rng)
    for name in ("b_edge", "b_ih", "b_hh"):
        params[name] = rng.normal(size=params[name].shape)
    h = rng.normal(size=(5, hidden))
    ours = module.mpnn_step(h, edges, edge_features, params)

    cell = torch.nn.GRUCell(hidden, hidden).double()
    with torch.no_grad():
        for name in ("W_ih", "W_hh", "b_ih", "b_hh"):
            getattr(cell, {"W_ih": "weight_ih", "W_hh": "weight_hh", "b_ih": "bias_ih", "b_hh": "bias_hh"}[name]).copy_(
                torch.from_numpy(params[name])
            )
        matrices = (
            torch.from_numpy(edge_features) @ torch.from_numpy(params["W_edge"]) + torch.from_numpy(params["b_edge"])
        ).reshape(-1, hidden, hidden)
        states = torch.from_numpy(h)
        messages = torch.bmm(matrices, states[torch.from_numpy(edges[:, 1])][:, :, None])[:, :, 0]
        m = torch.zeros(5, hidden).index_add_(0, torch.from_numpy(edges[:, 0]), messages)
        reference = cell(m, states).numpy()
    np.testing.assert_allclose(ours, reference, atol=TOLERANCE)


def test_spectral_heat_kernel_matches_torch_matrix_exp() -> None:
    rng = np.random.default_rng(7)
    module = snippet("spectral-graph-convolution")
    L = module.laplacian(_community_graph(rng, weighted=True), normalized=True)
    x = rng.normal(size=(8, 2))
    lam, _ = module.fourier_basis(L)
    ours = module.spectral_convolution(L, x, np.exp(-1.3 * lam))
    reference = torch.linalg.matrix_exp(-1.3 * torch.from_numpy(L)) @ torch.from_numpy(x)
    np.testing.assert_allclose(ours, reference.numpy(), atol=TOLERANCE)


def test_chebnet_recursion_matches_torch_chebyshev_polynomials() -> None:
    rng = np.random.default_rng(8)
    module = snippet("chebnet")
    A = _community_graph(rng, weighted=False)
    L = module.laplacian(A, normalized=True)
    x, theta = rng.normal(size=8), rng.normal(size=6)
    ours = module.chebyshev_filter(module.rescaled_laplacian(L, 2.0), x, theta)
    lam, U = torch.linalg.eigh(torch.from_numpy(L))
    t = lam - 1.0  # 2 lam / lam_max - 1 with lam_max = 2
    response = sum(theta[k] * torch.special.chebyshev_polynomial_t(t, k) for k in range(6))
    reference = U @ (response * (U.T @ torch.from_numpy(x)))
    np.testing.assert_allclose(ours, reference.numpy(), atol=TOLERANCE)
    # The edge-list recursion against torch's sparse matrix product for one step of L_tilde.
    rows, cols = np.nonzero(A)
    edges = np.stack([rows, cols], axis=1)
    d = A.sum(axis=1)
    values = torch.from_numpy(1 / np.sqrt(d[rows] * d[cols]))
    sparse = torch.sparse_coo_tensor(torch.from_numpy(edges.T), values, (8, 8), check_invariants=True)
    one_step = -torch.sparse.mm(sparse, torch.from_numpy(x)[:, None])[:, 0]  # L_tilde x = -D^-1/2 A D^-1/2 x
    np.testing.assert_allclose(
        module.chebyshev_filter_edges(edges, 8, x, np.array([0.0, 1.0])), one_step.numpy(), atol=TOLERANCE
    )
