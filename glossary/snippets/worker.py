"""Child process: evaluate worked-example expressions inside snippet modules (started by `compute_answers`).

Reads a JSON list of {"path": ..., "exprs": [...]} on stdin and writes, for each snippet, a list of
{"value": float} or {"error": "..."} on stdout. Each snippet gets its own time limit, so one that hangs on
import costs only its own examples. Run as `python -m glossary.snippets.worker SECONDS`.
"""

from __future__ import annotations

import contextlib
import io
import json
import math
import numbers
import signal
import sys
import traceback
from pathlib import Path
from typing import Any

from glossary.snippets.expressions import UnsafeExpression, evaluate_expression
from glossary.snippets.module import load_snippet_module


class _TimeLimit(Exception):
    pass


def _on_alarm(signum: int, frame: Any) -> None:
    raise _TimeLimit


def _evaluate(path: str, exprs: list[str], seconds: float) -> list[dict[str, Any]]:
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        with contextlib.redirect_stdout(io.StringIO()):
            namespace = vars(load_snippet_module(Path(path)))
            return [_evaluate_one(expr, namespace) for expr in exprs]
    except _TimeLimit:
        return [{"error": f"took longer than {seconds:g} s"}] * len(exprs)
    except BaseException as error:  # noqa: BLE001 - any failure of user code is reported, not raised
        return [{"error": f"importing the snippet failed: {_explain(error)}"}] * len(exprs)
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)


def _evaluate_one(expr: str, namespace: dict[str, Any]) -> dict[str, Any]:
    try:
        value = evaluate_expression(expr, namespace)
    except _TimeLimit:
        raise
    except UnsafeExpression as error:
        return {"error": str(error)}
    except BaseException as error:  # noqa: BLE001
        return {"error": _explain(error)}
    if hasattr(value, "item") and getattr(value, "size", 1) == 1:
        value = value.item()
    if isinstance(value, bool) or not isinstance(value, numbers.Real) or not math.isfinite(float(value)):
        return {"error": f"gave {value!r}, not a finite real number"}
    return {"value": float(value)}


def _explain(error: BaseException) -> str:
    """The error and the line of snippet code that raised it."""
    frames = [f for f in traceback.extract_tb(error.__traceback__) if not f.filename.startswith("<")]
    where = f" (at {Path(frames[-1].filename).name}:{frames[-1].lineno})" if frames else ""
    return f"{type(error).__name__}: {error}{where}"


def main() -> None:
    seconds = float(sys.argv[1])
    signal.signal(signal.SIGALRM, _on_alarm)
    jobs = json.load(sys.stdin)
    json.dump([_evaluate(job["path"], job["exprs"], seconds) for job in jobs], sys.stdout)


if __name__ == "__main__":
    main()
