"""Learning-rate schedules: the step size as a function of the training step.

Linear warmup then cosine decay (steps counted from 0, W warmup steps, T the last step):
    lr(s) = base * s / W                                                   for s < W
    lr(s) = min_lr + (base - min_lr) * (1 + cos(pi (s - W) / (T - W))) / 2    for W <= s <= T
so lr(0) = 0, lr(W) = base and lr(T) = min_lr. Also here: step decay and the Transformer's inverse-square-root
schedule d^-0.5 min(s^-0.5, s W^-1.5), which warms up linearly and peaks at s = W.
"""

from __future__ import annotations

import math

import numpy as np


def warmup_cosine_lr(step: int, base_lr: float, warmup_steps: int, total_steps: int, min_lr: float = 0.0) -> float:
    """Linear warmup from 0 to base_lr over warmup_steps, then cosine decay to min_lr at total_steps."""
    if step < warmup_steps:
        return base_lr * step / warmup_steps
    progress = (step - warmup_steps) / (total_steps - warmup_steps)
    return min_lr + 0.5 * (base_lr - min_lr) * (1 + math.cos(math.pi * progress))


def step_decay_lr(step: int, base_lr: float, step_size: int, gamma: float = 0.1) -> float:
    """Multiply the rate by gamma every step_size steps."""
    return base_lr * gamma ** (step // step_size)


def inverse_sqrt_lr(step: int, d_model: int, warmup_steps: int = 4000) -> float:
    """The Transformer schedule d_model^-0.5 min(step^-0.5, step warmup^-1.5), for step >= 1."""
    return d_model**-0.5 * min(step**-0.5, step * warmup_steps**-1.5)


def schedules() -> dict[str, tuple[np.ndarray, np.ndarray]]:
    """Warmup then cosine decay, and step decay (x0.1 every 400 steps), over 1,000 steps from a peak of 3e-4."""
    steps = np.arange(0, 1001, 5)
    return {"warmup + cosine": (steps.astype(float), np.array([warmup_cosine_lr(int(s), 3e-4, 100, 1000, 1e-5)
                                                              for s in steps])),
            "step decay": (steps.astype(float), np.array([step_decay_lr(int(s), 3e-4, 400) for s in steps]))}


if __name__ == "__main__":
    base, floor, warmup, total = 3e-4, 1e-5, 100, 1000
    schedule = np.array([warmup_cosine_lr(s, base, warmup, total, floor) for s in range(total + 1)])

    # The stated values: 0 at step 0, the peak at the end of warmup, the floor at the last step, and the
    # midpoint of the decay phase exactly halfway between peak and floor.
    assert schedule[0] == 0.0 and math.isclose(schedule[warmup], base) and math.isclose(schedule[total], floor)
    assert math.isclose(schedule[(warmup + total) // 2], (base + floor) / 2)
    # Linear during warmup (constant increments), continuous at the junction, decreasing afterwards.
    assert np.allclose(np.diff(schedule[:warmup + 1]), base / warmup)
    assert np.all(np.diff(schedule[warmup:]) < 0)
    # By the symmetry of the cosine about its midpoint, the mean rate of the decay phase is (base + floor)/2.
    assert math.isclose(schedule[warmup:].mean(), (base + floor) / 2, rel_tol=1e-9)
    print(f"warmup + cosine: lr(0) = {schedule[0]}, lr({warmup}) = {schedule[warmup]:.1e}, "
          f"lr({(warmup + total) // 2}) = {schedule[(warmup + total) // 2]:.3e}, lr({total}) = {schedule[total]:.1e}")

    # Step decay: a staircase dropping tenfold every 30 steps.
    assert [step_decay_lr(s, 0.1, 30) for s in (0, 29, 30, 89, 90)] == [0.1, 0.1, 0.1 * 0.1, 0.1 * 0.1**2, 0.1 * 0.1**3]

    # Transformer schedule (d_model = 512, 4000 warmup steps): linear rise, peak exactly at the warmup step
    # with value (d_model * warmup)^-0.5, then decay proportional to 1/sqrt(step).
    noam = np.array([inverse_sqrt_lr(s, 512, 4000) for s in range(1, 20001)])
    assert int(np.argmax(noam)) + 1 == 4000 and math.isclose(noam.max(), (512 * 4000) ** -0.5)
    assert math.isclose(noam[1999] / noam[999], 2.0) and math.isclose(noam[15999] / noam[3999], 0.5)
    print(f"Transformer schedule peaks at step 4000 with lr {noam.max():.3e}")
    print("learning-rate-schedule: all checks passed")
