"""A validated-content cache: parsed entries and their diagnostics, keyed by every source file's size and mtime.

The cache never serves stale content: any added, removed or modified file (content, snippet or shared helper)
changes the fingerprint, and a cache that cannot be read is ignored and rebuilt.
"""

from __future__ import annotations

import hashlib
import json
import os
import pickle
from pathlib import Path
from typing import Any

from glossary import __version__
from glossary.atomic import write_bytes_atomic

FORMAT = 1


def fingerprint(content_dir: Path, snippets_dir: Path) -> str:
    """A digest of the names, sizes and modification times of every file the corpus is built from."""
    digest = hashlib.sha256(f"{__version__}/{FORMAT}".encode())
    for folder, patterns in ((content_dir, (".yaml", ".yml")), (snippets_dir, (".py",))):
        digest.update(str(folder.resolve()).encode())
        try:
            with os.scandir(folder) as listing:
                files = sorted((item.name, item.stat()) for item in listing if item.name.endswith(patterns))
        except OSError:
            files = []
        for name, stat in files:
            digest.update(f"{name}\0{stat.st_size}\0{stat.st_mtime_ns}\n".encode())
    return digest.hexdigest()


def _cache_file(cache_dir: Path, content_dir: Path, suffix: str) -> Path:
    folder_key = hashlib.sha1(str(content_dir.resolve()).encode()).hexdigest()[:12]
    return cache_dir / f"corpus-{folder_key}.{suffix}"


def read(cache_dir: Path, content_dir: Path, key: str, suffix: str) -> Any | None:
    """The cached value stored under `key`, or None when missing, stale or unreadable."""
    path = _cache_file(cache_dir, content_dir, suffix)
    try:
        raw = path.read_bytes()
        header, _, body = raw.partition(b"\n")
        if header.decode() != key:
            return None
        return json.loads(body) if suffix == "json" else pickle.loads(body)  # noqa: S301 - our own cache file
    except Exception:  # noqa: BLE001 - a damaged cache is simply rebuilt
        return None


def write(cache_dir: Path, content_dir: Path, key: str, suffix: str, value: Any) -> None:
    """Store `value` under `key`, atomically; a cache that cannot be written only costs time."""
    body = json.dumps(value, ensure_ascii=False).encode() if suffix == "json" else pickle.dumps(value, protocol=5)
    try:
        cache_dir.mkdir(parents=True, exist_ok=True)
        write_bytes_atomic(_cache_file(cache_dir, content_dir, suffix), key.encode() + b"\n" + body)
    except OSError:
        pass
