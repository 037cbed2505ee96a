"""Benchmark alignment speed against analysis: term and sentence alignment vs Kiwi + spaCy.

Run from the project root: ``.venv/bin/python benchmarks/align_speed.py [--passes N]``.
Target (issue 3): alignment ≤ 10% of the time Kiwi + spaCy spend on the same article.

Each pass runs in a fresh process that loads the analyzers and the lexicon, warms their lazy
indexes (and wordfreq's English list) on a small text of its own, then analyses every article
once, in order, as ``flashcards build DIR/`` would: each article is new to the aligner's
caches (translit's and the term aligner's), though earlier articles of the pass have warmed
them. Stages are timed as
``pipeline.analyze`` runs them: Kiwi + spaCy (``korean.analyze`` + ``english.analyze``), joining
multiword units, sentence alignment, term alignment (with the names joined by sound and
unified before it; the last two stages inside ``pipeline.aligning``, its garbage-collector
handling included); the share of term alignment spent in
transliteration (``translit.similarity``) is shown beside it, from one more pass of its own
(timing each call slows term alignment down). Figures are medians over passes,
and each ratio is taken pass by pass, so the shared machine's load affects both sides alike.
The dev pseudo-articles need ``../shared`` (skipped when absent); the sample is always there.
Nothing here is a test: it prints figures and never fails on a missed target.
"""

from __future__ import annotations

import argparse
import functools
import json
import os
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from flashcards.models import Article  # noqa: E402

SHARED = ROOT.parent / "shared"
STAGES = ("kiwi+spacy", "join", "sentences", "terms", "translit")
# Loads the lexicon's hanja index, the hanja readings and the word tables before timing.
WARM_UP = (
    "정부는 새 제도(制度)를 도입했다. 스타트업 기업들이 환영했다.\n\n"
    "The government introduced a new system. Start-ups welcomed it.\n"
)


def articles() -> list[tuple[str, Article]]:
    """Return the sample and, when ``../shared`` is there, the dev pseudo-articles."""
    from flashcards.bench.corpus import default_gold_dir, load_pseudo_articles
    from flashcards.reader import read_sample

    found: list[tuple[str, Article]] = [("sample", read_sample())]
    if (SHARED / "parallel").is_dir():
        specs = default_gold_dir() / "articles.tsv"
        found += [(pa.article_id, pa.article) for pa in load_pseudo_articles(SHARED, specs)]
    return found


def one_pass(time_translit: bool = False) -> dict[str, dict[str, float]]:
    """Analyse every article once in this process; return each stage's seconds per article.

    With ``time_translit``, every transliteration call is timed too (a Python-level wrapper
    around each, which slows term alignment down: such a pass only gives that column).
    """
    from flashcards import english, korean, pipeline
    from flashcards.align import names, terms
    from flashcards.align.glosses import EnglishOf
    from flashcards.align.sentences import align_sentences
    from flashcards.align.translit import _slot_of, looks_like_loanword, similarity
    from flashcards.reader import read_text

    kiwi, nlp, lookup = korean.default_kiwi(), english.default_nlp(), pipeline.default_lookup()
    pipeline.analyze(read_text(WARM_UP), kiwi=kiwi, nlp=nlp, lookup=lookup)
    similarity.cache_clear()  # the warm-up's names must not help the articles
    _slot_of.cache_clear()
    # Words with digits or apostrophes ("9/11") are looked up in wordfreq's English list,
    # loaded on first need, and plain words in the common words' list (its cache file); load
    # them here like the other lazy indexes, or the first article needing them pays.
    from flashcards.align.words import common_english, distinctive

    distinctive("9/11")
    common_english()

    translate = EnglishOf(lookup)  # as pipeline.analyze asks

    spent = [0.0]

    def timed_similarity(korean_word: str, english_text: str, floor: float = 0.6) -> float:
        start = time.perf_counter()
        score = similarity(korean_word, english_text, floor)
        spent[0] += time.perf_counter() - start
        return score

    sound = timed_similarity if time_translit else similarity
    results: dict[str, dict[str, float]] = {}
    for name, article in articles():
        t0 = time.perf_counter()
        ko = korean.analyze(article.korean, kiwi)
        en = english.analyze(article.english, nlp)
        t1 = time.perf_counter()
        ko = pipeline.join_units(ko, article.text, lookup, looks_like_loanword)
        t2 = time.perf_counter()
        with pipeline.aligning():
            links = align_sentences(ko, en, translate=translate) if en.sentences else ()
            t3 = time.perf_counter()
            spent[0] = 0.0
            ko = names.join_names_by_sound(ko, en, article.text, sound, translate.noun)
            ko = korean.unify_names(ko, functools.partial(pipeline.has_glosses, lookup))
            terms.align_terms(
                ko, en, links, text=article.text, glosses=lookup,
                translit=sound, is_loanword=looks_like_loanword,
            )  # fmt: skip
        t4 = time.perf_counter()
        results[name] = dict(
            zip(STAGES, (t1 - t0, t2 - t1, t3 - t2, t4 - t3, spent[0]), strict=True)
        )
    return results


def run_passes(passes: int, flag: str = "--one-pass") -> list[dict[str, dict[str, float]]]:
    """Run ``passes`` fresh processes, each timing every article once."""
    done = []
    for _ in range(passes):
        out = subprocess.run(
            [sys.executable, __file__, flag],
            capture_output=True,
            text=True,
            check=True,
            cwd=ROOT,
        )
        done.append(json.loads(out.stdout.splitlines()[-1]))
    return done


def report(
    runs: Sequence[dict[str, dict[str, float]]], translit_run: dict[str, dict[str, float]]
) -> None:
    """Print the stages' medians; the translit column comes from ``translit_run``."""
    names = list(runs[0])
    print(
        f"{'article':<22} {'Kiwi+spaCy':>10} {'sentences':>10} {'terms':>8} {'(translit)':>10} "
        f"{'terms/KS':>9} {'align/KS':>9}"
    )

    def row(label: str, pick: Callable[[dict[str, dict[str, float]]], dict[str, float]]) -> None:
        stage = {s: statistics.median(pick(run)[s] for run in runs) * 1000 for s in STAGES}
        terms_ratio = statistics.median(pick(r)["terms"] / pick(r)["kiwi+spacy"] for r in runs)
        align_ratio = statistics.median(
            (pick(r)["terms"] + pick(r)["sentences"]) / pick(r)["kiwi+spacy"] for r in runs
        )
        print(
            f"{label:<22} {stage['kiwi+spacy']:>8.1f}ms {stage['sentences']:>8.1f}ms "
            f"{stage['terms']:>6.1f}ms {pick(translit_run)['translit'] * 1000:>8.1f}ms "
            f"{terms_ratio:>8.1%} {align_ratio:>9.1%}"
        )

    for name in names:
        row(name, functools.partial(_article, name=name))
    dev = [n for n in names if n != "sample"]
    if dev:

        def mean_dev(run: dict[str, dict[str, float]]) -> dict[str, float]:
            return {s: statistics.mean(run[n][s] for n in dev) for s in STAGES}

        row(f"dev mean ({len(dev)})", mean_dev)
    else:
        print(f"(dev pseudo-articles skipped: {SHARED / 'parallel'} is not present)")
    print("target: alignment (sentences + terms) ≤ 10% of Kiwi + spaCy")


def _article(run: dict[str, dict[str, float]], name: str) -> dict[str, float]:
    return run[name]


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0] if __doc__ else None)
    parser.add_argument("--passes", type=int, default=3, help="fresh processes to run (3)")
    parser.add_argument("--one-pass", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--one-pass-translit", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.one_pass or args.one_pass_translit:
        print(json.dumps(one_pass(time_translit=args.one_pass_translit)))
        return
    print(
        f"alignment speed · {time.strftime('%Y-%m-%d %H:%M')} · {os.cpu_count()} CPUs · "
        f"load average {os.getloadavg()[0]:.2f} · median of {args.passes} passes (+1 for translit)"
    )
    runs: Any = run_passes(max(1, args.passes))
    # One more pass times transliteration alone: its timer would slow the others' term stage.
    (translit_run,) = run_passes(1, "--one-pass-translit")
    report(runs, translit_run)


if __name__ == "__main__":
    main()
