"""Oracle: sampling, regularisation, optimiser, sequence-model and reinforcement-learning snippets against torch
(torch.distributions, torch.optim, torch.optim.lr_scheduler, torch.nn.functional, autograd)."""

from __future__ import annotations

import numpy as np
import pytest
import torch
import torch.nn.functional as F

from .conftest import TOLERANCE, snippet


def test_normal_log_density_matches_torch_distributions() -> None:
    mc = snippet("monte-carlo-method")
    x = np.linspace(-4, 7, 23)
    reference = torch.distributions.Normal(1.5, 2.0).log_prob(torch.from_numpy(x)).numpy()
    np.testing.assert_allclose(mc.normal_log_density(x, 1.5, 2.0), reference, atol=TOLERANCE)


def test_mh_acceptance_matches_torch_formula() -> None:
    mcmc = snippet("mcmc")
    rng = np.random.default_rng(0)
    logs = rng.normal(size=(4, 50))
    t = torch.from_numpy(logs)
    reference = torch.clamp(torch.exp(t[1] + t[2] - t[0] - t[3]), max=1.0).numpy()
    np.testing.assert_allclose(mcmc.acceptance_probability(*logs), reference, atol=TOLERANCE)


def test_mh_grid_kernel_stationary_law_from_torch_eig_is_the_target() -> None:
    # Independent of the acceptance formula: the eigenvector of the kernel for eigenvalue 1, found by torch.linalg.eig,
    # is the normalised target, for an asymmetric proposal where dropping Hastings' q-ratio would shift it.
    mcmc = snippet("mcmc")
    rng = np.random.default_rng(3)
    states = np.arange(9)
    target = rng.uniform(0.2, 2.0, size=9)
    proposal = np.exp(-0.5 * (states[None, :] - states[:, None] - 1.0) ** 2) * rng.uniform(0.5, 1.5, size=(9, 9))
    proposal /= proposal.sum(axis=1, keepdims=True)
    kernel = torch.from_numpy(mcmc.mh_transition_matrix(target, proposal))
    assert torch.allclose(kernel.sum(dim=1), torch.ones(9, dtype=torch.float64), atol=TOLERANCE)
    values, vectors = torch.linalg.eig(kernel.T)
    top = torch.argmin((values - 1).abs())
    assert abs(values[top].item() - 1) < TOLERANCE and values.abs().sort().values[-2] < 1 - 1e-3
    stationary = vectors[:, top].real
    stationary = stationary / stationary.sum()
    np.testing.assert_allclose(stationary.numpy(), target / target.sum(), atol=TOLERANCE)


def test_gibbs_conditional_matches_torch_multivariate_normal() -> None:
    gibbs = snippet("gibbs-sampling")
    rho, y = -0.35, 0.9
    joint = torch.distributions.MultivariateNormal(torch.zeros(2), torch.tensor([[1.0, rho], [rho, 1.0]]))
    mean, sd = gibbs.gaussian_conditional(rho, y)
    grid = torch.linspace(-4, 4, 81, dtype=torch.float64)
    points = torch.stack([grid, torch.full_like(grid, y)], dim=1)
    # log p(x | y) = log p(x, y) - log p(y), with p(y) the standard normal marginal.
    conditional = joint.log_prob(points) - torch.distributions.Normal(0.0, 1.0).log_prob(torch.tensor(y))
    expected = torch.distributions.Normal(mean, sd).log_prob(grid)
    np.testing.assert_allclose(conditional.numpy(), expected.numpy(), atol=TOLERANCE)


def test_ridge_gradient_closed_form_and_weight_decay_match_torch() -> None:
    l2 = snippet("l2-regularization")
    rng = np.random.default_rng(1)
    x, y, lam = rng.normal(size=(20, 4)), rng.normal(size=20), 0.7
    w = rng.normal(size=4)
    param = torch.tensor(w, requires_grad=True)
    xt, yt = torch.from_numpy(x), torch.from_numpy(y)
    loss = 0.5 * ((xt @ param - yt) ** 2).sum() + 0.5 * lam * (param**2).sum()
    loss.backward()
    np.testing.assert_allclose(l2.ridge_gradient(w, x, y, lam), param.grad.numpy(), atol=TOLERANCE)
    np.testing.assert_allclose(l2.ridge_loss(w, x, y, lam), loss.item(), atol=TOLERANCE)
    reference = torch.linalg.solve(xt.T @ xt + lam * torch.eye(4), xt.T @ yt).numpy()
    np.testing.assert_allclose(l2.ridge_closed_form(x, y, lam), reference, atol=TOLERANCE)
    # torch.optim.SGD's weight_decay adds lam * w to the data gradient: the same as decaying by (1 - lr lam).
    param = torch.tensor(w, requires_grad=True)
    optimizer = torch.optim.SGD([param], lr=0.01, weight_decay=lam)
    ours = w.copy()
    for _ in range(30):
        optimizer.zero_grad()
        (0.5 * ((xt @ param - yt) ** 2).sum()).backward()
        optimizer.step()
        ours = l2.weight_decay_step(ours, x.T @ (x @ ours - y), 0.01, lam)
        np.testing.assert_allclose(ours, param.detach().numpy(), atol=TOLERANCE)


def test_soft_threshold_is_softshrink_and_lasso_subgradient_vanishes() -> None:
    l1 = snippet("l1-regularization")
    z = np.linspace(-3, 3, 61)
    np.testing.assert_allclose(
        l1.soft_threshold(z, 0.8), F.softshrink(torch.from_numpy(z), 0.8).numpy(), atol=TOLERANCE
    )
    rng = np.random.default_rng(2)
    x, y, lam = rng.normal(size=(40, 6)), rng.normal(size=40), 8.0
    w = l1.lasso_coordinate_descent(x, y, lam, sweeps=500)
    active = w != 0
    assert 0 < active.sum() < 6
    param = torch.tensor(w, requires_grad=True)
    objective = 0.5 * ((torch.from_numpy(x) @ param - torch.from_numpy(y)) ** 2).sum() + lam * param.abs().sum()
    objective.backward()
    np.testing.assert_allclose(objective.item(), l1.lasso_objective(w, x, y, lam), atol=TOLERANCE)
    # On the active set |w| is differentiable and the objective's gradient is zero at the optimum.
    np.testing.assert_allclose(param.grad.numpy()[active], 0.0, atol=1e-8)


def test_flip_and_crop_match_torch() -> None:
    aug = snippet("data-augmentation")
    image = np.random.default_rng(3).uniform(size=(3, 9, 11))
    t = torch.from_numpy(image)
    np.testing.assert_array_equal(aug.horizontal_flip(image), torch.flip(t, dims=[-1]).numpy())
    padded = F.pad(t, (3, 3, 3, 3))
    for top, left in [(0, 0), (3, 3), (6, 1), (2, 5)]:
        np.testing.assert_array_equal(aug.crop(image, 3, top, left), padded[:, top : top + 9, left : left + 11].numpy())


@pytest.mark.parametrize("epsilon", [0.0, 0.1, 0.35])
def test_label_smoothing_matches_torch_cross_entropy(epsilon: float) -> None:
    ls = snippet("label-smoothing")
    rng = np.random.default_rng(4)
    logits, labels = rng.normal(scale=2.0, size=(7, 5)), rng.integers(0, 5, size=7)
    z = torch.tensor(logits, requires_grad=True)
    reference = F.cross_entropy(z, torch.from_numpy(labels), label_smoothing=epsilon)
    reference.backward()
    np.testing.assert_allclose(
        ls.label_smoothing_cross_entropy(logits, labels, epsilon), reference.item(), atol=TOLERANCE
    )
    ours_grad = ls.cce.cross_entropy_grad(logits, ls.smoothed_targets(labels, 5, epsilon))
    np.testing.assert_allclose(ours_grad, z.grad.numpy(), atol=TOLERANCE)


def adam_type_trajectory(step, hessian: np.ndarray, x0: np.ndarray, steps: int, **settings: float) -> np.ndarray:
    x, m, v, path = x0.copy(), np.zeros_like(x0), np.zeros_like(x0), []
    for t in range(1, steps + 1):
        x, m, v = step(x, hessian @ x, m, v, t, **settings)
        path.append(x)
    return np.array(path)


def torch_quadratic_trajectory(
    optimizer_class, hessian: np.ndarray, x0: np.ndarray, steps: int, **settings: float
) -> np.ndarray:
    param = torch.tensor(x0, requires_grad=True)
    h = torch.from_numpy(hessian)
    optimizer = optimizer_class([param], **settings)
    path = []
    for _ in range(steps):
        optimizer.zero_grad()
        (0.5 * param @ h @ param).backward()
        optimizer.step()
        path.append(param.detach().numpy().copy())
    return np.array(path)


@pytest.mark.parametrize("weight_decay", [0.0, 0.05, 2.0])
def test_adamw_and_coupled_adam_match_torch(weight_decay: float) -> None:
    adamw = snippet("adamw")
    rng = np.random.default_rng(5)
    axes = np.linalg.qr(rng.normal(size=(4, 4)))[0]
    hessian = axes @ np.diag([0.05, 0.5, 3.0, 20.0]) @ axes.T
    x0 = rng.normal(size=4)
    ours = adam_type_trajectory(adamw.adamw_step, hessian, x0, 40, lr=0.02, weight_decay=weight_decay)
    reference = torch_quadratic_trajectory(torch.optim.AdamW, hessian, x0, 40, lr=0.02, weight_decay=weight_decay)
    np.testing.assert_allclose(ours, reference, atol=TOLERANCE)
    coupled = adam_type_trajectory(adamw.adam_l2_step, hessian, x0, 40, lr=0.02, weight_decay=weight_decay)
    reference = torch_quadratic_trajectory(torch.optim.Adam, hessian, x0, 40, lr=0.02, weight_decay=weight_decay)
    np.testing.assert_allclose(coupled, reference, atol=TOLERANCE)


def scheduler_rates(make_scheduler, steps: int, base_lr: float) -> list[float]:
    param = torch.zeros(1, requires_grad=True)
    optimizer = torch.optim.SGD([param], lr=base_lr)
    scheduler = make_scheduler(optimizer)
    rates = []
    for _ in range(steps):
        rates.append(optimizer.param_groups[0]["lr"])
        optimizer.step()
        scheduler.step()
    return rates


def test_schedules_match_torch_lr_schedulers() -> None:
    lrs = snippet("learning-rate-schedule")
    base, floor, total = 0.1, 0.001, 50
    # Cosine decay without warmup is CosineAnnealingLR with T_max = total and eta_min = floor.
    reference = scheduler_rates(
        lambda o: torch.optim.lr_scheduler.CosineAnnealingLR(o, T_max=total, eta_min=floor), total + 1, base
    )
    ours = [lrs.warmup_cosine_lr(s, base, 0, total, floor) for s in range(total + 1)]
    np.testing.assert_allclose(ours, reference, atol=TOLERANCE)
    # Step decay is StepLR.
    reference = scheduler_rates(lambda o: torch.optim.lr_scheduler.StepLR(o, step_size=7, gamma=0.5), 40, base)
    np.testing.assert_allclose([lrs.step_decay_lr(s, base, 7, 0.5) for s in range(40)], reference, atol=TOLERANCE)
    # Warmup + cosine through LambdaLR, and torch's own LinearLR warmup chained with cosine annealing.
    warmup = 10

    def factor(s):
        return lrs.warmup_cosine_lr(s, 1.0, warmup, total, floor / base)

    reference = scheduler_rates(lambda o: torch.optim.lr_scheduler.LambdaLR(o, factor), total + 1, base)
    ours = [lrs.warmup_cosine_lr(s, base, warmup, total, floor) for s in range(total + 1)]
    np.testing.assert_allclose(ours, reference, atol=TOLERANCE)
    chained = scheduler_rates(
        lambda o: torch.optim.lr_scheduler.SequentialLR(
            o,
            [
                torch.optim.lr_scheduler.LinearLR(o, start_factor=1e-12, end_factor=1.0, total_iters=warmup),
                torch.optim.lr_scheduler.CosineAnnealingLR(o, T_max=total - warmup, eta_min=floor),
            ],
            milestones=[warmup],
        ),
        total + 1,
        base,
    )
    np.testing.assert_allclose(ours, chained, atol=TOLERANCE)


def test_multi_task_gradients_match_autograd() -> None:
    mtl = snippet("multi-task-learning")
    rng = np.random.default_rng(6)
    x, y_reg, y_cls = rng.normal(size=(12, 3)), rng.normal(size=12), (rng.uniform(size=12) < 0.5).astype(float)
    params = mtl.init_params(3, 5, rng)
    weights = (0.7, 1.8)
    tensors = {name: torch.tensor(value, requires_grad=True) for name, value in params.items()}
    h = torch.tanh(torch.from_numpy(x) @ tensors["W"] + tensors["b"])
    regression = F.mse_loss(h @ tensors["w1"] + tensors["c1"], torch.from_numpy(y_reg))
    classification = F.binary_cross_entropy_with_logits(h @ tensors["w2"] + tensors["c2"], torch.from_numpy(y_cls))
    (weights[0] * regression + weights[1] * classification).backward()
    np.testing.assert_allclose(
        mtl.task_losses(params, x, y_reg, y_cls), [regression.item(), classification.item()], atol=TOLERANCE
    )
    ours = mtl.multi_task_gradient(params, x, y_reg, y_cls, weights)
    for name, tensor in tensors.items():
        np.testing.assert_allclose(ours[name], tensor.grad.numpy(), atol=TOLERANCE, err_msg=name)


def torch_crf_log_partition(
    emissions: torch.Tensor, transitions: torch.Tensor, start: torch.Tensor, end: torch.Tensor
) -> torch.Tensor:
    alpha = start + emissions[0]
    for t in range(1, emissions.shape[0]):
        alpha = emissions[t] + torch.logsumexp(alpha[:, None] + transitions, dim=0)
    return torch.logsumexp(alpha + end, dim=0)


def test_crf_log_partition_nll_and_marginals_match_torch() -> None:
    crf = snippet("crf")
    rng = np.random.default_rng(7)
    emissions, transitions = rng.normal(size=(6, 4)), rng.normal(size=(4, 4))
    start, end = rng.normal(size=4), rng.normal(size=4)
    tags = [3, 0, 0, 2, 1, 3]
    e = torch.tensor(emissions, requires_grad=True)
    a = torch.tensor(transitions, requires_grad=True)
    log_z = torch_crf_log_partition(e, a, torch.from_numpy(start), torch.from_numpy(end))
    np.testing.assert_allclose(crf.crf_log_partition(emissions, transitions, start, end), log_z.item(), atol=TOLERANCE)
    score = (
        torch.from_numpy(start)[tags[0]]
        + e[torch.arange(6), torch.tensor(tags)].sum()
        + a[torch.tensor(tags[:-1]), torch.tensor(tags[1:])].sum()
        + torch.from_numpy(end)[tags[-1]]
    )
    np.testing.assert_allclose(
        crf.crf_nll(emissions, transitions, start, end, tags), (log_z - score).item(), atol=TOLERANCE
    )
    log_z.backward()  # d log Z / d emissions = the marginals p(y_t = k | x)
    np.testing.assert_allclose(crf.crf_marginals(emissions, transitions, start, end), e.grad.numpy(), atol=TOLERANCE)


@pytest.mark.parametrize("kind", ["squared", "logistic"])
def test_gbdt_pseudo_residuals_are_negative_autograd_gradients(kind: str) -> None:
    gbdt = snippet("gbdt")
    rng = np.random.default_rng(8)
    y = rng.normal(size=30) if kind == "squared" else (rng.uniform(size=30) < 0.4).astype(float)
    f = torch.tensor(rng.normal(size=30), requires_grad=True)
    target = torch.from_numpy(y)
    if kind == "squared":
        reference = 0.5 * F.mse_loss(f, target, reduction="sum")
    else:
        reference = F.binary_cross_entropy_with_logits(f, target, reduction="sum")
    reference.backward()
    prediction = f.detach().numpy()
    np.testing.assert_allclose(gbdt.loss(y, prediction, kind), reference.item(), atol=TOLERANCE)
    np.testing.assert_allclose(gbdt.negative_gradient(y, prediction, kind), -f.grad.numpy(), atol=TOLERANCE)


def test_dqn_huber_loss_and_semi_gradient_match_autograd() -> None:
    dqn = snippet("dqn")
    rng = np.random.default_rng(9)
    online, frozen = dqn.init_q_network(4, 7, 3, rng), dqn.init_q_network(4, 7, 3, rng)
    states, actions = rng.normal(size=(10, 4)), rng.integers(0, 3, size=10)
    rewards, next_states = 3 * rng.normal(size=10), rng.normal(size=(10, 4))
    dones = (rng.uniform(size=10) < 0.3).astype(float)
    targets = dqn.dqn_td_targets(frozen, rewards, next_states, dones, 0.95)
    t_frozen = {k: torch.from_numpy(v) for k, v in frozen.items()}
    t_online = {k: torch.tensor(v, requires_grad=True) for k, v in online.items()}

    def net(params: dict[str, torch.Tensor], s: torch.Tensor) -> torch.Tensor:
        return torch.tanh(s @ params["W1"] + params["b1"]) @ params["W2"] + params["b2"]

    with torch.no_grad():
        reference_targets = (
            torch.from_numpy(rewards)
            + 0.95 * (1 - torch.from_numpy(dones)) * net(t_frozen, torch.from_numpy(next_states)).max(dim=1).values
        )
    np.testing.assert_allclose(targets, reference_targets.numpy(), atol=TOLERANCE)
    chosen = net(t_online, torch.from_numpy(states))[torch.arange(10), torch.from_numpy(actions)]
    reference = F.huber_loss(chosen, reference_targets, delta=1.0)
    reference.backward()
    loss, grads = dqn.dqn_loss_and_grad(online, targets, states, actions)
    np.testing.assert_allclose(loss, reference.item(), atol=TOLERANCE)
    for name, tensor in t_online.items():
        np.testing.assert_allclose(grads[name], tensor.grad.numpy(), atol=TOLERANCE, err_msg=name)


def test_policy_gradient_score_function_and_exact_gradient_match_autograd() -> None:
    pg = snippet("policy-gradient")
    rng = np.random.default_rng(10)
    theta, means = rng.normal(size=5), rng.normal(size=5)
    t = torch.tensor(theta, requires_grad=True)
    (torch.softmax(t, dim=0) @ torch.from_numpy(means)).backward()
    np.testing.assert_allclose(pg.exact_gradient(theta, means), t.grad.numpy(), atol=TOLERANCE)
    actions, rewards = rng.integers(0, 5, size=12), rng.normal(size=12)
    t = torch.tensor(theta, requires_grad=True)
    surrogate = ((torch.from_numpy(rewards) - 0.3) * torch.log_softmax(t, dim=0)[torch.from_numpy(actions)]).mean()
    surrogate.backward()
    np.testing.assert_allclose(pg.reinforce_gradient(theta, actions, rewards, 0.3), t.grad.numpy(), atol=TOLERANCE)


def test_ppo_clipped_objective_and_gradient_match_autograd() -> None:
    ppo = snippet("ppo")
    rng = np.random.default_rng(11)
    old = np.log(rng.uniform(0.05, 0.95, size=50))
    new = old + rng.uniform(-0.7, 0.7, size=50)
    advantages = rng.normal(size=50)
    t_new = torch.tensor(new, requires_grad=True)
    ratio = torch.exp(t_new - torch.from_numpy(old))
    adv = torch.from_numpy(advantages)
    objective = torch.min(ratio * adv, torch.clamp(ratio, 0.8, 1.2) * adv).mean()
    objective.backward()
    np.testing.assert_allclose(ppo.ppo_clip_objective(new, old, advantages, 0.2), objective.item(), atol=TOLERANCE)
    np.testing.assert_allclose(ppo.ppo_clip_gradient(new, old, advantages, 0.2), t_new.grad.numpy(), atol=TOLERANCE)
    assert np.sum(t_new.grad.numpy() == 0) > 5  # some samples are clipped, with exactly zero gradient
