"""Command line: ``flashcards build | terms | preview | dict``.

The only module that prints or chooses exit codes: 0 success, 1 a user error (bad input, an
output that cannot be written, some articles of a batch failed), 2 wrong usage, 130 interrupted.
Data goes to stdout, progress and warnings to stderr. Heavy modules are imported inside the
commands so that ``flashcards --help`` stays instant.
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import json
import sys
from collections.abc import Iterable, Sequence
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn, TextIO

from flashcards import __version__
from flashcards.errors import FlashcardsError

if TYPE_CHECKING:
    from flashcards.models import Article, StudyItem
    from flashcards.pipeline import Result
    from flashcards.vocab import VocabOptions

DEFAULT_OUT_DIR = Path("decks")
CARD_KINDS = ("recognition", "production", "listening")


class UsageError(Exception):
    """Wrong command-line usage (exit code 2)."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        self.exit(2, f"{self.prog}: error: {message}\n")


def _add_input_args(p: argparse.ArgumentParser, *, many: bool) -> None:
    p.add_argument(
        "article",
        nargs="*" if many else "?",
        help="article file, '-' for stdin, an .html file, an https:// URL"
        + (", or a folder" if many else ""),
    )
    p.add_argument("--ko", metavar="SOURCE", help="the Korean text on its own (file, URL, -)")
    p.add_argument("--en", metavar="SOURCE", help="the English text on its own (with --ko)")
    p.add_argument("--sample", action="store_true", help="use the sample article shipped with us")
    p.add_argument(
        "--timeout", type=float, default=20.0, metavar="SECONDS", help="for URLs (default 20)"
    )


def _add_vocab_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("--max", type=int, default=40, metavar="N", help="at most N terms (default 40)")
    p.add_argument(
        "--names",
        action=argparse.BooleanOptionalAction,
        default=False,
        help="keep personal names and places (organisations are always kept)",
    )
    p.add_argument(
        "--level",
        choices=["beginner+", "intermediate+", "advanced+"],
        help="skip terms more common than this band (from word frequency)",
    )
    p.add_argument(
        "--order",
        choices=["appearance", "frequency"],
        default="appearance",
        help="order of the terms (default: first appearance)",
    )
    p.add_argument(
        "--known",
        action="append",
        default=[],
        metavar="FILE",
        help="skip the words in this UTF-8 list, one word per line, any form (repeatable)",
    )
    p.add_argument(
        "--known-anki",
        action="append",
        default=[],
        metavar="PATH",
        help="skip the words already in an Anki collection (collection.anki2, a profile folder) "
        "or an exported .apkg; read-only, safe while Anki is open (repeatable)",
    )
    p.add_argument(
        "--known-field",
        metavar="NAME",
        help="the field holding the Korean word in --known-anki notes (default: Korean)",
    )
    p.add_argument(
        "--known-note-type",
        action="append",
        default=[],
        metavar="NAME",
        help="with --known-anki, read only notes of this note type (repeatable; default: every "
        "note type that has the field)",
    )


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="flashcards",
        description="Turn a bilingual Korean–English news article into an Anki deck of its "
        "vocabulary, with the English the article itself used for each term.",
    )
    parser.add_argument("--version", action="version", version=f"flashcards {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    b = sub.add_parser("build", help="build an Anki deck (.apkg) from an article")
    _add_input_args(b, many=True)
    _add_vocab_args(b)
    b.add_argument("-o", "--output", metavar="PATH", help="deck file (default decks/<title>.apkg)")
    b.add_argument("--out-dir", metavar="DIR", default=str(DEFAULT_OUT_DIR), help="default: decks/")
    b.add_argument("--deck", metavar="NAME", help='parent deck, e.g. "Korean News::Economy"')
    b.add_argument(
        "--cards",
        default="recognition,production",
        help="card types, comma-separated from: recognition, production, listening "
        "(default: recognition,production)",
    )
    b.add_argument("--typed", action="store_true", help="type the answer on production cards")
    b.add_argument("-f", "--force", action="store_true", help="overwrite an existing deck file")
    b.add_argument("--merge", action="store_true", help="put several articles in one deck")
    b.add_argument(
        "-j",
        "--jobs",
        type=int,
        metavar="N",
        help="build N articles at a time, each worker loading the analyzers once "
        "(default: one per core, at most one per article)",
    )
    b.add_argument(
        "--progress",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="show a progress bar on stderr (default: for several articles, on a terminal)",
    )

    t = sub.add_parser("terms", help="show the article's terms and their English counterparts")
    _add_input_args(t, many=False)
    _add_vocab_args(t)
    t.add_argument("--format", choices=["table", "json", "csv"], default="table")
    t.add_argument("--all", action="store_true", help="every candidate term, no filter or limit")
    t.add_argument("--explain", action="store_true", help="show why each term was kept or dropped")

    v = sub.add_parser("preview", help="write one HTML page showing every card of the deck")
    _add_input_args(v, many=False)
    _add_vocab_args(v)
    v.add_argument("-o", "--output", metavar="PATH", default="preview.html")
    v.add_argument("--cards", default="recognition,production")
    v.add_argument("--typed", action="store_true")
    v.add_argument("-f", "--force", action="store_true", help="overwrite an existing file")

    _add_dict_parser(sub)
    return parser


# --- dict (user dictionaries) ------------------------------------------------------------


def _add_dict_parser(sub: Any) -> None:
    d = sub.add_parser("dict", help="add, list or remove your own dictionaries")
    dsub = d.add_subparsers(dest="dict_command", metavar="ACTION", parser_class=_Parser)
    a = dsub.add_parser("add", help="index a dictionary file")
    a.add_argument("file")
    a.add_argument("--format", help="file format (default: detect)")
    a.add_argument("--name", help="name to list it under (default: from the file name)")
    dsub.add_parser("list", help="list the dictionaries you added")
    r = dsub.add_parser("remove", help="remove a dictionary")
    r.add_argument("name")


def _cmd_dict(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from flashcards.lexicon import userdict

    if args.dict_command == "add":
        info = userdict.add(Path(args.file), format=args.format, name=args.name)
        print(f"added {info.name}: {info.entries} entries ({info.format})", file=out)
    elif args.dict_command == "list":
        dicts = userdict.list_dicts()
        if not dicts:
            print("no dictionaries added yet (flashcards dict add FILE)", file=err)
        for info in dicts:
            print(f"{info.name}\t{info.entries}\t{info.format}\t{info.path}", file=out)
    elif args.dict_command == "remove":
        userdict.remove(args.name)
        print(f"removed {args.name}", file=out)
    else:
        raise UsageError("dict needs an action: add, list or remove")
    return 0


# --- reading ------------------------------------------------------------------------------


def _reader_options(args: argparse.Namespace) -> Any:
    from flashcards.reader import ReaderOptions

    if args.timeout <= 0:
        raise UsageError("--timeout must be a positive number of seconds")
    return ReaderOptions(timeout=args.timeout)


def _input_specs(args: argparse.Namespace) -> list[str]:
    """List what to read, one entry per article (folders expanded), so each can fail alone."""
    from flashcards import reader

    if args.ko or args.en:
        if not (args.ko and args.en):
            raise UsageError("--ko and --en go together: give both files")
        if args.article:
            raise UsageError("give either an article or --ko/--en, not both")
        return ["<pair>"]
    if args.sample:
        return ["<sample>"]
    specs = args.article if isinstance(args.article, list) else [args.article]
    specs = [s for s in specs if s]
    if not specs:
        raise UsageError("give an article file (or - for stdin, --sample, --ko/--en)")
    expanded: list[str] = reader.expand_inputs(specs, options=_reader_options(args))
    return expanded


def _read(spec: str, args: argparse.Namespace, err: TextIO) -> list[Article]:
    from flashcards import reader

    if spec == "<pair>":
        articles = [reader.read_pair(args.ko, args.en, options=_reader_options(args))]
    elif spec == "<sample>":
        articles = [reader.read_sample()]
    else:
        articles = reader.read_input(spec, options=_reader_options(args))
    for art in articles:
        if not art.english:
            print(
                f"warning: {art.title!r} has no English text: cards show dictionary glosses only",
                file=err,
            )
    return articles


def _read_one(args: argparse.Namespace, err: TextIO) -> Article:
    specs = _input_specs(args)
    if len(specs) != 1:
        raise UsageError("this command takes one article")
    articles = _read(specs[0], args, err)
    if len(articles) != 1:
        raise UsageError("this command takes one article")
    return articles[0]


def _vocab_options(args: argparse.Namespace, *, include_all: bool = False) -> VocabOptions:
    from flashcards.vocab import VocabOptions

    if args.max < 1:
        raise UsageError("--max must be at least 1")
    level = args.level.rstrip("+") if args.level else None
    if (args.known_field or args.known_note_type) and not args.known_anki:
        raise UsageError("--known-field and --known-note-type go with --known-anki")
    known: frozenset[str] = frozenset()
    if args.known or args.known_anki:
        # Loads Kiwi to normalise the words; commands load it anyway for the article.
        from flashcards.known import read_known_anki, read_known_list

        for path in args.known:
            known |= read_known_list(path)
        for path in args.known_anki:
            known |= read_known_anki(
                path, field=args.known_field or "Korean", note_types=args.known_note_type
            )
    return VocabOptions(
        max_terms=args.max,
        names=args.names,
        order=args.order,
        min_level=level,
        include_all=include_all,
        known=known,
    )


def _deck_options(args: argparse.Namespace) -> Any:
    from flashcards.export import DeckOptions

    kinds = [k.strip() for k in args.cards.split(",") if k.strip()]
    unknown = [k for k in kinds if k not in CARD_KINDS]
    if unknown or not kinds:
        raise UsageError(f"--cards takes {', '.join(CARD_KINDS)}; got {args.cards!r}")
    return DeckOptions(
        deck_name=getattr(args, "deck", None),
        recognition="recognition" in kinds,
        production="production" in kinds,
        listening="listening" in kinds,
        typed_answer=args.typed,
    )


# --- commands -----------------------------------------------------------------------------


def _cmd_build(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    import io
    from concurrent.futures import Future

    from flashcards import batch
    from flashcards.export import slugify, write_deck

    options = _vocab_options(args)
    deck_options = _deck_options(args)
    specs = _input_specs(args)
    if args.output and len(specs) > 1 and not args.merge:
        raise UsageError("-o names one deck: with several articles use --out-dir or --merge")
    if args.jobs is not None and args.jobs < 1:
        raise UsageError("--jobs must be at least 1")
    jobs = min(args.jobs or batch.default_jobs(len(specs)), len(specs))
    show = args.progress if args.progress is not None else len(specs) > 1 and err.isatty()
    # One entry per spec, in input order: its articles' builds, or why it could not be read.
    entries: list[tuple[str, list[tuple[Article, Future[batch.Outcome]]] | Exception]] = []
    claimed: dict[Path, str] = {}
    merged: list[tuple[Article, Sequence[StudyItem]]] = []
    failed = 0
    reported = 0

    def report(progress: _BuildProgress, *, wait: bool) -> None:
        """Print the finished entries in input order (all of them when ``wait``)."""
        nonlocal failed, reported
        while reported < len(entries):
            spec, work = entries[reported]
            if not wait and isinstance(work, list) and not all(f.done() for _, f in work):
                return
            reported += 1
            try:
                if isinstance(work, Exception):
                    raise work
                for art, future in work:
                    outcome = _outcome(future)
                    if args.merge:
                        merged.append((art, outcome.items))
                    elif outcome.summary is not None:
                        progress.say(_summary_line(outcome.summary, outcome.items), out)
            except Exception as exc:
                if len(specs) == 1:
                    raise
                # In a batch one bad article is reported and skipped; the rest are built.
                failed += 1
                progress.say(_failure_line(spec, exc), err)

    pool = batch.executor(jobs)
    try:
        with _BuildProgress(len(specs), err, show=show) as progress:
            for spec in specs:
                try:
                    warnings = io.StringIO()
                    articles = _read(spec, args, warnings)
                    for line in warnings.getvalue().splitlines():
                        progress.say(line, err)
                    tasks = [
                        batch.Task(
                            art,
                            options,
                            deck_options,
                            None if args.merge else _claim(claimed, args, art, spec, slugify),
                            overwrite=args.force,
                        )
                        for art in articles
                    ]
                except UsageError:
                    raise
                except Exception as exc:
                    if len(specs) == 1:
                        raise
                    entries.append((spec, exc))
                    progress.advance(1)
                else:
                    work = [(t.article, pool.submit(batch.build_one, t)) for t in tasks]
                    entries.append((spec, work))
                    step = 1 / len(work) if work else 1.0

                    def advance(_: object, step: float = step) -> None:
                        progress.advance(step)

                    for _, future in work:
                        future.add_done_callback(advance)
                    if not work:
                        progress.advance(step)
                report(progress, wait=False)
            report(progress, wait=True)
    except BaseException:
        # Ctrl-C or an error: drop the queued articles; those being built finish (atomically).
        pool.shutdown(wait=True, cancel_futures=True)
        raise
    pool.shutdown()
    if merged:
        items = _merge_items(items for _, items in merged)
        first = merged[0][0]
        title = first.title if len(merged) == 1 else f"{first.title} (+{len(merged) - 1} more)"
        path = _deck_path(args, title, slugify)
        summary = write_deck(
            items, replace(first.source, title=title), path, deck_options, overwrite=args.force
        )
        print(_summary_line(summary, items), file=out)
    if failed:
        print(f"flashcards: {failed} of {len(specs)} articles failed", file=err)
        return 1
    return 0


def _deck_path(args: argparse.Namespace, title: str, slugify: Any) -> Path:
    if args.output:
        return Path(args.output)
    return Path(args.out_dir) / f"{slugify(title)}.apkg"


def _claim(
    claimed: dict[Path, str], args: argparse.Namespace, article: Article, spec: str, slugify: Any
) -> Path:
    """Return the article's deck path, refusing one an earlier article of the batch took.

    Two articles with the same title would otherwise race for one file (or, with --force, the
    second would silently replace the first).
    """
    from flashcards.errors import OutputError

    path = _deck_path(args, article.title, slugify)
    key = path.absolute()
    if key in claimed:
        raise OutputError(
            f"{path} is already the deck of {claimed[key]} in this batch: give the articles "
            "different titles, or build them into one deck with --merge"
        )
    claimed[key] = spec
    return path


def _failure_line(spec: str, exc: Exception) -> str:
    """Describe why one article of a batch failed, in one line."""
    if not isinstance(exc, FlashcardsError):
        # A bug must not cost the user the rest of the batch; alone, the article shows it.
        return (
            f"flashcards: error: {spec}: internal error ({type(exc).__name__}: {exc}); "
            f"please report it (`flashcards build {spec}` alone shows the details)"
        )
    message = str(exc)
    return f"flashcards: error: {message if message.startswith(spec) else f'{spec}: {message}'}"


def _outcome(future: Any) -> Any:
    """Return a build's outcome; a worker that died becomes this article's error."""
    from concurrent.futures.process import BrokenProcessPool

    from flashcards.errors import AnalyzerError

    try:
        return future.result()
    except BrokenProcessPool:
        raise AnalyzerError(
            "the worker process building it stopped unexpectedly (out of memory?): "
            "try again with --jobs 1"
        ) from None


class _BuildProgress:
    """The batch's progress bar on stderr (articles done, ETA) and the lines printed under it.

    Not shown, it is plain printing (and rich is not even imported); live on a terminal, lines
    meant for that terminal go through rich's console, which redraws the bar under them instead
    of garbling it. Lines for a pipe or a file are written to it as they are.
    """

    def __init__(self, total: int, err: TextIO, *, show: bool) -> None:
        self._progress: Any = None
        self._live = False
        if not show:
            return
        from rich.console import Console
        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            Progress,
            TextColumn,
            TimeElapsedColumn,
            TimeRemainingColumn,
        )

        self._progress = Progress(
            TextColumn("building"),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn("articles ·"),
            TimeElapsedColumn(),
            TextColumn("· ETA"),
            TimeRemainingColumn(),
            console=Console(file=err),
        )
        self._task = self._progress.add_task("build", total=total)
        self._live = self._progress.console.is_terminal

    def __enter__(self) -> _BuildProgress:
        if self._progress is not None:
            self._progress.start()
        return self

    def __exit__(self, *exc: object) -> None:
        if self._progress is not None:
            self._progress.stop()

    def advance(self, amount: float) -> None:
        # Called from the pool's callback thread too; rich's Progress takes a lock.
        if self._progress is not None:
            self._progress.advance(self._task, amount)

    def say(self, line: str, stream: TextIO) -> None:
        if self._live and stream.isatty():
            self._progress.console.print(line, markup=False, highlight=False, soft_wrap=True)
        else:
            print(line, file=stream)


def _merge_items(results: Iterable[Sequence[StudyItem]]) -> list[StudyItem]:
    """Put several articles' items in one deck; a term met twice keeps its first example."""
    seen: set[tuple[str, str]] = set()
    items: list[StudyItem] = []
    for result in results:
        for item in result:
            if (item.korean, item.pos) not in seen:
                seen.add((item.korean, item.pos))
                items.append(item)
    return items


def _summary_line(summary: Any, items: Sequence[StudyItem]) -> str:
    with_cp = sum(1 for it in items if it.english)
    return (
        f"{summary.path}: {summary.notes} notes, {summary.cards} cards "
        f"({with_cp} with the article's English) — deck {summary.deck_name!r}"
    )


def _cmd_terms(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from flashcards import pipeline

    options = _vocab_options(args, include_all=args.all)
    article = _read_one(args, err)
    result = pipeline.run(article, options)
    rows = term_rows(result, explain=args.explain or args.all)
    if args.format == "json":
        json.dump(rows, out, ensure_ascii=False, indent=2)
        out.write("\n")
    elif args.format == "csv":
        _write_csv(rows, out)
    else:
        _write_table(rows, out, explain=args.explain)
    return 0


def _cmd_preview(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from flashcards import pipeline
    from flashcards.export import render_preview, write_text_atomic

    options = _vocab_options(args)
    deck_options = _deck_options(args)
    article = _read_one(args, err)
    result = pipeline.run(article, options)
    page = render_preview(result.items, article.source, deck_options)
    write_text_atomic(Path(args.output), page, overwrite=args.force)
    print(f"{args.output}: {len(result.items)} terms", file=out)
    return 0


def term_rows(result: Result, *, explain: bool = False) -> list[dict[str, Any]]:
    """Describe the chosen (or, with --all, every) term as plain JSON-ready rows."""
    rows: list[dict[str, Any]] = []
    if explain:
        from flashcards.vocab import make_item

        links = result.analysis.alignment.sentence_links
        items = [
            (make_item(d, result.analysis.korean, result.analysis.english, links), d)
            for d in result.decisions
        ]
    else:
        by_lemma = {(d.term.lemma, d.term.pos): d for d in result.decisions}
        items = [(it, by_lemma[(it.korean, it.pos)]) for it in result.items]
    for item, decision in items:
        row: dict[str, Any] = {
            "korean": item.korean,
            "pos": item.pos,
            "english": item.english,
            "korean_sentence": item.korean_sentence,
            "english_sentence": item.english_sentence,
            "glosses": [g.text for g in item.glosses],
            "gloss_sources": [g.source for g in item.glosses],
            "hanja": item.hanja,
            "confidence": item.confidence,
            "count": item.count,
            "level": item.level,
        }
        if explain:
            row["kept"] = decision.keep
            row["reasons"] = list(decision.reasons)
        rows.append(row)
    return rows


def _write_csv(rows: Sequence[dict[str, Any]], out: TextIO) -> None:
    if not rows:
        return
    writer = csv.DictWriter(out, fieldnames=list(rows[0]))
    writer.writeheader()
    for row in rows:
        writer.writerow(
            {k: "; ".join(map(str, v)) if isinstance(v, list) else v for k, v in row.items()}
        )


def _write_table(rows: Sequence[dict[str, Any]], out: TextIO, *, explain: bool) -> None:
    from rich.console import Console
    from rich.table import Table

    table = Table(show_lines=False, header_style="bold")
    table.add_column("Korean", no_wrap=True)
    table.add_column("English (article)")
    table.add_column("conf", justify="right")
    table.add_column("n", justify="right")
    table.add_column("glosses")
    table.add_column("why" if explain else "example", overflow="fold")
    for row in rows:
        example = "; ".join(row["reasons"]) if explain else _short(row["korean_sentence"], 40)
        korean = row["korean"] if not explain or row.get("kept") else f"[dim]{row['korean']}[/dim]"
        table.add_row(
            korean,
            row["english"] or "[dim]—[/dim]",
            f"{row['confidence']:.2f}",
            str(row["count"]),
            _short("; ".join(row["glosses"][:3]), 36),
            example,
        )
    console = Console(file=out, width=None if out.isatty() else 160, soft_wrap=False)
    console.print(table)


def _short(text: str, n: int) -> str:
    return text if len(text) <= n else text[: n - 1] + "…"


COMMANDS = {"build": _cmd_build, "terms": _cmd_terms, "preview": _cmd_preview, "dict": _cmd_dict}


def main(
    argv: Sequence[str] | None = None, out: TextIO | None = None, err: TextIO | None = None
) -> int:
    """Run the command line; return the exit code."""
    out = out if out is not None else sys.stdout
    err = err if err is not None else sys.stderr
    parser = build_parser()
    try:
        # argparse writes help and usage errors to sys.stdout/sys.stderr itself.
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse exits for --help/--version (0) and usage errors (2)
        return int(exc.code or 0)
    if not args.command:
        parser.print_help(err)
        return 2
    try:
        return COMMANDS[args.command](args, out, err)
    except UsageError as exc:
        print(f"flashcards {args.command}: error: {exc}", file=err)
        return 2
    except FlashcardsError as exc:
        print(f"flashcards: error: {exc}", file=err)
        return 1
    except KeyboardInterrupt:
        print("flashcards: interrupted", file=err)
        return 130
    except BrokenPipeError:  # e.g. `flashcards terms … | head`
        return 0


def run() -> None:  # pragma: no cover - console-script entry
    sys.exit(main())


if __name__ == "__main__":  # pragma: no cover
    run()
