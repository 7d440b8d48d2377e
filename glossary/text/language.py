"""The display language: English, Chinese or both."""

from __future__ import annotations

from enum import Enum
from typing import TypeVar

T = TypeVar("T")


class Language(str, Enum):
    """Which language(s) to show."""

    EN = "en"
    ZH = "zh"
    BOTH = "both"

    def next(self) -> Language:
        """The next language in the cycle EN → 中文 → both → EN."""
        order = list(Language)
        return order[(order.index(self) + 1) % len(order)]

    @property
    def english(self) -> bool:
        return self is not Language.ZH

    @property
    def chinese(self) -> bool:
        return self is not Language.EN

    def pick(self, english: T, chinese: T) -> list[T]:
        """The value for each chosen language, English first."""
        return [value for value, chosen in ((english, self.english), (chinese, self.chinese)) if chosen]

    @property
    def label(self) -> str:
        return {"en": "EN", "zh": "中文", "both": "EN + 中文"}[self.value]


def title(name: str, name_zh: str, language: Language) -> str:
    """A term's name in the chosen language(s)."""
    if language is Language.EN or name_zh == name:
        return name
    if language is Language.ZH:
        return name_zh
    return f"{name} · {name_zh}"


def label(value: str, chinese: dict[str, str], language: Language) -> str:
    """A category or kind in the chosen language(s): `optimization`, `优化` or `optimization · 优化`."""
    zh = chinese.get(value, value)
    return " · ".join(dict.fromkeys(language.pick(value, zh)))
