"""Errors raised by the library; ``cli`` turns them into one-line messages and exit codes."""

from __future__ import annotations


class FlashcardsError(Exception):
    """Base class: the message says what went wrong and what the user can do about it."""


class InputError(FlashcardsError):
    """The article (file, stdin, URL, HTML) cannot be read or has no usable text."""


class OutputError(FlashcardsError):
    """The deck or another output file cannot be written."""


class DictionaryError(FlashcardsError):
    """A user dictionary cannot be imported, found or removed."""


class AnalyzerError(FlashcardsError):
    """A language analyzer (Kiwi, spaCy) or its model is missing or failed."""
