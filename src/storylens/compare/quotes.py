"""Quote matching: is one quote the same words, an excerpt of another, or a drifted version?

Quotes are compared as sequences of words: case, punctuation, quote marks and ellipses do not
count, so "It's a mess for him ... He called" and "It’s a mess for him," line up. A shorter
quote whose words appear in order inside a longer one (in pieces only where the shorter one
marks a cut with an ellipsis) is an excerpt: compatible. Two quotes that share most of their
words but add, drop or change some are one quote that drifted between outlets.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterator, Sequence
from difflib import SequenceMatcher
from enum import Enum
from functools import lru_cache

from storylens.analyze.quotes import with_quoted_parts
from storylens.compare.align import Item, Slot, StoryText, link_pairwise, slots_of
from storylens.model import Quote, StoryArticle
from storylens.names import fold, spelling_key, surname_key

__all__ = [
    "QuoteRelation",
    "align_quotes",
    "quote_items",
    "quote_relation",
    "quote_words",
    "speakers_compatible",
    "word_diff",
]

_WORD = re.compile(r"[a-z0-9]+(?:'[a-z]+)*")
_ELLIPSIS = re.compile(r"\.\s*\.\s*\.|…")
_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "`": "'", "ʼ": "'"})


class QuoteRelation(Enum):
    """How two quotes relate."""

    SAME = "same"  # the same words
    EXCERPT = "excerpt"  # one quotes part of the other: compatible
    DRIFT = "drift"  # the same quote with words added, dropped or changed
    UNRELATED = "unrelated"


def quote_words(text: str) -> list[str]:
    """The words of a quote, folded to lower case with straight apostrophes."""
    return list(_words(text))


@lru_cache(maxsize=8192)
def _words(text: str) -> tuple[str, ...]:
    return tuple(_WORD.findall(fold(text.translate(_APOSTROPHES))))


def _pieces(text: str) -> list[list[str]]:
    """The words of each stretch of a quote between ellipses (a cut the writer marked)."""
    return [words for part in _ELLIPSIS.split(text) if (words := quote_words(part))]


def _contains_in_order(longer: list[str], pieces: list[list[str]]) -> bool:
    """Whether every piece occurs contiguously in ``longer``, in this order, not overlapping."""
    position = 0
    for piece in pieces:
        found = _find(longer, piece, position)
        if found < 0:
            return False
        position = found + len(piece)
    return True


def _find(words: list[str], piece: list[str], start: int) -> int:
    size = len(piece)
    for index in range(start, len(words) - size + 1):
        if words[index : index + size] == piece:
            return index
    return -1


def quote_relation(first: str, second: str, *, min_shared: float = 0.75) -> QuoteRelation:
    """How quote ``first`` relates to quote ``second``.

    ``min_shared`` is the share of the shorter quote's words that must line up with the longer
    one (in order) for two differing quotes to count as one quote that drifted.
    """
    words_a, words_b = quote_words(first), quote_words(second)
    if not words_a or not words_b:
        return QuoteRelation.UNRELATED
    if words_a == words_b:
        return QuoteRelation.SAME
    (short_text, short), long_words = (
        ((first, words_a), words_b)
        if len(words_a) <= len(words_b)
        else ((second, words_b), words_a)
    )
    if _contains_in_order(long_words, _pieces(short_text)):
        return QuoteRelation.EXCERPT
    matcher = SequenceMatcher(None, short, long_words, autojunk=False)
    shared = sum(block.size for block in matcher.get_matching_blocks())
    # A few shared words prove nothing: "we are going to" is in many quotes.
    if len(short) >= 4 and shared / len(short) >= min_shared:
        return QuoteRelation.DRIFT
    return QuoteRelation.UNRELATED


def speakers_compatible(first: str | None, second: str | None) -> bool:
    """Whether two speaker names can be one person: equal, one the other's surname, or unknown.

    Spelling variants count as equal ("Zelensky" and "Zelenskyy").
    """
    if first is None or second is None:
        return True
    key_a, key_b = _name_words(first), _name_words(second)
    if key_a == key_b:
        return True
    return bool(key_a and key_b) and _surname(first) == _surname(second)


@lru_cache(maxsize=4096)
def _name_words(name: str) -> str:
    return " ".join(spelling_key(word) for word in name.split())


@lru_cache(maxsize=4096)
def _surname(name: str) -> str:
    return surname_key(name)


def word_diff(base: str, other: str) -> str:
    """``other`` against ``base`` word by word: "[-dropped-]" and "{+added+}" marked inline.

    Words compare as :func:`quote_words` does (case and punctuation ignored) and are shown as
    ``other`` writes them, dropped words as ``base`` writes them.
    """
    base_shown, other_shown = _shown_words(base), _shown_words(other)
    matcher = SequenceMatcher(
        None, [w for w, _ in base_shown], [w for w, _ in other_shown], autojunk=False
    )
    parts: list[str] = []
    for tag, a_start, a_end, b_start, b_end in matcher.get_opcodes():
        dropped = " ".join(shown for _, shown in base_shown[a_start:a_end])
        added = " ".join(shown for _, shown in other_shown[b_start:b_end])
        if tag == "equal":
            parts.append(added)
            continue
        if dropped:
            parts.append(f"[-{dropped}-]")
        if added:
            parts.append(f"{{+{added}+}}")
    return " ".join(parts)


def _shown_words(text: str) -> list[tuple[str, str]]:
    """(comparison key, word as written) for each word of ``text``."""
    shown: list[tuple[str, str]] = []
    for token in text.split():
        keys = quote_words(token)
        if keys:
            shown.append((" ".join(keys), token))
    return shown


# -- alignment -----------------------------------------------------------------------------------

# Quotes shorter than this many words align only when word for word the same: a two-word
# fragment ("a mess") is found inside too many longer quotes to prove anything.
MIN_EXCERPT_WORDS = 3


def quote_items(members: Sequence[StoryArticle], text: StoryText) -> list[Item[Quote]]:
    """One item per quote of every member, and one per stretch of words in quote marks
    inside a reported statement (:func:`~storylens.analyze.quotes.quoted_parts`): those
    are the words outlets copy, and what drifts between them."""
    items: list[Item[Quote]] = []
    for member in members:
        article = member.article.external_id
        for quote in with_quoted_parts(member.analysis.quotes):
            sentence = text.index(article, quote.sentence)
            items.append(Item(article, sentence, quote.start, quote.end, quote.text, quote))
    return items


def align_quotes(items: Sequence[Item[Quote]], *, min_shared: float) -> list[Slot[Quote]]:
    """Slots of quotes that are one statement: the same words, an excerpt, or a drift
    (the latter recorded on the slot when both quotes are direct)."""
    words = [quote_words(item.text) for item in items]

    def score(first: Item[Quote], second: Item[Quote]) -> tuple[str, float] | None:
        a, b = first.payload, second.payload
        if not speakers_compatible(a.speaker_canonical, b.speaker_canonical):
            return None
        relation = quote_relation(a.text, b.text, min_shared=min_shared)
        shortest = min(len(_words(a.text)), len(_words(b.text)))
        if relation is QuoteRelation.UNRELATED or (
            relation is not QuoteRelation.SAME and shortest < MIN_EXCERPT_WORDS
        ):
            return None
        both_direct = a.kind == b.kind == "direct"
        kind = "drift" if relation is QuoteRelation.DRIFT and both_direct else "agree"
        return kind, float(shortest)

    shingles = [_shingles(w) for w in words]
    indexes: dict[str, dict[tuple[str, ...], set[int]]] = defaultdict(lambda: defaultdict(set))
    for j, item in enumerate(items):
        for shingle in shingles[j]:
            indexes[item.article][shingle].add(j)

    def candidates(left: list[int], right: list[int]) -> Iterator[tuple[int, int]]:
        index = indexes[items[right[0]].article]
        for i in left:
            found: set[int] = set()
            for shingle in shingles[i]:
                found |= index.get(shingle, set())
            yield from ((i, j) for j in sorted(found))

    return slots_of(items, link_pairwise(items, score, candidates, one_to_one=False))


def _shingles(words: list[str]) -> set[tuple[str, ...]]:
    """Word pairs of a quote (the word itself for a one-word quote): quotes that share none
    cannot be one quote."""
    if len(words) < 2:
        return {tuple(words)}
    return {tuple(words[k : k + 2]) for k in range(len(words) - 1)}
