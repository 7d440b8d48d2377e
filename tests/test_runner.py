"""The snippet runner: output, failures and timeouts are results, never exceptions."""

from __future__ import annotations

from pathlib import Path

from glossary.snippets.runner import Outcome, run_snippet


def script(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "demo.py"
    path.write_text(body)
    return path


def test_a_passing_script_reports_its_output(tmp_path: Path) -> None:
    result = run_snippet(script(tmp_path, "print('hello')\n"))
    assert result.outcome is Outcome.PASSED and result.stdout == "hello\n" and result.returncode == 0


def test_a_crash_is_a_failed_result_with_the_traceback(tmp_path: Path) -> None:
    result = run_snippet(script(tmp_path, "assert 1 + 1 == 3, 'arithmetic'\n"))
    assert result.outcome is Outcome.FAILED and result.returncode == 1
    assert "AssertionError: arithmetic" in result.stderr


def test_a_hanging_script_and_its_children_are_stopped(tmp_path: Path) -> None:
    body = "import subprocess, sys, time\nsubprocess.Popen([sys.executable, '-c', 'import time; time.sleep(60)'])\ntime.sleep(60)\n"
    result = run_snippet(script(tmp_path, body), timeout=0.5)
    assert result.outcome is Outcome.TIMED_OUT and "stopped after 0.5 s" in result.stderr
    assert result.seconds < 10


def test_a_script_that_floods_output_is_truncated(tmp_path: Path) -> None:
    result = run_snippet(script(tmp_path, "print('x' * 1_000_000)\n"))
    assert result.ok and len(result.stdout) <= 64_000


def test_a_missing_interpreter_or_file_is_a_result(tmp_path: Path) -> None:
    result = run_snippet(tmp_path / "absent.py")
    assert result.outcome is Outcome.FAILED and "absent.py" in result.stderr
