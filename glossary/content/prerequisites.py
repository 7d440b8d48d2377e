"""What to learn first: prerequisites along `uses`, `is-a`, `variant-of` and `part-of`, and a learning order.

An entry's targets along `uses`, `is-a` and `variant-of` are learned before it (attention uses softmax, so
softmax comes first); along `part-of` the part comes before its whole (a kernel before the CNN). The order
is topological, ties broken by category (the curriculum's order), then name; where the relations form a
cycle, the cycle is broken deterministically (see `learning_order`).
"""

from __future__ import annotations

import heapq
from typing import TYPE_CHECKING

from glossary.content.vocabulary import Category, RelationType

if TYPE_CHECKING:
    from glossary.content.corpus import Corpus

#: The relations whose targets are learned before their source.
PREREQUISITE_RELATIONS = frozenset({RelationType.USES, RelationType.IS_A, RelationType.VARIANT_OF})
_CATEGORY_RANK = {category: rank for rank, category in enumerate(Category)}


def direct_prerequisites(corpus: Corpus) -> dict[str, set[str]]:
    """Each entry id and the ids it needs first (canonical, known, never itself)."""
    graph: dict[str, set[str]] = {entry.id: set() for entry in corpus}
    for entry in corpus:
        for kind, target in entry.targets():
            target = corpus.canonical_id(target)
            if target not in corpus.entries or target == entry.id:
                continue
            if kind in PREREQUISITE_RELATIONS:
                graph[entry.id].add(target)
            elif kind is RelationType.PART_OF:
                graph[target].add(entry.id)  # the whole needs its part
    return graph


def prerequisites(corpus: Corpus, entry_id: str) -> list[str]:
    """Every entry to learn before `entry_id` (transitively), in learning order; [] for an unknown id."""
    graph = direct_prerequisites(corpus)
    seen: set[str] = set()
    stack = list(graph.get(corpus.canonical_id(entry_id), ()))
    while stack:
        current = stack.pop()
        if current not in seen:
            seen.add(current)
            stack.extend(graph[current] - seen)
    seen.discard(corpus.canonical_id(entry_id))
    return [other for other in learning_order(corpus) if other in seen]


def learning_order(corpus: Corpus) -> list[str]:
    """Every entry id, each after its prerequisites (except across a cycle), ties by category then name.

    Entries on a cycle form a group (a strongly connected component) that takes its place as a whole, as soon as
    everything outside it that it needs is placed; inside, the entry waiting on the fewest others goes first.
    """
    graph = direct_prerequisites(corpus)
    key = {entry.id: (_CATEGORY_RANK[entry.category], entry.name.casefold(), entry.id) for entry in corpus}
    component = strongly_connected(graph)
    members: dict[int, list[str]] = {}
    for node in sorted(graph, key=key.__getitem__):
        members.setdefault(component[node], []).append(node)
    needs = {
        group: {component[need] for node in nodes for need in graph[node]} - {group} for group, nodes in members.items()
    }
    dependants: dict[int, list[int]] = {group: [] for group in members}
    for group, needed in needs.items():
        for other in needed:
            dependants[other].append(group)
    waiting = {group: len(needed) for group, needed in needs.items()}
    ready = [(key[nodes[0]], group) for group, nodes in members.items() if not waiting[group]]
    heapq.heapify(ready)
    order: list[str] = []
    while ready:
        group = heapq.heappop(ready)[1]
        order += _within(members[group], graph)
        for dependant in dependants[group]:
            waiting[dependant] -= 1
            if not waiting[dependant]:
                heapq.heappush(ready, (key[members[dependant][0]], dependant))
    return order


def _within(nodes: list[str], graph: dict[str, set[str]]) -> list[str]:
    """The entries of one cycle group (sorted by key), each time the one waiting on the fewest others first."""
    left, order = list(nodes), list[str]()
    while left:
        placed = set(order)
        best = min(left, key=lambda node: len(graph[node] & set(left) - placed))
        order.append(best)
        left.remove(best)
    return order


def strongly_connected(graph: dict[str, set[str]]) -> dict[str, int]:
    """Each node's strongly connected component, as a number (Tarjan's algorithm, iterative)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    component: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    for root in sorted(graph):
        if root in index:
            continue
        work = [(root, iter(sorted(graph[root])))]
        index[root] = low[root] = len(index)
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = len(index)
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph[child]))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component[member] = index[node]  # the root's index names the component
                    if member == node:
                        break
    return component
