"""The learner's scheduler settings, kept in the progress store: desired retention and fitted FSRS parameters."""

from __future__ import annotations

import json
import math

from fsrs import Scheduler

from glossary.progress.store import ProgressStore

RETENTION_KEY = "desired_retention"
PARAMETERS_KEY = "fsrs_parameters"
DEFAULT_RETENTION = 0.9
MIN_RETENTION = 0.7
MAX_RETENTION = 0.99


class SettingError(ValueError):
    """A setting value out of its range, or a stored one that cannot be used."""


def check_retention(value: float) -> float:
    """`value` if it is a usable desired retention (0.70–0.99), else a SettingError saying the range."""
    if not (math.isfinite(value) and MIN_RETENTION <= value <= MAX_RETENTION):
        raise SettingError(
            f"desired retention must be between {MIN_RETENTION:.2f} and {MAX_RETENTION:.2f}, not {value:g}"
        )
    return value


def desired_retention(store: ProgressStore) -> float:
    """The stored desired retention, or the default when unset or unusable."""
    try:
        return check_retention(float(store.setting(RETENTION_KEY) or DEFAULT_RETENTION))
    except (ValueError, SettingError):
        return DEFAULT_RETENTION


def set_desired_retention(store: ProgressStore, value: float) -> None:
    store.set_setting(RETENTION_KEY, repr(check_retention(value)))


def fitted_parameters(store: ProgressStore) -> tuple[float, ...] | None:
    """The parameters `glossary optimize` stored, or None when there are none (or they are unusable)."""
    text = store.setting(PARAMETERS_KEY)
    if text is None:
        return None
    try:
        parameters = tuple(float(p) for p in json.loads(text))
        Scheduler(parameters=parameters)  # validates count and bounds
    except (ValueError, TypeError):
        return None
    return parameters


def set_fitted_parameters(store: ProgressStore, parameters: tuple[float, ...] | list[float]) -> None:
    Scheduler(parameters=parameters)  # refuse parameters fsrs would not accept
    store.set_setting(PARAMETERS_KEY, json.dumps([float(p) for p in parameters]))


def tuned_scheduler(store: ProgressStore, fuzz: bool = True) -> Scheduler:
    """An FSRS scheduler with the learner's desired retention and, once fitted, their own parameters."""
    parameters = fitted_parameters(store)
    retention = desired_retention(store)
    if parameters is None:
        return Scheduler(desired_retention=retention, enable_fuzzing=fuzz)
    return Scheduler(parameters=parameters, desired_retention=retention, enable_fuzzing=fuzz)
