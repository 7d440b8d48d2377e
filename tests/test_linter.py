"""The linter: each code fires on a fixture built to trigger it, at the right file and line."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from glossary.cli import main
from glossary.content.diagnostics import CODES, Diagnostic
from glossary.content.lint import lint_corpus
from glossary.content.loader import load_corpus


def lint(content: Path, snippets: Path) -> list[Diagnostic]:
    corpus, diagnostics = load_corpus(content, snippets)
    return diagnostics + lint_corpus(corpus)


def replace(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def line_of(path: Path, needle: str) -> int:
    return next(i for i, line in enumerate(path.read_text().splitlines(), 1) if needle in line)


def test_the_valid_fixture_is_clean(mini: tuple[Path, Path]) -> None:
    assert lint(*mini) == []


def test_the_shipped_content_is_clean() -> None:
    from glossary.paths import content_dir, snippets_dir

    problems = [d.format() for d in lint(content_dir(), snippets_dir())]
    assert problems == []


def break_yaml_syntax(content: Path, snippets: Path) -> tuple[Path, int]:
    path = content / "term-00001.yaml"
    replace(path, "kind: concept", "kind: [concept")
    return path, line_of(path, "kind: [concept") + 1


def add_unknown_field(content: Path, snippets: Path) -> tuple[Path, int]:
    path = content / "term-00001.yaml"
    replace(path, "kind: concept", "kind: concept\ncolour: blue")
    return path, line_of(path, "colour")


def drop_required_field(content: Path, snippets: Path) -> tuple[Path, int]:
    path = content / "term-00001.yaml"
    text = path.read_text().splitlines()
    path.write_text("\n".join(line for line in text if not line.startswith("summary_zh")) + "\n")
    return path, 1


def wrong_type(content: Path, snippets: Path) -> tuple[Path, int]:
    path = content / "term-00001.yaml"
    replace(path, "year: 2001", "year: next spring")
    return path, line_of(path, "year: next spring")


def mismatched_id(content: Path, snippets: Path) -> tuple[Path, int]:
    path = content / "term-00001.yaml"
    replace(path, "id: term-00001", "id: term-one")
    return path, line_of(path, "id: term-one")


def not_a_mapping(content: Path, snippets: Path) -> tuple[Path, int]:
    path = content / "term-00001.yaml"
    path.write_text("- just\n- a list\n")
    return path, 1


def duplicate_key(content: Path, snippets: Path) -> tuple[Path, int]:
    path = content / "term-00001.yaml"
    replace(path, "kind: concept", "kind: concept\nkind: concept")
    return path, line_of(path, "kind: concept") + 1


def duplicate_id(content: Path, snippets: Path) -> tuple[Path, int]:
    path = content / "term-00001.yml"
    path.write_text((content / "term-00001.yaml").read_text())
    return path, 1


def alias_id_is_an_entry_id(content: Path, snippets: Path) -> tuple[Path, int]:
    path = content / "term-00001.yaml"
    replace(path, "kind: concept", "kind: concept\nalias_ids: [term-00002]")
    return path, line_of(path, "alias_ids")


def alias_used_twice(content: Path, snippets: Path) -> tuple[Path, int]:
    path = content / "term-00002.yaml"
    replace(path, "- T2", "- T1")
    return path, line_of(path, "- T1")


def dangling_relation(content: Path, snippets: Path) -> tuple[Path, int]:
    path = content / "term-00001.yaml"
    replace(path, "- term-00002\n", "- no-such-term\n")
    return path, line_of(path, "no-such-term")


def relation_cycle(content: Path, snippets: Path) -> tuple[Path, int]:
    path = content / "term-00000.yaml"
    replace(path, "relations:\n", "relations:\n  part-of: [term-00001]\n")
    replace(content / "term-00001.yaml", "is-a:\n  - term-00000", "is-a:\n  - term-00002")
    replace(content / "term-00002.yaml", "relations:\n", "relations:\n  part-of: [term-00000]\n")
    return path, line_of(path, "relations:") + 1


def prerequisite_cycle(content: Path, snippets: Path) -> tuple[Path, int]:
    path = content / "term-00000.yaml"  # term-00001 is-a term-00000, which now uses it
    replace(path, "relations:\n", "relations:\n  uses:\n  - term-00001\n")
    return path, line_of(path, "- term-00001")


def self_relation(content: Path, snippets: Path) -> tuple[Path, int]:
    path = content / "term-00001.yaml"
    replace(path, "- term-00002\n", "- term-00001\n")
    return path, line_of(path, "- term-00001")


def missing_snippet(content: Path, snippets: Path) -> tuple[Path, int]:
    (snippets / "term-00001.py").unlink()
    path = content / "term-00001.yaml"
    return path, line_of(path, "snippet:")


def snippet_escapes(content: Path, snippets: Path) -> tuple[Path, int]:
    path = content / "term-00001.yaml"
    replace(path, "snippet: term-00001.py", "snippet: ../../etc/passwd")
    return path, line_of(path, "snippet:")


def snippet_absolute(content: Path, snippets: Path) -> tuple[Path, int]:
    path = content / "term-00001.yaml"
    replace(path, "snippet: term-00001.py", "snippet: /etc/passwd")
    return path, line_of(path, "snippet:")


def snippet_symlink_out(content: Path, snippets: Path) -> tuple[Path, int]:
    outside = snippets.parent / "outside.py"
    outside.write_text((snippets / "term-00001.py").read_text())
    (snippets / "term-00001.py").unlink()
    os.symlink(outside, snippets / "term-00001.py")
    path = content / "term-00001.yaml"
    return path, line_of(path, "snippet:")


def orphan_snippet(content: Path, snippets: Path) -> tuple[Path, int]:
    path = snippets / "lonely.py"
    path.write_text("print('hi')\n")
    return path, 1


def snippet_syntax_error(content: Path, snippets: Path) -> tuple[Path, int]:
    path = snippets / "term-00001.py"
    path.write_text("def broken(:\n")
    return path, 1


def core_not_defined(content: Path, snippets: Path) -> tuple[Path, int]:
    path = content / "term-00001.yaml"
    replace(path, "core: scale_1", "core: missing_function")
    return path, line_of(path, "core:")


def forbidden_import(content: Path, snippets: Path) -> tuple[Path, int]:
    path = snippets / "term-00001.py"
    replace(path, '"""\n', '"""\nimport torch\n')
    return path, line_of(path, "import torch")


def plot_function_not_defined(content: Path, snippets: Path) -> tuple[Path, int]:
    path = content / "term-00001.yaml"
    replace(path, "core: scale_1", "core: scale_1\nplot:\n  function: no_such_curve\n  x_label: x\n  y_label: y")
    return path, line_of(path, "function: no_such_curve")


def oversized_file(content: Path, snippets: Path) -> tuple[Path, int]:
    path = content / "term-00002.yaml"
    path.write_text(path.read_text() + "#" + "x" * (300 * 1024) + "\n")
    return path, 1


def unsafe_expression(content: Path, snippets: Path) -> tuple[Path, int]:
    path = content / "term-00002.yaml"
    replace(path, "expr: scale_2(3.0)", "expr: \"__import__('os').system('true')\"")
    return path, line_of(path, "expr:")


def no_assertions(content: Path, snippets: Path) -> tuple[Path, int]:
    path = snippets / "term-00001.py"
    replace(path, "    assert scale_1(2.0) == 2.0 * 2\n", "")
    return path, 1


def snippet_misnamed(content: Path, snippets: Path) -> tuple[Path, int]:
    (snippets / "term-00001.py").rename(snippets / "other-name.py")
    path = content / "term-00001.yaml"
    replace(path, "snippet: term-00001.py", "snippet: other-name.py")
    return path, line_of(path, "snippet:")


def too_few_relations(content: Path, snippets: Path) -> tuple[Path, int]:
    path = content / "term-00000.yaml"
    replace(path, "  - term-00002\n", "")
    return path, line_of(path, "relations:") + 1


CASES = {
    "E101": break_yaml_syntax,
    "E102": not_a_mapping,
    "E103": add_unknown_field,
    "E104": drop_required_field,
    "E105": wrong_type,
    "E106": mismatched_id,
    "E107": duplicate_key,
    "E108": oversized_file,
    "E201": duplicate_id,
    "E202": alias_id_is_an_entry_id,
    "E203": alias_used_twice,
    "E204": dangling_relation,
    "E205": relation_cycle,
    "E206": self_relation,
    "E301": missing_snippet,
    "E302": snippet_escapes,
    "E303": orphan_snippet,
    "E304": snippet_syntax_error,
    "E305": core_not_defined,
    "E306": forbidden_import,
    "E307": no_assertions,
    "E310": snippet_misnamed,
    "E311": unsafe_expression,
    "E312": plot_function_not_defined,
    "W201": too_few_relations,
    "W202": prerequisite_cycle,
}


@pytest.mark.parametrize("code", sorted(CASES))
def test_each_code_is_reported_at_its_line(code: str, mini: tuple[Path, Path]) -> None:
    path, line = CASES[code](*mini)
    found = [(d.code, d.path.name, d.line) for d in lint(*mini)]
    assert (code, path.name, line) in found, found


@pytest.mark.parametrize("breaker", [snippet_absolute, snippet_symlink_out])
def test_other_ways_out_of_the_snippets_folder_are_refused(breaker, mini: tuple[Path, Path]) -> None:  # type: ignore[no-untyped-def]
    path, line = breaker(*mini)
    assert ("E302", path.name, line) in [(d.code, d.path.name, d.line) for d in lint(*mini)]


def test_every_code_has_a_fixture() -> None:
    runtime_codes = {
        "E308",
        "E309",
        "W301",
        "W302",
    }  # found by `check` itself (answers, runs, rendering): tested through it
    assert set(CODES) - runtime_codes == set(CASES)


def test_all_problems_of_all_files_in_one_pass(mini: tuple[Path, Path]) -> None:
    add_unknown_field(*mini)
    dangling_relation(*mini)
    orphan_snippet(*mini)
    wrong_type(*mini)
    codes = sorted(d.code for d in lint(*mini))
    assert codes == ["E103", "E105", "E303"]  # relations of an entry with errors wait until it loads


def test_check_reports_file_line_code_and_exits_1(mini: tuple[Path, Path], capsys: pytest.CaptureFixture[str]) -> None:
    content, snippets = mini
    path, line = dangling_relation(content, snippets)
    status = main(["--content", str(content), "--snippets", str(snippets), "check"])
    out = capsys.readouterr().out
    assert status == 1
    assert f"{path.name}:{line}:" in out and "E204" in out and "no-such-term" in out


def test_check_run_evaluates_worked_examples(mini: tuple[Path, Path], capsys: pytest.CaptureFixture[str]) -> None:
    content, snippets = mini
    path = content / "term-00002.yaml"
    replace(path, "expr: scale_2(3.0)", "expr: scale_2(3.0) / 0")
    status = main(["--content", str(content), "--snippets", str(snippets), "check", "--run"])
    out = capsys.readouterr().out
    assert status == 1
    assert f"term-00002.yaml:{line_of(path, 'expr:')}:" in out and "E308" in out and "ZeroDivisionError" in out


def test_a_failing_example_says_where_in_the_snippet(
    mini: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    content, snippets = mini
    replace(snippets / "term-00002.py", "    return value * ", "    raise ValueError('no scaling today')  # ")
    assert main(["--content", str(content), "--snippets", str(snippets), "check", "--run"]) == 1
    out = capsys.readouterr().out
    assert "E308" in out and "ValueError: no scaling today" in out and "term-00002.py:" in out


def test_examples_without_stored_answers_are_a_warning_until_run(
    mini: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    content, snippets = mini
    arguments = ["--content", str(content), "--snippets", str(snippets), "check"]
    assert main(arguments) == 0
    assert capsys.readouterr().out.count("W301") == 6
    assert main([*arguments, "--run"]) == 0
    assert (content / "answers.json").is_file()
    assert main(arguments) == 0
    assert "W301" not in capsys.readouterr().out


def test_check_warns_about_latex_the_terminal_cannot_render(
    mini: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    content, snippets = mini
    path = content / "term-00003.yaml"
    replace(path, "latex: y_{3} = 3 x", "latex: y_{3} = 3 \\weirdmacro{x}")
    assert main(["--content", str(content), "--snippets", str(snippets), "check"]) == 0  # a warning only
    out = capsys.readouterr().out
    assert f"term-00003.yaml:{line_of(path, 'latex:')}:" in out and "W302" in out and "\\weirdmacro" in out


def test_check_run_reports_crashing_and_hanging_snippets(
    mini: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    content, snippets = mini
    replace(snippets / "term-00001.py", "    print(scale_1(1.0))", "    raise SystemExit('boom')")
    replace(snippets / "term-00002.py", "    print(scale_2(1.0))", "    import time\n    time.sleep(60)")
    status = main(["--content", str(content), "--snippets", str(snippets), "check", "--run", "--timeout", "1"])
    out = capsys.readouterr().out
    assert status == 1
    assert "term-00001.py:1:1: E309" in out and "boom" in out
    assert "term-00002.py:1:1: E309" in out and "timed out" in out


def test_check_is_clean_on_a_valid_folder(mini: tuple[Path, Path], capsys: pytest.CaptureFixture[str]) -> None:
    content, snippets = mini
    assert main(["--content", str(content), "--snippets", str(snippets), "check", "--run"]) == 0
