"""Read articles from files and from the package's own sample."""

from __future__ import annotations

import os
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path

from flashcards.errors import InputError
from flashcards.models import Article, Source
from flashcards.reader import html
from flashcards.reader.decode import MAX_BYTES, check_size, decode
from flashcards.reader.text import read_text

SAMPLE_NAME = "sample-article.txt"
HTML_SUFFIXES = frozenset({".html", ".htm", ".xhtml", ".shtml"})


def sample_article_path() -> Traversable:
    """Return the bundled sample article (our own text, shipped as package data)."""
    return resources.files("flashcards").joinpath("data", "sample", SAMPLE_NAME)


def read_sample() -> Article:
    """Read the bundled sample article."""
    path = sample_article_path()
    return read_text(path.read_text(encoding="utf-8"), source=Source(title="", path=SAMPLE_NAME))


def read_bytes(path: str | Path, *, limit: int = MAX_BYTES) -> bytes:
    """Read a file's bytes, turning every way it can fail into an ``InputError``."""
    path = Path(path)
    try:
        info = path.stat()
    except FileNotFoundError:
        raise InputError(f"{path}: no such file") from None
    except OSError as error:
        raise InputError(f"cannot read {path}: {error.strerror or error}") from None
    if path.is_dir():
        raise InputError(f"{path} is a folder, not an article file")
    if not path.is_file():
        raise InputError(f"{path} is not a regular file")
    check_size(info.st_size, str(path), limit)
    try:
        with path.open("rb") as handle:
            data = handle.read(limit + 1)
    except OSError as error:
        raise InputError(f"cannot read {path}: {error.strerror or error}") from None
    check_size(len(data), str(path), limit)
    return data


def read_path(path: str | Path) -> Article:
    """Read one article from a text or HTML file.

    HTML is recognised by the file suffix or by its first bytes; its visible article text becomes
    ``Article.text``. Raises ``InputError`` for a missing, unreadable, binary, oversized or
    undecodable file, or one without Korean text.
    """
    path = Path(path)
    data = read_bytes(path)
    return article_from_bytes(
        data,
        name=str(path),
        source=Source(title="", path=os.fspath(path)),
        is_html=path.suffix.lower() in HTML_SUFFIXES,
    )


def article_from_bytes(
    data: bytes, *, name: str, source: Source, is_html: bool = False, charset: str = ""
) -> Article:
    """Decode ``data`` (text or HTML) and parse it; ``charset`` is one a server declared."""
    if is_html or html.looks_like_html(data):
        return html.read_html(data, name=name, source=source, charset=charset)
    return read_text(decode(data, name, declared=charset), source=source, name=name)
