"""Child process: import a snippet, call its plot function and write the checked series as JSON (see plots.py).

Run as `python -m glossary.snippets.plot_worker SNIPPET FUNCTION SECONDS REPLY_FILE`; writes to REPLY_FILE
{"series": {label: [x, y]}} or {"error": "..."}, the reason in one line, never a traceback.
"""

from __future__ import annotations

import contextlib
import io
import json
import signal
import sys
from pathlib import Path
from typing import Any

from glossary.snippets.module import load_snippet_module
from glossary.snippets.plots import check_series, series_to_json
from glossary.snippets.worker import _explain, _on_alarm, _TimeLimit


def plot(path: Path, function: str, seconds: float) -> dict[str, Any]:
    """The reply for one plot: its series, or the reason there are none."""
    signal.signal(signal.SIGALRM, _on_alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        with contextlib.redirect_stdout(io.StringIO()):
            module = load_snippet_module(path)
            make = getattr(module, function, None)
            if not callable(make):
                return {"error": f"the snippet defines no function {function!r}"}
            value = make()
    except _TimeLimit:
        return {"error": f"took longer than {seconds:g} s"}
    except BaseException as error:  # noqa: BLE001 - any failure of snippet code is reported, not raised
        return {"error": _explain(error)}
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
    series = check_series(value)
    return {"error": series} if isinstance(series, str) else {"series": series_to_json(series)}


def main() -> None:
    sys.dont_write_bytecode = True  # no __pycache__ in the content folder, and no stale one read after a quick edit
    path, function, seconds, reply_file = sys.argv[1:5]
    reply = json.dumps(plot(Path(path), function, float(seconds)), allow_nan=False)
    Path(reply_file).write_text(reply, encoding="utf-8")


if __name__ == "__main__":
    main()
