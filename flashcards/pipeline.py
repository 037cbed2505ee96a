"""Run the stages in order: analysis → sentence alignment → term alignment → vocabulary → deck."""

from __future__ import annotations

import functools
import time
from collections.abc import Callable, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from flashcards import english, korean
from flashcards.align import cyclic_gc_paused
from flashcards.align import terms as term_align
from flashcards.errors import InputError
from flashcards.models import (
    Alignment,
    Article,
    EnglishDoc,
    Gloss,
    KoreanDoc,
    StudyItem,
    TermOccurrence,
)
from flashcards.vocab import (
    Decision,
    VocabOptions,
    carries_vocabulary,
    decide,
    study_items,
)

if TYPE_CHECKING:
    from flashcards.export import DeckOptions, DeckSummary

# lookup(lemma, pos) or lookup(lemma, pos, hanja="崛起"), as Lexicon.lookup.
GlossLookup = Callable[..., Sequence[Gloss]]

# Limits per article (see ``check_term_count``): a news article has two or three hundred
# different terms in three or four hundred places; a long feature fits many times over.
MAX_DISTINCT_TERMS = 5_000
MAX_TERM_OCCURRENCES = 50_000


@dataclass(frozen=True)
class Analysis:
    """Everything the pipeline learned about one article."""

    article: Article
    korean: KoreanDoc
    english: EnglishDoc
    alignment: Alignment
    timings: tuple[tuple[str, float], ...] = ()


@dataclass(frozen=True)
class Result:
    """An analysis with the vocabulary decisions and the items chosen for study."""

    analysis: Analysis
    decisions: tuple[Decision, ...]
    items: tuple[StudyItem, ...]


def default_lookup() -> GlossLookup:
    """Return the default lexicon's lookup (glossary, hanja bridge, user dictionaries)."""
    from flashcards.lexicon import default_lexicon

    lookup: GlossLookup = default_lexicon().lookup
    return lookup


def analyze(
    article: Article,
    *,
    kiwi: Any = None,
    nlp: Any = None,
    lookup: GlossLookup | None = None,
    term_options: term_align.TermAlignOptions = term_align.TermAlignOptions(),
) -> Analysis:
    """Analyse both languages and align sentences, then terms."""
    from flashcards.align.glosses import EnglishOf
    from flashcards.align.names import join_names_by_sound
    from flashcards.align.sentences import align_sentences
    from flashcards.align.translit import looks_like_loanword, similarity

    lookup = lookup if lookup is not None else default_lookup()
    timings: list[tuple[str, float]] = []
    t0 = time.perf_counter()
    ko = korean.analyze(article.korean, kiwi)
    t_kiwi = time.perf_counter()
    check_term_count(ko, article)
    ko = join_units(ko, article.text, lookup, looks_like_loanword)
    t1 = time.perf_counter()
    en = english.analyze(article.english, nlp)
    t2 = time.perf_counter()

    translate = EnglishOf(lookup)
    with aligning():
        links = align_sentences(ko, en, translate=translate) if en.sentences else ()
        t3 = time.perf_counter()
        ko = join_names_by_sound(ko, en, article.text, similarity, translate.noun)
        # Again after the names joined by sound, which may be tagged both ways too.
        ko = korean.unify_names(ko, functools.partial(has_glosses, lookup))
        aligned = term_align.align_terms(
            ko,
            en,
            links,
            text=article.text,
            glosses=lookup,
            translit=similarity,
            is_loanword=looks_like_loanword,
            options=term_options,
        )
    t4 = time.perf_counter()
    timings = [
        ("korean", t_kiwi - t0),
        ("join", t1 - t_kiwi),
        ("english", t2 - t1),
        ("sentences", t3 - t2),
        ("terms", t4 - t3),
    ]
    return Analysis(article, ko, en, Alignment(tuple(links), aligned), tuple(timings))


def aligning() -> AbstractContextManager[None]:
    """Run alignment with the cyclic garbage collector paused, and freeze what outlives it.

    Alignment makes no reference cycle (tests/test_pipeline.py checks), so collections
    meanwhile or later would only walk its objects again. What outlives it (the analyses,
    the results, the lexicon's and the aligner's caches, and the models once loaded) goes to
    the permanent generation, still freed when nothing refers to it; memory stays flat over a
    batch (measured on 52 articles).
    """
    return cyclic_gc_paused(freeze=True)


def check_term_count(doc: KoreanDoc, article: Article) -> None:
    """Refuse a text with more terms than any article has, before the slow stages run.

    Such a text is a book or many articles pasted together; aligning its terms would take many
    minutes (the term aligner grows faster than the text), so it fails after the quick Korean
    analysis, with a message, instead of running for ever.
    """
    distinct = len({(t.lemma, t.pos) for t in doc.terms})
    if distinct <= MAX_DISTINCT_TERMS and len(doc.terms) <= MAX_TERM_OCCURRENCES:
        return
    name = article.source.path or article.source.url or article.title or "the article"
    raise InputError(
        f"{name} has {distinct:,} different Korean terms in {len(doc.terms):,} places (the limit "
        f"is {MAX_DISTINCT_TERMS:,} and {MAX_TERM_OCCURRENCES:,}): it looks like a book or many "
        "articles pasted together; split it into single articles"
    )


# Particles Kiwi sometimes leaves glued to a noun it then reads as an unknown word. Not 이, 도
# or 와, which end many names (하와이, 올랜도, 오타와).
_GLUED_PARTICLES = (
    "까지",
    "에서",
    "부터",
    "에게",
    "으로",
    "가",
    "은",
    "는",
    "을",
    "를",
    "과",
    "의",
)


def join_units(
    doc: KoreanDoc,
    text: str,
    lookup: GlossLookup,
    is_loanword: Callable[[str], bool],
) -> KoreanDoc:
    """Join the spaced multiword units a learner studies whole.

    People's names (존 매케인: short proper nouns our dictionaries do not know, and no
    organisation) replace their parts; compounds a dictionary lists (인재 유출) and runs of
    loanwords (클리퍼 칩) are added beside their parts.
    """

    def entry(lemma: str, pos: str) -> bool:
        # The hanja bridge "knows" almost any syllable (존 → 存) and any noun can be glossed
        # part by part; only real dictionary entries count as knowing a name.
        return any(g.source not in ("hanja", "compound") for g in lookup(lemma, pos))

    def name_part(word: str, pos: str) -> bool:
        # Kiwi tags many foreign names it does not know as common nouns (도쿠다 시게오); a
        # noun that no source can gloss at all is a name part too.
        if not _is_hangul_word(word) or len(word) > 7 or carries_vocabulary(word):
            return False
        if any(
            word.endswith(particle)
            and len(word) - len(particle) >= 2
            and entry(word[: -len(particle)], "noun")
            for particle in _GLUED_PARTICLES
        ):
            # Kiwi took a known noun and its particle for one unknown word (고추가, 금요일까지).
            return False
        glosses = lookup(word, "proper" if pos == "proper" else "noun")
        if pos == "proper":
            # Sound-alike hanja and part-by-part glosses are guesses, not knowledge of a word.
            return not any(g.source not in ("hanja", "compound") for g in glosses)
        return len(word) >= 2 and not glosses

    def known_name(word: str, pos: str) -> bool:
        # A name our glossary knows (오바마 → Obama): capitalised glosses, one a single word
        # (a title such as 터키총리 "Turkish Prime Minister" is not a family name).
        glosses = [g.text for g in lookup(word, "proper") if g.source not in ("hanja", "compound")]
        return (
            pos == "proper"
            and any(" " not in g for g in glosses)
            and all(w[:1].isupper() for g in glosses for w in g.split())
        )

    def is_name(a: TermOccurrence, b: TermOccurrence) -> bool:
        if any(len(p) >= 2 and entry(p, "noun") for p in b.parts):
            # A compound of known words (터키+총리) is no part of a name; a one-syllable part
            # proves nothing (알 of 알-말리키 is also "egg").
            return False
        if " " not in a.lemma and any(len(p) >= 2 and entry(p, "noun") for p in a.parts):
            return False  # nor is one before a name (오늘+밤 필리스)
        firsts = a.lemma.split()
        if len(firsts) >= 4 or not all(name_part(p, a.pos) for p in firsts):
            return False
        if name_part(b.lemma, b.pos):
            return True
        # An unknown given name before a known family name: 버락 오바마. Only one: after a full
        # name a known name is something else (누리 알-말리키 | 이라크).
        return len(firsts) == 1 and known_name(b.lemma, b.pos)

    def is_compound(a: TermOccurrence, b: TermOccurrence) -> bool:
        if entry(f"{a.lemma} {b.lemma}", "noun") or entry(a.lemma + b.lemma, "noun"):
            return True
        # A run of loanwords, one of which no dictionary knows, is one foreign term (클리퍼 칩).
        parts = (*a.lemma.split(), b.lemma)
        return (
            a.pos == b.pos == "noun"
            and all(_is_hangul_word(p) and loanword(p) for p in parts)
            and not all(entry(p, "noun") for p in parts)
        )

    def loanword(word: str) -> bool:
        # 칩 is too short to look foreign, but its dictionary English ("chip") sounds like it.
        if is_loanword(word):
            return True
        if len(word) > 2:
            return False
        from flashcards.align.translit import similarity

        glosses = [g.text for g in lookup(word, "noun") if g.source == "glossary"]
        return any(similarity(word, g, 0.8) >= 0.8 for g in glosses)

    doc = korean.join_verbs(doc, text, lambda lemma: entry(lemma, "verb"))
    doc = korean.join_adverbs(doc, text, lambda lemma: entry(lemma, "adverb"))
    doc = korean.join_determiners(doc, text, lambda lemma: entry(lemma, "noun"))
    doc = korean.join_named(doc, text)
    doc = korean.join_spaced(doc, text, is_name, keep_parts=False, pos="proper", initials=True)
    doc = korean.join_spaced(doc, text, is_compound, keep_parts=True)
    # Before sentence alignment: one name, one anchor.
    return korean.unify_names(doc, functools.partial(has_glosses, lookup))


def has_glosses(lookup: GlossLookup, lemma: str) -> bool:
    """Tell whether any source glosses a word as a common noun; even a guess says it is no name.

    재사용 "reuse" is a common word; 무가베 "Mugabe", which our glossary knows as a name, is not.
    """
    return any(not g.text[:1].isupper() for g in lookup(lemma, "noun"))


def _is_hangul_word(word: str) -> bool:
    # Hyphens occur inside transliterated names (알-말리키), never at their edges.
    return (
        bool(word.strip("-"))
        and word == word.strip("-")
        and all("가" <= ch <= "힣" or ch == "-" for ch in word)
    )


def select(analysis: Analysis, options: VocabOptions = VocabOptions()) -> Result:
    """Choose the terms worth studying and build their study items."""
    decisions = decide(
        analysis.alignment.terms, options, title=analysis.article.title, english=analysis.english
    )
    items = study_items(
        decisions, analysis.korean, analysis.english, analysis.alignment.sentence_links, options
    )
    return Result(analysis, tuple(decisions), tuple(items))


def run(
    article: Article,
    options: VocabOptions = VocabOptions(),
    *,
    kiwi: Any = None,
    nlp: Any = None,
    lookup: GlossLookup | None = None,
) -> Result:
    """Analyse an article and select its vocabulary."""
    return select(analyze(article, kiwi=kiwi, nlp=nlp, lookup=lookup), options)


def build(
    article: Article,
    path: Path,
    options: VocabOptions = VocabOptions(),
    deck_options: DeckOptions | None = None,
    *,
    overwrite: bool = False,
    result: Result | None = None,
) -> tuple[Result, DeckSummary]:
    """Run the pipeline and write the deck to ``path``."""
    from flashcards.export import DeckOptions, write_deck

    result = result if result is not None else run(article, options)
    summary = write_deck(
        result.items,
        article.source,
        path,
        deck_options if deck_options is not None else DeckOptions(),
        overwrite=overwrite,
    )
    return result, summary
