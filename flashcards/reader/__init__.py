"""Read bilingual articles from text, files, folders, stdin, HTML pages and URLs.

Every input becomes an ``Article``: the text plus its Korean and English paragraphs, each a span
of ``Article.text``. Bad input raises ``InputError`` with a message saying what to do.
"""

from __future__ import annotations

from flashcards.reader.decode import MAX_BYTES
from flashcards.reader.files import read_path, read_sample, sample_article_path
from flashcards.reader.inputs import (
    ReaderOptions,
    expand_inputs,
    read_input,
    read_inputs,
    read_pair,
)
from flashcards.reader.text import MAX_TEXT_CHARS, Layout, detect_layout, read_text

__all__ = [
    "MAX_BYTES",
    "MAX_TEXT_CHARS",
    "Layout",
    "ReaderOptions",
    "detect_layout",
    "expand_inputs",
    "read_input",
    "read_inputs",
    "read_pair",
    "read_path",
    "read_sample",
    "read_text",
    "sample_article_path",
]
