"""Memory network (Weston, Chopra and Bordes, 2015): answer a question by picking supporting memories
with hard attention, one hop at a time.

Sentences are stored as memories. The output module scores memories with
  s_O(x, m) = (U phi_x(x)) . (U phi_y(m))
and takes o1 = argmax_i s_O(q, m_i), then o2 = argmax_i s_O([q, m_o1], m_i); the response module picks the
answer word r = argmax_w s_R([q, m_o1, m_o2], w). phi are bags of words, with separate blocks of features
for the question, each chosen fact and the candidate, as in the paper. Training uses the supporting facts
(strong supervision) and a margin ranking loss: each correct choice must outscore every wrong one by gamma.
"""

from __future__ import annotations

import numpy as np
from _attention import VOCABULARY, where_is_stories
from _check import numerical_gradient, relative_error

V = len(VOCABULARY)
MARGIN = 0.1


def features(*parts: np.ndarray | None, blocks: int) -> np.ndarray:
    """Concatenate bags of words (..., V) into `blocks` blocks of V features; None leaves a block empty."""
    leading = next(part.shape[:-1] for part in parts if part is not None)
    filled = list(parts) + [None] * (blocks - len(parts))
    return np.concatenate([np.zeros(leading + (V,)) if part is None else part for part in filled], axis=-1)


def score(embedding: np.ndarray, left: np.ndarray, right: np.ndarray) -> np.ndarray:
    """The bilinear match (U left) . (U right) for every pair of rows of left (a, F) and right (c, F)."""
    return (left @ embedding.T) @ (right @ embedding.T).T


def memory_network_answer(
    output_embedding: np.ndarray, response_embedding: np.ndarray, memories: np.ndarray, question: np.ndarray
) -> tuple[int, int, int]:
    """Two hard hops over memories (n, V) for a question (V,): returns (o1, o2, answer word index)."""
    candidates = features(None, None, memories, blocks=3)
    first = int(np.argmax(score(output_embedding, features(question, blocks=3)[None], candidates)))
    second = int(np.argmax(score(output_embedding, features(question, memories[first], blocks=3)[None], candidates)))
    context = features(question, memories[first], memories[second], blocks=4)
    words = features(None, None, None, np.eye(V), blocks=4)
    return first, second, int(np.argmax(score(response_embedding, context[None], words)))


def hinge_terms(scores: np.ndarray, correct: np.ndarray) -> np.ndarray:
    """max(0, gamma - s_correct + s_j) for each wrong candidate j in each row of scores (b, n); 0 at the correct one."""
    rows = np.arange(len(scores))
    hinge = np.maximum(MARGIN - scores[rows, correct][:, None] + scores, 0.0)
    hinge[rows, correct] = 0.0
    return hinge


def ranking_loss_and_gradient(
    embedding: np.ndarray, left: np.ndarray, candidates: np.ndarray, correct: np.ndarray
) -> tuple[float, np.ndarray]:
    """sum over examples b and wrong candidates j of max(0, gamma - s(l_b, c_correct) + s(l_b, c_j)).

    left (b, F); candidates (b, n, F) or shared (n, F); correct (b,) indices. Returns the loss and d loss / d U.
    """
    candidates = np.broadcast_to(candidates, (len(left),) + candidates.shape[-2:])
    projected_left, projected_candidates = left @ embedding.T, candidates @ embedding.T
    hinge = hinge_terms(np.einsum("bd,bnd->bn", projected_left, projected_candidates), correct)
    violated = (hinge > 0).astype(float)
    rows = np.arange(len(left))
    # d s(l, c) / d U = U (l c^T + c l^T); collect sum_j [s(l, c_j) - s(l, c_correct)] over violations.
    wrong = np.einsum("bn,bnf->bf", violated, candidates)
    outer = left.T @ (wrong - violated.sum(axis=1)[:, None] * candidates[rows, correct])
    return float(np.sum(hinge)), embedding @ (outer + outer.T)


def training_terms(stories: dict[str, np.ndarray]) -> list[tuple[str, np.ndarray, np.ndarray, np.ndarray]]:
    """The three ranking problems of a batch: (which embedding, left features, candidates, correct index)."""
    memories, questions = stories["memories"], stories["questions"]
    first, second = stories["supporting"][:, 0], stories["supporting"][:, 1]
    rows = np.arange(len(questions))
    candidates = features(None, None, memories, blocks=3)
    return [
        ("output", features(questions, blocks=3), candidates, first),
        ("output", features(questions, memories[rows, first], blocks=3), candidates, second),
        (
            "response",
            features(questions, memories[rows, first], memories[rows, second], blocks=4),
            features(None, None, None, np.eye(V), blocks=4),
            stories["answers"],
        ),
    ]


if __name__ == "__main__":
    rng = np.random.default_rng(0)

    def init_embeddings(dim: int) -> dict[str, np.ndarray]:
        return {
            "output": rng.normal(scale=0.1, size=(dim, 3 * V)),
            "response": rng.normal(scale=0.1, size=(dim, 4 * V)),
        }

    # The gradient of the margin ranking loss agrees with central finite differences.
    embeddings = init_embeddings(3)
    for name, left, candidates, correct in training_terms(where_is_stories(4, rng)):
        _, analytic = ranking_loss_and_gradient(embeddings[name], left, candidates, correct)
        def loss_of(u: np.ndarray, problem: tuple = (left, candidates, correct)) -> float:
            return ranking_loss_and_gradient(u, *problem)[0]

        assert relative_error(analytic, numerical_gradient(loss_of, embeddings[name])) < 1e-6
    print("margin ranking loss gradients match finite differences")

    # Stochastic gradient descent with the supporting facts as supervision.
    embeddings = init_embeddings(20)
    train = where_is_stories(200, rng)
    for _epoch in range(5):
        order = rng.permutation(len(train["answers"]))
        for start in range(0, len(order), 10):
            batch = {key: value[order[start : start + 10]] for key, value in train.items()}
            for name, left, candidates, correct in training_terms(batch):
                embeddings[name] -= 0.01 * ranking_loss_and_gradient(embeddings[name], left, candidates, correct)[1]
    training_loss = sum(ranking_loss_and_gradient(embeddings[n], *rest)[0] for n, *rest in training_terms(train))
    print(f"training margin loss after 5 epochs: {training_loss:.4f}")

    # On new stories, hop 1 picks "<person> got the <object>", hop 2 that person's "went to", then the place.
    test = where_is_stories(300, rng)
    predictions = np.array(
        [
            memory_network_answer(embeddings["output"], embeddings["response"], memories, question)
            for memories, question in zip(test["memories"], test["questions"])
        ]
    )
    hop_accuracy = np.mean(predictions[:, :2] == test["supporting"], axis=0)
    answer_accuracy = np.mean(predictions[:, 2] == test["answers"])
    print(f"test: hop 1 {hop_accuracy[0]:.3f}, hop 2 {hop_accuracy[1]:.3f}, answer {answer_accuracy:.3f}")
    o1, o2, answer = predictions[0]
    print(f"story 0: supporting sentences {o1} and {o2}, answer '{VOCABULARY[answer]}'")
    assert np.all(hop_accuracy > 0.98) and answer_accuracy > 0.98
    print("memory network: all checks passed")
