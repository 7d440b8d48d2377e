"""Byte-pair encoding (BPE) for subword vocabularies (Sennrich et al. 2016, after Gage's compression scheme).

Start from characters (plus an end-of-word marker), then repeat: count every adjacent symbol pair in the
corpus, weighted by word frequency, and merge the most frequent pair into one new symbol. The ordered merge
list is the tokeniser: a new word is split into characters and the merges are replayed in order. Every word
stays encodable (at worst as characters) and decoding is concatenation.
"""

from __future__ import annotations

import itertools
from collections import Counter

END = "</w>"  # end-of-word marker, so "st" at the end of a word differs from "st" inside one


def pair_counts(vocab: dict[tuple[str, ...], int]) -> Counter:
    """Frequency of every adjacent symbol pair, each word's pairs counted as often as the word occurs."""
    counts: Counter = Counter()
    for symbols, freq in vocab.items():
        for pair in itertools.pairwise(symbols):
            counts[pair] += freq
    return counts


def merge_pair(symbols: tuple[str, ...], pair: tuple[str, str]) -> tuple[str, ...]:
    """Replace every non-overlapping occurrence of `pair` (left to right) by the joined symbol."""
    out, i = [], 0
    while i < len(symbols):
        if i + 1 < len(symbols) and (symbols[i], symbols[i + 1]) == pair:
            out.append(symbols[i] + symbols[i + 1])
            i += 2
        else:
            out.append(symbols[i])
            i += 1
    return tuple(out)


def learn_bpe(words: list[str], counts: list[int], num_merges: int) -> list[tuple[str, str]]:
    """Learn up to `num_merges` merges from words with their corpus counts; ties go to the pair seen first."""
    vocab = {tuple(word) + (END,): count for word, count in zip(words, counts)}
    merges = []
    for _ in range(num_merges):
        pairs = pair_counts(vocab)
        if not pairs:
            break
        best = max(pairs, key=lambda pair: pairs[pair])  # max keeps the first of equal counts
        merges.append(best)
        vocab = {merge_pair(symbols, best): freq for symbols, freq in vocab.items()}
    return merges


def encode(word: str, merges: list[tuple[str, str]]) -> list[str]:
    """Split a word into characters plus END and apply the learned merges in the order they were learned."""
    symbols = tuple(word) + (END,)
    for pair in merges:
        symbols = merge_pair(symbols, pair)
    return list(symbols)


def decode(symbols: list[str]) -> str:
    """Concatenate subword symbols and turn each end-of-word marker into a space."""
    return "".join(symbols).replace(END, " ").strip()


def most_frequent_pair_count(words: list[str], counts: list[int]) -> int:
    """The corpus frequency of the pair that BPE's first merge joins."""
    return max(pair_counts({tuple(word) + (END,): count for word, count in zip(words, counts)}).values())


def num_tokens(word: str, words: list[str], counts: list[int], num_merges: int) -> int:
    """How many subword symbols (END included) `word` becomes after learning `num_merges` merges on the corpus."""
    return len(encode(word, learn_bpe(words, counts, num_merges)))


if __name__ == "__main__":
    words = ["hug", "pug", "pun", "bun", "hugs", "bugs", "plug"]
    counts = [10, 5, 12, 4, 5, 3, 2]
    merges = learn_bpe(words, counts, 10)
    print("merges:", [a + b for a, b in merges])

    # Each merge joins the pair that is most frequent at that moment: recount by brute force on the
    # corpus written out token by token (every word repeated as often as it occurs).
    corpus = [list(word) + [END] for word, count in zip(words, counts) for _ in range(count)]
    for pair in merges:
        tally: dict[tuple[str, str], int] = {}
        for token in corpus:
            for a, b in itertools.pairwise(token):
                tally[(a, b)] = tally.get((a, b), 0) + 1
        assert tally[pair] == max(tally.values()), (pair, tally[pair], max(tally.values()))
        corpus = [list(merge_pair(tuple(token), pair)) for token in corpus]
    # The first merge can be checked by hand: "u g" occurs in hug, pug, hugs, bugs, plug = 25 times.
    assert merges[0] == ("u", "g") and most_frequent_pair_count(words, counts) == 25

    # Encode then decode is the identity, for corpus words and for words never seen.
    for word in words + ["bug", "hung", "plump", "zebra"]:
        pieces = encode(word, merges)
        assert decode(pieces) == word
        print(f"{word:6s} -> {pieces}")
    assert decode(encode("hugs", merges) + encode("pun", merges)) == "hugs pun"

    # Frequent words become single symbols; unseen characters stay as characters (no unknown token).
    assert encode("hug", merges) == ["hug</w>"] and encode("zebra", merges)[:4] == ["z", "e", "b", "r"]
    print("byte-pair-encoding: all checks passed")
