"""Build decks for many articles: the worker side of ``flashcards build A B DIR/ …``.

``flashcards.cli`` reads the articles, chooses each deck's path and prints; this module only
builds. With several jobs each article goes to a worker process that loaded the analyzers once
(``init_worker``); with one job the same ``build_one`` runs in the calling process
(``InlineExecutor``), so both give the same decks.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
from collections.abc import Callable
from concurrent.futures import Executor, Future, ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, ParamSpec, TypeVar

from flashcards.errors import FlashcardsError
from flashcards.models import Article, StudyItem

if TYPE_CHECKING:
    from flashcards.export import DeckOptions, DeckSummary
    from flashcards.vocab import VocabOptions

_P = ParamSpec("_P")
_T = TypeVar("_T")

# Why a worker could not load the analyzers: re-raised for each of its articles, so the batch
# reports it per article instead of breaking the whole pool (an initializer that raises does).
_LOAD_ERROR: list[FlashcardsError] = []


@dataclass(frozen=True)
class Task:
    """One article to build; ``path`` None only analyses it (its items go into a merged deck)."""

    article: Article
    options: VocabOptions
    deck_options: DeckOptions | None = None
    path: Path | None = None
    overwrite: bool = False


@dataclass(frozen=True)
class Outcome:
    """What building one article gave: its study items and, when written, the deck's summary."""

    items: tuple[StudyItem, ...]
    summary: DeckSummary | None = None


def load_analyzers() -> None:
    """Load Kiwi, spaCy and the lexicon into this process (each is cached)."""
    from flashcards import english, korean, pipeline

    korean.default_kiwi()
    english.default_nlp()
    pipeline.default_lookup()


def init_worker() -> None:
    """Prepare a worker process: analyzers loaded once, Ctrl-C left to the parent.

    The parent cancels the queued articles on Ctrl-C; a worker finishes the article it is on
    (its deck is written atomically) instead of dying half-way with a traceback.
    """
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        load_analyzers()
    except FlashcardsError as exc:
        _LOAD_ERROR.append(exc)


def build_one(task: Task) -> Outcome:
    """Analyse one article and, when ``task.path`` is set, write its deck there."""
    from flashcards import pipeline

    if _LOAD_ERROR:
        raise _LOAD_ERROR[0]
    result = pipeline.run(task.article, task.options)
    if task.path is None:
        return Outcome(result.items)
    from flashcards.export import DeckOptions, write_deck

    summary = write_deck(
        result.items,
        task.article.source,
        task.path,
        task.deck_options if task.deck_options is not None else DeckOptions(),
        overwrite=task.overwrite,
    )
    return Outcome(result.items, summary)


def cpu_count() -> int:
    """Return the number of cores this process may run on."""
    try:
        return len(os.sched_getaffinity(0)) or 1
    except AttributeError:  # pragma: no cover - not on Linux
        return os.cpu_count() or 1


def default_jobs(articles: int) -> int:
    """One worker per core, no more workers than articles; one for a single article."""
    return max(1, min(cpu_count(), articles))


class InlineExecutor(Executor):
    """Run each submitted call at once, in this process: ``--jobs 1`` without a pool."""

    def submit(self, fn: Callable[_P, _T], /, *args: _P.args, **kwargs: _P.kwargs) -> Future[_T]:
        future: Future[_T] = Future()
        try:
            future.set_result(fn(*args, **kwargs))
        except Exception as exc:  # KeyboardInterrupt is not stored: it stops the batch
            future.set_exception(exc)
        return future


def executor(jobs: int) -> Executor:
    """Return an executor running ``build_one`` on ``jobs`` workers (in-process for one)."""
    if jobs <= 1:
        return InlineExecutor()
    # "spawn": the parent may already run threads (the progress bar), which fork does not
    # survive safely; each worker imports flashcards afresh and loads the analyzers once.
    return ProcessPoolExecutor(
        max_workers=jobs,
        mp_context=multiprocessing.get_context("spawn"),
        initializer=init_worker,
    )
