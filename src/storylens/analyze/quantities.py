"""Quantities: the numbers an article states, each with what it counts, normalised.

Outlets write the same number in many ways ("€640m", "640 million euros", "€640 million"), so
comparing articles needs one normal form per number. :func:`find_quantities` reads a parsed text
and returns :class:`~storylens.model.Fact` records with these conventions:

- ``kind`` is ``money``, ``percent``, ``count``, ``duration`` or ``year``. Measures (kilometres,
  hectares, tonnes) are counts whose ``unit`` names the measure, as in the team's gold file.
- ``value`` is a number: ``int`` when whole, else ``float``. ``unit`` is

  - money: the ISO 4217 code; cents and pence are converted to the main unit ("40 cents" ->
    0.4 in the currency the article last named, None when it names none);
  - percent: ``"percent"`` (or ``"percentage point"``); fractions of a whole ("a quarter of")
    are percentages too;
  - duration: ``"minutes"`` for anything shorter than a day, ``"days"`` for days and weeks,
    ``"months"``, ``"years"`` for years, decades and centuries ("almost an hour" -> 60 minutes);
  - count: the singular lemma of the counted noun ("350 air defense missiles" -> "missile",
    "two people" -> "person"), or the canonical measure ("220-kilometre" -> "kilometre"); None
    for a bare number whose noun is not in reach;
  - year: None.
- ``of`` says what the number is of: the counted noun phrase as written ("air defense missiles"),
  what a percentage is a share of ("GDP" in "5% of GDP", "previous target" in "the previous
  target of 2%"), the noun a money amount, duration or year qualifies ("contract", "strike",
  "flood"), or the rate of a money amount ("per hour").
- ``approx`` and ``bound`` come from the words before the number: "about", "around", "some"
  make it approximate; "almost", "nearly" approximate and ``at_most``; "up to", "under",
  "fewer than" ``at_most``; "more than", "over", "at least" ``at_least``.
- ``text`` is the expression as written, modifiers included ("almost an hour", "About 350
  cleaners"); ``start``/``end`` its character span in ``doc.text``.

Dates are left to :mod:`storylens.analyze.timex`: day numbers next to a month name and clock
times are skipped here, and a bare year becomes kind ``year``. Ordinals are skipped.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

from storylens.analyze.doc_text import doc_text
from storylens.analyze.number_words import (
    DIGITS,
    MONEY_SCALES,
    NUMBER_WORDS,
    ONES,
    SCALES,
    parse_pieces,
    plain,
)
from storylens.analyze.units import Unit, currencies, unit_key, unit_of
from storylens.model import Fact

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

# -- scanning -----------------------------------------------------------------------------------

#: Words before a number that make it approximate or a bound, longest first.
_MODIFIERS: dict[tuple[str, ...], tuple[bool, str | None]] = {
    ("just", "over"): (True, "at_least"),
    ("just", "under"): (True, "at_most"),
    ("just", "below"): (True, "at_most"),
    ("more", "than"): (False, "at_least"),
    ("at", "least"): (False, "at_least"),
    ("no", "fewer", "than"): (False, "at_least"),
    ("no", "less", "than"): (False, "at_least"),
    ("upwards", "of"): (False, "at_least"),
    ("in", "excess", "of"): (False, "at_least"),
    ("fewer", "than"): (False, "at_most"),
    ("less", "than"): (False, "at_most"),
    ("up", "to"): (False, "at_most"),
    ("at", "most"): (False, "at_most"),
    ("no", "more", "than"): (False, "at_most"),
    ("not", "more", "than"): (False, "at_most"),
    ("as", "many", "as"): (False, "at_most"),
    ("as", "much", "as"): (False, "at_most"),
    ("close", "to"): (True, "at_most"),
    ("an", "estimated"): (True, None),
    ("more", "or", "less"): (True, None),
    ("almost",): (True, "at_most"),
    ("nearly",): (True, "at_most"),
    ("about",): (True, None),
    ("around",): (True, None),
    ("approximately",): (True, None),
    ("roughly",): (True, None),
    ("some",): (True, None),
    ("circa",): (True, None),
    ("estimated",): (True, None),
    ("over",): (False, "at_least"),
    ("above",): (False, "at_least"),
    ("under",): (False, "at_most"),
    ("below",): (False, "at_most"),
}
_ONLY = frozenset({"just", "only", "fully", "all"})  # kept in the text, changing nothing
_PERCENT_WORDS = frozenset({"%", "percent", "pct", "per cent"})
_SUBUNITS = {"cent": Decimal("0.01"), "cents": Decimal("0.01"), "pence": Decimal("0.01"),
             "penny": Decimal("0.01"), "p": Decimal("0.01")}  # fmt: skip
_PENCE = frozenset({"pence", "penny", "p"})
_MONTHS = frozenset(
    "january february march april may june july august september october november december "
    "jan feb mar apr jun jul aug sep sept oct nov dec".split()
)
_CLOCK = frozenset(
    {"am", "pm", "a.m", "p.m", "a.m.", "p.m.", "o'clock", "gmt", "bst", "cet", "utc", "est", "et"}
)
_NAME_LABELS = frozenset(
    {"PERSON", "ORG", "GPE", "LOC", "NORP", "FAC", "EVENT", "PRODUCT", "WORK_OF_ART", "LAW"}
)
_NOUN_TAGS = frozenset({"NN", "NNS"})
_COUNTED_TAGS = frozenset({"NN", "NNS", "NNPS"})
_NP_TAGS = frozenset({"JJ", "JJR", "JJS", "NN", "NNS", "NNP", "NNPS", "VBN", "VBG", "HYPH"})
_RATE_WORDS = frozenset({"a", "an", "per", "each", "every"})
_YEAR = re.compile(r"1[2-9]\d\d|20\d\d|2100")
_TIME_REFERENCE = frozenset({"ago", "earlier", "later"})
_FRACTIONS = {
    "half": Decimal(50), "halves": Decimal(50), "third": Decimal(100) / 3,
    "thirds": Decimal(100) / 3, "quarter": Decimal(25), "quarters": Decimal(25),
    "fifth": Decimal(20), "fifths": Decimal(20), "tenth": Decimal(10), "tenths": Decimal(10),
}  # fmt: skip


@dataclass(slots=True)
class _Number:
    """A number as written: tokens ``start``..``end`` (exclusive) and its value."""

    start: int
    end: int
    value: Decimal
    digits: bool  # written in digits (a year is; "two thousand" is not)
    suffix: str = ""  # letters glued to the digits: "bn" in "3.2bn", "p" in "10p"


@dataclass(slots=True)
class _Found:
    """What the context makes of a number, before it becomes a Fact."""

    kind: str
    value: Decimal
    start: int  # token span of the whole expression
    end: int
    unit: str | None = None
    of: str | None = None
    approx: bool = False
    bound: str | None = None


def find_quantities(doc: Doc) -> list[Fact]:
    """Every number of the text with what it counts, normalised (see the module docstring)."""
    found = sorted([*_read_numbers(doc), *_read_fractions(doc)], key=lambda f: (f.start, -f.end))
    sentence_starts = _sentence_starts(doc)
    facts: list[Fact] = []
    taken_until = -1
    for item in found:
        if item.start >= taken_until:
            facts.append(_fact(doc, item, sentence_starts))
            taken_until = item.end
    return facts


def _read_numbers(doc: Doc) -> list[_Found]:
    """Each number read in its context, in order, so "40 cents" knows the last currency."""
    found: list[_Found] = []
    currency: str | None = None  # the last currency named, for "40 cents"
    taken_until = -1
    for number in _numbers(doc):
        if number.start < taken_until:
            continue
        try:
            item = _read(doc, number, currency)
        except (ValueError, ArithmeticError, IndexError):  # one odd number must not cost the rest
            item = None
        if item is None:
            continue
        if item.kind == "money" and item.unit:
            currency = item.unit
        taken_until = item.end
        found.append(item)
    _fill_units(doc, found)
    _fill_currencies(found)
    return found


def _fill_units(doc: Doc, found: list[_Found]) -> None:
    """Give a bare number the unit its neighbours make plain: "from 9,000 to 16,500 seats",
    "down from 2.3 million", "900 of them", "voted seven to two", "numbers fell to 1.6 million".
    """
    for index, item in enumerate(found):
        if item.kind != "count" or item.unit is not None:
            continue
        source = _range_partner(doc, found, index) or _earlier_count(doc, found, index)
        if source is not None:
            item.kind, item.unit, item.of = source.kind, source.unit, source.of
        elif (noun := _numbers_of(doc, item)) is not None:
            item.unit, item.of = unit_key(noun), noun
        elif _is_tally(doc, item):
            item.unit = "vote"
    found[:] = [item for item in found if not _is_bare_word(doc, item)]


def _is_bare_word(doc: Doc, item: _Found) -> bool:
    """A spelled number with nothing to count ("Three, harden our defences") says nothing."""
    return item.kind == "count" and item.unit is None and not doc[item.start].text[:1].isdigit()


def _fill_currencies(found: list[_Found]) -> None:
    """ "40 cents" before any currency is named takes the next one the text names."""
    following: str | None = None
    for item in reversed(found):
        if item.kind != "money":
            continue
        if item.unit is None:
            item.unit = following
        else:
            following = item.unit


def _range_partner(doc: Doc, found: list[_Found], index: int) -> _Found | None:
    """ "9,000 to 16,500 seats", "5 to 10 percent": the second number's unit fits the first."""
    item = found[index]
    if index + 1 >= len(found) or item.end >= len(doc):
        return None
    partner = found[index + 1]
    joined = doc[item.end].lower_ in ("to", "-", "–", "and", "or") and partner.start == item.end + 1
    if joined and partner.kind in ("count", "percent") and partner.unit is not None:
        return partner
    return None


def _earlier_count(doc: Doc, found: list[_Found], index: int) -> _Found | None:
    """ "down from 2.3 million", "900 of them": the unit of the count just before."""
    item = found[index]
    words = [t.lower_ for t in doc[max(0, item.start - 2) : item.start]]
    pronoun = (
        _after(doc, item.end, ("of",))
        and item.end + 1 < len(doc)
        and (doc[item.end + 1].lower_ in ("them", "those", "these"))
    )
    if not pronoun and words[-1:] != ["from"] and words[-2:] not in (["compared", "with"],):
        return None
    sentence = doc[item.start].sent
    for earlier in reversed(found[:index]):
        if earlier.kind == "count" and earlier.unit is not None:
            near = doc[earlier.start].sent.start >= sentence.start or (
                pronoun and (item.start - earlier.end <= 40)
            )
            return earlier if near else None
    return None


def _numbers_of(doc: Doc, item: _Found) -> str | None:
    """ "Passenger numbers fell 9 percent to 1.6 million": what the numbers are of."""
    token = doc[item.end - 1]
    verb = token.head.head if token.head.lower_ in ("to", "from") else None
    if verb is None or verb.pos_ != "VERB":
        return None
    for subject in (c for c in verb.children if c.dep_ == "nsubj"):
        if subject.lemma_.lower() == "number":
            modifiers = [c for c in subject.lefts if c.dep_ == "compound" and c.tag_ == "NN"]
            if modifiers:
                return modifiers[-1].text.lower()
    return None


def _is_tally(doc: Doc, item: _Found) -> bool:
    """ "voted seven to two", "The vote, seven to two": a tally of votes."""
    if item.end - item.start != 1:
        return False
    sentence = doc[item.start].sent
    beside = doc[item.end].lower_ if item.end < len(doc) else ""
    before = doc[item.start - 1].lower_ if item.start > 0 else ""
    if beside != "to" and before != "to":
        return False
    return any(t.lemma_.lower() == "vote" for t in sentence)


def _sentence_starts(doc: Doc) -> list[int]:
    return [sent.start for sent in doc.sents if sent.text.strip()]


def _fact(doc: Doc, found: _Found, sentence_starts: list[int]) -> Fact:
    span = doc[found.start : found.end]
    value = found.value
    if found.kind == "percent" and value != value.to_integral_value():
        value = value.quantize(Decimal("0.01")).normalize()
    return Fact(
        kind=found.kind,
        text=span.text,
        start=span.start_char,
        end=span.end_char,
        value=plain(value),
        unit=found.unit,
        approx=found.approx,
        bound=found.bound,
        of=found.of or None,
        sentence=max(0, bisect_right(sentence_starts, found.start) - 1),
    )


def _numbers(doc: Doc) -> Iterable[_Number]:
    """The numbers of a text in order, each as long as English allows it to be."""
    index = 0
    lowers = [t.lower_ for t in doc]
    while index < len(doc):
        word = lowers[index]
        if not (word[:1].isdigit() or word[:1] == "." or word in NUMBER_WORDS or word in _OPENERS):
            index += 1  # a cheap filter: most tokens cannot start a number
            continue
        number = _number_at(doc, index)
        if number is None:
            index += 1
            continue
        yield number
        index = number.end


_OPENERS = frozenset({"a", "an", "half"})
_FRACTION_WORD = re.compile(r"(?i)\b(?:halve?s?|thirds?|quarters?|fifths?|tenths?)\b")
_GLUED = re.compile(r"(\d[\d,]*(?:\.\d+)?)([a-z%]+)")


def _number_at(doc: Doc, index: int) -> _Number | None:  # noqa: PLR0911 - one form a branch
    """The longest number starting at token ``index``, if one does."""
    token = doc[index]
    lower = token.lower_
    if DIGITS.fullmatch(lower):
        pass
    elif match := _GLUED.fullmatch(lower):
        value = parse_pieces([match.group(1)])
        if value is None:
            return None
        suffix = match.group(2)
        if suffix in SCALES:
            return _Number(index, index + 1, value * SCALES[suffix], True)
        return _Number(index, index + 1, value, True, suffix)
    elif (half := _half_a(doc, index)) is not None:
        return half
    elif _article_unit(doc, index):
        if lower == "half":
            return _Number(index, index + 2, Decimal("0.5"), False)
        return _Number(index, index + 1, Decimal(1), False)
    elif lower not in NUMBER_WORDS - {"hundred", "dozen", *SCALES} and not _article_number(
        doc, index
    ):
        return None
    end = _number_end(doc, index)
    while end > index:
        pieces = [t.lower_ for t in doc[index:end] if t.lower_ != "-"]
        value = parse_pieces(pieces)
        if value is not None:
            return _Number(index, end, value, DIGITS.fullmatch(lower) is not None)
        end -= 1
    return None


def _article_number(doc: Doc, index: int) -> bool:
    """ "a hundred", "a dozen", "a million" start with a number."""
    nxt = doc[index + 1].lower_ if index + 1 < len(doc) else ""
    return doc[index].lower_ in ("a", "an") and nxt in ("hundred", "dozen", *SCALES)


def _half_a(doc: Doc, index: int) -> _Number | None:
    """ "half a million": half of the scale word two tokens on."""
    words = [t.lower_ for t in doc[index : index + 3]]
    if len(words) == 3 and words[0] == "half" and words[1] == "a" and words[2] in SCALES:
        return _Number(index, index + 3, Decimal("0.5") * SCALES[words[2]], False)
    return None


def _article_unit(doc: Doc, index: int) -> bool:
    """ "almost an hour", "for a decade", "half an hour": "a" stands for one of a unit.

    Only after a modifier or "for": on its own "a year" is too often a rate ("cars a year") or
    part of a date ("a year earlier").
    """
    half = doc[index].lower_ == "half"
    article = index + 1 if half else index
    if article + 1 >= len(doc) or doc[article].lower_ not in ("a", "an"):
        return False
    unit_token = doc[article + 1]
    if unit_of(unit_token.lower_) is None or unit_token.tag_ != "NN":
        return False
    if half:
        return True
    if _modifiers(doc, index)[2] < index:
        return True
    return index > 0 and doc[index - 1].lower_ in ("for", "within", "lasted")


def _number_end(doc: Doc, index: int) -> int:
    """Where the run of number words (and "and", hyphens between them) starting here ends."""
    end = index + 1
    while end < len(doc):
        lower = doc[end].lower_
        previous = doc[end - 1].lower_
        if (
            (lower in NUMBER_WORDS and not DIGITS.fullmatch(previous))
            or lower in SCALES
            or lower in ("hundred", "dozen")
            or (
                lower == "-"
                and not doc[end - 1].whitespace_
                and end + 1 < len(doc)
                and (doc[end + 1].lower_ in ONES or doc[end + 1].lower_ in SCALES)
            )
        ):
            end += 1
        elif (
            lower == "and"
            and end + 1 < len(doc)
            and (
                doc[end + 1].lower_ in NUMBER_WORDS
                or doc[end + 1 : end + 3].text.lower() == "a half"
            )
        ):
            end += 3 if doc[end + 1].lower_ == "a" else 1
        else:
            break
    return min(end, len(doc))


# -- reading a number in its context ------------------------------------------------------------


def _read(doc: Doc, number: _Number, currency: str | None) -> _Found | None:
    """Decide what a number is from the words around it; None to leave it out."""
    if _is_date_or_time(doc, number) or _in_name(doc, number) or _is_code(doc, number):
        return None
    start = number.start
    symbol = _currency_before(doc, start)
    if symbol is not None:
        start -= symbol[1]
    approx, bound, start = _modifiers(doc, start)
    found = (
        _money(doc, number, symbol, currency)
        or _percent(doc, number)
        or _measure(doc, number)
        or _year(doc, number, symbol)
        or _count(doc, number)
    )
    if found is None or not found.kind:
        return None
    found.start = min(found.start, start)
    found.approx = found.approx or approx
    found.bound = found.bound or bound
    if _after(doc, found.end, ("or", "more")) or _after(doc, found.end, ("or", "over")):
        found.bound = found.bound or "at_least"
    return found


def _after(doc: Doc, index: int, words: tuple[str, ...]) -> bool:
    return tuple(t.lower_ for t in doc[index : index + len(words)]) == words


def _is_date_or_time(doc: Doc, number: _Number) -> bool:
    """Day numbers beside a month name, years of a written date and clock times."""
    before = doc[number.start - 1].lower_.rstrip(".") if number.start > 0 else ""
    after = doc[number.end].lower_.rstrip(".") if number.end < len(doc) else ""
    if before in _MONTHS and _YEAR.fullmatch(doc[number.start].text):
        return number.start >= 2 and doc[number.start - 2].text[:1].isdigit()
    if before in _MONTHS or after in _MONTHS or after in _CLOCK or number.suffix in _CLOCK:
        return True
    if ":" in doc[number.start].text or after == ":":
        return True
    # "April 14, 2026": the year after a month and day
    if before == "," and number.start >= 3 and doc[number.start - 3].lower_ in _MONTHS:
        return True
    return (
        number.start > 0
        and doc[number.start - 1].lower_ in ("the", "on")
        and (
            after in ("of",) and number.end + 1 < len(doc) and doc[number.end + 1].lower_ in _MONTHS
        )
    )


def _in_name(doc: Doc, number: _Number) -> bool:
    """A number inside a name ("Article 5", "Apollo 11") or an age beside one ("Pike, 54")."""
    token = doc[number.start]
    if token.ent_type_ in _NAME_LABELS:
        return True
    previous = doc[number.start - 1] if number.start > 0 else None
    return bool(
        previous is not None
        and previous.pos_ == "PROPN"
        and previous.ent_type_ not in ("", "MONEY")
        and token.ent_type_ not in ("MONEY", "PERCENT", "QUANTITY")
        and token.text[:1].isdigit()
        and previous.lower_.rstrip(".") not in _MONTHS
        and not _currency_before(doc, number.start)
    ) or _is_age(doc, number)


def _is_age(doc: Doc, number: _Number) -> bool:
    """ "Rosalind Pike, 54, said" — an age between commas after a person's name."""
    if number.end - number.start != 1 or number.start < 2:
        return False
    before, after = doc[number.start - 1], doc[number.end] if number.end < len(doc) else None
    return (
        before.text == ","
        and (doc[number.start - 2].ent_type_ == "PERSON" or doc[number.start - 2].pos_ == "PROPN")
        and after is not None
        and after.text in (",", ".")
    )


def _is_code(doc: Doc, number: _Number) -> bool:
    """Digits glued to letters by a hyphen ("F-35", "COVID-19") or a slash ("24/7")."""
    if number.start >= 2:
        hyphen, letters = doc[number.start - 1], doc[number.start - 2]
        if hyphen.text in ("-", "/") and not letters.whitespace_ and not hyphen.whitespace_:
            return letters.text[-1:].isalpha() or letters.text[-1:].isdigit()
    if number.end + 1 < len(doc):
        slash = doc[number.end]
        return (
            slash.text == "/"
            and not doc[number.end - 1].whitespace_
            and (doc[number.end + 1].text[:1].isdigit())
        )
    return False


def _currency_before(doc: Doc, index: int) -> tuple[str, int] | None:
    """The currency written just before token ``index`` ("£", "US$", "EUR"): (code, tokens)."""
    table = currencies()
    for width in (2, 1):
        if index - width < 0:
            continue
        span = doc[index - width : index]
        written = "".join(t.text for t in span) if width == 2 and not span[0].whitespace_ else None
        if width == 1:
            written = span.text
        if written is None:
            continue
        entry = table.get(written)
        if entry is None and written.isupper():
            entry = table.get(written.lower())
            entry = entry if entry and entry[1] == "either" else None
        if entry is not None and entry[1] in ("before", "either"):
            return entry[0], width
    return None


def _modifiers(doc: Doc, start: int) -> tuple[bool, str | None, int]:
    """Approximation and bound from the words before token ``start``; the new start."""
    index = start
    while index > 0 and doc[index - 1].lower_ in _ONLY:
        index -= 1
    before = tuple(doc[i].lower_ for i in range(max(0, index - 3), index))
    for width in (3, 2, 1):
        words = before[len(before) - width :] if width <= len(before) else ()
        found = _MODIFIERS.get(words) if words else None
        if found is None:
            continue
        if words in (("over",), ("under",), ("above",), ("below",), ("some",)) and not (
            _modifies_number(doc[index - 1])
        ):
            continue
        return found[0], found[1], index - width
    return False, None, start


def _modifies_number(token: Token) -> bool:
    """ "over 20" as a bound, not "chose Farrow Cross over ten rival sites"."""
    if token.dep_ in ("advmod", "quantmod", "det", "amod"):
        return True
    return token.lower_ in ("under", "below", "above") and token.dep_ == "prep"


def _money(
    doc: Doc, number: _Number, symbol: tuple[str, int] | None, currency: str | None
) -> _Found | None:
    """ "£70 million", "€640m", "$3.2bn", "48 million pounds", "40 cents", "10p"."""
    value, end = number.value, number.end
    code = symbol[0] if symbol else None
    if code is not None and not number.suffix and end < len(doc):
        scale = MONEY_SCALES.get(doc[end].lower_) or SCALES.get(doc[end].lower_)
        if scale is not None and not doc[end - 1].whitespace_:
            value, end = value * scale, end + 1
    elif code is not None and number.suffix in MONEY_SCALES:
        value = value * MONEY_SCALES[number.suffix]
    if code is None:
        code, end, value = _currency_after(doc, number, end, value, currency)
        if code is None:
            return None
    elif number.suffix and number.suffix not in MONEY_SCALES:
        return None
    found = _Found("money", value, number.start, end, code or None)
    found.of = _rate(doc, end) or _qualified_noun(doc, number.start, end)
    return found


def _currency_after(
    doc: Doc, number: _Number, end: int, value: Decimal, currency: str | None
) -> tuple[str | None, int, Decimal]:
    """A currency word after the number ("euros", "US dollars", "cents", "p")."""
    if number.suffix == "p":
        return "GBP", end, value * Decimal("0.01")
    if number.suffix:
        return None, end, value
    table = currencies()
    for width in (3, 2, 1):
        words = doc[end : end + width]
        if len(words) < width:
            continue
        written = words.text.lower()
        entry = table.get(written)
        if entry is not None and entry[1] in ("after", "either"):
            if written in ("pound", "pounds") and _after(doc, end + 1, ("of",)):
                return None, end, value  # "300 pounds of fish" is a weight
            return entry[0], end + width, value
    word = doc[end].lower_ if end < len(doc) else ""
    if word in _SUBUNITS:
        code = "GBP" if word in _PENCE else currency or ""  # "" until a currency is named
        return code, end + 1, value * _SUBUNITS[word]
    return None, end, value


def _rate(doc: Doc, end: int) -> str | None:
    """ "€13.10 an hour" -> "per hour"."""
    if end + 1 < len(doc) and doc[end].lower_ in _RATE_WORDS:
        unit = doc[end + 1].lower_
        found = unit_of(unit)
        if found is not None or unit in ("person", "head", "household", "worker", "employee"):
            return f"per {unit}"
    return None


def _qualified_noun(doc: Doc, start: int, end: int) -> str | None:
    """The noun a number qualifies: "a €28 million contract", "a net loss of €31 million"."""
    last = doc[end - 1]
    head = last.head
    if head.i >= end and head.tag_ in _NOUN_TAGS and head.i - end <= 3:
        return head.text
    first = doc[start]
    of = first.head if first.head.lower_ == "of" else None
    if of is None and start > 0 and doc[start - 1].lower_ == "of":
        of = doc[start - 1]
    if of is not None and of.head.tag_ in _NOUN_TAGS and of.head.i < start:
        return _noun_phrase(of.head)
    return None


def _noun_phrase(head: Token, after: int = 0) -> str:
    """A noun with its adjectives and compounds, no determiners: "previous target"; nothing
    before token ``after``."""
    left = head.i
    for child in reversed(list(head.lefts)):
        if (child.dep_ in ("amod", "compound", "nmod") and child.i == left - 1) or (
            child.dep_ == "punct" and child.text == "-" and child.i == left - 1
        ):
            left = child.i
        else:
            break
    return head.doc[max(left, after) : head.i + 1].text


def _percent(doc: Doc, number: _Number) -> _Found | None:
    """ "5%", "78 percent", "7.5 per cent", "0.25 percentage points"."""
    end = number.end
    unit: str | None = "percent"
    width = 0
    if number.suffix != "%":
        unit, width = _percent_word(doc, end)
        if unit is None:
            return None
    found = _Found("percent", number.value, number.start, end + width, unit)
    found.of = _share_of(doc, number.start, end + width)
    return found


def _percent_word(doc: Doc, end: int) -> tuple[str | None, int]:
    two = doc[end : end + 2].text.lower()
    if two in ("per cent", "percentage points", "percentage point"):
        return ("percent", 2) if two == "per cent" else ("percentage point", 2)
    if end < len(doc) and doc[end].lower_ in _PERCENT_WORDS:
        return "percent", 1
    return None, 0


def _share_of(doc: Doc, start: int, end: int) -> str | None:
    """What a percentage is a share of: "of GDP", "target of 2%", "3.5 percent pay rise"."""
    if end + 1 < len(doc) and doc[end].lower_ == "of":
        phrase = _object_phrase(doc[end])
        if phrase:
            return phrase
    last = doc[end - 1]
    if last.head.i >= end and last.head.tag_ in _NOUN_TAGS and last.head.i - end <= 3:
        return _noun_phrase(last.head, after=end)
    return _qualified_noun(doc, start, end)


def _object_phrase(preposition: Token) -> str | None:
    """The noun phrase after "of", as written, without its determiner or clauses."""
    objects = [c for c in preposition.children if c.dep_ == "pobj"]
    if not objects:
        return None
    head = objects[0]
    if head.pos_ == "PRON":
        return None
    left = min([head.i, *(c.i for c in head.lefts if c.dep_ not in ("det", "punct"))])
    while left < head.i and head.doc[left].dep_ in ("det", "predet"):
        left += 1
    right = head.i
    for child in head.rights:
        if (
            child.dep_ in ("prep", "amod", "acl") and child.lower_ == "of"
        ) or child.dep_ == "compound":
            right = max(right, child.right_edge.i)
        elif child.dep_ == "acl" and child.tag_ == "VBG" and child.i == right + 1:
            right = child.i  # "members voting"
        else:
            break
    return head.doc[left : right + 1].text


def _measure(doc: Doc, number: _Number) -> _Found | None:
    """Durations and measures: "three days", "48-hour", "220-kilometre", "110 km/h"."""
    end = number.end
    if number.suffix:
        unit = unit_of(number.suffix)
        width = 0
    else:
        gap = 1 if end < len(doc) and doc[end].text == "-" and not doc[end - 1].whitespace_ else 0
        unit, width = _unit_words(doc, end + gap)
        width += gap if unit else 0
    if unit is None:
        return None
    end += width
    if end < len(doc) and doc[end].lower_ in _TIME_REFERENCE:
        return _Found("", number.value, number.start, end)  # a date: "three years ago"
    value = number.value * unit.factor
    if _after(doc, end, ("and", "a", "half")):
        value += Decimal("0.5") * unit.factor
        end += 3
    kind = "duration" if unit.kind == "duration" else "count"
    found = _Found(kind, value.normalize() if value % 1 else value, number.start, end, unit.unit)
    found.of = "age" if _is_age_phrase(doc, end) else _qualified_noun(doc, number.start, end)
    return found


def _is_age_phrase(doc: Doc, end: int) -> bool:
    """ "81-year-old", "3,400 years old"."""
    return _after(doc, end, ("old",)) or _after(doc, end, ("-", "old"))


def _unit_words(doc: Doc, index: int) -> tuple[Unit | None, int]:
    """The unit written at token ``index``: one to three tokens ("square metres", "km/h")."""
    for width in (3, 2, 1):
        span = doc[index : index + width]
        if len(span) < width:
            continue
        glued = "".join(t.text for t in span).lower()
        spaced = span.text.lower()
        for written in (spaced, glued) if width > 1 else (spaced,):
            if (
                width == 1
                and written in ("m", "t", "ha")
                and span[0].tag_ not in ("NN", "NNS", "NNP", "CD")
            ):
                continue
            unit = unit_of(written)
            if unit is not None:
                return unit, width
    return None, 0


def _year(doc: Doc, number: _Number, symbol: tuple[str, int] | None) -> _Found | None:
    """A four-digit year: "by 2035", "since 2017", "the 2019 flood"."""
    token = doc[number.start]
    if symbol is not None or number.end - number.start != 1 or not _YEAR.fullmatch(token.text):
        return None
    nxt = doc[number.end] if number.end < len(doc) else None
    if nxt is not None and nxt.tag_ == "NNS" and token.head.i == nxt.i:
        return None  # "1500 workers"
    found = _Found("year", number.value, number.start, number.end)
    if nxt is not None and token.head.i == nxt.i and nxt.tag_ == "NN":
        found.of = nxt.text
    return found


def _count(doc: Doc, number: _Number) -> _Found | None:  # noqa: PLR0911 - one reading a branch
    """A count with the noun it counts: "1,400 households", "two of its oldest ships"."""
    if number.suffix:
        return None
    fraction = _fraction(doc, number)
    if fraction is not None:
        return fraction
    if number.value == 1:
        return None  # "one thing", "one of the few leaders": not a count worth reporting
    noun = _counted_noun(doc, number)
    if noun is not None and not _verb_taken_for_adjective(doc, number, noun[0]):
        head, end = noun
        found = _Found("count", number.value, number.start, end + 1, _lemma(head))
        found.of = doc[_skip_hyphen(doc, number.end) : end + 1].text
        return found
    partitive = _partitive(doc, number)
    if partitive is not None:
        head, phrase = partitive
        found = _Found("count", number.value, number.start, number.end, _lemma(head))
        found.of = phrase
        return found
    if _is_ordinal_like(doc, number):
        return None
    return _Found("count", number.value, number.start, number.end)


def _skip_hyphen(doc: Doc, index: int) -> int:
    return index + 1 if index < len(doc) and doc[index].text == "-" else index


def _lemma(token: Token) -> str:
    if token.tag_ in ("NNS", "NNPS"):
        return unit_key(token.text)
    return token.lemma_.lower() if token.lemma_ else token.lower_


def _counted_noun(doc: Doc, number: _Number) -> tuple[Token, int] | None:
    """The noun right after a number that it counts, and the last token of its phrase."""
    last = doc[number.end - 1]
    head = last.head
    if (
        last.dep_ in ("nummod", "compound", "quantmod")
        and head.i >= number.end
        and head.i - number.end <= 5
        and head.tag_ in _COUNTED_TAGS
        and all(t.tag_ in _NP_TAGS for t in doc[number.end : head.i])
    ):
        return head, head.i
    index = _skip_hyphen(doc, number.end)
    noun: Token | None = None
    while index < len(doc) and index - number.end <= 5 and doc[index].tag_ in _NP_TAGS:
        token = doc[index]
        if token.tag_ in _COUNTED_TAGS:
            noun = token
            if token.tag_ != "NN":
                break
        elif noun is not None and token.tag_ != "HYPH":
            break
        index += 1
    if noun is None or noun.lower_ in _RATE_WORDS or not noun.text[:1].isalpha():
        return None
    return noun, noun.i


def _verb_taken_for_adjective(doc: Doc, number: _Number, noun: Token) -> bool:
    """Whether the past form right after a number is its clause's verb, which the parser read
    as an adjective of the noun after it: in "that the two discussed defence spending" the
    number stands for people named before and "discussed" is what they did.

    The sign is a clause left without a verb: the noun heads the sentence or a "that" clause.
    Where the noun phrase has a verb of its own ("the three escaped prisoners were caught")
    the past form stays part of it.
    """
    after = doc[_skip_hyphen(doc, number.end)]
    if after.tag_ not in ("VBN", "VBD") or after.i >= noun.i:
        return False
    return noun.dep_ == "ROOT" or any(child.dep_ == "mark" for child in noun.children)


def _partitive(doc: Doc, number: _Number) -> tuple[Token, str] | None:
    """ "900 of the households", "two of its oldest ships": the noun after "of"."""
    if number.end >= len(doc) or doc[number.end].lower_ != "of":
        return None
    if doc[number.start].lower_ == "one":
        return None  # "one of the few leaders" is not a count
    objects = [c for c in doc[number.end].children if c.dep_ == "pobj"]
    if not objects or objects[0].tag_ != "NNS":
        return None
    phrase = _object_phrase(doc[number.end])
    return (objects[0], phrase) if phrase else None


def _fraction(doc: Doc, number: _Number) -> _Found | None:
    """ "two-thirds of voters" read as a percentage (only here for the spelled numerator)."""
    index = _skip_hyphen(doc, number.end)
    if index >= len(doc) or doc[index].lower_ not in _FRACTIONS:
        return None
    share = number.value * _FRACTIONS[doc[index].lower_]
    if share > 100:
        return None
    found = _Found("percent", share, number.start, index + 1, "percent")
    found.of = _object_phrase(doc[index + 1]) if _after(doc, index + 1, ("of",)) else None
    return found


def _is_ordinal_like(doc: Doc, number: _Number) -> bool:
    """Scores and tallies that are not quantities: "seven to two" keeps, "No. 10" does not."""
    return number.start > 0 and doc[number.start - 1].lower_ in ("no", "no.", "number", "#")


def _read_fractions(doc: Doc) -> list[_Found]:
    """ "a quarter of season ticket holders", "half of the members", "grew by a fifth"."""
    found: list[_Found] = []
    if not _FRACTION_WORD.search(doc_text(doc)):
        return found
    hits = [i for i, t in enumerate(doc) if t.lower_ in _FRACTIONS]
    for token in (doc[i] for i in hits):
        lower = token.lower_
        if lower.endswith("s") and lower != "halves":
            continue
        start = token.i
        if start > 0 and doc[start - 1].lower_ in ("a", "one"):
            start -= 1
        elif lower != "half" or (start > 0 and doc[start - 1].pos_ in ("DET", "ADJ", "NUM")):
            continue  # "the second half of July" is a time, not a share
        after_of = _after(doc, token.i + 1, ("of",))
        by = start > 0 and doc[start - 1].lower_ == "by"
        if not after_of and not by:
            continue
        of = _object_phrase(doc[token.i + 1]) if after_of else None
        if after_of and (of is None or unit_of(doc[token.i + 2].lower_) is not None):
            continue  # "a quarter of an hour" is a duration, "half of them" says nothing
        approx, bound, start = _modifiers(doc, start)
        found.append(
            _Found("percent", _FRACTIONS[lower], start, token.i + 1, "percent", of, approx, bound)
        )
    return found
