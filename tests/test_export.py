"""Tests for flashcards.export: the package is imported with the official ``anki`` package."""

from __future__ import annotations

import html
import os
import re
import unicodedata
import zipfile
from dataclasses import replace
from pathlib import Path
from typing import Any

import genanki
import pytest
from hypothesis import given
from hypothesis import strategies as st

from flashcards import export
from flashcards.errors import OutputError
from flashcards.export import (
    FIELDS,
    MODEL_ID,
    TEMPLATES,
    DeckOptions,
    deck_name_for,
    guid_for,
    render_card,
    render_preview,
    slugify,
    write_deck,
)
from flashcards.models import Gloss, Pos, Source, StudyItem

# --- hand-made study items (original sentences written for these tests) -------------------


def make_item(
    korean: str,
    pos: Pos,
    english: str | None,
    korean_sentence: str,
    surface: str,
    english_sentence: str,
    english_surface: str | None,
    *,
    glosses: tuple[Gloss, ...] = (),
    hanja: str = "",
    level: str = "",
) -> StudyItem:
    """Build a StudyItem, locating the highlighted surfaces in the sentences."""
    start = korean_sentence.index(surface)
    english_span = None
    if english_surface is not None:
        english_start = english_sentence.index(english_surface)
        english_span = (english_start, english_start + len(english_surface))
    return StudyItem(
        korean=korean,
        pos=pos,
        english=english,
        glosses=glosses,
        hanja=hanja,
        korean_sentence=korean_sentence,
        korean_highlight=(start, start + len(surface)),
        english_sentence=english_sentence,
        english_highlight=english_span,
        confidence=0.8,
        count=1,
        first_position=start,
        level=level,
    )


SOURCE = Source(
    title="새 교통 요금 제도 발표",
    outlet="Hangang Daily",
    date="2025-03-14",
    url="https://www.hangang-daily.example/news/123?lang=ko&view=full",
)

HOSTILE = make_item(
    "악성<script>alert(1)</script>",
    "noun",
    '<img src=x onerror="alert(1)">',
    "이 문장에는 {{Korean}}과 [sound:x.mp3], 그리고 악성<script>alert(1)</script> 코드가 있다.",
    "악성<script>alert(1)</script>",
    "This sentence has {{English}}, [sound:y.mp3] and <img src=x onerror=alert(2)> in it.",
    "<img src=x onerror=alert(2)>",
    glosses=(Gloss("[anki:tts lang=ko_KR]x[/anki:tts] {{c1::cloze}}", "user:<b>me</b>"),),
)


def study_items() -> list[StudyItem]:
    """Items covering every part of speech, glosses from each source and missing English."""
    return [
        make_item(
            "도입하다",
            "verb",
            "introduce",
            "정부는 내년부터 새로운 전자 신분증 제도를 도입한다고 밝혔다.",
            "도입한",
            "The government said it would introduce a new electronic ID system next year.",
            "introduce",
            glosses=(Gloss("to introduce", "glossary"), Gloss("adopt", "hanja", hanja="導入")),
            hanja="導入",
            level="B1",
        ),
        make_item(
            "금리",
            "noun",
            "interest rate",
            "중앙은행은 기준금리를 0.25%포인트 올렸다.",
            "금리",
            "The central bank raised its benchmark interest rate by 0.25 percentage points.",
            "interest rate",
            glosses=(Gloss("interest rate", "glossary"), Gloss("money + profit", "hanja", "金利")),
            hanja="金利",
            level="B2",
        ),
        make_item(
            "인공지능",
            "noun",
            None,
            "인공지능 기술이 빠르게 발전하고 있다.",
            "인공지능",
            "The technology is advancing quickly.",
            None,
            glosses=(Gloss("artificial intelligence", "glossary"), Gloss("AI", "user:mydict")),
        ),
        make_item(
            "서울시",
            "proper",
            "Seoul city",
            "서울시는 대중교통 요금을 동결하기로 했다.",
            "서울시",
            "Seoul city decided to freeze public transport fares.",
            "Seoul city",
        ),
        make_item(
            "꾸준하다",
            "adjective",
            "steady",
            "수출이 석 달째 꾸준한 증가세를 보였다.",
            "꾸준한",
            "Exports showed steady growth for a third month.",
            "steady",
            level="B1",
        ),
        make_item(
            "다시",
            "adverb",
            "again",
            "회의는 다음 주에 다시 열린다.",
            "다시",
            "The meeting will be held again next week.",
            "again",
        ),
        make_item(
            "AI",
            "foreign",
            "AI",
            "AI 반도체 수요가 급증했다.",
            "AI",
            "Demand for AI chips surged.",
            "AI",
        ),
        make_item(
            "반도체",
            "noun",
            None,
            "반도체 수출이 늘었다.",
            "반도체",
            "",
            None,
        ),
        HOSTILE,
    ]


# --- anki helpers -------------------------------------------------------------------------

from tests.anki_helpers import (  # noqa: E402
    cards_per_template,
    import_package,
    package_rows,
    visible_text,
)

ALL_CARDS = DeckOptions(listening=True, typed_answer=True)


# --- pure helpers -------------------------------------------------------------------------


def test_guid_is_stable_across_rebuilds_articles_and_normal_forms() -> None:
    # The GUID is a contract with every user's collection: changing it duplicates every note.
    assert guid_for("도입하다", "verb") == genanki.guid_for(
        export.GUID_NAMESPACE, "도입하다", "verb"
    )
    assert guid_for("도입하다", "verb") == guid_for(" 도입하다 ", "verb")
    assert guid_for(unicodedata.normalize("NFD", "도입하다"), "verb") == guid_for(
        "도입하다", "verb"
    )
    assert guid_for("도입하다", "verb") != guid_for("도입하다", "noun")
    assert guid_for("금리", "noun") != guid_for("도입하다", "noun")


def test_guid_does_not_depend_on_article(tmp_path: Path) -> None:
    item = study_items()[0]
    other = replace(
        item, korean_sentence="그 회사는 주4일제를 도입했다.", korean_highlight=(11, 14)
    )
    first = write_deck([item], SOURCE, tmp_path / "a.apkg")
    second = write_deck([other], replace(SOURCE, title="다른 기사"), tmp_path / "b.apkg")
    guids = [package_rows(s.path, "SELECT guid FROM notes") for s in (first, second)]
    assert guids[0] == guids[1] == [(guid_for(item.korean, item.pos),)]


@pytest.mark.parametrize(
    ("title", "slug"),
    [
        ("Central bank raises rates", "central-bank-raises-rates"),
        ("서울 지하철 요금 인상", "seoul-jihacheol-yogeum-insang"),
        ("AI 반도체 수출, 3개월 연속 증가", "ai-bandoche-suchul-3gaewol-yeonsok-jeungga"),
        ("Café  —  Crème brûlée!", "cafe-creme-brulee"),
    ],
)
def test_slugify_examples(title: str, slug: str) -> None:
    assert slugify(title) == slug


def test_slugify_falls_back_to_a_hash_for_titles_without_latin_or_hangul() -> None:
    slug = slugify("崛起")
    assert re.fullmatch(r"article-[0-9a-f]{8}", slug)
    assert slug == slugify("崛起") != slugify("導入")


@given(st.text(max_size=200))
def test_slugify_is_a_safe_file_name(title: str) -> None:
    slug = slugify(title)
    assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", slug)
    assert len(slug) <= 60


def test_deck_name_uses_title_and_optional_parent() -> None:
    source = Source(title="  Rates :: rise  ")
    assert deck_name_for(source) == "Rates : rise"
    parent = DeckOptions(deck_name="Korean News::Economy")
    assert deck_name_for(source, parent) == "Korean News::Economy::Rates : rise"
    assert deck_name_for(source, DeckOptions(deck_name=" Korean News :: ")) == (
        "Korean News::Rates : rise"
    )
    assert deck_name_for(Source(title=" ")) == "Korean article"


def test_fields_escape_article_text_and_anki_syntax() -> None:
    fields = dict(zip(FIELDS, export.note_fields(HOSTILE, SOURCE), strict=True))
    for name, value in fields.items():
        assert "<script" not in value, name
        assert "<img" not in value, name
        assert "{{" not in value and "[sound:" not in value and "[anki:" not in value, name
    assert fields["Sentence"].count("<b>") == 1
    bold = re.search(r"<b>(.*?)</b>", fields["Sentence"])
    assert bold is not None and html.unescape(bold.group(1)) == HOSTILE.korean
    assert "{{Korean}}" in visible_text(fields["Sentence"])
    assert html.unescape(fields["English"]) == HOSTILE.english


def test_english_falls_back_to_a_marked_dictionary_sense() -> None:
    item = study_items()[2]
    fields = dict(zip(FIELDS, export.note_fields(item, SOURCE), strict=True))
    assert "artificial intelligence" in fields["English"]
    assert 'class="fc-dict"' in fields["English"] and "dictionary" in fields["English"]
    # The sense shown as English is not repeated in the gloss list; the others are kept.
    assert "artificial intelligence" not in fields["Glosses"]
    assert "user:mydict" in fields["Glosses"]


def test_source_field_links_only_web_addresses() -> None:
    assert (
        '<a href="https://www.hangang-daily.example/news/123?lang=ko&amp;view=full">'
        in (export.note_fields(study_items()[0], SOURCE)[FIELDS.index("Source")])
    )
    hostile = replace(SOURCE, url="javascript:alert(1)")
    assert "<a" not in export.note_fields(study_items()[0], hostile)[FIELDS.index("Source")]


def test_tags_have_no_spaces_and_name_pos_outlet_article_level() -> None:
    tags = export.note_tags(study_items()[0], SOURCE, DeckOptions(tags=("my deck", "x")))
    assert tags[0] == "flashcards"
    assert {"pos::verb", "outlet::hangang-daily", "level::b1", "my_deck", "x"} <= set(tags)
    assert f"article::{slugify(SOURCE.title)}" in tags
    assert all(" " not in tag for tag in tags)


def test_model_fingerprint_matches_model_mod() -> None:
    assert export.model_fingerprint() == export.MODEL_FINGERPRINT, (
        "The templates, fields or CSS changed: set MODEL_MOD to the current Unix time (so Anki "
        "updates users' note type on import) and MODEL_FINGERPRINT to the new fingerprint."
    )


def test_card_requirements_see_fields_used_only_through_filters() -> None:
    fields = [{"name": f} for f in FIELDS]
    bare = [{"name": "L", "qfmt": "{{tts ko_KR:Korean}}", "afmt": "{{Korean}}"}]
    # genanki alone renders fronts with chevron, which does not know filters: it then requires
    # every field, so a note with an empty Notes field silently gets no card at all.
    plain = genanki.Model(1, "probe", fields=fields, templates=bare)
    assert plain._req == [[0, "all", list(range(len(FIELDS)))]]
    values = ["x"] * (len(FIELDS) - 1) + [""]
    assert genanki.Note(model=plain, fields=values).cards == []
    ours = export._Model(1, "p", fields=fields, templates=bare)
    assert len(export._Note(model=ours, fields=values, mod=0).cards) == 1
    assert export._Model(1, "probe", fields=fields, templates=bare)._req == [
        [0, "all", [FIELDS.index("Korean")]]
    ]
    # Our Listening front uses Korean only through tts: Anki needs it, and so does our model.
    assert "{{tts ko_KR:Korean}}" in export.template_sources()[2][1]
    requirements = {ordinal: set(fields) for ordinal, _, fields in export._model()._req}
    assert requirements[2] == {FIELDS.index("Korean"), FIELDS.index("ListeningCard")}
    assert requirements[0] == {FIELDS.index("RecognitionCard")}
    assert requirements[1] == {FIELDS.index("ProductionCard")}


# --- writing: refusal and atomicity -------------------------------------------------------


def test_refuses_to_overwrite_without_permission(tmp_path: Path) -> None:
    target = tmp_path / "deck.apkg"
    target.write_bytes(b"keep me")
    with pytest.raises(OutputError, match="--force"):
        write_deck(study_items(), SOURCE, target)
    assert target.read_bytes() == b"keep me"
    summary = write_deck(study_items(), SOURCE, target, overwrite=True)
    assert zipfile.is_zipfile(summary.path)


def test_unwritable_folder_raises_output_error(tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file")
    with pytest.raises(OutputError, match="-o"):
        write_deck(study_items(), SOURCE, blocker / "deck.apkg")


def test_failed_write_leaves_no_partial_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "deck.apkg"
    write_deck(study_items(), SOURCE, target)
    before = target.read_bytes()

    def broken(deck: Any, path: Path, timestamp: float) -> None:
        path.write_bytes(b"half a zip")
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(export, "_write_package", broken)
    with pytest.raises(OutputError, match="No space left"):
        write_deck(study_items(), SOURCE, target, overwrite=True)
    with pytest.raises(OutputError):
        write_deck(study_items(), SOURCE, tmp_path / "new.apkg")
    assert target.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["deck.apkg"]


def test_creates_missing_output_folder_with_ordinary_permissions(tmp_path: Path) -> None:
    summary = write_deck(study_items(), SOURCE, tmp_path / "decks" / "x.apkg")
    assert summary.path.is_file()
    umask = os.umask(0)
    os.umask(umask)
    assert summary.path.stat().st_mode & 0o777 == 0o666 & ~umask


def test_write_text_atomic(tmp_path: Path) -> None:
    target = tmp_path / "preview.html"
    assert export.write_text_atomic(target, "<p>한국어</p>") == target
    with pytest.raises(OutputError, match="--force"):
        export.write_text_atomic(target, "other")
    export.write_text_atomic(target, "other", overwrite=True)
    assert target.read_text(encoding="utf-8") == "other"
    with pytest.raises(OutputError, match="folder"):
        export.write_text_atomic(tmp_path, "x", overwrite=True)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["preview.html"]


def test_rejects_empty_item_list_and_no_card_types(tmp_path: Path) -> None:
    with pytest.raises(OutputError):
        write_deck([], SOURCE, tmp_path / "a.apkg")
    none = DeckOptions(recognition=False, production=False, listening=False)
    with pytest.raises(OutputError):
        write_deck(study_items(), SOURCE, tmp_path / "a.apkg", none)
    assert not list(tmp_path.iterdir())


def test_duplicate_terms_become_one_note(tmp_path: Path) -> None:
    items = study_items()
    summary = write_deck([*items, items[0]], SOURCE, tmp_path / "a.apkg")
    assert summary.notes == len(items)
    assert summary.skipped_duplicates == 1


# --- imported into Anki -------------------------------------------------------------------


@pytest.mark.parametrize(
    "options",
    [
        DeckOptions(),
        ALL_CARDS,
        DeckOptions(recognition=False, production=False, listening=True),
        DeckOptions(production=False),
    ],
    ids=["default", "all", "listening-only", "recognition-only"],
)
def test_anki_import_has_the_cards_the_options_ask_for(
    tmp_path: Path, collection: Any, options: DeckOptions
) -> None:
    items = study_items()
    summary = write_deck(items, SOURCE, tmp_path / "deck.apkg", options)
    log = import_package(collection, summary.path)

    assert len(log.new) == collection.note_count() == summary.notes == len(items)
    expected = {
        "Recognition": len(items) if options.recognition else 0,
        "Production": len(items) if options.production else 0,
        "Listening": len(items) if options.listening else 0,
    }
    assert cards_per_template(collection) == expected == dict(summary.cards_per_template)
    assert collection.card_count() == summary.cards
    package_cards = package_rows(summary.path, "SELECT count(*) FROM cards")[0][0]
    assert package_cards == summary.cards

    # No empty cards, and no card Anki would generate that the package lacks.
    assert not collection.get_empty_cards().notes
    collection.after_note_updates(
        list(collection.find_notes("")), mark_modified=False, generate_cards=True
    )
    assert collection.card_count() == summary.cards
    # No media referenced, none missing.
    check = collection.media.check()
    assert not check.missing and not check.unused


def test_rendered_cards_show_term_and_english(tmp_path: Path, collection: Any) -> None:
    items = {item.korean: item for item in study_items()}
    summary = write_deck(list(items.values()), SOURCE, tmp_path / "deck.apkg", ALL_CARDS)
    import_package(collection, summary.path)
    assert collection.decks.id_for_name(summary.deck_name)

    for card_id in collection.find_cards(""):
        card = collection.get_card(card_id)
        note = card.note()
        item = items[html.unescape(note["Korean"])]
        output = card.render_output()
        question, answer = output.question_text, output.answer_text
        template = card.template()["name"]
        english = item.english or item.glosses[0].text if (item.english or item.glosses) else ""
        assert question.strip() and answer.strip()
        assert item.korean in visible_text(answer)
        if english:
            assert english in visible_text(answer)
        if template == "Recognition":
            assert item.korean in visible_text(question)
            assert not output.question_av_tags
        elif template == "Production":
            if english:
                assert english in visible_text(question)
            # The term appears on the front only inside the blanked sentence.
            outside = re.sub(
                r'<div class="fc-sentence fc-blank".*?</div>', "", question, flags=re.S
            )
            if item.korean != english:  # "AI" is "AI" in both languages
                assert item.korean not in visible_text(outside)
            assert "[[type:Korean]]" in question and "[[type:Korean]]" in answer
            assert not output.question_av_tags
        else:
            assert item.korean not in visible_text(question)
            assert "[anki:play:q:0]" in question
            (tag,) = output.question_av_tags
            assert tag.lang == "ko_KR" and tag.field_text == item.korean
        assert "<script" not in question + answer and "<img" not in question + answer
        assert "[sound:" not in question + answer
        if template != "Listening":
            assert not output.answer_av_tags
    assert "{{Korean}}" in visible_text(
        next(
            collection.get_card(c).render_output().answer_text
            for c in collection.find_cards("")
            if collection.get_card(c).note().guid == guid_for(HOSTILE.korean, HOSTILE.pos)
        )
    )


def test_note_type_ids_are_fixed(tmp_path: Path, collection: Any) -> None:
    summary = write_deck(study_items(), SOURCE, tmp_path / "deck.apkg")
    import_package(collection, summary.path)
    notetype = collection.models.get(MODEL_ID)
    assert notetype is not None
    assert [f["name"] for f in notetype["flds"]] == list(FIELDS)
    assert [t["name"] for t in notetype["tmpls"]] == [name for name, _ in TEMPLATES]
    assert notetype["sortf"] == 0
    assert [f["id"] for f in notetype["flds"]] == [export._fixed_id("field", f) for f in FIELDS]
    assert notetype["mod"] == export.MODEL_MOD


def test_parent_deck_option(tmp_path: Path, collection: Any) -> None:
    options = DeckOptions(deck_name="Korean News::Economy")
    summary = write_deck(study_items(), SOURCE, tmp_path / "deck.apkg", options)
    import_package(collection, summary.path)
    names = {d.name for d in collection.decks.all_names_and_ids()}
    assert {"Korean News", "Korean News::Economy", f"Korean News::Economy::{SOURCE.title}"} <= names
    deck_id = collection.decks.id_for_name(summary.deck_name)
    assert len(collection.find_cards(f"did:{deck_id}")) == summary.cards


def test_reimporting_a_rebuilt_deck_updates_without_duplicates(
    tmp_path: Path, collection: Any
) -> None:
    items = study_items()
    path = tmp_path / "deck.apkg"
    write_deck(items, SOURCE, path, timestamp=1_750_000_000)
    first = import_package(collection, path)
    assert len(first.new) == len(items)

    # Rebuilt with the same content: Anki finds every note and has nothing to change.
    write_deck(items, SOURCE, path, overwrite=True, timestamp=1_750_000_500)
    same = import_package(collection, path)
    assert (len(same.new), len(same.updated), same.found_notes) == (0, 0, len(items))
    assert collection.note_count() == len(items)

    # Rebuilt with one better counterpart and listening cards: 0 new, every note updated
    # (the switch field changed) and the new cards generated, still no duplicate notes.
    changed = [replace(items[0], english="bring in"), *items[1:]]
    write_deck(changed, SOURCE, path, ALL_CARDS, overwrite=True, timestamp=1_750_001_000)
    update = import_package(collection, path)
    assert (len(update.new), len(update.updated), len(update.duplicate)) == (0, len(items), 0)
    assert collection.note_count() == len(items)
    assert cards_per_template(collection)["Listening"] == len(items)
    note = collection.get_note(collection.find_notes(f'"Korean:{items[0].korean}"')[0])
    assert note["English"] == "bring in"


def test_unchanged_notes_keep_their_mod_so_user_edits_survive(
    tmp_path: Path, collection: Any
) -> None:
    items = study_items()
    path = tmp_path / "deck.apkg"
    write_deck(items, SOURCE, path, timestamp=1_750_000_000)
    import_package(collection, path)
    mods = dict(package_rows(path, "SELECT guid, mod FROM notes"))

    # The user edits two notes after importing.
    edited = []
    for item in items[:2]:
        note = collection.get_note(collection.find_notes(f'"Korean:{item.korean}"')[0])
        note["Notes"] = "my mnemonic"
        collection.update_note(note)
        edited.append(note.id)

    # The article is rebuilt; only the second item's English changed.
    changed = [items[0], replace(items[1], english="benchmark rate"), *items[2:]]
    write_deck(changed, SOURCE, path, overwrite=True, timestamp=1_950_000_000)
    new_mods = dict(package_rows(path, "SELECT guid, mod FROM notes"))
    changed_guid = guid_for(items[1].korean, items[1].pos)
    assert {g for g in mods if mods[g] != new_mods[g]} == {changed_guid}
    assert new_mods[changed_guid] == 1_950_000_000

    log = import_package(collection, path)
    assert (len(log.new), len(log.updated)) == (0, 1)
    kept, updated = (collection.get_note(nid) for nid in edited)
    assert kept["Notes"] == "my mnemonic"  # unchanged note: the user's edit survives
    assert updated["English"] == "benchmark rate"  # changed note: the new content wins


def test_same_term_from_another_article_updates_its_note(tmp_path: Path, collection: Any) -> None:
    items = study_items()
    first = write_deck(items, SOURCE, tmp_path / "a.apkg", timestamp=1_750_000_000)
    import_package(collection, first.path)
    first_deck = collection.decks.id_for_name(first.deck_name)
    other_source = Source(title="반도체 수출 호조", outlet="Hangang Daily", date="2025-04-01")
    sentence = "올해 반도체 수출이 크게 늘었다."
    again = replace(items[7], korean_sentence=sentence, korean_highlight=(3, 6), english="chip")
    second = write_deck([again], other_source, tmp_path / "b.apkg", timestamp=1_750_086_400)
    log = import_package(collection, second.path)
    assert (len(log.new), len(log.updated)) == (0, 1)
    assert collection.note_count() == len(items)
    note = collection.get_note(collection.find_notes('"Korean:반도체"')[0])
    assert "올해" in note["Sentence"] and note["English"] == "chip"
    assert f"article::{slugify(other_source.title)}" in note.tags
    # Its cards stay where the user studies them: Anki does not move existing cards.
    assert {card.did for card in note.cards()} == {first_deck}


def test_sentence_whitespace_is_collapsed_around_the_highlight() -> None:
    item = make_item(
        "금리", "noun", "rate", "  기준\n금리가\t 올랐다. ", "금리", "Rates rose.", "Rates"
    )
    fields = export.note_fields(item, SOURCE)
    assert fields[FIELDS.index("Sentence")] == "기준 <b>금리</b>가 올랐다."
    assert fields[FIELDS.index("SentenceEnglish")] == "<b>Rates</b> rose."


# --- preview ------------------------------------------------------------------------------


def test_preview_renders_cards_like_anki(tmp_path: Path, collection: Any) -> None:
    """The preview's renderer gives the same HTML as Anki, up to sound and type-in markers."""
    summary = write_deck(study_items(), SOURCE, tmp_path / "deck.apkg", ALL_CARDS)
    import_package(collection, summary.path)
    for card_id in collection.find_cards(""):
        card = collection.get_card(card_id)
        fields = dict(card.note().items())
        front, back = render_card(fields, card.ord)
        output = card.render_output()

        def normal(text: str) -> str:
            text = re.sub(r"\[anki:play:[qa]:\d+\]", "PLAY", text)
            text = text.replace("[[type:Korean]]", "TYPE")
            text = re.sub(r'<button type="button" class="fc-play".*?</button>', "PLAY", text)
            text = re.sub(r'<input type="text" class="fc-typeans"[^>]*>', "TYPE", text)
            text = re.sub(r'<code class="fc-typeans">.*?</code>', "TYPE", text)
            return " ".join(text.split())

        assert normal(front) == normal(output.question_text)
        assert normal(back) == normal(output.answer_text)


def test_preview_page_is_self_contained_and_complete() -> None:
    items = study_items()
    page = render_preview(items, SOURCE, DeckOptions(listening=True))
    assert page.startswith("<!DOCTYPE html>")
    assert page.count('<article class="note"') == len(items)
    assert page.count('class="face"') == len(items) * 3 * 2
    for item in items:
        assert html.escape(item.korean) in page or item.korean in page
    assert "<script>alert" not in page and "<img src=x" not in page
    assert not re.search(r'<(?:link|img|iframe)\b|src="http', page)
    assert "speechSynthesis" in page
    default = render_preview(items, SOURCE)
    assert default.count('class="face"') == len(items) * 2 * 2
