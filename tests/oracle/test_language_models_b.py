"""Oracle: the second group of language-model entries (XLNet ... Universal Sentence Encoder) against PyTorch."""

import numpy as np
import pytest
import torch
import torch.nn.functional as F

from .conftest import TOLERANCE, snippet


def test_xlnet_two_stream_attention_matches_torch() -> None:
    rng = np.random.default_rng(0)
    module = snippet("xlnet")
    T, d = 6, 8
    order = rng.permutation(T)
    h, g = rng.normal(size=(T, d)), rng.normal(size=(T, d))
    w_q, w_k, w_v = (rng.normal(size=(d, d)) for _ in range(3))
    new_h, new_g = module.two_stream_layer(h, g, order, w_q, w_k, w_v)
    content, query = module.permutation_masks(order)
    th, tg = torch.from_numpy(h), torch.from_numpy(g)
    keys, values = th @ torch.from_numpy(w_k), th @ torch.from_numpy(w_v)
    ref_h = th + F.scaled_dot_product_attention(
        th @ torch.from_numpy(w_q), keys, values, attn_mask=torch.from_numpy(content)
    )
    np.testing.assert_allclose(new_h, ref_h.numpy(), atol=TOLERANCE)
    # The first token of the order has nothing to attend to in the query stream: compare the other rows.
    rows = query.any(axis=1)
    ref_g = tg + F.scaled_dot_product_attention(
        tg @ torch.from_numpy(w_q), keys, values, attn_mask=torch.from_numpy(query | ~rows[:, None])
    )
    np.testing.assert_allclose(new_g[rows], ref_g.numpy()[rows], atol=TOLERANCE)
    np.testing.assert_allclose(new_g[~rows], g[~rows], atol=TOLERANCE)


def test_spanbert_boundary_head_matches_torch() -> None:
    rng = np.random.default_rng(1)
    module = snippet("spanbert")
    d, n = 8, 5
    params = module.init_sbo_params(d, rng)
    left, right, position = (rng.normal(size=(n, d)) for _ in range(3))
    ours = module.span_boundary_head(left, right, position, params)
    p = {k: torch.from_numpy(v) for k, v in params.items()}
    x = torch.cat([torch.from_numpy(a) for a in (left, right, position)], dim=-1)
    hidden = F.layer_norm(F.gelu(F.linear(x, p["w1"], p["b1"])), (d,), p["g1"], p["c1"], eps=1e-12)
    reference = F.layer_norm(F.gelu(F.linear(hidden, p["w2"], p["b2"])), (d,), p["g2"], p["c2"], eps=1e-12)
    np.testing.assert_allclose(ours, reference.numpy(), atol=TOLERANCE)


def test_ernie_masked_lm_loss_matches_torch() -> None:
    rng = np.random.default_rng(2)
    module = snippet("ernie")
    logits, targets = rng.normal(size=(13, 9)), rng.integers(9, size=13)
    mask = module.knowledge_mask(13, [(0, 2), (4, 8), (10, 13)], rng, rate=0.3)
    ours = module.masked_lm_loss(logits, targets, mask)
    ignored = torch.from_numpy(np.where(mask, targets, -100))
    reference = F.cross_entropy(torch.from_numpy(logits), ignored, ignore_index=-100)
    assert abs(ours - reference.item()) < TOLERANCE


def test_electra_discriminator_loss_and_gradient_match_torch() -> None:
    rng = np.random.default_rng(3)
    module = snippet("electra")
    logits, labels = rng.normal(size=20) * 3, (rng.random(20) < 0.3).astype(float)
    t_logits = torch.from_numpy(logits).requires_grad_()
    reference = F.binary_cross_entropy_with_logits(t_logits, torch.from_numpy(labels), reduction="sum")
    reference.backward()
    assert abs(module.discriminator_loss(logits, labels) - reference.item()) < TOLERANCE
    np.testing.assert_allclose(module.discriminator_loss_grad(logits, labels), t_logits.grad.numpy(), atol=TOLERANCE)


def test_t5_layer_norm_matches_torch_rms_norm() -> None:
    rng = np.random.default_rng(4)
    x, weight = rng.normal(size=(5, 12)) * 2 + 1, rng.normal(size=12)
    ours = snippet("t5").t5_layer_norm(x, weight)
    reference = F.rms_norm(torch.from_numpy(x), (12,), torch.from_numpy(weight), eps=1e-6)
    np.testing.assert_allclose(ours, reference.numpy(), atol=TOLERANCE)


@pytest.mark.parametrize("kind", ["bidirectional", "left-to-right", "right-to-left", "seq2seq"])
def test_unilm_masked_attention_matches_torch(kind: str) -> None:
    rng = np.random.default_rng(5)
    module = snippet("unilm")
    d, mask = 6, module.unilm_mask(3, 4, kind)
    x = rng.normal(size=(7, d))
    w_q, w_k, w_v = (rng.normal(size=(d, d)) for _ in range(3))
    ours = module.masked_self_attention(x, w_q, w_k, w_v, mask)
    tx = torch.from_numpy(x)
    reference = F.scaled_dot_product_attention(
        tx @ torch.from_numpy(w_q),
        tx @ torch.from_numpy(w_k),
        tx @ torch.from_numpy(w_v),
        attn_mask=torch.from_numpy(mask),
    )
    np.testing.assert_allclose(ours, reference.numpy(), atol=TOLERANCE)
    if kind == "left-to-right":
        causal = F.scaled_dot_product_attention(
            tx @ torch.from_numpy(w_q), tx @ torch.from_numpy(w_k), tx @ torch.from_numpy(w_v), is_causal=True
        )
        np.testing.assert_allclose(ours, causal.numpy(), atol=TOLERANCE)


def test_ulmfit_slanted_triangular_lr_matches_torch_one_cycle() -> None:
    """STLR is OneCycleLR with linear annealing, no final division and no momentum cycling."""
    module = snippet("ulmfit")
    total, lr_max, cut_frac, ratio = 200, 0.01, 0.1, 32.0
    cut = int(total * cut_frac)
    optimizer = torch.optim.SGD([torch.zeros(1, requires_grad=True)], lr=lr_max)
    scheduler = torch.optim.lr_scheduler.OneCycleLR(
        optimizer,
        max_lr=lr_max,
        total_steps=total + 1,
        pct_start=(cut + 1) / (total + 1),
        anneal_strategy="linear",
        cycle_momentum=False,
        div_factor=ratio,
        final_div_factor=1.0,
    )
    reference = []
    for t in range(total + 1):
        reference.append(optimizer.param_groups[0]["lr"])
        if t < total:
            optimizer.step()
            scheduler.step()
    ours = [module.slanted_triangular_lr(t, total, lr_max, cut_frac, ratio) for t in range(total + 1)]
    np.testing.assert_allclose(ours, reference, atol=TOLERANCE * lr_max)


def test_scaling_law_fit_matches_torch_lstsq() -> None:
    rng = np.random.default_rng(6)
    module = snippet("scaling-laws")
    sizes = np.logspace(6, 10, 12)
    losses = module.power_law_loss(sizes) * np.exp(rng.normal(scale=0.03, size=12))
    alpha, n_c = module.fit_power_law(sizes, losses)
    design = torch.stack([torch.ones(12), torch.log(torch.from_numpy(sizes))], dim=1)
    solution = torch.linalg.lstsq(design, torch.log(torch.from_numpy(losses))[:, None]).solution[:, 0]
    assert abs(alpha + solution[1].item()) < TOLERANCE
    assert abs(np.log(n_c) - solution[0].item() / alpha) < TOLERANCE


def test_chinchilla_closed_form_optimum_is_stationary_under_torch_autograd() -> None:
    """d L(N, C / 6N) / d log N, computed by torch autograd, vanishes at the closed-form N_opt."""
    module = snippet("chinchilla")
    fit = module.PAPER_FIT
    for compute in (1e20, 5.76e23, 1e26):
        n_opt, d_opt = module.compute_optimal(compute)
        log_n = torch.tensor(np.log(n_opt), requires_grad=True)
        n = torch.exp(log_n)
        loss = fit["E"] + fit["A"] / n ** fit["alpha"] + fit["B"] / (compute / (6 * n)) ** fit["beta"]
        loss.backward()
        assert abs(log_n.grad.item()) < TOLERANCE
        assert abs(loss.item() - module.chinchilla_loss(n_opt, d_opt)) < TOLERANCE


def test_rlhf_reward_model_loss_and_gradient_match_torch() -> None:
    rng = np.random.default_rng(7)
    module = snippet("rlhf")
    r_w, r_l = rng.normal(size=8) * 2, rng.normal(size=8) * 2
    t_w, t_l = torch.from_numpy(r_w).requires_grad_(), torch.from_numpy(r_l).requires_grad_()
    reference = -F.logsigmoid(t_w - t_l).mean()
    reference.backward()
    assert abs(module.reward_model_loss(r_w, r_l) - reference.item()) < TOLERANCE
    g_w, g_l = module.reward_model_loss_grad(r_w, r_l)
    np.testing.assert_allclose(g_w, t_w.grad.numpy(), atol=TOLERANCE)
    np.testing.assert_allclose(g_l, t_l.grad.numpy(), atol=TOLERANCE)


def test_rlhf_kl_optimal_policy_is_stationary_under_torch_autograd() -> None:
    """The gradient of E_pi[r - beta log(pi / pi_ref)] with respect to softmax logits vanishes at the optimum."""
    module = snippet("rlhf")
    reference, rewards, beta = np.array([0.4, 0.3, 0.2, 0.1]), np.array([0.5, -1.0, 2.0, 0.0]), 0.7
    optimum = module.kl_optimal_policy(reference, rewards, beta)
    logits = torch.from_numpy(np.log(optimum)).requires_grad_()
    policy = torch.softmax(logits, dim=0)
    shaped = module.kl_penalised_reward(
        torch.from_numpy(rewards), torch.log(policy), torch.log(torch.from_numpy(reference)), beta
    )
    (policy * shaped).sum().backward()
    np.testing.assert_allclose(logits.grad.numpy(), 0.0, atol=TOLERANCE)


def test_instructgpt_ranking_loss_matches_torch() -> None:
    rng = np.random.default_rng(8)
    module = snippet("instructgpt")
    rewards, ranking = rng.normal(size=7), [4, 0, 6, 2, 1]
    pairs = module.ranking_pairs(ranking)
    t = torch.from_numpy(rewards)
    winners, losers = torch.tensor([w for w, _ in pairs]), torch.tensor([loser for _, loser in pairs])
    reference = -F.logsigmoid(t[winners] - t[losers]).mean()
    assert len(pairs) == 10 and abs(module.ranking_loss(rewards, ranking) - reference.item()) < TOLERANCE


def test_instructgpt_ppo_ptx_objective_and_gradient_match_torch() -> None:
    rng = np.random.default_rng(9)
    module = snippet("instructgpt")
    P, R, n, clip, gamma = 3, 5, 40, 0.2, 0.3
    logits = rng.normal(size=(P, R))
    prompts, responses = rng.integers(P, size=n), rng.integers(R, size=n)
    old_logp = np.log(module.softmax_rows(logits)[prompts, responses]) + rng.normal(scale=0.4, size=n)
    advantages = rng.normal(size=n)
    pretrain = (rng.integers(P, size=16), rng.integers(R, size=16))
    args = (prompts, responses, old_logp, advantages, pretrain, gamma, clip)

    t_logits = torch.from_numpy(logits).requires_grad_()
    logp = torch.log_softmax(t_logits, dim=1)
    ratio = torch.exp(logp[torch.from_numpy(prompts), torch.from_numpy(responses)] - torch.from_numpy(old_logp))
    adv = torch.from_numpy(advantages)
    surrogate = torch.minimum(ratio * adv, torch.clamp(ratio, 1 - clip, 1 + clip) * adv).mean()
    objective = surrogate + gamma * logp[torch.from_numpy(pretrain[0]), torch.from_numpy(pretrain[1])].mean()
    objective.backward()
    assert abs(module.ppo_ptx_objective(logits, *args) - objective.item()) < TOLERANCE
    np.testing.assert_allclose(module.ppo_ptx_grad(logits, *args), t_logits.grad.numpy(), atol=TOLERANCE)


def test_sentence_embedding_mean_pooling_matches_torch_embedding_bag() -> None:
    """Masked mean pooling of embedded tokens is embedding_bag(mode='mean') over the real tokens only."""
    rng = np.random.default_rng(10)
    module = snippet("sentence-embedding")
    table, lengths, T = rng.normal(size=(30, 6)), np.array([4, 1, 6]), 6
    ids = rng.integers(30, size=(3, T))
    mask = (np.arange(T)[None, :] < lengths[:, None]).astype(int)
    ours = module.mean_pooling(table[ids], mask)
    flat = torch.from_numpy(np.concatenate([ids[b, :n] for b, n in enumerate(lengths)]))
    offsets = torch.from_numpy(np.concatenate([[0], np.cumsum(lengths)[:-1]]))
    reference = F.embedding_bag(flat, torch.from_numpy(table), offsets, mode="mean")
    np.testing.assert_allclose(ours, reference.numpy(), atol=TOLERANCE)
    reference_max = F.embedding_bag(flat, torch.from_numpy(table), offsets, mode="max")
    np.testing.assert_allclose(module.max_pooling(table[ids], mask), reference_max.numpy(), atol=TOLERANCE)


def test_sentence_embedding_cosine_matches_torch() -> None:
    rng = np.random.default_rng(11)
    u, v = rng.normal(size=(5, 8)), rng.normal(size=(5, 8))
    ours = snippet("sentence-embedding").cosine_similarity(u, v)
    reference = F.cosine_similarity(torch.from_numpy(u), torch.from_numpy(v), dim=-1, eps=0.0)
    np.testing.assert_allclose(ours, reference.numpy(), atol=TOLERANCE)


def test_sentence_bert_objectives_match_torch() -> None:
    rng = np.random.default_rng(12)
    module = snippet("sentence-bert")
    batch, d, k = 6, 5, 3
    u, v = rng.normal(size=(batch, d)), rng.normal(size=(batch, d))
    labels, w_t = rng.integers(k, size=batch), rng.normal(size=(k, 3 * d))
    tu, tv = torch.from_numpy(u), torch.from_numpy(v)
    tw = torch.from_numpy(w_t).requires_grad_()
    loss = F.cross_entropy(F.linear(torch.cat([tu, tv, (tu - tv).abs()], dim=-1), tw), torch.from_numpy(labels))
    loss.backward()
    assert abs(module.classification_objective(u, v, labels, w_t) - loss.item()) < TOLERANCE
    np.testing.assert_allclose(module.classification_grad(u, v, labels, w_t), tw.grad.numpy(), atol=TOLERANCE)

    gold = rng.uniform(-1, 1, size=batch)
    reference = F.mse_loss(F.cosine_similarity(tu, tv, dim=-1, eps=0.0), torch.from_numpy(gold))
    assert abs(module.regression_objective(u, v, gold) - reference.item()) < TOLERANCE

    n = rng.normal(size=(batch, d))
    reference = F.triplet_margin_loss(tu, tv, torch.from_numpy(n), margin=1.0, p=2, eps=0.0)
    assert abs(module.triplet_objective(u, v, n, 1.0) - reference.item()) < TOLERANCE


@pytest.mark.parametrize("supervised", [False, True])
def test_simcse_loss_and_gradients_match_torch(supervised: bool) -> None:
    rng = np.random.default_rng(13)
    module = snippet("simcse")
    batch, d, tau = 6, 10, 0.05
    h, h_plus, negatives = (rng.normal(size=(batch, d)) for _ in range(3))
    th, tp = torch.from_numpy(h).requires_grad_(), torch.from_numpy(h_plus).requires_grad_()
    columns = torch.cat([tp, torch.from_numpy(negatives)]) if supervised else tp
    similarity = F.cosine_similarity(th[:, None, :], columns[None, :, :], dim=-1, eps=0.0) / tau
    reference = F.cross_entropy(similarity, torch.arange(batch))
    reference.backward()
    ours = module.simcse_loss(h, h_plus, tau, negatives if supervised else None)
    assert abs(ours - reference.item()) < TOLERANCE
    if not supervised:
        g_h, g_plus = module.simcse_loss_grad(h, h_plus, tau)
        np.testing.assert_allclose(g_h, th.grad.numpy(), atol=TOLERANCE)
        np.testing.assert_allclose(g_plus, tp.grad.numpy(), atol=TOLERANCE)


def test_bert_whitening_matches_torch_covariance_and_inverse() -> None:
    rng = np.random.default_rng(14)
    module = snippet("bert-whitening")
    x = rng.normal(size=(300, 6)) @ rng.normal(size=(6, 6)) + 3.0
    mu, w = module.whitening_transform(x)
    tx = torch.from_numpy(x)
    covariance = torch.cov(tx.T, correction=0)
    np.testing.assert_allclose(mu[0], tx.mean(dim=0).numpy(), atol=TOLERANCE)
    # W W^T is the inverse covariance, independent of the signs the SVD picks.
    np.testing.assert_allclose(w @ w.T, torch.linalg.inv(covariance).numpy(), atol=TOLERANCE)
    white = torch.from_numpy(module.whiten(x, mu, w))
    np.testing.assert_allclose(torch.cov(white.T, correction=0).numpy(), np.eye(6), atol=TOLERANCE)
    # With k columns, the kept directions span torch's top-k eigenvectors.
    _, w_k = module.whitening_transform(x, 3)
    values, vectors = torch.linalg.eigh(covariance)
    top = vectors[:, torch.argsort(values, descending=True)[:3]].numpy()
    directions = w_k / np.linalg.norm(w_k, axis=0)
    np.testing.assert_allclose(directions @ directions.T, top @ top.T, atol=TOLERANCE)


def test_universal_sentence_encoder_dan_matches_torch() -> None:
    """DAN = embedding_bag(mode='mean') over word and bigram ids, then tanh(Linear) layers."""
    rng = np.random.default_rng(15)
    module = snippet("universal-sentence-encoder")
    words = ["the", "dog", "chased", "the", "cat", "up", "the", "tree"]
    features = module.ngram_features(words)
    vocabulary = {f: i for i, f in enumerate(sorted(set(features)))}
    params = module.init_params(len(vocabulary), 6, 2, rng)
    ours = module.dan_encode(words, vocabulary, params)
    ids = torch.tensor([vocabulary[f] for f in features])
    hidden = F.embedding_bag(ids[None], torch.from_numpy(params["table"]), mode="mean")[0]
    for layer in range(2):
        hidden = torch.tanh(
            F.linear(hidden, torch.from_numpy(params[f"w{layer}"]).T, torch.from_numpy(params[f"b{layer}"]))
        )
    np.testing.assert_allclose(ours, hidden.numpy(), atol=TOLERANCE)
    u, v = rng.normal(size=6), rng.normal(size=6)
    cos = F.cosine_similarity(torch.from_numpy(u), torch.from_numpy(v), dim=0, eps=0.0)
    assert abs(module.angular_similarity(u, v) - (1 - torch.arccos(cos).item() / np.pi)) < TOLERANCE
