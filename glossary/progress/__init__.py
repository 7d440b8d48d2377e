"""The learner's progress: the SQLite store, the FSRS scheduler and the figures drawn from them."""
