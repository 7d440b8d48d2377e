"""Oracle: softmax."""

import numpy as np
import torch

from .conftest import TOLERANCE, snippet


def test_softmax_matches_torch() -> None:
    logits = np.random.default_rng(1).normal(size=(6, 9)) * 5
    ours = snippet("softmax").softmax(logits, axis=-1)
    reference = torch.softmax(torch.from_numpy(logits), dim=-1).numpy()
    np.testing.assert_allclose(ours, reference, atol=TOLERANCE)
