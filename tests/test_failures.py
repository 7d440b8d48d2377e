"""Every failure is said, once, naming the path; nothing is lost; no traceback."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from glossary.cli import main
from glossary.progress.store import DATABASE_NAME, MIGRATIONS, ProgressStore


def run(capsys: pytest.CaptureFixture[str], *arguments: str) -> tuple[int, str, str]:
    status = main(list(arguments))
    captured = capsys.readouterr()
    return status, captured.out, captured.err


@pytest.mark.parametrize("command", [["stats"], ["review"], ["quiz", "--n", "1", "--seed", "1"]])
def test_a_corrupt_database_is_moved_aside_and_said_once(
    command: list[str],
    mini: tuple[Path, Path],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    content, snippets = mini
    home = tmp_path / "home"
    home.mkdir()
    (home / DATABASE_NAME).write_bytes(b"this is not a database" * 100)
    monkeypatch.setattr("sys.stdin", __import__("io").StringIO(""))
    status, _, err = run(capsys, "--content", str(content), "--snippets", str(snippets), "--home", str(home), *command)
    moved = list(home.glob(f"{DATABASE_NAME}.corrupt-*"))
    assert status == 0 and len(moved) == 1
    assert err.count("was moved to") == 1 and moved[0].name in err
    assert moved[0].read_bytes() == b"this is not a database" * 100  # kept, not deleted


def test_a_database_from_a_newer_version_is_refused_and_left_untouched(
    mini: tuple[Path, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    content, snippets = mini
    home = tmp_path / "home"
    ProgressStore(home).close()
    database = home / DATABASE_NAME
    with sqlite3.connect(database) as connection:
        connection.execute(f"PRAGMA user_version = {len(MIGRATIONS) + 5}")
    before = database.read_bytes()
    status, _, err = run(capsys, "--content", str(content), "--snippets", str(snippets), "--home", str(home), "stats")
    assert status == 1
    assert f"version {len(MIGRATIONS) + 5}" in err and f"glossary's {len(MIGRATIONS)}" in err and str(database) in err
    assert database.read_bytes() == before and not list(home.glob("*.corrupt-*"))
    assert "Traceback" not in err


def unusable_homes(tmp_path: Path) -> list[Path]:
    a_file = tmp_path / "a-file"
    a_file.write_text("not a folder")
    return [a_file, a_file / "below-a-file", Path("/proc/glossary-cannot-live-here")]


@pytest.mark.parametrize("which", range(3), ids=["a file", "through a file", "a special folder"])
@pytest.mark.parametrize("command", [["stats"], ["review"]])
def test_an_unusable_data_folder_is_a_clean_error_naming_it(
    which: int, command: list[str], mini: tuple[Path, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    content, snippets = mini
    home = unusable_homes(tmp_path)[which]
    status, _, err = run(capsys, "--content", str(content), "--snippets", str(snippets), "--home", str(home), *command)
    assert status == 1 and str(home) in err and "Traceback" not in err


@pytest.mark.parametrize("timeout", ["nan", "inf", "0", "-1", "soon"])
def test_a_timeout_must_be_a_positive_number_of_seconds(timeout: str, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_:
        main(["run", "softmax", "--timeout", timeout])
    assert exit_.value.code == 2 and "--timeout" in capsys.readouterr().err


def test_a_timed_out_snippet_ends_its_message_on_its_own_line(tmp_path: Path) -> None:
    from glossary.snippets.runner import run_snippet

    script = tmp_path / "slow.py"
    script.write_text("import sys, time\nsys.stderr.write('working')\nsys.stderr.flush()\ntime.sleep(30)\n")
    result = run_snippet(script, timeout=0.5)
    assert result.stderr.endswith("working\nstopped after 0.5 s\n")


def test_a_snippet_that_eats_memory_is_stopped(tmp_path: Path) -> None:
    from glossary.snippets.runner import run_snippet

    script = tmp_path / "hungry.py"
    script.write_text("chunks = [bytearray(256 * 1024 * 1024) for _ in range(64)]\n")
    result = run_snippet(script, timeout=20)
    assert not result.ok and "MemoryError" in result.stderr
