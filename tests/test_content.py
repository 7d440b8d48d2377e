"""The shipped content as a whole: one connected graph, curriculum aliases resolving, every entry quizzable."""

from __future__ import annotations

import pytest

from glossary.content.corpus import Corpus

#: Curriculum rows that are aliases of another entry: searching or linking to them lands there.
CURRICULUM_ALIASES = {
    "nonlinearity": "activation-function",
    "negative-log-likelihood": "categorical-cross-entropy",
    "fully-connected-layer": "affine-layer",
}


@pytest.fixture(scope="module")
def corpus(shipped: Corpus) -> Corpus:
    return shipped


def test_the_relation_graph_is_connected(corpus: Corpus) -> None:
    neighbours: dict[str, set[str]] = {entry.id: set() for entry in corpus}
    for entry in corpus:
        for _, target in entry.targets():
            neighbours[entry.id].add(corpus.canonical_id(target))
            neighbours[corpus.canonical_id(target)].add(entry.id)
    seen, frontier = {"softmax"}, ["softmax"]
    while frontier:
        for other in neighbours[frontier.pop()] - seen:
            seen.add(other)
            frontier.append(other)
    assert seen == set(corpus.entries), sorted(set(corpus.entries) - seen)


@pytest.mark.parametrize(("alias", "entry_id"), sorted(CURRICULUM_ALIASES.items()))
def test_curriculum_aliases_resolve(corpus: Corpus, alias: str, entry_id: str) -> None:
    assert alias not in corpus.entries
    assert corpus.resolve(alias).id == entry_id  # type: ignore[union-attr]
    assert corpus.canonical_id(alias) == entry_id


def test_every_entry_is_bilingual_and_referenced(corpus: Corpus) -> None:
    assert len(corpus) >= 113
    for entry in corpus:
        assert entry.name_zh.strip() and entry.summary_zh.strip(), entry.id
        assert all(reference.authors and reference.year for reference in entry.references), entry.id
        assert entry.snippet is not None or entry.kind.value in {"venue", "organisation"}, entry.id
