"""The `glossary` command: a parser of subcommands, each registered by its own module."""

from __future__ import annotations

import argparse
import sys
from typing import Sequence

from glossary import __version__
from glossary.cli import content_commands, export_commands, quiz_commands
from glossary.cli.common import UserError, add_content_options

COMMAND_MODULES = [content_commands, quiz_commands, export_commands]


def build_parser() -> argparse.ArgumentParser:
    """The full argument parser: global options and every subcommand."""
    parser = argparse.ArgumentParser(
        prog="glossary",
        description="A bilingual deep-learning glossary with runnable NumPy snippets and spaced-repetition quizzes. "
        "Run without a command to open the terminal app.",
    )
    parser.add_argument("--version", action="version", version=f"glossary {__version__}")
    add_content_options(parser)
    subcommands = parser.add_subparsers(title="commands", metavar="COMMAND")
    for module in COMMAND_MODULES:
        module.register(subcommands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status (0 ok, 1 failure, 2 usage error)."""
    parser = build_parser()
    args = parser.parse_args(argv)
    handler = getattr(args, "handler", None)
    try:
        if handler is None:
            from glossary.cli.app_command import open_app

            return open_app(args)
        return handler(args)
    except UserError as error:
        print(f"glossary: {error}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("glossary: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0
