"""Small pieces shared by the attention snippets: a stable (masked) softmax, the causal mask, splitting
features into heads and back, and a toy question-answering task for the memory networks.
"""

from __future__ import annotations

import numpy as np


def softmax(scores: np.ndarray, axis: int = -1) -> np.ndarray:
    """Numerically stable softmax along `axis`; entries equal to -inf get probability 0."""
    shifted = scores - np.max(scores, axis=axis, keepdims=True)
    exps = np.exp(shifted)
    return exps / np.sum(exps, axis=axis, keepdims=True)


def causal_mask(length: int) -> np.ndarray:
    """Boolean (length, length) mask: True where query i may attend to key j, i.e. j <= i."""
    return np.tril(np.ones((length, length), dtype=bool))


def masked_softmax(logits: np.ndarray, mask: np.ndarray | None) -> np.ndarray:
    """Softmax over the last axis after setting logits to -inf where the boolean `mask` is False."""
    return softmax(logits if mask is None else np.where(mask, logits, -np.inf), axis=-1)


def split_heads(x: np.ndarray, num_heads: int) -> np.ndarray:
    """(n, d_model) -> (num_heads, n, d_model / num_heads): head h takes features [h d_head, (h + 1) d_head)."""
    n, d_model = x.shape
    if d_model % num_heads:
        raise ValueError(f"d_model={d_model} is not divisible by num_heads={num_heads}")
    return x.reshape(n, num_heads, d_model // num_heads).transpose(1, 0, 2)


def merge_heads(heads: np.ndarray) -> np.ndarray:
    """(num_heads, n, d_head) -> (n, num_heads d_head): the inverse of split_heads (concatenation)."""
    num_heads, n, d_head = heads.shape
    return heads.transpose(1, 0, 2).reshape(n, num_heads * d_head)


PEOPLE = ("john", "mary", "sandra", "daniel")
PLACES = ("kitchen", "garden", "office", "hallway", "bedroom")
OBJECTS = ("football", "apple", "milk")
VOCABULARY = (*PEOPLE, *PLACES, *OBJECTS, "went", "to", "got", "the", "where", "is")
WORD_INDEX = {word: index for index, word in enumerate(VOCABULARY)}


def bag_of_words(sentence: str) -> np.ndarray:
    """Word counts of a sentence over VOCABULARY."""
    counts = np.zeros(len(VOCABULARY))
    for word in sentence.split():
        counts[WORD_INDEX[word]] += 1
    return counts


def where_is_stories(num_stories: int, rng: np.random.Generator) -> dict[str, np.ndarray]:
    """A toy question-answering task that needs two supporting facts, in the style of bAbI.

    Each story has five sentences in random order: three people each go to a different place, and two of
    them pick up different objects. The question "where is the <object>" needs the sentence "<person> got
    the <object>" and then that person's "<person> went to the <place>"; the answer is the place.
    Returns bag-of-words memories (num_stories, 5, V), questions (num_stories, V), answer word indices and
    the indices of the two supporting sentences (num_stories, 2), the "got" sentence first.
    """
    memories, questions, answers, supporting = [], [], [], []
    for _ in range(num_stories):
        people = rng.choice(PEOPLE, size=3, replace=False)
        places = rng.choice(PLACES, size=3, replace=False)
        objects = rng.choice(OBJECTS, size=2, replace=False)
        holders = rng.choice(3, size=2, replace=False)
        sentences = [f"{person} went to the {place}" for person, place in zip(people, places)]
        sentences += [f"{people[holder]} got the {thing}" for holder, thing in zip(holders, objects)]
        order = rng.permutation(len(sentences))
        asked = rng.integers(2)
        position = np.argsort(order)  # position[k]: where original sentence k ends up
        memories.append([bag_of_words(sentences[k]) for k in order])
        questions.append(bag_of_words(f"where is the {objects[asked]}"))
        answers.append(WORD_INDEX[places[holders[asked]]])
        supporting.append([position[3 + asked], position[holders[asked]]])
    return {
        "memories": np.array(memories),
        "questions": np.array(questions),
        "answers": np.array(answers),
        "supporting": np.array(supporting),
    }
