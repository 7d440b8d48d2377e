"""`glossary path TERM`: what to learn before a term, in learning order, marking what the learner knows."""

from __future__ import annotations

import argparse
import json

from glossary.cli.common import load_content, open_store, resolve_entry


def register(subcommands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add this module's command to the parser."""
    path = subcommands.add_parser(
        "path",
        help="what to learn before a term, prerequisites first (✓ marks terms you know)",
        description="Every prerequisite of TERM (along uses, is-a, part-of and variant-of, transitively), each "
        "after what it needs, then TERM. A term is known (✓) when one of its cards was last answered right.",
    )
    path.add_argument("term", metavar="TERM", help="an id, alias or name")
    path.add_argument("--json", action="store_true", help="print the path as JSON")
    path.set_defaults(handler=path_command)


def path_command(args: argparse.Namespace) -> int:
    """Print the learning path to one term."""
    from glossary.content.prerequisites import prerequisites
    from glossary.quiz.weak import known_entries

    corpus = load_content(args)
    entry = resolve_entry(corpus, args.term)
    store = open_store(args)
    known = known_entries(store)
    store.close()
    steps = [*prerequisites(corpus, entry.id), entry.id]
    if args.json:
        rows = [{"id": i, "name": corpus.entries[i].name, "known": i in known} for i in steps]
        print(json.dumps(rows, ensure_ascii=False, indent=2))
        return 0
    for number, step in enumerate(steps, 1):
        other = corpus.entries[step]
        print(f"{number:>3}. {'✓' if step in known else ' '} {other.name} ({step}) · {other.name_zh}")
    learned = sum(step in known for step in steps[:-1])
    print(f"\n{learned}/{len(steps) - 1} prerequisite(s) of {entry.name} known")
    return 0
