"""Monte Carlo estimation: replace an expectation (an integral) by the average of the integrand at random samples.

    I = E_p[f(x)] ~ I_n = (1/n) sum_i f(x_i),  x_i ~ p        standard error = sd(f(x)) / sqrt(n)
The error shrinks like 1/sqrt(n) whatever the dimension. Importance sampling draws from another density q and
reweights each sample by p(x)/q(x), which keeps the estimate unbiased and can shrink its variance enormously
when q puts its samples where f p is large (for example a rare tail event).
"""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np


def monte_carlo_estimate(f: Callable[[np.ndarray], np.ndarray], sample: Callable[[int], np.ndarray],
                         n: int) -> float:
    """Plain Monte Carlo: the mean of f over n draws from sample(n)."""
    return float(np.mean(f(sample(n))))


def importance_sampling_estimate(f: Callable[[np.ndarray], np.ndarray], sample_q: Callable[[int], np.ndarray],
                                 log_p: Callable[[np.ndarray], np.ndarray], log_q: Callable[[np.ndarray], np.ndarray],
                                 n: int) -> float:
    """E_p[f] estimated from n draws of q, each weighted by p(x) / q(x)."""
    x = sample_q(n)
    return float(np.mean(f(x) * np.exp(log_p(x) - log_q(x))))


def normal_log_density(x: np.ndarray | float, mean: float, std: float) -> np.ndarray | float:
    """log N(x; mean, std^2)."""
    return -0.5 * ((x - mean) / std) ** 2 - np.log(std * np.sqrt(2 * np.pi))


def standard_error(variance: float, n: int) -> float:
    """Standard deviation of the mean of n independent draws of a variable with the given variance."""
    return math.sqrt(variance / n)


def error_by_sample_size() -> dict[str, tuple[np.ndarray, np.ndarray]]:
    """RMS error of plain Monte Carlo for the integral of e^x over [0, 1] by sample size, beside sd / sqrt(n)."""
    rng = np.random.default_rng(0)
    sizes = np.array([10, 30, 100, 300, 1000, 3000, 10000])
    truth, variance = math.e - 1, (math.e**2 - 1) / 2 - (math.e - 1) ** 2
    rms = [np.sqrt(np.mean([(monte_carlo_estimate(np.exp, lambda k: rng.uniform(size=k), int(n)) - truth) ** 2
                            for _ in range(200)])) for n in sizes]
    return {"measured RMS error": (sizes.astype(float), np.array(rms)),
            "sd / sqrt(n)": (sizes.astype(float), np.array([standard_error(variance, int(n)) for n in sizes]))}


if __name__ == "__main__":
    rng = np.random.default_rng(0)

    # The integral of e^x over [0, 1] is e - 1: estimate it with uniform samples at n = 100, 1000, 10000.
    truth = math.e - 1
    rms = {}
    for n in (100, 1000, 10000):
        estimates = np.array([monte_carlo_estimate(np.exp, lambda k: rng.uniform(size=k), n) for _ in range(300)])
        rms[n] = float(np.sqrt(np.mean((estimates - truth) ** 2)))
        # The spread matches sd(e^U) / sqrt(n), with Var(e^U) = (e^2 - 1)/2 - (e - 1)^2 known in closed form.
        predicted = standard_error((math.e**2 - 1) / 2 - truth**2, n)
        assert 0.8 < rms[n] / predicted < 1.2
        print(f"n = {n:5d}: RMS error {rms[n]:.5f} (theory {predicted:.5f})")
    # Ten times the samples shrinks the error by about sqrt(10) = 3.16.
    for small, large in ((100, 1000), (1000, 10000)):
        assert 2.5 < rms[small] / rms[large] < 4.0

    # Importance sampling for the tail P(X > 3), X ~ N(0, 1), whose exact value is erfc(3 / sqrt 2) / 2.
    tail = 0.5 * math.erfc(3 / math.sqrt(2))

    def indicator(x: np.ndarray) -> np.ndarray:
        return (x > 3).astype(float)

    naive = np.array([monte_carlo_estimate(indicator, lambda k: rng.normal(size=k), 1000) for _ in range(400)])
    weighted = np.array([importance_sampling_estimate(indicator, lambda k: rng.normal(3.0, 1.0, size=k),
                                                      lambda x: normal_log_density(x, 0.0, 1.0),
                                                      lambda x: normal_log_density(x, 3.0, 1.0), 1000)
                         for _ in range(400)])
    # Unbiased: the mean of 400 independent estimates lies within 4 standard errors of the truth.
    assert abs(weighted.mean() - tail) < 4 * weighted.std() / math.sqrt(len(weighted))
    print(f"P(X > 3) = {tail:.6f}; naive sd {naive.std():.6f}, importance-sampling sd {weighted.std():.6f}")
    assert weighted.std() < naive.std() / 10
    print("monte-carlo-method: all checks passed")
