"""The small, safe language of worked-example expressions, checked with `ast` before anything runs.

An expression may use names, numbers and strings, arithmetic, comparisons, indexing and slicing, list, tuple
and dict literals, attributes and calls, as in `float(softmax(np.array([1.0, 2.0]))[1])`. It may not use a
name or attribute that starts with `_`, a lambda, a comprehension, `:=`, an f-string or an import;
names resolve only in the snippet's public namespace and a few harmless builtins.
"""

from __future__ import annotations

import ast
from collections.abc import Mapping
from types import MappingProxyType
from typing import Any

BUILTINS: Mapping[str, Any] = MappingProxyType(
    {"abs": abs, "float": float, "int": int, "len": len, "max": max, "min": min, "round": round, "sum": sum}
)

_ALLOWED = (
    ast.Expression,
    ast.Constant,
    ast.Name,
    ast.Load,
    ast.Attribute,
    ast.Call,
    ast.keyword,
    ast.Subscript,
    ast.Slice,
    ast.Starred,
    ast.List,
    ast.Tuple,
    ast.Dict,
    ast.BinOp,
    ast.UnaryOp,
    ast.Compare,
    ast.BoolOp,
    ast.IfExp,
    ast.operator,
    ast.unaryop,
    ast.cmpop,
    ast.boolop,
)


class UnsafeExpression(ValueError):
    """An expression outside the language; `column` is 1-based within the expression."""

    def __init__(self, message: str, column: int = 1) -> None:
        super().__init__(message)
        self.column = column


def parse_expression(text: str) -> ast.Expression:
    """The syntax tree of `text`, or UnsafeExpression saying what is not allowed and where."""
    try:
        tree = ast.parse(text.strip(), mode="eval")
    except SyntaxError as error:
        raise UnsafeExpression(f"not a Python expression: {error.msg}", error.offset or 1) from None
    for node in ast.walk(tree):
        column = getattr(node, "col_offset", 0) + 1
        if not isinstance(node, _ALLOWED):
            raise UnsafeExpression(f"{_describe(node)} is not allowed in a worked example", column)
        if isinstance(node, ast.Name) and node.id.startswith("_"):
            raise UnsafeExpression(f"the name {node.id!r} starts with '_'", column)
        if isinstance(node, ast.Attribute) and node.attr.startswith("_"):
            raise UnsafeExpression(f"the attribute {node.attr!r} starts with '_'", column)
        if isinstance(node, ast.Constant) and isinstance(node.value, bytes):
            raise UnsafeExpression("bytes literals are not allowed in a worked example", column)
    return tree


def evaluate_expression(text: str, namespace: Mapping[str, Any]) -> Any:
    """The value of a checked expression, with names looked up in `namespace`'s public names and `BUILTINS`."""
    tree = parse_expression(text)
    scope: dict[str, Any] = {name: value for name, value in namespace.items() if not name.startswith("_")}
    scope.update(BUILTINS)
    scope["__builtins__"] = {}
    return eval(compile(tree, "<worked example>", "eval"), scope)  # noqa: S307 - checked by parse_expression


def _describe(node: ast.AST) -> str:
    names = {ast.Lambda: "a lambda", ast.NamedExpr: "':='", ast.JoinedStr: "an f-string"}
    for kind, name in names.items():
        if isinstance(node, kind):
            return name
    if isinstance(node, (ast.ListComp, ast.SetComp, ast.DictComp, ast.GeneratorExp, ast.comprehension)):
        return "a comprehension"
    return f"'{type(node).__name__}'"
