"""Korean analysis with Kiwi: sentences, morphemes and content terms in dictionary form.

This is the only module that imports kiwipiepy. Kiwi loads lazily (``default_kiwi``) and every
function takes an optional analyzer so tests can pass a fake with the same ``tokenize`` and
``split_into_sents`` behaviour.
"""

from __future__ import annotations

import dataclasses
import functools
import itertools
import re
from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING, Any

from flashcards.errors import AnalyzerError
from flashcards.models import KoreanDoc, Morph, Paragraph, Pos, Sentence, TermOccurrence

if TYPE_CHECKING:
    from kiwipiepy import Kiwi

# Tags that make up a noun compound when written without spaces (인공+지능, 소프트뱅크+그룹,
# 오픈+AI). Numbers (SN) are left out: 2014년 is not vocabulary.
_NOUNISH = frozenset({"NNG", "NNP", "SL"})
_HANJA_RE = re.compile(r"^[\u3400-\u9fff\uf900-\ufaff]+$")


@functools.cache
def default_kiwi() -> Kiwi:
    """Load Kiwi once (about a second) and reuse it."""
    try:
        from kiwipiepy import Kiwi
    except ImportError as exc:  # pragma: no cover - depends on the installation
        raise AnalyzerError(
            "kiwipiepy is not installed: run `make setup` (or pip install -e .)"
        ) from exc
    return Kiwi()


def analyze(paragraphs: Sequence[Paragraph], kiwi: Any = None) -> KoreanDoc:
    """Split Korean paragraphs into sentences, morphemes and content terms.

    Offsets in the result index the article text (paragraph offsets are added).
    """
    kiwi = kiwi if kiwi is not None else default_kiwi()
    sentences: list[Sentence] = []
    morphs: list[Morph] = []
    terms: list[TermOccurrence] = []
    for p_index, para in enumerate(paragraphs):
        # Kiwi reads the same sentence differently inside curly quotes (“퇴직하고 → 퇴직 + the
        # particle 하고, "퇴직하고 → 퇴직하다): it gets straight ones, one character for one, so
        # every offset still indexes the article.
        kiwi_text = para.text.translate(_STRAIGHT_QUOTES)
        for sent in kiwi.split_into_sents(kiwi_text, return_tokens=True):
            for s_start, s_end, tokens in split_before_quotes(
                sent.start, sent.end, _token_tuples(sent.tokens, 0)
            ):
                s_index = len(sentences)
                sent_text = para.text[s_start:s_end]
                sentences.append(
                    Sentence(s_index, p_index, para.start + s_start, para.start + s_end, sent_text)
                )
                names = unknown_names(tokens, para.text)
                if names:
                    # Re-read the sentence with the misread names held together as proper nouns.
                    again = kiwi.tokenize(
                        kiwi_text[s_start:s_end],
                        pretokenized=[(a - s_start, b - s_start, "NNP") for a, b in names],
                    )
                    tokens = _token_tuples(again, s_start)
                sent_morphs = [
                    Morph(
                        form=form,
                        tag=tag,
                        lemma=_lemma_of(form, tag, lemma),
                        start=para.start + t_start,
                        end=para.start + t_start + t_len,
                        sentence=s_index,
                    )
                    for form, tag, lemma, t_start, t_len in tokens
                ]
                morphs.extend(sent_morphs)
                terms.extend(extract_terms(sent_morphs, para.text, para.start))
    return KoreanDoc(tuple(sentences), tuple(morphs), tuple(terms))


def split_before_quotes(
    start: int, end: int, tokens: Sequence[_Token]
) -> list[tuple[int, int, Sequence[_Token]]]:
    """Cut a sentence of Kiwi's where a finished sentence is followed by a quotation.

    Kiwi keeps "…마을에 왔다. "정말 컸다"고 …" as one sentence; news starts many sentences with
    a quotation. Returns (start, end, tokens) pieces; offsets as the tokens' own.
    """
    cuts = [
        i + 1
        for i in range(1, len(tokens) - 1)
        if tokens[i][1] == "SF"
        and tokens[i - 1][1] == "EF"
        and tokens[i + 1][1] == "SSO"
        and tokens[i + 1][3] > tokens[i][3] + tokens[i][4]  # a space before the quotation
    ]
    if not cuts:
        return [(start, end, tokens)]
    pieces: list[tuple[int, int, Sequence[_Token]]] = []
    first, piece_start = 0, start
    for cut in cuts:
        last = tokens[cut - 1]
        pieces.append((piece_start, last[3] + last[4], tokens[first:cut]))
        first, piece_start = cut, tokens[cut][3]
    pieces.append((piece_start, end, tokens[first:]))
    return pieces


_STRAIGHT_QUOTES = str.maketrans({"“": '"', "”": '"', "„": '"', "‘": "'", "’": "'", "‚": "'"})

# Morphemes Kiwi can invent inside an unknown name: a copula or ending with no stem of its own
# (야지시 → 이+야+지+시, 라미 → 이+라+미) or a one-syllable verb glued to a name (죤슨 → 죤+슬+ㄴ).
_FUNCTIONAL = ("VCP", "VCN", "EC", "EP", "EF", "ETM", "ETN", "VX", "XPN", "XSN")
_Token = tuple[str, str, str, int, int]  # form, tag, lemma, start, length


def _token_tuples(tokens: Iterable[Any], base: int) -> list[_Token]:
    """Copy Kiwi's tokens into plain tuples, their offsets shifted by ``base``."""
    return [
        (t.form, str(t.tag), getattr(t, "lemma", t.form), base + t.start, t.len) for t in tokens
    ]


def unknown_names(tokens: Sequence[_Token], text: str) -> list[tuple[int, int]]:
    """Find the spans of words Kiwi misread as grammar although they are foreign names.

    A word (a run of tokens between spaces) is suspect when it is made of endings and copulas
    alone but stops where no word can, or when a proper noun in it is followed by a verb stem,
    an adnominal ending and then a particle. The span
    returned is the Hangul before the word's particle or bracket: 라미(21)를 → 라미.
    """
    found: list[tuple[int, int]] = []
    for word in _words(tokens, text):
        tags = [t[1] for t in word]
        first = word[0][3]
        stop = next(
            (t[3] for t in word if t[1].startswith(("J", "S"))),  # a particle or a symbol
            word[-1][3] + word[-1][4],
        )
        if stop - first < 2 or not all("가" <= ch <= "힣" for ch in text[first:stop]):
            continue
        core = [t for t in word if t[3] < stop]
        core_tags = [t[1] for t in core]
        # Endings alone are a real copula (학생이다, "…"라고) unless the word cannot end where
        # it does: on a prefix or a pre-final ending (라미 → 이+라+미, 야지시 → 이+야+지+시).
        stemless = all(tag.startswith(_FUNCTIONAL) for tag in core_tags) and core_tags[-1] in (
            "XPN", "EP", "VX", "VCP"
        )  # fmt: skip
        glued = (
            len(core_tags) >= 3
            and core_tags[0] == "NNP"
            and core_tags[1].startswith(("VV", "VA"))
            and all(tag.startswith(("E", "VX")) for tag in core_tags[2:])
            and len(tags) > len(core_tags)
        )
        if stemless or glued:
            found.append((first, stop))
    return found


def _words(tokens: Sequence[_Token], text: str) -> list[list[_Token]]:
    """Group tokens into the space-separated words of ``text`` they come from."""
    words: list[list[_Token]] = []
    last_end = -1
    for tok in tokens:
        start = tok[3]
        # A token touching the previous one, or inside it (a contraction), is the same word.
        if words and start <= last_end:
            words[-1].append(tok)
        else:
            words.append([tok])
        last_end = max(last_end, start + tok[4])
    return words


def _lemma_of(form: str, tag: str, lemma: str) -> str:
    # Older kiwipiepy versions have no ``lemma``; verbs and adjectives then need their 다.
    if tag.startswith(("VV", "VA", "VX")) and not lemma.endswith("다"):
        return form + "다"
    return lemma


# Noun-deriving suffixes that make a word of their own (암호+화 encryption, 유연+성
# flexibility, 할당+제 quota system); plural 들, honorific 님 and the like do not.
_WORD_SUFFIXES_EXCLUDED = frozenset({"들", "님", "쯤", "짜리", "꼴", "씩", "께", "당", "여"})
# Bound nouns news glues to a noun to make a word of it: 미국측 "the US side".
_GLUED_BOUND_NOUNS = frozenset({"측"})
# Verb-forming suffixes after a noun: 도입+하다, 개최+되다, 고립+시키다, 납치+당하다, 주목+받다.
_VERB_SUFFIXES = frozenset({"하", "되", "시키", "당하", "받"})
_ADJ_SUFFIXES = frozenset({"하", "스럽", "롭"})


def extract_terms(morphs: Sequence[Morph], text: str, offset: int = 0) -> list[TermOccurrence]:
    """Find the content terms of one sentence's morphemes, in dictionary form.

    ``text`` is the string the offsets refer to once ``offset`` is subtracted (the paragraph),
    used to read surfaces and to see whether two morphemes touch (no space between them).
    """
    terms: list[TermOccurrence] = []
    i = 0
    n = len(morphs)
    while i < n:
        m = morphs[i]
        tag = m.tag
        if _starts_noun(morphs, i):
            j = i + 1
            while j < n:
                if morphs[j].tag in _NOUNISH and _touch(morphs[j - 1], morphs[j]):
                    j += 1
                elif _hyphenated_name(morphs, j):
                    j += 2  # 알-말리키: a hyphen inside a foreign name
                else:
                    break
            while (
                j < n
                and (
                    (morphs[j].tag == "XSN" and morphs[j].form not in _WORD_SUFFIXES_EXCLUDED)
                    or (morphs[j].tag == "NNB" and morphs[j].form in _GLUED_BOUND_NOUNS)
                )
                and _touch(morphs[j - 1], morphs[j])
            ):
                j += 1
            if _is_parenthetical(morphs, i, j):
                # 인공지능(AI): the Latin or hanja inside the brackets is a gloss of the term
                # before it, not a term of its own.
                i = j
                continue
            term, j = _noun_term(morphs, i, j, text, offset)
            if term is not None:
                terms.append(term)
            i = j
            continue
        nxt = morphs[i + 1] if i + 1 < n else None
        if (
            tag in ("XR", "MAG")
            and nxt is not None
            and nxt.tag.startswith("XSA")
            and _touch(m, nxt)
        ):
            # 깨끗+하다, 분명+하다: a root or adverb that makes an adjective with 하.
            terms.append(_derived(m, nxt, "adjective", text, offset))
            i += 2
            continue
        if (
            tag == "MAG"
            and nxt is not None
            and nxt.tag in ("XSV", "VV")
            and nxt.form == "하"
            and len(m.form) >= 2
            and _touch(m, nxt)
        ):
            # 머뭇+하다, 꿈틀+하다: an adverb (mostly a mimetic word) that makes a verb with 하.
            terms.append(_derived(m, nxt, "verb", text, offset))
            i += 2
            continue
        if tag.startswith(("VV", "VA")):
            pos: Pos = "verb" if tag.startswith("VV") else "adjective"
            passive = _passive(morphs, i, text, offset)
            if passive is not None:
                lemma, end = passive
                terms.append(_occurrence(lemma, "verb", m.start, end, m.sentence, text, offset))
                i += 3
                continue
            if len(m.lemma) >= 2:
                terms.append(_occurrence(m.lemma, pos, m.start, m.end, m.sentence, text, offset))
            i += 1
            continue
        if tag == "MAG" and len(m.form) >= 2:
            terms.append(_occurrence(m.form, "adverb", m.start, m.end, m.sentence, text, offset))
        i += 1
    return terms


def _hyphenated_name(morphs: Sequence[Morph], j: int) -> bool:
    """Tell whether morphs[j] is a hyphen joining two parts of a proper name."""
    if j + 1 >= len(morphs) or morphs[j].form not in ("-", "‐"):
        return False
    left, hyphen, right = morphs[j - 1], morphs[j], morphs[j + 1]
    return (
        "NNP" in (left.tag, right.tag)
        and right.tag in _NOUNISH
        and _touch(left, hyphen)
        and _touch(hyphen, right)
    )


def _touch(a: Morph, b: Morph) -> bool:
    """Tell whether two morphemes are written together (no space between them)."""
    return b.start <= a.end


def _starts_noun(morphs: Sequence[Morph], i: int) -> bool:
    m = morphs[i]
    if m.tag in _NOUNISH:
        return True
    nxt = morphs[i + 1] if i + 1 < len(morphs) else None
    if nxt is None or not _touch(m, nxt):
        return False
    # 불+기소, 유연+성: a prefix before a noun, or a root before a noun suffix.
    return (m.tag == "XPN" and nxt.tag == "NNG") or (m.tag == "XR" and nxt.tag == "XSN")


def _passive(morphs: Sequence[Morph], i: int, text: str, offset: int) -> tuple[str, int] | None:
    """Read 알리+어+지다 as the one verb a learner looks up: 알려지다."""
    if i + 2 >= len(morphs):
        return None
    verb, ending, aux = morphs[i], morphs[i + 1], morphs[i + 2]
    if not (
        verb.tag.startswith("VV")
        and ending.tag == "EC"
        and ending.form in ("어", "아", "여")
        and aux.tag.startswith("VX")
        and aux.form == "지"
        and _touch(verb, ending)
        and _touch(ending, aux)
    ):
        return None
    stem = text[verb.start - offset : aux.start - offset]
    if not stem or " " in stem:
        return None
    return stem + "지다", aux.end


def _is_parenthetical(morphs: Sequence[Morph], i: int, j: int) -> bool:
    return (
        i > 0
        and morphs[i - 1].tag == "SSO"
        and j < len(morphs)
        and morphs[j].tag == "SSC"
        and all(m.tag == "SL" for m in morphs[i:j])
    )


def _noun_term(
    morphs: Sequence[Morph], i: int, j: int, text: str, offset: int
) -> tuple[TermOccurrence | None, int]:
    """Make a term of the noun group morphs[i:j], with a following 하다/되다/적 derivation.

    Returns the term (None for a lone Latin letter) and the index after what it used.
    """
    group = morphs[i:j]
    first, last = group[0], group[-1]
    lemma = "".join(m.form for m in group)
    nouns = [m for m in group if m.tag in _NOUNISH]
    parts = tuple(m.form for m in nouns) if len(nouns) > 1 else ()
    if all(m.tag == "SL" for m in group):
        pos: Pos = "foreign"
    elif any(m.tag == "NNP" for m in group):
        pos = "proper"
    else:
        pos = "noun"
    end = last.end
    nxt = morphs[j] if j < len(morphs) else None
    used = j
    # Kiwi reads a 하 written apart from its noun as the suffix still (발표 했다, a slip of
    # spacing news copy has) when it is one: a space there does not part the verb.
    spaced_suffix = (
        nxt is not None and nxt.tag == "XSV" and text[last.end - offset : nxt.start - offset] == " "
    )
    if nxt is not None and (_touch(last, nxt) or spaced_suffix) and pos == "noun":
        if (nxt.tag == "XSV" and nxt.form in _VERB_SUFFIXES) or (
            nxt.tag.startswith("VV") and nxt.form in ("당하", "받")
        ):
            lemma, pos, end, used = lemma + nxt.form + "다", "verb", nxt.end, j + 1
        elif nxt.tag.startswith("XSA") and nxt.form in _ADJ_SUFFIXES:
            lemma, pos, end, used = lemma + nxt.form + "다", "adjective", nxt.end, j + 1
    if pos == "foreign" and len(lemma) < 2:
        return None, used
    hanja, latin = _bracket_gloss(morphs, used)
    occ = _occurrence(lemma, pos, first.start, end, first.sentence, text, offset)
    term = TermOccurrence(
        occ.lemma, occ.pos, occ.start, occ.end, occ.sentence, occ.surface, hanja, latin, parts
    )
    return term, used


def _bracket_gloss(morphs: Sequence[Morph], k: int) -> tuple[str, str]:
    """Read a gloss in brackets right after a term: 굴기(崛起) → hanja, 인공지능(AI) → latin."""
    if k + 2 >= len(morphs) or morphs[k].tag != "SSO" or morphs[k].start != morphs[k - 1].end:
        return "", ""
    inner: list[Morph] = []
    for m in morphs[k + 1 :]:
        if m.tag == "SSC":
            break
        inner.append(m)
    else:
        return "", ""
    if not inner:
        return "", ""
    joined = "".join(m.form for m in inner)
    if all(m.tag == "SH" for m in inner) or _HANJA_RE.match(joined):
        return joined, ""
    if all(m.tag in ("SL", "SN", "SW", "SP", "SO") for m in inner):
        return "", " ".join(m.form for m in inner) if any(" " in m.form for m in inner) else joined
    return "", ""


def _derived(root: Morph, suffix: Morph, pos: Pos, text: str, offset: int) -> TermOccurrence:
    lemma = root.form + suffix.form + "다"
    return _occurrence(lemma, pos, root.start, suffix.end, root.sentence, text, offset)


def _occurrence(
    lemma: str, pos: Pos, start: int, end: int, sentence: int, text: str, offset: int
) -> TermOccurrence:
    # A contracted ending (했 = 하+었) can make a morpheme's end fall inside a syllable the next
    # morpheme shares; the surface is simply the text between the offsets.
    end = max(end, start + 1)
    return TermOccurrence(lemma, pos, start, end, sentence, text[start - offset : end - offset])


def lemmas(occurrences: Iterable[TermOccurrence]) -> list[str]:
    """List distinct lemmas in order of first appearance."""
    return list(dict.fromkeys(o.lemma for o in occurrences))


def join_spaced(
    doc: KoreanDoc,
    text: str,
    should_join: Callable[[TermOccurrence, TermOccurrence], bool],
    *,
    keep_parts: bool,
    pos: Pos | None = None,
    initials: bool = False,
) -> KoreanDoc:
    """Join nouns written apart that make one unit: 존 매케인, 인재 유출, 클리퍼 칩.

    ``should_join(left, right)`` decides for two nouns separated by one space (``left`` may
    already be a joined run). With ``keep_parts`` the parts stay terms of their own (a learner
    wants 인재 as well as 인재 유출); otherwise the joined term replaces them (a person's name).
    ``pos`` sets the joined term's part of speech (default: proper if a part is).
    ``initials``: a Latin initial may stand between the two (조지 W 부시).
    """
    out: list[TermOccurrence] = []
    terms = doc.terms
    i = 0
    while i < len(terms):
        acc = terms[i]
        run = [acc]
        j = i + 1
        while j < len(terms) and _spaced_pair(run[-1], terms[j], text, initials):
            joined = _joined(acc, terms[j], text, pos)
            if not should_join(acc, terms[j]):
                break
            acc = joined
            run.append(terms[j])
            j += 1
        if len(run) == 1:
            out.append(acc)
            i += 1
            continue
        if keep_parts:
            out.extend(run)
        out.append(acc)
        i = j
    return KoreanDoc(doc.sentences, doc.morphs, tuple(out))


_INITIAL_RE = re.compile(r" [A-Z]\.? ")


# A capitalised word of a bracketed name, which Kiwi hands over without its spaces.
_NAME_WORD_RE = re.compile(r"[A-Z][a-z]")


def join_named(doc: KoreanDoc, text: str) -> KoreanDoc:
    """Join the nouns written apart that a bracketed name right after them translates whole.

    In 부산 항만 관리청(Busan Port Authority, BPA) the brackets name the run, not its last
    noun, which Kiwi gives them to. A run is at most as many nouns as the name has capitalised
    words (a name of one word, or an abbreviation, joins nothing); its parts stay terms, the
    last one without the name.
    """
    terms = doc.terms
    # The term ending at each offset, the shortest where several do (a part, not its run).
    by_end: dict[int, TermOccurrence] = {}
    for t in terms:
        if t.end not in by_end or t.start > by_end[t.end].start:
            by_end[t.end] = t
    out: list[TermOccurrence] = []
    for t in terms:
        words = len(_NAME_WORD_RE.findall(t.latin.split(",")[0])) if t.latin else 0
        run = [t]
        while len(run) < words and t.pos in ("noun", "proper"):
            before = by_end.get(run[0].start - 1)
            if before is None or not _spaced_pair(before, run[0], text):
                break
            run.insert(0, before)
        if len(run) == 1:
            out.append(t)
            continue
        out.append(dataclasses.replace(t, latin=""))
        joined = run[0]
        for part in run[1:]:
            joined = _joined(joined, part, text, "proper")
        out.append(joined)
    # Each run after its parts, as ``join_spaced`` places them.
    return KoreanDoc(doc.sentences, doc.morphs, tuple(out)) if len(out) != len(terms) else doc


def _spaced_pair(a: TermOccurrence, b: TermOccurrence, text: str, initials: bool = False) -> bool:
    gap = text[a.end : b.start]
    return (
        a.sentence == b.sentence
        and a.pos in ("noun", "proper")
        and b.pos in ("noun", "proper")
        and (gap == " " or (initials and _INITIAL_RE.fullmatch(gap) is not None))
        and not a.latin
        and not a.hanja
    )


def _joined(a: TermOccurrence, b: TermOccurrence, text: str, pos: Pos | None) -> TermOccurrence:
    if pos is None:
        pos = "proper" if "proper" in (a.pos, b.pos) else "noun"
    parts = (a.parts or (a.lemma,)) + (b.parts or (b.lemma,))
    middle = text[a.end : b.start].strip()
    lemma = f"{a.lemma} {middle} {b.lemma}" if middle else f"{a.lemma} {b.lemma}"
    return TermOccurrence(
        lemma, pos, a.start, b.end, a.sentence, text[a.start : b.end], b.hanja, b.latin, parts
    )


# Connective endings that link a verb to the next in a compound verb written apart:
# 풀려 나다 (풀리+어 나다), 내다 버리다 (내+다 버리다).
_LINKING_ENDINGS = frozenset({"어", "아", "여", "다"})


def join_verbs(doc: KoreanDoc, text: str, known: Callable[[str], bool]) -> KoreanDoc:
    """Join verb + linking ending + verb into the compound verb a dictionary lists.

    Kiwi reads 풀려났다 whole but 풀려 났다 (spaced, as news often writes it) as two verbs; the
    learner wants 풀려나다 "be released". Only compounds ``known`` accepts are joined; the
    first verb stays a term of its own, the second (나다, 버리다) does not.
    """
    morphs = doc.morphs
    by_start = {t.start: t for t in doc.terms if t.pos == "verb"}
    replaced: dict[int, TermOccurrence] = {}
    dropped: set[int] = set()
    for i in range(len(morphs) - 2):
        first, link, second = morphs[i], morphs[i + 1], morphs[i + 2]
        if not (
            first.tag.startswith("VV")
            and link.tag == "EC"
            and link.form in _LINKING_ENDINGS
            and second.tag.startswith(("VV", "VX"))
            and first.sentence == second.sentence
            and first.start in by_start
        ):
            continue
        head = text[first.start : second.start]
        if not head.strip() or len(head) - len(head.rstrip()) > 1:
            continue
        lemma = head.replace(" ", "") + second.lemma
        if not lemma.endswith("다") or not known(lemma):
            continue
        replaced[first.start] = TermOccurrence(
            lemma, "verb", first.start, second.end, first.sentence, text[first.start : second.end]
        )
        dropped.add(second.start)
    if not replaced:
        return doc
    terms = []
    for t in doc.terms:
        if t.pos == "verb" and t.start in dropped:
            continue
        terms.append(t)
        if t.pos == "verb" and t.start in replaced:
            # The first verb stays a term too: 받아주다 is also 받다 "accept".
            terms.append(replaced[t.start])
    return KoreanDoc(doc.sentences, doc.morphs, tuple(terms))


def join_adverbs(doc: KoreanDoc, text: str, known: Callable[[str], bool]) -> KoreanDoc:
    """Join two adverbs written as one word into the adverb a dictionary lists.

    Kiwi reads 또다시 "once again" as 또 + 다시; only joined forms ``known`` accepts are
    joined (a spacing slip such as 아주잘 is no word), and they replace their parts.
    """
    morphs = doc.morphs
    joined: dict[int, TermOccurrence] = {}  # by start
    inside: set[int] = set()  # starts of the terms a joined adverb replaces
    for first, second in itertools.pairwise(morphs):
        if not (first.tag == second.tag == "MAG" and _touch(first, second)):
            continue
        lemma = text[first.start : second.end]
        # A morph joined already (the 다시 of 또다시 before 다시금) is not joined again.
        if first.start in inside or first.sentence != second.sentence or not known(lemma):
            continue
        joined[first.start] = TermOccurrence(
            lemma, "adverb", first.start, second.end, first.sentence, lemma
        )
        inside.update((first.start, second.start))
    if not joined:
        return doc
    kept = [t for t in doc.terms if not (t.pos == "adverb" and t.start in inside)]
    return _with_terms(doc, [*kept, *joined.values()])


def join_determiners(doc: KoreanDoc, text: str, known: Callable[[str], bool]) -> KoreanDoc:
    """Join a determiner and the one-syllable noun after it into the noun a dictionary lists.

    Kiwi reads 양 측 "both sides" as the determiner 양 and the bound noun 측, neither of them a
    term; written apart or together, the learner looks the word up as 양측. Only joined forms
    ``known`` accepts are added (한 번 stays a number and a counter).
    """
    morphs = doc.morphs
    joined: list[TermOccurrence] = []
    for first, second in itertools.pairwise(morphs):
        if not (
            first.tag == "MM"
            and second.tag in ("NNB", "NNG")
            and len(second.form) == 1
            and first.sentence == second.sentence
            and text[first.end : second.start] in ("", " ")
        ):
            continue
        lemma = first.form + second.form
        if known(lemma):
            surface = text[first.start : second.end]
            joined.append(
                TermOccurrence(lemma, "noun", first.start, second.end, first.sentence, surface)
            )
    if not joined:
        return doc
    held = {(t.start, t.end) for t in doc.terms}
    return _with_terms(doc, [*doc.terms, *(t for t in joined if (t.start, t.end) not in held)])


def _with_terms(doc: KoreanDoc, terms: list[TermOccurrence]) -> KoreanDoc:
    """Return ``doc`` with these terms instead, in the order of the text."""
    terms.sort(key=lambda t: t.start)
    return KoreanDoc(doc.sentences, doc.morphs, tuple(terms))


def unify_names(doc: KoreanDoc, known: Callable[[str], bool]) -> KoreanDoc:
    """Read a word Kiwi tags as a proper noun somewhere in the article as one everywhere.

    Kiwi tags an unknown name by its context (딥시크 is NNP in one sentence, NNG inside
    quotes in the next); the learner has one word, with one counterpart. Words ``known`` to a
    dictionary keep their tags: 재사용 "reuse" read as a name once is still a common noun.
    """
    tagged = {t.lemma for t in doc.terms if t.pos == "proper"}
    proper = {lemma for lemma in tagged if not known(lemma)}
    # Only a name tagged both ways can have been joined twice (as a name by sound, and as a
    # compound noun over the same span): those duplicates are dropped below.
    if not any(t.pos == "noun" and t.lemma in proper for t in doc.terms):
        return doc
    terms: list[TermOccurrence] = []
    seen: set[tuple[str, int, int]] = set()
    for t in doc.terms:
        if t.pos == "noun" and t.lemma in proper:
            t = dataclasses.replace(t, pos="proper")
        # A name joined by sound and the same words joined as a compound are one occurrence.
        if t.pos == "proper":
            if (t.lemma, t.start, t.end) in seen:
                continue
            seen.add((t.lemma, t.start, t.end))
        terms.append(t)
    return KoreanDoc(doc.sentences, doc.morphs, tuple(terms))
