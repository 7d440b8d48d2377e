"""A validated-content cache: parsed entries and their diagnostics, keyed by every source file's size and mtime.

The cache never serves stale content: any added, removed or modified file (content, snippet or shared helper),
and any change to the code that validates them, changes the fingerprint; a cache that cannot be read is ignored
and rebuilt. Validated models are stored as plain data (`freeze`) and rebuilt without validating them again
(`thaw`), which is many times faster than unpickling pydantic models.
"""

from __future__ import annotations

import functools
import gc
import hashlib
import json
import os
import pickle
import sys
import time
import types
import typing
from collections.abc import Iterable, Iterator, MutableMapping
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple, TypeVar

from glossary import __version__
from glossary.atomic import write_bytes_atomic

if TYPE_CHECKING:
    from pydantic import BaseModel

FORMAT = 2
RACY_SECONDS = 2.0  # the coarsest modification-time granularity of common file systems (FAT)
#: The package's modules that decide what the cache holds (schema, loader, linter, and the snippet checks they
#: use): editing one invalidates it, and so does another Python, pydantic or PyYAML.
CODE_DIRS = (Path(__file__).resolve().parent, Path(__file__).resolve().parent.parent / "snippets")
LIBRARIES = ("pydantic", "pydantic_core", "PyYAML")

Model = TypeVar("Model", bound="BaseModel")
Frozen = tuple[dict[str, Any], set[str], Any, Any]  # a model's fields, fields set, extra and private values


def fingerprint(content_dir: Path, snippets_dir: Path) -> str | None:
    """A digest of the names, sizes and modification times of every file the corpus is built from.

    None (do not cache) when a folder cannot be read, or when a file changed in the last `RACY_SECONDS`:
    a second change within one tick of the file system's clock could keep both its size and its time.
    """
    lines = [f"{__version__}/{FORMAT}", sys.version, _library_versions()]
    try:
        folders = [
            *((folder, (".py",)) for folder in CODE_DIRS),
            (content_dir, (".yaml", ".yml")),
            (snippets_dir, (".py",)),
        ]
        for folder, suffixes in folders:
            lines += [str(folder.resolve()), *_listing(folder, suffixes)]
    except (OSError, _Racy):
        return None
    return hashlib.sha256("\n".join(lines).encode("utf-8", "surrogateescape")).hexdigest()


class _Racy(Exception):
    """A file changed too recently for its modification time to be trusted."""


def _listing(folder: Path, suffixes: tuple[str, ...]) -> list[str]:
    """`name size mtime` of each file of `folder` with one of `suffixes`, sorted.

    Where the platform allows, each file's status is looked up relative to a descriptor of the folder,
    which is faster than from its full path when there are thousands.
    """
    try:
        names = [name for name in os.listdir(folder) if name.endswith(suffixes)]
    except FileNotFoundError:
        return ["(no such folder)"]
    handle = os.open(folder, os.O_RDONLY) if os.stat in os.supports_dir_fd else None
    try:
        stats = [
            (name, os.stat(name, dir_fd=handle) if handle is not None else (folder / name).stat()) for name in names
        ]
    finally:
        if handle is not None:
            os.close(handle)
    if stats and time.time_ns() - max(stat.st_mtime_ns for _, stat in stats) < RACY_SECONDS * 1e9:
        raise _Racy(folder)
    return sorted(f"{name}\0{stat.st_size}\0{stat.st_mtime_ns}" for name, stat in stats)


@functools.cache
def _library_versions() -> str:
    """The versions of the libraries whose behaviour shapes validated content."""
    from importlib.metadata import PackageNotFoundError, version

    found = []
    for name in LIBRARIES:
        try:
            found.append(f"{name} {version(name)}")
        except PackageNotFoundError:
            found.append(f"{name} ?")
    return ", ".join(found)


def _cache_file(cache_dir: Path, content_dir: Path, suffix: str) -> Path:
    folder_key = hashlib.sha1(str(content_dir.resolve()).encode()).hexdigest()[:12]
    return cache_dir / f"corpus-{folder_key}.{suffix}"


def read(cache_dir: Path, content_dir: Path, key: str | None, suffix: str) -> Any | None:
    """The cached value stored under `key`, or None when missing, stale or unreadable (or `key` is None)."""
    if key is None:
        return None
    try:
        raw = _cache_file(cache_dir, content_dir, suffix).read_bytes()
        header, _, body = raw.partition(b"\n")
        if header.decode() != key:
            return None
        with paused_gc():
            return json.loads(body) if suffix == "json" else pickle.loads(body)  # noqa: S301 - our own cache file
    except Exception:  # noqa: BLE001 - a damaged cache is simply rebuilt
        return None


def write(cache_dir: Path, content_dir: Path, key: str | None, suffix: str, value: Any) -> None:
    """Store `value` under `key`, atomically (not at all when `key` is None); failing to only costs time."""
    if key is None:
        return
    body = json.dumps(value, ensure_ascii=False).encode() if suffix == "json" else pickle.dumps(value, protocol=5)
    try:
        cache_dir.mkdir(parents=True, exist_ok=True)
        write_bytes_atomic(_cache_file(cache_dir, content_dir, suffix), key.encode() + b"\n" + body)
    except OSError:
        pass


@contextmanager
def paused_gc() -> Iterator[None]:
    """Pause the cyclic garbage collector while building many objects that all stay alive.

    It would otherwise scan them again and again as they pile up, for nothing: loading a large cache takes
    half as long without it.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if not gc.get_freeze_count():  # (unless someone else keeps objects out of collections)
            gc.freeze()  # what was built is long-lived: move it to the oldest generation without a scan
            gc.unfreeze()
        if enabled:
            gc.enable()


def freeze(models: Iterable[BaseModel]) -> list[Frozen]:
    """Validated models as plain data (their nested models too), for `thaw` to rebuild."""
    interned: dict[frozenset[str], set[str]] = {}  # equal fields sets are stored once
    with paused_gc():
        return [_freeze(model, interned) for model in models]


def _freeze(model: BaseModel, interned: dict[frozenset[str], set[str]]) -> Frozen:
    values = dict(model.__dict__)
    for name, _, many in _plan(type(model)).nested:
        value = values[name]
        if value is not None:
            values[name] = [_freeze(item, interned) for item in value] if many else _freeze(value, interned)
    fields = frozenset(model.__pydantic_fields_set__)
    if fields not in interned:
        interned[fields] = set(fields)
    return values, interned[fields], model.__pydantic_extra__, model.__pydantic_private__


def thaw(cls: type[Model], frozen: Iterable[Frozen]) -> list[Model]:
    """The models `freeze` stored, rebuilt exactly and without validating them again (they were validated).

    The plain data is used up: the models take it over instead of copying it.
    """
    _plan(cls)
    with paused_gc():
        return [_thaw(cls, item) for item in frozen]


class LazyModels(MutableMapping[str, Model]):
    """Models by key, each rebuilt from its frozen data the first time it is read.

    A warm start then costs what the cache file costs to read; a command that shows one entry builds one.
    """

    def __init__(self, cls: type[Model], frozen: dict[str, Frozen]) -> None:
        _plan(cls)
        self._cls, self._frozen, self._models = cls, frozen, dict.fromkeys(frozen)

    def __getitem__(self, key: str) -> Model:
        model = self._models[key]
        if model is None:
            model = self._models[key] = _thaw(self._cls, self._frozen.pop(key))
        return model

    def __setitem__(self, key: str, model: Model) -> None:
        self._frozen.pop(key, None)
        self._models[key] = model

    def __delitem__(self, key: str) -> None:
        self._frozen.pop(key, None)
        del self._models[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._models)

    def __len__(self) -> int:
        return len(self._models)

    def __contains__(self, key: object) -> bool:
        return key in self._models


def _thaw(cls: type[Model], frozen: Frozen) -> Model:
    values, fields_set, _, _ = frozen
    plan = _PLANS[cls]
    for name, nested, many in plan.nested:
        value = values[name]
        if value is not None:
            values[name] = [_thaw(nested, item) for item in value] if many else _thaw(nested, value)
    return cls.model_construct(fields_set if plan.frozen else set(fields_set), **values)


class _Plan(NamedTuple):
    """What `freeze` and `thaw` need to know of a model class."""

    frozen: bool  # instances never change, so they may share one fields set
    nested: tuple[tuple[str, type, bool], ...]  # the fields holding models: name, class, whether a list of them


_PLANS: dict[type, _Plan] = {}


def _plan(cls: type[BaseModel]) -> _Plan:
    """The plan of `cls` (and of the models it holds), read from its field annotations once.

    A model held any other way (in a dict, a tuple…) is refused with TypeError, so the cache is not written
    rather than written wrong.
    """
    if cls not in _PLANS:
        nested = []
        for name, field in cls.model_fields.items():
            annotation = _strip_optional(field.annotation)
            args = typing.get_args(annotation)
            if _is_model(annotation):
                nested.append((name, annotation, False))
            elif typing.get_origin(annotation) is list and len(args) == 1 and _is_model(args[0]):
                nested.append((name, args[0], True))
            elif _holds_model(annotation):
                raise TypeError(f"{cls.__name__}.{name}: only a model, an optional model or a list of models is cached")
        for _, model_class, _ in nested:
            _plan(model_class)
        _PLANS[cls] = _Plan(bool(cls.model_config.get("frozen")), tuple(nested))
    return _PLANS[cls]


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
