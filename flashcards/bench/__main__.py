"""``python -m flashcards.bench align``: measure the aligner on the development gold set."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path

from flashcards.bench.corpus import default_gold_dir, default_shared, load_pseudo_articles
from flashcards.errors import FlashcardsError
from flashcards.models import Article, Gloss


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m flashcards.bench")
    sub = parser.add_subparsers(dest="command", required=True)
    align = sub.add_parser("align", help="score sentence and term alignment on the gold set")
    align.add_argument("--shared", type=Path, default=None, help="the shared data folder")
    align.add_argument("--gold", type=Path, default=None, help="folder with articles.tsv etc.")
    align.add_argument("--article", action="append", default=[], help="only this article id")
    align.add_argument("--no-lexicon", action="store_true", help="align without dictionary glosses")
    align.add_argument("--verbose", action="store_true", help="list every error")
    align.add_argument("--json", action="store_true", help="print figures and errors as JSON")
    align.add_argument(
        "--exclude",
        type=Path,
        default=None,
        help="leave out the gold terms listed in this file (whitespace-separated, # comments)",
    )
    return parser


def _no_glosses(lemma: str, pos: str) -> tuple[Gloss, ...]:
    return ()


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    from flashcards.bench import align
    from flashcards.bench.corpus import exclude_terms, read_gold_terms, read_term_list

    gold_dir = args.gold or default_gold_dir()
    try:
        articles = load_pseudo_articles(args.shared or default_shared(), gold_dir / "articles.tsv")
        gold = read_gold_terms(gold_dir / "terms.tsv")
        if args.exclude is not None:
            gold = exclude_terms(gold, read_term_list(args.exclude))
        if args.article:
            articles = [a for a in articles if a.article_id in set(args.article)]
            if not articles:
                print(f"no article named {', '.join(args.article)}", file=sys.stderr)
                return 2
        from flashcards import pipeline

        lookup: pipeline.GlossLookup | None = None if not args.no_lexicon else _no_glosses
        if lookup is None:
            try:
                lookup = pipeline.default_lookup()
            except ImportError as exc:  # the lexicon is still being written
                print(f"warning: no lexicon ({exc}); aligning without glosses", file=sys.stderr)
                lookup = _no_glosses

        def analyze(article: Article) -> pipeline.Analysis:
            return pipeline.analyze(article, lookup=lookup)

        # Load the analyzers before timing, so the first article does not carry their start-up.
        analyze(articles[0].article)
        result = align.run_bench(articles, gold, analyze)
    except FlashcardsError as exc:
        print(f"benchmark skipped: {exc}", file=sys.stderr)
        return 1
    if args.json:
        payload = {"summary": align.summary(result)}
        for split in result.splits:
            payload[split] = align.summary(result.subset(split))
        payload["errors"] = align.errors(result)
        print(json.dumps(payload, ensure_ascii=False, indent=2))
    else:
        print(align.format_report(result, verbose=args.verbose), end="")
    return 0


if __name__ == "__main__":
    sys.exit(main())
