"""Checks across entries (names, relations, cycles), plus the snippet checks: the linter behind `glossary check`."""

from __future__ import annotations

from glossary.content.corpus import Corpus, normalise
from glossary.content.diagnostics import Diagnostic
from glossary.content.lint_snippets import (
    check_examples,
    check_orphan_snippets,
    check_snippets,
)
from glossary.content.locate import located, source_map
from glossary.content.prerequisites import direct_prerequisites, strongly_connected
from glossary.content.vocabulary import HIERARCHICAL_RELATIONS, RelationType


def lint_corpus(corpus: Corpus) -> list[Diagnostic]:
    """Every cross-entry and snippet problem of a loaded corpus."""
    source_map.cache_clear()
    claimed: set[str] = set()  # the real paths of the snippets that entries name
    return [
        *_check_alias_ids(corpus),
        *_check_names(corpus),
        *_check_relations(corpus),
        *_check_cycles(corpus),
        *_check_prerequisite_cycles(corpus),
        *check_snippets(corpus, claimed),
        *check_orphan_snippets(corpus, claimed),
        *check_examples(corpus),
    ]


def _check_alias_ids(corpus: Corpus) -> list[Diagnostic]:
    found: list[Diagnostic] = []
    owner: dict[str, str] = {}
    for entry in corpus:
        for index, alias_id in enumerate(entry.alias_ids):
            if alias_id in corpus.entries:
                found.append(
                    located(corpus, entry, ["alias_ids", index], "E202", f"alias id {alias_id!r} is an entry id")
                )
            elif alias_id in owner:
                message = f"alias id {alias_id!r} is also claimed by {owner[alias_id]!r}"
                found.append(located(corpus, entry, ["alias_ids", index], "E202", message))
            else:
                owner[alias_id] = entry.id
    return found


def _check_names(corpus: Corpus) -> list[Diagnostic]:
    """A name or alias (either language, normalised) must point at one entry only."""
    found: list[Diagnostic] = []
    owner: dict[str, str] = {}
    for entry in corpus:
        fields: list[tuple[str, int | None, str]] = [("name", None, entry.name), ("name_zh", None, entry.name_zh)]
        fields += [("aliases", i, a) for i, a in enumerate(entry.aliases)]
        fields += [("aliases_zh", i, a) for i, a in enumerate(entry.aliases_zh)]
        for field, index, name in fields:
            key = normalise(name)
            other = owner.setdefault(key, entry.id)
            if other != entry.id:
                where: list[str | int] = [field] if index is None else [field, index]
                found.append(located(corpus, entry, where, "E203", f"{name!r} already names {other!r}"))
    return found


def _check_relations(corpus: Corpus) -> list[Diagnostic]:
    found = []
    for entry in corpus:
        count = 0
        for relation, targets in entry.relations.items():
            for index, target in enumerate(targets):
                count += 1
                where = ["relations", relation.value, index]
                if corpus.canonical_id(target) == entry.id:
                    found.append(located(corpus, entry, where, "E206", f"{relation.value} points at the entry itself"))
                elif corpus.canonical_id(target) not in corpus.entries and target not in corpus.unloaded:
                    found.append(
                        located(corpus, entry, where, "E204", f"{relation.value}: no entry has the id {target!r}")
                    )
        if count < 2:
            found.append(
                located(corpus, entry, ["relations"], "W201", f"only {count} relation; link at least two entries")
            )
    return found


def _check_cycles(corpus: Corpus) -> list[Diagnostic]:
    """is-a and part-of together must form a forest: report each cycle once, at its first entry."""
    edges = {
        entry.id: [corpus.canonical_id(t) for r in HIERARCHICAL_RELATIONS for t in entry.relations.get(r, [])]
        for entry in corpus
    }
    state: dict[str, int] = {}  # 1 = on the current path, 2 = finished
    found = []

    def visit(node: str, path: list[str]) -> None:
        state[node] = 1
        path.append(node)
        for target in edges.get(node, []):
            if state.get(target) == 1:
                cycle = path[path.index(target) :] + [target]
                first = corpus.entries[cycle[0]]
                found.append(located(corpus, first, ["relations"], "E205", "cycle: " + " -> ".join(cycle)))
            elif target in edges and target not in state:
                visit(target, path)
        path.pop()
        state[node] = 2

    for entry_id in sorted(edges):
        if entry_id not in state:
            visit(entry_id, [])
    return found


def _check_prerequisite_cycles(corpus: Corpus) -> list[Diagnostic]:
    """Prerequisites through uses or variant-of must not lead back to where they start (is-a / part-of only
    cycles are E205): one warning per cycle group, at the first such relation inside it."""
    component = strongly_connected(direct_prerequisites(corpus))
    groups: dict[int, list[str]] = {}
    for entry_id in sorted(component):
        groups.setdefault(component[entry_id], []).append(entry_id)
    found = []
    for members in groups.values():
        edge = next(
            (
                (entry, kind, index, target)
                for entry in (corpus.entries[m] for m in members)
                for kind in (RelationType.USES, RelationType.VARIANT_OF)
                for index, target in enumerate(entry.relations.get(kind, []))
                if corpus.canonical_id(target) in members and corpus.canonical_id(target) != entry.id
            ),
            None,
        )
        if len(members) > 1 and edge is not None:
            entry, kind, index, target = edge
            message = f"prerequisite cycle: {entry.id} {kind.value} {target}, which needs it back (among {', '.join(members)})"
            found.append(located(corpus, entry, ["relations", kind.value, index], "W202", message))
    return found
