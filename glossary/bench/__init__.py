"""The performance benchmark: `python -m glossary.bench` (see `--help` and the README's Performance section).

Every figure is the median of several runs, set against a baseline measured in the same run, so that a
slow or busy machine shows up in the baselines as well as in the figures.
"""
