"""The records passed between stages: every one pickles whole (batch workers send them), and
those that write their constructor out are the frozen dataclasses they declare."""

from __future__ import annotations

import copyreg
import dataclasses
import pickle
import types

import pytest

from flashcards import models
from flashcards.lexicon.compose import Part
from flashcards.models import (
    AlignedTerm,
    Article,
    Counterpart,
    Gloss,
    Paragraph,
    SentenceLink,
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


# The records whose ``__init__`` is written out (native when compiled, see flashcards.models),
# each with a value for every field: the written constructor must be the one dataclass makes.
WRITTEN_OUT: dict[type, tuple[object, ...]] = {
    TermOccurrence: ("다리", "noun", 0, 2, 1, "다리를", "橋", "bridge", ("다", "리")),
    Gloss: ("bridge", "glossary", "橋"),
    SentenceLink: ((0, 1), (2,), 0.5),
    Counterpart: ("bridge", 26, 32, 0, 0.9, ("lexical",)),
    AlignedTerm: (
        "다리",
        "noun",
        (TermOccurrence("다리", "noun", 0, 2, 0, "다리"),),
        Counterpart("bridge", 26, 32, 0, 0.9),
        0.9,
        (Gloss("bridge", "glossary"),),
        "橋",
    ),
    Part: ("기술", (Gloss("technology", "glossary"),)),
}


def _other(value: object) -> object:
    """Return a value of the same type as a record's first field, but another one."""
    if isinstance(value, str):
        return value + "x"
    assert isinstance(value, tuple)
    return (*value, 9)


def _generated_init(record: type) -> bool:
    """Tell whether ``record.__init__`` is the one dataclass generated (Python made by exec)."""
    init = vars(record)["__init__"]
    return isinstance(init, types.FunctionType) and init.__code__.co_filename == "<string>"


def test_written_out_constructors_are_listed() -> None:
    records = [
        value
        for value in vars(models).values()
        if isinstance(value, type) and dataclasses.is_dataclass(value)
    ]
    written = {record for record in [*records, Part] if not _generated_init(record)}
    assert written == set(WRITTEN_OUT)


@pytest.mark.parametrize("record", list(WRITTEN_OUT), ids=lambda r: r.__name__)
def test_written_out_constructor_is_the_dataclass_one(record: type) -> None:
    values = WRITTEN_OUT[record]
    fields = dataclasses.fields(record)
    names = [f.name for f in fields]
    assert len(values) == len(fields)
    made = record(*values)
    assert [getattr(made, name) for name in names] == list(values)
    assert record(**dict(zip(names, values, strict=True))) == made
    # Defaults as the fields declare them.
    required = [f for f in fields if f.default is dataclasses.MISSING]
    assert all(f.default_factory is dataclasses.MISSING for f in fields)
    bare = record(*values[: len(required)])
    for f in fields[len(required) :]:
        assert getattr(bare, f.name) == f.default
    with pytest.raises(TypeError):
        record(*values, None)
    with pytest.raises(TypeError):
        record(*values[: len(required) - 1])
    with pytest.raises(TypeError):
        record(*values, unknown=1)


@pytest.mark.parametrize("record", list(WRITTEN_OUT), ids=lambda r: r.__name__)
def test_written_out_records_stay_frozen_dataclasses(record: type) -> None:
    values = WRITTEN_OUT[record]
    made = record(*values)
    first = dataclasses.fields(record)[0].name
    with pytest.raises(dataclasses.FrozenInstanceError):
        setattr(made, first, values[0])
    with pytest.raises(dataclasses.FrozenInstanceError):
        delattr(made, first)
    assert getattr(made, first) == values[0]
    copy = record(*values)
    assert copy == made and copy is not made
    assert hash(copy) == hash(made)
    assert repr(made).startswith(f"{record.__name__}({first}={values[0]!r}, ")
    other = _other(values[0])
    changed = dataclasses.replace(made, **{first: other})
    assert type(changed) is record
    assert getattr(changed, first) == other and changed != made
    assert dataclasses.astuple(made) == dataclasses.astuple(copy)
    assert made.__match_args__ == tuple(f.name for f in dataclasses.fields(record))
    if record.__module__ == models.__name__:  # compose.Part is never sent anywhere
        unpickled = pickle.loads(pickle.dumps(made))
        assert unpickled == made and type(unpickled) is record
