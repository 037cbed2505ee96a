"""The records passed between stages: every one pickles whole (batch workers send them)."""

from __future__ import annotations

import copyreg
import dataclasses
import pickle

from flashcards import models
from flashcards.models import (
    AlignedTerm,
    Article,
    Counterpart,
    Gloss,
    Paragraph,
    Source,
    StudyItem,
    TermOccurrence,
)


def test_every_record_is_pickled_by_its_fields() -> None:
    records = [
        value
        for value in vars(models).values()
        if isinstance(value, type) and dataclasses.is_dataclass(value)
    ]
    assert len(records) >= 16
    for record in records:
        assert record in copyreg.dispatch_table, record.__name__


def test_records_survive_a_round_trip() -> None:
    text = "다리를 건넜다.\n\nWe crossed the bridge."
    article = Article(
        text,
        Source("다리", path="bridge.txt"),
        (Paragraph("ko", 0, 8, text[0:8]),),
        (Paragraph("en", 10, 32, text[10:32]),),
    )
    term = AlignedTerm(
        "다리",
        "noun",
        (TermOccurrence("다리", "noun", 0, 2, 0, "다리"),),
        Counterpart("bridge", 26, 32, 0, 0.9, ("lexical",)),
        0.9,
        (Gloss("bridge", "glossary"),),
    )
    item = StudyItem(
        "다리", "noun", "bridge", (Gloss("bridge", "glossary"),), "", text[0:8], (0, 2),
        text[10:32], (16, 22), 0.9, 1, 0, reasons=("frequent",),
    )  # fmt: skip
    for record in (article, term, item):
        copy = pickle.loads(pickle.dumps(record))
        assert copy == record
        assert type(copy) is type(record)
