"""Time expressions: "on Wednesday", "last week", "March 4", resolved to calendar dates.

Two outlets reporting the same day write it differently ("on Wednesday", "June 25"), so a
timeline needs each expression resolved against the article's publication time.
:func:`find_times` returns one :class:`~storylens.model.Fact` of kind ``date`` per expression:

- ``value`` is an ISO date ("2026-03-04") or an ISO interval of dates ("2026-03-02/2026-03-08"
  for a week, "2026-04-01/2026-04-30" for a month, "2017-01-01/2025-06-25" for "since 2017"),
  or None when the expression needs a publication date that is not known.
- ``relative`` describes what a relative expression is anchored to, whether or not it could be
  resolved, so articles without a date can still be compared. The notation is one or two
  ``key:value`` parts joined by ``;``:

  ==============================  ==========================================================
  ``day:-1``                      yesterday (``day:0`` today, tonight; ``day:+1`` tomorrow)
  ``week:0``, ``week:-1``         this week, last week (ISO weeks, Monday to Sunday)
  ``weekend:0``                   this weekend (Saturday and Sunday of the ISO week)
  ``month:-1``, ``year:+1``       last month, next year; ``year:-3`` for "three years ago"
  ``weekday:wednesday;DIR``       a weekday; DIR below
  ``month:april;DIR``             a month without a year; ``month:april;year:-1`` for
                                  "April last year"
  ``monthday:03-04;DIR``          a day of a month without a year ("March 4", "4 March")
  ``since:X``                     from X (any of the above, or an ISO date) to publication
  ==============================  ==========================================================

  DIR says which occurrence is meant: ``nearest-past`` (the latest on or before the
  publication date), ``nearest-future`` (the first on or after it), ``nearest`` (the closest
  either way), ``strict-past`` / ``strict-future`` ("last April", "next April": never the
  current month), ``last-week`` ("last Tuesday": the Tuesday of the previous ISO week, as
  news writing uses it; "on Tuesday" is the day before a Wednesday), ``next-week`` ("next
  Monday") or ``this-week`` ("this Friday": in the publication's ISO week).
  ``since:`` carries its own part only: ``since:2017-01-01``, ``since:month:april;nearest-past``.

The direction of a weekday, month or month-day comes from the words first ("last", "next",
"this"), then from the verb that governs the expression: past tense, a perfect or a past
passive ("met", "has met", "was found") reads as ``nearest-past``; "will", "'ll", "going to",
or a present "is due / expected / set / scheduled to" reads as ``nearest-future``; anything
else (present tense, no verb, "was expected to") reads as ``nearest``, the occurrence within
three days either way for a weekday and six months for a month.

Bare years ("in 2019", "by 2035") are quantities (kind ``year``, see
:mod:`storylens.analyze.quantities`); here only "since 2017" is read, as an interval.
Clock times and seasons are not read.
"""

from __future__ import annotations

import calendar
import re
from bisect import bisect_right
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING

from storylens.analyze.number_words import parse_number
from storylens.model import Fact

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
MONTHS = (
    "january", "february", "march", "april", "may", "june", "july", "august", "september",
    "october", "november", "december",
)  # fmt: skip
_MONTH_NUMBERS = {name: index + 1 for index, name in enumerate(MONTHS)} | {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "sept": 9,
    "oct": 10, "nov": 11, "dec": 12,
}  # fmt: skip
_PARTS_OF_DAY = frozenset({"morning", "afternoon", "evening", "night"})
_DAY_NUMBER = re.compile(r"([12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?")
_YEAR = re.compile(r"1[5-9]\d\d|20\d\d")
_PERIODS = ("week", "weekend", "month", "year")
_OFFSETS = {"this": 0, "last": -1, "past": -1, "previous": -1, "next": 1, "coming": 1}
_DAY_WORDS = {"today": 0, "tonight": 0, "yesterday": -1, "tomorrow": 1}
_MONTH_PREPOSITIONS = frozenset(
    {"in", "since", "of", "until", "till", "by", "from", "during", "before", "after", "through",
     "last", "next", "this", "early", "mid", "late", "end", "start", "beginning", "between"}
)  # fmt: skip
_FUTURE_AUX = frozenset({"will", "shall", "'ll", "wo", "ll"})
_PAST_AUX = frozenset({"was", "were", "had", "has", "have", "did", "'d"})
_LOOKING_AHEAD = frozenset(
    {"due", "expect", "expected", "set", "schedule", "scheduled", "plan", "planned", "go",
     "intend", "aim", "prepare", "hope", "agree", "promise", "pledge", "vow", "decide"}
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class _Reading:
    """What an expression means before the publication date is known."""

    relative: str | None  # the anchor description (module docstring); None when absolute
    resolve: Callable[[date], tuple[date, date]]  # publication date -> first and last day
    absolute: tuple[date, date] | None = None  # for expressions that need no anchor


def find_times(doc: Doc, published: datetime | None) -> list[Fact]:
    """Time expressions of the text, resolved against ``published`` when it is known.

    ``published`` is read in its own timezone: an article dated 23:30 on Tuesday in Berlin
    says "today" of Tuesday.
    """
    anchor = published.date() if published is not None else None
    starts = [sent.start for sent in doc.sents if sent.text.strip()]
    facts: list[Fact] = []
    index = 0
    could_start = _could_start(doc)
    while index < len(doc):
        if not could_start[index]:
            index += 1
            continue
        try:
            match = _match(doc, index)
        except (ValueError, IndexError, OverflowError):  # an odd token must not stop the rest
            match = None
        if match is None:
            index += 1
            continue
        start, end, reading = match
        facts.append(_fact(doc, start, end, reading, anchor, starts))
        index = end
    return facts


_STARTERS = frozenset(
    {"since", "early", "mid", "late", "earlier", "later", *_DAY_WORDS, *_OFFSETS,
     *WEEKDAYS, *_MONTH_NUMBERS, *(f"{m}." for m in _MONTH_NUMBERS)}
)  # fmt: skip


def _could_start(doc: Doc) -> list[bool]:
    """Which tokens may begin an expression: a cheap filter so the matchers run on few."""
    lowers = [t.lower_ for t in doc]
    flags = [w in _STARTERS or _DAY_NUMBER.fullmatch(w) is not None for w in lowers]
    for index, word in enumerate(lowers):
        if word == "ago":  # "three days ago" starts up to five tokens back
            for back in range(max(0, index - 5), index):
                flags[back] = True
    return flags


def _fact(
    doc: Doc, start: int, end: int, reading: _Reading, anchor: date | None, starts: list[int]
) -> Fact:
    span = doc[start:end]
    interval = reading.absolute
    if interval is None and anchor is not None:
        try:
            interval = reading.resolve(anchor)
        except (ValueError, OverflowError):
            interval = None
    value = None
    if interval is not None:
        first, last = interval
        value = first.isoformat() if first == last else f"{first.isoformat()}/{last.isoformat()}"
    return Fact(
        kind="date",
        text=span.text,
        start=span.start_char,
        end=span.end_char,
        value=value,
        relative=reading.relative,
        sentence=max(0, bisect_right(starts, start) - 1),
    )


# -- matching -----------------------------------------------------------------------------------


def _match(doc: Doc, index: int) -> tuple[int, int, _Reading] | None:
    """The time expression starting at token ``index``, with "since" folded in."""
    since = doc[index].lower_ == "since"
    first = index + 1 if since else index
    if first >= len(doc):
        return None
    found = (
        _day_word(doc, first)
        or _period(doc, first)
        or _ago(doc, first)
        or _calendar(doc, first)
        or (_bare_year(doc, first) if since else None)
    )
    if found is None:
        return None
    end, reading = found
    if since:
        return index, end, _since(reading)
    return index, end, reading


def _day_word(doc: Doc, index: int) -> tuple[int, _Reading] | None:
    """ "today", "yesterday", "tomorrow morning", "this morning", "last night"."""
    lower = doc[index].lower_
    nxt = doc[index + 1].lower_ if index + 1 < len(doc) else ""
    if lower in _DAY_WORDS:
        offset = _DAY_WORDS[lower]
        end = index + 2 if nxt in _PARTS_OF_DAY else index + 1
        return end, _days(offset)
    if lower == "this" and nxt in ("morning", "afternoon", "evening"):
        return index + 2, _days(0)
    if lower == "last" and nxt == "night":
        return index + 2, _days(-1)
    return None


def _days(offset: int) -> _Reading:
    def resolve(anchor: date) -> tuple[date, date]:
        day = anchor + timedelta(days=offset)
        return day, day

    return _Reading(f"day:{offset:+d}" if offset else "day:0", resolve)


def _period(doc: Doc, index: int) -> tuple[int, _Reading] | None:
    """ "this week", "last month", "next year", "earlier this month", "the past week"."""
    words = [t.lower_ for t in doc[index : index + 3]]
    part = ""
    if words[:1] in (["earlier"], ["later"]) and len(words) == 3:
        part, words, index = words[0], words[1:], index + 1
    if len(words) < 2 or words[0] not in _OFFSETS or words[1] not in _PERIODS:
        return None
    if words[0] in ("past", "previous", "coming") and (
        index == 0 or doc[index - 1].lower_ != "the"
    ):
        return None  # "past week" alone is rare; "the past week" is last week
    if part and words[0] != "this":
        return None
    return index + 2, _period_reading(words[1], _OFFSETS[words[0]], part)


def _period_reading(period: str, offset: int, part: str) -> _Reading:
    relative = f"{period}:{offset:+d}" if offset else f"{period}:0"
    if part:
        relative += f";{part}"

    def resolve(anchor: date) -> tuple[date, date]:
        first, last = _period_bounds(anchor, period, offset)
        if part == "earlier":
            return first, max(first, anchor)
        if part == "later":
            return min(anchor, last), last
        return first, last

    return _Reading(relative, resolve)


def _period_bounds(anchor: date, period: str, offset: int) -> tuple[date, date]:
    """First and last day of the week, weekend, month or year ``offset`` away from ``anchor``."""
    if period in ("week", "weekend"):
        monday = anchor - timedelta(days=anchor.weekday()) + timedelta(weeks=offset)
        if period == "weekend":
            return monday + timedelta(days=5), monday + timedelta(days=6)
        return monday, monday + timedelta(days=6)
    if period == "month":
        year, month = divmod(anchor.year * 12 + anchor.month - 1 + offset, 12)
        return _month_bounds(year, month + 1)
    return date(anchor.year + offset, 1, 1), date(anchor.year + offset, 12, 31)


def _month_bounds(year: int, month: int) -> tuple[date, date]:
    return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])


def _ago(doc: Doc, index: int) -> tuple[int, _Reading] | None:
    """ "three days ago", "a week ago", "two years ago"."""
    for end in range(index + 1, min(index + 5, len(doc) - 1)):
        if doc[end + 1].lower_ != "ago":
            continue
        unit = doc[end].lower_.rstrip("s")
        if unit not in ("day", "week", "month", "year"):
            return None
        words = doc[index:end].text
        amount = 1 if words.lower() in ("a", "an", "one") else parse_number(words)
        if not isinstance(amount, int) or amount <= 0 or amount > 5000:
            return None
        if unit == "day":
            return end + 2, _days(-amount)
        return end + 2, _period_reading(unit, -amount, "")
    return None


def _bare_year(doc: Doc, index: int) -> tuple[int, _Reading] | None:
    """A year after "since"."""
    if not _YEAR.fullmatch(doc[index].text):
        return None
    year = int(doc[index].text)
    first, last = date(year, 1, 1), date(year, 12, 31)
    return index + 1, _Reading(None, lambda _anchor: (first, last), (first, last))


def _since(reading: _Reading) -> _Reading:
    """ "since 2017": from the start of what follows to the publication date."""
    if reading.absolute is not None:
        first = reading.absolute[0]
        relative = f"since:{first.isoformat()}"
    else:
        relative = f"since:{reading.relative}"

    def resolve(anchor: date) -> tuple[date, date]:
        start = reading.absolute[0] if reading.absolute else reading.resolve(anchor)[0]
        return start, max(start, anchor)

    return _Reading(relative, resolve)


# -- weekdays, months and calendar dates --------------------------------------------------------


def _calendar(doc: Doc, index: int) -> tuple[int, _Reading] | None:
    """Weekdays, months and dates, with "last", "next", "this", "early" before them."""
    word = doc[index].lower_
    if word in _OFFSETS or word in ("early", "mid", "late"):
        found = _calendar_core(doc, index + 1 + _hyphen(doc, index + 1))
        if found is None:
            return None
        end, core = found
        return end, _with_modifier(doc, index, word, core)
    found = _calendar_core(doc, index)
    if found is None:
        return None
    end, core = found
    return end, core.reading(_direction(doc[index]))


def _hyphen(doc: Doc, index: int) -> int:
    return 1 if index < len(doc) and doc[index].text == "-" else 0


@dataclass(frozen=True, slots=True)
class _Core:
    """A weekday, month or date as written, before its direction is known."""

    weekday: int | None = None
    month: int | None = None
    day: int | None = None
    year: int | None = None
    year_offset: int | None = None  # "April this year" -> 0, "April last year" -> -1

    def reading(self, direction: str) -> _Reading:
        """The reading for ``direction`` (``nearest-past`` and the rest, module docstring)."""
        if self.month is not None and self.year is not None:
            interval = self._absolute()
            return _Reading(None, lambda _anchor: interval, interval)
        if self.month is not None and self.year_offset is not None:
            relative = f"month:{MONTHS[self.month - 1]};year:{self.year_offset:+d}".replace(
                ":+0", ":0"
            )
            if self.day is not None:
                relative = f"monthday:{self.month:02d}-{self.day:02d};year:{self.year_offset:+d}"
            return _Reading(relative.replace(":+0", ":0"), self._in_year_offset)
        if self.month is not None and self.day is not None and self.weekday is not None:
            return self._checked_reading(direction)
        if self.month is not None:
            return self._month_reading(direction)
        assert self.weekday is not None
        return self._weekday_reading(direction)

    def _absolute(self) -> tuple[date, date]:
        assert self.month is not None and self.year is not None
        if self.day is not None:
            day = date(self.year, self.month, self.day)
            return day, day
        return _month_bounds(self.year, self.month)

    def _in_year_offset(self, anchor: date) -> tuple[date, date]:
        assert self.month is not None and self.year_offset is not None
        year = anchor.year + self.year_offset
        if self.day is not None:
            day = date(year, self.month, self.day)
            return day, day
        return _month_bounds(year, self.month)

    def _month_reading(self, direction: str) -> _Reading:
        month, day = self.month, self.day
        assert month is not None
        if day is not None:
            relative = f"monthday:{month:02d}-{day:02d};{direction}"
        else:
            relative = f"month:{MONTHS[month - 1]};{direction}"

        def resolve(anchor: date) -> tuple[date, date]:
            return _pick_year(anchor, month, day, direction)

        return _Reading(relative, resolve)

    def _checked_reading(self, direction: str) -> _Reading:
        """ "Monday 2 March": the year, next to the anchor's, in which that day is a Monday."""
        month, day, weekday = self.month, self.day, self.weekday
        assert month is not None and day is not None and weekday is not None
        fallback = self._month_reading(direction)

        def resolve(anchor: date) -> tuple[date, date]:
            for year in sorted(range(anchor.year - 6, anchor.year + 2), key=lambda y: (
                abs(y - anchor.year), -y
            )):  # fmt: skip
                if day <= calendar.monthrange(year, month)[1]:
                    found = date(year, month, day)
                    if found.weekday() == weekday:
                        return found, found
            return fallback.resolve(anchor)

        return _Reading(f"monthday:{month:02d}-{day:02d};weekday:{WEEKDAYS[weekday]}", resolve)

    def _weekday_reading(self, direction: str) -> _Reading:
        weekday = self.weekday
        assert weekday is not None

        def resolve(anchor: date) -> tuple[date, date]:
            day = anchor + timedelta(days=_weekday_delta(anchor.weekday(), weekday, direction))
            return day, day

        return _Reading(f"weekday:{WEEKDAYS[weekday]};{direction}", resolve)


def _weekday_delta(today: int, weekday: int, direction: str) -> int:
    """Days from a date on ``today`` (0 = Monday) to the ``weekday`` meant by ``direction``."""
    back = (today - weekday) % 7  # 0..6 days back to the latest such weekday
    ahead = (weekday - today) % 7  # 0..6 days on to the next one
    deltas = {
        "nearest-past": -back,
        "nearest-future": ahead,
        "strict-past": -(back or 7),
        "strict-future": ahead or 7,
        "this-week": weekday - today,
        "last-week": weekday - today - 7,
        "next-week": weekday - today + 7,
    }
    return deltas.get(direction, -back if back <= ahead else ahead)


def _pick_year(anchor: date, month: int, day: int | None, direction: str) -> tuple[date, date]:
    """The occurrence of a month (or month and day) that ``direction`` picks around ``anchor``."""
    options = []
    for year in (anchor.year - 1, anchor.year, anchor.year + 1):
        if day is not None:
            if day > calendar.monthrange(year, month)[1]:
                continue
            first = last = date(year, month, day)
        else:
            first, last = _month_bounds(year, month)
        options.append((first, last))
    if direction in ("nearest-past", "strict-past"):
        past = [o for o in options if o[0] <= anchor and (direction != "strict-past" or (
            o[1] < anchor.replace(day=1) if day is None else o[0] < anchor
        ))]  # fmt: skip
        return past[-1]
    if direction in ("nearest-future", "strict-future"):
        future = [o for o in options if o[1] >= anchor and (direction != "strict-future" or (
            o[0] > anchor
        ))]  # fmt: skip
        return future[0]

    def distance(option: tuple[date, date]) -> int:
        first, last = option
        if first <= anchor <= last:
            return 0
        return min(abs((first - anchor).days), abs((last - anchor).days))

    return min(options, key=distance)


def _calendar_core(doc: Doc, index: int) -> tuple[int, _Core] | None:
    """ "Wednesday", "Wednesday morning", "Monday 2 March", "March 4, 2026", "October 2025"."""
    if index >= len(doc):
        return None
    weekday = _weekday_at(doc, index)
    if weekday is not None:
        end = index + 1
        after = end + 1 if end < len(doc) and doc[end].text == "," else end
        dated = _date_at(doc, after)
        if dated is not None:
            end, core = dated
            return end, _Core(weekday, core.month, core.day, core.year, core.year_offset)
        if end < len(doc) and doc[end].lower_ in _PARTS_OF_DAY:
            end += 1
        return end, _Core(weekday=weekday)
    return _date_at(doc, index)


_NAMES = frozenset({"PERSON", "ORG", "WORK_OF_ART", "PRODUCT", "FAC", "EVENT", "LAW"})


def _weekday_at(doc: Doc, index: int) -> int | None:
    token = doc[index]
    if token.lower_ in WEEKDAYS and token.text[:1].isupper() and token.ent_type_ not in _NAMES:
        return WEEKDAYS.index(token.lower_)
    return None


def _month_at(doc: Doc, index: int) -> int | None:
    if index >= len(doc):
        return None
    token = doc[index]
    name = token.lower_.rstrip(".")
    if name not in _MONTH_NUMBERS or not token.text[:1].isupper() or token.ent_type_ in _NAMES:
        return None
    if token.tag_ == "MD":
        return None  # "May I ..."
    return _MONTH_NUMBERS[name]


def _day_at(doc: Doc, index: int) -> int | None:
    if index >= len(doc):
        return None
    match = _DAY_NUMBER.fullmatch(doc[index].lower_)
    return int(match.group(1)) if match else None


def _year_at(doc: Doc, index: int) -> int | None:
    if index >= len(doc):
        return None
    return int(doc[index].text) if _YEAR.fullmatch(doc[index].text) else None


def _date_at(doc: Doc, index: int) -> tuple[int, _Core] | None:
    """A date or month: "March 4", "4 March", "the 4th of March", "March 4, 2026", "May 2019",
    "April this year", or a month alone where a preposition shows it is one ("in April")."""
    month = _month_at(doc, index)
    if month is not None:
        day = _day_at(doc, index + 1)
        if day is not None and _year_at(doc, index + 1) is None:
            return _with_year(doc, index + 2, month, day)
        year = _year_at(doc, index + 1)
        if year is not None:
            return index + 2, _Core(month=month, year=year)
        if _month_context(doc, index):
            return _with_year(doc, index + 1, month, None)
        return None
    day = _day_at(doc, index)
    if day is not None:
        of = 1 if index + 1 < len(doc) and doc[index + 1].lower_ == "of" else 0
        month = _month_at(doc, index + 1 + of)
        if month is not None:
            return _with_year(doc, index + 2 + of, month, day)
    return None


def _month_context(doc: Doc, index: int) -> bool:
    """A month name alone is a month after "in", "since", "early" and the like."""
    if index == 0:
        return False
    before = doc[index - 1].lower_
    return before in _MONTH_PREPOSITIONS or (
        before == "-" and index > 1 and (doc[index - 2].lower_ in ("mid",))
    )


def _with_year(doc: Doc, index: int, month: int, day: int | None) -> tuple[int, _Core]:
    """Read the year after a date: ", 2026", " 2026", " this year", " last year"."""
    try:
        if day is not None:
            date(2000, month, day)  # 29 February exists in a leap year
    except ValueError:
        day = None
    comma = 1 if index < len(doc) and doc[index].text == "," else 0
    year = _year_at(doc, index + comma)
    if year is not None:
        return index + comma + 1, _Core(month=month, day=day, year=year)
    words = [t.lower_ for t in doc[index : index + 2]]
    if len(words) == 2 and words[1] == "year" and words[0] in _OFFSETS:
        return index + 2, _Core(month=month, day=day, year_offset=_OFFSETS[words[0]])
    return index, _Core(month=month, day=day)


def _with_modifier(doc: Doc, index: int, word: str, core: _Core) -> _Reading:
    """ "last Tuesday", "next Monday", "this Friday", "last April", "early March"."""
    if word in ("early", "mid", "late"):
        return core.reading(_direction(doc[index]))
    if core.month is not None and core.year is None and core.day is None:
        direction = {"this": "nearest", "last": "strict-past", "past": "strict-past"}.get(
            word, "strict-future"
        )
        return core.reading(direction)
    if core.weekday is not None and core.month is None:
        direction = {"this": "this-week", "last": "last-week", "past": "last-week"}.get(
            word, "next-week"
        )
        return core.reading(direction)
    return core.reading(_direction(doc[index]))


# -- tense --------------------------------------------------------------------------------------


def _direction(token: Token) -> str:
    """Which occurrence the governing verb points to: past, future or the nearest."""
    if token.dep_ == "poss" or (
        token.dep_ == "compound"
        and token.head.pos_ == "NOUN"
        and (token.head.lower_ not in _PARTS_OF_DAY)
    ):
        return "nearest"  # "cancelled Wednesday's market": the market's day, not the verb's
    verb = _governing_verb(token)
    if verb is None or _through_noun(token, verb):
        return "nearest"
    tense = _tense(verb)
    if tense == "infinitive" and verb.dep_ in ("xcomp", "ccomp", "advcl") and verb.head.i != verb.i:
        governor = verb.head
        governor_tense = _tense(governor)
        if governor.lemma_.lower() in _LOOKING_AHEAD or governor.lower_ in _LOOKING_AHEAD:
            return "nearest" if governor_tense == "past" else "nearest-future"
        tense = governor_tense
    return {"past": "nearest-past", "future": "nearest-future"}.get(tense, "nearest")


def _through_noun(token: Token, verb: Token) -> bool:
    """ "issued a warning for flooding on Wednesday": the day belongs to a noun, not the verb."""
    current = token.head
    while current.i not in (verb.i, current.head.i):
        if current.pos_ in ("NOUN", "PROPN") and current.lower_ not in _PARTS_OF_DAY:
            return True
        current = current.head
    return False


def _governing_verb(token: Token) -> Token | None:
    """The verb (or "due") the expression hangs from, a few steps up the parse at most."""
    current = token
    for _ in range(6):
        if current.pos_ in ("VERB", "AUX") or current.lower_ == "due":
            return current
        if current.head.i == current.i:
            return None
        current = current.head
    return None


def _tense(verb: Token) -> str:  # noqa: PLR0911 - one signal a line
    """past, future, infinitive or present, from the verb's tag and its auxiliaries."""
    auxiliaries = [c for c in verb.children if c.dep_ in ("aux", "auxpass")]
    words = {a.lower_ for a in auxiliaries}
    if words & _FUTURE_AUX:
        return "future"
    if verb.lower_ == "due":
        copula = verb.head if verb.dep_ == "acomp" else verb
        return "past" if copula.lower_ in ("was", "were") else "future"
    if words & {"is", "are", "'s", "'re", "am"} and (
        verb.lemma_.lower() in _LOOKING_AHEAD or verb.lower_ == "going"
    ):
        return "future"
    if verb.tag_ == "VBD" or words & _PAST_AUX:
        return "past"
    if verb.tag_ == "VBN" and not auxiliaries and any(c.dep_ == "nsubj" for c in verb.children):
        return "past"  # "Schools reopened on Thursday", tagged as a participle
    if any(a.tag_ == "MD" for a in auxiliaries):
        return "modal"  # "would", "could", "should": no direction
    if any(a.tag_ == "TO" for a in auxiliaries):
        return "infinitive"
    return "present"
