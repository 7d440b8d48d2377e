"""The PyTorch oracle tier: snippet functions compared with torch's reference implementations.

Every test here is skipped when torch cannot be imported; CI installs the CPU build and runs them.
"""

from __future__ import annotations

from types import ModuleType

import pytest

from glossary.paths import snippets_dir
from glossary.snippets.module import load_snippet_module

torch = pytest.importorskip("torch")
torch.set_default_dtype(torch.float64)

TOLERANCE = 1e-6


def snippet(entry_id: str) -> ModuleType:
    """The snippet module of an entry, imported without running its demonstration."""
    return load_snippet_module(snippets_dir() / f"{entry_id}.py")
