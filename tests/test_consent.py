"""Nothing from a content pack runs unless the user asked: only `run`, `check --run` and the app's Run key."""

from __future__ import annotations

from pathlib import Path

import pytest

from glossary.cli import main
from glossary.snippets.expressions import (
    UnsafeExpression,
    evaluate_expression,
    parse_expression,
)


def plant_traps(content: Path, snippets: Path, tmp_path: Path) -> tuple[Path, Path]:
    """A pack whose snippet writes a file when imported and whose worked example writes one when evaluated."""
    imported, evaluated = tmp_path / "imported", tmp_path / "evaluated"
    snippet = snippets / "term-00001.py"
    snippet.write_text(f"from pathlib import Path\nPath({str(imported)!r}).touch()\n" + snippet.read_text())
    entry = content / "term-00002.yaml"
    hostile = f"__import__('os').system('touch {evaluated}')"
    entry.write_text(entry.read_text().replace("expr: scale_2(3.0)", f'expr: "{hostile}"'))
    return imported, evaluated


COMMANDS = [
    ["check"],
    ["list"],
    ["show", "term-00001"],
    ["search", "term"],
    ["questions", "--n", "12", "--seed", "3"],
    ["quiz", "--n", "3", "--seed", "3"],
    ["review"],
    ["stats"],
    ["export", "json", "-o", "{out}/x.json"],
    ["export", "markdown", "-o", "{out}/x.md"],
    ["export", "csv", "-o", "{out}/x.csv"],
    ["export", "anki", "-o", "{out}/x.apkg"],
]


@pytest.mark.parametrize("command", COMMANDS, ids=[" ".join(c[:2]) for c in COMMANDS])
def test_no_command_but_run_executes_pack_code(
    command: list[str], mini: tuple[Path, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    content, snippets = mini
    imported, evaluated = plant_traps(content, snippets, tmp_path)
    monkeypatch.setattr("sys.stdin", __import__("io").StringIO("1\n" * 20))
    main(["--content", str(content), "--snippets", str(snippets), *(a.format(out=tmp_path) for a in command)])
    assert not imported.exists(), "a snippet was imported"
    assert not evaluated.exists(), "a worked-example expression was evaluated"


def test_check_run_runs_snippets_but_never_an_unsafe_expression(
    mini: tuple[Path, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    content, snippets = mini
    imported, evaluated = plant_traps(content, snippets, tmp_path)
    assert main(["--content", str(content), "--snippets", str(snippets), "check", "--run"]) == 1
    assert imported.exists(), "the user asked to run the snippets"
    assert not evaluated.exists()
    assert "E311" in capsys.readouterr().out


@pytest.mark.parametrize(
    "expression",
    [
        "__import__('os').system('true')",
        "lambda: 1",
        "[x for x in range(3)]",
        "sum(x for x in [1])",
        "np.__class__",
        "(y := 1)",
        "f'{np}'",
        "np.array._private",
    ],
)
def test_expressions_outside_the_language_are_refused(expression: str) -> None:
    with pytest.raises(UnsafeExpression):
        parse_expression(expression)


def test_the_language_keeps_what_worked_examples_need() -> None:
    import numpy as np

    namespace = {"np": np, "double": lambda x: 2 * x, "_secret": 1}
    value = evaluate_expression("float(double(np.array([1.0, 2.0]))[1] ** 2 / 4) if 1 < 2 else 0", namespace)
    assert value == 4.0
    assert evaluate_expression("max(*[1, 5, 3], **{})", namespace) == 5
    with pytest.raises(NameError):
        evaluate_expression("open", namespace)  # builtins are not reachable except the harmless few
