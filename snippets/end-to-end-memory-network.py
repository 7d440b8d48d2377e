"""End-to-end memory network (MemN2N, Sukhbaatar et al., 2015): soft attention over memories, repeated for
several hops, trained from question-answer pairs alone.

Per hop k, with the controller state u (u^1 = B q):
  p_i = softmax_i(u . A^k x_i),   o = sum_i p_i C^k x_i,   u <- u + o
and the answer is softmax(W u). Sentences x_i and the question q are bags of words. Weights are tied
between adjacent hops as in the paper: B = A^1, A^{k+1} = C^k and W = (C^K)^T, so K hops need K + 1
embedding matrices E_0 .. E_K (A^k = E_{k-1}, C^k = E_k).
"""

from __future__ import annotations

import numpy as np
from _attention import VOCABULARY, softmax, where_is_stories
from _check import numerical_gradient, relative_error


def memory_hop(state: np.ndarray, keys: np.ndarray, values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """One hop: attend with the state (..., d) over memory keys (..., n, d); add the read-out of the values.

    Returns the new state u + sum_i p_i c_i and the attention p (..., n).
    """
    attention = softmax(np.einsum("...nd,...d->...n", keys, state))
    return state + np.einsum("...n,...nd->...d", attention, values), attention


def end_to_end_memory_network(
    embeddings: list[np.ndarray], memories: np.ndarray, questions: np.ndarray
) -> tuple[np.ndarray, list[np.ndarray], list[np.ndarray]]:
    """Answer logits (b, V) for bag-of-words memories (b, n, V) and questions (b, V).

    embeddings: K + 1 matrices (d, V). Also returns the attention of every hop (b, n) and the controller
    state entering every hop (b, d), which backpropagation reuses.
    """
    state = questions @ embeddings[0].T
    attentions, states = [], []
    for hop in range(1, len(embeddings)):
        states.append(state)
        state, attention = memory_hop(state, memories @ embeddings[hop - 1].T, memories @ embeddings[hop].T)
        attentions.append(attention)
    return state @ embeddings[-1], attentions, states + [state]


def loss_and_gradients(
    embeddings: list[np.ndarray], memories: np.ndarray, questions: np.ndarray, answers: np.ndarray
) -> tuple[float, list[np.ndarray]]:
    """Mean cross-entropy of the answers and its gradient with respect to every embedding matrix."""
    logits, attentions, states = end_to_end_memory_network(embeddings, memories, questions)
    batch = len(answers)
    probabilities = softmax(logits)
    loss = -float(np.mean(np.log(probabilities[np.arange(batch), answers])))

    d_logits = probabilities
    d_logits[np.arange(batch), answers] -= 1.0
    d_logits /= batch
    gradients = [np.zeros_like(e) for e in embeddings]
    gradients[-1] += states[-1].T @ d_logits  # W = E_K^T
    d_state = d_logits @ embeddings[-1].T
    for hop in range(len(embeddings) - 1, 0, -1):
        attention, state = attentions[hop - 1], states[hop - 1]
        keys, values = memories @ embeddings[hop - 1].T, memories @ embeddings[hop].T
        gradients[hop] += np.einsum("bd,bn,bnv->dv", d_state, attention, memories)  # C^k = E_k
        d_attention = np.einsum("bd,bnd->bn", d_state, values)
        d_scores = attention * (d_attention - np.sum(attention * d_attention, axis=1, keepdims=True))
        gradients[hop - 1] += np.einsum("bn,bd,bnv->dv", d_scores, state, memories)  # A^k = E_{k-1}
        d_state = d_state + np.einsum("bn,bnd->bd", d_scores, keys)
    gradients[0] += d_state.T @ questions  # B = E_0
    return loss, gradients


def train(
    stories: dict[str, np.ndarray], hops: int, dim: int, epochs: int, rng: np.random.Generator
) -> list[np.ndarray]:
    """Mini-batch Adam on the answer loss only: which sentences support the answer is never shown."""
    embeddings = [rng.normal(scale=0.3, size=(dim, len(VOCABULARY))) for _ in range(hops + 1)]
    first, second = [np.zeros_like(e) for e in embeddings], [np.zeros_like(e) for e in embeddings]
    step, learning_rate, batch = 0, 0.05, 25
    for _ in range(epochs):
        order = rng.permutation(len(stories["answers"]))
        for start in range(0, len(order), batch):
            picked = order[start : start + batch]
            _, gradients = loss_and_gradients(
                embeddings, stories["memories"][picked], stories["questions"][picked], stories["answers"][picked]
            )
            step += 1
            for e, g, m, v in zip(embeddings, gradients, first, second):
                m += 0.1 * (g - m)
                v += 0.001 * (g**2 - v)
                e -= learning_rate * (m / (1 - 0.9**step)) / (np.sqrt(v / (1 - 0.999**step)) + 1e-8)
    return embeddings


if __name__ == "__main__":
    rng = np.random.default_rng(0)

    # The hand-written backpropagation (with tied weights) agrees with central finite differences.
    small = where_is_stories(3, rng)
    embeddings = [rng.normal(scale=0.3, size=(4, len(VOCABULARY))) for _ in range(3)]
    _, analytic = loss_and_gradients(embeddings, small["memories"], small["questions"], small["answers"])
    for k in range(len(embeddings)):

        def loss_of(matrix: np.ndarray, k: int = k) -> float:
            replaced = embeddings[:k] + [matrix] + embeddings[k + 1 :]
            return loss_and_gradients(replaced, small["memories"], small["questions"], small["answers"])[0]

        error = relative_error(analytic[k], numerical_gradient(loss_of, embeddings[k]))
        assert error < 1e-6, (k, error)
    print("gradients match finite differences")

    # Two hops, trained on answers only, learn to chain the two supporting facts. (As the paper notes,
    # an occasional initialisation stalls in a poor local optimum; it trained several and kept the best.)
    embeddings = train(where_is_stories(500, rng), hops=2, dim=32, epochs=10, rng=rng)
    test = where_is_stories(500, rng)
    logits, (hop1, hop2), _ = end_to_end_memory_network(embeddings, test["memories"], test["questions"])
    accuracy = np.mean(logits.argmax(axis=1) == test["answers"])
    first_fact = np.mean(hop1.argmax(axis=1) == test["supporting"][:, 0])
    second_fact = np.mean(hop2.argmax(axis=1) == test["supporting"][:, 1])
    print(f"test accuracy {accuracy:.3f}; attention peaks on the 'got' fact in hop 1 for {first_fact:.3f}")
    print(f"and on the 'went' fact in hop 2 for {second_fact:.3f} of the questions")
    print("story 0 attention, hop 1:", np.round(hop1[0], 2), "hop 2:", np.round(hop2[0], 2))
    print("its supporting sentences:", test["supporting"][0])
    assert accuracy > 0.98 and first_fact > 0.95 and second_fact > 0.95
    print("end-to-end memory network: all checks passed")
