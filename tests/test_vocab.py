"""Vocabulary selection on hand-made aligned terms (no analyzers needed)."""

from __future__ import annotations

from dataclasses import replace

from flashcards import vocab
from flashcards.models import (
    AlignedTerm,
    Counterpart,
    EnglishDoc,
    Gloss,
    KoreanDoc,
    Sentence,
    SentenceLink,
    TermOccurrence,
)

FREQS = {"항구": 10**-5.2, "도입": 10**-4.5, "요금": 10**-4.1, "조선소": 10**-6.2, "것": 10**-2}


def _term(
    lemma: str,
    pos: str = "noun",
    *,
    n: int = 1,
    cp: str | None = "x",
    conf: float = 0.9,
    glosses: tuple[str, ...] = (),
) -> AlignedTerm:
    occs = tuple(
        TermOccurrence(lemma, pos, 10 * i, 10 * i + len(lemma), 0, lemma) for i in range(n)
    )  # type: ignore[arg-type]
    counterpart = Counterpart(cp, 0, len(cp), 0, conf) if cp else None
    return AlignedTerm(
        lemma,
        pos,
        occs,
        counterpart,
        conf if cp else 0.0,  # type: ignore[arg-type]
        tuple(Gloss(g, "glossary") for g in glosses),
    )


def test_zipf_and_levels() -> None:
    assert vocab.zipf("항구", FREQS) == 3.8
    assert vocab.zipf("도입하다", FREQS) == 4.5  # looked up through its noun root
    assert vocab.zipf("없는말", FREQS) == 0.0
    assert vocab.level_of(5.5) == "beginner"
    assert vocab.level_of(4.0) == "intermediate"
    assert vocab.level_of(2.0) == "advanced"


def test_filters_function_words_names_numbers_and_empty_terms() -> None:
    terms = [
        _term("것"),
        _term("하다", "verb"),
        _term("AI", "foreign"),
        _term("김민수", "proper"),
        _term("해양수산부", "proper"),
        _term("항구"),
        _term("조선소", cp=None),
        _term("요금", cp=None, glosses=("fare",)),
    ]
    kept = {d.term.lemma for d in vocab.decide(terms, freqs=FREQS) if d.keep}
    assert kept == {"해양수산부", "항구", "요금"}
    with_names = vocab.decide(terms, vocab.VocabOptions(names=True), freqs=FREQS)
    assert "김민수" in {d.term.lemma for d in with_names if d.keep}
    everything = vocab.decide(terms, vocab.VocabOptions(include_all=True), freqs=FREQS)
    assert all(d.keep for d in everything)


def test_max_keeps_the_best_scored_and_explains_the_rest() -> None:
    terms = [_term("항구", n=1, conf=0.5), _term("도입하다", "verb", n=4), _term("요금", n=2)]
    ds = vocab.decide(terms, vocab.VocabOptions(max_terms=2), freqs=FREQS)
    kept = [d.term.lemma for d in ds if d.keep]
    assert kept == ["도입하다", "요금"]  # order of appearance is kept
    dropped = next(d for d in ds if d.term.lemma == "항구")
    assert any("--max 2" in r for r in dropped.reasons)


def test_level_filter() -> None:
    ds = vocab.decide(
        [_term("항구"), _term("조선소")], vocab.VocabOptions(min_level="advanced"), freqs=FREQS
    )
    assert [d.term.lemma for d in ds if d.keep] == ["조선소"]


def test_items_pick_the_sentence_holding_the_counterpart() -> None:
    ko_text = "항구가 컸다. 새 항구를 열었다."
    en_text = "It was big. They opened a new port."
    ko = KoreanDoc(
        (Sentence(0, 0, 0, 7, ko_text[:7]), Sentence(1, 0, 8, len(ko_text), ko_text[8:])),
        (),
        (),
    )
    en_base = 100
    en = EnglishDoc(
        (
            Sentence(0, 0, en_base, en_base + 11, en_text[:11]),
            Sentence(1, 0, en_base + 12, en_base + len(en_text), en_text[12:]),
        ),
        (),
        (),
    )
    occs = (
        TermOccurrence("항구", "noun", 0, 2, 0, "항구"),
        TermOccurrence("항구", "noun", 10, 12, 1, "항구"),
    )
    start = en_base + en_text.index("port")
    term = AlignedTerm("항구", "noun", occs, Counterpart("port", start, start + 4, 1, 0.9), 0.9)
    links = [SentenceLink((0,), (0,)), SentenceLink((1,), (1,))]
    (decision,) = vocab.decide([term], freqs=FREQS)
    item = vocab.make_item(decision, ko, en, links)
    assert item.korean_sentence == "새 항구를 열었다."
    a, b = item.korean_highlight
    assert item.korean_sentence[a:b] == "항구"
    assert item.english_highlight is not None
    a, b = item.english_highlight
    assert item.english_sentence[a:b] == "port"
    assert item.count == 2


def test_display_glosses_prefer_checked_sources_and_drop_evidence_only_ones() -> None:
    glosses = (
        Gloss("talent", "hanja", "人才"),
        Gloss("good looks", "hanja", "人才"),
        Gloss("technology + talent", "compound"),
        Gloss("Talent", "glossary"),
        Gloss("talent", "user:kengdic"),
        Gloss("gifted person", "user:kengdic"),
    )
    shown = vocab.display_glosses(glosses)
    assert [(g.text, g.source) for g in shown] == [
        ("Talent", "glossary"),
        ("gifted person", "user:kengdic"),
    ]
    bridge_only = vocab.display_glosses((*glosses[:3], Gloss("attractive looks", "hanja")))
    assert [g.text for g in bridge_only] == ["talent", "good looks"]


def test_display_glosses_put_the_sense_the_article_used_first() -> None:
    glosses = (
        Gloss("childish", "glossary"),
        Gloss("immature", "glossary"),
        Gloss("attracting (investment)", "glossary"),
        Gloss("host", "glossary"),
    )
    shown = vocab.display_glosses(glosses, english="attracted")
    assert [g.text for g in shown] == ["attracting (investment)", "childish", "immature", "host"]
    # Function words say nothing of the sense: "head of state" is not promoted by "of".
    titles = (Gloss("head of state", "glossary"), Gloss("Ministry", "glossary"))
    shown = vocab.display_glosses(titles, english="Ministry of Justice")
    assert [g.text for g in shown] == ["Ministry", "head of state"]
    # Without the article's English, the dictionary's order stands.
    assert vocab.display_glosses(glosses)[0].text == "childish"


def _english(words: list[tuple[str, str]], entity: tuple[int, int, str] | None) -> EnglishDoc:
    from flashcards.models import EnglishSpan, EnglishToken

    tokens, pos = [], 0
    for i, (word, tag) in enumerate(words):
        tokens.append(EnglishToken(i, word, word.lower(), tag, tag, pos, pos + len(word), 0))
        pos += len(word) + 1
    text = " ".join(w for w, _ in words)
    spans = ()
    if entity is not None:
        first, last, label = entity
        a, b = tokens[first].start, tokens[last - 1].end
        spans = (EnglishSpan(first, last, a, b, text[a:b], "entity", label),)
    return EnglishDoc((Sentence(0, 0, 0, len(text), text),), tuple(tokens), spans)


def test_english_inside_a_longer_name_is_no_translation() -> None:
    words = [("the", "DET"), ("Harbor", "PROPN"), ("Data", "PROPN"), ("Tracker", "PROPN")]
    english = _english(words, (0, 4, "ORG"))
    tracker = _term("추적", cp="Tracker", glosses=("tracking",))
    tracker = replace_cp(tracker, english, 3)
    (d,) = vocab.decide([tracker], freqs=FREQS, english=english)
    assert not d.keep and "part of a name" in d.reasons[0]
    # The whole name as the counterpart (법무부 → "Ministry of Justice") is fine.
    whole = replace_cp(_term("해운청", cp="Harbor Data Tracker"), english, 1, 4)
    (d,) = vocab.decide([whole], freqs=FREQS, english=english)
    assert d.keep


def test_unglossed_noun_whose_english_is_a_name_counts_as_a_name() -> None:
    english = _english([("Acme", "PROPN"), ("Labs", "PROPN")], None)
    term = replace_cp(_term("애크미랩스", cp="Acme Labs"), english, 0, 2)
    (d,) = vocab.decide([term], freqs=FREQS, english=english)
    assert not d.keep and d.reasons[0].startswith("name")
    (d,) = vocab.decide([term], vocab.VocabOptions(names=True), freqs=FREQS, english=english)
    assert d.keep
    # A hyphen inside the name is punctuation, no word of it.
    english = _english(
        [("Rami", "PROPN"), ("al", "PROPN"), ("-", "PUNCT"), ("Sadi", "PROPN")], None
    )
    term = replace_cp(_term("라미알사디", cp="Rami al - Sadi"), english, 0, 4)
    (d,) = vocab.decide([term], freqs=FREQS, english=english)
    assert not d.keep and d.reasons[0].startswith("name")


def replace_cp(
    term: AlignedTerm, english: EnglishDoc, first: int, last: int | None = None
) -> AlignedTerm:
    from dataclasses import replace

    last = first + 1 if last is None else last
    a, b = english.tokens[first].start, english.tokens[last - 1].end
    text = english.sentences[0].text[a:b]
    return replace(term, counterpart=Counterpart(text, a, b, 0, 0.9))


def test_a_set_phrase_with_its_own_english_ranks_above_a_single_word() -> None:
    terms = [
        _term("정부", cp="government", conf=0.9),
        _term("인재 유출", cp="brain drain", conf=0.9),
    ]
    ds = vocab.decide(terms, vocab.VocabOptions(max_terms=1), freqs={})
    assert [d.term.lemma for d in ds if d.keep] == ["인재 유출"]
    phrase = next(d for d in ds if d.keep)
    assert "set phrase" in phrase.reasons


def test_a_pair_whose_english_is_its_parts_english_is_no_card() -> None:
    pair = _term("채팅 방", cp="chat rooms", conf=0.9)
    assert pair.counterpart is not None
    compound = replace(pair, counterpart=replace(pair.counterpart, evidence=("compound",)))
    (decision,) = vocab.decide([compound], vocab.VocabOptions(), freqs={})
    assert not decision.keep
    assert any("parts" in r for r in decision.reasons)
