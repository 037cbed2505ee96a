"""Rebuildable caches in the user's cache folder: plain text files, written atomically."""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Callable, Iterable
from pathlib import Path

CACHE_ENV = "FLASHCARDS_CACHE_DIR"


def cache_dir() -> Path:
    """Return the directory for rebuildable caches (``$FLASHCARDS_CACHE_DIR`` overrides)."""
    override = os.environ.get(CACHE_ENV)
    if override:
        return Path(override)
    import platformdirs

    return Path(platformdirs.user_cache_dir("flashcards"))


def package_version(package: str) -> str:
    """Return an installed package's version for a cache file's name ("none": not installed).

    Read from its Version header: ``importlib.metadata.version`` parses the whole metadata
    file with the email parser, most of a millisecond for a long description.
    """
    import importlib.metadata

    try:
        found = importlib.metadata.distribution(package)
    except importlib.metadata.PackageNotFoundError:
        return "none"
    for line in (found.read_text("METADATA") or found.read_text("PKG-INFO") or "").splitlines():
        if not line:
            break  # the end of the headers
        if line.startswith("Version:"):
            return line[len("Version:") :].strip()
    return found.version


def write_atomically(path: Path, chunks: Iterable[str]) -> None:
    """Write the text ``chunks`` to ``path`` so that a reader never sees a half-written file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.stem}-", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as out:
            out.writelines(chunks)
        os.chmod(tmp, 0o644)  # mkstemp creates 0600; a cache is not secret
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def cached_text(
    name: str,
    build: Callable[[], str],
    directory: Path | None = None,
    valid: Callable[[str], bool] = lambda text: True,
    rebuild: bool = False,
) -> str:
    """Return the cache file ``name``'s text, building and writing it first when missing.

    ``name`` should carry the version of what it is built from, so an upgrade rebuilds it.
    ``build`` must return text starting with a ``#`` comment line that ``valid`` accepts: a
    file without one, or one ``valid`` rejects, is taken for damaged and rebuilt. When the
    folder cannot be written, the text is built every time. ``rebuild`` builds it again
    whatever is there (for a caller that found the file damaged while reading it).
    """
    path = (directory or cache_dir()) / name
    if not rebuild:
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            text = ""
        if text.startswith("#") and valid(text):
            return text
    text = build()
    # A read-only cache folder: the text is built in memory next time too.
    with contextlib.suppress(OSError):
        write_atomically(path, [text])
    return text
