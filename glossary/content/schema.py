"""The shape of one glossary entry, validated with pydantic (unknown fields are rejected)."""

from __future__ import annotations

import re

from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, field_validator

from glossary.content.vocabulary import (
    KINDS_WITHOUT_SNIPPET,
    Category,
    Kind,
    RelationType,
)

ID_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
DEFINITION_WORDS = (60, 250)


class Strict(BaseModel):
    """Base model: unknown fields are errors, and strings are stripped."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, frozen=True, defer_build=True)


NonEmpty = Field(min_length=1)


class Symbol(Strict):
    """One symbol of a formula and what it stands for."""

    symbol: str = NonEmpty
    meaning: str = NonEmpty


class Formula(Strict):
    """A formula in LaTeX with every symbol explained."""

    latex: str = NonEmpty
    symbols: list[Symbol] = Field(min_length=1)


class Reference(Strict):
    """A key paper, book or page."""

    title: str = NonEmpty
    authors: list[str] = Field(min_length=1)
    year: int = Field(ge=1800, le=2100)
    url: str | None = None

    @field_validator("url")
    @classmethod
    def _http_url(cls, url: str | None) -> str | None:
        if url is not None and not re.match(r"^https?://\S+$", url):
            raise ValueError("must be an http(s) URL")
        return url


class WorkedExample(Strict):
    """A question whose numeric answer is computed by evaluating `expr` in the snippet's namespace."""

    question: str = NonEmpty
    expr: str = NonEmpty
    rel_tol: float = Field(default=0.01, gt=0, le=0.5)
    abs_tol: float = Field(default=1e-3, ge=0)


class Plot(Strict):
    """A chart of the series that a public function of the entry's snippet returns (label -> (x, y))."""

    function: str = NonEmpty
    x_label: str = NonEmpty
    y_label: str = NonEmpty
    title: str | None = None
    log_x: bool = False
    log_y: bool = False

    @field_validator("function")
    @classmethod
    def _public_function(cls, function: str) -> str:
        if not function.isidentifier() or function.startswith("_"):
            raise ValueError(f"{function!r} is not a public Python function name")
        return function


class Entry(Strict):
    """One glossary term."""

    id: str = Field(pattern=ID_PATTERN)
    name: str = NonEmpty
    name_zh: str = NonEmpty
    aliases: list[str] = []
    aliases_zh: list[str] = []
    alias_ids: list[str] = []
    category: Category
    kind: Kind
    tags: list[str] = []
    summary: str = NonEmpty
    summary_zh: str = NonEmpty
    definition: str = NonEmpty
    formula: Formula | None = None
    relations: dict[RelationType, list[str]] = Field(min_length=1)
    references: list[Reference] = Field(min_length=1)
    snippet: str | None = Field(default=None, validate_default=True)
    core: str | None = Field(default=None, validate_default=True)
    examples: list[WorkedExample] = []
    plot: Plot | None = None

    @field_validator("alias_ids")
    @classmethod
    def _alias_ids_are_ids(cls, alias_ids: list[str]) -> list[str]:
        for alias_id in alias_ids:
            if not re.match(ID_PATTERN, alias_id):
                raise ValueError(f"{alias_id!r} is not a valid id (lowercase words joined by '-')")
        return alias_ids

    @field_validator("tags")
    @classmethod
    def _tags_are_words(cls, tags: list[str]) -> list[str]:
        for tag in tags:
            if not re.match(r"^[a-z0-9][a-z0-9-]*$", tag):
                raise ValueError(f"tag {tag!r} must be lowercase letters, digits and '-'")
        return tags

    @field_validator("definition")
    @classmethod
    def _definition_length(cls, definition: str) -> str:
        words = len(definition.split())
        low, high = DEFINITION_WORDS
        if not low <= words <= high:
            raise ValueError(f"has {words} words; a definition needs {low}-{high}")
        return definition

    @field_validator("summary")
    @classmethod
    def _one_sentence(cls, summary: str) -> str:
        if "\n" in summary.strip():
            raise ValueError("must be one sentence on one line")
        return summary

    @field_validator("snippet")
    @classmethod
    def _snippet_unless_venue(cls, snippet: str | None, info: ValidationInfo) -> str | None:
        kind = info.data.get("kind")
        if snippet is None and kind is not None and kind not in KINDS_WITHOUT_SNIPPET:
            raise ValueError(f"a {kind.value} needs a snippet (only venues and organisations go without)")
        return snippet

    @field_validator("core")
    @classmethod
    def _core_names_snippet_function(cls, core: str | None, info: ValidationInfo) -> str | None:
        if "snippet" not in info.data:  # the snippet field itself is invalid; reported there
            return core
        has_snippet = info.data["snippet"] is not None
        if has_snippet and core is None:
            raise ValueError("an entry with a snippet names its core function in 'core'")
        if not has_snippet and core is not None:
            raise ValueError("'core' needs a snippet")
        if core is not None and not core.isidentifier():
            raise ValueError(f"{core!r} is not a Python function name")
        return core

    @field_validator("examples")
    @classmethod
    def _examples_need_snippet(cls, examples: list[WorkedExample], info: ValidationInfo) -> list[WorkedExample]:
        if examples and info.data.get("snippet") is None:
            raise ValueError("worked examples are evaluated in a snippet, and this entry has none")
        return examples

    @field_validator("plot")
    @classmethod
    def _plot_needs_snippet(cls, plot: Plot | None, info: ValidationInfo) -> Plot | None:
        if plot is not None and "snippet" in info.data and info.data["snippet"] is None:
            raise ValueError("a plot's data comes from the snippet, and this entry has none")
        return plot

    @property
    def all_names(self) -> list[str]:
        """Every name a learner might type for this term, in both languages."""
        return [self.name, self.name_zh, *self.aliases, *self.aliases_zh]

    def targets(self) -> list[tuple[RelationType, str]]:
        """Every (relation, target id) pair of this entry, in file order."""
        return [(kind, target) for kind, ids in self.relations.items() for target in ids]
