"""The limits every run of content code gets: a time limit, a memory limit, and capped output."""

from __future__ import annotations

import math
import os
import signal
import subprocess
import sys

DEFAULT_TIMEOUT = 10.0
MEMORY_LIMIT_BYTES = 2 * 1024**3  # address space of one run; NumPy and a snippet need far less
OUTPUT_LIMIT = 64_000  # characters kept of each stream

# A launcher: cap the address space (where the platform can), then become `python -E -s ARGS...`; the limit
# survives the exec, and the child's tracebacks are the same as those of a plain run.
_LAUNCHER = """import os, sys
try:
    import resource
    resource.setrlimit(resource.RLIMIT_AS, (int(sys.argv[1]),) * 2)
except (ImportError, ValueError, OSError):
    pass
os.execv(sys.executable, [sys.executable, "-E", "-s", *sys.argv[2:]])
"""


def valid_timeout(seconds: float) -> bool:
    """A time limit is a finite number of seconds above zero."""
    return math.isfinite(seconds) and seconds > 0


def python_command(*args: str) -> list[str]:
    """This interpreter, ignoring the user's site-packages and PYTHON* variables, so runs are reproducible."""
    return [sys.executable, "-E", "-s", *args]


def limited_python(*args: str, memory: int = MEMORY_LIMIT_BYTES) -> list[str]:
    """`python_command(*args)`, started under the memory limit."""
    return python_command("-c", _LAUNCHER, str(memory), *args)


def child_environment() -> dict[str, str]:
    """The environment of a child run: ours, with UTF-8 output and no plotting window."""
    return {**os.environ, "PYTHONIOENCODING": "utf-8", "MPLBACKEND": "Agg"}


def start(
    command: list[str], cwd: str | os.PathLike[str], stdin: int | None = subprocess.DEVNULL
) -> subprocess.Popen[str]:
    """Start a child in its own process group (so a timeout can stop its children too), text streams piped."""
    return subprocess.Popen(
        command,
        cwd=cwd,
        stdin=stdin if stdin is not None else subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        encoding="utf-8",
        errors="replace",
        start_new_session=True,
        env=child_environment(),
    )


def communicate(process: subprocess.Popen[str], timeout: float, text: str | None = None) -> tuple[str, str, bool]:
    """The child's stdout and stderr (capped), and whether it was stopped for running past `timeout`."""
    try:
        stdout, stderr = process.communicate(text, timeout=timeout)
        timed_out = False
    except subprocess.TimeoutExpired:
        try:
            os.killpg(process.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        stdout, stderr = process.communicate()
        timed_out = True
    return stdout[-OUTPUT_LIMIT:], stderr[-OUTPUT_LIMIT:], timed_out
