"""Turn a bilingual Korean–English news article into an Anki deck of its vocabulary.

Importing the package is cheap: the analyzers (Kiwi, spaCy) load lazily, on first use.
"""

from __future__ import annotations

from flashcards.errors import (
    AnalyzerError,
    DictionaryError,
    FlashcardsError,
    InputError,
    OutputError,
)

__version__ = "0.1.0"

__all__ = [
    "AnalyzerError",
    "DictionaryError",
    "FlashcardsError",
    "InputError",
    "OutputError",
    "__version__",
]
