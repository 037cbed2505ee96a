"""Term alignment: give each Korean term the English expression the article used for it.

Evidence, each scored in [0, 1] by its own function:

- lexical (``words.lexical_score``): a dictionary gloss of the term (our glossary, user
  dictionaries, the hanja bridge — weighted in that order of trust) matches the English unit's
  words, compared as stems ("introduced" ~ "introduce") or, more weakly, as derivational roots
  ("announcement" ~ "announced");
- ``literal_score``: Latin letters written in the Korean (AI, OECD, 인공지능(AI)) appear as such;
- transliteration (``translit``, injected): a loanword or name sounds like the unit (딥시크 ~
  DeepSeek); ``parts_score`` combines the parts of a compound (삼성+전자 ~ "Samsung Electronics");
- co-occurrence: the same English recurs in the aligned windows of the term's occurrences;
- POS compatibility (``pos_factor``): verbs prefer verbs, nouns prefer noun phrases;
- arguments (``_by_arguments``, after decoding): a verb nothing else placed takes the English
  verb its clause's nouns hang from in the parse.

Candidates are the English units (runs of up to four tokens with and without their function
words, noun chunks, entities, phrasal verbs) of the sentences aligned with each occurrence's
sentence; when nothing convincing is there, the neighbouring sentences (sentence alignment is
sometimes off by one) and, for names, the whole article. Decoding gives each term one
counterpart per article, strongest evidence first, and lets a term claim an English unit only
when no surer term claimed it in that sentence.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from typing import Final

from flashcards.align import cyclic_gc_paused
from flashcards.align.sentences import could_start, first_letters
from flashcards.align.translit import compare
from flashcards.align.translit import similarity as library_similarity
from flashcards.align.words import (
    COMPOUND_HEAD,
    FUNCTION_WORDS,
    NO_WORDS,
    GlossKey,
    GlossKeyTable,
    GlossMatcher,
    KeyWords,
    ascii_letter,
    distinctive,
    expand,
    gloss_key_table,
    has_letter,
    key_words,
    remember,
    root,
    round_to,
    singular_initialism,
    starts_upper,
    stem,
    token_key,
)
from flashcards.models import (
    AlignedTerm,
    Counterpart,
    EnglishDoc,
    EnglishToken,
    Gloss,
    KoreanDoc,
    SentenceLink,
    TermOccurrence,
)

# similarity(korean, english, floor): exact at or above ``floor``, below it anything lower.
Translit = Callable[[str, str, float], float]
LoanwordTest = Callable[[str], bool]
# lookup(lemma, pos) or lookup(lemma, pos, hanja="崛起"), as Lexicon.lookup.
GlossLookup = Callable[..., Sequence[Gloss]]

_CONTENT_POS: Final = frozenset({"NOUN", "PROPN", "VERB", "ADJ", "ADV", "NUM"})
# Units a loanword or name can sound like: "DeepSeek", "Sam Altman", "think tank", "E-7-S".
_NOMINAL: Final = frozenset({"NOUN", "PROPN", "ADJ", "X", "NUM", "PUNCT"})
# How well an English POS suits each Korean POS (1 = natural; nominalisations and the like
# are allowed at a discount: 발표하다 → "announcement"). A verb often becomes a predicate
# adverb (앞서다 → "ahead", 돌아가다 → "back"), nearly as natural as an adjective.
# Dicts, not Mappings: compiled, a Mapping's ``get`` is a generic method call.
_COMPATIBLE: Final[dict[str, dict[str, float]]] = {
    "noun": {
        "NOUN": 1.0,
        "PROPN": 1.0,
        "ADJ": 0.9,
        "VERB": 0.8,
        "NUM": 0.8,
        "ADV": 0.7,
        "ADP": 0.7,
    },
    "proper": {"PROPN": 1.0, "NOUN": 0.95, "ADJ": 0.95, "X": 0.9},
    "foreign": {"PROPN": 1.0, "NOUN": 1.0, "ADJ": 0.95, "X": 1.0, "NUM": 0.9},
    "verb": {"VERB": 1.0, "ADJ": 0.85, "NOUN": 0.85, "AUX": 0.8, "ADV": 0.9, "ADP": 0.7},
    "adjective": {"ADJ": 1.0, "VERB": 0.9, "ADV": 0.9, "NOUN": 0.8},
    "adverb": {"ADV": 1.0, "ADJ": 0.9, "NOUN": 0.75, "VERB": 0.7, "DET": 0.7, "ADP": 0.7},
}
_OFF_POS: Final = 0.6
# Function words allowed inside or at the edge of a unit ("each other", "every day", "more
# than", "pointed out"), but never a unit of their own.
_FILLER_POS: Final = frozenset({"DET", "ADP", "CCONJ", "PART", "PRON", "AUX", "SCONJ"})
_NEVER_LAST: Final = frozenset({"DET", "CCONJ", "SCONJ", "AUX"})
_LATIN_RE: Final = re.compile(r"[A-Za-z][A-Za-z0-9\-&.]*")
# A word met in the window of each of a noun's sentences and in no other sentence is likely
# its rendering though no dictionary lists it (불화 twice, "divisive" in both windows only):
# scored just above the threshold, so that any other evidence wins over it. A noun's English
# is a noun or an adjective; a verb or adverb recurring with it is mostly another term's.
_RECURRING_PEAK: Final = 0.6
_RECURRING_POS: Final = frozenset({"NOUN", "ADJ"})
# A verb placed by its arguments alone (``_by_arguments``): just above the threshold, so that
# a card shows it as a guess; 6 of 9 such guesses on the tuning articles were right.
_ARGUMENTS_PEAK: Final = 0.6
# English verbs too light to render a Korean verb placed by its arguments alone: "have",
# "make", "get" carry a clause whatever its verb was (자랑하다 → "has an old bridge"), and
# "say" is a reporting verb's. On the ungraded stretches 5 of the 7 such placements were wrong
# or cut short ("go" for 게재되다, "go online"). Narrower than the gloss matcher's light heads
# (words._LIGHT_HEADS): "took" and "gave" render a verb's clause well enough ("took a set").
_LIGHT_ENGLISH_VERBS: Final = frozenset({"have", "be", "do", "make", "go", "get", "say", "tell"})
# English verbs that say a Korean verb with their object noun ("make a decision", "take
# photographs", "have confidence"): a verb matched to the noun takes them along.
_SUPPORT_VERBS: Final = frozenset(
    {"make", "take", "give", "have", "do", "hold", "reach", "pay", "conduct"}
)
# Verbs that carry grammar (있다, 하다) or make a postposition (에 대한 "on", 에 의해 "by"):
# the English verb their clause hangs from renders the clause, not them.
_GRAMMAR_VERBS: Final = frozenset(
    {"하다", "되다", "있다", "없다", "않다", "이다", "아니다", "말다", "싶다", "보다", "주다"}
    | {"같다", "받다", "관하다", "의하다", "대하다", "위하다", "통하다"}
)
# A pair's first part read in its head's modifier (``compound_pairs``): the pair's confidence
# is at most this.
_MODIFIER_PEAK: Final = 0.6
# A common noun matched to the last word of an English name, when the Korean writes it after
# another noun (``_Scorer.score``): 20 of 21 such placements were right on ungraded dev text.
_HEAD_AFTER_NOUN: Final = 0.7
# How far up the English parse an argument's word may hang below its verb ("whisked them
# away by helicopter": helicopter → by → whisked).
_ARGUMENT_DEPTH: Final = 4


@dataclass(frozen=True)
class TermAlignOptions:
    """Knobs of the decoder; defaults are tuned on the development gold set."""

    threshold: float = 0.55
    max_ngram: int = 4
    translit_min: float = 0.8
    cooc_weight: float = 0.15
    article_min: float = 0.88
    neighbour_penalty: float = 0.9
    # A longer unit containing the best one wins when it scores within this margin.
    longer_margin: float = 0.1
    # A term gives its unit up to another when it can move to one scoring within this margin.
    yield_margin: float = 0.1
    # Trust in each gloss source: ours is checked by a second reader, user dictionaries are
    # chosen by the user, the hanja bridge guesses among homophones.
    source_weights: tuple[tuple[str, float], ...] = (
        ("glossary", 1.0),
        ("user", 0.97),
        ("hanja", 0.9),
        ("compound", 0.95),
    )


# Units, candidates and spans are plain classes, not NamedTuples or frozen dataclasses: an
# article makes thousands, and compiled, a plain class is made and read natively, where a
# NamedTuple's constructor runs as Python and its fields are read by name lookups.
class Unit:
    """An English candidate: tokens [first, last) of one sentence, with its comparison key.

    Treat as immutable; it compares and hashes by its fields.
    """

    def __init__(
        self,
        first: int,
        last: int,
        sentence: int,
        key: tuple[str, ...],
        poses: frozenset[str],
        alt_key: tuple[str, ...] = (),
    ) -> None:
        self.first = first
        self.last = last
        self.sentence = sentence
        self.key = key
        self.poses = poses
        # The same words keyed by their text where that differs from their lemma: spaCy's small
        # model lemmatises some verbs wrongly ("hopes" → hop).
        self.alt_key = alt_key

    def spanning(self, first: int, last: int) -> Unit:
        """Return the same unit over tokens [first, last) instead."""
        return Unit(first, last, self.sentence, self.key, self.poses, self.alt_key)

    def _fields(self) -> tuple[int, int, int, tuple[str, ...], frozenset[str], tuple[str, ...]]:
        return (self.first, self.last, self.sentence, self.key, self.poses, self.alt_key)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Unit) and self._fields() == other._fields()

    def __hash__(self) -> int:
        return hash(self._fields())

    def __repr__(self) -> str:
        return (
            "Unit(first={!r}, last={!r}, sentence={!r}, key={!r}, poses={!r}, alt_key={!r})".format(
                *self._fields()
            )
        )


class Candidate:
    """One English key a term could map to: where it occurs and how well it is supported.

    Treat as immutable.
    """

    def __init__(
        self,
        key: tuple[str, ...],
        peak: float,
        support: float,
        units: tuple[Unit, ...],
        evidence: tuple[str, ...],
    ) -> None:
        self.key = key
        self.peak = peak
        self.support = support
        self.units = units
        self.evidence = evidence
        # ``confidence_of`` this candidate under these options (none yet).
        self.confidence = 0.0
        self.confidence_for: TermAlignOptions | None = None

    def __repr__(self) -> str:
        return (
            f"Candidate(key={self.key!r}, peak={self.peak!r}, support={self.support!r}, "
            f"units={self.units!r}, evidence={self.evidence!r})"
        )


def make_gloss_keys(
    glosses: Iterable[Gloss], pos: str, options: TermAlignOptions = TermAlignOptions()
) -> tuple[GlossKey, ...]:
    """Prepare a term's glosses for matching; a verb gloss's head is its first word."""
    return _gloss_keys(glosses, pos, _SourceTables(options))


def _gloss_keys(glosses: Iterable[Gloss], pos: str, tables: _SourceTables) -> tuple[GlossKey, ...]:
    # ``make_gloss_keys`` with the tables of its options found already (the aligner keeps them
    # for the article: a dict of the weights made per term cost more than the rest of a call).
    nominal = pos not in ("verb", "adjective", "adverb")
    keys: list[GlossKey] = []
    by_source = tables.nominal if nominal else tables.verbal
    # A source's glosses come together: its table is looked for when the source changes.
    source = ""
    table: GlossKeyTable | None = None
    # A tuple (as the aligner passes a term's glosses) is looped over natively; typed again:
    # narrowed by ``isinstance``, its items would be read as generic objects.
    given: tuple[Gloss, ...] = glosses if isinstance(glosses, tuple) else tuple(glosses)
    for g in given:
        if table is None or g.source != source:
            source = g.source
            table = by_source.get(source)
            if table is None:
                table = tables.add(nominal, source)
        key = table.key(g.text)
        if key is not None:
            keys.append(key)
            if pos == "proper" and _demonym_stem(g.text):
                # News names a country by its people's adjective: 케냐 선수 → "a Kenyan
                # runner", 러시아 관리 → "a Russian official" (stems and roots keep them apart).
                demonym = table.key(g.text + "n")
                if demonym is not None:
                    keys.append(demonym)
    return tuple(keys)


def _demonym_stem(text: str) -> bool:
    """Tell whether a place's name makes its adjective with -n: Australia, Korea, Cuba."""
    n = len(text)
    return n >= 4 and text[n - 1] == "a" and starts_upper(text) and text.isalpha()


class _SourceTables:
    """The gloss key tables of one ``TermAlignOptions``, by kind of term and source name."""

    def __init__(self, options: TermAlignOptions) -> None:
        self.weights = dict(options.source_weights)
        self.nominal: dict[str, GlossKeyTable] = {}
        self.verbal: dict[str, GlossKeyTable] = {}

    def add(self, nominal: bool, source: str) -> GlossKeyTable:
        """Find the table of a source not met yet (``gloss_key_table`` keeps the tables)."""
        # Trust in a gloss source by its full name: "user:mine" is a "user" source (0.9
        # unknown).
        table = gloss_key_table(nominal, self.weights.get(source.split(":", 1)[0], 0.9))
        (self.nominal if nominal else self.verbal)[source] = table
        return table


def literal_score(term: TermOccurrence, text: str) -> float:
    """Score Latin letters of the Korean term found as such in the unit (AI, OECD, 오픈AI)."""
    unit = _COMPACT.get(text)
    if unit is None:
        unit = remember(_COMPACT, text, text.replace(" ", "").lower())
    words: tuple[str, ...] | None = None  # the unit's Latin words, found when first needed
    for latin, lat in _literals(term.latin, term.lemma):
        if unit == lat:
            return 1.0 if term.latin or term.lemma == latin else 0.8
        if len(lat) < 2:
            continue
        # Both tests below find the spelling in the unit's text, spaces aside: most units do
        # not hold it, and need not be split into their Latin words.
        if lat not in unit:
            continue
        if words is None:
            words = _latin_words(text)
        if any(w.lower() == lat for w in words):
            return 0.6
        # 오픈AI ~ "OpenAI": the Latin part glued to a transliterated part, same letter case.
        glued = any(w != latin and (w.endswith(latin) or w.startswith(latin)) for w in words)
        if latin != term.lemma and glued:
            return 0.6
    return 0.0


# Texts without spaces in lower case (units recur for every term with Latin letters).
_COMPACT: Final[dict[str, str]] = {}
# The Latin spellings a term may be written with, and the same compacted, by bracketed gloss
# and lemma (see ``_literals``).
_LITERALS: Final[dict[str, dict[str, tuple[tuple[str, str], ...]]]] = {}


def _literals(latin: str, lemma: str) -> tuple[tuple[str, str], ...]:
    """List the bracketed gloss's spellings (if any) and the Latin words of the lemma, each
    with its compact lower-case form."""
    by_lemma = _LITERALS.get(latin)
    if by_lemma is None:
        by_lemma = remember(_LITERALS, latin, {})
    found = by_lemma.get(lemma)
    if found is None:
        # A bracketed name may come with its abbreviation (Busan Port Authority, BPA): each
        # is a spelling of its own.
        names = [w.strip() for w in latin.split(",")]
        spellings = [w for w in (*names, *_latin_words(lemma)) if w]
        found = by_lemma[lemma] = tuple([(w, w.replace(" ", "").lower()) for w in spellings])
    return found


_LATIN_WORDS: Final[dict[str, tuple[str, ...]]] = {}


def _latin_words(text: str) -> tuple[str, ...]:
    """The runs of Latin letters in a text (kept per text: units and lemmas recur)."""
    found = _LATIN_WORDS.get(text)
    if found is None:
        found = remember(_LATIN_WORDS, text, tuple(_LATIN_RE.findall(text)))
    return found


_PROPER_NOUN: Final = frozenset({"PROPN"})
# The syllables that name a kind of place after a place name (province, prefecture, state,
# city, district, island), or a kind of thing after a name (균 germ, 족 people, 어 language:
# 리스테리아균 "Listeria"), and the discount on a name read without one. Not 군: after a
# country it is its army (이스라엘군 "Israeli troops").
_PLACE_SUFFIXES: Final = frozenset("성현주시도구섬균족어")
_BARE_PLACE: Final = 0.97


def _place_name(lemma: str) -> str:
    """Return a name without its word for the kind of place or thing (저장성 → 저장), or ''."""
    return lemma[:-1] if len(lemma) >= 3 and lemma[-1] in _PLACE_SUFFIXES else ""


def _title_word(text: str) -> bool:
    """Tell whether a word is written like a name: a capital, then small letters (Dolly)."""
    return len(text) >= 3 and text[0].isupper() and text[1:].islower() and text.isalpha()


def pos_factor(pos: str, poses: Iterable[str]) -> float:
    """Discount a unit whose words do not suit the term's part of speech."""
    table = _COMPATIBLE.get(pos, {})
    # A loop, not max() over a generator with a default: compiled, that is a generic call.
    best = _OFF_POS
    found = False
    for p in poses:
        if p not in _FILLER_POS:
            factor = table.get(p, _OFF_POS)
            if not found or factor > best:
                best, found = factor, True
    if not found:
        # A unit of function words alone: a noun of place or time may be a preposition in
        # English (인근 "near", 직전 "just before"), when a gloss says so.
        for p in poses:
            factor = table.get(p, _OFF_POS)
            if factor > best:
                best = factor
    return best


# --- candidate units ----------------------------------------------------------------------


def candidate_units(en: EnglishDoc, sentences: Iterable[int], max_ngram: int = 4) -> list[Unit]:
    """List the English units of the given sentences (runs of tokens and spaCy spans)."""
    table = _TokenTable(en)
    units: list[Unit] = []
    for s in sentences:
        units.extend(table.unit(first, last, s) for first, last in table.spans_of(s, max_ngram))
    return units


class _TokenTable:
    """Per-token facts computed once per document: keys, roots, flags, sentence ranges."""

    def __init__(self, en: EnglishDoc) -> None:
        self.en = en
        tokens = en.tokens
        # Each token field read once: a token is a Python object, slow to read from compiled code.
        self.pos = pos = [t.pos for t in tokens]
        texts = [t.text for t in tokens]
        self.sentences = sentences = [t.sentence for t in tokens]
        self.starts = starts = [t.start for t in tokens]
        self.ends = ends = [t.end for t in tokens]
        n = len(tokens)
        self.text_keys = text_keys = [_text_key(text) for text in texts]
        # ``token_key`` keys a token by its lemma or by its text: where the two are the same
        # string (most tokens), its key is the text's, found already.
        self.keys = keys = [""] * n
        for i in range(n):
            t = tokens[i]
            keys[i] = text_keys[i] if t.lemma == texts[i] else token_key(t)
        # Index loops rather than comprehensions over ``zip``: compiled, zip iterates generically.
        self.content = content = [False] * n
        # Roots of content words only: units are found through them.
        self.roots = roots = [""] * n
        self.text_roots = text_roots = [""] * n
        # Each token's tag as a bit (see ``_pos_bit``): the kinds of tokens below are told by
        # a bit test per token, not a set lookup.
        self.pos_bits = bits = [_pos_bit(p) for p in pos]
        content_tags = _bits_of(_CONTENT_POS)
        # Every root of the article (with the empty one of the other tokens), made in the loop.
        root_set: set[str] = set()
        self.root_set = root_set
        # spaCy's small model tags a name it does not know by its ending ("Dolly" an adverb,
        # like "Finally"): a capitalised word of such a tag may still be the name a Korean word
        # sounds like.
        self.name_like = name_like = [False] * n
        name_tags = _pos_bit("ADV") | _pos_bit("VERB")
        for i in range(n):
            if bits[i] & content_tags and has_letter(texts[i]):
                content[i] = True
                if bits[i] & name_tags and _title_word(texts[i]):
                    name_like[i] = True
                roots[i] = key_root = root(keys[i])
                # The same key (most tokens) has the same root.
                text_key = text_keys[i]
                text_roots[i] = key_root if text_key == keys[i] else root(text_key)
                root_set.add(key_root)
                root_set.add(text_roots[i])
            else:
                root_set.add("")
        punct_tag = _pos_bit("PUNCT")
        filler_tags = _bits_of(_FILLER_POS) | punct_tag
        self.filler = [bits[i] & filler_tags != 0 for i in range(n)]  # edge fillers
        never_last_tags = _bits_of(_NEVER_LAST)
        self.never_last = [bits[i] & never_last_tags != 0 for i in range(n)]
        # Function words by sentence and key, for terms a function word translates (없이 →
        # "without", 제발 → "please"): they are never part of the content-word index.
        self.function_at: dict[int, dict[str, list[int]]] = {}
        function_tags = _bits_of(_FILLER_POS) | _pos_bit("INTJ")
        for i in range(n):
            key = keys[i]
            if bits[i] & function_tags and key in FUNCTION_WORDS:
                at = self.function_at.setdefault(sentences[i], {})
                at.setdefault(key, []).append(i)
        particle_tags = _pos_bit("ADP") | _pos_bit("PART")
        self.particle = [bits[i] & particle_tags != 0 for i in range(n)]
        # Two nouns written apart that English also writes as one word ("Web site"): the root
        # of the joined word, at the first token.
        self.joined_root = [""] * n
        for k in range(n - 1):
            a_text, b_text = texts[k], texts[k + 1]
            if (
                pos[k] in ("NOUN", "PROPN")
                and pos[k + 1] == "NOUN"
                and sentences[k] == sentences[k + 1]
                and a_text.isalpha()
                and b_text.isalpha()
                and starts[k + 1] == ends[k] + 1
            ):
                self.joined_root[k] = root(a_text.lower() + b_text.lower())
        # Hyphens by position; index -1 (a unit's first token has none before it) is False.
        hyphen = [text == "-" for text in texts]
        self.hyphen = [*hyphen, False]
        # The hyphenated word each token is part of, as [first, last) ("follow-up" = 3 tokens).
        # Whether it is part of a longer one (only then can a range cut a word apart), and that
        # word by each of its tokens (few are: the others are words of their own).
        self.in_word = [False] * n
        self._words: dict[int, tuple[int, int]] = {}
        for lo, hi in _hyphen_groups(texts, starts, ends):
            for i in range(lo, hi):
                self.in_word[i] = True
                self._words[i] = (lo, hi)
        verb_tags = _pos_bit("VERB") | _pos_bit("ADJ") | _pos_bit("ADV")
        self.verb = [bits[i] & verb_tags != 0 for i in range(n)]
        self.punct = punct = [bits[i] == punct_tag for i in range(n)]
        # A run of tokens stops at punctuation, except the hyphen of "E-7-S" or "long - term".
        self.stops = [punct[i] and not hyphen[i] for i in range(n)]
        nominal_tags = _bits_of(_NOMINAL)
        # Running counts, so that "does this range hold a content word / punctuation / a
        # capital letter?" costs two lookups.
        self.content_upto = _running_count(self.content)
        self.punct_upto = _running_count(self.punct)
        # Made when first asked (most articles ask only for the units of a few names).
        self._capital_upto: list[int] | None = None
        self._initial: list[str] | None = None
        self._texts = texts
        self.other_upto = _running_count(
            [bits[i] & nominal_tags == 0 and not name_like[i] for i in range(n)]
        )
        # The words (punctuation aside) whose text key is not their key (see ``unit``).
        self.differs_upto = _running_count(
            [keys[i] != text_keys[i] and not punct[i] for i in range(n)]
        )
        self.hyphen_upto = _running_count(hyphen)
        # Where trimming edge fillers off a range stops: the first kept token at or after i,
        # and the end of the last kept token at or before i.
        self.kept_from = [n] * (n + 1)
        for i in range(n - 1, -1, -1):
            self.kept_from[i] = self.kept_from[i + 1] if self.filler[i] else i
        self.kept_to = [0] * (n + 1)
        for i in range(1, n + 1):
            self.kept_to[i] = self.kept_to[i - 1] if self.filler[i - 1] else i
        self.ranges: dict[int, tuple[int, int]] = {}
        i = 0
        while i < n:
            # A sentence's tokens follow each other: its range ends where the next one starts.
            sentence = sentences[i]
            j = i + 1
            while j < n and sentences[j] == sentence:
                j += 1
            lo, hi = self.ranges.get(sentence, (i, j))
            self.ranges[sentence] = (lo if lo <= i else i, hi if hi > j else j)
            i = j
        self.spans: dict[int, list[tuple[int, int]]] = {}
        for span in en.spans:
            self.spans.setdefault(sentences[span.first], []).append((span.first, span.last))

    def spans_of(self, sentence: int, max_ngram: int) -> list[tuple[int, int]]:
        """List the token ranges [first, last) of a sentence's units, in a fixed order.

        Runs of up to ``max_ngram`` tokens, as they are and without function words at their
        edges, then spaCy's spans without them; never starting or ending in punctuation,
        always holding a content word.
        """
        kept_from, kept_to = self.kept_from, self.kept_to
        lo, hi = self.ranges.get(sentence, (0, 0))
        spans = self.spans.get(sentence, [])
        # Ranges judged so far (admitted or not: ``_admits`` depends on the range alone, and
        # many a range comes up again, trimmed or as it is), one flag per [first, last) by its
        # first token (lo <= first < top: spaCy's spans may reach past the sentence) and its
        # length (a run is at most max_ngram + 1 tokens, a span as long as it is): a list read
        # by index, where a set would box and hash an int per test, and as long as the sentence
        # times the longest range, not its square. A range with first >= last is never a unit.
        top, longest = hi, max_ngram + 1
        for first, last in spans:
            if last > top:
                top = last
            if last - first > longest:
                longest = last - first
        depth = longest + 1
        judged = [False] * ((top - lo + 1) * depth)
        found: list[tuple[int, int]] = []
        stops = self.stops
        for k in range(lo, hi):
            for end in range(k + 1, min(k + max_ngram + 2, hi) + 1):
                if stops[end - 1]:
                    break
                at = (k - lo) * depth + end - k
                if not judged[at]:
                    judged[at] = True
                    if self._admits(k, end, max_ngram):
                        found.append((k, end))
                # The same without fillers at its edges.
                first, last = kept_from[k], kept_to[end]
                if first < last:
                    at = (first - lo) * depth + last - first
                    if not judged[at]:
                        judged[at] = True
                        if self._admits(first, last, max_ngram):
                            found.append((first, last))
        for first, last in spans:
            first, last = kept_from[first], kept_to[last]
            if first < last:
                at = (first - lo) * depth + last - first
                if not judged[at]:
                    judged[at] = True
                    if self._admits(first, last, max_ngram):
                        found.append((first, last))
        return found

    def _admits(self, first: int, last: int, max_ngram: int) -> bool:
        """Tell whether tokens [first, last) make a unit (see ``spans_of``)."""
        hyphens = self.hyphen_upto
        if first >= last:
            return False
        # Hyphens do not count: "Sheikh Omar Abdel-Rahman" is three words and a hyphen.
        if last - first - (hyphens[last] - hyphens[first]) > max_ngram:
            return False
        punct = self.punct
        if punct[first] or punct[last - 1] or self.content_upto[last] == self.content_upto[first]:
            return False
        if self.never_last[last - 1]:
            return False  # "program the": a particle may end a unit ("clean up"), not these
        in_word = self.in_word
        if (in_word[first] or in_word[last - 1]) and self.cuts_word(first, last):
            return False
        particle = self.particle
        if particle[last - 1] and not self.hyphen[last - 2]:
            # Particles follow verbs and a few modifiers ("cleaned up", "more than"), not
            # nouns ("forces to"); a hyphenated word ends as it likes ("follow-up").
            k = last - 1
            while k > first and particle[k]:
                k -= 1
            if not self.verb[k]:
                return False
        return True

    def unit(self, first: int, last: int, sentence: int) -> Unit:
        """Make the unit of tokens [first, last), keyed without its punctuation."""
        # Few units have a word whose text key is not its key: only they make the text's.
        differs = self.differs_upto[last] > self.differs_upto[first]
        alt: tuple[str, ...] = ()
        if self.punct_upto[last] == self.punct_upto[first]:
            key = tuple(self.keys[first:last])
            if differs:
                alt = tuple(self.text_keys[first:last])
        else:
            kept = [i for i in range(first, last) if not self.punct[i]]
            key = tuple([self.keys[i] for i in kept])
            if differs:
                alt = tuple([self.text_keys[i] for i in kept])
        # The tags of the tokens by their bits: one set shared by the units with the same tags.
        bits = self.pos_bits
        mask = 0
        for i in range(first, last):
            mask |= bits[i]
        poses = _POS_SETS.get(mask)
        if poses is None:
            poses = remember(_POS_SETS, mask, frozenset(self.pos[first:last]))
        # A word after a bound prefix takes the tag of the whole hyphenated word: spaCy tags
        # "innovation" of "pro-innovation" ADJ, though the part is the noun.
        in_word = self.in_word[first] and self.word(first)[0] < first
        if in_word and "ADJ" in poses and "NOUN" not in poses:
            poses = poses | {"NOUN"}
        if last - first == 2 and self.joined_root[first] and not differs:
            # "Web site" is also "website", the way a dictionary may spell it.
            tokens = self.en.tokens
            alt = (stem(tokens[first].text.lower() + tokens[first + 1].text.lower()),)
        elif self.hyphen_upto[last] > self.hyphen_upto[first] and last - first == 3:
            # "clean-up" is also "cleanup", the way a dictionary may spell it.
            tokens = self.en.tokens
            alt = (stem(tokens[first].text.lower() + tokens[first + 2].text.lower()),)
        return Unit(first, last, sentence, key, poses, alt)

    def cuts_word(self, first: int, last: int) -> bool:
        """Tell whether tokens [first, last) cut a hyphenated word apart.

        "follow" of "follow-up" is not a word of the article; "conspirators" of
        "co-conspirators" is, behind a bound prefix.
        """
        lo, _ = self.word(first)
        _, hi = self.word(last - 1)
        if last < hi:
            return True
        if lo < first:
            prefix = self.en.tokens[lo].text.lower()
            return not (first == lo + 2 and prefix in _BOUND_PREFIXES)
        return False

    def whole_words(self, first: int, last: int) -> tuple[int, int]:
        """Widen tokens [first, last) to the hyphenated words they are part of."""
        return self.word(first)[0], self.word(last - 1)[1]

    def word(self, i: int) -> tuple[int, int]:
        """Return the tokens [first, last) of the hyphenated word token ``i`` is part of."""
        if self.in_word[i]:
            return self._words[i]
        return (i, i + 1)

    def inside_name(self, first: int, last: int) -> bool:
        """Tell whether tokens [first, last) end a longer run of proper nouns.

        That is the head of a name ("Productions" of "Brightline Productions"); a title inside a run
        is followed by the name it goes with ("Riverton Mayor Ana Ruiz").
        """
        # The run of proper nouns of one sentence around ``first``, found when asked (few
        # units are: common words matched by a gloss).
        # A hyphen inside the run is part of the name ("Nouri al-Maliki"): spaCy tags it PUNCT.
        pos, sentences, hyphen = self.pos, self.sentences, self.hyphen
        if pos[first] != "PROPN":
            return False
        lo = first
        while (
            lo > 0
            and (pos[lo - 1] == "PROPN" or hyphen[lo - 1])
            and sentences[lo - 1] == sentences[lo]
        ):
            lo -= 1
        if lo == first:
            return False
        hi = first + 1
        while (
            hi < len(pos)
            and (pos[hi] == "PROPN" or hyphen[hi])
            and sentences[hi] == sentences[hi - 1]
        ):
            hi += 1
        return last == hi

    def has_capital(self, first: int, last: int) -> bool:
        upto = self._capital_upto
        if upto is None:
            upto = self._capital_upto = _running_count([starts_upper(t) for t in self._texts])
        return upto[last] > upto[first]

    def initials(self) -> list[str]:
        """Return each token's first character, lower case (sound-alike matching starts there)."""
        found = self._initial
        if found is None:
            found = self._initial = [text[:1].lower() for text in self._texts]
        return found


# POS factors by the term's POS, then the unit's POS set (no pair to build per lookup): kept
# from article to article, as the few sets of tags are (see ``_POS_SETS``).
_POS_FACTORS: Final[dict[str, dict[frozenset[str], float]]] = {}


# A bit for each POS tag met, and the set of tags of each combination of bits (see
# ``_TokenTable.unit``): a unit's tags are found from its tokens' bits, and a set of them is
# made (and hashed, by ``_Scorer.pos_factor``) once, not once per unit.
_POS_BITS: Final[dict[str, int]] = {}
_POS_SETS: Final[dict[int, frozenset[str]]] = {}


def _pos_bit(pos: str) -> int:
    bit = _POS_BITS.get(pos)
    if bit is None:
        bit = _POS_BITS[pos] = 1 << len(_POS_BITS)
    return bit


def _bits_of(tags: AbstractSet[str]) -> int:
    """The bits of a set of tags (see ``_pos_bit``)."""
    bits = 0
    for tag in tags:
        bits |= _pos_bit(tag)
    return bits


# Each token text's key as a word of its own (texts recur from article to article).
_TEXT_KEYS: Final[dict[str, str]] = {}


def _text_key(text: str) -> str:
    found = _TEXT_KEYS.get(text)
    if found is None:
        found = remember(_TEXT_KEYS, text, stem(expand(singular_initialism(text).lower())))
    return found


def _running_count(flags: list[bool]) -> list[int]:
    """Count the true flags before each position: ``counts[j] - counts[i]`` covers [i, j)."""
    # A plain loop: compiled, ``itertools.accumulate`` adds through generic calls.
    counts = [0] * (len(flags) + 1)
    n = 0
    for i in range(len(flags)):
        if flags[i]:
            n += 1
        counts[i + 1] = n
    return counts


def sentence_windows(links: Sequence[SentenceLink], n_korean: int) -> dict[int, tuple[int, ...]]:
    """Map each Korean sentence to the English sentences of its link (neighbours if none)."""
    window: dict[int, tuple[int, ...]] = {}
    ordered = list(links)
    for idx, link in enumerate(ordered):
        english = link.english
        if not english:
            # No partner: look at the English of the neighbouring links instead.
            near: list[int] = []
            for other in ordered[max(0, idx - 1) : idx + 2]:
                near.extend(other.english)
            english = tuple(sorted(set(near)))
        for k in link.korean:
            window[k] = english
    for k in range(n_korean):
        window.setdefault(k, ())
    return window


def widen(window: tuple[int, ...], n_english: int) -> tuple[int, ...]:
    """Add the English sentences right before and after a window."""
    if not window:
        return ()
    lo, hi = max(0, min(window) - 1), min(n_english - 1, max(window) + 1)
    return tuple(range(lo, hi + 1))


# --- decoding -----------------------------------------------------------------------------


def align_terms(
    ko: KoreanDoc,
    en: EnglishDoc,
    links: Sequence[SentenceLink],
    *,
    text: str,
    glosses: GlossLookup,
    translit: Translit | None = None,
    is_loanword: LoanwordTest | None = None,
    options: TermAlignOptions = TermAlignOptions(),
) -> tuple[AlignedTerm, ...]:
    """Decode one English counterpart (or none) for every distinct Korean term.

    The cyclic garbage collector is paused meanwhile (see ``cyclic_gc_paused``).
    """
    with cyclic_gc_paused():
        return _align_terms(ko, en, links, text, glosses, translit, is_loanword, options)


def _align_terms(
    ko: KoreanDoc,
    en: EnglishDoc,
    links: Sequence[SentenceLink],
    text: str,
    glosses: GlossLookup,
    translit: Translit | None,
    is_loanword: LoanwordTest | None,
    options: TermAlignOptions,
) -> tuple[AlignedTerm, ...]:
    window = sentence_windows(links, len(ko.sentences))
    by_term: dict[tuple[str, str], list[TermOccurrence]] = defaultdict(list)
    for occ in ko.terms:
        by_term[(occ.lemma, occ.pos)].append(occ)
    scorer = _Scorer(en, text, glosses, translit, is_loanword, options, ko.terms)

    ranked: dict[tuple[str, str], list[Candidate]] = {}
    # Each term with its occurrences, glosses and candidates, in the order of the article: the
    # loops below read them here rather than look each up by its (lemma, pos) pair.
    found_all: list[
        tuple[tuple[str, str], list[TermOccurrence], tuple[Gloss, ...], list[Candidate]]
    ] = []
    # Each term's (lemma, pos) pair is looked up by the one tuple by_term made for it.
    for term, occurrences in by_term.items():
        lemma, pos = term
        # A hanja spelling written in the article (굴기(崛起)) picks the right homophone.
        hanja = next((o.hanja for o in occurrences if o.hanja), "")
        found = glosses(lemma, pos, hanja=hanja) if hanja else glosses(lemma, pos)
        found_glosses = tuple(found)
        ranked[term] = cands = scorer.candidates(lemma, pos, occurrences, found_glosses, window)
        found_all.append((term, occurrences, found_glosses, cands))

    # A noun met more than once that no evidence ties to a word (decoding stops at a first
    # candidate below the threshold) may have a word recurring with it alone. Names and
    # loanwords are found by how they sound; a verb recurs with its object (불화를
    # 일으키다), whose English it would take.
    lonely = [
        (occurrences, cands)
        for term, occurrences, _, cands in found_all
        if term[1] == "noun"
        and len(occurrences) > 1
        and (not cands or confidence_of(cands[0], options) < options.threshold)
    ]
    # All found before any is added: a word some term has evidence for stays that term's.
    claimed = _CandidateRoots([cands for _, _, _, cands in found_all])
    partnered = {k for link in links if link.english for k in link.korean}
    extra = [scorer.recurring(occurrences, window, claimed, partnered) for occurrences, _ in lonely]
    for k in range(len(lonely)):
        # In place: ``ranked`` and ``found_all`` hold the same list.
        lonely[k][1][:0] = extra[k]
    exact = {
        term: _spelled_out(cands[0], en, text, found_glosses)
        for term, _, found_glosses, cands in found_all
        if cands
    }
    # Only terms with a candidate are decoded.
    senses = {
        term: len({g.text for g in found_glosses})
        for term, _, found_glosses, cands in found_all
        if cands
    }
    crowded_out: list[tuple[str, str]] = []
    chosen = _decode(ranked, options, exact, senses, _enclosed(by_term), crowded_out)
    for term in _strays(chosen, by_term, window, en):
        del chosen[term]
    rows = _sentence_rows(ko.terms)
    if crowded_out:
        _swap_by_neighbours(chosen, ranked, crowded_out, by_term, rows, window, en.tokens, options)
    hold = _Holders(chosen, scorer._table)
    chosen.update(_by_arguments(chosen, rows, hold, window, en, scorer._table))
    results: list[AlignedTerm] = []
    for term, occurrences, found_glosses, cands in found_all:
        lemma, pos = term
        pick = chosen.get(term)
        counterpart = None
        confidence = 0.0
        if pick is not None:
            cand, unit, confidence = pick
            if pos == "noun" and _half_matched(scorer.keys[term], unit.key):
                unit = _with_own_head(en, unit, chosen.values())
                unit = _with_title_head(en, unit, scorer.keys[term], chosen.values())
            elif pos in ("verb", "adjective"):
                unit = _with_do_support(en, unit)
                unit = _with_support_verb(en, unit, chosen.values())
            if pos == "noun" or pos == "proper":
                unit = _with_rest_of_name(en, unit, scorer.keys[term], chosen.values())
            if pos == "noun":
                unit = _with_first_part(en, unit, scorer.keys[term], chosen.values())
            first, last = scorer._table.whole_words(unit.first, unit.last)
            tokens = en.tokens[first:last]
            start, end = tokens[0].start, tokens[-1].end
            counterpart = Counterpart(
                text[start:end], start, end, unit.sentence, confidence, cand.evidence
            )
        elif cands:
            # Below the threshold: report how close the best guess came.
            # (A threshold may have more decimals than a confidence.)
            confidence = round_to(min(confidence_of(cands[0], options), options.threshold), 3)
        # By position: keyword arguments cost a dict per record.
        results.append(
            AlignedTerm(
                lemma,
                occurrences[0].pos,
                tuple(occurrences),
                counterpart,
                # Already rounded to 3 places (``confidence_of``), or 0.
                confidence,
                found_glosses,
                next((o.hanja for o in occurrences if o.hanja), ""),
            )
        )
    return tuple(results) + compound_pairs(results, text, scorer._table)


def _strays(
    chosen: dict[tuple[str, str], tuple[Candidate, Unit, float]],
    by_term: dict[tuple[str, str], list[TermOccurrence]],
    window: dict[int, tuple[int, ...]],
    en: EnglishDoc,
) -> list[tuple[str, str]]:
    """List the terms matched by a dictionary gloss in an English sentence their Korean lacks.

    When a Korean sentence is linked to several English ones, the translator may have added a
    sentence of their own (a figure, a comment). The Korean sentence's other terms then land
    in the sentences that render it, and a lone gloss match in the added one is a homonym
    met by chance (증언 "account" → "China accounted for 70 percent"). An English sentence
    counts as added when it holds only that term's counterpart, at least two others of the
    Korean sentence land elsewhere in the window, and its share of content words that
    received a counterpart is under a third of the rest of the window's. A short sentence
    that renders one clause ("It sparked controversy") keeps its term. The window of a
    Korean sentence without a partner, its neighbours' English, is read the same way.
    """
    # Only a window of several English sentences can hold an added one.
    wide = {k for k, link in window.items() if len(link) >= 2}
    if not wide:
        return []
    # How many terms of Korean sentence k have their English in sentence e, by (k, e).
    landed: dict[tuple[int, int], int] = {}
    suspects: list[tuple[tuple[str, str], int, list[int]]] = []
    for term, occurrences in by_term.items():
        pick = chosen.get(term)
        if pick is None:
            continue
        cand, unit, _ = pick
        e = unit.sentence
        sentences: list[int] = []
        narrow = False
        for occ in occurrences:
            k = occ.sentence
            if k not in sentences:
                sentences.append(k)
                if k in wide:
                    landed[(k, e)] = landed.get((k, e), 0) + 1
                else:
                    narrow = True
        if not narrow and cand.evidence[0] == "lexical":
            suspects.append((term, e, sentences))
    if not suspects:
        return []
    # Content words as the token table counts them, stop words aside: "has", "more" and
    # the like say nothing of what a sentence renders.
    content: dict[int, int] = {}
    for t in en.tokens:
        if t.pos in _CONTENT_POS and not t.is_stop:
            content[t.sentence] = content.get(t.sentence, 0) + 1
    strays: list[tuple[str, str]] = []
    for term, e, sentences in suspects:
        if all(_added(window[k], k, e, landed, content) for k in sentences):
            strays.append(term)
    return strays


def _added(
    link: tuple[int, ...],
    k: int,
    e: int,
    landed: dict[tuple[int, int], int],
    content: dict[int, int],
) -> bool:
    """Tell whether English sentence ``e`` of Korean sentence ``k``'s link reads as added."""
    if e not in link or landed[(k, e)] != 1:
        return False
    elsewhere = rest = 0
    for f in link:
        if f != e:
            elsewhere += landed.get((k, f), 0)
            rest += content.get(f, 0)
    # Its share, 1 / content[e], under a third of the rest's, elsewhere / rest.
    return elsewhere >= 2 and content.get(e, 0) * elsewhere > 3 * max(rest, 1)


def _sentence_rows(occurrences: Sequence[TermOccurrence]) -> list[list[TermOccurrence]]:
    """List each sentence's term occurrences in the order of the text."""
    rows: list[list[TermOccurrence]] = []
    for occ in occurrences:
        while len(rows) <= occ.sentence:
            rows.append([])
        rows[occ.sentence].append(occ)
    # Joined names come last in the analysis, so a few rows need sorting.
    for row in rows:
        for i in range(1, len(row)):
            if row[i].start < row[i - 1].start:
                row.sort(key=_occurrence_start)
                break
    return rows


class _Holders:
    """Which term holds each English token (after decoding), kept up as guesses place more."""

    def __init__(
        self, chosen: dict[tuple[str, str], tuple[Candidate, Unit, float]], table: _TokenTable
    ) -> None:
        # By token: the index in ``holders`` of the term holding it, or -1.
        self.held = [-1] * len(table.en.tokens)
        self.holders: list[tuple[str, str]] = []
        for term, pick in chosen.items():
            self.hold(term, *table.whole_words(pick[1].first, pick[1].last))

    def hold(self, term: tuple[str, str], first: int, last: int) -> None:
        for i in range(first, last):
            self.held[i] = len(self.holders)
        self.holders.append(term)


def _by_arguments(
    chosen: dict[tuple[str, str], tuple[Candidate, Unit, float]],
    rows: list[list[TermOccurrence]],
    hold: _Holders,
    window: dict[int, tuple[int, ...]],
    en: EnglishDoc,
    table: _TokenTable,
) -> dict[tuple[str, str], tuple[Candidate, Unit, float]]:
    """Place the verbs no evidence placed on the English verb their arguments hang from.

    A translator often renders a verb by another (부상자를 헬기로 옮겼다 → "whisked the injured
    away by helicopter"), which no dictionary lists, while its arguments are found. A
    Korean verb's arguments are the terms between it and the verb before it in its sentence,
    nearest first. The English verb they hang from (walking up spaCy's parse) is the
    verb's when at least two arguments, the nearest among them, hang from it, it lies in the
    verb's window, it is not a light verb ("have", "make", "say") and no term holds it, and no
    term from outside the clause holds a word hanging from it: the English clause renders that
    Korean clause and no other.
    """
    tokens = en.tokens
    held, holders = hold.held, hold.holders
    ballots: dict[tuple[str, str], _Ballot] = {}
    for sentence in range(len(rows)):
        row = rows[sentence]
        english = window.get(sentence, ())
        for at in range(len(row)):
            occ = row[at]
            if occ.pos != "verb" and occ.pos != "adjective":
                continue
            verb: tuple[str, str] = (occ.lemma, occ.pos)
            if verb in chosen or occ.lemma in _GRAMMAR_VERBS:
                continue
            ballot = ballots.get(verb)
            if ballot is None:
                ballot = ballots[verb] = _Ballot()
            for rank in range(at):
                arg = row[at - 1 - rank]
                if arg.pos == "verb" or arg.pos == "adjective":
                    break
                arg_term = (arg.lemma, arg.pos)
                ballot.clause.add(arg_term)
                found_arg = chosen.get(arg_term)
                if found_arg is None:
                    continue
                k = _verb_above(found_arg[1], tokens)
                if k >= 0 and held[k] < 0 and tokens[k].sentence in english:
                    ballot.vote(k, rank)
    found: dict[tuple[str, str], tuple[Candidate, Unit, float]] = {}
    for term, ballot in ballots.items():
        k = ballot.winner()
        if k < 0 or held[k] >= 0 or tokens[k].lemma.lower() in _LIGHT_ENGLISH_VERBS:
            continue
        clause = ballot.clause
        if any(held[i] >= 0 and holders[held[i]] not in clause for i in _below(k, tokens)):
            continue
        last = k + 1
        # The verb's particle, when it follows: "handed over".
        if last < len(tokens) and tokens[last].dep == "prt" and tokens[last].head == k:
            last += 1
        unit = table.unit(k, last, tokens[k].sentence)
        cand = Candidate(unit.key, _ARGUMENTS_PEAK, 0.0, (unit,), ("arguments",))
        found[term] = (cand, unit, _ARGUMENTS_PEAK)
        hold.hold(term, k, last)
    return found


class _Ballot:
    """The English verbs a Korean verb's arguments hang from, with their votes."""

    def __init__(self) -> None:
        self.clause: set[tuple[str, str]] = set()
        # By English verb: the summed votes (1 / (rank + 1)), the arguments, the nearest's rank.
        self.score: dict[int, float] = {}
        self.count: dict[int, int] = {}
        self.nearest: dict[int, int] = {}

    def vote(self, k: int, rank: int) -> None:
        self.score[k] = self.score.get(k, 0.0) + 1.0 / (rank + 1)
        self.count[k] = self.count.get(k, 0) + 1
        self.nearest[k] = min(self.nearest.get(k, rank), rank)

    def winner(self) -> int:
        """Return the verb with most votes if two arguments, the nearest among them, chose it."""
        best = -1
        top = 0.0
        for k, score in self.score.items():
            if score > top or (score == top and k < best):
                best, top = k, score
        if best < 0 or self.count[best] < 2 or self.nearest[best] != 0:
            return -1
        return best


def _occurrence_start(occ: TermOccurrence) -> int:
    return occ.start


def _unit_head(unit: Unit, tokens: tuple[EnglishToken, ...]) -> int:
    """Return a unit's head in the parse: its first word whose head lies outside it, or -1."""
    for i in range(unit.first, unit.last):
        h = tokens[i].head
        if h == i or not unit.first <= h < unit.last:
            return i
    return -1


def _verb_above(unit: Unit, tokens: tuple[EnglishToken, ...]) -> int:
    """Return the English verb a unit's word hangs from, or -1."""
    k = _unit_head(unit, tokens)
    if k < 0:
        return -1
    for _ in range(_ARGUMENT_DEPTH):
        h = tokens[k].head
        if h == k or h < 0:
            return -1
        k = h
        if tokens[k].pos == "VERB":
            return k
    return -1


def _below(k: int, tokens: tuple[EnglishToken, ...]) -> list[int]:
    """List the tokens hanging from token ``k``, directly or through one other."""
    sentence = tokens[k].sentence
    lo = hi = k
    while lo > 0 and tokens[lo - 1].sentence == sentence:
        lo -= 1
    while hi + 1 < len(tokens) and tokens[hi + 1].sentence == sentence:
        hi += 1
    below: list[int] = []
    for i in range(lo, hi + 1):
        h = tokens[i].head
        if i != k and (h == k or (h != i and 0 <= h < len(tokens) and tokens[h].head == k)):
            below.append(i)
    return below


def compound_pairs(
    aligned: Sequence[AlignedTerm], text: str, table: _TokenTable | None = None
) -> tuple[AlignedTerm, ...]:
    """Add the two-noun compounds whose parts' English stand side by side, read whole.

    채팅 방 (chat + room) whose parts were aligned to "chat" and "rooms" next to each other is
    the unit "chat rooms"; a name and the common noun after it are read alike (이타르타스 통신
    → "ITAR-Tass news agency", a noun phrase like any other). The English is its parts'
    English (evidence ``compound``): the pair is shown, not made a card of its own.

    With the English parse (``table``, the aligner's facts of its tokens), a first part
    nothing placed is read in the word right before its head's English that modifies it and
    no term holds: 연막 수류탄 whose 수류탄 is "grenade" is "smoke grenade" though nothing
    placed 연막 (its own card stays empty: such a word renders the pair, not always the part).
    """
    known = {t.lemma for t in aligned}
    by_start: dict[int, tuple[TermOccurrence, AlignedTerm]] = {}
    for t in aligned:
        if t.pos not in ("noun", "proper"):
            continue
        for o in t.occurrences:
            # The shortest term at a place is its word (베이징, not 베이징 올림픽).
            held = by_start.get(o.start)
            if held is None or o.end < held[0].end:
                by_start[o.start] = (o, t)
    found: list[AlignedTerm] = []
    for _, (o1, t1) in sorted(by_start.items()):
        nxt = by_start.get(o1.end + 1)
        if nxt is None or text[o1.end] != " ":
            continue
        o2, t2 = nxt
        cp1, cp2 = t1.counterpart, t2.counterpart
        lemma = f"{t1.lemma} {t2.lemma}"
        if cp1 is None and cp2 is not None and table is not None and t2.pos == "noun":
            cp1 = _modifier_before(table, cp2, aligned)
        if (
            cp1 is None
            or cp2 is None
            or t2.pos != "noun"
            or o1.sentence != o2.sentence
            or cp1.sentence != cp2.sentence
            or cp2.start != cp1.end + 1
            or lemma in known
        ):
            continue
        occ = TermOccurrence(
            lemma, "noun", o1.start, o2.end, o1.sentence, text[o1.start : o2.end],
            parts=(t1.lemma, t2.lemma),
        )  # fmt: skip
        confidence = min(cp1.confidence, cp2.confidence)
        counterpart = Counterpart(
            text[cp1.start : cp2.end], cp1.start, cp2.end, cp1.sentence, confidence, ("compound",)
        )
        found.append(AlignedTerm(lemma, "noun", (occ,), counterpart, round_to(confidence, 3)))
        known.add(lemma)
    return tuple(found)


def _modifier_before(
    table: _TokenTable, head: Counterpart, aligned: Sequence[AlignedTerm]
) -> Counterpart | None:
    """Return the English word right before ``head`` that modifies it, when no term holds it.

    Not a word modified in turn (전범 재판소 "war crimes tribunal": "crimes" alone is half of
    what renders 전범; an adverb aside, "most popular hotels").
    """
    tokens = table.en.tokens
    j = bisect_left(table.starts, head.start)
    if j == 0 or j >= len(tokens) or tokens[j].start != head.start:
        return None
    m = tokens[j - 1]
    if (
        m.sentence != tokens[j].sentence
        # A content word: "other" or a name ("U.S. congressman") says nothing of the noun.
        or not _content_modifier(m, ("NOUN", "ADJ"))
        or m.head < 0
        or not tokens[j].start <= tokens[m.head].start < head.end
        or m.end + 1 != head.start
        or (j >= 2 and tokens[j - 2].head == j - 1 and tokens[j - 2].dep != "advmod")
    ):
        return None
    for t in aligned:
        cp = t.counterpart
        if cp is not None and cp.start < m.end and m.start < cp.end:
            return None
    return Counterpart(m.text, m.start, m.end, m.sentence, min(head.confidence, _MODIFIER_PEAK))


# Prefixes written with a hyphen before a word of their own ("co-conspirators", "ex-president").
_BOUND_PREFIXES: Final = frozenset(
    {"co", "ex", "non", "anti", "pre", "post", "re", "self", "vice", "multi", "semi", "sub",
     "inter", "mid", "pro", "counter", "quasi", "neo", "pseudo", "al", "el"}
)  # fmt: skip


def _hyphen_groups(texts: list[str], starts: list[int], ends: list[int]) -> list[tuple[int, int]]:
    """List the hyphenated words of more than one token, as [first, last)."""
    n = len(texts)
    groups: list[tuple[int, int]] = []
    i = 0
    while i < n:
        j = i + 1
        while (
            j + 1 < n
            and texts[j] == "-"
            and ends[j - 1] == starts[j]
            and ends[j] == starts[j + 1]
            and not _parts_of_an_adjective(texts[j - 1], texts[j + 1])
        ):
            j += 2
        if j > i + 1:
            groups.append((i, j))
        i = j
    return groups


# Words after a hyphen that make an adjective of the word before it, which stands alone as
# well: a name before any participle ("Boston-based", "Seoul-born", "U.S.-led"), a noun before
# a few ("refrigerator-sized", "solar-powered": not "nuclear-armed", which renders a phrase).
_AFTER_NAME: Final = frozenset({"born", "made", "led", "run", "wide", "bound", "style"})
_AFTER_NOUN: Final = frozenset({"sized", "related", "powered", "based", "shaped", "style"})
_NUMBER_WORDS: Final = frozenset(
    {"one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven"}
    | {"twelve", "twenty", "thirty", "forty", "fifty", "hundred", "thousand", "million"}
)


def _parts_of_an_adjective(left: str, right: str) -> bool:
    """Tell whether a hyphen makes an adjective of two words that stand alone as well.

    A name or a noun before a participle ("Boston-based", "U.S.-led", "refrigerator-sized")
    and a number before a noun ("two-page", "10-year") are words of their own there: 보스턴 is
    "Boston", 페이지 "page". A short word before the hyphen may be a prefix ("co-founded").
    """
    if not (right.isalpha() and right.islower()):
        return False
    if left.isdigit() or left.lower() in _NUMBER_WORDS:
        return True
    if left[:1].isupper():
        return right.endswith("ed") or right in _AFTER_NAME
    return len(left) >= 5 and right in _AFTER_NOUN


def hyphenated_word(en: EnglishDoc, first: int, last: int) -> tuple[int, int]:
    """Widen tokens [first, last) to the whole hyphenated word they are part of.

    The card should show the word the article wrote ("co-conspirators", "clean-up"), not
    "conspirators" or "clean".
    """
    return _TokenTable(en).whole_words(first, last)


def _half_matched(keys: Sequence[GlossKey], unit_key: tuple[str, ...]) -> bool:
    """Tell whether a unit matches only part of the glosses it matches at all.

    "tiny" meets 극소수's "tiny minority" only; "reused" meets 재사용's "reuse" whole.
    """
    roots = key_words(unit_key).roots
    if not roots:
        return False
    # One pass, no list: a gloss of one word met by the unit is a whole match.
    met = False
    for k in keys:
        if k.parts:
            met = True
            continue
        # A native look-up per root: frozenset.isdisjoint is a method call.
        found = k.content_roots()
        if any(r in found for r in roots):
            if len(k.words) <= 1:
                return False
            met = True
    return met


def _with_own_head(
    en: EnglishDoc, unit: Unit, chosen: Iterable[tuple[Candidate, Unit, float]]
) -> Unit:
    """Extend a noun's partial match to the English head noun its last word modifies.

    A Korean compound whose gloss the English only half repeats (극소수 "tiny minority" for
    "a tiny fraction") is translated by the whole English phrase: the matched modifier and
    the head noun the English put in place of the gloss's. Only a head right after the unit,
    which no other term holds.
    """
    last = en.tokens[unit.last - 1]
    if (
        last.dep in ("amod", "compound")
        and last.head == unit.last
        and unit.last < len(en.tokens)
        and en.tokens[unit.last].pos == "NOUN"
        and en.tokens[unit.last].sentence == unit.sentence
        # No term holds the head (looked for only here: few nouns get this far).
        and not _held(chosen, unit.sentence, unit.last)
    ):
        return unit.spanning(unit.first, unit.last + 1)
    return unit


def _with_title_head(
    en: EnglishDoc,
    unit: Unit,
    keys: Sequence[GlossKey],
    chosen: Iterable[tuple[Candidate, Unit, float]],
) -> Unit:
    """Extend a compound's match to the English noun that takes it with "for" or "of".

    A Korean title ends in the word for the office holder (수산자원정책관: ...정책 + 관), where
    English puts that word first: "director for fishery resources policy", five words, longer
    than any unit. The unit found holds the other parts; the noun before "for"/"of" (and an
    optional "the") is taken along when one of the last part's glosses names it, the unit names
    none of them, and no term holds it.
    """
    tokens = en.tokens
    at = unit.first - 1
    if at >= 1 and tokens[at].pos == "DET" and tokens[at].lemma.lower() == "the":
        at -= 1
    if at < 1:
        return unit
    h = at - 1
    head = tokens[h]
    if (
        tokens[at].lemma.lower() not in ("for", "of")
        or tokens[at].head != h
        or head.pos != "NOUN"
        or head.sentence != unit.sentence
    ):
        return unit
    head_root = root(head.lemma.lower())
    roots = key_words(unit.key).roots
    for k in keys:
        if not k.parts:
            continue
        last = {root(w) for w in k.parts[-1]}
        if head_root in last and not any(r in last for r in roots):
            return unit if _held(chosen, unit.sentence, h) else unit.spanning(h, unit.last)
    return unit


def _with_rest_of_name(
    en: EnglishDoc,
    unit: Unit,
    keys: Sequence[GlossKey],
    chosen: Iterable[tuple[Candidate, Unit, float]],
) -> Unit:
    """Extend a compound's match in an English name to the rest of that name.

    A compound no dictionary lists is glossed part by part (식품의약국: food + medicine +
    agency), and the English name of the body it names is seldom those words: the unit found is
    the name's first word or words ("Food" of "Food and Drug Administration"). Unless it holds
    the compound's last part, the capitalised words after it (with "of", "and", "for" or "&"
    between two of them) are taken along while spaCy gives them the same kind of name, up to
    six words in all, when no term holds them.
    """
    tokens = en.tokens
    kind = tokens[unit.last - 1].ent_type
    if (
        not kind
        or not _part_by_part(keys)
        or not all(_capitalised(tokens[i].text) for i in range(unit.first, unit.last))
        # The rest of the name renders the parts after the match: none is left when the match
        # holds the last part (기술인재 "technology + talent" as "Talent" of "Talent Visa").
        or _holds_part(keys, unit, -1)
    ):
        return unit
    last = unit.last
    while last < len(tokens):
        if _named(tokens[last], unit.sentence, kind):
            last += 1
        elif (
            last + 1 < len(tokens)
            and tokens[last].text in ("of", "and", "for", "&")
            and tokens[last].sentence == unit.sentence
            and _named(tokens[last + 1], unit.sentence, kind)
        ):
            last += 2
        else:
            break
    if last == unit.last or last - unit.first > 6:
        return unit
    if any(_held(chosen, unit.sentence, i) for i in range(unit.last, last)):
        return unit
    return unit.spanning(unit.first, last)


def _with_first_part(
    en: EnglishDoc,
    unit: Unit,
    keys: Sequence[GlossKey],
    chosen: Iterable[tuple[Candidate, Unit, float]],
) -> Unit:
    """Extend a compound's match to the modifier English put before it for the first part.

    A compound glossed only part by part (중질유: heavy + oil) whose match holds none of the
    first part's words ("oil") takes the content word right before it that modifies it ("crude
    oil"), when no term holds that word: the first part's English is the translator's own.
    """
    j = unit.first - 1
    if j < 0 or not _part_by_part(keys) or _holds_part(keys, unit, 0):
        return unit
    m = en.tokens[j]
    if (
        m.sentence != unit.sentence
        or not _content_modifier(m, ("NOUN", "ADJ", "PROPN"))
        or not unit.first <= m.head < unit.last
        or _held(chosen, unit.sentence, j)
    ):
        return unit
    return unit.spanning(j, unit.last)


def _part_by_part(keys: Sequence[GlossKey]) -> bool:
    """Tell whether a term's glosses are all composed of its parts' (no source lists it)."""
    return bool(keys) and all(k.parts for k in keys)


def _holds_part(keys: Sequence[GlossKey], unit: Unit, index: int) -> bool:
    """Tell whether the unit holds a word of part ``index`` of one of the composed glosses."""
    roots = key_words(unit.key).roots
    return any(bool(k.parts) and any(root(w) in roots for w in k.parts[index]) for k in keys)


def _content_modifier(m: EnglishToken, tags: tuple[str, ...]) -> bool:
    """Tell whether a token is a content word of these tags modifying the word it hangs from."""
    return (m.dep == "amod" or m.dep == "compound") and m.pos in tags and not m.is_stop


def _capitalised(word: str) -> bool:
    return word[:1].isalpha() and word[:1].isupper()


def _named(token: EnglishToken, sentence: int, kind: str) -> bool:
    """Tell whether a token is a capitalised word of a name of this kind in this sentence."""
    # (Not nested in its caller: compiled, that nested function and the environment holding
    # the caller's variables referred to each other, a cycle left to the garbage collector.)
    return token.sentence == sentence and token.ent_type == kind and _capitalised(token.text)


def _held(chosen: Iterable[tuple[Candidate, Unit, float]], sentence: int, i: int) -> bool:
    """Tell whether a chosen unit holds token ``i`` of ``sentence``."""
    return any(u.sentence == sentence and u.first <= i < u.last for _, u, _ in chosen)


def _with_do_support(en: EnglishDoc, unit: Unit) -> Unit:
    """Give a negated verb its "do" back: "did not know", not "not know"."""
    if unit.first == 0 or en.tokens[unit.first].lemma.lower() not in ("not", "n't"):
        return unit
    before = en.tokens[unit.first - 1]
    if before.pos == "AUX" and before.lemma.lower() == "do" and before.sentence == unit.sentence:
        return unit.spanning(unit.first - 1, unit.last)
    return unit


def _with_support_verb(
    en: EnglishDoc, unit: Unit, chosen: Iterable[tuple[Candidate, Unit, float]]
) -> Unit:
    """Give a verb matched to a noun the light verb whose object it is: "make a decision".

    English often says a Korean verb (결정하다) with a light verb and a noun, which the gloss
    matcher finds ("decision"). The verb is taken along when the noun is its direct object,
    within three words, with only the noun's own determiners and modifiers between, and no
    term holds them.
    """
    if unit.last - unit.first != 1:
        return unit
    tokens = en.tokens
    noun = tokens[unit.first]
    k = noun.head
    if (
        noun.pos != "NOUN"
        or noun.dep != "dobj"
        or not unit.first - 3 <= k < unit.first
        or tokens[k].pos != "VERB"
        or tokens[k].lemma.lower() not in _SUPPORT_VERBS
    ):
        return unit
    for i in range(k + 1, unit.first):
        if tokens[i].head != unit.first or tokens[i].pos not in ("DET", "ADJ", "PRON"):
            return unit
    if any(_held(chosen, unit.sentence, i) for i in range(k, unit.first)):
        return unit
    return unit.spanning(k, unit.last)


def prefer_longer(cands: list[Candidate], options: TermAlignOptions) -> list[Candidate]:
    """Prefer a dictionary-backed unit containing the best sound-alike match.

    "Samsung Electronics" (삼성 sounds like Samsung, 전자 means electronics) beats "Samsung"
    for 삼성전자 even when the name alone sounds a little closer: the learner wants the
    whole expression the article used.
    """
    if len(cands) < 2 or cands[0].evidence[:1] != ("translit",):
        return cands
    best = cands[0]
    top = confidence_of(best, options)
    b = best.units[0]
    # One name of a person ("Nuri") gives way to the full name around it ("Nuri al-Maliki").
    part = "name part" in best.evidence
    kinds = (("lexical",), ("parts",), ("translit",)) if part else (("lexical",), ("parts",))
    margin = 2 * options.longer_margin if part else options.longer_margin
    words = len(key_words(best.key).free_roots)
    for cand in cands[1:]:
        u = cand.units[0]
        longer = u.sentence == b.sentence and u.first <= b.first and b.last <= u.last
        if (
            longer
            # More words of its own: "the Beijing" is no longer than "Beijing", nor are "'s
            # Rafael Nadal" and "of their World Series" longer than the name (joining words).
            and len(key_words(cand.key).free_roots) > words
            and cand.evidence[:1] in kinds
            and confidence_of(cand, options) >= top - margin
        ):
            return [cand, *(c for c in cands if c is not cand)]
    return cands


def _candidate_order(
    keys: tuple[GlossKey, ...], options: TermAlignOptions
) -> Callable[[Candidate], tuple[float, int, int, int, int]]:
    """Return the sort key of a term's candidates (see ``_Scorer.candidates``)."""
    far = len(keys)

    def order(c: Candidate) -> tuple[float, int, int, int, int]:
        content = key_words(c.key).content
        at = _gloss_rank(keys, content)
        alt = c.units[0].alt_key
        if alt:
            at = min(at, _gloss_rank(keys, key_words(alt).content))
        poses = c.units[0].poses
        # A particle after the verb ("cleaned up"), not a preposition before a name ("to Real
        # Madrid", "'s Rafael Nadal").
        phrasal = (
            at < far
            and len(content) > 1
            and ("PART" in poses or "ADP" in poses)
            and c.key[0] == content[0]
        )
        whole = len(content) if phrasal else 0
        return (-confidence_of(c, options), -whole, at, len(c.key), c.units[0].first)

    return order


def _gloss_rank(keys: tuple[GlossKey, ...], words: tuple[str, ...]) -> int:
    """Return the place of the first gloss of these words (``len(keys)``: none).

    A scan of a term's few glosses, comparing only those of as many words: a dict of them by
    words, made per term, cost more than the sort it served.
    """
    for i in range(len(keys)):
        gloss = keys[i].words
        if len(gloss) == len(words) and gloss == words:
            return i
    return len(keys)


def confidence_of(cand: Candidate, options: TermAlignOptions) -> float:
    """Combine the peak evidence with how consistently the same English recurs."""
    # Kept on the candidate: decoding and sorting ask again and again, with the same options.
    if cand.confidence_for is not options:
        w = options.cooc_weight
        cand.confidence = round_to(min(1.0, cand.peak * (1 - w) + w * cand.support), 3)
        cand.confidence_for = options
    return cand.confidence


def _enclosed(by_term: dict[tuple[str, str], list[TermOccurrence]]) -> set[tuple[str, str]]:
    """Find the terms met only as parts of longer terms (프로덕션 only in 루비 프로덕션).

    Their English is the longer term's business: they are served after every other term, so
    a part cannot take the English of a word standing on its own ("produces" for 제작사).
    """
    terms = list(by_term)
    n = len(terms)
    limit = 1  # past the furthest end
    for occs in by_term.values():
        for o in occs:
            if o.end >= limit:
                limit = o.end + 1
    # Every occurrence as one integer: its start, then its end counted down from ``limit``,
    # then its term's index. A plain sort of integers (no dict by start, no key function)
    # orders them by start, the longest of each start first.
    spans: list[int] = []
    for t, occs in enumerate(by_term.values()):
        for o in occs:
            spans.append((o.start * limit + limit - 1 - o.end) * n + t)
    spans.sort()
    # The terms with an occurrence of their own: no longer term at the same start, and none
    # starting before and reaching as far.
    alone = [False] * n
    start = -1
    longest = -1  # the furthest end of the terms at ``start``
    furthest = -1  # the furthest end of the terms starting before it
    for code in spans:
        t = code % n
        place = code // n
        end = limit - 1 - place % limit
        if place // limit != start:
            start = place // limit
            if longest > furthest:
                furthest = longest
            longest = end
        if longest <= end and furthest < end:
            alone[t] = True
    return {terms[t] for t in range(n) if not alone[t]}


def _spelled_out(cand: Candidate, en: EnglishDoc, text: str, glosses: Sequence[Gloss]) -> bool:
    """Tell whether a candidate's English is one of the term's glosses letter for letter."""
    unit = cand.units[0]
    surface = text[en.tokens[unit.first].start : en.tokens[unit.last - 1].end].lower()
    return any(g.text.lower() == surface for g in glosses)


# On a tie a word with one or two senses is the likelier owner of the English it spells (둥지
# "nest" before 보금자리 "nest, home, haven"); from three senses on, counts say little.
_MANY_SENSES = 3


def _decode(
    ranked: dict[tuple[str, str], list[Candidate]],
    options: TermAlignOptions,
    exact: dict[tuple[str, str], bool] | None = None,
    senses: dict[tuple[str, str], int] | None = None,
    enclosed: AbstractSet[tuple[str, str]] = frozenset(),
    crowded_out: list[tuple[str, str]] | None = None,
) -> dict[tuple[str, str], tuple[Candidate, Unit, float]]:
    """Give each term its best candidate, letting an English unit go to one term per sentence.

    ``crowded_out``, when given, receives the terms left without a unit though their best
    candidate was confident (others held every unit of it), but for the last served.

    Terms are served strongest evidence first, so a name that clearly transliterates to
    "Samsung" keeps it and a weaker, accidental match for another term moves on to another
    occurrence of the same English, to its next candidate, or to none.
    """
    # Latin-script terms (AI) come last: they never become cards, and the Korean word
    # glossed by them (인공지능(AI)) deserves the English unit first. Before them, the terms
    # met only as parts of longer ones (see ``_enclosed``).
    # On a tie the term whose gloss the English spells out goes first ("engineering" is
    # 공학's gloss, and only shares a stem with 엔지니어's "engineer"), then a word of one
    # or two senses, then the longer term (청년 유출 before its part 청년), then, ``ranked``
    # being filled in the order of the article, the earlier one.
    spelled = exact or {}
    counts = senses or {}
    # The terms with a candidate, their candidates, and their sort keys, each made once and
    # ending in the term's index: plain tuples, sorted without a key function.
    terms: list[tuple[str, str]] = []
    ranks: list[list[Candidate]] = []
    keys: list[tuple[bool, bool, float, bool, int, int, int]] = []
    for term, cands in ranked.items():
        if cands:
            keys.append(
                (
                    term[1] == "foreign",
                    term in enclosed,
                    -confidence_of(cands[0], options),
                    not spelled.get(term, False),
                    min(counts.get(term, _MANY_SENSES), _MANY_SENSES),
                    -len(term[0]),
                    len(terms),
                )
            )
            terms.append(term)
            ranks.append(cands)
    keys.sort()
    claims = _Claims()
    chosen: dict[tuple[str, str], tuple[Candidate, Unit, float]] = {}
    for key in keys:
        term = terms[key[6]]
        placed = False
        for cand in ranks[key[6]]:
            conf = confidence_of(cand, options)
            if conf < options.threshold:
                break
            unit = _free_unit(cand, claims, term)
            if unit is None:
                # Every unit is taken. A holder that can move to an almost as good unit of its
                # own gives way: 자료 takes "data" and leaves "information" to 정보처리.
                unit = _make_room(cand, ranked, chosen, claims, options)
                if unit is None:
                    continue
            claims.add(unit, term)
            chosen[term] = (cand, unit, conf)
            placed = True
            break
        # (Not a Latin-script term nor one met only inside longer ones: they come last.)
        unserved = not (placed or key[0] or key[1]) and -key[2] >= options.threshold
        if unserved and crowded_out is not None:
            crowded_out.append(term)
    return chosen


def _free_unit(cand: Candidate, claims: _Claims, term: tuple[str, str]) -> Unit | None:
    """Return the first unit of ``cand`` that no term holds but ``term``'s relatives, or None."""
    for unit in cand.units:
        if not claims.holders(unit, term):
            return unit
    return None


class _Claims:
    """The English units given to terms so far, per sentence."""

    def __init__(self) -> None:
        self._by_sentence: dict[int, list[tuple[int, int, tuple[str, str]]]] = defaultdict(list)

    def holders(self, u: Unit, term: tuple[str, str] | None = None) -> list[tuple[str, str]]:
        """List the terms holding a unit overlapping ``u``, except ``term``'s own relatives.

        A compound and its parts may share English words: 유죄 판결 "convicted" and 유죄
        "convicted" are both right, and so are 정보처리 and 정보 in "information processing".
        """
        found = [t for a, b, t in self._by_sentence[u.sentence] if u.first < b and a < u.last]
        if term is None:
            return found
        return [t for t in found if not _related(t[0], term[0])]

    def add(self, u: Unit, term: tuple[str, str]) -> None:
        self._by_sentence[u.sentence].append((u.first, u.last, term))

    def remove(self, term: tuple[str, str]) -> None:
        for claims in self._by_sentence.values():
            claims[:] = [c for c in claims if c[2] != term]


def _make_room(
    cand: Candidate,
    ranked: dict[tuple[str, str], list[Candidate]],
    chosen: dict[tuple[str, str], tuple[Candidate, Unit, float]],
    claims: _Claims,
    options: TermAlignOptions,
) -> Unit | None:
    """Free a unit of ``cand`` by moving the one term holding it elsewhere, if it can.

    The holder moves only to a free unit scoring within ``options.yield_margin`` of what it
    holds, and one that does not overlap the unit being freed.
    """
    for unit in cand.units:
        holders = claims.holders(unit)
        if len(holders) != 1:
            continue
        holder = holders[0]
        _, held, held_conf = chosen[holder]
        for alt in ranked[holder]:
            alt_conf = confidence_of(alt, options)
            if alt_conf < max(options.threshold, held_conf - options.yield_margin):
                break
            for u in alt.units:
                if u == held or _overlap(u, unit) or claims.holders(u):
                    continue
                claims.remove(holder)
                claims.add(u, holder)
                chosen[holder] = (alt, u, alt_conf)
                return unit
    return None


def _swap_by_neighbours(
    chosen: dict[tuple[str, str], tuple[Candidate, Unit, float]],
    ranked: dict[tuple[str, str], list[Candidate]],
    crowded_out: list[tuple[str, str]],
    by_term: dict[tuple[str, str], list[TermOccurrence]],
    rows: list[list[TermOccurrence]],
    window: dict[int, tuple[int, ...]],
    tokens: tuple[EnglishToken, ...],
    options: TermAlignOptions,
) -> None:
    """Give a unit two near-synonyms match alike to the one whose Korean neighbours it sits by.

    Decoding serves equal matches in the order of the article: of 지원하다 and 지지하다 in
    one sentence, both glossed "back", the first would keep "backed". A term decoding
    ``crowded_out`` takes the unit from its one holder, matched about as well (within
    ``yield_margin``), when the English of a term right beside it in the Korean is right
    beside the unit or joined to it in the parse (후보를 지지했다: "backed" → "candidate")
    and no neighbour of the holder's is. The holder then takes its next free candidate, if
    it has one. Changed in place.
    """
    # Who holds which units, as decoding kept it, and where each Korean term stands in its
    # row: made when first needed.
    claims: _Claims | None = None
    where: dict[int, tuple[int, int]] | None = None
    for term in crowded_out:
        top = ranked[term][0]
        conf = confidence_of(top, options)
        for unit in top.units:
            if claims is None:
                claims = _Claims()
                for other, pick in chosen.items():
                    claims.add(pick[1], other)
            holders = claims.holders(unit, term)
            if len(holders) != 1:
                continue
            holder = holders[0]
            _, held_unit, held_conf = chosen[holder]
            if conf < held_conf - options.yield_margin:
                continue
            if where is None:
                where = {}
                for s in range(len(rows)):
                    row = rows[s]
                    for j in range(len(row)):
                        where[row[j].start] = (s, j)
            if _beside_a_neighbour(
                holder, held_unit, term, by_term, rows, where, chosen, window, tokens
            ) or not _beside_a_neighbour(
                term, unit, holder, by_term, rows, where, chosen, window, tokens
            ):
                continue
            del chosen[holder]
            claims.remove(holder)
            chosen[term] = (top, unit, conf)
            claims.add(unit, term)
            _next_free(holder, ranked[holder], chosen, claims, options)
            break


def _beside_a_neighbour(
    term: tuple[str, str],
    unit: Unit,
    other: tuple[str, str],
    by_term: dict[tuple[str, str], list[TermOccurrence]],
    rows: list[list[TermOccurrence]],
    where: dict[int, tuple[int, int]],
    chosen: dict[tuple[str, str], tuple[Candidate, Unit, float]],
    window: dict[int, tuple[int, ...]],
    tokens: tuple[EnglishToken, ...],
) -> bool:
    """Tell whether a term right before or after ``term`` (not ``other``) has English by it."""
    for occ in by_term[term]:
        if unit.sentence not in window.get(occ.sentence, ()):
            continue
        found = where.get(occ.start)
        if found is None:
            continue
        row = rows[found[0]]
        for k in (found[1] - 1, found[1] + 1):
            if not 0 <= k < len(row):
                continue
            near = (row[k].lemma, row[k].pos)
            if near in (term, other):
                continue
            pick = chosen.get(near)
            if pick is not None and _beside(pick[1], unit, tokens):
                return True
    return False


def _beside(a: Unit, b: Unit, tokens: tuple[EnglishToken, ...]) -> bool:
    """Tell whether two units of one sentence are a word apart at most, or joined in the parse."""
    if a.sentence != b.sentence:
        return False
    if a.last >= b.first - 1 and b.last >= a.first - 1:
        return True
    return _hangs_from(a, b, tokens) or _hangs_from(b, a, tokens)


def _hangs_from(a: Unit, b: Unit, tokens: tuple[EnglishToken, ...]) -> bool:
    """Tell whether a word of ``a`` has its head in ``b``."""
    # A loop, not any() over a generator: compiled, that is a generic call.
    i = a.first
    while i < a.last:
        if b.first <= tokens[i].head < b.last:
            return True
        i += 1
    return False


def _next_free(
    term: tuple[str, str],
    cands: list[Candidate],
    chosen: dict[tuple[str, str], tuple[Candidate, Unit, float]],
    claims: _Claims,
    options: TermAlignOptions,
) -> None:
    """Give ``term`` its best candidate whose unit no other term holds, if one is confident."""
    for cand in cands:
        conf = confidence_of(cand, options)
        if conf < options.threshold:
            return
        unit = _free_unit(cand, claims, term)
        if unit is not None:
            claims.add(unit, term)
            chosen[term] = (cand, unit, conf)
            return


def _related(a: str, b: str) -> bool:
    """Tell whether one lemma is part of the other (인재 of 인재 유출, 정보 of 정보처리)."""
    short, long = (a, b) if len(a) <= len(b) else (b, a)
    return short != long and len(short) >= 2 and short.replace(" ", "") in long.replace(" ", "")


def _overlap(a: Unit, b: Unit) -> bool:
    return a.sentence == b.sentence and a.first < b.last and b.first < a.last


# A unit with a positive score for a term, and the kind of evidence behind it.
_Scored = tuple[float, tuple[str, ...], Unit]


def _pair_order(pair: tuple[float, Unit]) -> tuple[float, int, int]:
    """Order scored units best first, then by place in the article."""
    return (-pair[0], pair[1].sentence, pair[1].first)


class _Span:
    """A candidate unit with the facts its scorers need (made by the hundred)."""

    def __init__(
        self,
        unit: Unit,
        surface: str,
        nominal: bool,
        words: KeyWords,
        alt_words: KeyWords | None,
    ) -> None:
        self.unit = unit
        self.surface = surface
        # Up to three tokens, all of a POS a name or loanword can have: "DeepSeek", "E-7-S".
        self.nominal = nominal
        self.words = words
        self.alt_words = alt_words


class _Pool:
    """One English sentence's candidate units, indexed for quick retrieval.

    Units are found through their content words: ``by_root`` gives the content tokens with a
    root (of their key or of their text), ``_covering`` the units holding each token.
    """

    def __init__(self, table: _TokenTable, text: str, sentence: int, max_ngram: int) -> None:
        self.ranges = ranges = table.spans_of(sentence, max_ngram)
        self.sentence = sentence
        base = ranges[0][0] if ranges else 0
        end = 0  # where the last unit ends
        for first, last in ranges:
            if first < base:
                base = first
            if last > end:
                end = last
        self.base = base
        # The units holding each content token from ``base`` on, in one pass over the units
        # (lists by index: no int to box and hash per lookup). Units are looked up by content
        # tokens alone (``by_root`` holds no other: a joined pair of nouns starts with a noun):
        # the others share one empty list, never filled. A unit is found through its first
        # ``max_ngram`` tokens only (a longer spaCy span, through its first words).
        content = table.content
        covering: list[list[int]] = [[] if content[i] else _NO_UNITS for i in range(base, end)]
        self._covering = covering
        other, hyphens = table.other_upto, table.hyphen_upto
        # Up to three words, not counting the hyphens of "Nuri al-Maliki".
        self.nominal: list[int] = []
        for n in range(len(ranges)):
            lo, hi = ranges[n]
            for i in range(lo, min(hi, lo + max_ngram)):
                if content[i]:
                    covering[i - base].append(n)
            if hi - lo - (hyphens[hi] - hyphens[lo]) <= 3 and other[hi] == other[lo]:
                self.nominal.append(n)
        self.by_root: dict[str, list[int]] = {}
        # Roots of two nouns read as one word ("Web site" ~ website), indexed at the first.
        self.joined: set[str] = set()
        if self.ranges:
            # spaCy's spans may reach past the sentence's own tokens.
            for i in range(base, end):
                if content[i]:
                    self.by_root.setdefault(table.roots[i], []).append(i)
                    if table.text_roots[i] != table.roots[i]:
                        self.by_root.setdefault(table.text_roots[i], []).append(i)
                joined = table.joined_root[i]
                if joined:
                    self.by_root.setdefault(joined, []).append(i)
                    self.joined.add(joined)
        self._table = table
        self._text = text
        self._spans: list[_Span | None] = [None] * len(self.ranges)
        # The roots of each unit with several content words (empty for the others), made on
        # first use.
        self._multi: list[tuple[str, ...] | None] = [None] * len(self.ranges)
        self._starting: dict[str, list[int]] = {}

    def nominal_starting(self, starts: str) -> list[int]:
        """List the ``nominal`` units that may sound like a word beginning with ``starts``.

        Kept per ``starts`` (one of a few strings, see ``first_letters``): every name and
        loanword of the article is compared with the same units.
        """
        found = self._starting.get(starts)
        if found is None:
            # Each unit's first character, lower case: sound-alike matching starts there.
            initial, ranges = self._table.initials(), self.ranges
            found = [n for n in self.nominal if could_start(initial[ranges[n][0]], starts)]
            self._starting[starts] = found
        return found

    def long_names(self, words: int) -> list[int]:
        """List the units of exactly ``words`` words, hyphens aside, all of a name's POS.

        Short noun phrases (``nominal``) stop at three words; a four-part name needs four
        ("Sheikh Omar Abdel-Rahman").
        """
        table = self._table
        other, hyphens = table.other_upto, table.hyphen_upto
        return [
            n
            for n, (lo, hi) in enumerate(self.ranges)
            if hi - lo - (hyphens[hi] - hyphens[lo]) == words and other[hi] == other[lo]
        ]

    def spans(self, picked: Iterable[int]) -> list[_Span]:
        """Return these units with their scoring facts (``span`` of each)."""
        made = self._spans
        return [made[n] or self.span(n) for n in picked]

    def span(self, n: int) -> _Span:
        """Return unit ``n`` with its scoring facts, made on first use."""
        span = self._spans[n]
        if span is None:
            first, last = self.ranges[n]
            unit = self._table.unit(first, last, self.sentence)
            surface = self._text[self._table.starts[first] : self._table.ends[last - 1]]
            hyphens = self._table.hyphen_upto
            words = last - first - (hyphens[last] - hyphens[first])
            # All of a name's POS: no token of another in the range (no set to compare).
            other = self._table.other_upto
            nominal = words <= 3 and other[last] == other[first]
            alt_words = key_words(unit.alt_key) if unit.alt_key else None
            span = _Span(unit, surface, nominal, key_words(unit.key), alt_words)
            self._spans[n] = span
        return span

    def with_roots(self, roots: frozenset[str]) -> list[int]:
        """List the units (indices, in order) that hold a content word with one of ``roots``.

        A unit of several content words sharing just one root with the glosses scores below
        any threshold (see ``words.lexical_score``): it is left out.
        """
        # The units holding a token with one of the roots, marked by index: they come out in
        # order without a set to fill and sort. The marks fall on a few units near the roots'
        # tokens: only the stretch [low, high] they span is scanned, not the whole sentence's.
        by_root, covering, base = self.by_root, self._covering, self.base
        picked: list[bool] | None = None
        low = len(self.ranges)
        high = -1
        for r in roots:
            at = by_root.get(r)
            if at is not None:
                if picked is None:
                    picked = [False] * len(self.ranges)
                for i in at:
                    for n in covering[i - base]:
                        picked[n] = True
                        if n < low:
                            low = n
                        if n > high:
                            high = n
        if picked is None:
            return []
        kept = []
        multis = self._multi
        # Whether a joined pair of nouns ("Web site") may match: the same for every unit.
        joined = bool(self.joined) and bool(roots & self.joined)
        for n in range(low, high + 1):
            if not picked[n]:
                continue
            multi = multis[n]
            if multi is None:
                multi = multis[n] = self._roots_of(n)
            if not multi or _shares_two(multi, roots) or (joined and self._joined_unit(n)):
                kept.append(n)
        return kept

    def _joined_unit(self, n: int) -> bool:
        first, last = self.ranges[n]
        return last - first == 2 and bool(self._table.joined_root[first])

    def _roots_of(self, n: int) -> tuple[str, ...]:
        table = self._table
        first, last = self.ranges[n]
        if table.content_upto[last] - table.content_upto[first] < 2:
            return ()  # most units: no list to make
        content, roots = table.content, table.roots
        # Each root once (a tuple: compiled, it is iterated natively, a frozenset is not).
        distinct: list[str] = []
        for i in range(first, last):
            if content[i] and roots[i] not in distinct:
                distinct.append(roots[i])
        return tuple(distinct)


# The units of a token no unit is looked up by (see ``_Pool``): shared, never written to.
_NO_UNITS: Final[list[int]] = []


def _shares_two(few: tuple[str, ...], roots: frozenset[str]) -> bool:
    """Tell whether two of a unit's few roots are among ``roots`` (no intersection made)."""
    shared = 0
    for r in few:
        if r in roots:
            shared += 1
            if shared == 2:
                return True
    return False


class _Tally:
    """What one term's search found for one English key: its units, best score, support."""

    def __init__(
        self, score: float, unit: Unit, evidence: tuple[str, ...], occurrence: int
    ) -> None:
        self.pairs: list[tuple[float, Unit]] = [(score, unit)]
        self.peak = score
        self.evidence = evidence
        # The best score in the latest occurrence that found the key, and the sum over
        # occurrences of their best (how consistently the key recurs).
        self.occurrence = occurrence
        self.here = score
        self.total = 0.0


class _Term:
    """One Korean term being aligned: its evidence sources and the scores of units so far."""

    def __init__(
        self,
        lemma: str,
        pos: str,
        occurrences: Sequence[TermOccurrence],
        keys: tuple[GlossKey, ...],
        sounds: bool,
        indexed: frozenset[str],
    ) -> None:
        self.lemma = lemma
        self.pos = pos
        self.occurrences = occurrences
        self.keys = keys
        self.sounds = sounds
        self.parts = occurrences[0].parts
        if not self.parts and pos == "proper" and " " in lemma:
            self.parts = tuple(lemma.split())  # Kiwi read the name whole (하야시 겐타)
        # The glosses' roots that ``indexed``, the roots the article's units are found by,
        # holds: the others find no unit, and the index is searched once per root and sentence.
        if len(keys) == 1:
            self.roots = keys[0].content_roots() & indexed
        else:
            roots: set[str] = set()
            for g in keys:
                roots.update(g.content_roots())
            self.roots = indexed & roots
        self.latin_lemma = _has_latin(lemma)
        self.place = _place_name(lemma) if pos == "proper" else ""
        # A match of the pattern is a Latin letter: a lemma without one (most) is not searched.
        self.literal = any(o.latin for o in occurrences) or (
            self.latin_lemma and _LATIN_RE.search(lemma) is not None
        )
        function_words: list[str] = []
        for g in keys:
            if len(g.words) == 1 and g.words[0] in FUNCTION_WORDS:
                function_words.append(g.words[0])
        self.function_words = frozenset(function_words) if function_words else NO_WORDS
        # By sentence: the units worth a look, and by bracketed gloss, those with evidence.
        # Occurrences of a term differ only in a bracketed gloss, so what one found in a
        # sentence serves the others, in the narrow and the widened search alike; a unit
        # belongs to one sentence, so it is scored once per bracketed gloss (no memo of
        # scores by unit is needed).
        self.units: dict[int, list[_Span]] = {}
        self.found: dict[str, dict[int, list[_Scored]]] = {}
        # The letters a one-part name's transliteration may begin with (only sounds need them).
        self.starts = first_letters(lemma) if sounds else ""
        self._matcher: GlossMatcher | None = None

    @property
    def matcher(self) -> GlossMatcher:
        # Built on first use: many terms find no unit to score at all. Not shared between
        # articles: looking a matcher up by its gloss keys (hashing each new key) cost more
        # than making it.
        if self._matcher is None:
            self._matcher = GlossMatcher(self.keys)
        return self._matcher


class _Sounds:
    """The similarities found for one Korean word at one floor, by English text.

    Only of the texts whose first letter may start the word (``could_start``): the others
    score 0 without a look-up.
    """

    def __init__(self, starts: str) -> None:
        self.starts = starts  # ``first_letters`` of the Korean word
        self.by_english: dict[str, float] = {}


class _CandidateRoots:
    """The roots of every candidate's words, made on first need (few terms ask)."""

    def __init__(self, ranked: list[list[Candidate]]) -> None:
        self._ranked = ranked
        self._roots: set[str] | None = None

    def holds(self, root: str) -> bool:
        if self._roots is None:
            self._roots = {
                r for cands in self._ranked for c in cands for r in key_words(c.key).roots
            }
        return root in self._roots


class _Scorer:
    """Score English units for Korean terms, caching units per sentence and glosses per part."""

    def __init__(
        self,
        en: EnglishDoc,
        text: str,
        glosses: GlossLookup,
        translit: Translit | None,
        is_loanword: LoanwordTest | None,
        options: TermAlignOptions,
        korean: Sequence[TermOccurrence] = (),
    ) -> None:
        self.en = en
        self.text = text
        self.glosses = glosses
        self.translit = translit
        # The library's own comparison (the one the pipeline injects) is made natively, past
        # its cache (``translit.compare``): the scorer keeps every score it asks for, and the
        # pairs it meets are new to that cache (the call through it cost more than most
        # comparisons, ruled out at once by their lower bound).
        self._library = translit is library_similarity
        self.is_loanword = is_loanword
        # The Korean terms, for ``written_after``; the ends of their names and nouns, found
        # when first asked (few units ask: common words inside English names).
        self.korean = korean
        self._ends: dict[int, str] | None = None
        self.options = options
        self._table = _TokenTable(en)
        self._pools: dict[int, _Pool] = {}
        # Similarities by floor, Korean, then English: lookups of strings and a float whose
        # hashes are kept, where one key tuple would be made and hashed per call. Those at
        # ``options.translit_min`` have a table of their own.
        self._similarity: dict[float, dict[str, _Sounds]] = {}
        self._similar: dict[str, _Sounds] = {}
        self._part_matchers: dict[str, GlossMatcher] = {}
        # Gloss key tables by source: a term's under these options, a compound part's under
        # the default ones (as ``make_gloss_keys`` keys them).
        self._tables = _SourceTables(options)
        self._part_tables = _SourceTables(TermAlignOptions())
        self._foreign_parts: dict[str, bool] = {}
        self._capitalised: list[tuple[_Pool, int, str]] | None = None
        self._function_spans: dict[int, _Span] = {}
        # Each term's gloss keys, as ``candidates`` made them (by lemma and POS).
        self.keys: dict[tuple[str, str], tuple[GlossKey, ...]] = {}
        self._indexed: frozenset[str] | None = None
        # The sentences each content root is met in (made for ``recurring`` on first need).
        self._root_sentences: dict[str, list[int]] | None = None

    def _indexed_roots(self) -> frozenset[str]:
        """Return every root the pools find units by: words' and joined nouns' (made once)."""
        if self._indexed is None:
            table = self._table
            self._indexed = frozenset(table.root_set).union([r for r in table.joined_root if r])
        return self._indexed

    def _pool(self, sentence: int) -> _Pool:
        pool = self._pools.get(sentence)
        if pool is None:
            pool = _Pool(self._table, self.text, sentence, self.options.max_ngram)
            self._pools[sentence] = pool
        return pool

    def relevant_units(
        self,
        sentences: Iterable[int],
        roots: frozenset[str],
        *,
        sounds: bool,
        literal: bool,
        parts: int,
        function_words: frozenset[str] = frozenset(),
        starts: str = "",
    ) -> list[_Span]:
        """List only the units of these sentences that some evidence could score.

        Lexical evidence needs a shared word root, so an index by root skips the rest; the
        sound-alike and literal scorers only look at short noun phrases, and with ``starts``
        (the letters a one-part name's transliteration may begin with) only at those
        beginning with one of them or with no letter at all.
        """
        if not roots and not (sounds or literal or parts > 1 or function_words):
            return []
        found: list[_Span] = []
        for s in sentences:
            if function_words:
                at = self._table.function_at.get(s, {})
                # The keys view on the left: the intersection is a set, as it is typed (mypyc
                # checks; the other way round mypy expects a frozenset).
                for word in at.keys() & function_words:
                    found.extend(self._function_span(i) for i in at[word])
            pool = self._pool(s)
            picked = pool.with_roots(roots) if roots else []
            extra: list[int] = []
            if sounds or literal:
                extra = pool.nominal
                if parts > 3:
                    extra = extra + pool.long_names(parts)
                elif starts and not literal and parts <= 1:
                    extra = pool.nominal_starting(starts)
            elif parts > 1:
                # A compound's counterpart is a short noun phrase ("Samsung Electronics").
                ranges = pool.ranges
                extra = [n for n in pool.nominal if ranges[n][1] - ranges[n][0] >= parts]
            if extra and picked:
                have = set(picked)
                picked = picked + [n for n in extra if n not in have]
            elif extra:
                picked = extra
            found.extend(pool.spans(picked))
        return found

    def _function_span(self, i: int) -> _Span:
        span = self._function_spans.get(i)
        if span is None:
            t = self.en.tokens[i]
            unit = self._table.unit(i, i + 1, t.sentence)
            span = _Span(unit, t.text, False, key_words(unit.key), None)
            self._function_spans[i] = span
        return span

    def similarity(self, korean: str, english: str, floor: float = 0.6) -> float:
        # The same names recur in many windows; the sound comparison is the costly part, and
        # telling it the lowest score that matters lets it stop early.
        assert self.translit is not None
        if floor == self.options.translit_min:
            by_korean = self._similar  # the floor of nearly every call: one lookup less
        else:
            found_floor = self._similarity.get(floor)
            if found_floor is None:
                found_floor = self._similarity[floor] = {}
            by_korean = found_floor
        sounds = by_korean.get(korean)
        if sounds is None:
            sounds = by_korean[korean] = _Sounds(first_letters(korean))
        if not could_start(english, sounds.starts):
            # No way to sound alike from the first letter on: told by the letter alone, cheaper
            # than a look-up, and not kept (a third of the pairs end here).
            return 0.0
        found = sounds.by_english.get(english)
        if found is None:
            if self._library:
                found = compare(korean, english, floor)
            else:
                found = self.translit(korean, english, floor)
            sounds.by_english[english] = found
        return found

    def pos_factor(self, pos: str, poses: frozenset[str]) -> float:
        by_poses = _POS_FACTORS.get(pos)
        if by_poses is None:
            by_poses = _POS_FACTORS[pos] = {}
        found = by_poses.get(poses)
        if found is None:
            found = by_poses[poses] = pos_factor(pos, poses)
        return found

    def candidates(
        self,
        lemma: str,
        pos: str,
        occurrences: Sequence[TermOccurrence],
        term_glosses: Sequence[Gloss],
        window: dict[int, tuple[int, ...]],
    ) -> list[Candidate]:
        """Rank the English keys this term could map to, best first."""
        asked = (lemma, pos)
        if pos == "noun" and len(lemma) >= 3 and lemma.endswith("적"):
            pos = "adjective"  # 구체적, 법적: nouns that work as modifiers ("specific", "legal")
        keys = self.keys[asked] = _gloss_keys(term_glosses, pos, self._tables)
        # Sound-alike matching only makes sense for names and loanwords: a Sino-Korean word
        # such as 유출 "sounds like" far too many English words.
        sounds = _sounds_foreign(lemma, pos, self.is_loanword)
        term = _Term(lemma, pos, occurrences, keys, sounds, self._indexed_roots())
        threshold = self.options.threshold
        only_lexical = not (
            sounds or term.literal or len(term.parts) > 1 or " " in lemma or term.function_words
        )
        if only_lexical and not term.roots:
            # No unit of the article shares a root with any gloss (``roots`` holds only those
            # found in the article, the joined nouns' included: "Web site" for "website").
            return []
        found = self._collect(term, window, widened=False)
        # Only names, literal matches and compounds read part by part are looked for next door
        # (a dictionary word there is mostly a chance match, see ``_collect``).
        far_evidence = sounds or term.literal or len(term.parts) > 1
        # A compound's head alone (at most ``COMPOUND_HEAD``) is a fallback: the compound
        # spelled out next door is better ("the process" here, "the peace process" there).
        bar = threshold if len(term.parts) < 2 else max(threshold, COMPOUND_HEAD + 0.01)
        if far_evidence and not any(confidence_of(c, self.options) >= bar for c in found):
            # Sentence alignment is sometimes off by one: look next door, trusting it less.
            found = self._collect(term, window, widened=True) or found
        if not found and (sounds or any(o.latin for o in occurrences)):
            # Names recur while paragraphs move: a literal or sound-alike match anywhere in
            # the article is still trustworthy.
            found = self._article_wide(occurrences[0], pos, sounds)
        if " " in lemma and not any(confidence_of(c, self.options) >= threshold for c in found):
            # So is a multiword unit's set phrase found word for word ("brain drain" for 인재
            # 유출), even when the sentence holding it (a headline, say) has no English partner.
            found = self._phrase_anywhere(keys, pos) or found
        # On a tie: a phrasal verb spelling out a whole gloss ("cleaned up" for "clean up"
        # over "cleaned"), then the gloss the dictionary lists first (its usual sense), then
        # the shorter unit, then the earlier one.
        if len(found) > 1:
            found.sort(key=_candidate_order(keys, self.options))
        return prefer_longer(found, self.options)

    def _collect(
        self, term: _Term, window: dict[int, tuple[int, ...]], *, widened: bool
    ) -> list[Candidate]:
        penalty = self.options.neighbour_penalty if widened else 1.0
        n_en = len(self.en.sentences)
        # One tally per English key, in the order keys are first met: one dict lookup per
        # scored unit, where a dict per figure took four.
        tallies: dict[tuple[str, ...], _Tally] = {}
        for o, occ in enumerate(term.occurrences):
            narrow = window.get(occ.sentence, ())
            sents = widen(narrow, n_en) if widened else narrow
            touched: list[_Tally] = []  # the tallies this occurrence scored, once each
            for score, kind, unit in self._scored_units(term, occ, sents):
                next_door = widened and unit.sentence not in narrow
                if next_door and kind[0] == "lexical":
                    # A dictionary word next door is mostly a chance match (measured: 2 right
                    # of 14 on the dev set); a name or a literal match is not.
                    continue
                if next_door:
                    score *= penalty
                if score <= 0:
                    continue
                tally = tallies.get(unit.key)
                if tally is None:
                    evidence = (*kind, "neighbour") if next_door else kind
                    tally = tallies[unit.key] = _Tally(score, unit, evidence, o)
                    touched.append(tally)
                    continue
                tally.pairs.append((score, unit))
                if score > tally.peak:
                    tally.peak = score
                    tally.evidence = (*kind, "neighbour") if next_door else kind
                if tally.occurrence != o:
                    tally.occurrence = o
                    tally.here = score
                    touched.append(tally)
                elif score > tally.here:
                    tally.here = score
            # Each key counts once per occurrence, with its best score there.
            for tally in touched:
                tally.total += tally.here
        n = len(term.occurrences)
        cands: list[Candidate] = []
        for key, tally in tallies.items():
            pairs = tally.pairs
            if len(pairs) == 1:  # most keys: nothing to sort or merge
                ordered: tuple[Unit, ...] = (pairs[0][1],)
            else:
                pairs.sort(key=_pair_order)
                # The same unit is found once per occurrence; keep it once.
                ordered = tuple({(u.first, u.last): u for _, u in pairs}.values())
            cands.append(
                Candidate(key, pairs[0][0], min(1.0, tally.total / n), ordered, tally.evidence)
            )
        return cands

    def _scored_units(
        self, term: _Term, occ: TermOccurrence, sentences: tuple[int, ...]
    ) -> list[_Scored]:
        """List the units of these sentences with some evidence for this occurrence.

        Found sentence by sentence (what one holds does not depend on the others): a sentence
        met again, in another occurrence's window or in the widened search, is looked at once.
        """
        if len(sentences) == 1:
            return self._scored_in(term, occ, sentences[0])
        found: list[_Scored] = []
        for s in sentences:
            found.extend(self._scored_in(term, occ, s))
        return found

    def _scored_in(self, term: _Term, occ: TermOccurrence, sentence: int) -> list[_Scored]:
        latin = occ.latin
        by_sentence = term.found.get(latin)
        if by_sentence is None:
            by_sentence = term.found[latin] = {}
        found = by_sentence.get(sentence)
        if found is None:
            spans = term.units.get(sentence)
            if spans is None:
                spans = term.units[sentence] = self.relevant_units(
                    (sentence,), term.roots, sounds=term.sounds, literal=term.literal,
                    parts=len(term.parts), function_words=term.function_words,
                    starts=term.starts,
                )  # fmt: skip
            found = []
            for span in spans:
                score, kind = self._unit_score(term, occ, span)
                if score > 0:
                    found.append((score, kind, span.unit))
            by_sentence[sentence] = found
        return found

    def _unit_score(
        self, term: _Term, occ: TermOccurrence, span: _Span
    ) -> tuple[float, tuple[str, ...]]:
        score, kind = self.score(
            occ, term.pos, span, term.matcher, term.sounds, term.latin_lemma, term.place
        )
        unit = span.unit
        # A compound read part by part scores at most 0.92 (see ``_parts_in_order``).
        if len(term.parts) > 1 and unit.last - unit.first > 1 and score < 0.92:
            part_score = self.parts_score(term.parts, term.pos, span)
            if part_score > score:
                return part_score, ("parts",)
        return score, kind

    def _phrase_anywhere(self, keys: Sequence[GlossKey], pos: str) -> list[Candidate]:
        phrases = {g.words: g.weight for g in keys if len(g.words) >= 2 and not g.parts}
        if not phrases:
            return []
        roots = frozenset(root(w) for words in phrases for w in words)
        every = range(len(self.en.sentences))
        scored: dict[tuple[str, ...], list[tuple[float, Unit]]] = defaultdict(list)
        for span in self.relevant_units(every, roots, sounds=False, literal=False, parts=0):
            unit = span.unit
            weight = phrases.get(span.words.content)
            if weight is not None:
                score = 0.9 * weight * self.pos_factor(pos, unit.poses)
                scored[unit.key].append((score, unit))
        cands = []
        for key, pairs in scored.items():
            pairs.sort(key=_pair_order)
            units = tuple(u for _, u in pairs)
            cands.append(Candidate(key, pairs[0][0], pairs[0][0], units, ("lexical", "article")))
        return cands

    def recurring(
        self,
        occurrences: Sequence[TermOccurrence],
        window: dict[int, tuple[int, ...]],
        claimed: _CandidateRoots,
        partnered: set[int],
    ) -> list[Candidate]:
        """Find the one word that recurs with a noun's sentences and nowhere else.

        Two or more Korean sentences with an English partner (``partnered``: the window of
        one without is its neighbours', where a dictionary word is not trusted either) must
        each have a window of their own (windows sharing a sentence prove nothing); the same
        word, a noun or an adjective, must be in each and
        in no other English sentence, and no candidate of any term (``claimed``) may hold
        its root: that term has evidence for it. Two such words, or one common in English
        (not ``distinctive``, so it may recur by chance), give nothing.
        """
        windows: list[tuple[int, ...]] = []
        seen: set[int] = set()
        for occ in occurrences:
            if occ.sentence not in partnered:
                continue
            w = window.get(occ.sentence, ())
            if w in windows:
                continue
            if not w or not seen.isdisjoint(w):
                return []
            windows.append(w)
            seen.update(w)
        if len(windows) < 2:
            return []
        met_in = self._sentences_of_roots()
        table = self._table
        roots = table.roots
        found: list[Unit] = []
        for s in windows[0]:
            lo, hi = table.ranges.get(s, (0, 0))
            for i in range(lo, hi):
                r = roots[i]
                if (
                    not r
                    or table.pos[i] not in _RECURRING_POS
                    or len(met_in[r]) < len(windows)
                    or (found and roots[found[0].first] == r)
                    or not seen.issuperset(met_in[r])  # met outside the windows too
                ):
                    continue
                units = self._in_each(table.keys[i], windows)
                if not units or claimed.holds(r):
                    continue
                if found or not distinctive(self.en.tokens[i].text.lower()):
                    return []  # two such words, or a common one: no telling
                found = units
        if not found:
            return []
        peak = _RECURRING_PEAK * self.pos_factor("noun", found[0].poses)
        return [Candidate(found[0].key, peak, 1.0, tuple(found), ("cooccurrence",))]

    def _in_each(self, key: str, windows: list[tuple[int, ...]]) -> list[Unit]:
        """Return the first word keyed ``key`` in each window, as units (none: one lacks it)."""
        table = self._table
        units: list[Unit] = []
        for w in windows:
            at = -1
            for s in w:
                lo, hi = table.ranges.get(s, (0, 0))
                for i in range(lo, hi):
                    if table.keys[i] == key and table.roots[i]:
                        at = i
                        break
                if at >= 0:
                    break
            if at < 0:
                return []
            units.append(table.unit(at, at + 1, table.sentences[at]))
        return units

    def _sentences_of_roots(self) -> dict[str, list[int]]:
        """List the sentences each content root of the article is met in (made once)."""
        if self._root_sentences is None:
            met_in: dict[str, list[int]] = {}
            sentences = self._table.sentences
            roots = self._table.roots
            for i in range(len(roots)):
                r = roots[i]
                if r:
                    s = sentences[i]
                    found = met_in.get(r)
                    if found is None:
                        met_in[r] = [s]
                    elif s not in found:
                        found.append(s)
            self._root_sentences = met_in
        return self._root_sentences

    def _article_wide(self, occ: TermOccurrence, pos: str, sounds: bool) -> list[Candidate]:
        latin_lemma = _has_latin(occ.lemma)
        if not sounds and not (occ.latin or latin_lemma):
            return []  # neither a sound nor a literal match is possible
        scored: dict[tuple[str, ...], list[tuple[float, Unit]]] = defaultdict(list)
        kinds: dict[tuple[str, ...], tuple[str, ...]] = {}
        least = self.options.article_min
        # Without Latin letters, only the sound comparison can score, and it rules out units
        # starting with a letter no part of the name can begin with.
        letters = [first_letters(part) for part in occ.lemma.split()]
        literal = bool(occ.latin) or latin_lemma
        starts = "" if literal or not all(letters) else "".join(letters)
        place = _place_name(occ.lemma) if pos == "proper" else ""
        for pool, n, initial in self._capitalised_units():
            # The unit's first character is its surface's: the letter test needs no span.
            if not could_start(initial, starts):
                continue
            span = pool.span(n)
            unit = span.unit
            # Every piece of evidence is at most 1, so the POS factor bounds the score: skip
            # the costly sound comparison where it cannot reach the bar.
            if self.pos_factor(pos, unit.poses) < least:
                continue
            score, kind = self.score(occ, pos, span, None, sounds, latin_lemma, place)
            if score >= least:
                scored[unit.key].append((score * 0.9, unit))
                kinds[unit.key] = (*kind, "article")
        cands = []
        for key, pairs in scored.items():
            pairs.sort(key=_pair_order)
            units = tuple(u for _, u in pairs)
            cands.append(Candidate(key, pairs[0][0], pairs[0][0], units, kinds[key]))
        return cands

    def _capitalised_units(self) -> list[tuple[_Pool, int, str]]:
        """List the article's short noun phrases with a capital letter (names, abbreviations).

        Each as its pool, its index there and its first character: most are ruled out by
        that letter, so their scoring facts (``_Pool.span``) are made only for the rest.
        """
        if self._capitalised is None:
            found: list[tuple[_Pool, int, str]] = []
            table, text = self._table, self.text
            starts = table.starts
            for s in range(len(self.en.sentences)):
                pool = self._pool(s)
                ranges = pool.ranges
                for n in pool.nominal:
                    first, last = ranges[n]
                    if table.has_capital(first, last):
                        found.append((pool, n, text[starts[first]]))
            self._capitalised = found
        return self._capitalised

    def score(
        self,
        occ: TermOccurrence,
        pos: str,
        span: _Span,
        matcher: GlossMatcher | None,
        sounds: bool,
        latin_lemma: bool,
        place: str = "",
    ) -> tuple[float, tuple[str, ...]]:
        """Score one unit for one occurrence: the best single piece of evidence, POS-weighted.

        ``place``: a proper noun's place name without its kind of place (see ``_place_name``).
        """
        unit = span.unit
        lit = lex = sim = 0.0
        name_part = False
        if occ.latin or latin_lemma:
            lit = literal_score(occ, span.surface)
        if matcher is not None:
            lex = matcher.score(unit.key, span.words)
            if span.alt_words is not None:
                lex = max(lex, matcher.score(unit.alt_key, span.alt_words))
        if sounds and self.translit is not None and span.nominal:
            floor = self.options.translit_min
            sim = self.similarity(occ.lemma, span.surface, floor)
            if place and sim < floor:
                # 저장성 is Zhejiang province, 이와테현 Iwate prefecture: English often
                # leaves the word for the kind of place out.
                sim = _BARE_PLACE * self.similarity(place, span.surface, floor / _BARE_PLACE)
            if pos == "proper" and " " in occ.lemma and unit.last - unit.first == 1:
                # News names a person once in full, then by one name: 조지 W 부시 → "Bush",
                # 도쿠다 시게오 → "Tokuda".
                for part in _single_names(occ.lemma):
                    one = 0.9 * self.similarity(part, span.surface, floor / 0.9)
                    if one > sim:
                        sim, name_part = one, True
            if sim < floor:
                sim = 0.0
        if not (lit or lex or sim):
            return 0.0, ()
        # On a tie the kind later in the alphabet wins: translit, literal, then lexical.
        if sim >= lit and sim >= lex:
            score, kind = sim, "translit"
        elif lit >= lex:
            score, kind = lit, "literal"
        else:
            score, kind = lex, "lexical"
        evidence = (kind, "name part") if kind == "translit" and name_part else (kind,)
        if kind == "translit" and unit.last - unit.first == 1 and self._table.name_like[unit.first]:
            score *= self.pos_factor(pos, _PROPER_NOUN)
        else:
            score *= self.pos_factor(pos, unit.poses)
        if (
            kind == "lexical"
            and pos not in ("proper", "foreign")
            and unit.last - unit.first == 1
            and self._table.inside_name(unit.first, unit.last)
        ):
            before = self.written_after(occ)
            # A common word inside a longer name ("Productions" of "Brightline Productions") is no
            # translation of a common Korean noun; a title before a name is ("Mayor"), and so
            # is the noun of a name the Korean writes alike (멕시코 대사관 "Mexican Embassy").
            # After another noun (해양 박물관 "Maritime Museum") it is likely one too, but the
            # Korean may also be a description beside the name (전문 제작사 beside 브라이트라인
            # 프로덕션, "Brightline Productions"): placed, below a name that wants the word.
            if before == "noun":
                score *= _HEAD_AFTER_NOUN
            elif before != "proper":
                score *= 0.5
        return score, evidence

    def written_after(self, occ: TermOccurrence) -> str:
        """Tell what a noun follows, a space before it: "proper" (멕시코 대사관), "noun" or ""."""
        ends = self._ends
        if ends is None:
            ends = self._ends = {}
            for o in self.korean:
                # A name and a noun of it may end together (joined names): the name counts.
                if o.pos == "proper" or (o.pos == "noun" and o.end not in ends):
                    ends[o.end] = o.pos
        start = occ.start
        if occ.pos != "noun" or start < 1 or self.text[start - 1 : start] != " ":
            return ""
        return ends.get(start - 1, "")

    def parts_score(self, parts: tuple[str, ...], pos: str, span: _Span) -> float:
        """Score a multiword unit by matching each part of a compound to its own word.

        삼성전자 → "Samsung Electronics": 삼성 sounds like Samsung, 전자 means electronics.
        Every content word of the unit must be taken by a part, and every part must match.
        """
        table = self._table
        unit = span.unit
        words = [i for i in range(unit.first, unit.last) if not table.filler[i]]
        if len(words) != len(parts):
            return 0.0
        score = self._parts_in_order(parts, pos, words)
        if not score and pos == "proper" and len(parts) == 2:
            # East Asian names come family name first in Korean, often given name first in
            # English: 도쿠다 시게오 → "Shigeo Tokuda".
            score = self._parts_in_order(parts, pos, words[::-1])
        return score

    def _parts_in_order(self, parts: tuple[str, ...], pos: str, words: list[int]) -> float:
        table = self._table
        tokens = self.en.tokens
        total = 1.0
        # The sound comparison is the costly part: make it only once every other part matched,
        # and not for a part that already matches fully (similarities are at most 1).
        sound_checks: list[tuple[str, str, float]] = []
        # By index: the caller gives as many words as parts (compiled, zip is generic).
        for k in range(len(parts)):
            part, i = parts[k], words[k]
            s = self._part_matcher(part).score((table.keys[i],))
            word = tokens[i].text
            if _latin_part(part) and part.lower() == word.lower():
                s = 1.0
            if (
                s < 1.0
                and self.translit is not None
                and (pos == "proper" or self._foreign_part(part))
            ):
                sound_checks.append((part, word, s))
                continue
            if s < 0.6:
                return 0.0
            total = min(total, s)
        for part, word, s in sound_checks:
            s = max(s, self.similarity(part, word))
            if s < 0.6:
                return 0.0
            total = min(total, s)
        return 0.92 * total

    def _part_matcher(self, part: str) -> GlossMatcher:
        matcher = self._part_matchers.get(part)
        if matcher is None:
            keys = _gloss_keys(self.glosses(part, "noun"), "noun", self._part_tables)
            matcher = self._part_matchers[part] = GlossMatcher(keys)
        return matcher

    def _foreign_part(self, part: str) -> bool:
        found = self._foreign_parts.get(part)
        if found is None:
            found = self._foreign_parts[part] = _sounds_foreign(part, "noun", self.is_loanword)
        return found


def _latin_part(part: str) -> bool:
    """Tell whether a compound's part is written in Latin letters (the 삼성 of 삼성SDI is not)."""
    # ``_LATIN_RE`` matching the whole part, by character code: most parts are Hangul, told
    # by their first character, without a look-up or a regular expression.
    if not part or not ascii_letter(ord(part[0])):
        return False
    for i in range(1, len(part)):
        c = ord(part[i])
        if not (ascii_letter(c) or 48 <= c <= 57 or c == 45 or c == 38 or c == 46):
            return False  # not a letter, a digit, "-", "&" or "."
    return True


def _has_latin(word: str) -> bool:
    """Tell whether some character lower-cases to a Latin letter (``"a" <= ch.lower() <= "z"``)."""
    # By character code, in one pass over the few characters of a lemma: cheaper than the
    # look-up of a kept answer, and no regular expression is run.
    for i in range(len(word)):
        c = ord(word[i])
        if c < 128:
            if ascii_letter(c):
                return True
        elif not 0xAC00 <= c <= 0xD7A3 and "a" <= word[i].lower() <= "z":
            # Hangul syllables lower-case to themselves; a few other characters lower-case to
            # a Latin letter (the Kelvin sign to k).
            return True
    return False


def _single_names(name: str) -> tuple[str, ...]:
    """Return the last name then the first of a full name, each if of two letters or more."""
    # Kept per name: every one-word unit of a window is compared with them.
    found = _SINGLE_NAMES.get(name)
    if found is None:
        names = name.split()
        found = remember(
            _SINGLE_NAMES, name, tuple([part for part in (names[-1], names[0]) if len(part) >= 2])
        )
    return found


_SINGLE_NAMES: Final[dict[str, tuple[str, ...]]] = {}


def _sounds_foreign(lemma: str, pos: str, is_loanword: LoanwordTest | None) -> bool:
    if pos in ("proper", "foreign"):
        return True
    return pos == "noun" and is_loanword is not None and is_loanword(lemma)
