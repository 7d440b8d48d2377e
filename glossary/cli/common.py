"""What every command shares: content options, loading with diagnostics, and the user-error type."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from glossary.content.diagnostics import Diagnostic, errors
from glossary.paths import content_dir, data_dir, snippets_dir

if TYPE_CHECKING:
    from glossary.content.corpus import Corpus
    from glossary.content.schema import Entry
    from glossary.progress.store import ProgressStore


class UserError(Exception):
    """A problem the user can fix: printed as one clear line, exit status 1, never a traceback."""


def add_content_options(parser: argparse.ArgumentParser) -> None:
    """--content, --snippets and --home, shared by all commands."""
    parser.add_argument("--content", type=Path, metavar="DIR", help="folder of entry YAML files (default: shipped)")
    parser.add_argument("--snippets", type=Path, metavar="DIR", help="folder of snippet scripts (default: shipped)")
    parser.add_argument(
        "--home", metavar="DIR", help="data folder for progress (default: $GLOSSARY_HOME or the user data dir)"
    )


def seconds(text: str) -> float:
    """An argparse type: a finite number of seconds above zero (nan, inf, 0 and negatives are usage errors)."""
    from glossary.snippets.limits import valid_timeout

    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number of seconds") from None
    if not valid_timeout(value):
        raise argparse.ArgumentTypeError(f"{text!r} is not a time limit; give a number of seconds above 0")
    return value


def folders(args: argparse.Namespace) -> tuple[Path, Path]:
    """The content and snippets folders chosen on the command line (or shipped)."""
    return (args.content or content_dir(), args.snippets or snippets_dir())


def home(args: argparse.Namespace) -> Path:
    """The data folder chosen on the command line, in the environment, or by the platform."""
    return data_dir(args.home)


def cache_dir(args: argparse.Namespace) -> Path:
    """Where validated content and computed answers are cached."""
    return home(args) / "cache"


def open_store(args: argparse.Namespace) -> ProgressStore:
    """The progress store of the chosen data folder; a repair is said once, an unusable folder is a UserError."""
    from glossary.progress.store import ProgressStore, StoreError

    try:
        store = ProgressStore(home(args))
    except StoreError as error:
        raise UserError(str(error)) from None
    if store.notice:
        print(f"glossary: {store.notice}", file=sys.stderr)
    return store


def load_content(args: argparse.Namespace) -> Corpus:
    """The corpus (from the cache when unchanged), or a UserError listing every content error."""
    from glossary.content.catalog import load_checked

    corpus, diagnostics = load_checked(*folders(args), cache_dir(args))
    problems = errors(diagnostics)
    if problems:
        raise UserError(describe_errors(problems))
    return corpus


def describe_errors(problems: list[Diagnostic]) -> str:
    """A message for content errors: the first few, and how to see all."""
    shown = "\n".join(p.format() for p in sorted(problems)[:10])
    more = f"\n… and {len(problems) - 10} more" if len(problems) > 10 else ""
    return f"the content has {len(problems)} error(s); run `glossary check` for all:\n{shown}{more}"


def resolve_entry(corpus: Corpus, key: str) -> Entry:
    """The entry for an id, alias or name, or a UserError suggesting close matches."""
    entry = corpus.resolve(key)
    if entry is not None:
        return entry
    from glossary.text.search import SearchIndex

    index = SearchIndex.from_corpus(corpus)
    winner = index.clear_winner(key)
    if winner is not None:
        print(f"glossary: {key!r} is not a name; showing the clear best match, {winner.entry_id}", file=sys.stderr)
        return corpus.entries[winner.entry_id]
    hits = index.relevant(key, limit=5) or index.search(key, limit=3)
    hint = "; did you mean " + ", ".join(f"{h.entry_id} ({h.matched})" for h in hits) + "?" if hits else ""
    raise UserError(f"no term {key!r}{hint}")
