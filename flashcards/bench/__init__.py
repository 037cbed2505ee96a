"""Benchmarks on the development gold set (``python -m flashcards.bench align``).

The corpus is read from ``../shared`` at run time; only line numbers and answers are committed
(``benchmarks/gold/``). Nothing here is imported by the rest of the package.
"""
