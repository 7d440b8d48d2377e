"""The web commands: `glossary serve` (the app in a browser) and `glossary export site DIR` (a static site)."""

from __future__ import annotations

import argparse
import shlex
import sys
import time
from pathlib import Path

from glossary.cli.common import (
    UserError,
    cache_dir,
    describe_errors,
    folders,
    home,
    load_content,
)

EXPOSED = (
    "anyone who can reach the port can use the app, and run its snippets as your user, and read and change "
    "your progress"
)


def register(subcommands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add `serve` to the parser (`export site` is added by `add_site_format`, from the export command)."""
    serve = subcommands.add_parser(
        "serve",
        help="open the app in a web browser (served on this machine only, by default)",
        description=f"Serve the terminal app to web browsers with textual-serve. By default only this machine can "
        f"connect; with --host 0.0.0.0 (or any address others can reach) {EXPOSED}. Stop it with Ctrl+C.",
    )
    serve.add_argument("--port", type=_port, default=8000, help="the port to listen on (default 8000)")
    serve.add_argument(
        "--host",
        default="127.0.0.1",
        help=f"the address to listen on (default 127.0.0.1: this machine only); exposing it means {EXPOSED}",
    )
    serve.add_argument(
        "--public-url",
        metavar="URL",
        help="the address browsers use to reach the server, when it is not http://HOST:PORT (a proxy)",
    )
    serve.set_defaults(handler=serve_command)


def add_site_format(formats: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add `site` to the export command's formats."""
    site = formats.add_parser("site", help="a static web site: a page per term, search, learning order (offline)")
    site.add_argument("folder", type=Path, metavar="DIR", help="the folder to write the site into (created if missing)")
    site.set_defaults(handler=site_command)


def _port(text: str) -> int:
    """An argparse type: a TCP port number."""
    if not text.isdigit() or not 0 < int(text) < 65536:
        raise argparse.ArgumentTypeError(f"{text!r} is not a port number (1-65535)")
    return int(text)


def site_command(args: argparse.Namespace) -> int:
    """Build the site; no code from the content runs (snippets are shown, not executed)."""
    from glossary.web.site import build_site

    folder: Path = args.folder
    if not folder.parent.is_dir():
        raise UserError(f"cannot write {folder}: there is no folder {folder.parent}")
    corpus = load_content(args)
    started = time.perf_counter()
    try:
        pages = build_site(corpus, folder)
    except OSError as error:
        raise UserError(f"cannot write the site into {folder}: {error.strerror or error}") from None
    index = (folder / "index.html").resolve()
    print(f"Wrote {pages} pages to {folder} in {time.perf_counter() - started:.1f} s; open {index.as_uri()}")
    return 0


def app_command(args: argparse.Namespace) -> str:
    """The shell command that opens the app over the same content, snippets and data folder as this command."""
    content, snippets = folders(args)
    words = [
        sys.executable,
        "-m",
        "glossary",
        "--content",
        str(content.resolve()),
        "--snippets",
        str(snippets.resolve()),
        "--home",
        str(home(args).resolve()),
    ]
    return shlex.join(words)


def serve_command(args: argparse.Namespace) -> int:
    """Check the content (as opening the app does), then serve the app until interrupted."""
    from glossary.content.catalog import Catalog
    from glossary.content.diagnostics import errors

    try:
        from textual_serve.server import Server
    except ImportError:
        raise UserError("serving needs textual-serve: pip install textual-serve") from None
    problems = errors(Catalog.open(*folders(args), cache_dir(args))[1])
    if problems:
        raise UserError(describe_errors(problems))
    if args.host not in ("127.0.0.1", "localhost", "::1"):
        print(f"glossary: warning: serving on {args.host}: {EXPOSED}", file=sys.stderr)
        if args.public_url is None and args.host in ("0.0.0.0", "::"):
            print(f"glossary: other machines also need --public-url http://THIS-MACHINE:{args.port}", file=sys.stderr)
    server = Server(app_command(args), host=args.host, port=args.port, title="Glossary", public_url=args.public_url)
    try:
        server.serve()
    except OSError as error:
        raise UserError(f"cannot serve on {args.host}:{args.port}: {error.strerror or error}") from None
    return 0
