"""Oracle: embeddings, the VAE objective and word2vec losses against torch and its autograd."""

import numpy as np
import torch
import torch.nn.functional as F

from .conftest import TOLERANCE, snippet


def test_embedding_lookup_matches_torch() -> None:
    rng = np.random.default_rng(0)
    table, ids = rng.normal(size=(12, 5)), rng.integers(0, 12, size=(3, 7))
    ours = snippet("embedding").embedding_lookup(table, ids)
    reference = F.embedding(torch.from_numpy(ids), torch.from_numpy(table)).numpy()
    np.testing.assert_allclose(ours, reference, atol=TOLERANCE)


def test_embedding_gradient_touches_only_looked_up_rows() -> None:
    rng = np.random.default_rng(1)
    table, ids = rng.normal(size=(12, 5)), np.array([[2, 9, 2], [4, 2, 9]])
    upstream = rng.normal(size=ids.shape + (5,))
    ours = snippet("embedding").embedding_backward(upstream, ids, 12)
    weight = torch.from_numpy(table).requires_grad_()
    (F.embedding(torch.from_numpy(ids), weight) * torch.from_numpy(upstream)).sum().backward()
    np.testing.assert_allclose(ours, weight.grad.numpy(), atol=TOLERANCE)
    untouched = np.setdiff1d(np.arange(12), ids)
    assert np.all(weight.grad.numpy()[untouched] == 0.0)


def test_vae_kl_term_matches_torch() -> None:
    rng = np.random.default_rng(2)
    mu, log_var = rng.normal(size=6), rng.normal(size=6)
    ours = snippet("vae").kl_to_standard_normal(mu, log_var)
    q = torch.distributions.Normal(torch.from_numpy(mu), torch.from_numpy(np.exp(0.5 * log_var)))
    p = torch.distributions.Normal(torch.zeros(6), torch.ones(6))
    reference = torch.distributions.kl_divergence(q, p).sum().item()
    np.testing.assert_allclose(ours, reference, atol=TOLERANCE)


def test_vae_reparameterised_elbo_gradient_matches_autograd() -> None:
    rng = np.random.default_rng(3)
    d, k, noise_var = 5, 3, 0.7
    x, W, b = rng.normal(size=d), rng.normal(size=(d, k)), rng.normal(size=d)
    mu, log_var, eps = rng.normal(size=k), rng.normal(size=k), rng.normal(size=(4, k))
    elbo, grad_mu, grad_log_var = snippet("vae").reparameterized_elbo(x, mu, log_var, eps, W, b, noise_var)

    mu_t = torch.from_numpy(mu).requires_grad_()
    log_var_t = torch.from_numpy(log_var).requires_grad_()
    z = mu_t + torch.exp(0.5 * log_var_t) * torch.from_numpy(eps)
    mean = z @ torch.from_numpy(W).T + torch.from_numpy(b)
    log_likelihood = torch.distributions.Normal(mean, noise_var**0.5).log_prob(torch.from_numpy(x)).sum(dim=1)
    kl = torch.distributions.kl_divergence(
        torch.distributions.Normal(mu_t, torch.exp(0.5 * log_var_t)),
        torch.distributions.Normal(torch.zeros(k), torch.ones(k)),
    ).sum()
    reference = log_likelihood.mean() - kl
    reference.backward()
    np.testing.assert_allclose(elbo, reference.item(), atol=TOLERANCE)
    np.testing.assert_allclose(grad_mu, mu_t.grad.numpy(), atol=TOLERANCE)
    np.testing.assert_allclose(grad_log_var, log_var_t.grad.numpy(), atol=TOLERANCE)


def test_negative_sampling_loss_and_gradients_match_autograd() -> None:
    rng = np.random.default_rng(4)
    v, u, u_neg = rng.normal(size=(6, 4)), rng.normal(size=(6, 4)), rng.normal(size=(6, 5, 4))
    loss, grad_v, grad_u, grad_neg = snippet("negative-sampling").negative_sampling_loss_and_grads(v, u, u_neg)

    tensors = [torch.from_numpy(a).requires_grad_() for a in (v, u, u_neg)]
    v_t, u_t, neg_t = tensors
    positive = F.logsigmoid((v_t * u_t).sum(dim=1))
    negative = F.logsigmoid(-torch.einsum("nd,nkd->nk", v_t, neg_t)).sum(dim=1)
    reference = -(positive + negative).mean()
    reference.backward()
    np.testing.assert_allclose(loss, reference.item(), atol=TOLERANCE)
    for ours, tensor in zip((grad_v, grad_u, grad_neg), tensors):
        np.testing.assert_allclose(ours, tensor.grad.numpy(), atol=TOLERANCE)


def test_skipgram_softmax_loss_and_gradients_match_cross_entropy() -> None:
    rng = np.random.default_rng(5)
    W_in, W_out = rng.normal(size=(9, 4)), rng.normal(size=(9, 4))
    pairs = rng.integers(0, 9, size=(20, 2))
    loss, grad_in, grad_out = snippet("skip-gram").skipgram_loss_and_grads(pairs, W_in, W_out)

    W_in_t, W_out_t = torch.from_numpy(W_in).requires_grad_(), torch.from_numpy(W_out).requires_grad_()
    logits = F.embedding(torch.from_numpy(pairs[:, 0]), W_in_t) @ W_out_t.T
    reference = F.cross_entropy(logits, torch.from_numpy(pairs[:, 1]))
    reference.backward()
    np.testing.assert_allclose(loss, reference.item(), atol=TOLERANCE)
    np.testing.assert_allclose(grad_in, W_in_t.grad.numpy(), atol=TOLERANCE)
    np.testing.assert_allclose(grad_out, W_out_t.grad.numpy(), atol=TOLERANCE)


def test_cbow_context_average_matches_embedding_bag() -> None:
    rng = np.random.default_rng(6)
    W_in = rng.normal(size=(10, 4))
    contexts = np.array([[1, 3, 5, 7], [2, 2, -1, -1], [0, 9, 4, -1]])  # -1 pads short contexts
    ours = snippet("cbow").cbow_hidden(contexts, W_in)
    valid = [row[row >= 0] for row in contexts]
    offsets = torch.tensor(np.cumsum([0] + [len(row) for row in valid[:-1]]))
    reference = F.embedding_bag(torch.from_numpy(np.concatenate(valid)), torch.from_numpy(W_in), offsets, mode="mean")
    np.testing.assert_allclose(ours, reference.numpy(), atol=TOLERANCE)
