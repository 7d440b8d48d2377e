"""Plain `glossary`: open the terminal app (until it exists, show the help)."""

from __future__ import annotations

import argparse


def open_app(args: argparse.Namespace) -> int:
    """Start the terminal UI."""
    from glossary.cli import build_parser

    build_parser().print_help()
    return 0
