"""Search ranking as a learner types: exact and prefix first, words in order, one typo forgiven, both languages."""

from __future__ import annotations

import pytest

from glossary.content.loader import load_corpus
from glossary.paths import content_dir, snippets_dir
from glossary.text.search import SearchIndex


@pytest.fixture(scope="module")
def index() -> SearchIndex:
    return SearchIndex.from_corpus(load_corpus(content_dir(), snippets_dir())[0])


@pytest.mark.parametrize(
    ("query", "first"),
    [
        ("adam", "adam"),
        ("ada", "adam"),  # prefixes: the shortest matching name first
        ("BPTT", "bptt"),
        ("grad clip", "gradient-clipping"),  # each word a prefix, in order
        ("bat norm", "batch-normalization"),
        ("adma", "adam"),  # one transposition
        ("softmx", "softmax"),  # one letter missing
        ("反向传播", "backpropagation"),
        ("注意力", "attention-mechanism"),
        ("nonlinearity", "activation-function"),  # an alias of another entry
    ],
)
def test_the_expected_term_comes_first(index: SearchIndex, query: str, first: str) -> None:
    assert index.search(query, limit=5)[0].entry_id == first


def test_exact_beats_prefix_beats_fuzzy(index: SearchIndex) -> None:
    hits = index.search("relu", limit=5)
    assert [h.entry_id for h in hits[:2]] == ["relu", "leaky-relu"]
    assert hits[0].score > hits[1].score


def test_nothing_for_noise(index: SearchIndex) -> None:
    assert index.search("qqqqzzzz") == [] and index.search("  ") == []
