"""The core glossary: the loader on a fixture, and checks over every shipped glossary file.

The shipped-file tests are data-driven: they run over whatever ``flashcards/data/glossary/*.tsv``
holds, one test per file, and list every offending line in the failure message.
"""

from __future__ import annotations

from collections import Counter
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from flashcards.lexicon.glossary import (
    GLOSSARY_POS,
    Glossary,
    glossary_files,
    is_senses_file,
    load_glossary,
    parse_glossary,
    read_glossary_files,
)

FIXTURE_DIR = Path(__file__).resolve().parent / "data" / "glossary"
SHIPPED = glossary_files()
SHIPPED_IDS = [f.name for f in SHIPPED]


# --- the loader -----------------------------------------------------------------------------


def test_fixture_loads() -> None:
    glossary = load_glossary(FIXTURE_DIR)
    assert len(glossary) == 6
    assert [g.text for g in glossary.lookup("사과")] == ["apple", "apology"]
    assert {g.source for g in glossary.lookup("사과")} == {"glossary"}
    assert glossary.lookup("없는말") == []
    assert "서울" in glossary


def test_parse_reports_bad_lines() -> None:
    text = "\n".join(
        [
            "# comment",
            "학교\tnoun\tschool",
            "학교\tnoun",  # 2 fields
            "school\tnoun\t학교",  # lemma not Korean
            "가다\tverbish\tgo",  # unknown pos
            "오다\tverb\tcome; ",  # empty gloss
            "보다\tverb\tsee; look; watch; view; regard; consider",  # 6 glosses
            "크다\tadjective\tbig; big",  # repeated gloss
            "   ",
        ]
    )
    entries, problems = parse_glossary(text, "t.tsv")
    assert [(p.line, p.message.split()[0]) for p in problems] == [
        (3, "expected"),
        (4, "lemma"),
        (5, "pos"),
        (6, "empty"),
        (7, "6"),
        (8, "repeated"),
    ]
    assert str(problems[0]).startswith("t.tsv:3: ")
    # Lines with too many or repeated glosses still load (the test suite flags them).
    assert [e.lemma for e in entries] == ["학교", "보다", "크다"]


def test_lookup_prefers_requested_pos() -> None:
    entries, _ = parse_glossary("있다\tverb\texist\n있다\tadjective\tthere is; have\n", "x")
    glossary = Glossary(entries)
    assert [g.text for g in glossary.lookup("있다", "adjective")] == ["there is", "have", "exist"]
    assert [g.text for g in glossary.lookup("있다", "verb")] == ["exist", "there is", "have"]


# --- the shipped files ----------------------------------------------------------------------

pytestmark_shipped = pytest.mark.skipif(not SHIPPED, reason="no glossary files shipped yet")


@pytestmark_shipped
@pytest.mark.parametrize("file", SHIPPED, ids=SHIPPED_IDS)
def test_shipped_file_is_well_formed(file: Any) -> None:
    entries, problems = read_glossary_files([file])
    assert entries, f"{file.name} has no entries"
    assert not problems, "\n".join(map(str, problems))


@pytestmark_shipped
def test_no_duplicate_entries_across_files() -> None:
    entries, _ = read_glossary_files(SHIPPED)
    where: dict[tuple[str, str], list[str]] = {}
    for e in entries:
        if not is_senses_file(e.file):
            where.setdefault((e.lemma, e.pos), []).append(f"{e.file}:{e.line}")
    duplicates = {k: v for k, v in where.items() if len(v) > 1}
    assert not duplicates, "\n".join(
        f"{k[0]} {k[1]}: {', '.join(v)}" for k, v in duplicates.items()
    )


@pytestmark_shipped
def test_senses_files_only_add_new_glosses_to_entries() -> None:
    entries, _ = read_glossary_files(SHIPPED)
    base: dict[tuple[str, str], set[str]] = {}
    for e in entries:
        if not is_senses_file(e.file):
            base.setdefault((e.lemma, e.pos), set()).update(g.lower() for g in e.glosses)
    bad = []
    for e in entries:
        if is_senses_file(e.file):
            have = base.get((e.lemma, e.pos))
            if have is None:
                bad.append(f"{e.file}:{e.line}: {e.lemma} {e.pos} has no entry to add to")
            elif have & {g.lower() for g in e.glosses}:
                bad.append(f"{e.file}:{e.line}: {e.lemma} repeats a gloss")
    assert not bad, "\n".join(bad)


@pytestmark_shipped
def test_glosses_are_short_english() -> None:
    entries, _ = read_glossary_files(SHIPPED)
    bad = [
        f"{e.file}:{e.line}: {e.lemma} {g!r}"
        for e in entries
        for g in e.glosses
        if len(g) > 40 or not any("a" <= c.lower() <= "z" for c in g) or g != g.strip()
    ]
    assert not bad, "\n".join(bad)


@pytestmark_shipped
def test_pos_distribution_is_plausible() -> None:
    entries, _ = read_glossary_files(SHIPPED)
    counts = Counter(e.pos for e in entries)
    assert set(counts) <= set(GLOSSARY_POS)
    # A news glossary is mostly nouns, with verbs and adjectives next.
    assert counts["noun"] > counts["verb"] > 0
    assert counts["adjective"] > 0


# --- Kiwi validation ------------------------------------------------------------------------

# Alternative analyses within this many log-probability points of Kiwi's best one also count:
# 가장 is MAG first and NNG ("head of a household") a close second. Kiwi's fallback of reading a
# whole unknown string as one noun (돕다/NNG) scores ~8 points below and is not accepted.
SCORE_MARGIN = 4.5
TOP_N = 4

NOUN_TAGS = {"NNG", "NNP", "NNB", "NR", "NP"}
NOUN_PARTS = NOUN_TAGS | {"XR", "XSN", "XPN", "SL"}
VERB_SUFFIXES = {"XSV"}
ADJECTIVE_SUFFIXES = {"XSA", "XSA-I", "XSA-R"}


@cache
def _kiwi() -> Any:
    kiwipiepy = pytest.importorskip("kiwipiepy")
    return kiwipiepy.Kiwi()


def _base(tag: str) -> str:
    return tag.split("-")[0]


def fits(tokens: list[tuple[str, str, int, int]], lemma: str, pos: str) -> bool:
    """Tell whether one Kiwi analysis (form, tag, start, length) makes ``lemma`` a ``pos`` lemma.

    noun/proper: noun tokens (NNG, NNP, bound nouns, numerals, pronouns) possibly with roots,
    prefixes and noun suffixes (근본/NNG 적/XSN), spelling the headword exactly.
    verb: VV + 다, a noun or root + XSV (하/되/시키) + 다, or VV + 어/EC + VX + 다 (살펴보다).
    adjective: VA + 다 or a noun/root + XSA + 다 (중요하다, 자연스럽다).
    adverb: one MAG/MAJ token, or a root + XSM (조용히).
    """
    if not tokens or tokens[0][2] != 0 or sum(t[3] for t in tokens) != len(lemma):
        return False
    tags = [_base(t[1]) for t in tokens]
    if pos in ("noun", "proper"):
        return (
            all(t in NOUN_PARTS for t in tags)
            and any(t in NOUN_TAGS for t in tags)
            and "".join(t[0] for t in tokens) == lemma
        )
    if pos == "adverb":
        return (len(tags) == 1 and tags[0] in ("MAG", "MAJ") and tokens[0][0] == lemma) or (
            tags[-1] == "XSM" and all(t in NOUN_PARTS for t in tags[:-1])
        )
    if tags[-1] not in ("EF", "EC") or tokens[-1][0] != "다":
        return False
    stem = tags[:-1]
    if pos == "verb":
        if stem == ["VV"]:
            return tokens[0][0] + "다" == lemma
        if stem[-1] in VERB_SUFFIXES and all(t in NOUN_PARTS for t in stem[:-1]):
            return len(stem) >= 2
        return stem[0] == "VV" and stem[-1] == "VX" and all(t in ("EC", "VV") for t in stem[1:-1])
    if pos == "adjective":
        if stem == ["VA"]:
            return tokens[0][0] + "다" == lemma
        if _base(tokens[-2][1]) in {_base(t) for t in ADJECTIVE_SUFFIXES}:
            return len(stem) >= 2 and all(t in NOUN_PARTS for t in stem[:-1])
        return (
            stem[0] in ("VA", "VV")
            and stem[-1] == "VX"
            and all(t in ("EC", "VV", "VA") for t in stem[1:-1])
        )
    return False


# A word alone is often ambiguous for Kiwi (아이 alone reads as the interjection, 지다 as the
# auxiliary verb), so each headword is also analysed after a neutral frame fitting its POS; the
# analysis of the headword's own characters must then fit.
FRAMES = {
    "noun": "그 ",
    "proper": "그 ",
    "verb": "그것을 ",
    "adjective": "그것은 ",
    "adverb": "그는 ",
}


def _candidates(analyses: Any, offset: int) -> list[list[tuple[str, str, int, int]]]:
    best = analyses[0][1]
    out = []
    for tokens, score in analyses:
        if score < best - SCORE_MARGIN:
            continue
        if any(t.start < offset < t.start + t.len for t in tokens):
            continue  # the frame merged into the headword
        out.append([(t.form, t.tag, t.start - offset, t.len) for t in tokens if t.start >= offset])
    return out


# Headwords Kiwi reads differently even in a frame (여기다 alone is 여기 "here" + 다), checked
# instead in an inflected sentence where Kiwi must find the lemma itself.
IN_CONTEXT = {
    ("여기다", "verb"): "그 일을 중요하게 여겼다.",
}


def _lemma_in_context(kiwi: Any, lemma: str, sentence: str) -> bool:
    return any(
        getattr(t, "lemma", t.form + "다") == lemma and str(t.tag).startswith("VV")
        for t in kiwi.tokenize(sentence)
    )


def _checked_words(entry: Any) -> list[tuple[str, str]] | None:
    """Return the (word, pos) pairs Kiwi must accept for ``entry``, or None if it cannot pass.

    A spaced headword (인재 유출, 유엔 총회) is a multiword noun: news writes its parts apart, so
    each part must pass on its own as a noun, exactly as an unspaced noun headword would. Only
    noun and proper headwords may be spaced, with single spaces.
    """
    if " " not in entry.lemma:
        return [(entry.lemma, entry.pos)]
    parts = entry.lemma.split(" ")
    if entry.pos not in ("noun", "proper") or not all(parts):
        return None
    return [(part, "noun") for part in parts]


def _pipeline_reads(word: str, pos: str) -> bool:
    """Tell whether our own analysis makes this term of the word (passives such as 지워지다)."""
    from flashcards import korean
    from flashcards.models import Paragraph

    doc = korean.analyze([Paragraph("ko", 0, len(word), word)], _kiwi())
    kinds = {"noun", "proper"} if pos in ("noun", "proper") else {pos}
    return any(t.lemma == word and t.pos in kinds for t in doc.terms)


def kiwi_problems(entries: list[Any]) -> list[str]:
    kiwi = _kiwi()
    checks: list[tuple[int, str, str]] = []
    failures: dict[int, list[str]] = {}
    for index, entry in enumerate(entries):
        words = _checked_words(entry)
        if words is None:
            failures[index] = ["only noun and proper headwords may be spaced, with single spaces"]
            continue
        checks.extend((index, word, pos) for word, pos in words)
    bare = kiwi.analyze([word for _, word, _ in checks], top_n=TOP_N)
    framed = kiwi.analyze([FRAMES[pos] + word for _, word, pos in checks], top_n=TOP_N)
    for (index, word, pos), alone, in_frame in zip(checks, bare, framed, strict=True):
        example = IN_CONTEXT.get((word, pos))
        if example is not None and _lemma_in_context(kiwi, word, example):
            continue
        candidates = _candidates(alone, 0) + _candidates(in_frame, len(FRAMES[pos]))
        if not any(fits(c, word, pos) for c in candidates) and not _pipeline_reads(word, pos):
            shown = " | ".join(" ".join(f"{f}/{t}" for f, t, _, _ in c) for c in candidates)
            part = f"{word}: " if word != entries[index].lemma else ""
            failures.setdefault(index, []).append(f"{part}Kiwi: {shown}")
    return [
        f"{entries[i].file}:{entries[i].line}: {entries[i].lemma} {entries[i].pos}: "
        + "; ".join(failures[i])
        for i in sorted(failures)
    ]


def test_fits_rules() -> None:
    def t(*parts: str) -> list[tuple[str, str, int, int]]:
        out, start = [], 0
        for part in parts:
            form, tag = part.rsplit("/", 1)
            out.append((form, tag, start, len(form)))
            start += len(form)
        return out

    assert fits(t("학교/NNG"), "학교", "noun")
    assert fits(t("근본/NNG", "적/XSN"), "근본적", "noun")
    assert not fits(t("먹/VV", "다/EF"), "먹다", "noun")
    assert fits(t("먹/VV", "다/EF"), "먹다", "verb")
    assert fits(t("도입/NNG", "하/XSV", "다/EF"), "도입하다", "verb")
    assert not fits(t("도입/NNG", "하/XSV", "다/EF"), "도입하다", "adjective")
    assert fits(t("중요/XR", "하/XSA", "다/EF"), "중요하다", "adjective")
    assert fits(t("자연/NNG", "스럽/XSA-I", "다/EF"), "자연스럽다", "adjective")
    assert fits(t("조용히/MAG"), "조용히", "adverb")
    assert fits(t("조용/XR", "히/XSM"), "조용히", "adverb")
    assert not fits(t("조용/XR", "히/XSM"), "조용히", "noun")
    assert not fits(t("학교/NNG"), "학교다", "noun")  # tokens must cover the headword


@pytest.mark.slow
@pytestmark_shipped
@pytest.mark.parametrize("file", SHIPPED, ids=SHIPPED_IDS)
def test_headwords_are_kiwi_lemmas_of_their_pos(file: Any) -> None:
    entries, _ = read_glossary_files([file])
    problems = kiwi_problems(entries)
    assert not problems, f"{len(problems)} of {len(entries)} headwords:\n" + "\n".join(problems)


@pytest.mark.slow
def test_kiwi_check_rejects_wrong_pos_and_inflected_forms() -> None:
    from flashcards.lexicon.glossary import GlossaryEntry

    def entry(lemma: str, pos: str) -> GlossaryEntry:
        return GlossaryEntry(lemma, pos, ("x",), "t.tsv", 1)

    good = [
        entry("학교", "noun"),
        entry("도입하다", "verb"),
        entry("중요하다", "adjective"),
        entry("빨리", "adverb"),
        entry("서울", "proper"),
        entry("아이", "noun"),
    ]
    bad = [
        entry("학교", "verb"),
        entry("먹다", "adjective"),
        entry("빨리", "noun"),
        entry("먹었다", "verb"),
        entry("학교에서", "noun"),
        entry("중요한", "adjective"),
    ]
    assert kiwi_problems(good) == []
    flagged = kiwi_problems(bad)
    assert [line.split(": ")[1] for line in flagged] == [f"{e.lemma} {e.pos}" for e in bad]


def test_parse_accepts_single_spaced_phrases() -> None:
    text = "인재 유출\tnoun\tbrain drain\n인재  유출\tnoun\tbrain drain\n"
    entries, problems = parse_glossary(text, "t.tsv")
    assert [e.lemma for e in entries] == ["인재 유출"]
    assert [(p.line, p.message.split()[0]) for p in problems] == [(2, "lemma")]


@pytest.mark.slow
def test_kiwi_check_spaced_headwords_part_by_part() -> None:
    from flashcards.lexicon.glossary import GlossaryEntry

    def entry(lemma: str, pos: str) -> GlossaryEntry:
        return GlossaryEntry(lemma, pos, ("x",), "t.tsv", 1)

    good = [
        entry("인재 유출", "noun"),
        entry("쓰레기 매립지", "noun"),
        entry("유엔 총회", "proper"),
        entry("소비자 물가 지수", "noun"),
    ]
    bad = [
        entry("부동산 시장에서", "noun"),  # a part carries a particle
        entry("시장에 가다", "noun"),  # a verb phrase
        entry("경제가 성장하다", "verb"),  # only nouns may be spaced
        entry("인재  유출", "noun"),  # two spaces: an empty part
        entry("빨리 빨리", "adverb"),
        entry("학교 먹다", "noun"),  # one part is a verb
    ]
    assert kiwi_problems(good) == []
    flagged = kiwi_problems(bad)
    assert [line.split(": ")[1] for line in flagged] == [f"{e.lemma} {e.pos}" for e in bad]


def test_lookup_ignores_how_a_compound_is_spaced() -> None:
    from flashcards.lexicon.glossary import Glossary, GlossaryEntry

    glossary = Glossary(
        [
            GlossaryEntry("정상회담", "noun", ("summit",), "t.tsv", 1),
            GlossaryEntry("인재 유출", "noun", ("brain drain",), "t.tsv", 2),
        ]
    )
    assert [g.text for g in glossary.lookup("정상 회담", "noun")] == ["summit"]
    assert [g.text for g in glossary.lookup("인재유출", "noun")] == ["brain drain"]
    assert [g.text for g in glossary.lookup("인재 유출", "noun")] == ["brain drain"]
    assert glossary.lookup("인재", "noun") == []


@pytestmark_shipped
def test_fast_loader_reads_what_the_checked_parser_reads() -> None:
    fast = load_glossary()
    entries, problems = read_glossary_files(SHIPPED)
    assert not problems
    checked = Glossary(entries)
    for lemma in {e.lemma for e in entries}:
        assert fast.lookup(lemma) == checked.lookup(lemma), lemma
