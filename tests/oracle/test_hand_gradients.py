"""Oracle: hand-derived losses and gradients of the snippets against torch.autograd, and the remaining
snippets with a torch counterpart against that reference."""

import numpy as np
import torch
import torch.nn.functional as F

from .conftest import TOLERANCE, snippet


def leaf(array: np.ndarray) -> torch.Tensor:
    """A float64 tensor that records its gradient."""
    return torch.tensor(np.asarray(array, dtype=np.float64), requires_grad=True)


def assert_close(ours: object, reference: torch.Tensor | float) -> None:
    if isinstance(reference, torch.Tensor):
        reference = reference.detach().numpy()
    np.testing.assert_allclose(np.asarray(ours, dtype=np.float64), reference, atol=TOLERANCE, rtol=TOLERANCE)


# --- word embeddings ------------------------------------------------------------------------------------


def test_glove_loss_and_gradients_match_autograd() -> None:
    rng = np.random.default_rng(0)
    V, d = 7, 3
    X = np.where(rng.random((V, V)) < 0.6, rng.uniform(0.5, 150.0, (V, V)), 0.0)
    params = {
        "W": rng.normal(size=(V, d)),
        "W_ctx": rng.normal(size=(V, d)),
        "b": rng.normal(size=V),
        "b_ctx": rng.normal(size=V),
    }
    loss, grads = snippet("glove").glove_loss_and_grads(params, X, x_max=100.0)

    t = {name: leaf(value) for name, value in params.items()}
    X_t = torch.from_numpy(X)
    mask = X_t > 0
    log_X = torch.log(torch.where(mask, X_t, torch.ones_like(X_t)))
    weight = torch.clamp((X_t / 100.0) ** 0.75, max=1.0)
    residual = t["W"] @ t["W_ctx"].T + t["b"][:, None] + t["b_ctx"][None, :] - log_X
    reference = (weight * residual**2)[mask].sum()
    reference.backward()
    assert_close(loss, reference)
    for name in params:
        assert_close(grads[name], t[name].grad)


def test_cbow_loss_and_gradients_match_cross_entropy() -> None:
    rng = np.random.default_rng(1)
    V, d, window = 9, 4, 2
    contexts = rng.integers(0, V, size=(12, 2 * window))
    contexts[::3, -1] = -1  # padded rows, as near a sentence's edge
    centres = rng.integers(0, V, size=12)
    W_in, W_out = rng.normal(size=(V, d)), rng.normal(size=(V, d))
    loss, grad_in, grad_out = snippet("cbow").cbow_loss_and_grads(contexts, centres, W_in, W_out)

    W_in_t, W_out_t = leaf(W_in), leaf(W_out)
    valid = torch.from_numpy(contexts >= 0).to(torch.float64)[:, :, None]
    embedded = W_in_t[torch.from_numpy(np.maximum(contexts, 0))] * valid
    hidden = embedded.sum(dim=1) / valid.sum(dim=1)
    reference = F.cross_entropy(hidden @ W_out_t.T, torch.from_numpy(centres))
    reference.backward()
    assert_close(loss, reference)
    assert_close(grad_in, W_in_t.grad)
    assert_close(grad_out, W_out_t.grad)


def test_nce_loss_and_gradients_match_autograd() -> None:
    rng = np.random.default_rng(2)
    n, k = 8, 5
    score_data, score_noise = rng.normal(size=n), rng.normal(size=(n, k))
    log_noise_data, log_noise_noise = np.log(rng.uniform(0.01, 0.3, n)), np.log(rng.uniform(0.01, 0.3, (n, k)))
    nce = snippet("nce")
    loss = nce.nce_loss(score_data, log_noise_data, score_noise, log_noise_noise)
    grad_data, grad_noise = nce.nce_gradients(score_data, log_noise_data, score_noise, log_noise_noise)

    data_t, noise_t = leaf(score_data), leaf(score_noise)
    log_k = np.log(k)
    delta_data = data_t - torch.from_numpy(log_noise_data) - log_k
    delta_noise = noise_t - torch.from_numpy(log_noise_noise) - log_k
    # NCE is logistic regression telling data (label 1) from noise (label 0) on the logit s - log(k q).
    reference = (
        F.binary_cross_entropy_with_logits(delta_data, torch.ones(n), reduction="sum")
        + F.binary_cross_entropy_with_logits(delta_noise, torch.zeros(n, k), reduction="sum")
    ) / n
    reference.backward()
    assert_close(loss, reference)
    assert_close(grad_data, data_t.grad)
    assert_close(grad_noise, noise_t.grad)
    posterior = nce.data_posterior(score_data, log_noise_data, k)
    assert_close(posterior, torch.sigmoid(delta_data))


def test_hierarchical_softmax_path_log_probability_and_gradients_match_autograd() -> None:
    rng = np.random.default_rng(3)
    module = snippet("hierarchical-softmax")
    counts = np.array([30.0, 12.0, 9.0, 7.0, 4.0, 2.0, 1.0])
    paths, codes = module.huffman_paths(counts)
    node_vectors, h = rng.normal(size=(len(counts) - 1, 4)), rng.normal(size=4)
    for word in (0, 3, 6):
        log_p, grad_h, grad_nodes = module.path_log_probability(h, node_vectors, paths[word], codes[word])
        h_t, nodes_t = leaf(h), leaf(node_vectors)
        signs = 1.0 - 2.0 * torch.tensor(codes[word], dtype=torch.float64)
        reference = F.logsigmoid(signs * (nodes_t[paths[word]] @ h_t)).sum()
        reference.backward()
        assert_close(log_p, reference)
        assert_close(grad_h, h_t.grad)
        assert_close(grad_nodes, nodes_t.grad)


# --- energy-based models ----------------------------------------------------------------------------------


def binary_states(n: int) -> torch.Tensor:
    """All 2**n binary vectors, in counting order."""
    return torch.tensor([[(code >> (n - 1 - i)) & 1 for i in range(n)] for code in range(2**n)], dtype=torch.float64)


def torch_rbm_free_energy(v: torch.Tensor, W: torch.Tensor, b: torch.Tensor, c: torch.Tensor) -> torch.Tensor:
    return -(v @ b) - F.softplus(v @ W + c).sum(dim=1)


def test_rbm_free_energy_and_its_gradient_match_autograd() -> None:
    rng = np.random.default_rng(4)
    n_visible, n_hidden = 5, 3
    W, b, c = rng.normal(size=(n_visible, n_hidden)), rng.normal(size=n_visible), rng.normal(size=n_hidden)
    v = (rng.random((6, n_visible)) < 0.5).astype(np.float64)
    rbm = snippet("rbm")

    # The closed form equals -log sum_h exp(-E(v, h)) over all hidden states.
    hidden = binary_states(n_hidden)
    energies = torch.stack(
        [torch.from_numpy(rbm.rbm_energy(v, np.tile(h, (len(v), 1)), W, b, c)) for h in hidden.numpy()], dim=1
    )
    assert_close(rbm.rbm_free_energy(v, W, b, c), -torch.logsumexp(-energies, dim=1))

    # dF/dW = -v sigmoid(v W + c)^T, dF/db = -v, dF/dc = -sigmoid(v W + c), summed over the rows.
    W_t, b_t, c_t = leaf(W), leaf(b), leaf(c)
    free = torch_rbm_free_energy(torch.from_numpy(v), W_t, b_t, c_t)
    free.sum().backward()
    assert_close(rbm.rbm_free_energy(v, W, b, c), free)
    p_hidden = rbm.hidden_probabilities(v, W, c)
    assert_close(-v.T @ p_hidden, W_t.grad)
    assert_close(-v.sum(axis=0), b_t.grad)
    assert_close(-p_hidden.sum(axis=0), c_t.grad)
    assert_close(rbm.visible_probabilities(p_hidden, W, b), torch.sigmoid(torch.from_numpy(p_hidden @ W.T + b)))


def test_rbm_exact_log_likelihood_gradient_matches_autograd() -> None:
    rng = np.random.default_rng(5)
    n_visible, n_hidden = 4, 3
    W, b, c = rng.normal(size=(n_visible, n_hidden)), rng.normal(size=n_visible), rng.normal(size=n_hidden)
    data = (rng.random((10, n_visible)) < 0.4).astype(np.float64)
    rbm = snippet("rbm")
    log_likelihood = rbm.mean_log_likelihood(data, W, b, c)
    grad_W, grad_b, grad_c = rbm.log_likelihood_gradient(data, W, b, c)

    W_t, b_t, c_t = leaf(W), leaf(b), leaf(c)
    log_partition = torch.logsumexp(-torch_rbm_free_energy(binary_states(n_visible), W_t, b_t, c_t), dim=0)
    reference = (-torch_rbm_free_energy(torch.from_numpy(data), W_t, b_t, c_t)).mean() - log_partition
    reference.backward()
    assert_close(log_likelihood, reference)
    for ours, tensor in zip((grad_W, grad_b, grad_c), (W_t, b_t, c_t)):
        assert_close(ours, tensor.grad)


def test_contrastive_divergence_exact_gradient_matches_autograd() -> None:
    rng = np.random.default_rng(7)
    n_visible, n_hidden = 5, 2
    W, b, c = rng.normal(size=(n_visible, n_hidden)), rng.normal(size=n_visible), rng.normal(size=n_hidden)
    data = (rng.random((9, n_visible)) < 0.5).astype(np.float64)
    (grad_W, grad_b, grad_c), log_likelihood = snippet("contrastive-divergence").exact_gradient_and_log_likelihood(
        data, W, b, c
    )

    W_t, b_t, c_t = leaf(W), leaf(b), leaf(c)
    log_partition = torch.logsumexp(-torch_rbm_free_energy(binary_states(n_visible), W_t, b_t, c_t), dim=0)
    reference = (-torch_rbm_free_energy(torch.from_numpy(data), W_t, b_t, c_t)).mean() - log_partition
    reference.backward()
    assert_close(log_likelihood, reference)
    for ours, tensor in zip((grad_W, grad_b, grad_c), (W_t, b_t, c_t)):
        assert_close(ours, tensor.grad)


def test_contrastive_divergence_step_is_the_free_energy_difference_gradient() -> None:
    # CD-k is a sampling procedure; what it returns for one visible row v is -d/dtheta [F(v) - F(v_k)] with
    # the chain's end v_k held fixed. With a batch of one row, v_k = v - grad_b exactly.
    rng = np.random.default_rng(8)
    n_visible, n_hidden = 6, 3
    W, b, c = rng.normal(size=(n_visible, n_hidden)), rng.normal(size=n_visible), rng.normal(size=n_hidden)
    cd = snippet("contrastive-divergence").contrastive_divergence
    for k in (1, 3):
        v = (rng.random((1, n_visible)) < 0.5).astype(np.float64)
        grad_W, grad_b, grad_c = cd(v, W, b, c, k, rng)
        v_model = v - grad_b
        assert set(np.unique(v_model)) <= {0.0, 1.0}
        W_t, b_t, c_t = leaf(W), leaf(b), leaf(c)
        difference = (
            torch_rbm_free_energy(torch.from_numpy(v_model), W_t, b_t, c_t)
            - torch_rbm_free_energy(torch.from_numpy(v), W_t, b_t, c_t)
        ).sum()
        difference.backward()
        assert_close(grad_W, W_t.grad)
        assert_close(grad_b, b_t.grad)
        assert_close(grad_c, c_t.grad)


def test_dbm_exact_log_likelihood_gradient_matches_autograd() -> None:
    rng = np.random.default_rng(9)
    sizes = (3, 2, 2)
    params = {
        "W1": rng.normal(size=sizes[:2]),
        "W2": rng.normal(size=sizes[1:]),
        "b": rng.normal(size=sizes[0]),
        "c1": rng.normal(size=sizes[1]),
        "c2": rng.normal(size=sizes[2]),
    }
    data = (rng.random((8, sizes[0])) < 0.5).astype(np.float64)
    dbm = snippet("dbm")
    log_likelihood, grads = dbm.log_likelihood_gradient(data, params)

    t = {name: leaf(value) for name, value in params.items()}
    states = binary_states(sum(sizes))
    v, h1, h2 = states[:, :3], states[:, 3:5], states[:, 5:]
    neg_energy = (
        ((v @ t["W1"]) * h1).sum(dim=1) + ((h1 @ t["W2"]) * h2).sum(dim=1) + v @ t["b"] + h1 @ t["c1"] + h2 @ t["c2"]
    )
    assert_close(dbm.dbm_energy(v.numpy(), h1.numpy(), h2.numpy(), params), -neg_energy)
    log_partition = torch.logsumexp(neg_energy, dim=0)
    data_t = torch.from_numpy(data)
    log_p_data = torch.stack([torch.logsumexp(neg_energy[(v == row).all(dim=1)], dim=0) for row in data_t])
    reference = log_p_data.mean() - log_partition
    reference.backward()
    assert_close(log_likelihood, reference)
    for name in params:
        assert_close(grads[name], t[name].grad)
    # The mean-field conditional of the middle layer is the derivative of log-sum-exp over h1.
    h2_given = (rng.random((8, 2)) < 0.5).astype(np.float64)
    assert_close(
        dbm.middle_layer_probabilities(data, h2_given, params),
        torch.sigmoid(torch.from_numpy(data @ params["W1"] + h2_given @ params["W2"].T + params["c1"])),
    )


def test_energy_based_model_nll_gradient_matches_autograd() -> None:
    rng = np.random.default_rng(10)
    ebm = snippet("energy-based-model")
    n_units = 4
    theta = rng.normal(size=n_units + n_units * (n_units - 1) // 2)
    data = (rng.random((12, n_units)) < 0.5).astype(np.float64)
    nll, gradient = ebm.nll_and_gradient(data, theta)

    theta_t = leaf(theta)
    states = binary_states(n_units)
    i, j = torch.triu_indices(n_units, n_units, offset=1)

    def torch_energy(x: torch.Tensor) -> torch.Tensor:
        return -torch.cat([x, x[:, i] * x[:, j]], dim=1) @ theta_t

    reference = torch_energy(torch.from_numpy(data)).mean() + torch.logsumexp(-torch_energy(states), dim=0)
    reference.backward()
    assert_close(nll, reference)
    assert_close(gradient, theta_t.grad)
    energies = rng.normal(size=6)
    for temperature in (1.0, 2.5):
        assert_close(
            ebm.boltzmann_probabilities(energies, temperature),
            torch.softmax(-torch.from_numpy(energies) / temperature, dim=0),
        )


# --- the perceptron ---------------------------------------------------------------------------------------


def test_perceptron_rule_is_a_unit_step_down_the_perceptron_criterion() -> None:
    # The perceptron criterion max(0, -y (w . x + b)) has gradient -y (x, 1) on a mistake and 0 otherwise;
    # the learning rule is one gradient step of size 1 on it.
    rng = np.random.default_rng(6)
    module = snippet("perceptron")
    weight, bias = rng.normal(size=4), 0.3
    mistakes_seen = correct_seen = 0
    for x, label in zip(rng.normal(size=(20, 4)), rng.choice([-1.0, 1.0], size=20)):
        new_weight, new_bias, mistaken = module.perceptron_step(weight, bias, x, label)
        w_t, b_t = leaf(weight), leaf(bias)
        criterion = F.relu(-label * (torch.from_numpy(x) @ w_t + b_t))
        criterion.backward()
        assert_close(new_weight, w_t.detach() - w_t.grad)
        assert_close(new_bias, b_t.detach() - b_t.grad)
        assert mistaken == bool(criterion.item() > 0)
        mistakes_seen += mistaken
        correct_seen += not mistaken
    assert mistakes_seen and correct_seen
    x = rng.normal(size=(10, 4))
    assert_close(
        module.perceptron_predict(x, weight, bias), torch.where(torch.from_numpy(x @ weight + bias) > 0, 1.0, -1.0)
    )


# --- autoencoders and networks ----------------------------------------------------------------------------


def test_linear_autoencoder_loss_and_gradients_match_autograd() -> None:
    rng = np.random.default_rng(11)
    X, encoder, decoder = rng.normal(size=(10, 5)), rng.normal(size=(2, 5)), rng.normal(size=(5, 2))
    loss, grad_encoder, grad_decoder = snippet("autoencoder").reconstruction_loss_and_grads(X, encoder, decoder)
    encoder_t, decoder_t = leaf(encoder), leaf(decoder)
    X_t = torch.from_numpy(X)
    reference = ((X_t @ encoder_t.T @ decoder_t.T - X_t) ** 2).sum(dim=1).mean()
    reference.backward()
    assert_close(loss, reference)
    assert_close(grad_encoder, encoder_t.grad)
    assert_close(grad_decoder, decoder_t.grad)


def test_denoising_autoencoder_loss_and_gradients_match_autograd() -> None:
    rng = np.random.default_rng(12)
    d, k = 6, 3
    params = {
        "W_enc": rng.normal(size=(d, k)),
        "b_enc": rng.normal(size=k),
        "W_dec": rng.normal(size=(k, d)),
        "b_dec": rng.normal(size=d),
    }
    clean = (rng.random((7, d)) < 0.5).astype(np.float64)
    corrupted = clean * (rng.random(clean.shape) >= 0.3)
    module = snippet("denoising-autoencoder")
    loss, grads = module.denoising_loss_and_grads(params, corrupted, clean)

    t = {name: leaf(value) for name, value in params.items()}
    hidden = torch.sigmoid(torch.from_numpy(corrupted) @ t["W_enc"] + t["b_enc"])
    logits = hidden @ t["W_dec"] + t["b_dec"]
    reference = F.binary_cross_entropy_with_logits(logits, torch.from_numpy(clean), reduction="sum") / len(clean)
    reference.backward()
    assert_close(loss, reference)
    for name in params:
        assert_close(grads[name], t[name].grad)
    assert_close(module.reconstruct(params, corrupted), torch.sigmoid(logits))


def test_mlp_binary_cross_entropy_gradients_match_autograd() -> None:
    rng = np.random.default_rng(13)
    module = snippet("mlp")
    layers = module.init_mlp([3, 5, 4, 1], rng)
    layers = [(w, rng.normal(size=b.shape)) for w, b in layers]
    x, targets = rng.normal(size=(9, 3)), (rng.random(9) < 0.5).astype(np.float64)
    loss, grads = module.bce_loss_and_gradients(x, targets, layers)

    tensors = [(leaf(w), leaf(b)) for w, b in layers]
    network = torch.from_numpy(x)
    for depth, (w, b) in enumerate(tensors):
        network = F.linear(network, w, b)
        if depth < len(tensors) - 1:
            network = torch.tanh(network)
    assert_close(module.mlp_forward(x, layers), network)
    reference = F.binary_cross_entropy_with_logits(network[:, 0], torch.from_numpy(targets))
    reference.backward()
    assert_close(loss, reference)
    for (grad_w, grad_b), (w, b) in zip(grads, tensors):
        assert_close(grad_w, w.grad)
        assert_close(grad_b, b.grad)
    assert module.parameter_count([3, 5, 4, 1]) == sum(p.numel() for pair in tensors for p in pair)


def test_maxout_layer_and_its_backward_match_autograd() -> None:
    rng = np.random.default_rng(25)
    module = snippet("maxout")
    x, weight, bias = rng.normal(size=(6, 5)), rng.normal(size=(4, 3, 5)), rng.normal(size=(4, 3))
    grad_output = rng.normal(size=(6, 4))
    x_t, weight_t, bias_t = leaf(x), leaf(weight), leaf(bias)
    # Maxout is a linear layer to units * pieces outputs followed by a max over each unit's pieces.
    pieces = F.linear(x_t, weight_t.reshape(12, 5), bias_t.reshape(12)).reshape(6, 4, 3)
    output = pieces.amax(dim=2)
    (output * torch.from_numpy(grad_output)).sum().backward()
    assert_close(module.maxout(x, weight, bias), output)
    for ours, tensor in zip(module.maxout_backward(x, weight, bias, grad_output), (x_t, weight_t, bias_t)):
        assert_close(ours, tensor.grad)


# --- attention and memory ---------------------------------------------------------------------------------


def test_additive_attention_and_its_gradients_match_autograd() -> None:
    rng = np.random.default_rng(14)
    b, m, n, d_s, d_h, d_a = 2, 3, 4, 5, 6, 7
    params = {"w": rng.normal(size=(d_a, d_s)), "u": rng.normal(size=(d_a, d_h)), "v": rng.normal(size=d_a)}
    states, annotations = rng.normal(size=(b, m, d_s)), rng.normal(size=(b, n, d_h))
    upstream = rng.normal(size=(b, m, d_h))
    module = snippet("attention-mechanism")
    contexts, weights = module.additive_attention(states, annotations, params)
    grads = module.additive_attention_gradients(states, annotations, params, upstream)

    t = {name: leaf(value) for name, value in params.items()}
    states_t, annotations_t = torch.from_numpy(states), torch.from_numpy(annotations)
    hidden = torch.tanh((states_t @ t["w"].T)[:, :, None, :] + (annotations_t @ t["u"].T)[:, None, :, :])
    weights_t = torch.softmax(hidden @ t["v"], dim=-1)
    contexts_t = weights_t @ annotations_t
    (contexts_t * torch.from_numpy(upstream)).sum().backward()
    assert_close(contexts, contexts_t)
    assert_close(weights, weights_t)
    for name in params:
        assert_close(grads[name], t[name].grad)


def test_pointer_network_loss_and_gradients_match_autograd() -> None:
    rng = np.random.default_rng(15)
    module = snippet("pointer-network")
    params = {"w1": rng.normal(size=(5, 2)), "w2": rng.normal(size=(5, 2)), "v": rng.normal(size=5)}
    values = rng.random((3, 5))
    loss, grads = module.loss_and_gradients(params, values)

    encoder, decoder, available, targets = (torch.from_numpy(a) for a in module.teacher_forced_batch(values))
    t = {name: leaf(value) for name, value in params.items()}
    hidden = torch.tanh((decoder @ t["w2"].T)[:, :, None, :] + (encoder @ t["w1"].T)[:, None, :, :])
    scores = (hidden @ t["v"]).masked_fill(~available, float("-inf"))
    log_probs = torch.log_softmax(scores, dim=-1)
    reference = -log_probs.gather(-1, targets[..., None]).mean()
    reference.backward()
    assert_close(loss, reference)
    for name in params:
        assert_close(grads[name], t[name].grad)
    distribution = module.pointer_distribution(encoder.numpy(), decoder.numpy(), params, available.numpy())
    assert_close(distribution, log_probs.exp())


def test_memory_network_ranking_loss_gradient_matches_autograd() -> None:
    rng = np.random.default_rng(16)
    module = snippet("memory-network")
    batch, n, features, d = 4, 5, 8, 3
    embedding = rng.normal(size=(d, features))
    left = rng.normal(size=(batch, features))
    correct = rng.integers(0, n, size=batch)
    for candidates in (rng.normal(size=(batch, n, features)), rng.normal(size=(n, features))):
        loss, gradient = module.ranking_loss_and_gradient(embedding, left, candidates, correct)
        U = leaf(embedding)
        cand = torch.from_numpy(np.broadcast_to(candidates, (batch, n, features)).copy())
        scores = torch.einsum("bd,bnd->bn", torch.from_numpy(left) @ U.T, cand @ U.T)
        rows = torch.arange(batch)
        wrong = torch.ones(batch, n, dtype=torch.bool)
        wrong[rows, torch.from_numpy(correct)] = False
        hinge = F.relu(module.MARGIN - scores[rows, torch.from_numpy(correct)][:, None] + scores)
        reference = hinge[wrong].sum()
        reference.backward()
        assert reference.item() > 0
        assert_close(loss, reference)
        assert_close(gradient, U.grad)


def test_end_to_end_memory_network_loss_and_gradients_match_autograd() -> None:
    rng = np.random.default_rng(17)
    module = snippet("end-to-end-memory-network")
    batch, n, V, d, hops = 4, 5, 9, 3, 3
    memories = (rng.random((batch, n, V)) < 0.3).astype(np.float64)
    questions = (rng.random((batch, V)) < 0.3).astype(np.float64)
    answers = rng.integers(0, V, size=batch)
    embeddings = [rng.normal(scale=0.5, size=(d, V)) for _ in range(hops + 1)]
    loss, gradients = module.loss_and_gradients(embeddings, memories, questions, answers)

    tensors = [leaf(e) for e in embeddings]
    memories_t = torch.from_numpy(memories)
    state = torch.from_numpy(questions) @ tensors[0].T
    for hop in range(1, hops + 1):
        keys, values = memories_t @ tensors[hop - 1].T, memories_t @ tensors[hop].T
        attention = torch.softmax(torch.einsum("bnd,bd->bn", keys, state), dim=-1)
        state = state + torch.einsum("bn,bnd->bd", attention, values)
    logits = state @ tensors[-1]
    assert_close(module.end_to_end_memory_network(embeddings, memories, questions)[0], logits)
    reference = F.cross_entropy(logits, torch.from_numpy(answers))
    reference.backward()
    assert_close(loss, reference)
    for ours, tensor in zip(gradients, tensors):
        assert_close(ours, tensor.grad)


def test_soft_attention_context_and_score_gradient_match_autograd() -> None:
    rng = np.random.default_rng(18)
    scores, values, upstream = rng.normal(size=6), rng.normal(size=(6, 4)), rng.normal(size=4)
    module = snippet("soft-attention")
    context, weights = module.soft_attention(scores, values)
    scores_t = leaf(scores)
    weights_t = torch.softmax(scores_t, dim=0)
    context_t = weights_t @ torch.from_numpy(values)
    (context_t @ torch.from_numpy(upstream)).backward()
    assert_close(context, context_t)
    assert_close(weights, weights_t)
    assert_close(module.context_gradient(scores, values, upstream), scores_t.grad)


def test_hard_attention_expectation_and_reinforce_estimate_match_torch() -> None:
    rng = np.random.default_rng(19)
    module = snippet("hard-attention")
    scores, values = rng.normal(size=5), rng.normal(size=(5, 3))
    weights = torch.softmax(torch.from_numpy(scores), dim=0)
    assert_close(module.expected_glimpse(scores, values), weights @ torch.from_numpy(values))
    mean = weights @ torch.from_numpy(values)
    assert_close(module.glimpse_variance(scores, values), weights @ (torch.from_numpy(values) - mean) ** 2)

    # For the same draws, REINFORCE is the mean of (reward - baseline) * d log p(i) / d scores.
    def reward(glimpse: np.ndarray) -> np.ndarray:
        return np.sum(glimpse**2, axis=-1)

    baseline, count = 0.4, 50
    estimate = module.reinforce_gradient(scores, values, reward, np.random.default_rng(3), count, baseline)
    glimpses, locations = module.hard_attention(scores, values, np.random.default_rng(3), count)
    scores_t = leaf(scores)
    log_p = torch.log_softmax(scores_t, dim=0)[torch.from_numpy(locations)]
    (torch.from_numpy(reward(glimpses) - baseline) @ log_p / count).backward()
    assert_close(estimate, scores_t.grad)


def test_recursive_neural_network_backward_through_structure_matches_autograd() -> None:
    rng = np.random.default_rng(20)
    module = snippet("recursive-neural-network")
    d = 3
    embeddings, W, b = rng.normal(size=(5, d)), rng.normal(size=(d, 2 * d)) / np.sqrt(2 * d), rng.normal(size=d)
    tree, readout = (((0, 1), (2, 3)), (4, 1)), rng.normal(size=d)
    grads = module.tree_backward(tree, embeddings, W, b, readout)

    embeddings_t, W_t, b_t = leaf(embeddings), leaf(W), leaf(b)

    def encode(node: object) -> torch.Tensor:
        if isinstance(node, int):
            return embeddings_t[node]
        return torch.tanh(W_t @ torch.cat([encode(node[0]), encode(node[1])]) + b_t)

    root = encode(tree)
    (root @ torch.from_numpy(readout)).backward()
    assert_close(module.encode_tree(tree, embeddings, W, b), root)
    assert_close(grads["W"], W_t.grad)
    assert_close(grads["b"], b_t.grad)
    assert_close(grads["embeddings"], embeddings_t.grad)


def test_rntn_composition_and_its_backward_match_autograd() -> None:
    rng = np.random.default_rng(21)
    module = snippet("rntn")
    d = 3
    V, W = rng.normal(size=(d, 2 * d, 2 * d)) / (2 * d), rng.normal(size=(d, 2 * d)) / np.sqrt(2 * d)
    left, right, grad_parent = rng.normal(size=d), rng.normal(size=d), rng.normal(size=d)
    grads = module.rntn_compose_backward(left, right, V, W, grad_parent)

    left_t, right_t, V_t, W_t = leaf(left), leaf(right), leaf(V), leaf(W)
    children = torch.cat([left_t, right_t])
    # The tensor layer is a bilinear map per output unit: x^T V[k] x, i.e. torch's nn.functional.bilinear.
    parent = torch.tanh(F.bilinear(children[None], children[None], V_t)[0] + W_t @ children)
    (parent @ torch.from_numpy(grad_parent)).backward()
    assert_close(module.rntn_compose(left, right, V, W), parent)
    for name, tensor in (("left", left_t), ("right", right_t), ("V", V_t), ("W", W_t)):
        assert_close(grads[name], tensor.grad)

    embeddings, tree = rng.normal(size=(4, d)), ((0, 1), (2, 3))
    with torch.no_grad():

        def encode(node: object) -> torch.Tensor:
            if isinstance(node, int):
                return torch.from_numpy(embeddings[node])
            x = torch.cat([encode(node[0]), encode(node[1])])
            return torch.tanh(F.bilinear(x[None], x[None], torch.from_numpy(V))[0] + torch.from_numpy(W) @ x)

        assert_close(module.encode_tree(tree, embeddings, V, W), encode(tree))


def test_nmt_backpropagation_through_time_matches_autograd() -> None:
    rng = np.random.default_rng(22)
    module = snippet("nmt")
    model = module.Translator.random(rng, embed=3, hidden=4)
    for name, array in model.arrays().items():  # non-zero biases, so their gradients are exercised
        if array.ndim == 1:
            setattr(model, name, rng.normal(scale=0.3, size=array.shape))
    sources, targets = module.encode_pairs(
        [("the red car", "la voiture rouge"), ("a small dog", "un petit chien"), ("the green cat", "le chat vert")]
    )
    loss, grads = module.loss_and_gradients(model, sources, targets)

    t = {name: leaf(array) for name, array in model.arrays().items()}
    encoder, decoder = torch.nn.RNN(3, 4, batch_first=True), torch.nn.RNNCell(3, 4)
    # torch's RNN modules run with our weights (and a zero second bias), so autograd reaches the leaves.
    encoder_weights = {
        "weight_ih_l0": t["enc_W_x"],
        "weight_hh_l0": t["enc_W_h"],
        "bias_ih_l0": t["enc_b"],
        "bias_hh_l0": torch.zeros(4),
    }
    decoder_weights = {
        "weight_ih": t["dec_W_x"],
        "weight_hh": t["dec_W_h"],
        "bias_ih": t["dec_b"],
        "bias_hh": torch.zeros(4),
    }
    embedded = t["source_embedding"][torch.from_numpy(sources)]
    _, context = torch.func.functional_call(encoder, encoder_weights, (embedded,))
    state = context[0]
    targets_t = torch.from_numpy(targets)
    previous = torch.full((len(targets),), module.EOS)
    logits = []
    for step in range(targets.shape[1]):
        state = torch.func.functional_call(decoder, decoder_weights, (t["target_embedding"][previous], state))
        logits.append(state @ t["W_out"].T + t["b_out"])
        previous = targets_t[:, step]
    reference = F.cross_entropy(torch.stack(logits, dim=1).reshape(-1, len(module.FRENCH)), targets_t.reshape(-1))
    reference.backward()
    assert_close(loss, reference)
    for name in t:
        assert_close(grads[name], t[name].grad)


def test_mc_dropout_network_loss_and_gradients_match_autograd() -> None:
    rng = np.random.default_rng(23)
    module = snippet("bayesian-deep-learning")
    width, n, weight_decay = 6, 10, 0.01
    params = module.init_params(width, rng)
    params["b2"], params["b3"] = rng.normal(size=width), rng.normal(size=1)
    x, y = rng.normal(size=n), rng.normal(size=n)
    masks = module.dropout_masks(n, [width, width], 0.3, rng)
    loss, grads = module.loss_and_grads(params, x, y, masks, weight_decay)

    t = {name: leaf(value) for name, value in params.items()}
    m1, m2 = (torch.from_numpy(mask) for mask in masks)
    h1 = F.relu(torch.from_numpy(x)[:, None] @ t["W1"] + t["b1"]) * m1
    h2 = F.relu(h1 @ t["W2"] + t["b2"]) * m2
    prediction = (h2 @ t["W3"] + t["b3"])[:, 0]
    assert_close(module.forward(params, x, masks)[0], prediction)
    reference = F.mse_loss(prediction, torch.from_numpy(y)) + weight_decay * sum(
        (t[w] ** 2).sum() for w in ("W1", "W2", "W3")
    )
    reference.backward()
    assert_close(loss, reference)
    for name in params:
        assert_close(grads[name], t[name].grad)


def test_neural_variational_inference_elbo_and_score_function_match_autograd() -> None:
    rng = np.random.default_rng(24)
    module = snippet("neural-variational-inference")
    d_x, d_z = 4, 3
    x, V, a = rng.normal(size=d_x), rng.normal(size=(d_z, d_x)), rng.normal(size=d_z)
    A, c = rng.normal(size=(d_x, d_z)), rng.normal(size=d_x)
    states = binary_states(d_z)

    logits_t = leaf(V @ x + a)
    q = torch.distributions.Bernoulli(logits=logits_t)
    log_q = q.log_prob(states).sum(dim=1)
    mean = states @ torch.from_numpy(A).T + torch.from_numpy(c)
    log_joint = d_z * np.log(0.5) + torch.distributions.Normal(mean, 1.0).log_prob(torch.from_numpy(x)).sum(dim=1)
    assert_close(module.log_q(states.numpy(), logits_t.detach().numpy()), log_q)
    assert_close(module.log_joint(x, states.numpy(), A, c), log_joint)
    elbo = (log_q.exp() * (log_joint - log_q)).sum()
    assert_close(module.exact_elbo(x, V, a, A, c), elbo)

    # Each estimate is (f(z) - b) d log q(z) / d logits ...
    signals, baseline = rng.normal(size=len(states)), 0.7
    estimates = module.score_function_estimates(states.numpy(), logits_t.detach().numpy(), signals, baseline)
    for row, z in enumerate(states):
        logits_row = leaf(logits_t.detach().numpy())
        torch.distributions.Bernoulli(logits=logits_row).log_prob(z).sum().backward()
        assert_close(estimates[row], (signals[row] - baseline) * logits_row.grad)
    # ... and its exact expectation under q, with the signal f = log p(x, z) - log q(z), is the ELBO gradient.
    elbo.backward()
    learning_signal = (log_joint - log_q).detach().numpy()
    weights = log_q.exp().detach().numpy()
    per_state = module.score_function_estimates(states.numpy(), logits_t.detach().numpy(), learning_signal, 0.0)
    expected = weights @ per_state
    assert_close(expected, logits_t.grad)


# --- frameworks and automatic differentiation ---------------------------------------------------------


def test_keras_dense_stack_matches_torch_and_its_gradients_match_autograd() -> None:
    rng = np.random.default_rng(26)
    module = snippet("keras")
    x = rng.normal(size=(8, 3))
    for loss_name, last in (("binary_crossentropy", "sigmoid"), ("mse", "linear")):
        model = module.Sequential([module.Dense(5, "tanh"), module.Dense(4, "relu"), module.Dense(2, last)])
        model.build(3)
        model.set_weights([w + 0.1 * rng.normal(size=w.shape) for w in model.get_weights()])
        model.compile(loss_name)
        y = (rng.random((8, 2)) < 0.5).astype(np.float64)
        grads = model.gradients(x, y)

        weights = [leaf(w) for w in model.get_weights()]
        out = torch.from_numpy(x)
        for (kernel, bias), activation in zip(zip(weights[0::2], weights[1::2]), (torch.tanh, F.relu, None)):
            out = F.linear(out, kernel.T, bias)  # a Keras kernel is (in, out): the transpose of torch's weight
            out = activation(out) if activation else (torch.sigmoid(out) if last == "sigmoid" else out)
        y_t = torch.from_numpy(y)
        reference = F.binary_cross_entropy(out, y_t) if loss_name == "binary_crossentropy" else F.mse_loss(out, y_t)
        reference.backward()
        assert_close(model.predict(x), out)
        assert_close(model.evaluate(x, y), reference)
        for ours, tensor in zip(grads, weights):
            assert_close(ours, tensor.grad)
        assert model.count_params() == sum(w.numel() for w in weights)


def test_computational_graph_backward_sweep_matches_autograd() -> None:
    module = snippet("computational-graph")
    for build, formula in (
        (module.example_graph, lambda x, y: (x * y) * (x + y)),
        (module.demo_graph, lambda x, y: (torch.sin(x) + x * y) * torch.exp(x * y)),
    ):
        for x, y in ((0.7, -1.3), (2.0, 0.5)):
            ours = module.gradients(build(), {"x": x, "y": y})
            x_t, y_t = leaf(x), leaf(y)
            formula(x_t, y_t).backward()
            assert_close(ours["x"], x_t.grad)
            assert_close(ours["y"], y_t.grad)


def test_automatic_differentiation_of_programs_matches_autograd() -> None:
    module = snippet("automatic-differentiation")
    for a in (0.3, 2.0, 9.0):
        a_t = leaf(a)
        module.newton_sqrt(a_t).backward()  # the same program, branch and loop, run on a torch tensor
        assert_close(module.derivative(module.newton_sqrt, a), a_t.grad)
        assert_close(module.reverse_derivative(module.newton_sqrt, a), a_t.grad)
    for x in (-0.5, 0.4, 3.0):
        x_t = leaf(x)
        (torch.exp(x_t) / (1.0 + x_t)).backward()
        assert_close(module.derivative(module.exp_ratio, x), x_t.grad)
        assert_close(module.reverse_derivative(module.exp_ratio, x), x_t.grad)


def test_gradient_descent_trajectory_matches_torch_sgd() -> None:
    rng = np.random.default_rng(27)
    module = snippet("gradient-descent")
    curvatures, x0, lr = np.array([0.5, 2.0, 7.0]), rng.normal(size=3), 0.1
    trajectory = module.gradient_descent(module.diagonal_quadratic_gradient(curvatures), x0, lr, 12)
    x = leaf(x0)
    optimiser = torch.optim.SGD([x], lr=lr)
    for step in range(1, 13):
        optimiser.zero_grad()
        (0.5 * (torch.from_numpy(curvatures) * x**2).sum()).backward()
        optimiser.step()
        assert_close(trajectory[step], x)


# --- gates, attention and memory addressing against torch's modules ---------------------------------------


def lstm_cell_output(x: np.ndarray, h: np.ndarray, c: np.ndarray, gates: dict[str, tuple]) -> torch.Tensor:
    """The new cell state of torch.nn.LSTMCell whose gate rows (i, f, g, o) hold the given (W, U, b)."""
    cell = torch.nn.LSTMCell(x.shape[1], h.shape[1])
    stacked = [gates[name] for name in "ifgo"]
    weights = {
        "weight_ih": torch.from_numpy(np.concatenate([W for W, _, _ in stacked])),
        "weight_hh": torch.from_numpy(np.concatenate([U for _, U, _ in stacked])),
        "bias_ih": torch.from_numpy(np.concatenate([b for _, _, b in stacked])),
        "bias_hh": torch.zeros(4 * h.shape[1]),
    }
    with torch.no_grad():
        inputs = (torch.from_numpy(x), (torch.from_numpy(h), torch.from_numpy(c)))
        return torch.func.functional_call(cell, weights, inputs)[1]


def test_input_and_forget_gates_are_the_gates_of_torch_lstm_cell() -> None:
    rng = np.random.default_rng(28)
    n, d, hidden = 5, 4, 3
    x, h = rng.normal(size=(n, d)), rng.normal(size=(n, hidden))
    W, U, b = rng.normal(size=(hidden, d)), rng.normal(size=(hidden, hidden)), rng.normal(size=hidden)
    zero = (np.zeros((hidden, d)), np.zeros((hidden, hidden)))
    shut, full = (*zero, np.full(hidden, -1e3)), (*zero, np.full(hidden, 1e3))  # sigmoid -> 0, tanh -> 1
    # With c_prev = 0 and the candidate g = 1, the LSTM's new cell state is its input gate ...
    only_input = lstm_cell_output(x, h, np.zeros((n, hidden)), {"i": (W, U, b), "f": shut, "g": full, "o": full})
    assert_close(snippet("input-gate").input_gate(x, h, W, U, b), only_input)
    # ... and with c_prev = 1 and the input gate shut, it is its forget gate.
    only_forget = lstm_cell_output(x, h, np.ones((n, hidden)), {"i": shut, "f": (W, U, b), "g": full, "o": full})
    assert_close(snippet("forget-gate").forget_gate(x, h, W, U, b), only_forget)


def test_query_key_value_and_self_attention_match_scaled_dot_product_attention() -> None:
    rng = np.random.default_rng(29)
    queries_in, memory, x = rng.normal(size=(3, 5)), rng.normal(size=(6, 5)), rng.normal(size=(7, 5))
    w_q, w_k, w_v = rng.normal(size=(5, 4)), rng.normal(size=(5, 4)), rng.normal(size=(5, 2))
    outputs, weights = snippet("query-key-value").qkv_attention(queries_in, memory, w_q, w_k, w_v)
    q, k, v = (torch.from_numpy(a) for a in (queries_in @ w_q, memory @ w_k, memory @ w_v))
    assert_close(outputs, F.scaled_dot_product_attention(q, k, v))
    assert_close(weights, torch.softmax(q @ k.T / 2.0, dim=-1))
    self_attention = snippet("self-attention").self_attention
    q, k, v = (torch.from_numpy(x @ w) for w in (w_q, w_k, w_v))
    assert_close(self_attention(x, w_q, w_k, w_v), F.scaled_dot_product_attention(q, k, v))
    assert_close(self_attention(x, w_q, w_k, w_v, causal=True), F.scaled_dot_product_attention(q, k, v, is_causal=True))


def test_copynet_distribution_matches_a_joint_softmax_scattered_onto_words() -> None:
    rng = np.random.default_rng(30)
    vocabulary = ["hello", "my", "name", "is", "<unk>"]
    source = ["my", "name", "is", "tolkien", "my"]
    generate, copy = rng.normal(size=len(vocabulary)), rng.normal(size=len(source))
    words, probabilities = snippet("copynet").copy_generate_distribution(generate, copy, source, vocabulary)
    joint = torch.softmax(torch.from_numpy(np.concatenate([generate, copy])), dim=0)
    index = torch.tensor([words.index(token) for token in source])
    reference = torch.zeros(len(words), dtype=torch.float64)
    reference[: len(vocabulary)] = joint[: len(vocabulary)]
    reference = reference.index_add(0, index, joint[len(vocabulary) :])
    assert words[len(vocabulary) :] == ["tolkien"]
    assert_close(probabilities, reference)
    state, encoder_states = rng.normal(size=4), rng.normal(size=(len(source), 3))
    w_generate, w_copy = rng.normal(size=(len(vocabulary), 4)), rng.normal(size=(3, 4))
    generate_scores, copy_scores = snippet("copynet").copynet_scores(state, encoder_states, w_generate, w_copy)
    assert_close(generate_scores, F.linear(torch.from_numpy(state), torch.from_numpy(w_generate)))
    assert_close(copy_scores, torch.tanh(torch.from_numpy(encoder_states @ w_copy)) @ torch.from_numpy(state))


def test_neural_turing_machine_addressing_matches_torch() -> None:
    rng = np.random.default_rng(31)
    module = snippet("neural-turing-machine")
    memory, key = rng.normal(size=(8, 4)), rng.normal(size=4)
    previous = torch.softmax(torch.from_numpy(rng.normal(size=8)), dim=0).numpy()
    shift = np.array([0.2, 0.5, 0.3])  # weights of the offsets -1, 0, +1
    strength, gate, gamma = 3.0, 0.7, 2.5
    memory_t = torch.from_numpy(memory)
    similarity = F.cosine_similarity(memory_t, torch.from_numpy(key)[None], dim=1)
    assert_close(module.cosine_similarity(key, memory), similarity)
    content = torch.softmax(strength * similarity, dim=0)
    assert_close(module.content_addressing(key, strength, memory), content)
    gated = gate * content + (1.0 - gate) * torch.from_numpy(previous)
    # The rotation is a circular convolution with the shift weights: conv1d (a correlation) with them flipped.
    rotated = F.conv1d(
        F.pad(gated[None, None], (1, 1), mode="circular"), torch.from_numpy(shift[::-1].copy())[None, None]
    )[0, 0]
    assert_close(module.circular_shift(gated.numpy(), shift), rotated)
    weights = rotated**gamma / (rotated**gamma).sum()
    addressed = module.address_memory(memory, previous, key, strength, gate, shift, gamma)
    assert_close(addressed, weights)
    erase, add = torch.sigmoid(torch.from_numpy(rng.normal(size=4))).numpy(), rng.normal(size=4)
    assert_close(module.read_memory(memory, addressed), torch.einsum("n,nd->d", weights, memory_t))
    erase_t, add_t = torch.from_numpy(erase), torch.from_numpy(add)
    written = memory_t * (1.0 - torch.outer(weights, erase_t)) + torch.outer(weights, add_t)
    assert_close(module.write_memory(memory, addressed, erase, add), written)


# --- networks built from torch layers ---------------------------------------------------------------------


def test_feedforward_network_matches_torch_sequential() -> None:
    rng = np.random.default_rng(32)
    module = snippet("activation-function")
    sizes = [4, 6, 5, 2]
    weights = [rng.normal(size=(o, i)) for i, o in zip(sizes, sizes[1:])]
    biases = [rng.normal(size=o) for o in sizes[1:]]
    x = rng.normal(size=(7, 4))
    for activation, torch_activation in ((module.relu, torch.nn.ReLU()), (module.identity, torch.nn.Identity())):
        layers = []
        for weight, bias in zip(weights, biases):
            linear = torch.nn.Linear(weight.shape[1], weight.shape[0])
            with torch.no_grad():
                linear.weight.copy_(torch.from_numpy(weight))
                linear.bias.copy_(torch.from_numpy(bias))
            layers += [linear, torch_activation]
        network = torch.nn.Sequential(*layers[:-1])
        with torch.no_grad():
            assert_close(module.feedforward(x, weights, biases, activation), network(torch.from_numpy(x)))


def test_cnn_features_and_classifier_match_torch_conv2d_with_circular_padding() -> None:
    rng = np.random.default_rng(33)
    module = snippet("cnn")
    layers = [(rng.normal(size=(5, 2, 3, 3)), rng.normal(size=5)), (rng.normal(size=(3, 5, 5, 5)), rng.normal(size=3))]
    head = (rng.normal(size=(4, 3)), rng.normal(size=4))
    images = rng.normal(size=(2, 2, 9, 9))
    x = torch.from_numpy(images)
    for weight, bias in layers:
        conv = torch.nn.Conv2d(
            weight.shape[1], weight.shape[0], weight.shape[-1], padding=weight.shape[-1] // 2, padding_mode="circular"
        )
        with torch.no_grad():
            x = F.relu(
                torch.func.functional_call(
                    conv, {"weight": torch.from_numpy(weight), "bias": torch.from_numpy(bias)}, (x,)
                )
            )
    assert_close(module.cnn_features(images, layers), x)
    logits = F.linear(x.mean(dim=(2, 3)), torch.from_numpy(head[0]), torch.from_numpy(head[1]))
    assert_close(module.cnn_classify(images, layers, head), logits)
    assert module.dense_layer_params(3, 4) == sum(p.numel() for p in torch.nn.Linear(3, 4).parameters())


# --- recurrent encoders and decoders ----------------------------------------------------------------------


def torch_rnn_cell(W_x: np.ndarray, W_h: np.ndarray, b: np.ndarray):
    """h' = tanh(W_x x + b + W_h h) as torch.nn.RNNCell with our weights."""
    cell = torch.nn.RNNCell(W_x.shape[1], W_x.shape[0])
    weights = {
        "weight_ih": torch.from_numpy(W_x),
        "weight_hh": torch.from_numpy(W_h),
        "bias_ih": torch.from_numpy(b),
        "bias_hh": torch.zeros(len(b)),
    }
    return lambda x, h: torch.func.functional_call(cell, weights, (x, h))


def torch_decoder_log_probs(decoder: object, inputs: np.ndarray, state: torch.Tensor) -> torch.Tensor:
    """log p(next token) (N, T, V) of a TokenDecoder fed the given input tokens (N, T)."""
    cell = torch_rnn_cell(decoder.W_x, decoder.W_h, decoder.b)
    outputs = []
    for t in range(inputs.shape[1]):
        state = cell(torch.from_numpy(decoder.embedding[inputs[:, t]]), state)
        outputs.append(
            torch.log_softmax(F.linear(state, torch.from_numpy(decoder.W_out), torch.from_numpy(decoder.b_out)), dim=-1)
        )
    return torch.stack(outputs, dim=1)


def random_token_decoder(rng: np.random.Generator, vocab: int = 5, embed: int = 3, hidden: int = 4) -> object:
    return snippet("teacher-forcing").TokenDecoder.random(rng, vocab, embed, hidden, scale=1.5)


def test_encoder_decoder_matches_torch_rnn_cells() -> None:
    rng = np.random.default_rng(34)
    module = snippet("encoder-decoder")
    D, C, S, K = 3, 2, 5, 4  # input, context, decoder state and output sizes
    encoder = (rng.normal(size=(C, D)), rng.normal(size=(C, C)), rng.normal(size=C))
    decoder = (
        rng.normal(size=(S, S)) / 2,
        rng.normal(size=(S, C)),
        rng.normal(size=(S, K)) / 2,
        rng.normal(size=S),
        rng.normal(size=(K, S)),
    )
    xs = rng.normal(size=(6, D))
    rnn = torch.nn.RNN(D, C)
    weights = {
        "weight_ih_l0": torch.from_numpy(encoder[0]),
        "weight_hh_l0": torch.from_numpy(encoder[1]),
        "bias_ih_l0": torch.from_numpy(encoder[2]),
        "bias_hh_l0": torch.zeros(C),
    }
    with torch.no_grad():
        _, context = torch.func.functional_call(rnn, weights, (torch.from_numpy(xs),))
        context = context[0]
        assert_close(module.encode(xs, *encoder), context)
        # The decoder is an RNN cell whose input is [context; previous output], followed by a linear read-out.
        W_s, W_c, W_f, b_s, W_y = decoder
        cell = torch_rnn_cell(np.concatenate([W_c, W_f], axis=1), W_s, b_s)
        state, output, outputs = torch.zeros(S), torch.zeros(K), []
        for _ in range(4):
            state = cell(torch.cat([context, output]), state)
            output = F.linear(state, torch.from_numpy(W_y))
            outputs.append(output)
        assert_close(module.encoder_decoder(xs, 4, encoder, decoder), torch.stack(outputs))


def test_seq2seq_log_probability_matches_torch_rnns() -> None:
    rng = np.random.default_rng(35)
    module = snippet("seq2seq")
    E, H = 3, 4
    decoder = module.TokenDecoder.random(rng, 4, E, H, scale=1.5)
    model = module.Seq2Seq(
        rng.normal(size=(6, E)), rng.normal(size=(H, E)), rng.normal(size=(H, H)) / 2, rng.normal(size=H), decoder
    )
    rnn = torch.nn.RNN(E, H)
    weights = {
        "weight_ih_l0": torch.from_numpy(model.W_x),
        "weight_hh_l0": torch.from_numpy(model.W_h),
        "bias_ih_l0": torch.from_numpy(model.b),
        "bias_hh_l0": torch.zeros(H),
    }
    for source, target in (([1, 2, 3], [2, 1, module.EOS]), ([5, 4, 4, 0], [3, module.EOS])):
        with torch.no_grad():
            _, context = torch.func.functional_call(rnn, weights, (torch.from_numpy(model.source_embedding[source]),))
            assert_close(module.encode(source, model), context[0])
            inputs = np.array([[module.EOS] + target[:-1]])
            log_probs = torch_decoder_log_probs(decoder, inputs, context)[0]
            reference = log_probs[torch.arange(len(target)), torch.tensor(target)]
        assert_close(module.target_step_probabilities(source, target, model), reference.exp())
        assert_close(module.seq2seq_log_prob(source, target, model), reference.sum())


def test_teacher_forced_decode_matches_torch_rnn_cell() -> None:
    rng = np.random.default_rng(36)
    module = snippet("teacher-forcing")
    decoder = random_token_decoder(rng)
    targets, initial = rng.integers(0, 5, size=(3, 6)), rng.normal(size=(3, 4))
    log_probs, states = module.teacher_forced_decode(targets, initial, decoder)
    inputs = module.teacher_forcing_inputs(targets)
    assert np.array_equal(inputs[:, 1:], targets[:, :-1]) and np.all(inputs[:, 0] == module.START)
    with torch.no_grad():
        reference = torch_decoder_log_probs(decoder, inputs, torch.from_numpy(initial))
    assert_close(log_probs, reference.gather(-1, torch.from_numpy(targets)[..., None])[..., 0])


def test_scheduled_sampling_log_probabilities_match_torch_on_the_inputs_it_fed() -> None:
    rng = np.random.default_rng(37)
    module = snippet("scheduled-sampling")
    decoder = random_token_decoder(rng)
    targets, initial = rng.integers(0, 5, size=(4, 7)), rng.normal(size=(4, 4))
    for truth_probability in (1.0, 0.5, 0.0):
        inputs, from_model, log_probs = module.scheduled_sampling_decode(
            targets, initial, decoder, truth_probability, np.random.default_rng(1)
        )
        fed_truth = ~from_model[:, 1:]
        assert np.array_equal(inputs[:, 1:][fed_truth], targets[:, :-1][fed_truth])
        if truth_probability == 1.0:
            assert not from_model.any()
        with torch.no_grad():
            reference = torch_decoder_log_probs(decoder, inputs, torch.from_numpy(initial))
        assert_close(log_probs, reference.gather(-1, torch.from_numpy(targets)[..., None])[..., 0])


# --- training loops replayed with torch's optimiser -------------------------------------------------------


class RecordingGenerator:
    """A NumPy generator that remembers what it drew, so a test can replay a stochastic training loop."""

    def __init__(self, seed: int) -> None:
        self.generator = np.random.default_rng(seed)
        self.draws: list[np.ndarray] = []

    def _record(self, value: np.ndarray) -> np.ndarray:
        self.draws.append(value)
        return value

    def random(self, *args: object, **kwargs: object) -> np.ndarray:
        return self.generator.random(*args, **kwargs)

    def uniform(self, *args: object, **kwargs: object) -> np.ndarray:
        return self._record(self.generator.uniform(*args, **kwargs))

    def permutation(self, *args: object, **kwargs: object) -> np.ndarray:
        return self._record(self.generator.permutation(*args, **kwargs))

    def choice(self, *args: object, **kwargs: object) -> np.ndarray:
        return self._record(self.generator.choice(*args, **kwargs))


def test_word2vec_negative_sampling_updates_are_sgd_steps_of_the_summed_loss() -> None:
    module = snippet("word2vec")
    sentences = [[0, 1, 2, 3], [2, 4, 0], [1, 3, 4, 2, 0]]
    vocab, dim, window, negatives, epochs, lr, batch_size = 5, 3, 2, 2, 2, 0.3, 8
    recorder = RecordingGenerator(0)
    # A threshold of 1 keeps every token, so the training pairs depend only on the recorded shuffles.
    ours = module.train_word2vec(sentences, vocab, dim, window, negatives, epochs, lr, 1.0, recorder, batch_size)

    draws = iter(recorder.draws)
    W_in, W_out = leaf(next(draws) / dim), leaf(np.zeros((vocab, dim)))
    optimiser = torch.optim.SGD([W_in, W_out], lr=lr)
    for _ in range(epochs):
        pairs = next(draws)
        for batch in np.array_split(pairs, max(1, len(pairs) // batch_size)):
            noise = torch.from_numpy(next(draws))
            centre, context = torch.from_numpy(batch[:, 0]), torch.from_numpy(batch[:, 1])
            v = W_in[centre]
            loss = -(
                F.logsigmoid((v * W_out[context]).sum(dim=1)).sum()
                + F.logsigmoid(-torch.einsum("nd,nkd->nk", v, W_out[noise])).sum()
            )
            optimiser.zero_grad()
            loss.backward()
            optimiser.step()
    assert next(draws, None) is None
    assert_close(ours, W_in)
    query, vectors = np.array([0.3, -1.0, 0.5]), np.random.default_rng(1).normal(size=(6, 3))
    similarity = F.cosine_similarity(torch.from_numpy(vectors), torch.from_numpy(query)[None], dim=1)
    similarity[2] = -2.0
    assert module.nearest(query, vectors, exclude={2}) == int(similarity.argmax())


def test_greedy_layerwise_pretraining_matches_torch_sgd_on_each_autoencoder() -> None:
    module = snippet("greedy-layerwise-pretraining")
    x = np.random.default_rng(38).normal(size=(12, 6))
    sizes, lr, steps = [4, 3], 0.2, 15
    encoders, curves = module.greedy_layerwise_pretrain(x, sizes, lr, steps, np.random.default_rng(5))

    replay, codes = np.random.default_rng(5), torch.from_numpy(x)
    for width, (weight, bias), curve in zip(sizes, encoders, curves):
        initial = module.init_network([codes.shape[1], width, codes.shape[1]], replay)
        layers = [tuple(leaf(a) for a in layer) for layer in initial]
        optimiser = torch.optim.SGD([p for layer in layers for p in layer], lr=lr)
        for step in range(steps):
            hidden = torch.tanh(F.linear(codes, *layers[0]))
            loss = 0.5 * ((F.linear(hidden, *layers[1]) - codes) ** 2).sum() / len(codes)
            assert_close(curve[step], loss)
            optimiser.zero_grad()
            loss.backward()
            optimiser.step()
        assert_close(weight, layers[0][0])
        assert_close(bias, layers[0][1])
        codes = torch.tanh(F.linear(codes, *layers[0])).detach()


def test_dbn_rbm_log_likelihood_matches_torch_logsumexp() -> None:
    rng = np.random.default_rng(39)
    W, b, c = rng.normal(size=(5, 3)), rng.normal(size=5), rng.normal(size=3)
    data = (rng.random((11, 5)) < 0.5).astype(np.float64)
    W_t, b_t, c_t = (torch.from_numpy(a) for a in (W, b, c))
    log_partition = torch.logsumexp(-torch_rbm_free_energy(binary_states(5), W_t, b_t, c_t), dim=0)
    reference = (-torch_rbm_free_energy(torch.from_numpy(data), W_t, b_t, c_t)).mean() - log_partition
    assert_close(snippet("dbn").rbm_log_likelihood(data, (W, b, c)), reference)


# --- least squares and evaluation metrics -----------------------------------------------------------------


def test_overfitting_polynomial_fit_matches_torch_least_squares() -> None:
    rng = np.random.default_rng(40)
    module = snippet("overfitting")
    x_train, x_test = rng.uniform(-1, 1, 15), rng.uniform(-1, 1, 30)
    y_train, y_test = np.sin(3 * x_train) + 0.1 * rng.normal(size=15), np.sin(3 * x_test)
    for degree in (1, 4, 9):

        def basis(x: np.ndarray, degree: int = degree) -> torch.Tensor:
            points = torch.from_numpy(x)
            return torch.stack([torch.special.legendre_polynomial_p(points, n) for n in range(degree + 1)], dim=1)

        solution = torch.linalg.lstsq(basis(x_train), torch.from_numpy(y_train)[:, None], driver="gelsd").solution
        coefficients = solution[:, 0]
        assert_close(module.fit_polynomial(x_train, y_train, degree), coefficients)
        train_error, test_error = module.train_and_test_error(degree, x_train, y_train, x_test, y_test)
        assert_close(train_error, F.mse_loss(basis(x_train) @ coefficients, torch.from_numpy(y_train)))
        assert_close(test_error, F.mse_loss(basis(x_test) @ coefficients, torch.from_numpy(y_test)))


def test_distributed_representation_readout_matches_torch_ridge_solve() -> None:
    rng = np.random.default_rng(41)
    module = snippet("distributed-representation")
    codes = np.stack([module.distributed_code(concept, 4) for concept in range(16)])
    bits = torch.arange(16)[:, None].bitwise_right_shift(torch.arange(3, -1, -1)).bitwise_and(1)
    assert_close(codes, bits.to(torch.float64))
    assert_close(np.stack([module.one_hot_code(c, 5) for c in range(5)]), F.one_hot(torch.arange(5)).to(torch.float64))
    targets, train, test = rng.normal(size=(16, 2)), np.arange(10), np.arange(10, 16)
    ridge = 1e-3
    X = torch.cat([torch.from_numpy(codes[train]), torch.ones(10, 1)], dim=1)
    weights = torch.linalg.solve(X.T @ X + ridge * torch.eye(5), X.T @ torch.from_numpy(targets[train]))
    reference = torch.cat([torch.from_numpy(codes[test]), torch.ones(6, 1)], dim=1) @ weights
    assert_close(module.linear_readout(codes[train], targets[train], codes[test], ridge), reference)


def test_ilsvrc_top_k_error_matches_torch_topk() -> None:
    rng = np.random.default_rng(42)
    module = snippet("ilsvrc")
    scores, labels = rng.normal(size=(200, 20)), rng.integers(0, 20, size=200)
    scores_t, labels_t = torch.from_numpy(scores), torch.from_numpy(labels)
    for k in (1, 5):
        hit = (scores_t.topk(k, dim=1).indices == labels_t[:, None]).any(dim=1)
        assert_close(module.top_k_error(scores, labels, k), 1.0 - hit.to(torch.float64).mean())
    rank = (scores_t.argsort(dim=1, descending=True) == labels_t[:, None]).to(torch.int64).argmax(dim=1) + 1
    assert np.array_equal(module.true_label_rank(scores, labels), rank.numpy())


# --- convolutional architectures --------------------------------------------------------------------------


def test_vgg_forward_and_parameter_count_match_torch_modules() -> None:
    module = snippet("vgg")
    layers = module.vgg_layers("A", width=1 / 16, classes=10)
    params = module.init_params(layers, 3, 32, np.random.default_rng(43))
    params = [
        p if p is None else (p[0], np.random.default_rng(i).normal(scale=0.1, size=p[1].shape))
        for i, p in enumerate(params)
    ]
    images = np.random.default_rng(44).normal(size=(2, 3, 32, 32))
    x = torch.from_numpy(images)
    dense_indices = [i for i, layer in enumerate(layers) if isinstance(layer, module.Dense)]
    for i, (layer, p) in enumerate(zip(layers, params)):
        if isinstance(layer, module.Conv):
            x = F.relu(F.conv2d(x, torch.from_numpy(p[0]), torch.from_numpy(p[1]), layer.stride, layer.padding))
        elif isinstance(layer, module.Pool):
            x = F.max_pool2d(x, layer.kernel, layer.stride)
        else:
            x = F.linear(x.flatten(1), torch.from_numpy(p[0]), torch.from_numpy(p[1]))
            x = x if i == dense_indices[-1] else F.relu(x)
    assert_close(module.forward(layers, params, images)[-1][:, :, 0, 0], x)

    # VGG-16 (configuration D) as torch modules on the meta device: 138,357,544 parameters.
    modules, channels, side = [], 3, 224
    for layer in module.vgg_layers("D"):
        if isinstance(layer, module.Conv):
            modules.append(
                torch.nn.Conv2d(channels, layer.out_channels, layer.kernel, padding=layer.padding, device="meta")
            )
            channels = layer.out_channels
        elif isinstance(layer, module.Pool):
            side //= 2
        else:
            modules.append(torch.nn.Linear(channels * side * side, layer.out_features, device="meta"))
            channels, side = layer.out_features, 1
    assert module.vgg_param_count("D") == sum(p.numel() for m in modules for p in m.parameters()) == 138_357_544


def test_lenet5_forward_matches_torch_with_a_masked_c3_convolution() -> None:
    module = snippet("lenet")
    params = module.init_lenet5(np.random.default_rng(45))
    rng = np.random.default_rng(46)
    params["S2"] = (rng.normal(size=6), rng.normal(size=6))
    params["S4"] = (rng.normal(size=16), rng.normal(size=16))
    params["C3"] = tuple((w * 20, rng.normal(size=1)) for w, _ in params["C3"])
    images = rng.normal(size=(2, 1, 32, 32))
    ours = module.lenet5_forward(images, params)

    def squash(a: torch.Tensor) -> torch.Tensor:
        return 1.7159 * torch.tanh(2.0 / 3.0 * a)

    def subsample(x: torch.Tensor, coefficient: np.ndarray, bias: np.ndarray) -> torch.Tensor:
        # The sum over each 2x2 block is 4 times its average.
        pooled = 4.0 * F.avg_pool2d(x, 2)
        return pooled * torch.from_numpy(coefficient)[:, None, None] + torch.from_numpy(bias)[:, None, None]

    # C3 as one convolution whose kernel is zero wherever a C3 map is not connected to an S2 map.
    c3_weight, c3_bias = torch.zeros(16, 6, 5, 5, dtype=torch.float64), torch.zeros(16, dtype=torch.float64)
    for out, (maps, (w, b)) in enumerate(zip(module.c3_connections(), params["C3"])):
        c3_weight[out, list(maps)] = torch.from_numpy(w)
        c3_bias[out] = float(b[0])
    x = squash(F.conv2d(torch.from_numpy(images), *(torch.from_numpy(a) for a in params["C1"])))
    assert_close(ours["C1"], x)
    x = squash(subsample(x, *params["S2"]))
    assert_close(ours["S2"], x)
    x = squash(F.conv2d(x, c3_weight, c3_bias))
    assert_close(ours["C3"], x)
    x = squash(subsample(x, *params["S4"]))
    x = squash(F.conv2d(x, *(torch.from_numpy(a) for a in params["C5"])))
    x = squash(F.linear(x.flatten(1), *(torch.from_numpy(a) for a in params["F6"])))
    assert_close(ours["F6"], x)
    assert_close(ours["RBF"], torch.cdist(x, torch.from_numpy(params["RBF"][0])) ** 2)
    counts = module.lenet5_param_counts()
    assert counts["C3"] == int((c3_weight != 0).sum()) + 16 == 1516


def test_googlenet_table_matches_torch_modules_on_the_meta_device() -> None:
    module = snippet("googlenet")
    rows = {row.name: row for row in module.googlenet_table()}

    def conv(i: int, o: int, k: int, **kwargs: int) -> torch.nn.Conv2d:
        return torch.nn.Conv2d(i, o, k, padding=k // 2, device="meta", **kwargs)

    def count(*modules: torch.nn.Module) -> int:
        return sum(p.numel() for m in modules for p in m.parameters())

    x = torch.empty(1, 3, 224, 224, device="meta")
    stem = conv(3, 64, 7, stride=2)
    x = stem(x)
    assert (x.shape[1], x.shape[2], count(stem)) == (64, rows["conv 7x7/2"].size, rows["conv 7x7/2"].params)
    x = F.max_pool2d(x, 3, 2, ceil_mode=True)
    second = (conv(64, 64, 1), conv(64, 192, 3))
    x = second[1](second[0](x))
    assert (x.shape[1], x.shape[2], count(*second)) == (192, rows["conv 1x1 + 3x3"].size, rows["conv 1x1 + 3x3"].params)
    for group in (("3a", "3b"), ("4a", "4b", "4c", "4d", "4e"), ("5a", "5b")):
        x = F.max_pool2d(x, 3, 2, ceil_mode=True)
        for name in group:
            c, n1, r3, n3, r5, n5, pool = module.INCEPTION_WIDTHS[name]
            branches = [
                (conv(c, n1, 1),),
                (conv(c, r3, 1), conv(r3, n3, 3)),
                (conv(c, r5, 1), conv(r5, n5, 5)),
                (conv(c, pool, 1),),
            ]
            outputs = []
            for index, branch in enumerate(branches):
                y = F.max_pool2d(x, 3, 1, padding=1) if index == 3 else x
                for layer in branch:
                    y = layer(y)
                outputs.append(y)
            x = torch.cat(outputs, dim=1)
            row = rows[f"inception ({name})"]
            params = count(*(m for b in branches for m in b))
            assert (x.shape[1], x.shape[2], params) == (row.channels, row.size, row.params)
    x = F.avg_pool2d(x, 7, 1)
    assert x.shape[1:] == (1024, 1, 1)
    assert count(torch.nn.Linear(1024, 1000, device="meta")) == rows["linear"].params


# --- hand-derived functions of entries whose other functions already have oracle tests ---------------------


def test_rnn_backward_through_time_matches_autograd() -> None:
    rng = np.random.default_rng(47)
    module = snippet("rnn")
    T, D, H = 5, 3, 4
    xs, h0 = rng.normal(size=(T, D)), rng.normal(size=H)
    W_x, W_h, b = rng.normal(size=(H, D)), rng.normal(size=(H, H)) / 2, rng.normal(size=H)
    grad_hs = rng.normal(size=(T, H))
    hs = module.rnn_forward(xs, h0, W_x, W_h, b)
    grads = module.rnn_backward(xs, h0, W_x, W_h, hs, grad_hs)

    t = {"W_x": leaf(W_x), "W_h": leaf(W_h), "b": leaf(b), "xs": leaf(xs), "h0": leaf(h0)}
    rnn = torch.nn.RNN(D, H)
    weights = {"weight_ih_l0": t["W_x"], "weight_hh_l0": t["W_h"], "bias_ih_l0": t["b"], "bias_hh_l0": torch.zeros(H)}
    states, _ = torch.func.functional_call(rnn, weights, (t["xs"], t["h0"][None]))
    (states * torch.from_numpy(grad_hs)).sum().backward()
    assert_close(hs, states)
    for name, tensor in t.items():
        assert_close(grads[name], tensor.grad)


def test_softmax_and_tanh_layer_jacobians_match_torch() -> None:
    rng = np.random.default_rng(48)
    logits = rng.normal(size=6)
    assert_close(
        snippet("softmax").softmax_jacobian(logits),
        torch.autograd.functional.jacobian(lambda z: torch.softmax(z, dim=0), torch.from_numpy(logits)),
    )
    module = snippet("jacobian")
    weight, bias, x = rng.normal(size=(3, 5)), rng.normal(size=3), rng.normal(size=5)
    reference = torch.autograd.functional.jacobian(
        lambda z: torch.tanh(F.linear(z, torch.from_numpy(weight), torch.from_numpy(bias))), torch.from_numpy(x)
    )
    assert_close(module.tanh_layer_jacobian(x, (weight, bias)), reference)
    for r, theta in ((2.0, 0.3), (0.5, -2.0)):
        polar = torch.autograd.functional.jacobian(
            lambda p: torch.stack([p[0] * torch.cos(p[1]), p[0] * torch.sin(p[1])]), torch.tensor([r, theta])
        )
        assert_close(module.polar_jacobian(r, theta), polar)
        assert_close(module.polar_to_cartesian(np.array([r, theta])), [r * np.cos(theta), r * np.sin(theta)])


def test_hessian_vector_product_snippet_gradient_and_solver_match_torch() -> None:
    rng = np.random.default_rng(49)
    module = snippet("hessian-vector-product")
    n_inputs, hidden = 3, 4
    inputs, targets = rng.normal(size=(12, n_inputs)), rng.normal(size=12)
    params = rng.normal(size=hidden * (n_inputs + 2))
    p = leaf(params)
    weight = p[: hidden * n_inputs].reshape(hidden, n_inputs)
    bias, out = p[hidden * n_inputs : hidden * (n_inputs + 1)], p[hidden * (n_inputs + 1) :]
    residual = torch.tanh(torch.from_numpy(inputs) @ weight.T + bias) @ out - torch.from_numpy(targets)
    loss = 0.5 * (residual**2).mean()
    loss.backward()
    assert_close(module.mlp_loss_gradient(params, inputs, targets), p.grad)
    point, direction = np.array([1.5, -0.5]), np.array([0.3, 1.0])
    _, hvp = torch.autograd.functional.hvp(
        lambda q: q[0] ** 2 * q[1], torch.from_numpy(point), torch.from_numpy(direction)
    )
    np.testing.assert_allclose(
        module.finite_difference_hvp(module.x_squared_y_gradient, point, direction), hvp.numpy(), atol=1e-6
    )
    a = rng.normal(size=(6, 6))
    matrix, rhs = a @ a.T + np.eye(6), rng.normal(size=6)
    solution, _ = module.conjugate_gradient(lambda v: matrix @ v, rhs)
    assert_close(solution, torch.linalg.solve(torch.from_numpy(matrix), torch.from_numpy(rhs)))


def test_vae_analytic_elbo_is_log_evidence_minus_kl_to_the_true_posterior() -> None:
    rng = np.random.default_rng(50)
    module = snippet("vae")
    d, k, noise_var = 4, 2, 0.6
    x, W, b = rng.normal(size=d), rng.normal(size=(d, k)), rng.normal(size=d)
    mu, log_var = rng.normal(size=k), rng.normal(size=k)
    W_t, x_t, b_t = torch.from_numpy(W), torch.from_numpy(x), torch.from_numpy(b)
    evidence = torch.distributions.MultivariateNormal(b_t, W_t @ W_t.T + noise_var * torch.eye(d)).log_prob(x_t)
    assert_close(module.log_marginal_likelihood(x, W, b, noise_var), evidence)
    # The linear-Gaussian model's posterior p(z | x) is Gaussian; ELBO(q) = log p(x) - KL(q || p(z | x)).
    posterior_cov = torch.linalg.inv(torch.eye(k) + W_t.T @ W_t / noise_var)
    posterior = torch.distributions.MultivariateNormal(posterior_cov @ W_t.T @ (x_t - b_t) / noise_var, posterior_cov)
    q = torch.distributions.MultivariateNormal(torch.from_numpy(mu), torch.diag(torch.from_numpy(np.exp(log_var))))
    assert_close(
        module.expected_elbo(x, mu, log_var, W, b, noise_var),
        evidence - torch.distributions.kl_divergence(q, posterior),
    )
    assert_close(
        module.gaussian_kl(mu, np.diag(np.exp(log_var)), posterior.mean.numpy(), posterior_cov.numpy()),
        torch.distributions.kl_divergence(q, posterior),
    )
