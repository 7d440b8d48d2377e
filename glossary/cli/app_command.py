"""Plain `glossary`: open the terminal app."""

from __future__ import annotations

import argparse

from glossary.cli.common import UserError, cache_dir, describe_errors, folders, home


def open_app(args: argparse.Namespace) -> int:
    """Start the terminal UI over the chosen content; content errors are reported instead."""
    from glossary.content.catalog import Catalog
    from glossary.content.diagnostics import errors
    from glossary.progress.store import StoreError
    from glossary.tui.app import build_app

    catalog, diagnostics = Catalog.open(*folders(args), cache_dir(args))
    problems = errors(diagnostics)
    if problems:
        raise UserError(describe_errors(problems))
    try:
        app = build_app(catalog, home(args))
    except StoreError as error:
        raise UserError(str(error)) from None
    app.run()
    return 0
