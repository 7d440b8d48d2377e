"""Neural machine translation in miniature: an RNN encoder-decoder trained end to end on a parallel corpus.

English noun phrases ("the black cat") go in; French comes out ("le chat noir"): the model has to learn word
choice, gender agreement (noir / noire, le / la) and reordering (most adjectives follow the noun, "petit" and
"grand" precede it) from sentence pairs alone, by maximising log p(French | English) with gradient descent.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from itertools import product

import numpy as np
from _check import numerical_gradient, relative_error
from _rnn import softmax

NOUNS = {"car": ("voiture", "f"), "house": ("maison", "f"), "table": ("table", "f"),
         "cat": ("chat", "m"), "book": ("livre", "m"), "dog": ("chien", "m")}
ADJECTIVES = {"red": ("rouge", "rouge"), "green": ("vert", "verte"), "black": ("noir", "noire"),
              "white": ("blanc", "blanche"), "small": ("petit", "petite"), "big": ("grand", "grande")}
BEFORE_NOUN = {"small", "big"}  # French puts these adjectives in front of the noun
ARTICLES = {("the", "m"): "le", ("the", "f"): "la", ("a", "m"): "un", ("a", "f"): "une"}
ENGLISH = ["the", "a", *ADJECTIVES, *NOUNS]
FRENCH = ["<eos>", "le", "la", "un", "une", *(noun for noun, _ in NOUNS.values()),
          *dict.fromkeys(form for forms in ADJECTIVES.values() for form in forms)]
EOS = 0


def french_reference(english: str) -> str:
    """The correct translation of "<article> <adjective> <noun>", by the rules of the toy grammar."""
    article, adjective, noun = english.split()
    noun_fr, gender = NOUNS[noun]
    adjective_fr = ADJECTIVES[adjective][gender == "f"]
    words = [adjective_fr, noun_fr] if adjective in BEFORE_NOUN else [noun_fr, adjective_fr]
    return " ".join([ARTICLES[article, gender], *words])


@dataclass
class Translator:
    """Embeddings, encoder RNN, decoder RNN and output layer; the decoder starts from the encoder's last state."""

    source_embedding: np.ndarray
    enc_W_x: np.ndarray
    enc_W_h: np.ndarray
    enc_b: np.ndarray
    target_embedding: np.ndarray
    dec_W_x: np.ndarray
    dec_W_h: np.ndarray
    dec_b: np.ndarray
    W_out: np.ndarray
    b_out: np.ndarray

    @classmethod
    def random(cls, rng: np.random.Generator, embed: int, hidden: int) -> Translator:
        def matrix(rows: int, cols: int) -> np.ndarray:
            return rng.normal(size=(rows, cols)) / np.sqrt(cols)

        return cls(matrix(len(ENGLISH), embed), matrix(hidden, embed), matrix(hidden, hidden), np.zeros(hidden),
                   matrix(len(FRENCH), embed), matrix(hidden, embed), matrix(hidden, hidden), np.zeros(hidden),
                   matrix(len(FRENCH), hidden), np.zeros(len(FRENCH)))

    def arrays(self) -> dict[str, np.ndarray]:
        return {field.name: getattr(self, field.name) for field in fields(self)}


def loss_and_gradients(model: Translator, sources: np.ndarray, targets: np.ndarray) -> tuple[float, dict]:
    """Mean negative log-likelihood per target token, and its gradient by backpropagation through time.

    sources (N, S) and targets (N, T) hold token ids; every target ends with EOS. The decoder is fed the
    correct previous token (EOS first), i.e. trained with teacher forcing.
    """
    n, count = len(sources), targets.size
    enc_states = [np.zeros((n, model.enc_b.size))]
    for t in range(sources.shape[1]):
        x = model.source_embedding[sources[:, t]]
        enc_states.append(np.tanh(x @ model.enc_W_x.T + enc_states[-1] @ model.enc_W_h.T + model.enc_b))
    decoder_inputs = np.column_stack([np.full(n, EOS), targets[:, :-1]])
    dec_states, probabilities, loss = [enc_states[-1]], [], 0.0
    for t in range(targets.shape[1]):
        x = model.target_embedding[decoder_inputs[:, t]]
        dec_states.append(np.tanh(x @ model.dec_W_x.T + dec_states[-1] @ model.dec_W_h.T + model.dec_b))
        probabilities.append(softmax(dec_states[-1] @ model.W_out.T + model.b_out))
        loss -= np.log(probabilities[-1][np.arange(n), targets[:, t]]).sum() / count

    grads = {name: np.zeros_like(array) for name, array in model.arrays().items()}
    grad_state = np.zeros_like(dec_states[0])
    for t in reversed(range(targets.shape[1])):
        grad_logits = probabilities[t].copy()
        grad_logits[np.arange(n), targets[:, t]] -= 1.0
        grad_logits /= count
        grads["W_out"] += grad_logits.T @ dec_states[t + 1]
        grads["b_out"] += grad_logits.sum(axis=0)
        grad_pre = (grad_logits @ model.W_out + grad_state) * (1.0 - dec_states[t + 1] ** 2)
        grads["dec_W_x"] += grad_pre.T @ model.target_embedding[decoder_inputs[:, t]]
        grads["dec_W_h"] += grad_pre.T @ dec_states[t]
        grads["dec_b"] += grad_pre.sum(axis=0)
        np.add.at(grads["target_embedding"], decoder_inputs[:, t], grad_pre @ model.dec_W_x)
        grad_state = grad_pre @ model.dec_W_h
    for t in reversed(range(sources.shape[1])):  # the context vector hands the gradient to the encoder
        grad_pre = grad_state * (1.0 - enc_states[t + 1] ** 2)
        grads["enc_W_x"] += grad_pre.T @ model.source_embedding[sources[:, t]]
        grads["enc_W_h"] += grad_pre.T @ enc_states[t]
        grads["enc_b"] += grad_pre.sum(axis=0)
        np.add.at(grads["source_embedding"], sources[:, t], grad_pre @ model.enc_W_x)
        grad_state = grad_pre @ model.enc_W_h
    return float(loss), grads


def train(
    model: Translator, sources: np.ndarray, targets: np.ndarray, steps: int, lr: float = 0.02, decay: float = 0.2
) -> list[float]:
    """Full-batch Adam with decoupled weight decay on the translation loss; returns the loss before each step."""
    arrays, losses = model.arrays(), []
    first = {name: np.zeros_like(a) for name, a in arrays.items()}
    second = {name: np.zeros_like(a) for name, a in arrays.items()}
    for step in range(1, steps + 1):
        loss, grads = loss_and_gradients(model, sources, targets)
        losses.append(loss)
        for name, array in arrays.items():
            first[name] = 0.9 * first[name] + 0.1 * grads[name]
            second[name] = 0.999 * second[name] + 0.001 * grads[name] ** 2
            adam_step = (first[name] / (1 - 0.9**step)) / (np.sqrt(second[name] / (1 - 0.999**step)) + 1e-8)
            array -= lr * (adam_step + decay * array)
    return losses


def translate(english: str, model: Translator, max_len: int = 10) -> str:
    """Greedy decoding: encode the sentence, then emit the most probable French word until <eos>."""
    state = np.zeros(model.enc_b.size)
    for word in english.split():
        x = model.source_embedding[ENGLISH.index(word)]
        state = np.tanh(model.enc_W_x @ x + model.enc_W_h @ state + model.enc_b)
    words, previous = [], EOS
    while len(words) < max_len:
        x = model.target_embedding[previous]
        state = np.tanh(model.dec_W_x @ x + model.dec_W_h @ state + model.dec_b)
        previous = int(np.argmax(model.W_out @ state + model.b_out))
        if previous == EOS:
            break
        words.append(FRENCH[previous])
    return " ".join(words)


def encode_pairs(pairs: list[tuple[str, str]]) -> tuple[np.ndarray, np.ndarray]:
    """Token-id arrays for (English, French) pairs; each French side gets a final <eos>."""
    sources = np.array([[ENGLISH.index(w) for w in en.split()] for en, _ in pairs])
    targets = np.array([[FRENCH.index(w) for w in fr.split()] + [EOS] for _, fr in pairs])
    return sources, targets


if __name__ == "__main__":
    rng = np.random.default_rng(0)
    phrases = [" ".join(words) for words in product(["the", "a"], ADJECTIVES, NOUNS)]
    pairs = [(english, french_reference(english)) for english in phrases]
    # Hold out one phrase per noun, each with a different adjective; the same adjective-noun pair stays in
    # training only with the other article.
    unseen = {f"{article} {adjective} {noun}" for article, adjective, noun in
              zip(rng.choice(["the", "a"], size=len(NOUNS)), rng.permutation(list(ADJECTIVES)), NOUNS)}
    held_out = [pair for pair in pairs if pair[0] in unseen]
    training = [pair for pair in pairs if pair[0] not in unseen]

    # Backpropagation through decoder and encoder agrees with finite differences (small model, few pairs).
    small = Translator.random(rng, embed=3, hidden=4)
    sources, targets = encode_pairs(training[:3])
    _, grads = loss_and_gradients(small, sources, targets)
    worst = 0.0
    for name, array in small.arrays().items():
        def loss_at(value: np.ndarray, name: str = name) -> float:
            saved = getattr(small, name)
            setattr(small, name, value)
            loss = loss_and_gradients(small, sources, targets)[0]
            setattr(small, name, saved)
            return loss

        worst = max(worst, relative_error(grads[name], numerical_gradient(loss_at, array)))
    print(f"translation-loss gradients vs finite differences: worst relative error {worst:.1e}")
    assert worst < 1e-6

    # Trained end to end on the pairs alone, the network translates every training phrase exactly, and also
    # the phrases it never saw.
    model = Translator.random(rng, embed=16, hidden=64)
    losses = train(model, *encode_pairs(training), steps=150)
    print(f"trained on {len(training)} phrase pairs: loss per token {losses[0]:.2f} -> {losses[-1]:.4f}")
    assert all(translate(english, model) == french for english, french in training)
    for english, french in held_out:
        print(f"  unseen {english!r:>19} -> {translate(english, model)!r}")
        assert translate(english, model) == french
    print("nmt: all checks passed")
