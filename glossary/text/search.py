"""Fuzzy search over English names, aliases and Chinese names, with exact and prefix matches ranked first."""

from __future__ import annotations

import re
from bisect import bisect_left
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import chain
from operator import itemgetter

from rapidfuzz import fuzz, process
from rapidfuzz.distance import OSA

from glossary.content.corpus import Corpus, normalise

EXACT, PREFIX, WORD_PREFIXES, ONE_TYPO = 200.0, 150.0, 120.0, 110.0
TYPO_MIN_LENGTH = 4  # one edit away from a shorter word is likely another word
FUZZY_CUTOFF = 60.0
RELEVANT = 85.0  # below this a fuzzy match is a guess ('adma' ~ AdaGrad), not an answer
CLEAR_LEAD = 30.0  # a best hit this far ahead of the next is the one the user meant
MAX_CANDIDATES = 1500


@dataclass(frozen=True)
class Hit:
    """One search result: the entry, how well it matched, and the name that matched."""

    entry_id: str
    score: float
    matched: str


def _words(text: str) -> list[str]:
    """The words of a name or query, case-folded: 'Max-Pooling' -> ['max', 'pooling']."""
    return [word for word in re.split(r"[\W_]+", text.casefold()) if word]


def _grams(text: str) -> set[str]:
    """Character bigrams (single characters for one-character text): the candidate filter's keys."""
    return {text[i : i + 2] for i in range(len(text) - 1)} or {text}


class SearchIndex:
    """Built once per corpus; each query looks at exact, prefix and gram-sharing candidates only.

    Prefix matches are looked up among the keys of each length in turn, shortest (best scored) first, and
    when they alone fill the results the fuzzy stage is skipped: no fuzzy score can beat a prefix match.
    """

    def __init__(self, rows: Iterable[tuple[str, Sequence[str]]]) -> None:
        """`rows` are (entry id, names) pairs; the id itself is searchable too."""
        rows = list(rows)
        keyed = ((normalise(name), entry_id, name) for entry_id, names in rows for name in (entry_id, *names))
        pairs = sorted({pair for pair in keyed if pair[0]})
        self._keys = [key for key, _, _ in pairs]
        self._owners = [(entry_id, name) for _, entry_id, name in pairs]  # (entry id, original name) per key
        self._grams: dict[str, list[int]] = defaultdict(list)
        self._by_length: dict[int, tuple[list[str], list[int]]] = {}  # keys of one length, sorted, and their indices
        for index, key in enumerate(self._keys):
            for gram in _grams(key):
                self._grams[gram].append(index)
            keys, indices = self._by_length.setdefault(len(key), ([], []))
            keys.append(key)
            indices.append(index)
        self._lengths = sorted(self._by_length)
        words = sorted({(word, index) for index, (_, name) in enumerate(self._owners) for word in _words(name)})
        self._words = [word for word, _ in words]  # every word of every name, sorted, for word-prefix lookups
        self._word_keys = [index for _, index in words]
        self._order = {entry_id: rank for rank, entry_id in enumerate(sorted(entry_id for entry_id, _ in rows))}

    @classmethod
    def from_corpus(cls, corpus: Corpus) -> SearchIndex:
        return cls((entry.id, entry.all_names) for entry in corpus)

    def search(self, query: str, limit: int = 20) -> list[Hit]:
        """The best `limit` entries for `query`, best first (ties broken by id)."""
        needle = normalise(query)
        if not needle:
            return []
        best = self._prefix_matches(needle, limit)
        if len(best) < limit:
            self._word_prefix_matches(_words(query), best)
        if len(best) < limit:
            self._fuzzy_matches(needle, limit, best)
        ranked = sorted(best.items(), key=lambda item: (-item[1][0], self._order[item[0]]))[:limit]
        return [Hit(entry_id, score, self._owners[index][1]) for entry_id, (score, index) in ranked]

    def relevant(self, query: str, limit: int = 20) -> list[Hit]:
        """The hits worth showing: those scoring at least RELEVANT."""
        return [hit for hit in self.search(query, limit) if hit.score >= RELEVANT]

    def clear_winner(self, query: str) -> Hit | None:
        """The best hit when it leads the rest by a wide margin (what `show "gradient clip"` opens), else None."""
        hits = self.relevant(query, 2)
        if hits and (len(hits) == 1 or hits[0].score - hits[1].score >= CLEAR_LEAD):
            return hits[0]
        return None

    def _prefix_matches(self, needle: str, limit: int) -> dict[str, tuple[float, int]]:
        """(score, key index) of the entries with a key starting with `needle`: all of them, or at least the
        best `limit` (every entry whose best key is as short as the longest of those included)."""
        best: dict[str, tuple[float, int]] = {}
        for length in self._lengths[bisect_left(self._lengths, len(needle)) :]:
            keys, indices = self._by_length[length]
            score = EXACT if length == len(needle) else PREFIX + 10 * len(needle) / length
            for position in range(bisect_left(keys, needle), len(keys)):
                if not keys[position].startswith(needle):
                    break
                best.setdefault(self._owners[indices[position]][0], (score, indices[position]))
            if len(best) >= limit:
                break
        return best

    def _word_prefix_matches(self, words: list[str], best: dict[str, tuple[float, int]]) -> None:
        """Add the entries with a name whose words start with the query's words, in order ('grad clip')."""
        if len(words) < 2:
            return
        start = bisect_left(self._words, words[0])
        for position in range(start, len(self._words)):
            if not self._words[position].startswith(words[0]):
                break
            index = self._word_keys[position]
            if _starts_in_order(words, _words(self._owners[index][1])):
                entry_id = self._owners[index][0]
                if entry_id not in best or WORD_PREFIXES > best[entry_id][0]:
                    best[entry_id] = (WORD_PREFIXES, index)

    def _fuzzy_matches(self, needle: str, limit: int, best: dict[str, tuple[float, int]]) -> None:
        """Add to `best` the entries whose keys share the most grams with `needle` and are close to it."""
        postings = (self._grams.get(gram, ()) for gram in _grams(needle))
        counts = Counter(chain.from_iterable(postings))
        ranked = sorted(counts.items(), key=itemgetter(1), reverse=True)  # = counts.most_common(), twice as fast
        choices = {i: self._keys[i] for i, _ in ranked[:MAX_CANDIDATES]}
        if len(needle) >= TYPO_MIN_LENGTH:  # one slip (a transposition counts as one): 'adma' finds 'adam'
            near = {i: key for i, key in choices.items() if abs(len(key) - len(needle)) <= 1}
            for _, _, index in process.extract(needle, near, scorer=OSA.distance, score_cutoff=1, limit=None):
                best.setdefault(self._owners[index][0], (ONE_TYPO, index))
        for key, score, index in process.extract(
            needle, choices, scorer=fuzz.WRatio, score_cutoff=FUZZY_CUTOFF, limit=limit * 4
        ):
            if len(key) < len(needle):  # WRatio's partial match would score 'ad' 90 against 'adma'
                score = fuzz.ratio(needle, key)
                if score < FUZZY_CUTOFF:
                    continue
            entry_id = self._owners[index][0]
            if entry_id not in best or score > best[entry_id][0]:
                best[entry_id] = (score, index)


def _starts_in_order(prefixes: list[str], words: list[str]) -> bool:
    """True when each prefix begins a later word than the one before: ['grad', 'clip'] in 'gradient clipping'."""
    position = 0
    for prefix in prefixes:
        while position < len(words) and not words[position].startswith(prefix):
            position += 1
        if position == len(words):
            return False
        position += 1
    return True
