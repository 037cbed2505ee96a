"""Comparing English words for term alignment: stems, roots, gloss keys and gloss matching.

Both sides of a comparison go through the same crude functions, so "introduced" meets
"introduce", "men" meets "man" and "brutality" meets "brutal"; a gloss is prepared once into a
``GlossKey`` (its stems, head word and the trust in its source) and a ``GlossMatcher`` scores
English units against all of a term's glosses.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from typing import Final, TypeVar

from flashcards.models import EnglishToken

# Function words that can be all the English has for a Korean adverb or noun (stemmed later).
_FUNCTION_WORD_LIST: Final = (
    "without", "both", "how", "please", "all", "every", "each", "against", "during", "despite",
    "among", "between", "within", "through", "across", "until", "since", "although", "because",
    "why", "whether", "unless", "besides", "beyond", "toward", "towards", "amid", "via",
    "around", "near", "behind", "after", "before", "inside", "outside", "above", "below",
    "under", "beneath", "beside", "if",
)  # fmt: skip
# English words at or above this Zipf frequency (about once per 100,000 words) are too common
# to stand alone for a two-word gloss (see ``distinctive``).
_DISTINCTIVE_ZIPF: Final = 5.1
# A noun gloss's head may stand alone a little more often: it names the thing ("office" for
# "prime minister's office").
_HEAD_ZIPF: Final = 5.3
# A noun gloss opening with one of these says where or how ("on the ground", "at home"): its
# noun alone is another word ("a training ground"), never the head's match on its own.
_PREPOSITIONS: Final = frozenset({"on", "in", "at", "by", "under", "from", "into", "onto", "over"})
_GLOSS_NOISE_RE: Final = re.compile(
    r"\([^)]*\)|\[[^\]]*\]|\bsb\b|\bsth\b|\bsomeone\b|\bsomething\b"
)
LEADING: Final = frozenset(
    {"the", "a", "an", "to", "be", "its", "their", "his", "her", "our", "one's"}
)
# A passive gloss: "be held captive", "to be taken to hospital".
_PASSIVE_RE: Final = re.compile(r"(?:to )?be ", re.IGNORECASE)
# Prepositions that start a noun's postmodifier: the noun before them heads the phrase.
_POSTMODIFIERS: Final = frozenset({"of", "for", "in", "on", "at", "with", "from", "by", "against"})
# Words that join the parts of a compound's translation ("Ministry of Justice").
_JOINING: Final = frozenset(
    {"of", "and", "for", "in", "on", "at", "by", "with", "from", "the", "'s"}
)
# Words whose final s is not a plural: "news" must not become "new".
_INVARIANT: Final = frozenset(
    {
        "news", "series", "species", "means", "politics", "economics", "physics",
        "statistics", "athletics", "whereabouts", "headquarters", "always", "perhaps",
    }
)  # fmt: skip
_DERIVATIONAL: Final = (
    "abilities", "ability", "ibility", "ations", "ation", "ments", "ment", "ances", "ance",
    "ences", "ence", "ions", "ion", "ically", "ical", "ally", "able", "ible", "abl", "ibl",
    "ian", "ean", "an",
    "ives", "ive", "iv",
    "ers", "er", "ors", "or", "ity", "ness", "ic", "ly", "al", "ous", "ful",
)  # fmt: skip


# Adjective suffixes whose base is a noun spelled as a word of its own (beauty, care, nerve).
_ADJECTIVE_SUFFIXES: Final = frozenset({"ous", "ful"})
# ``_DERIVATIONAL`` by last letter, each in its order there.
_DERIVATIONAL_BY_LAST: Final = {
    last: tuple(s for s in _DERIVATIONAL if s[-1] == last)
    for last in {s[-1] for s in _DERIVATIONAL}
}


# Inflections no suffix rule finds: plurals and past forms spaCy's lemmas miss on nouns and
# adjectives ("men", "lives"), compared as their base word.
_IRREGULAR_FORMS: Final = {
    "men": "man", "women": "woman", "children": "child", "people": "people", "feet": "foot",
    "teeth": "tooth", "mice": "mouse", "lives": "life", "wives": "wife", "knives": "knife",
    "leaves": "leaf", "thieves": "thief", "halves": "half", "selves": "self", "wolves": "wolf",
    "crises": "crisis", "analyses": "analysis", "theses": "thesis",
    "told": "tell", "sold": "sell", "held": "hold", "paid": "pay", "said": "say",
    "took": "take", "taken": "take", "made": "make", "gave": "give", "given": "give",
    "went": "go", "gone": "go", "came": "come", "saw": "see", "seen": "see", "known": "know",
    "knew": "know", "brought": "bring", "bought": "buy", "thought": "think", "fought": "fight",
    "caught": "catch", "taught": "teach", "sought": "seek", "left": "leave", "lost": "lose",
    "met": "meet", "led": "lead", "fled": "flee", "fell": "fall", "fallen": "fall",
    "rose": "rise", "risen": "rise", "began": "begin", "begun": "begin", "broke": "break",
    "broken": "break", "chose": "choose", "chosen": "choose", "drove": "drive",
    "driven": "drive", "spoke": "speak", "spoken": "speak", "stole": "steal",
    "stolen": "steal", "wrote": "write", "written": "write", "shot": "shoot", "hit": "hit",
    "kept": "keep", "slept": "sleep", "spent": "spend", "sent": "send", "built": "build",
    "felt": "feel", "found": "find", "won": "win", "got": "get", "struck": "strike",
    "hung": "hang", "bore": "bear", "born": "bear", "dealt": "deal", "meant": "mean",
}  # fmt: skip
# Derivations no suffix rule finds (death ~ die), compared as one root.
_IRREGULAR_ROOTS: Final = {
    "death": "die", "dead": "die", "deadly": "die", "birth": "bear", "loss": "lose",
    "choice": "choose", "proof": "prove", "sale": "sell", "flight": "fly", "growth": "grow",
    "strength": "strong", "length": "long", "height": "high", "depth": "deep",
    "width": "wide", "belief": "believe", "speech": "speak", "thought": "think",
    "threat": "threaten", "defence": "defend", "defense": "defend", "offence": "offend",
    "offense": "offend", "response": "respond", "failure": "fail", "pressure": "press",
    "seizure": "seize", "arrival": "arrive", "trial": "try", "success": "succeed",
    "entry": "enter", "injury": "injure", "knowledge": "know", "poverty": "poor",
    "truth": "true", "warmth": "warm",
    # Peoples and languages whose name is not the country's plus a suffix.
    "greek": "greece", "french": "france", "british": "britain", "dutch": "netherland",
    "turkish": "turkey", "spanish": "spain", "swiss": "switzerland", "welsh": "wale",
    "irish": "ireland", "danish": "denmark", "swedish": "sweden", "finnish": "finland",
    "polish": "poland", "iraqi": "iraq", "israeli": "israel", "pakistani": "pakistan",
    "afghan": "afghanistan", "filipino": "philippine", "thai": "thailand",
    "kuwaiti": "kuwait", "yemeni": "yemen", "qatari": "qatar", "scottish": "scotland",
}  # fmt: skip


# The empty set of words, shared rather than made anew for every key and term.
NO_WORDS: Final[frozenset[str]] = frozenset()
# A unit holding only a compound's head, one word ("process" for 진행과정): a fallback, at the
# threshold, when nothing better is found (see ``Compound.score``).
COMPOUND_HEAD: Final = 0.6


class GlossKey:
    """A gloss as stems, with its head word and the trust in its source (treat as immutable).

    A plain class that compares and hashes like the tuple of its fields: compiled, it is made
    natively (a NamedTuple's ``__new__`` runs as Python), and its hash is computed once (the
    matchers are looked up by tuples of keys, whose hashing would otherwise hash every key's
    words again). Each gloss's key is made once and shared.
    """

    def __init__(
        self,
        words: tuple[str, ...],
        head: str,
        weight: float,
        parts: tuple[tuple[str, ...], ...] = (),
        modifier_alone: bool = False,
        head_alone: bool = True,
        roots: tuple[str, ...] = (),
        content_roots: frozenset[str] | None = None,
    ) -> None:
        self.words = words
        self.head = head
        self.weight = weight
        # A compound glossed part by part ("manufacture + company"): each part's stems, with
        # suffix parts ("-ity") left out.
        self.parts = parts
        # A two-word noun gloss whose first word is distinctive enough to stand for the whole.
        self.modifier_alone = modifier_alone
        # Whether the head word alone may stand for the gloss: not a light verb ("take" of
        # "take place") nor a common noun ("life" of "rest of one's life").
        self.head_alone = head_alone
        self._hash = -1  # made on first need (no hash is -1): many keys are never hashed
        # ``content_roots``, given by a caller that has them already (or made here).
        self._content_roots = content_roots
        # What a ``GlossMatcher`` compares, set by ``prepare`` on first need: the root of each
        # word, those with the head's root, and the head's root.
        self.prepared = False
        # ``root`` of each word, given by a caller that has them already (or found here).
        self.roots = roots if len(roots) == len(words) else ()
        self.match_roots: tuple[str, ...] = ()
        self.head_root = ""

    def content_roots(self) -> frozenset[str]:
        """Return the roots of the words, leading function words aside (made on first use)."""
        found = self._content_roots
        if found is None:
            words, roots = self.words, self.roots
            if len(roots) != len(words):
                roots = tuple([root(w) for w in words])
            found = self._content_roots = _content_roots(words, roots)
        return found

    def prepare(self) -> None:
        """Set what a ``GlossMatcher`` compares, once for every matcher the key is in."""
        if not self.prepared:
            words = self.words
            roots = self.roots
            if len(roots) != len(words):
                roots = tuple([root(w) for w in words])
            self.head_root = head_root = _root_among(self.head, words, roots)
            self.roots = roots
            # Tuples, not sets: a key has a few words, and a frozenset costs more to make than
            # the loops comparing a unit's roots with these cost (see ``_shares``).
            self.match_roots = roots if head_root in roots else (*roots, head_root)
            self.prepared = True

    def _fields(
        self,
    ) -> tuple[tuple[str, ...], str, float, tuple[tuple[str, ...], ...], bool, bool]:
        return (
            self.words, self.head, self.weight, self.parts, self.modifier_alone, self.head_alone
        )  # fmt: skip

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, GlossKey):
            return NotImplemented
        return self is other or self._fields() == other._fields()

    def __hash__(self) -> int:
        if self._hash == -1:
            self._hash = hash(self._fields())
        return self._hash

    def __repr__(self) -> str:
        return (
            f"GlossKey(words={self.words!r}, head={self.head!r}, weight={self.weight!r}, "
            f"parts={self.parts!r}, modifier_alone={self.modifier_alone!r}, "
            f"head_alone={self.head_alone!r})"
        )


def _root_among(word: str, words: tuple[str, ...], roots: tuple[str, ...]) -> str:
    """Return ``root(word)``, read from ``roots`` (those of ``words``) when it is one of them.

    A key's head is one of its words, unless a caller built the key oddly: found by a scan of
    a few words rather than a look-up that hashes the word.
    """
    for i in range(len(words)):
        if words[i] == word:
            return roots[i]
    return root(word)


def _content_roots(words: tuple[str, ...], roots: tuple[str, ...]) -> frozenset[str]:
    """Return the ``roots`` of ``words`` that are not leading function words, as a set."""
    # Most keys hold no leading word: their roots make the set without a list.
    if any(w in LEADING for w in words):
        return frozenset([roots[i] for i in range(len(words)) if words[i] not in LEADING])
    return frozenset(roots)


K = TypeVar("K")
V = TypeVar("V")
# Entries a plain dict cache keeps before starting afresh (as bounded as the lru_caches were).
_CACHE_SIZE: Final = 65536


def remember(cache: dict[K, V], key: K, value: V) -> V:
    """Keep ``value`` under ``key``; a full cache starts afresh (results never depend on it).

    The hottest word functions keep their results in plain dicts: compiled code reads a dict
    directly, where every call through ``functools.lru_cache`` costs a Python-level call.
    """
    if len(cache) >= _CACHE_SIZE:
        cache.clear()
    cache[key] = value
    return value


_STEMS: Final[dict[str, str]] = {}


def stem(word: str) -> str:
    """Reduce an English word, in lower case, to a crude stem so inflections compare equal.

    Deliberately simple and symmetric: it only has to map "introduced", "introduces" and
    "introduce" (or "policies" and "policy", "stopped" and "stop") to the same key on both
    sides of a comparison. Every caller has the word in lower case already (gloss words,
    token keys, stems): it is not lowered again.
    """
    found = _STEMS.get(word)
    return remember(_STEMS, word, _stem(word)) if found is None else found


def _stem(word: str) -> str:
    w = _IRREGULAR_FORMS.get(word, word)
    if len(w) > 4 and w.endswith("men"):
        w = w[:-3] + "man"  # gunmen, firemen, congressmen
    n = len(w)
    if n <= 3 or w in _INVARIANT:
        return w
    # Every inflection ends in s, d or g: the rules go by the last letters, compared one by
    # one (an ``endswith`` of a tuple makes the tuple at every call).
    last = w[n - 1]
    stripped = True
    if last == "s":
        before = w[n - 2]
        if n > 4 and before == "e" and w[n - 3] == "i":
            w = w[:-3] + "y"  # -ies
        elif n >= 5 and before == "e" and _sibilant_before(w, n - 2):
            w = w[:-2]  # -ses, -xes, -zes, -ches, -shes
        elif before != "s" and before != "u" and before != "i":
            w = w[:-1]  # not -ss, -us, -is
        else:
            stripped = False
    elif last == "d" and w[n - 2] == "e" and n >= 5:
        w = w[:-3] + "y" if w[n - 3] == "i" else w[:-2]  # -ied, -ed
    elif last == "g" and n >= 6 and w.endswith("ing"):
        w = w[:-3]
    else:
        stripped = False
    if stripped and len(w) >= 4 and w[-1] == w[-2] and w[-1] in "bdgmnprt":
        w = w[:-1]  # "stopped" → stopp → stop, "planning" → plan
    if w.endswith("e") and len(w) >= 4:
        w = w[:-1]
    return w


def _sibilant_before(w: str, end: int) -> bool:
    """Tell whether ``w[:end]`` ends in s, x, z, ch or sh (``end`` ≥ 2)."""
    c = w[end - 1]
    if c == "s" or c == "x" or c == "z":
        return True
    return c == "h" and (w[end - 2] == "c" or w[end - 2] == "s")


# ``_IRREGULAR_ROOTS`` keyed by stem, as ``root`` looks words up: "sales" and "sale" both stem
# to "sal".
_ROOT_OF_STEM: Final = {stem(word): base for word, base in _IRREGULAR_ROOTS.items()}


_ROOTS: Final[dict[str, str]] = {}


def root(word: str) -> str:
    """Strip derivational suffixes too, so "announcement" meets "announced".

    Coarser than ``stem``: a match on roots is weaker evidence than a match on stems.
    """
    found = _ROOTS.get(word)
    return remember(_ROOTS, word, _root(word)) if found is None else found


def _root(word: str) -> str:
    irregular = _ROOT_OF_STEM
    w = stem(word)
    # The irregular word's base goes on as its stem, the way the base itself is rooted:
    # "success" → succeed → succ, like "succeed".
    w = stem(irregular[w]) if w in irregular else w
    # Two rounds: "brutality" → brutal → brut meets "brutal" → brut.
    for _ in range(2):
        # Only the suffixes ending in the word's last letter can match, in the same order;
        # most words end in a letter none ends in.
        suffixes = _DERIVATIONAL_BY_LAST.get(w[-1]) if w else None
        if suffixes is None:
            break
        for suffix in suffixes:
            if len(w) - len(suffix) >= 4 and w.endswith(suffix):
                w = w[: len(w) - len(suffix)]
                if suffix in _ADJECTIVE_SUFFIXES:
                    # Back to the noun's stem: beauti(ful) → beauty, care(ful) → car as "care".
                    w = w[:-1] + "y" if w.endswith("i") else stem(w)
                if w in irregular:
                    w = stem(irregular[w])  # "successful" → success → succ
                break
        else:
            break
    # Letters compared one by one: an ``endswith`` of a tuple makes the tuple at every call.
    if len(w) > 4 and (w[-1] == "e" or w[-1] == "y"):
        w = w[:-1]
    if w.endswith("ct"):
        w = w[:-1]  # "introduction" → introduc(t), "introduce" → introduc
    return _word_family(word, w)


# Words whose stem ends in "at" like an -ate verb's (negotiat) but that are no -ate verb.
_NOT_ATE: Final = frozenset({"threat", "combat", "format", "habitat", "thermostat", "acrobat"})


def _word_family(word: str, w: str) -> str:
    """Bring a verb's root and its noun's root together where the spelling changes.

    ``word`` is what ``root`` was given (a stem, as the matchers key words), ``w`` its root so far.

    -ation drops more than -ate does (negoti|ation, negotiat|e); -sion, -sive and -se spell
    the -de/-nd verb's d as s (explosion, explosive, explode; expansion, expand; defense, defend);
    -osition keeps an "it" its verb lacks (imposition, impose); -ification a "c" (justify).
    """
    if w.endswith("at"):
        return w[:-2] if len(w) >= 6 and word not in _NOT_ATE else w
    last = w[-1] if w else ""
    if last == "d" or last == "s":
        # Both lose the letter: explod(e) and explos(ion) meet at explo, respond and
        # respons(e) at respon; -ss, -ds and the like keep it.
        before = w[-2:-1]
        if len(w) >= 5 and (before == "n" or (before in "aiou" and w[-3] not in "aeiou")):
            return w[:-1]
        return w
    if w.endswith("osit") and word.endswith("osition") and len(w) >= 7:
        # To the verb's key: "impose" is keyed by its stem impos, rooted again to impo.
        return w[:-3]
    if w.endswith("ific"):
        return w[:-2]
    return w


# Light verbs: the head of "take place" or "pass away" alone says nothing of the meaning.
_LIGHT_HEADS: Final = frozenset(
    root(w)
    for w in (
        "take", "make", "get", "go", "come", "put", "give", "have", "do", "be", "set", "keep",
        "turn", "break", "bring", "carry", "run", "hold", "pass", "lose", "let", "look",
    )
)  # fmt: skip


FUNCTION_WORDS: Final = frozenset(stem(w) for w in _FUNCTION_WORD_LIST)


@functools.lru_cache(maxsize=16384)
def gloss_keys(gloss: str) -> tuple[str, ...]:
    """Turn a dictionary gloss ("to introduce (sth)") into the stems of its words."""
    return tuple(stem(w) for w in gloss_words(gloss))


def gloss_words(gloss: str) -> list[str]:
    """List a gloss's words, lower case, without brackets and leading function words."""
    return _words_of(gloss.lower())


def _words_of(text: str) -> list[str]:
    # ``gloss_words`` of a gloss already in lower case.
    if _may_be_noise(text):
        text = _GLOSS_NOISE_RE.sub(" ", text)
    words = _word_runs(text)
    if "'s" in text:
        words = _split_possessives(words)
    start = 0
    while start < len(words) and words[start] in LEADING:
        start += 1
    return words[start:] if start else words


def _word_runs(text: str) -> list[str]:
    """List the words of a lower-case text as ``re.findall(r"[a-z0-9]+(?:'[a-z0-9]+)*", text)``
    does: runs of a to z and 0 to 9, an apostrophe between two joining them.

    Read code point by code point: compiled, cheaper than a call of the pattern's method.
    """
    words: list[str] = []
    n = len(text)
    i = 0
    while i < n:
        if not _word_char(text, i):
            i += 1
            continue
        start = i
        i += 1
        while i < n and (
            _word_char(text, i)
            or (ord(text[i]) == 39 and i + 1 < n and _word_char(text, i + 1))  # "'"
        ):
            i += 1
        words.append(text[start:i])
    return words


def _word_char(text: str, i: int) -> bool:
    """Tell whether ``text[i]`` is a to z or 0 to 9 (as ``[a-z0-9]``)."""
    c = ord(text[i])
    return 97 <= c <= 122 or 48 <= c <= 57


def _split_possessives(words: list[str]) -> list[str]:
    """Split "women's" as spaCy tokenises the English: women + 's ("one's" stays whole)."""
    out: list[str] = []
    for w in words:
        if w.endswith("'s") and len(w) > 2 and w not in LEADING:
            out += (w[:-2], "'s")
        else:
            out.append(w)
    return out


def _may_be_noise(text: str) -> bool:
    # Most glosses hold no bracket and no "sb"/"sth"/"some...": the regex pass is skipped.
    return "(" in text or "[" in text or "sb" in text or "sth" in text or "some" in text


@functools.lru_cache(maxsize=16384)
def distinctive(word: str, zipf: float = _DISTINCTIVE_ZIPF) -> bool:
    """Tell whether an English word is rare enough that a chance match is unlikely.

    "opposition" alone can stand for "opposition party"; "time" for "time limit" or "state"
    for "state authority" would mostly be accidental matches.
    """
    if zipf >= _COMMON_FLOOR:
        return _frequency(word) < zipf
    return _wordfreq_zipf(word) < zipf


def _frequency(word: str) -> float:
    """Return the Zipf frequency of ``word``, or 0 for a plain word below ``_COMMON_FLOOR``.

    Compared with a level at or above the floor, it tells what wordfreq's own would.
    """
    # A plain word (isascii, isalpha and islower: letters a to z, told without method calls).
    if _plain_form(word) == _ONE_WORD:
        # Below the floor every plain word is distinctive: only the common ones are listed.
        return common_english().get(word, 0.0)
    return _wordfreq_zipf(word)


def _wordfreq_zipf(word: str) -> float:
    from wordfreq import zipf_frequency

    # Typed here: the build that compiles this module (setup.py) does not install wordfreq.
    frequency: float = zipf_frequency(word, "en")
    return frequency


# Loading wordfreq's English list takes a third of a second, more than aligning an article,
# and ``distinctive`` only ever asks about the few hundred words this common: they are kept
# in a small cache file.
_COMMON_FLOOR: Final = 5.0


@functools.cache
def common_english() -> dict[str, float]:
    """Map the plain English words at or above Zipf 5.0 to their Zipf frequency (wordfreq)."""
    from flashcards.lexicon.cache import cached_text, package_version

    # Named after everything its content depends on: an upgrade or a new floor rebuilds it.
    name = f"english-common-1-{_COMMON_FLOOR}-{package_version('wordfreq')}.tsv"
    # The file's rows are read once (not checked, then read): a file whose rows are damaged is
    # built again.
    rows = _common_rows(cached_text(name, _list_common_english))
    if rows is None:
        rows = _common_rows(cached_text(name, _list_common_english, rebuild=True))
    return rows or {}


def _common_rows(text: str) -> dict[str, float] | None:
    """Read the cache file's word, tab, number rows (None: not as many as its header says, or
    one of another form)."""
    lines = text.splitlines()
    rows: dict[str, float] = {}
    count = 0
    for line in lines:
        if not line or line[0] == "#":
            continue
        count += 1
        word, tab, value = line.partition("\t")
        if not tab or "\t" in value:
            return None
        try:
            rows[word] = float(value)
        except ValueError:
            return None
    if len(lines) < 2 or lines[1] != f"#! rows={count}" or not count:
        return None
    return rows


def _list_common_english() -> str:
    from wordfreq import top_n_list, zipf_frequency

    rows = []
    # The list is in frequency order: stop at the first plain word below the floor.
    for word in top_n_list("en", 20000):
        value = zipf_frequency(word, "en")
        if value < _COMMON_FLOOR:
            break
        if word.isascii() and word.isalpha():
            rows.append(f"{word}\t{value}\n")
    header = f"# English words at or above Zipf {_COMMON_FLOOR} (wordfreq; rebuildable cache)\n"
    return header + f"#! rows={len(rows)}\n" + "".join(rows)


class GlossKeyTable:
    """The keys of glosses made for one kind of term and one source weight, by gloss text.

    The same glosses come back for every occurrence of a word in every article: each key is
    made once, and kept with its text's reading (``_GlossText``), so that a gloss costs one
    dict lookup, keyed by the text alone (whose hash the string keeps) rather than by a new
    tuple of (text, nominal, weight). Most gloss texts are met only once in a while, each
    under one table: a dict per table would add a second lookup and an insertion per key.
    """

    def __init__(self, nominal: bool, weight: float) -> None:
        self.nominal = nominal
        self.weight = weight

    def key(self, text: str) -> GlossKey | None:
        """Return ``gloss_key(text, nominal, weight)``."""
        found = _read(text)
        if found.table is self:
            return found.first  # the table it was first keyed for (most texts)
        return found.key_for(self)


_GLOSS_KEY_TABLES: Final[dict[tuple[bool, float], GlossKeyTable]] = {}


def gloss_key_table(nominal: bool, weight: float) -> GlossKeyTable:
    """Return the shared table of gloss keys for these arguments of ``gloss_key``."""
    found = _GLOSS_KEY_TABLES.get((nominal, weight))
    if found is None:
        found = _GLOSS_KEY_TABLES[(nominal, weight)] = GlossKeyTable(nominal, weight)
    return found


def gloss_key(text: str, nominal: bool, weight: float) -> GlossKey | None:
    """Prepare a gloss for matching: its stems, head word and weight (None: no words)."""
    return gloss_key_table(nominal, weight).key(text)


# The words ``_GLOSS_NOISE_RE`` removes, besides brackets.
_NOISE_WORDS: Final = frozenset({"sb", "sth", "someone", "something"})
# The one-word glosses whose word no key keeps (one set to look a word up in, not two).
_NO_WORD_TEXTS: Final = LEADING | _NOISE_WORDS


# The frequency ``distinctive`` compares, of the words gloss keys ask about, kept in a plain
# dict (see ``remember``): one entry answers for both levels they ask at, where a call
# through ``distinctive``'s ``lru_cache`` costs a Python-level call and a tuple key.
_FREQUENCIES: Final[dict[str, float]] = {}


def _distinctive_at(word: str, zipf: float) -> bool:
    """Return ``distinctive(word, zipf)`` for a level at or above ``_COMMON_FLOOR``."""
    found = _FREQUENCIES.get(word)
    if found is None:
        found = remember(_FREQUENCIES, word, _frequency(word))
    return found < zipf


# What ``_plain_form`` tells of a text.
_NOT_PLAIN: Final = 0
_ONE_WORD: Final = 1  # letters a to z only
_PLAIN_WORDS: Final = 2  # words of them, each after a single space


def _plain_form(text: str) -> int:
    """Tell whether a text is one word of letters a to z, or words of them joined by single
    spaces (no space first or last), or neither.

    Letter by letter, compiled as reads of code points: cheaper than ``isascii`` and
    ``isalpha`` of the text and of each word, which compiled code calls as Python methods.
    """
    n = len(text)
    if n == 0:
        return _NOT_PLAIN
    spaces = False
    after_space = True  # as if a space came before the first letter: none may
    for i in range(n):
        c = ord(text[i])
        if 97 <= c <= 122:  # a to z
            after_space = False
        elif c == 32 and not after_space:
            after_space = spaces = True
        else:
            return _NOT_PLAIN
    if after_space:
        return _NOT_PLAIN  # a space last
    return _PLAIN_WORDS if spaces else _ONE_WORD


def _plain_words(text: str) -> list[str]:
    """List the words of a lower-case gloss of letters a to z and single spaces (see
    ``_plain_form``), as ``_words_of`` would."""
    words = text.split(" ")
    noise = False
    for w in words:
        # No bracket in these letters: only whole words the regex would remove (looked up
        # here rather than by ``_may_be_noise``'s five substring searches of the text).
        if w in _NOISE_WORDS:
            noise = True
    if noise:
        words = [w for w in words if w not in _NOISE_WORDS]
    start = 0
    while start < len(words) and words[start] in LEADING:
        start += 1
    return words[start:] if start else words


class _GlossText:
    """What the keys of a gloss take from its text alone, shared by every table's key.

    A gloss comes back for terms of other POS and from other sources (a fifth of the keys
    made): its words, stems and roots are read once. Its keys are kept here too, by table
    (see ``GlossKeyTable``).
    """

    def __init__(
        self,
        text: str,
        plain: list[str],
        words: tuple[str, ...],
        roots: tuple[str, ...],
        parts: tuple[tuple[str, ...], ...],
        verbal: bool,
        noun_at: int,
        runs: bool = False,
    ) -> None:
        self.text = text
        self.plain = plain  # the words as written, lower case
        # Whether ``plain`` is every run of letters a to z and digits in the text, less only
        # bracketed notes and stop words (leading function words, sb/sth-like noise): true of
        # an ASCII text without an apostrophe (at an apostrophe or a letter outside ASCII,
        # other readers join or split words otherwise).
        self.runs = runs
        self.words = words
        self.roots = roots
        self.parts = parts
        self.verbal = verbal  # "to rise abruptly": a verb phrase whatever the term's POS
        self.noun_at = noun_at  # the head of the text read as a noun phrase
        # The key of the first table that asked, and those of any other tables.
        self.table: GlossKeyTable | None = None
        self.first: GlossKey | None = None
        self._more: dict[GlossKeyTable, GlossKey] | None = None
        # The keys' ``content_roots``, made for the first and shared by the others.
        self._content_roots: frozenset[str] | None = None
        # The sentence aligner's words of the text (``sentences._gloss_words``), kept here once
        # ``sentence_read``: one look-up of the text serves both aligners.
        self.sentence_words: tuple[str, ...] | None = None
        self.sentence_read = False

    def word_runs(self) -> list[str] | None:
        """Return the words as the keys read them, if every run of a-z and 0-9 is one.

        They are in lower case, without bracketed notes, leading function words and sb/sth-like
        noise; None for a text with an apostrophe or a character outside ASCII, whose words
        other readers may join or split otherwise (see ``runs``). The list is the reading's
        own: not to be changed.
        """
        return self.plain if self.runs else None

    def key_for(self, table: GlossKeyTable) -> GlossKey | None:
        """Return the gloss's key in ``table`` (None: the text has no words), made once."""
        if not self.words:
            return None
        if self.table is None:
            self.table = table
            self.first = self.key(table.nominal, table.weight)
            return self.first
        more = self._more
        if more is None:
            more = self._more = {}
        found = more.get(table)
        if found is None:
            found = more[table] = self.key(table.nominal, table.weight)
        return found

    def key(self, nominal: bool, weight: float) -> GlossKey:
        """Return the gloss's key for a term of this kind and a source of this weight."""
        words, plain, parts = self.words, self.plain, self.parts
        verbal = not nominal or self.verbal
        at = 0 if verbal else self.noun_at
        alone = (
            not verbal
            and not parts
            and len(words) == 2
            and _distinctive_at(plain[0], _DISTINCTIVE_ZIPF)
        )
        if verbal:
            # A passive gloss's participle says what happens even for a light verb: "be held
            # captive" → "held", "be taken to hospital" → "taken".
            head_alone = (
                self.roots[at] not in _LIGHT_HEADS or _PASSIVE_RE.match(self.text) is not None
            )
        else:
            head_alone = len(words) == 1 or (
                plain[0] not in _PREPOSITIONS and _distinctive_at(plain[at], _HEAD_ZIPF)
            )
        content = self._content_roots
        if content is None:
            content = self._content_roots = _content_roots(words, self.roots)
        return GlossKey(words, words[at], weight, parts, alone, head_alone, self.roots, content)


def _read(text: str) -> _GlossText:
    """Return the reading of a gloss text, made once (see ``_GlossText``)."""
    found = _GLOSS_TEXTS.get(text)
    return remember(_GLOSS_TEXTS, text, _gloss_text(text)) if found is None else found


def _gloss_text(text: str) -> _GlossText:
    """Read a gloss's words, stems and roots (``_NO_WORDS_TEXT``: it has no words)."""
    # Every article still brings some hundreds of new glosses, so one pass over the text does.
    # (Most texts are plain words in lower case: the text itself goes on, whose hash the string
    # has kept, and none is lowered.)
    form = _plain_form(text)
    lower = text
    if form == _NOT_PLAIN:
        lower = text.lower()
        if lower == text:
            lower = text
        else:
            form = _plain_form(lower)  # capitals ("Korea")
    if form == _ONE_WORD:
        # Two glosses in three are one plain word: it is its own head, and no bracket, "+",
        # preposition or passive can be in it.
        if lower in _NO_WORD_TEXTS:
            return _NO_WORDS_TEXT
        w = stem(lower)
        return _GlossText(text, [lower], (w,), (root(w),), (), False, 0, True)
    plain = _plain_words(lower) if form == _PLAIN_WORDS else _words_of(lower)
    if not plain:
        return _NO_WORDS_TEXT
    # Tuples of generators over a list or tuple: compiled, each is made at its length, with no
    # list made first (a filtered one would be a generator object: those stay lists).
    words = tuple(stem(w) for w in plain)  # = gloss_keys(text)
    roots = tuple(root(w) for w in words)
    # A noun phrase is headed by its last word, or by the word before a preposition ("rest of
    # one's life", "Ministry of Justice", "home for the elderly").
    at = len(words) - 1
    spaced: list[str] | None = None
    for i in range(1, len(plain)):
        w = plain[i]
        if w in _POSTMODIFIERS:
            # Only a preposition standing as a word of its own: "sit-in" is no "sit" + "in"
            # (in a text of plain words every word stands so).
            if form != _PLAIN_WORDS and spaced is None:
                spaced = lower.split()
            if spaced is None or w in spaced:
                at = i - 1
                break
    parts: tuple[tuple[str, ...], ...] = ()
    if form != _PLAIN_WORDS and " + " in text:  # (a text of plain words has no "+")
        pieces = [p.strip() for p in text.split(" + ")]
        # Each part read as a gloss of its own (its words are its ``gloss_keys``): the same
        # parts come back in many compounds, and as glosses themselves.
        parts = tuple([_read(p).words for p in pieces if p and not p.startswith("-")])
        parts = tuple([p for p in parts if p])
    verbal = lower.startswith("to ")
    runs = form == _PLAIN_WORDS or ("'" not in lower and lower.isascii())
    return _GlossText(text, plain, words, roots, parts, verbal, at, runs)


def gloss_reading(text: str) -> _GlossText:
    """Return the reading of a gloss text shared by the term and sentence aligners.

    The sentence aligner reads every gloss the term aligner keys later: it takes the words of
    the reading (``_GlossText.word_runs``) and keeps its own in it.
    """
    return _read(text)


# Each gloss text read (see ``_GlossText``), and what stands for every text without words.
_GLOSS_TEXTS: Final[dict[str, _GlossText]] = {}
_NO_WORDS_TEXT: Final = _GlossText("", [], (), (), (), False, 0)


def token_key(t: EnglishToken) -> str:
    """Key one token: verbs by lemma ("said" → say), other words by their own text.

    spaCy's lemmas of nouns are sometimes wrong ("uses" → "us"), and a stem of the text does
    the job for them. Comparatives and superlatives go by lemma too ("simplest" → simple):
    no suffix rule can tell "biggest" from "honest".
    """
    by_lemma = t.pos in ("VERB", "AUX") or _compared(t.tag)
    word = t.lemma if by_lemma and t.lemma[:1].isalpha() else singular_initialism(t.text)
    lower = word.lower()
    # The word itself when already lower case: its hash is kept for the lookups.
    return stem(expand(word if lower == word else lower))


def _compared(tag: str) -> bool:
    """Tell whether a Penn Treebank tag is a comparative or superlative (JJR, JJS, RBR, RBS).

    Compared with each, natively, rather than looked up in a set (hashing the tag).
    """
    return tag == "JJR" or tag == "JJS" or tag == "RBR" or tag == "RBS"


def singular_initialism(text: str) -> str:
    """Drop the plural s of an initialism ("CEOs" → CEO, "SUVs" → SUV), as glossed.

    The stemmer leaves "ceos" and "rbis" alone (a word in -os or -is is mostly singular).
    """
    n = len(text)
    if n < 3 or text[n - 1] != "s":
        return text
    i = 0
    while i < n - 1:
        c = ord(text[i])
        if not 65 <= c <= 90:  # A-Z
            return text
        i += 1
    return text[: n - 1]


def expand(word: str) -> str:
    """Spell out an abbreviated title ("gov." is a governor); "u.n." is "un", as glossed."""
    if not word.endswith("."):
        return word
    title = _ABBREVIATIONS.get(word[:-1])
    if title is not None:
        return title
    return word.replace(".", "") if _initialism(word) else word


def _initialism(word: str) -> bool:
    """Tell whether a word is letters each followed by a point: "u.s.", "u.n.", "e.", "w."."""
    n = len(word)
    if n < 2 or n % 2:
        return False
    # A loop, not all() over a generator: compiled, that is a generic call.
    i = 0
    while i < n:
        if not word[i].isalpha() or word[i + 1] != ".":
            return False
        i += 2
    return True


# Abbreviated titles and words of names news writes with a full stop.
_ABBREVIATIONS: Final = {
    "gov": "governor", "sen": "senator", "rep": "representative", "gen": "general",
    "lt": "lieutenant", "col": "colonel", "sgt": "sergeant", "capt": "captain",
    "adm": "admiral", "maj": "major", "pres": "president", "dept": "department",
    "govt": "government", "corp": "corporation", "univ": "university", "prof": "professor",
    "dr": "doctor", "amb": "ambassador", "sec": "secretary", "supt": "superintendent",
    "assn": "association", "natl": "national", "intl": "international",
}  # fmt: skip


def unit_key(tokens: Sequence[EnglishToken]) -> tuple[str, ...]:
    """Key a unit by its words, leaving out punctuation ("long-term" → long, term)."""
    return tuple(token_key(t) for t in tokens if t.pos != "PUNCT")


def lexical_score(glosses: Sequence[GlossKey], key: tuple[str, ...]) -> float:
    """Score how well a unit matches any gloss: 1 for the same words, less for partial overlap.

    Partial overlap ("talent" vs "AI talent") scores by the share of words in common, which
    favours units no longer than the gloss so the decoder prefers the tight span; a single
    word that is the gloss's head ("visa" for "talent visa") gets 0.7.
    """
    return GlossMatcher(glosses).score(key)


def composite_score(parts: Sequence[tuple[str, ...]], content: tuple[str, ...]) -> float:
    """Score a unit against a compound glossed part by part ("manufacture + company").

    Translations of compounds keep some parts and drop or reorder others (제조업체 →
    "manufacturers", 보안군 → "security forces"), so every word of the unit must come from
    some part, and the more parts are used the better. A unit using only the last part, the
    compound's head ("process", "company"), is a fallback (``COMPOUND_HEAD``).
    """
    return Compound.of(parts).score(tuple(root(w) for w in content))


class KeyWords:
    """A unit key's words as the gloss matchers compare them (treat as immutable).

    A plain class, made natively when compiled (thousands are made); it compares and hashes
    like the tuple of its fields.
    """

    def __init__(
        self,
        content: tuple[str, ...],
        roots: tuple[str, ...],
        free_roots: tuple[str, ...],
    ) -> None:
        self.content = content  # without leading function words ("the", "to")
        self.roots = roots  # the root of each content word
        self.free_roots = free_roots  # the roots of content words that are not joining words

    def _fields(
        self,
    ) -> tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]:
        return (self.content, self.roots, self.free_roots)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, KeyWords):
            return NotImplemented
        return self._fields() == other._fields()

    def __hash__(self) -> int:
        return hash(self._fields())

    def __repr__(self) -> str:
        return (
            f"KeyWords(content={self.content!r}, roots={self.roots!r}, "
            f"free_roots={self.free_roots!r})"
        )


_KEY_WORDS: Final[dict[tuple[str, ...], KeyWords]] = {}


def key_words(key: tuple[str, ...]) -> KeyWords:
    """Split a unit key into the words the gloss matchers compare (kept per key)."""
    found = _KEY_WORDS.get(key)
    return remember(_KEY_WORDS, key, _key_words(key)) if found is None else found


def _key_words(key: tuple[str, ...]) -> KeyWords:
    # Most keys hold no leading nor joining word: the key and its roots serve as they are,
    # without lists made to filter them.
    content = key
    if any(k in LEADING for k in key):
        content = tuple([k for k in key if k not in LEADING])
    # A unit of one word (the most) gets its tuple of one root without a list.
    # (``tuple`` of a generator over a tuple: made at its length, see ``_gloss_text``)
    roots = (root(content[0]),) if len(content) == 1 else tuple(root(k) for k in content)
    free = roots
    if any(k in _JOINING for k in content):
        free = tuple([roots[i] for i in range(len(content)) if content[i] not in _JOINING])
    return KeyWords(content, roots, free)


class Compound:
    """A compound's parts, indexed by the roots of their words (treat as immutable).

    A plain class: compiled, its ``score`` is called natively (a NamedTuple's methods are
    called as Python methods).
    """

    def __init__(self, part_of: dict[str, int], sizes: tuple[int, ...]) -> None:
        # Each root → the first part holding a word with that root (equal words have equal
        # roots).
        self.part_of = part_of
        self.sizes = sizes

    @staticmethod
    def of(parts: Sequence[tuple[str, ...]]) -> Compound:
        part_of: dict[str, int] = {}
        for i, part in enumerate(parts):
            for w in part:
                part_of.setdefault(root(w), i)
        return Compound(part_of, tuple(len(p) for p in parts))

    def score(self, roots: tuple[str, ...]) -> float:
        """Score a unit given by the roots of its words (see ``composite_score``)."""
        if not roots:
            return 0.0  # a unit of joining words only ("in"): nothing to match
        used: set[int] = set()
        for r in roots:
            hit = self.part_of.get(r)
            if hit is None:
                return 0.0
            used.add(hit)
        sizes = self.sizes
        # Prefer the unit that spells out more of the gloss: "World Trade Center" over "Trade
        # Center" for "world trade + center".
        coverage = min(1.0, len(roots) / sum(sizes[i] for i in used))
        if len(used) == len(sizes):
            return 0.9 * (0.85 + 0.15 * coverage) if coverage < 1 else 0.9
        last = len(sizes) - 1
        if used == {last}:
            # The head alone: English often names the whole by it ("the process", "the vote"),
            # but a generic word ("company") may be another one's, so it is a fallback; a whole
            # multiword head ("prime minister" for 터키총리) is a fair translation.
            return 0.7 if sizes[last] > 1 and coverage == 1 else COMPOUND_HEAD
        # Some parts, spelled out as fully as possible ("United States" over "United").
        return (0.55 + 0.35 * len(used) / len(sizes)) * (0.85 + 0.15 * coverage)


class GlossMatcher:
    """A term's gloss keys prepared once, scoring unit keys as ``lexical_score`` does.

    Every way a gloss can score needs a word of the unit with the root of one of the gloss's
    words, so a gloss sharing no root with the unit is skipped. Scores are not kept: the
    aligner scores each unit of a term once per bracketed gloss (see ``terms._Term``), and a
    dict of the scores cost more than it saved (one look-up in seven found a score).
    """

    def __init__(self, glosses: Sequence[GlossKey]) -> None:
        # The same words from two sources: only the more trusted one can score best.
        # Prepared keys (see ``GlossKey.prepare``), read field by field as they are scored.
        self._plain: list[GlossKey] = []
        plain = self._plain
        compounds: dict[tuple[tuple[str, ...], ...], float] = {}
        for g in glosses:
            if g.parts:
                compounds[g.parts] = max(g.weight, compounds.get(g.parts, 0.0))
            else:
                # A term has a handful of glosses: a scan of those kept costs less than a
                # dict keyed by a new tuple of the fields per gloss. First come keep their
                # place, as in a dict.
                for i in range(len(plain)):
                    kept = plain[i]
                    if (
                        kept.head == g.head
                        and kept.words == g.words
                        and kept.modifier_alone == g.modifier_alone
                        and kept.head_alone == g.head_alone
                    ):
                        if g.weight > kept.weight:
                            plain[i] = g
                        break
                else:
                    plain.append(g)
        # Sets, not frozensets: only looked in, and a frozenset would be a copy.
        every_root: set[str] = set()
        for g in plain:
            g.prepare()
            for r in g.match_roots:
                every_root.add(r)
        self._compounds: list[tuple[Compound, set[str], float]] = []
        if compounds:  # (most terms have none: no iterator made)
            for parts, weight in compounds.items():
                compound = Compound.of(parts)
                self._compounds.append((compound, set(compound.part_of), weight))
                every_root.update(compound.part_of)
        self.roots = every_root

    def score(self, key: tuple[str, ...], words: KeyWords | None = None) -> float:
        """Score a unit key; ``words`` is ``key_words(key)`` when the caller has it."""
        if words is None:
            words = key_words(key)
        if not _any_in(words.roots, self.roots):
            return 0.0  # no gloss can score (most units): cheaper to tell than to score
        return self._score(words)

    def _score(self, words: KeyWords) -> float:
        content, roots = words.content, words.roots
        n = len(content)
        best = 0.0
        for compound, part_roots, weight in self._compounds:
            if _any_in(words.free_roots, part_roots):
                score = compound.score(words.free_roots) * weight
                if score > best:
                    best = score
        for g in self._plain:
            if not _shares(roots, g.match_roots):
                continue
            gloss, gloss_roots = g.words, g.roots
            # Tuples of other lengths are not equal: no comparison made for them.
            if len(gloss) == n and gloss == content:
                score = 1.0
            elif len(gloss) == n and gloss_roots == roots:
                score = 0.8  # the same words up to derivation ("announcement" ~ "announce")
            else:
                shared = _count_shared(content, gloss)
                score = 0.85 * shared / max(len(gloss), n)
                if n == 1 and roots[0] == g.head_root and g.head_alone:
                    score = max(score, 0.7)
                elif n == 1 and g.modifier_alone and roots[0] == gloss_roots[0]:
                    # English often drops a compound's generic head: 야당 "opposition party"
                    # → "the opposition", 여행사 "travel agency" → "travel".
                    score = max(score, 0.65)
            score *= g.weight
            if score > best:
                best = score
        return best


# The set tests of the matchers as loops: compiled, a loop over a few words costs less than a
# call of ``frozenset.isdisjoint`` (a generic method call) or a set made by ``&``.


def _any_in(words: tuple[str, ...], within: set[str]) -> bool:
    """Tell whether any of ``words`` is in ``within`` (not ``within.isdisjoint(words)``)."""
    return any(w in within for w in words)


def _shares(words: tuple[str, ...], others: tuple[str, ...]) -> bool:
    """Tell whether the two tuples of words have a word in common."""
    for w in words:
        for o in others:
            if w == o:
                return True
    return False


def _count_shared(content: tuple[str, ...], gloss: tuple[str, ...]) -> int:
    """Count the distinct words of a unit's content that are words of the gloss.

    ``len(frozenset(content) & frozenset(gloss))`` without making the sets: both have a few
    words.
    """
    shared = 0
    for i in range(len(content)):
        w = content[i]
        if any(content[j] == w for j in range(i)):
            continue  # counted already: a word repeated in the unit
        if any(g == w for g in gloss):
            shared += 1
    return shared


def ascii_letter(code: int) -> bool:
    """Tell whether a character code is A-Z or a-z (setting bit 5 lowers a capital)."""
    return 97 <= code | 32 <= 122


def _letter_at(text: str, i: int) -> bool:
    """``text[i].isalpha()``, ASCII characters by code (no method call)."""
    c = ord(text[i])
    if c < 128:
        return ascii_letter(c)
    return text[i].isalpha()


def has_letter(text: str) -> bool:
    """``any(c.isalpha() for c in text)`` (see ``_letter_at``)."""
    # A loop, not any() over a generator: compiled, that is a generic call.
    i = 0
    while i < len(text):
        if _letter_at(text, i):
            return True
        i += 1
    return False


def count_letters(text: str) -> int:
    """``sum(c.isalpha() for c in text)`` (see ``_letter_at``)."""
    count = 0
    for i in range(len(text)):
        if _letter_at(text, i):
            count += 1
    return count


def starts_upper(text: str) -> bool:
    """``text[:1].isupper()``, by code for an ASCII first character (no slice, no method call)."""
    if not text:
        return False
    c = ord(text[0])
    if c < 128:
        return 65 <= c <= 90  # A-Z
    return text[0].isupper()


def round_to(x: float, digits: int) -> float:
    """Return ``round(x, digits)`` for 0 ≤ digits ≤ 4, bit for bit, mostly without its cost.

    ``round`` goes through a decimal string (snprintf, then strtod): a few thousand
    instructions, and the aligner rounds every confidence and sound similarity it makes.
    ``x * 10**digits`` is off from the exact product by far less than 1e-6 below 1e6, so
    when its fraction is not within 1e-6 of a half it rounds to the same integer k as the
    exact value, and ``k / 10**digits`` is then the double nearest k·10⁻ᵈ, which is what
    ``round`` returns. Anything else goes to ``round``: near a half, x may even be one
    exactly (0.09375 at 4 digits), which ``round`` breaks to even. (Deciding those values
    exactly in integers, through ``as_integer_ratio``, cost as much as ``round``.)
    """
    if x == 0.0:
        return x  # 0.0 or -0.0, as round keeps it
    # Chosen by tests, not read from a tuple of floats: compiled, such a tuple is made anew
    # (five boxed floats) at every call.
    if digits == 3:
        scale = 1000.0  # the aligner's confidences
    elif digits == 4:
        scale = 10000.0
    elif digits == 2:
        scale = 100.0
    elif digits == 1:
        scale = 10.0
    elif digits == 0:
        scale = 1.0
    else:
        return round(x, digits)
    y = x * scale
    if 0.0 < y < 1e6:
        k = float(int(y))
        fraction = y - k
        if abs(fraction - 0.5) > 1e-6:
            return (k + 1.0 if fraction > 0.5 else k) / scale
    return round(x, digits)
