"""The package's layers: every import runs downwards (or stays within its own package)."""

from __future__ import annotations

import ast
from pathlib import Path

import glossary

#: Lowest first. A module may import from its own package and from any package listed before it.
LAYERS = ["", "snippets", "content", "progress", "text", "quiz", "export", "web", "tui", "cli", "bench", "__main__"]
ROOT = Path(glossary.__file__).parent


def package_of(module: str) -> str:
    """The layer of a module named `glossary.x.y` ('' for glossary's top-level modules)."""
    parts = module.split(".")
    if parts[1:] == ["__main__"]:
        return "__main__"  # `python -m glossary`: the entry point, above everything
    return parts[1] if len(parts) > 2 or (len(parts) == 2 and (ROOT / parts[1]).is_dir()) else ""


def imports(path: Path) -> list[tuple[int, str]]:
    """Every glossary module `path` imports (anywhere: top level, functions, TYPE_CHECKING blocks)."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("glossary"):
            names = [f"{node.module}.{alias.name}" for alias in node.names]
            found += [
                (node.lineno, name if (ROOT / Path(*name.split(".")[1:])).is_dir() else node.module) for name in names
            ]
        elif isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names if alias.name.startswith("glossary")]
    return found


def test_every_package_is_a_known_layer() -> None:
    packages = {path.name for path in ROOT.iterdir() if (path / "__init__.py").exists()}
    assert packages == set(LAYERS) - {"", "__main__"}


def test_no_import_runs_upwards() -> None:
    upward = []
    modules = sorted(ROOT.rglob("*.py"))
    assert len(modules) > 80
    for path in modules:
        source = package_of("glossary." + ".".join(path.relative_to(ROOT).with_suffix("").parts))
        for line, target in imports(path):
            layer = package_of(target)
            if layer != source and LAYERS.index(layer) > LAYERS.index(source):
                upward.append(f"{path.relative_to(ROOT)}:{line} imports {target} ({source or 'top'} → {layer})")
    assert upward == []
