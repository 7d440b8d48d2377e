"""Generate a valid synthetic content folder of any size (for the benchmark and for tests)."""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any

import yaml

from glossary.content.vocabulary import Category

_WORDS = (
    "gradient layer kernel tensor weight bias signal filter window sample token vector matrix norm scale "
    "update memory state gate channel feature margin loss error energy prior noise step batch epoch"
).split()
_ZH = "梯度 层 卷积 张量 权重 偏置 信号 滤波 窗口 样本 词元 向量 矩阵 范数 缩放 更新 记忆 状态 门控 通道".split()

_DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)

SNIPPET = '''"""Synthetic snippet {index}: scale a value."""


def scale_{index}(value: float) -> float:
    """Multiply by {factor}."""
    return value * {factor}


if __name__ == "__main__":
    assert scale_{index}(2.0) == 2.0 * {factor}
    print(scale_{index}(1.0))
'''


def synthetic_entry(index: int, total: int, rng: random.Random) -> dict[str, Any]:
    """One valid entry, linked to two earlier entries (so the graph is connected and acyclic)."""
    words = rng.sample(_WORDS, 3)
    entry_id = f"term-{index:05d}"
    name = " ".join(w.capitalize() for w in words) + f" {index}"
    definition = " ".join(rng.choice(_WORDS) for _ in range(80)).capitalize() + "."
    relations = {"see-also": [f"term-{(index + 1) % total:05d}", f"term-{(index + 2) % total:05d}"]}
    if index > 0:
        relations["is-a"] = [f"term-{rng.randrange(index):05d}"]
    return {
        "id": entry_id,
        "name": name,
        "name_zh": "".join(rng.sample(_ZH, 2)) + f"{index}号",
        "aliases": [f"T{index}"],
        "category": list(Category)[index % 10].value,
        "kind": "concept",
        "summary": f"{name} is a synthetic term that {' '.join(rng.sample(_WORDS, 6))}.",
        "summary_zh": f"第 {index} 个合成术语，用于测试。",
        "definition": definition,
        "formula": {"latex": f"y_{{{index}}} = {index} x", "symbols": [{"symbol": "x", "meaning": "the input"}]},
        "relations": relations,
        "references": [{"title": f"On {name}", "authors": ["A. Author"], "year": 2000 + index % 20}],
        "snippet": f"{entry_id}.py",
        "core": f"scale_{index}",
        "examples": [{"question": f"What is {name} applied to 3?", "expr": f"scale_{index}(3.0)"}],
    }


def write_corpus(root: Path, size: int, seed: int = 0) -> tuple[Path, Path]:
    """Write `size` entries and their snippets under `root`; returns (content dir, snippets dir)."""
    content, snippets = root / "content", root / "snippets"
    content.mkdir(parents=True, exist_ok=True)
    snippets.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    for index in range(size):
        entry = synthetic_entry(index, size, rng)
        (content / f"{entry['id']}.yaml").write_text(
            yaml.dump(entry, Dumper=_DUMPER, allow_unicode=True, sort_keys=False), "utf-8"
        )
        (snippets / f"{entry['id']}.py").write_text(SNIPPET.format(index=index, factor=index % 7 + 1), "utf-8")
    return content, snippets
