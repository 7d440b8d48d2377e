"""The benchmark's output: the machine it ran on, a Markdown table of the figures, and JSON."""

from __future__ import annotations

import json
import os
import platform
import sys
from dataclasses import asdict
from pathlib import Path

from glossary.bench.measure import (
    CALIBRATION,
    Figure,
    calibration_seconds,
    format_seconds,
)


def machine() -> dict[str, object]:
    """What the figures depend on: CPUs, their model, Python, how busy and how fast the machine was."""
    model = platform.processor() or platform.machine()
    try:
        model = next(
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        )
    except (OSError, StopIteration):
        pass
    return {
        "cpus": len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count(),
        "cpu_model": model,
        "python": platform.python_version(),
        "platform": platform.platform(),
        "load_average": os.getloadavg() if hasattr(os, "getloadavg") else None,
        "calibration_seconds": calibration_seconds(5),
    }


def _cell(figure: Figure) -> tuple[str, ...]:
    measured = figure.measured
    if measured is None:
        return (str(figure.number), figure.title, "skipped", "", "", figure.target.text(), "–")
    baseline = f"{format_seconds(measured.baseline_seconds)} ({measured.baseline})"
    verdict = "yes" if figure.met else "**no**"
    return (
        str(figure.number),
        figure.title,
        format_seconds(measured.seconds),
        baseline,
        f"{measured.ratio:.2f}×",
        figure.target.text(),
        verdict,
    )


def table(figures: list[Figure]) -> str:
    """The figures as a Markdown table, then their notes."""
    rows = [("#", "figure", "measured", "baseline", "ratio", "target", "met"), *map(_cell, figures)]
    lines = ["| " + " | ".join(row) + " |" for row in rows]
    lines.insert(1, "|" + "|".join(" --- " for _ in rows[0]) + "|")
    notes = [
        f"{f.number}. {f.skipped or (f.measured.note if f.measured else '')}"
        for f in figures
        if f.skipped or (f.measured and f.measured.note)
    ]
    return "\n".join([*lines, "", *notes])


def describe(info: dict[str, object]) -> str:
    """One line: the machine, and how fast and busy it was when the run started."""
    load = info["load_average"]
    busy = f", load average {load[0]:.2f}" if isinstance(load, tuple) else ""
    speed = f", {CALIBRATION} {format_seconds(info['calibration_seconds'])}"  # type: ignore[arg-type]
    return f"{info['cpus']} CPUs ({info['cpu_model']}), Python {info['python']}{busy}{speed}"


def write_json(path: Path, info: dict[str, object], figures: list[Figure], options: dict[str, object]) -> None:
    """Everything measured, for comparing runs."""
    data = {
        "machine": info,
        "options": options,
        "figures": [
            {
                "number": f.number,
                "title": f.title,
                "target_seconds": f.target.seconds,
                "target_ratio": f.target.ratio,
                "met": f.met,
                "skipped": f.skipped,
                **(asdict(f.measured) if f.measured else {}),
                "ratio": f.measured.ratio if f.measured else None,
            }
            for f in figures
        ],
        "command": " ".join([Path(sys.executable).name, "-m", "glossary.bench", *sys.argv[1:]]),
    }
    path.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
