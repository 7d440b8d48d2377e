"""Read YAML with the safe loader (C-accelerated when available) and find the line of any field."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import yaml

SafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

Location = tuple[int, int]  # 1-based line and column


class _RecordingLoader(SafeLoader):  # type: ignore[misc, valid-type]
    """The safe loader, noting keys that appear twice in a mapping (YAML would silently keep the last)."""

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self.duplicate_keys: list[tuple[str, Location]] = []

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        seen: set[Any] = set()
        for key_node, _ in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                continue  # a mapping or list used as a key: the constructor refuses it as unhashable
            if key_node.value in seen:
                mark = key_node.start_mark
                self.duplicate_keys.append((str(key_node.value), (mark.line + 1, mark.column + 1)))
            seen.add(key_node.value)
        mapping: dict[Any, Any] = super().construct_mapping(node, deep=deep)
        return mapping


def parse(text: str) -> tuple[Any, list[tuple[str, Location]]]:
    """Parse one YAML document with the safe loader; also return the keys repeated within a mapping."""
    loader = _RecordingLoader(text)
    try:
        return loader.get_single_data(), loader.duplicate_keys
    finally:
        loader.dispose()


def error_location(error: yaml.YAMLError) -> Location:
    """The 1-based position a YAML error points at (1:1 when it names none)."""
    mark = getattr(error, "problem_mark", None) or getattr(error, "context_mark", None)
    return (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)


def error_message(error: yaml.YAMLError) -> str:
    """A one-line description of a YAML error."""
    parts = [getattr(error, "context", None), getattr(error, "problem", None)]
    text = "; ".join(p for p in parts if p) or str(error).splitlines()[0]
    return text


class SourceMap:
    """The node tree of a document, for turning a field path into a line and column.

    It is built only when a problem needs a location, so clean files are parsed once.
    """

    def __init__(self, text: str) -> None:
        try:
            self._root = yaml.compose(text, Loader=SafeLoader)
        except yaml.YAMLError:
            self._root = None

    def locate(self, path: Sequence[str | int], key: bool = False) -> Location:
        """The position of the value at `path` (of its key when `key`), or of its nearest existing parent."""
        node = self._root
        if node is None:
            return (1, 1)
        position = node.start_mark
        for step in path:
            found = None
            if isinstance(node, yaml.MappingNode):
                for key_node, value_node in node.value:
                    if key_node.value == str(step):
                        found, position = value_node, (key_node if key else value_node).start_mark
                        break
            elif isinstance(node, yaml.SequenceNode) and isinstance(step, int) and step < len(node.value):
                found = node.value[step]
                position = found.start_mark
            if found is None:
                break
            node = found
        return (position.line + 1, position.column + 1)
