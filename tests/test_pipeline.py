"""End to end: article → analysis → alignment → study items → deck imported by Anki."""

from __future__ import annotations

import gc
from pathlib import Path
from typing import Any

import pytest

from flashcards import pipeline, reader
from flashcards.export import guid_for
from tests.anki_helpers import (
    cards_per_template,
    check_imported,
    import_package,
    open_collection,
    package_rows,
    visible_text,
)
from tests.conftest import fake_glossary

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def sample_result() -> pipeline.Result:
    return pipeline.run(reader.read_sample())


def test_offsets_and_languages_hold_through_the_pipeline(sample_result: pipeline.Result) -> None:
    analysis = sample_result.analysis
    text = analysis.article.text
    ko_spans = [(p.start, p.end) for p in analysis.article.korean]
    en_spans = [(p.start, p.end) for p in analysis.article.english]
    for term in analysis.alignment.terms:
        for occ in term.occurrences:
            assert text[occ.start : occ.end] == occ.surface
            assert any(a <= occ.start and occ.end <= b for a, b in ko_spans)
        cp = term.counterpart
        if cp is not None:
            assert text[cp.start : cp.end] == cp.text
            assert any(a <= cp.start and cp.end <= b for a, b in en_spans)
            assert 0.0 < cp.confidence <= 1.0


def test_sentence_links_cover_every_sentence_once_in_order(sample_result: pipeline.Result) -> None:
    analysis = sample_result.analysis
    links = analysis.alignment.sentence_links
    korean = [k for link in links for k in link.korean]
    english = [e for link in links for e in link.english]
    assert korean == list(range(len(analysis.korean.sentences)))
    assert english == list(range(len(analysis.english.sentences)))


def test_alignment_leaves_no_cyclic_garbage(sample_result: pipeline.Result) -> None:
    """``pipeline.aligning`` freezes what alignment leaves: none of it may be a reference cycle."""
    from flashcards.lexicon import Lexicon, default_lexicon

    known = default_lexicon()
    # A lexicon with an empty cache: its cold lookups (compound splitting among them) run too.
    fresh = Lexicon(known.glossary, known.bridge, known.user, known.options)
    gc.collect()
    gc.disable()
    try:
        pipeline.analyze(sample_result.analysis.article, lookup=fresh.lookup)
        gc.set_debug(gc.DEBUG_SAVEALL)
        gc.collect()
        ours = [o for o in gc.garbage if type(o).__module__.startswith("flashcards")]
    finally:
        gc.set_debug(0)
        gc.garbage.clear()
        gc.enable()
    # Kiwi's and spaCy's own cycles (their parser's step models) are theirs to free.
    assert ours == []


def test_sample_terms_read_right(sample_result: pipeline.Result) -> None:
    found = {t.lemma: t.counterpart.text for t in sample_result.analysis.alignment.terms
             if t.counterpart is not None}  # fmt: skip
    # Checked by hand against our own sample article.
    assert found["배터리"].lower().startswith("batter")
    assert found["창고"].lower().startswith("warehouse")
    assert found["플랫폼"] == "platform"
    with_cp = sum(1 for it in sample_result.items if it.english)
    assert len(sample_result.items) == 40
    assert with_cp >= 30


def test_sample_deck_imports_into_anki(
    tmp_path: Path, collection: Any, sample_result: pipeline.Result
) -> None:
    article = sample_result.analysis.article
    _, summary = pipeline.build(article, tmp_path / "sample.apkg", result=sample_result)
    log = import_package(collection, summary.path)
    assert len(log.new) == summary.notes == len(sample_result.items)
    check = check_imported(collection)
    assert check.notes == summary.notes
    assert check.cards == summary.cards == 2 * summary.notes
    assert check.empty_cards == 0
    assert check.cards_anki_would_add == 0
    assert check.missing_media == 0
    assert cards_per_template(collection) == {
        "Recognition": summary.notes,
        "Production": summary.notes,
        "Listening": 0,
    }
    # A rendered recognition card shows the Korean term, and its answer the article's English.
    item = next(it for it in sample_result.items if it.english)
    (note_id,) = collection.find_notes(f'"Korean:{item.korean}"')
    card = next(
        c for c in collection.get_note(note_id).cards() if c.template()["name"] == "Recognition"
    )
    output = card.render_output()
    assert item.korean in visible_text(output.question_text)
    assert item.english is not None and item.english in visible_text(output.answer_text)


def test_rebuilding_gives_the_same_guids(tmp_path: Path, sample_result: pipeline.Result) -> None:
    article = sample_result.analysis.article
    _, first = pipeline.build(article, tmp_path / "a.apkg", result=sample_result)
    _, second = pipeline.build(reader.read_sample(), tmp_path / "b.apkg")  # a full rebuild
    query = "SELECT guid FROM notes ORDER BY guid"
    assert package_rows(first.path, query) == package_rows(second.path, query)
    expected = sorted(guid_for(it.korean, it.pos) for it in sample_result.items)
    assert [g for (g,) in package_rows(first.path, query)] == expected


@pytest.mark.shared
def test_commissioned_articles_build_decks_anki_accepts(tmp_path: Path, shared_dir: Path) -> None:
    paths = sorted((shared_dir / "articles").glob("*.txt"))
    if not paths:
        pytest.skip("no articles in ../shared/articles")
    for path in paths:
        article = reader.read_path(path)
        result, summary = pipeline.build(article, tmp_path / f"{path.stem}.apkg")
        col = open_collection(tmp_path / f"col-{path.stem}")
        try:
            import_package(col, summary.path)
            check = check_imported(col)
        finally:
            col.close()
        assert check.notes >= 30
        assert check.empty_cards == 0
        assert check.cards_anki_would_add == 0
        assert sum(1 for it in result.items if it.english) >= 25


def test_join_units_names_compound_verbs_and_loanword_runs(kiwi: Any) -> None:
    from flashcards import korean
    from flashcards.models import Paragraph

    text = "연구소는 네오펄스 칩을 공개했다. 마르코 오바마 씨는 인질로 잡혔다가 풀려 났다."
    lookup = fake_glossary(
        {
            ("칩", "noun"): ["chip"],
            ("오바마", "proper"): ["Obama"],
            ("풀려나다", "verb"): ["be released"],
            ("연구소", "noun"): ["research institute"],
        }
    )
    doc = korean.analyze([Paragraph("ko", 0, len(text), text)], kiwi)
    joined = pipeline.join_units(doc, text, lookup, lambda w: w == "네오펄스")
    lemmas = {t.lemma for t in joined.terms}
    # 칩 is a known loanword ("chip" sounds like it): the run with an unknown one is one term.
    assert "네오펄스 칩" in lemmas
    # An unknown given name before a family name the glossary knows.
    assert "마르코 오바마" in lemmas
    assert "풀려나다" in lemmas
    for t in joined.terms:
        assert text[t.start : t.end] == t.surface


def test_a_known_one_syllable_word_inside_a_hyphenated_name_does_not_split_it(kiwi: Any) -> None:
    from flashcards import korean
    from flashcards.models import Paragraph

    text = "카림 알-자하리 장관이 도착했다."
    doc = korean.analyze([Paragraph("ko", 0, len(text), text)], kiwi)
    known = {("장관", "noun"): ["minister"]}
    without = pipeline.join_units(doc, text, fake_glossary(known), lambda w: False)
    # 알 is also a common noun ("egg"): knowing it must not stop the name being joined.
    known[("알", "noun")] = ["egg"]
    with_egg = pipeline.join_units(doc, text, fake_glossary(known), lambda w: False)
    assert "카림 알-자하리" in {t.lemma for t in without.terms}
    assert "카림 알-자하리" in {t.lemma for t in with_egg.terms}


def test_known_words_before_a_name_are_not_joined_to_it(kiwi: Any) -> None:
    from flashcards import korean
    from flashcards.models import KoreanDoc, Paragraph, Sentence, TermOccurrence

    known = fake_glossary({("오늘", "noun"): ["today"], ("밤", "noun"): ["night"]})
    text = "오늘밤 레이븐스가 경기를 한다."
    doc = korean.analyze([Paragraph("ko", 0, len(text), text)], kiwi)
    lemmas = {t.lemma for t in pipeline.join_units(doc, text, known, lambda w: False).terms}
    # 오늘밤 is two known words (오늘 + 밤), no given name.
    assert "오늘밤 레이븐스" not in lemmas and "레이븐스" in lemmas
    # Kiwi now and then reads a noun and its particle as one unknown name (금요일까지): the
    # known noun inside keeps it from joining the name after it.
    text = "금요일까지 브뤼셀"
    first = TermOccurrence("금요일까지", "proper", 0, 5, 0, "금요일까지")
    second = TermOccurrence("브뤼셀", "proper", 6, 9, 0, "브뤼셀")
    doc = KoreanDoc((Sentence(0, 0, 0, len(text), text),), (), (first, second))
    for glossary, joined in (
        (fake_glossary({}), True),
        (fake_glossary({("금요일", "noun"): ["Friday"]}), False),
    ):
        lemmas = {t.lemma for t in pipeline.join_units(doc, text, glossary, lambda w: False).terms}
        assert ("금요일까지 브뤼셀" in lemmas) is joined


def test_a_word_glossed_only_as_a_name_is_no_common_word() -> None:
    # unify_names keeps common words' tags: 재사용 read as a name once is still "reuse"; a name
    # our glossary knows is a name everywhere.
    from flashcards.models import Gloss

    def lookup(lemma: str, pos: str, hanja: str = "") -> list[Gloss]:
        # As our glossary answers: entries of another part of speech after the asked one's.
        glosses = {"재사용": ["reuse"], "무가베": ["Mugabe"]}.get(lemma, [])
        return [Gloss(g, "glossary") for g in glosses]

    assert pipeline.has_glosses(lookup, "재사용")
    assert not pipeline.has_glosses(lookup, "무가베")
    assert not pipeline.has_glosses(lookup, "모르는말")
