"""A non-editable install finds its shipped content and snippets from any working directory."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q", "-w", str(out), str(ROOT)],
        check=True,
        capture_output=True,
    )
    return next(out.glob("glossary-*.whl"))


def test_wheel_ships_content_and_snippets(wheel: Path) -> None:
    names = zipfile.ZipFile(wheel).namelist()
    assert "glossary/_data/content/softmax.yaml" in names
    assert "glossary/_data/snippets/softmax.py" in names
    assert "glossary/_data/snippets/_check.py" in names


def test_installed_wheel_works_from_another_directory(wheel: Path, tmp_path: Path) -> None:
    target = tmp_path / "site"
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "--no-deps", "-q", "--target", str(target), str(wheel)],
        check=True,
        capture_output=True,
    )
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = {**os.environ, "PYTHONPATH": str(target)}
    shown = subprocess.run(
        [sys.executable, "-m", "glossary", "show", "softmax", "--lang", "en"],
        cwd=elsewhere,
        env=env,
        capture_output=True,
        text=True,
    )
    assert shown.returncode == 0, shown.stderr
    assert "Softmax" in shown.stdout
    ran = subprocess.run(
        [sys.executable, "-m", "glossary", "run", "softmax"], cwd=elsewhere, env=env, capture_output=True, text=True
    )
    assert ran.returncode == 0, ran.stderr
    assert (
        str(target)
        in subprocess.run(
            [sys.executable, "-c", "import glossary.paths as p; print(p.content_dir())"],
            cwd=elsewhere,
            env=env,
            capture_output=True,
            text=True,
        ).stdout
    )
