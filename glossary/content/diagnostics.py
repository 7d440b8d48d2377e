"""Problems found in content, reported as `path:line:col: CODE message`."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from pathlib import Path


class Severity(str, Enum):
    ERROR = "error"
    WARNING = "warning"


#: Every linter code, with its severity and a short description (the authoring guide lists them too).
CODES: dict[str, tuple[Severity, str]] = {
    "E101": (Severity.ERROR, "YAML syntax error"),
    "E102": (Severity.ERROR, "the file is not a YAML mapping"),
    "E103": (Severity.ERROR, "unknown field"),
    "E104": (Severity.ERROR, "missing field"),
    "E105": (Severity.ERROR, "invalid value (wrong type or rule broken)"),
    "E106": (Severity.ERROR, "id differs from the file stem"),
    "E107": (Severity.ERROR, "duplicate key in a mapping"),
    "E108": (Severity.ERROR, "content file larger than the 256 KiB cap"),
    "E201": (Severity.ERROR, "duplicate id"),
    "E202": (Severity.ERROR, "alias id claimed twice or equal to an entry id"),
    "E203": (Severity.ERROR, "name or alias used by two entries"),
    "E204": (Severity.ERROR, "relation to an id that does not exist"),
    "E205": (Severity.ERROR, "is-a / part-of cycle"),
    "E206": (Severity.ERROR, "relation to itself"),
    "E301": (Severity.ERROR, "snippet file missing"),
    "E302": (Severity.ERROR, "snippet path leaves the snippets folder"),
    "E303": (Severity.ERROR, "snippet with no entry"),
    "E304": (Severity.ERROR, "snippet is not valid Python"),
    "E305": (Severity.ERROR, "core function not defined in the snippet"),
    "E306": (Severity.ERROR, "snippet imports something other than NumPy, the standard library or a shared helper"),
    "E307": (Severity.ERROR, "snippet asserts nothing in its __main__ block"),
    "E308": (Severity.ERROR, "worked example fails or is not a real number"),
    "E309": (Severity.ERROR, "snippet run failed or timed out"),
    "E310": (Severity.ERROR, "snippet file name differs from the entry id"),
    "E311": (Severity.ERROR, "worked-example expression outside the safe expression language"),
    "E312": (Severity.ERROR, "plot function not defined in the snippet"),
    "W201": (Severity.WARNING, "fewer than two relations"),
    "W202": (Severity.WARNING, "prerequisite cycle through uses / variant-of"),
    "W301": (Severity.WARNING, "worked example has no stored answer yet (glossary check --run computes it)"),
    "W302": (Severity.WARNING, "a LaTeX command the terminal renderer cannot render"),
}


@dataclass(frozen=True, order=True)
class Diagnostic:
    """One problem at a place in a file."""

    path: Path
    line: int
    column: int
    code: str
    message: str

    @property
    def severity(self) -> Severity:
        return CODES[self.code][0]

    def format(self) -> str:
        """`path:line:col: CODE message`, the path relative to the working directory when it is inside it."""
        return f"{display_path(self.path)}:{self.line}:{self.column}: {self.code} {self.message}"


def display_path(path: Path) -> str:
    """A path as a user should see it: relative when it is inside the working directory, else absolute."""
    absolute = Path(path).absolute()
    try:
        return str(absolute.relative_to(Path.cwd()))
    except ValueError:
        return str(absolute)


def errors(diagnostics: list[Diagnostic]) -> list[Diagnostic]:
    """Only the hard errors."""
    return [d for d in diagnostics if d.severity is Severity.ERROR]
