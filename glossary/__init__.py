"""A bilingual deep-learning glossary with runnable NumPy snippets and spaced-repetition quizzes."""

__version__ = "0.1.0"
