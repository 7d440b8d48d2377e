"""`python -m glossary.bench`: measure the figures of the README's Performance section and print them.

1 the app's first frame (shipped content, warm cache) against a bare Textual app; 2, 3 loading a synthetic
corpus of --size terms from the cache and with none; 4 loading the shipped content from the cache; 5 search
per keystroke; 6 generating 1,000 quiz questions; 7 an Anki export of the synthetic corpus; 8 the test suite
(only with --tests); 9 the slowest shipped snippet; 10 `glossary show adam`; 11 the static site; 12 the first
search keystroke in the app at --size terms. Each is a median of runs beside a baseline of the same run.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from glossary.bench import commands, content, keystrokes, learning, startup, suite
from glossary.bench.measure import BenchError, Figure, Measured, Target
from glossary.bench.report import describe, machine, table, write_json
from glossary.content.catalog import Catalog, IndexRow
from glossary.content.synthetic import write_corpus
from glossary.paths import content_dir, snippets_dir


@dataclass
class Session:
    """One benchmark run: its scratch folder, the synthetic corpus (written when first needed), its settings."""

    root: Path
    size: int
    runs: int
    tests: bool

    @property
    def heavy_runs(self) -> int:
        """Runs of the figures that take seconds each (cold loads, exports)."""
        return min(self.runs, 3)

    @cached_property
    def corpus(self) -> tuple[Path, Path]:
        print(f"writing a {self.size}-term synthetic corpus…", file=sys.stderr)
        folders = write_corpus(self.root / "corpus", self.size)
        an_hour_ago = time.time() - 3600  # as if written earlier: the cache does not trust files changed just now
        for path in (path for folder in folders for path in folder.iterdir()):
            os.utime(path, (an_hour_ago, an_hour_ago))
        return folders

    def home(self, name: str) -> Path:
        """A data folder of its own for one figure (its caches start empty)."""
        folder = self.root / "homes" / name
        folder.mkdir(parents=True, exist_ok=True)
        return folder

    def rows(self) -> list[IndexRow]:
        """The synthetic corpus's index, as the app reads it from the cache."""
        return Catalog.open(*self.corpus, self.home("search") / "cache")[0].index

    def tests_or_skip(self) -> Measured:
        """The test suite's figure, when asked for (it takes minutes)."""
        if not self.tests:
            raise BenchError("not run by default: add --tests (it takes minutes)")
        return suite.whole_test_suite(self.heavy_runs)


def figures(session: Session) -> list[tuple[int, str, Target, Callable[[], Measured]]]:
    """Every figure: its number, title, target and how to measure it."""
    s, size, shipped = session, session.size, (content_dir(), snippets_dir())
    return [
        (
            1,
            "TUI first frame, shipped content, warm (whole process)",
            Target(ratio=1.2),
            lambda: startup.first_frame(s.home("app"), s.runs),
        ),
        (
            2,
            f"content load, {size} terms, warm",
            Target(0.25),
            lambda: content.warm_load(s.corpus, s.home("warm") / "cache", s.runs),
        ),
        (
            3,
            f"content load, {size} terms, cold",
            Target(2.5),
            lambda: content.cold_load(s.corpus, s.home("cold") / "cache", s.heavy_runs),
        ),
        (
            4,
            "content load, shipped content, warm",
            Target(0.030),
            lambda: content.warm_load(shipped, s.home("shipped") / "cache", s.runs),
        ),
        (
            5,
            f"search per keystroke, {size} terms (median)",
            Target(0.005, 0.3),
            lambda: keystrokes.search_latency(s.rows(), s.runs),
        ),
        (
            6,
            f"{learning.QUESTIONS:,} quiz questions, shipped content",
            Target(0.2),
            lambda: learning.quiz_generation(s.home("quiz"), s.runs),
        ),
        (
            7,
            f"Anki export, {size} terms (whole process)",
            Target(10.0),
            lambda: learning.anki_export(s.corpus, s.home("export"), size, s.heavy_runs),
        ),
        (8, "whole test suite (one run)", Target(300.0), s.tests_or_skip),
        (9, "slowest shipped snippet (one run each)", Target(2.0), lambda: suite.snippets(s.home("snippets"), s.runs)),
        (
            10,
            "glossary show adam, shipped content, warm (whole process)",
            Target(ratio=1.5),
            lambda: commands.show_term(s.home("show"), s.runs),
        ),
        (
            11,
            "static site export, shipped content (whole process)",
            Target(5.0),
            lambda: commands.site_export(s.home("site"), s.heavy_runs),
        ),
        (
            12,
            f"first search keystroke in the app, {size} terms",
            Target(0.050),
            lambda: keystrokes.first_keystroke(s.corpus, s.home("keystroke") / "cache", s.heavy_runs),
        ),
    ]


def measure(number: int, title: str, target: Target, how: Callable[[], Measured]) -> Figure:
    """One figure, or a skipped row saying why it could not be measured."""
    print(f"measuring {number}. {title}…", file=sys.stderr)
    try:
        return Figure(number, title, target, how())
    except (BenchError, ImportError, OSError) as problem:
        return Figure(number, title, target, skipped=f"skipped: {problem}")


def _numbers(text: str) -> set[int]:
    return {int(number) for number in text.split(",")}


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m glossary.bench", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--size", type=int, help="terms in the synthetic corpus (default 10000; 2000 with --quick)")
    parser.add_argument(
        "--runs", type=int, help="runs per figure, reported as their median (default 5; 3 with --quick)"
    )
    parser.add_argument("--quick", action="store_true", help="a smaller corpus and fewer runs")
    parser.add_argument("--only", type=_numbers, metavar="N,…", help="the figures to measure, by number (default: all)")
    parser.add_argument("--tests", action="store_true", help="also time the whole test suite (minutes)")
    parser.add_argument("--json", type=Path, metavar="FILE", help="also write every figure to FILE as JSON")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    """Measure, print the table, write the JSON; exit 1 when a target is missed."""
    args = parse_args(argv)
    size = args.size or (2000 if args.quick else 10_000)
    runs = args.runs or (3 if args.quick else 5)
    info = machine()
    with tempfile.TemporaryDirectory(prefix="glossary-bench-") as scratch:
        session = Session(Path(scratch), size, runs, args.tests)
        results = [measure(*figure) for figure in figures(session) if not args.only or figure[0] in args.only]
    print(f"{describe(info)}; medians of {runs} runs ({min(runs, 3)} for cold loads and exports)\n")
    print(table(results))
    if args.json:
        write_json(args.json, info, results, {"size": size, "runs": runs, "tests": args.tests})
    return 0 if all(figure.met is not False for figure in results) else 1


if __name__ == "__main__":
    sys.exit(main())
