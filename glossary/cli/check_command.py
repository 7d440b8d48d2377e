"""`glossary check`: lint the content; with --run, also run every snippet and compute worked-example answers."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from glossary.cli.common import folders, home, seconds
from glossary.snippets.limits import DEFAULT_TIMEOUT


def register(subcommands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add `check` to the parser."""
    check = subcommands.add_parser(
        "check",
        help="lint the content (with --run, also run every snippet)",
        description="Lint the content without running any of it. With --run, also run every snippet and "
        "evaluate every worked example (this executes the pack's code), storing the answers for quizzes.",
    )
    check.add_argument("--run", action="store_true", help="run every snippet and compute the worked examples")
    check.add_argument(
        "--timeout",
        type=seconds,
        default=DEFAULT_TIMEOUT,
        metavar="S",
        help=f"seconds per snippet (default {DEFAULT_TIMEOUT:g})",
    )
    check.set_defaults(handler=check_handler)


def check_handler(args: argparse.Namespace) -> int:
    """Report every problem as file:line:col: CODE message; exit 1 when there are errors."""
    from glossary.content.diagnostics import Diagnostic, Severity
    from glossary.content.lint import lint_corpus
    from glossary.content.loader import load_corpus
    from glossary.content.yamlsource import SourceMap
    from glossary.quiz.answers import (
        NOT_COMPUTED,
        compute_corpus_answers,
        stored_answers,
    )
    from glossary.snippets.runner import run_snippet
    from glossary.text.formula_check import check_formulas

    started = time.perf_counter()
    corpus, diagnostics = load_corpus(*folders(args))
    diagnostics += lint_corpus(corpus) + check_formulas(corpus)
    ran = 0
    if args.run:
        for entry in corpus:
            path = corpus.snippet_path(entry)
            if not isinstance(path, Path) or not path.is_file():
                continue
            result = run_snippet(path, timeout=args.timeout)
            ran += 1
            if not result.ok:
                detail = "\n    ".join((result.stdout + result.stderr).strip().splitlines()[-15:])
                diagnostics.append(Diagnostic(path, 1, 1, "E309", f"{result.summary()}\n    {detail}"))
    unsafe = {(d.path, d.line) for d in diagnostics if d.code == "E311"}
    answers = compute_corpus_answers(corpus, home(args)) if args.run else stored_answers(corpus, home(args))
    for (entry_id, index), answer in sorted(answers.items()):
        source = corpus.sources[entry_id]
        line, column = SourceMap(source.read_text(encoding="utf-8")).locate(["examples", index, "expr"])
        if answer.error is None or (source, line) in unsafe:
            continue
        code = "W301" if answer.error == NOT_COMPUTED else "E308"
        expr = corpus.entries[entry_id].examples[index].expr
        diagnostics.append(Diagnostic(source, line, column, code, f"examples[{index}]: {expr!r}: {answer.error}"))
    for diagnostic in sorted(diagnostics):
        print(diagnostic.format())
    count_errors = sum(d.severity is Severity.ERROR for d in diagnostics)
    ran_text = f", {ran} snippets run" if args.run else ""
    print(
        f"{len(corpus)} entries checked{ran_text} in {time.perf_counter() - started:.1f} s: "
        f"{count_errors} error(s), {len(diagnostics) - count_errors} warning(s)",
        file=sys.stderr,
    )
    return 1 if count_errors else 0
