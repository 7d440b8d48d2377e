"""BART: a denoising sequence-to-sequence autoencoder and its five noising functions.

The encoder reads a corrupted document, the decoder regenerates the original, token by token. BART's
corruptions: token masking (tokens -> <mask>), token deletion (tokens removed, positions not marked),
text infilling (spans with Poisson(3) lengths each replaced by ONE <mask>, including spans of length 0,
which insert a <mask>), sentence permutation (sentences shuffled) and document rotation (the document is
rotated to start at a random token). Each function here also returns a record of what it did, and the
matching `restore_*` rebuilds the original from the noised text plus that record: the information the
decoder must learn to supply.
"""

from __future__ import annotations

import numpy as np

MASK = "<mask>"


def token_masking(tokens: list[str], positions: list[int]) -> tuple[list[str], list[str]]:
    """Replace the tokens at `positions` by <mask>; the record is the hidden tokens."""
    noised = list(tokens)
    for p in positions:
        noised[p] = MASK
    return noised, [tokens[p] for p in positions]


def restore_masking(noised: list[str], positions: list[int], hidden: list[str]) -> list[str]:
    """Put the hidden tokens back."""
    restored = list(noised)
    for p, token in zip(positions, hidden):
        restored[p] = token
    return restored


def token_deletion(tokens: list[str], positions: list[int]) -> tuple[list[str], list[str]]:
    """Drop the tokens at `positions` without leaving a marker; the record is the dropped tokens."""
    dropped = set(positions)
    return [t for i, t in enumerate(tokens) if i not in dropped], [tokens[p] for p in sorted(positions)]


def restore_deletion(noised: list[str], positions: list[int], dropped: list[str]) -> list[str]:
    """Re-insert dropped tokens at their original positions (in increasing order)."""
    restored = list(noised)
    for p, token in zip(sorted(positions), dropped):
        restored.insert(p, token)
    return restored


def text_infilling(tokens: list[str], spans: list[tuple[int, int]]) -> tuple[list[str], list[list[str]]]:
    """Replace each (start, length) span by a single <mask> (length 0 inserts one); the record is the span texts."""
    noised, removed, cursor = [], [], 0
    for start, length in sorted(spans):
        if start < cursor:
            raise ValueError("spans overlap")
        noised += tokens[cursor:start] + [MASK]
        removed.append(tokens[start:start + length])
        cursor = start + length
    return noised + tokens[cursor:], removed


def restore_infilling(noised: list[str], removed: list[list[str]]) -> list[str]:
    """Replace the k-th <mask> by the k-th removed span."""
    restored, spans = [], iter(removed)
    for token in noised:
        restored += next(spans) if token == MASK else [token]
    return restored


def sample_infilling_spans(length: int, rng: np.random.Generator, ratio: float = 0.3,
                           poisson_lambda: float = 3.0) -> list[tuple[int, int]]:
    """Non-overlapping spans with Poisson lengths covering about ratio * length tokens."""
    spans, covered, taken = [], 0, np.zeros(length + 1, dtype=bool)
    while covered < ratio * length:
        span = int(rng.poisson(poisson_lambda))
        start = int(rng.integers(0, length - span + 1))
        if taken[max(start - 1, 0): start + span + 1].any():
            continue
        taken[start: start + span] = True
        taken[start] |= span == 0                     # a zero-length span claims its insertion point
        spans.append((start, span))
        covered += span
    return spans


def sentence_permutation(sentences: list[list[str]], rng: np.random.Generator) -> tuple[list[list[str]], np.ndarray]:
    """Shuffle the sentences; the record is the permutation."""
    order = rng.permutation(len(sentences))
    return [sentences[i] for i in order], order


def restore_permutation(shuffled: list[list[str]], order: np.ndarray) -> list[list[str]]:
    """Undo a sentence shuffle."""
    return [shuffled[i] for i in np.argsort(order)]


def document_rotation(tokens: list[str], start: int) -> tuple[list[str], int]:
    """Rotate the document so that it begins at token `start`; the record is `start`."""
    return tokens[start:] + tokens[:start], start


def restore_rotation(rotated: list[str], start: int) -> list[str]:
    """Undo a rotation."""
    split = len(rotated) - start
    return rotated[split:] + rotated[:split]


if __name__ == "__main__":
    rng = np.random.default_rng(0)
    sentences = [s.split() for s in ("the cat sat on the mat .", "it was warm there .",
                                     "then a dog came by .", "the cat ran off .")]
    document = [t for s in sentences for t in s]
    n = len(document)
    print("document:", " ".join(document))

    positions = sorted(rng.choice(n, size=5, replace=False).tolist())
    masked, hidden = token_masking(document, positions)
    assert len(masked) == n and masked.count(MASK) == 5 and restore_masking(masked, positions, hidden) == document

    deleted, dropped = token_deletion(document, positions)
    assert len(deleted) == n - 5 and MASK not in deleted and restore_deletion(deleted, positions, dropped) == document

    spans = [(2, 3), (9, 0), (14, 4)]                 # one span of length 0
    infilled, removed = text_infilling(document, spans)
    print("text infilling:", " ".join(infilled))
    assert len(infilled) == n - 7 + 3 and infilled.count(MASK) == 3
    assert restore_infilling(infilled, removed) == document
    for _ in range(50):                                # random spans, Poisson(3) lengths
        random_spans = sample_infilling_spans(n, rng)
        noised, record = text_infilling(document, random_spans)
        assert noised.count(MASK) == len(random_spans) and restore_infilling(noised, record) == document
    lengths = rng.poisson(3.0, size=100_000)
    assert abs(lengths.mean() - 3.0) < 0.03 and abs(np.mean(lengths == 0) - np.exp(-3.0)) < 0.003

    shuffled, order = sentence_permutation(sentences, rng)
    assert sorted(map(tuple, shuffled)) == sorted(map(tuple, sentences))
    assert restore_permutation(shuffled, order) == sentences

    rotated, start = document_rotation(document, int(rng.integers(1, n)))
    assert rotated[0] == document[start] and "".join(rotated) in "".join(document) * 2
    assert restore_rotation(rotated, start) == document
    print("rotation:", " ".join(rotated))
    print("bart: all checks passed")
