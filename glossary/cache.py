"""A validated-content cache: parsed entries and their diagnostics, keyed by every source file's size and mtime.

The cache never serves stale content: any added, removed or modified file (content, snippet or shared helper),
and any change to the code that validates them, changes the fingerprint; a cache that cannot be read is ignored
and rebuilt. Validated models are stored as plain data (`freeze`) and rebuilt without validating them again
(`thaw`), which is many times faster than unpickling pydantic models.
"""

from __future__ import annotations

import gc
import hashlib
import json
import os
import pickle
import types
import typing
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterable, Iterator, TypeVar

from glossary import __version__
from glossary.atomic import write_bytes_atomic

if TYPE_CHECKING:
    from pydantic import BaseModel

FORMAT = 2
#: The package's own modules (schema, loader, linter…) decide what the cache holds: editing one invalidates it.
PACKAGE_DIR = Path(__file__).resolve().parent

Model = TypeVar("Model", bound="BaseModel")
Frozen = tuple[dict[str, Any], frozenset[str], Any, Any]  # a model's fields, fields set, extra and private values


def fingerprint(content_dir: Path, snippets_dir: Path) -> str:
    """A digest of the names, sizes and modification times of every file the corpus is built from."""
    lines = [f"{__version__}/{FORMAT}"]
    for folder, suffixes in ((PACKAGE_DIR, (".py",)), (content_dir, (".yaml", ".yml")), (snippets_dir, (".py",))):
        lines.append(str(folder.resolve()))
        try:
            with os.scandir(folder) as listing:
                files = [(item.name, item.stat()) for item in listing if item.name.endswith(suffixes)]
        except OSError:
            files = []
        lines += sorted(f"{name}\0{stat.st_size}\0{stat.st_mtime_ns}" for name, stat in files)
    return hashlib.sha256("\n".join(lines).encode("utf-8", "surrogateescape")).hexdigest()


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
        with paused_gc():
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


@contextmanager
def paused_gc() -> Iterator[None]:
    """Pause the cyclic garbage collector while building many objects that are all kept (it would scan them
    again and again for nothing)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def freeze(models: Iterable[BaseModel]) -> list[Frozen]:
    """Validated models as plain data (their nested models too), for `thaw` to rebuild."""
    interned: dict[frozenset[str], frozenset[str]] = {}
    return [_freeze(model, interned) for model in models]


def _freeze(model: BaseModel, interned: dict[frozenset[str], frozenset[str]]) -> Frozen:
    values = dict(model.__dict__)
    for name, _, many in _nested_models(type(model)):
        value = values[name]
        if value is not None:
            values[name] = [_freeze(item, interned) for item in value] if many else _freeze(value, interned)
    fields_set = frozenset(model.__pydantic_fields_set__)
    return values, interned.setdefault(fields_set, fields_set), model.__pydantic_extra__, model.__pydantic_private__


def thaw(cls: type[Model], frozen: Iterable[Frozen]) -> list[Model]:
    """The models `freeze` stored, rebuilt exactly and without validating them again (they were validated)."""
    with paused_gc():
        return [_thaw(cls, item) for item in frozen]


_set = object.__setattr__


def _thaw(cls: type[Model], frozen: Frozen) -> Model:
    values, fields_set, extra, private = frozen
    for name, nested, many in _nested_models(cls):
        value = values[name]
        if value is not None:
            values[name] = [_thaw(nested, item) for item in value] if many else _thaw(nested, value)
    model = object.__new__(cls)
    _set(model, "__dict__", values)
    _set(model, "__pydantic_fields_set__", set(fields_set))
    _set(model, "__pydantic_extra__", extra)
    _set(model, "__pydantic_private__", private)
    return model


NestedField = tuple[str, type, bool]  # field name, model class, whether the field is a list of them
_NESTED: dict[type, tuple[NestedField, ...]] = {}


def _nested_models(cls: type[BaseModel]) -> tuple[NestedField, ...]:
    """The fields of `cls` that hold models, read from their annotations once per class.

    A model held any other way (in a dict, a tuple…) is refused with TypeError, so the cache is not written
    rather than written wrong.
    """
    if cls not in _NESTED:
        found = []
        for name, field in cls.model_fields.items():
            annotation = _strip_optional(field.annotation)
            origin, args = typing.get_origin(annotation), typing.get_args(annotation)
            if _is_model(annotation):
                found.append((name, annotation, False))
            elif origin is list and len(args) == 1 and _is_model(args[0]):
                found.append((name, args[0], True))
            elif _holds_model(annotation):
                raise TypeError(f"{cls.__name__}.{name}: only a model, an optional model or a list of models is cached")
        _NESTED[cls] = tuple(found)
    return _NESTED[cls]


def _strip_optional(annotation: Any) -> Any:
    if typing.get_origin(annotation) in (typing.Union, types.UnionType):
        args = [arg for arg in typing.get_args(annotation) if arg is not type(None)]
        return args[0] if len(args) == 1 else annotation
    return annotation


def _is_model(annotation: Any) -> bool:
    from pydantic import BaseModel

    return isinstance(annotation, type) and issubclass(annotation, BaseModel)


def _holds_model(annotation: Any) -> bool:
    return _is_model(annotation) or any(_holds_model(arg) for arg in typing.get_args(annotation))
