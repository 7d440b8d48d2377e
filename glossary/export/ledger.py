"""The modification times given to exported notes, so that Anki updates exactly the notes that changed.

Anki skips an incoming note unless it is newer than the copy it holds. The ledger remembers, per note, a
fingerprint of what was last exported and the time it was stamped with: unchanged content keeps its time,
changed content gets a later one.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from glossary.atomic import write_text_atomic

LEDGER_FILE = "anki-export-ledger.json"
VERSION = 1


def fingerprint(content: object) -> str:
    """A short hash of JSON-serialisable content."""
    encoded = json.dumps(content, ensure_ascii=False, sort_keys=True).encode()
    return hashlib.sha256(encoded).hexdigest()[:20]


class ModLedger:
    """Note key → (fingerprint of its content, modification time in seconds)."""

    def __init__(self, stamps: dict[str, tuple[str, int]] | None = None) -> None:
        self._stamps = dict(stamps or {})

    @classmethod
    def load(cls, path: Path) -> ModLedger:
        """The ledger saved at `path`; an empty one when it is missing or unreadable (it is rebuilt on save)."""
        try:
            document = json.loads(path.read_text(encoding="utf-8"))
            if document["version"] != VERSION:
                return cls()
            return cls({key: (str(digest), int(mod)) for key, (digest, mod) in document["notes"].items()})
        except (OSError, UnicodeDecodeError, ValueError, TypeError, KeyError, AttributeError):
            return cls()

    def mod(self, key: str, content: object, now: int) -> int:
        """The modification time for `key` holding `content`: as before if unchanged, else newer than before."""
        digest = fingerprint(content)
        previous = self._stamps.get(key)
        if previous is not None and previous[0] == digest:
            return previous[1]
        mod = max(now, previous[1] + 1) if previous is not None else now
        self._stamps[key] = (digest, mod)
        return mod

    def save(self, path: Path) -> None:
        """Write the ledger atomically (its folder, the user's data folder, is created if needed)."""
        path.parent.mkdir(parents=True, exist_ok=True)
        document = {"version": VERSION, "notes": {key: list(stamp) for key, stamp in sorted(self._stamps.items())}}
        write_text_atomic(path, json.dumps(document, indent=0) + "\n")
