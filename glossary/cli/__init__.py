"""The `glossary` command: a parser of subcommands, each registered by its own module."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from glossary import __version__
from glossary.cli.common import UserError, add_content_options


def _app_parser() -> argparse.ArgumentParser:
    """The global options alone: all that opening the app needs (so the app starts without the commands' imports)."""
    parser = argparse.ArgumentParser(
        prog="glossary",
        description="A bilingual deep-learning glossary with runnable NumPy snippets and spaced-repetition quizzes. "
        "Run without a command to open the terminal app.",
        epilog="What runs: only `run`, `check --run`, `plot`, and the app's Run and Plot keys execute snippet code. Loading, "
        "checking without --run, showing, searching, quizzing, reviewing and exporting never run code from "
        "the content; numeric quiz answers are the ones `check --run` computed and stored.",
    )
    parser.add_argument("--version", action="version", version=f"glossary {__version__}")
    add_content_options(parser)
    return parser


def build_parser() -> argparse.ArgumentParser:
    """The full argument parser: global options and every subcommand."""
    from glossary.cli import (
        check_command,
        content_commands,
        export_commands,
        path_command,
        plot_command,
        progress_commands,
        quiz_commands,
        web_commands,
    )

    parser = _app_parser()
    subcommands = parser.add_subparsers(title="commands", metavar="COMMAND")
    for module in (
        check_command,
        content_commands,
        quiz_commands,
        export_commands,
        web_commands,
        plot_command,
        progress_commands,
        path_command,
    ):
        module.register(subcommands)
    return parser


def _opens_app(argv: Sequence[str]) -> bool:
    """True when the arguments are global options only (each option with its value)."""
    options = ("--content", "--snippets", "--home")
    position = 0
    while position < len(argv):
        word = argv[position]
        if word in options and position + 1 < len(argv):
            position += 2
        elif word.startswith(tuple(f"{option}=" for option in options)):
            position += 1
        else:
            return False
    return True


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status (0 ok, 1 failure, 2 usage error)."""
    argv = sys.argv[1:] if argv is None else list(argv)
    args = (_app_parser() if _opens_app(argv) else build_parser()).parse_args(argv)
    handler = getattr(args, "handler", None)
    try:
        if handler is None:
            from glossary.cli.app_command import open_app

            return open_app(args)
        return int(handler(args))
    except UserError as error:
        print(f"glossary: {error}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("glossary: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0
