"""Numbers as news text writes them, in digits and in words: "1,200", "two hundred and forty",
"3.2bn", "a dozen", "two and a half"."""

from __future__ import annotations

import re
from collections.abc import Sequence
from decimal import Decimal, InvalidOperation

ONES = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9,
}  # fmt: skip
_TEENS = {
    "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
    "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
}  # fmt: skip
_TENS = {
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
    "eighty": 80, "ninety": 90,
}  # fmt: skip
SCALES = {
    "thousand": 10**3, "million": 10**6, "billion": 10**9, "trillion": 10**12,
    "mn": 10**6, "mln": 10**6, "bn": 10**9, "tn": 10**12, "trn": 10**12,
}  # fmt: skip
#: Abbreviated scales that are only a scale after a currency ("£48m"), else a unit ("9m").
MONEY_SCALES = {"m": 10**6, "k": 10**3, "b": 10**9}
NUMBER_WORDS = frozenset([*ONES, *_TEENS, *_TENS, "hundred", "dozen", *SCALES])
DIGITS = re.compile(r"(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?|\.\d+")
_PIECES = re.compile(r"\d[\d,]*(?:\.\d+)?|\.\d+|[a-z]+")


def parse_number(text: str) -> int | float | None:
    """The value of a number as written: "1,200", "1.6 million", "two hundred and forty",
    "twenty-five", "a dozen", "3.2bn", "two and a half"; None when it is not one number.

    Written here rather than taken from a library so that every form news text uses is
    covered and anything else is refused rather than guessed.
    """
    pieces = _PIECES.findall(text.lower().replace("-", " "))
    if not pieces or "".join(pieces) != re.sub(r"[\s-]", "", text.lower()):
        return None
    value = parse_pieces(pieces)
    return None if value is None else plain(value)


def plain(value: Decimal) -> int | float:
    """An int when the value is whole, so that 70000000 prints as such."""
    return int(value) if value == value.to_integral_value() else float(value)


def parse_pieces(pieces: Sequence[str]) -> Decimal | None:  # noqa: PLR0911, PLR0912
    """Read number words and digits left to right, refusing any order English does not use."""
    total = Decimal(0)
    group: Decimal | None = None  # the part below the last big scale word
    last = ""  # kind of the previous piece
    smallest_big = 10**16
    words = list(pieces)
    if words[-3:] == ["and", "a", "half"] and len(words) > 3:
        half = Decimal("0.5")
        words = words[:-3]
    else:
        half = Decimal(0)
    for index, word in enumerate(words):
        nxt = words[index + 1] if index + 1 < len(words) else ""
        if word in ("a", "an"):
            if index != 0 or nxt not in ("hundred", "dozen", *SCALES):
                return None
            group, last = Decimal(1), "unit"
        elif DIGITS.fullmatch(word):
            if last:
                return None
            try:
                group = Decimal(word.replace(",", ""))
            except InvalidOperation:
                return None
            last = "digits"
        elif word in ONES:
            if last not in ("", "ten", "hundred", "and", "big") or (
                word == "zero" and words != [word]
            ):
                return None
            group = (
                (group or Decimal(0)) + ONES[word]
                if last in ("ten", "hundred", "and")
                else (Decimal(ONES[word]))
            )
            last = "unit"
        elif word in _TEENS or word in _TENS:
            if last not in ("", "hundred", "and", "big"):
                return None
            number = _TEENS.get(word) or _TENS[word]
            group = (
                (group or Decimal(0)) + number if last in ("hundred", "and") else Decimal(number)
            )
            last = "teen" if word in _TEENS else "ten"
        elif word == "hundred":
            if last not in ("unit", "teen", "ten", "digits") or group is None or group >= 100:
                return None
            group, last = group * 100, "hundred"
        elif word == "dozen":
            if last not in ("unit", "digits") or group is None:
                return None
            group, last = group * 12, "dozen"
        elif word in SCALES:
            scale = SCALES[word]
            if last not in ("unit", "teen", "ten", "digits", "hundred", "dozen") or group is None:
                return None
            if scale >= smallest_big:
                return None
            total, group, last, smallest_big = total + group * scale, None, "big", scale
        elif word == "and":
            if last not in ("hundred", "big") or nxt not in (*ONES, *_TEENS, *_TENS):
                return None
            last = "and"
        else:
            return None
    if last in ("", "and"):
        return None
    return total + (group or Decimal(0)) + half
