"""The display language: English, Chinese or both."""

from __future__ import annotations

from enum import Enum


class Language(str, Enum):
    """Which language(s) to show."""

    EN = "en"
    ZH = "zh"
    BOTH = "both"

    def next(self) -> "Language":
        """The next language in the cycle EN → 中文 → both → EN."""
        order = list(Language)
        return order[(order.index(self) + 1) % len(order)]

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
