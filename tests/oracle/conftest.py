"""The PyTorch oracle tier: snippet functions compared with torch's reference implementations.

Every test here is skipped when torch cannot be imported; CI installs the CPU build and runs them.
"""

from __future__ import annotations

from types import ModuleType

import pytest

from glossary.paths import snippets_dir
from glossary.snippets.module import load_snippet_module

torch = pytest.importorskip("torch")
torch.set_default_dtype(torch.float64)

TOLERANCE = 1e-6
#: The snippets' Transformer-layer parameter names, as torch.nn.TransformerEncoderLayer names them.
TORCH_NAMES = {
    "in_proj_weight": "self_attn.in_proj_weight",
    "in_proj_bias": "self_attn.in_proj_bias",
    "out_proj_weight": "self_attn.out_proj.weight",
    "out_proj_bias": "self_attn.out_proj.bias",
    "linear1_weight": "linear1.weight",
    "linear1_bias": "linear1.bias",
    "linear2_weight": "linear2.weight",
    "linear2_bias": "linear2.bias",
    "norm1_weight": "norm1.weight",
    "norm1_bias": "norm1.bias",
    "norm2_weight": "norm2.weight",
    "norm2_bias": "norm2.bias",
}


def snippet(entry_id: str) -> ModuleType:
    """The snippet module of an entry, imported without running its demonstration."""
    return load_snippet_module(snippets_dir() / f"{entry_id}.py")
