"""Import another entry's snippet by its id, so a snippet can build on a prerequisite's code.

`from _entry import load` then `attention = load("multi-head-attention")` gives that snippet as a module
(its `__main__` block does not run). Ids contain dashes, which `import` cannot spell, hence this helper.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType


def load(entry_id: str) -> ModuleType:
    """The snippet `<entry_id>.py` next to this file, imported once and cached in `sys.modules`."""
    name = "snippet_" + entry_id.replace("-", "_")
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.spec_from_file_location(name, Path(__file__).with_name(f"{entry_id}.py"))
    if spec is None or spec.loader is None:
        raise ImportError(f"no snippet for entry {entry_id!r}")
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module
