"""ESMM (Ma et al., Alibaba 2018): learn the post-click conversion rate over the entire impression space.

pCVR = p(z = 1 | y = 1, x) is what advertisers need, but conversion labels exist only for clicked impressions,
and a model trained on clicks alone is biased (sample selection) and starved of data. ESMM uses
    pCTCVR = p(y = 1, z = 1 | x) = pCTR * pCVR
and trains on every impression with two losses whose labels are always observed:
    L = sum_i BCE(y_i, pCTR_i) + sum_i BCE(y_i & z_i, pCTR_i * pCVR_i).
pCVR is never fitted directly; it is the factor that, multiplied by pCTR, explains click-and-convert. Both
towers share the embedding table.
"""

from __future__ import annotations

import numpy as np
from _check import numerical_gradient, relative_error
from _entry import load

sigmoid = load("sigmoid").sigmoid
Tower = tuple[np.ndarray, np.ndarray, np.ndarray, float]    # (W1, b1, w2, b2) of a one-hidden-layer tower


def esmm_loss(ctr_logit: np.ndarray, cvr_logit: np.ndarray, click: np.ndarray, conversion: np.ndarray) -> float:
    """Mean ESMM loss: BCE of pCTR against clicks plus BCE of pCTR * pCVR against (click and conversion)."""
    p_ctr, p_ctcvr = sigmoid(ctr_logit), sigmoid(ctr_logit) * sigmoid(cvr_logit)
    target = click * conversion
    ctr_part = -(click * np.log(p_ctr) + (1 - click) * np.log(1 - p_ctr))
    ctcvr_part = -(target * np.log(p_ctcvr) + (1 - target) * np.log(1 - p_ctcvr))
    return float(np.mean(ctr_part + ctcvr_part))


def esmm_loss_gradients(ctr_logit: np.ndarray, cvr_logit: np.ndarray, click: np.ndarray,
                        conversion: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Hand-derived gradients of the mean ESMM loss with respect to the two towers' logits."""
    p, q = sigmoid(ctr_logit), sigmoid(cvr_logit)
    t, pq = click * conversion, p * q
    d_ctr = (p - click) + (-t * (1 - p) + (1 - t) * pq * (1 - p) / (1 - pq))
    d_cvr = -t * (1 - q) + (1 - t) * pq * (1 - q) / (1 - pq)
    return d_ctr / len(p), d_cvr / len(p)


def esmm_towers(ids: np.ndarray, table: np.ndarray, ctr_tower: Tower,
                cvr_tower: Tower) -> tuple[np.ndarray, np.ndarray]:
    """Both towers (one ReLU layer each) on the shared embeddings; returns (CTR logits, CVR logits)."""
    e = table[ids].reshape(len(ids), -1)
    logits = []
    for w1, b1, w2, b2 in (ctr_tower, cvr_tower):
        logits.append(np.maximum(0.0, e @ w1.T + b1) @ w2 + b2)
    return logits[0], logits[1]


if __name__ == "__main__":
    rng = np.random.default_rng(0)
    n, fields, vocab, dim, hidden = 40, 3, 12, 4, 6
    ids = rng.integers(0, vocab, size=(n, fields))
    table = rng.normal(scale=0.5, size=(vocab, dim))
    towers = [(rng.normal(scale=0.4, size=(hidden, fields * dim)), np.zeros(hidden), rng.normal(size=hidden), -1.0)
              for _ in range(2)]
    ctr_logit, cvr_logit = esmm_towers(ids, table, *towers)
    click = (rng.random(n) < 0.3).astype(float)
    conversion = np.where(click == 1, (rng.random(n) < 0.4).astype(float), 0.0)

    # The loss never looks at conversion labels of unclicked impressions: fill them with anything.
    garbage = np.where(click == 1, conversion, rng.integers(0, 2, n).astype(float))
    assert esmm_loss(ctr_logit, cvr_logit, click, garbage) == esmm_loss(ctr_logit, cvr_logit, click, conversion)

    # The hand-derived gradients match finite differences.
    d_ctr, d_cvr = esmm_loss_gradients(ctr_logit, cvr_logit, click, conversion)
    assert relative_error(d_ctr, numerical_gradient(lambda a: esmm_loss(a, cvr_logit, click, conversion), ctr_logit)) < 1e-6
    assert relative_error(d_cvr, numerical_gradient(lambda b: esmm_loss(ctr_logit, b, click, conversion), cvr_logit)) < 1e-6

    # Entire space: the CVR tower also learns from unclicked impressions (non-zero gradient there), unlike a
    # CVR model trained on clicked impressions only.
    assert np.all(np.abs(d_cvr[click == 0]) > 0)
    # pCTCVR = pCTR * pCVR is a probability no larger than pCTR.
    p_ctcvr = sigmoid(ctr_logit) * sigmoid(cvr_logit)
    assert np.all(p_ctcvr <= sigmoid(ctr_logit))
    print(f"ESMM loss {esmm_loss(ctr_logit, cvr_logit, click, conversion):.4f} on {n} impressions "
          f"({int(click.sum())} clicks, {int(conversion.sum())} conversions)")
    print("esmm: all checks passed")
