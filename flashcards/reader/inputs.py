"""Read articles from whatever the user gives: a file, ``-`` (stdin), a URL, a folder, two files."""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

from flashcards.errors import InputError
from flashcards.models import Article, Paragraph, Source
from flashcards.reader import html
from flashcards.reader.decode import MAX_BYTES, check_size, decode
from flashcards.reader.fetch import fetch, is_url
from flashcards.reader.files import HTML_SUFFIXES, article_from_bytes, read_bytes
from flashcards.reader.script import has_hangul
from flashcards.reader.text import merge_sources, no_korean, parse

if TYPE_CHECKING:
    from collections.abc import Iterable

    import httpx

STDIN = "-"
STDIN_NAME = "standard input"
# The gap put between the Korean and the English file when two files make one article.
PAIR_SEPARATOR = "\n\n\n"


@dataclass(frozen=True)
class ReaderOptions:
    """How inputs are fetched and which files of a folder count as articles."""

    timeout: float = 20.0
    max_bytes: int = MAX_BYTES
    max_redirects: int = 5
    suffixes: tuple[str, ...] = (".txt", ".text", ".md", *sorted(HTML_SUFFIXES))


DEFAULT_OPTIONS = ReaderOptions()


def read_input(
    spec: str | Path,
    *,
    options: ReaderOptions = DEFAULT_OPTIONS,
    stdin: BinaryIO | None = None,
    client: httpx.Client | None = None,
) -> list[Article]:
    """Read the article(s) ``spec`` names: a file, ``-`` for stdin, an http(s) URL or a folder.

    A folder gives one article per ``options.suffixes`` file in it (sorted by name, not
    recursive). ``stdin`` and ``client`` replace the real ones in tests.
    """
    text_spec = str(spec)
    if text_spec == STDIN:
        return [_read_stdin(stdin, options)]
    if is_url(text_spec):
        return [_read_url(text_spec, options, client)]
    path = Path(spec)
    if text_spec.lower().startswith("www.") and not path.exists():
        raise InputError(f"{spec}: no such file (for a web page, give https://{spec})")
    if path.is_dir():
        return [_read_file(file, options) for file in _article_files(path, options)]
    return [_read_file(path, options)]


def read_inputs(
    specs: Iterable[str | Path],
    *,
    options: ReaderOptions = DEFAULT_OPTIONS,
    stdin: BinaryIO | None = None,
    client: httpx.Client | None = None,
) -> list[Article]:
    """Read every article the ``specs`` name, in order (see ``read_input``)."""
    specs = list(specs)
    if sum(1 for spec in specs if str(spec) == STDIN) > 1:
        raise InputError("standard input (-) can be given only once")
    articles: list[Article] = []
    for spec in specs:
        articles += read_input(spec, options=options, stdin=stdin, client=client)
    return articles


def expand_inputs(
    specs: Iterable[str | Path], *, options: ReaderOptions = DEFAULT_OPTIONS
) -> list[str]:
    """Replace each folder in ``specs`` by its article files, so a caller can read (and report
    failures) one article at a time. Files, ``-`` and URLs pass through unchanged.
    """
    expanded: list[str] = []
    for spec in specs:
        text_spec = str(spec)
        if text_spec != STDIN and not is_url(text_spec) and Path(spec).is_dir():
            expanded += [str(path) for path in _article_files(Path(spec), options)]
        else:
            expanded.append(text_spec)
    if expanded.count(STDIN) > 1:
        raise InputError("standard input (-) can be given only once")
    return expanded


def read_pair(
    ko: str | Path,
    en: str | Path,
    *,
    options: ReaderOptions = DEFAULT_OPTIONS,
    stdin: BinaryIO | None = None,
    client: httpx.Client | None = None,
) -> Article:
    """Make one article from a Korean and an English input (files, URLs or one ``-``).

    ``Article.text`` is the Korean text, a blank gap, then the English text. Raises
    ``InputError`` when the Korean side has no Korean or the English side no English, with a
    hint when the two look swapped.
    """
    if str(ko) == STDIN and str(en) == STDIN:
        raise InputError("--ko and --en cannot both be standard input (-)")
    ko_side = _load_text(ko, options, stdin, client)
    en_side = _load_text(en, options, stdin, client)
    ko_name, ko_source = ko_side.name, ko_side.source
    en_name, en_source = en_side.name, en_side.source
    ko_parsed = parse(ko_side.text, name=ko_name, soft_line_breaks=ko_side.from_html)
    en_parsed = parse(en_side.text, name=en_name, soft_line_breaks=en_side.from_html)
    korean = tuple(p for p in ko_parsed.paragraphs if has_hangul(p.text))
    english = en_parsed.of("en")
    if not korean:
        if en_parsed.of("ko") and ko_parsed.of("en"):
            raise InputError(f"{ko_name} is English and {en_name} is Korean: swap --ko and --en")
        raise no_korean(ko_name, bool(ko_parsed.paragraphs))
    if not english:
        raise InputError(
            f"{en_name} has no English text: give the English translation with --en, "
            "or leave --en out for a Korean-only article"
        )
    shift = len(ko_parsed.text) + len(PAIR_SEPARATOR)
    text = ko_parsed.text + PAIR_SEPARATOR + en_parsed.text
    # Prefer the English title: it makes a readable deck name.
    found = Source(
        title=en_source.title or en_parsed.found.title or ko_source.title or ko_parsed.found.title,
        outlet=ko_source.outlet
        or en_source.outlet
        or ko_parsed.found.outlet
        or en_parsed.found.outlet,
        date=ko_source.date or en_source.date or ko_parsed.found.date or en_parsed.found.date,
        url=ko_source.url or en_source.url,
        path=ko_source.path or en_source.path,
    )
    return Article(
        text=text,
        source=found,
        korean=tuple(Paragraph("ko", p.start, p.end, p.text) for p in korean),
        english=tuple(_shifted(p, shift) for p in english),
    )


def _shifted(paragraph: Paragraph, shift: int) -> Paragraph:
    return Paragraph(paragraph.lang, paragraph.start + shift, paragraph.end + shift, paragraph.text)


def _article_files(folder: Path, options: ReaderOptions) -> list[Path]:
    try:
        entries = sorted(folder.iterdir())
    except OSError as error:
        raise InputError(f"cannot read folder {folder}: {error.strerror or error}") from None
    files = [
        entry
        for entry in entries
        if entry.suffix.lower() in options.suffixes
        and not entry.name.startswith(".")
        and entry.is_file()
    ]
    if not files:
        kinds = ", ".join(options.suffixes)
        raise InputError(f"{folder} has no article files ({kinds})")
    return files


def _read_file(path: Path, options: ReaderOptions) -> Article:
    data = read_bytes(path, limit=options.max_bytes)
    return article_from_bytes(
        data,
        name=str(path),
        source=Source(title="", path=str(path)),
        is_html=path.suffix.lower() in HTML_SUFFIXES,
    )


def _stdin_bytes(stdin: BinaryIO | None, options: ReaderOptions) -> bytes:
    stream = stdin if stdin is not None else sys.stdin.buffer
    try:
        data = stream.read(options.max_bytes + 1)
    except OSError as error:
        raise InputError(f"cannot read {STDIN_NAME}: {error.strerror or error}") from None
    check_size(len(data), STDIN_NAME, options.max_bytes)
    return data


def _read_stdin(stdin: BinaryIO | None, options: ReaderOptions) -> Article:
    data = _stdin_bytes(stdin, options)
    return article_from_bytes(data, name=STDIN_NAME, source=Source(title=""))


def _read_url(url: str, options: ReaderOptions, client: httpx.Client | None) -> Article:
    page = fetch(
        url,
        timeout=options.timeout,
        max_bytes=options.max_bytes,
        max_redirects=options.max_redirects,
        client=client,
    )
    return article_from_bytes(
        page.data,
        name=url,
        source=Source(title="", url=page.url),
        is_html=page.is_html,
        charset=page.charset,
    )


@dataclass(frozen=True)
class _Side:
    """One input of a pair as plain text (HTML laid out as text)."""

    text: str
    source: Source
    name: str
    from_html: bool


def _load_text(
    spec: str | Path,
    options: ReaderOptions,
    stdin: BinaryIO | None,
    client: httpx.Client | None,
) -> _Side:
    text_spec = str(spec)
    charset = ""
    is_page = False
    if text_spec == STDIN:
        name, source = STDIN_NAME, Source(title="")
        data = _stdin_bytes(stdin, options)
    elif is_url(text_spec):
        page = fetch(
            text_spec,
            timeout=options.timeout,
            max_bytes=options.max_bytes,
            max_redirects=options.max_redirects,
            client=client,
        )
        name, source = text_spec, Source(title="", url=page.url)
        data, charset, is_page = page.data, page.charset, page.is_html
    else:
        path = Path(spec)
        name, source = str(path), Source(title="", path=str(path))
        data = read_bytes(path, limit=options.max_bytes)
        is_page = path.suffix.lower() in HTML_SUFFIXES
    if is_page or html.looks_like_html(data):
        text, found = html.extract(data, name=name, charset=charset)
        return _Side(text, merge_sources(source, found), name, from_html=True)
    return _Side(decode(data, name, declared=charset), source, name, from_html=False)
