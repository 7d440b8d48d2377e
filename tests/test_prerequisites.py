"""Prerequisites and the learning order: topological over the shipped content, deterministic, never stuck on cycles."""

from __future__ import annotations

from pathlib import Path

from glossary.content.corpus import Corpus
from glossary.content.loader import load_corpus
from glossary.content.prerequisites import (
    direct_prerequisites,
    learning_order,
    prerequisites,
    strongly_connected,
)
from glossary.content.synthetic import write_corpus
from glossary.content.vocabulary import RelationType


def test_learning_order_is_topological_over_shipped_content(shipped: Corpus) -> None:
    order = learning_order(shipped)
    assert sorted(order) == sorted(shipped.entries)
    position = {entry_id: rank for rank, entry_id in enumerate(order)}
    graph = direct_prerequisites(shipped)
    component = strongly_connected(graph)
    late = [
        (node, need)
        for node, needs in graph.items()
        for need in needs
        if position[need] > position[node] and component[need] != component[node]
    ]
    assert late == []


def test_softmax_then_attention_then_transformer(shipped: Corpus) -> None:
    order = learning_order(shipped)
    assert order.index("softmax") < order.index("attention-mechanism") < order.index("transformer")
    assert "softmax" in prerequisites(shipped, "transformer")
    assert "attention-mechanism" in prerequisites(shipped, "transformer")


def test_prerequisites_are_transitive_and_ordered(shipped: Corpus) -> None:
    needs = prerequisites(shipped, "transformer")
    assert "transformer" not in needs
    order = learning_order(shipped)
    assert needs == [entry_id for entry_id in order if entry_id in set(needs)]
    for need in needs:  # closed under prerequisites (a cycle through the transformer leads back to it)
        assert set(prerequisites(shipped, need)) - {"transformer"} <= set(needs)
    assert prerequisites(shipped, "no-such-entry") == []


def _cyclic(corpus: Corpus) -> Corpus:
    """The corpus with a uses-cycle a → b → c → a among its first three entries."""
    ids = sorted(corpus.entries)[:3]
    entries = dict(corpus.entries)
    for source, target in zip(ids, ids[1:] + ids[:1]):
        entry = entries[source]
        entries[source] = entry.model_copy(update={"relations": {**entry.relations, RelationType.USES: [target]}})
    return Corpus(entries, corpus.content_dir, corpus.snippets_dir)


def test_cycles_are_broken_deterministically(tmp_path: Path) -> None:
    corpus = load_corpus(*write_corpus(tmp_path / "mini", 6))[0]
    cyclic = _cyclic(corpus)
    first = learning_order(cyclic)
    assert sorted(first) == sorted(corpus.entries)
    assert learning_order(_cyclic(corpus)) == first
    ids = sorted(corpus.entries)[:3]
    assert set(prerequisites(cyclic, ids[0])) >= set(ids[1:])
    component = strongly_connected(direct_prerequisites(cyclic))
    assert component[ids[0]] == component[ids[1]] == component[ids[2]]
