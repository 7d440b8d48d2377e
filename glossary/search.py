"""Fuzzy search over English names, aliases and Chinese names, with exact and prefix matches ranked first."""

from __future__ import annotations

from bisect import bisect_left
from collections import Counter, defaultdict
from dataclasses import dataclass
from typing import Iterable, Sequence

from rapidfuzz import fuzz, process

from glossary.corpus import Corpus, normalise

EXACT, PREFIX = 200.0, 150.0
FUZZY_CUTOFF = 60.0
MAX_CANDIDATES = 1500


@dataclass(frozen=True)
class Hit:
    """One search result: the entry, how well it matched, and the name that matched."""

    entry_id: str
    score: float
    matched: str


def _grams(text: str) -> set[str]:
    """Character bigrams (single characters for one-character text): the candidate filter's keys."""
    return {text[i : i + 2] for i in range(len(text) - 1)} or {text}


class SearchIndex:
    """Built once per corpus; each query looks at exact, prefix and gram-sharing candidates only."""

    def __init__(self, rows: Iterable[tuple[str, Sequence[str]]]) -> None:
        """`rows` are (entry id, names) pairs; the id itself is searchable too."""
        rows = list(rows)
        self._keys: list[str] = []
        self._owners: list[tuple[str, str]] = []  # (entry id, original name) per key
        pairs = sorted(
            {(normalise(name), entry_id, name) for entry_id, names in rows for name in (entry_id, *names) if normalise(name)}
        )
        self._grams: dict[str, list[int]] = defaultdict(list)
        for index, (key, entry_id, name) in enumerate(pairs):
            self._keys.append(key)
            self._owners.append((entry_id, name))
            for gram in _grams(key):
                self._grams[gram].append(index)
        self._order = {entry_id: rank for rank, entry_id in enumerate(sorted(entry_id for entry_id, _ in rows))}

    @classmethod
    def from_corpus(cls, corpus: Corpus) -> "SearchIndex":
        return cls((entry.id, entry.all_names) for entry in corpus)

    def search(self, query: str, limit: int = 20) -> list[Hit]:
        """The best `limit` entries for `query`, best first (ties broken by id)."""
        needle = normalise(query)
        if not needle:
            return []
        best: dict[str, Hit] = {}

        def offer(index: int, score: float) -> None:
            entry_id, name = self._owners[index]
            if entry_id not in best or score > best[entry_id].score:
                best[entry_id] = Hit(entry_id, score, name)

        start = bisect_left(self._keys, needle)
        for index in range(start, len(self._keys)):
            key = self._keys[index]
            if not key.startswith(needle):
                break
            offer(index, EXACT if key == needle else PREFIX + 10 * len(needle) / len(key))

        counts = Counter(i for gram in _grams(needle) for i in self._grams.get(gram, ()))
        candidates = [i for i, _ in counts.most_common(MAX_CANDIDATES)]
        choices = {i: self._keys[i] for i in candidates}
        for _, score, index in process.extract(
            needle, choices, scorer=fuzz.WRatio, score_cutoff=FUZZY_CUTOFF, limit=limit * 4
        ):
            offer(index, score)
        ranked = sorted(best.values(), key=lambda hit: (-hit.score, self._order[hit.entry_id]))
        return ranked[:limit]
