"""List what the aligner placed on dev stretches that have no gold, for a reader to judge.

Run from the project root: ``.venv/bin/python benchmarks/ungraded.py [--evidence KIND] [--pos
POS] [--empty]``. The dev split of ``../shared/parallel`` has far more lines than the 12 gold
pseudo-articles (``benchmarks/gold/articles.tsv``): the lines outside them (and a line either side
of each) are cut into stretches of up to 15 consecutive pairs, one paragraph per line on each
side, and aligned as articles. Each row shows a term, the English it was given, and the Korean and
English around both, so that a bilingual reader can count right and wrong placements of one
mechanism (``--evidence arguments``, ``cooccurrence``, ``translit`` ...) on text nobody tuned on.
Without ``../shared`` it says so and stops. Prints rows and counts; never judges them itself.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

STRETCH = 15
SHORTEST = 5


def stretches(lines: int, taken: list[range]) -> list[range]:
    """Cut the 1-based lines 1..``lines`` outside ``taken`` (widened by one) into stretches."""
    busy = {n for r in taken for n in range(r.start - 1, r.stop + 1)}
    found: list[range] = []
    run: list[int] = []
    for n in range(1, lines + 1):
        if n in busy or (run and len(run) == STRETCH):
            if len(run) >= SHORTEST:
                found.append(range(run[0], run[-1] + 1))
            run = []
        if n not in busy:
            run.append(n)
    if len(run) >= SHORTEST:
        found.append(range(run[0], run[-1] + 1))
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").partition("\n")[0])
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    parser.add_argument("--evidence", help="only placements with this kind of evidence")
    parser.add_argument("--pos", help="only terms of this part of speech (noun, proper, verb ...)")
    parser.add_argument("--empty", action="store_true", help="list the terms left empty instead")
    args = parser.parse_args(argv)

    from flashcards import english, korean, pipeline
    from flashcards.bench.corpus import (
        ArticleSpec,
        BenchDataError,
        build_pseudo_article,
        default_gold_dir,
        read_parallel,
        read_specs,
    )

    try:
        ko_lines, en_lines = read_parallel(args.shared)
    except BenchDataError as e:
        print(f"skipped: {e}")
        return 0
    gold = [spec.lines for spec in read_specs(default_gold_dir() / "articles.tsv")]
    kiwi, nlp, lookup = korean.default_kiwi(), english.default_nlp(), pipeline.default_lookup()
    shown = terms = 0
    for lines in stretches(len(ko_lines), gold):
        size = len(lines)
        spec = ArticleSpec(f"dev-{lines.start}", lines.start, lines[-1], (1,) * size, (1,) * size)
        art = build_pseudo_article(spec, ko_lines, en_lines).article
        analysis = pipeline.analyze(art, kiwi=kiwi, nlp=nlp, lookup=lookup)
        text = art.text
        for term in analysis.alignment.terms:
            if args.pos and term.pos != args.pos:
                continue
            terms += 1
            cp = term.counterpart
            if args.empty != (cp is None):
                continue
            if args.evidence and (cp is None or args.evidence not in cp.evidence):
                continue
            shown += 1
            occ = term.occurrences[0]
            ko = text[max(0, occ.start - 20) : occ.end + 8]
            row = f"{lines.start}: {term.lemma} -> {cp.text if cp else None!r} | {ko!r}"
            if cp is not None:
                row += f" | {text[max(0, cp.start - 40) : cp.end + 15]!r}"
            print(row)
    print(f"{shown} rows of {terms} terms", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
