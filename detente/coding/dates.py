"""When: the date expressions of one sentence, resolved against the publication date.

    find_dates("On Wednesday, Beijing hosted the dialogue.", date(2024, 3, 15))
    → [DateMention(start=0, end=12, text='On Wednesday', date=2024-03-13, precision='day',
                   future=False, kind='weekday')]

What is recognised (month and weekday names must be capitalised; the words around them need not):
- absolute   2024-03-07, March 7, 2024, Mar. 7 2024, 7 March 2024, the 7th of March 2024,
             March 2022, in 2010, by 2030, 2014's
- partial    a day or month without a year, the year taken from the publication date:
             on March 7, 24 February, in March, in early March, mid-March, last March
- weekday    on Wednesday, Wednesday night, last Monday, next Tuesday
- relative   today, tonight, this morning, yesterday, last night, tomorrow, the day before
             yesterday, last/this/next week|weekend|month|year, earlier/later this week|month|
             year, two days ago, three weeks ago, a year ago, in two weeks
- since      any of the above after "since": the start of a state, not the date of an act

Resolution. A report is about the past unless told otherwise (`tense_past=True`): a bare
weekday or a date without a year is the most recent one on or before publication ("on Friday"
in a Friday paper is that day; "in March" in a January 2024 paper is March 2023). With
`tense_past=False` it is the nearest one on or after publication. Explicit future words
("tomorrow", "next Tuesday", "later this year", "in two weeks") and explicit dates after
publication are marked `future=True`.

Precision. `day`, `month` (date is the 1st) or `year` (date is 1 January). Week-level words
("last week", "three weeks ago", "over the weekend") resolve to a nominal day in the right
week (publication day minus 7, minus 21, the Saturday) at day precision, so grouping by week
stays right.

Not recognised on purpose: decades ("the 1990s": no single year is meant), numeric dates
other than ISO ("03/07/2024" is March or July), bare years without a preposition ("2,000
troops", "the 2014 annexation"). Without a publication date only absolute dates resolve.
Impossible dates (February 30) are skipped. Nothing here raises on any input.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

__all__ = ["DateMention", "find_dates"]

Precision = Literal["day", "month", "year"]


@dataclass(frozen=True)
class DateMention:
    "A date expression in a sentence: `text == sentence[start:end]`, resolved to `date`."

    start: int
    end: int
    text: str
    date: dt.date
    precision: Precision
    future: bool  # after publication: a plan, a deadline, a forecast — not a reported act
    kind: str  # absolute, partial, weekday, relative, since


# --- vocabulary

_MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("January", "Jan"), ("February", "Feb"), ("March", "Mar"), ("April", "Apr"), ("May",),
            ("June", "Jun"), ("July", "Jul"), ("August", "Aug"), ("September", "Sept", "Sep"),
            ("October", "Oct"), ("November", "Nov"), ("December", "Dec"),
        ],
        start=1,
    )
    for name in names
}
_FULL_MONTHS = [name for name in _MONTHS if len(name) > 4 or name in ("May", "June", "July")]
_WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
_NUMBERS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "a couple of": 2,
}

# Month names, full ones first so that "March" is not read as "Mar" + "ch".
_MONTH = (
    r"(?:(?P<month>" + "|".join(_FULL_MONTHS) + r")\b|(?P<abbr>"
    + "|".join(sorted(set(_MONTHS) - set(_FULL_MONTHS), key=len, reverse=True)) + r")\b\.?)"
)
_FULL_MONTH = r"(?P<month>" + "|".join(_FULL_MONTHS) + r")\b"


def _month_number(match: re.Match[str]) -> int:
    month = match["month"] or match["abbr"]
    return int(month) if month.isdigit() else _MONTHS[month]
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?\b"
_YEAR = r"(?P<year>1\d{3}|20\d{2}|21\d{2})\b(?![.,]?\d)"
_SEP = r"(?:\s*,\s*|\s+)"
# Words before a date that say how it relates to the act; "since" changes its meaning.
_CUE_WORDS = r"since|in|on|by|until|till|through|during|from|before|after|of|as of|starting|beginning"
_CUE = rf"(?:(?P<cue>(?i:{_CUE_WORDS}))\s+)"
_PHASE = r"(?:(?i:early|late|mid)[- ]\s*)"  # "early March", "mid-March": same month
_NUMBER = r"(?P<n>\d{1,3}|(?i:a couple of|an?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve))"
_UNIT = r"(?P<unit>(?i:days?|weeks?|months?|years?))"

# Capitalised words that make a weekday something else: "Good Friday", "the Sunday Times".
_HOLIDAY_BEFORE = re.compile(r"(?:Good|Black|Bloody|Super|Ash|Easter|Palm|Holy|Cyber|Maundy|Shrove|Giving)\s+$")
_PAPER_AFTER = re.compile(r"\s+(?:Times|Telegraph|Express|Mail|Mirror|Herald|Post|Observer|Independent|Sport|Star)\b")


@dataclass(frozen=True)
class _Found:
    start: int
    end: int
    date: dt.date | None  # None: an impossible date, whose words no shorter match may reuse
    precision: Precision
    future: bool
    kind: str


_Handler = Callable[["re.Match[str]", "dt.date | None", bool], "_Found | None"]


def find_dates(text: str, published: dt.date | None, *, tense_past: bool = True) -> list[DateMention]:
    """Every date expression in `text` (one sentence), resolved; offsets index into `text`.

    `published` anchors relative expressions; without it only absolute dates are returned.
    `tense_past=False` resolves bare weekdays and dates without a year forwards (for a
    sentence in the future tense). Overlapping expressions: the longest wins.
    """
    if not text:
        return []
    found: list[_Found] = []
    for pattern, handler in _PATTERNS:
        for match in pattern.finditer(text):
            try:
                result = handler(match, published, tense_past)
            except (ValueError, OverflowError):  # February 30, year 0, 999 years ago
                result = _Found(match.start(), match.end(), None, "day", False, "")
            if result is not None:
                found.append(result)
    chosen: list[_Found] = []
    for item in sorted(found, key=lambda f: (-(f.end - f.start), f.start)):
        if all(item.end <= other.start or item.start >= other.end for other in chosen):
            chosen.append(item)
    return [
        DateMention(f.start, f.end, text[f.start : f.end], f.date, f.precision, f.future, f.kind)
        for f in sorted(chosen, key=lambda f: f.start)
        if f.date is not None
    ]


# --- handlers: one per pattern, each returns a _Found or None


def _kind(match: re.Match[str], default: str) -> str:
    cue = match.groupdict().get("cue")
    return "since" if cue and cue.lower() == "since" else default


def _is_since(match: re.Match[str]) -> bool:
    return _kind(match, "") == "since"


def _after(when: dt.date, precision: Precision, published: dt.date | None) -> bool:
    "Is `when` (at that precision) after the publication date?"
    if published is None:
        return False
    if precision == "year":
        return when.year > published.year
    if precision == "month":
        return (when.year, when.month) > (published.year, published.month)
    return when > published


def _found(match: re.Match[str], when: dt.date, precision: Precision, published: dt.date | None,
           kind: str, future: bool | None = None) -> _Found:
    kind = _kind(match, kind)
    if future is None:
        future = kind != "since" and _after(when, precision, published)
    return _Found(match.start(), match.end(), when, precision, future, kind)


def _full_date(match: re.Match[str], published: dt.date | None, tense_past: bool) -> _Found | None:
    "2024-03-07, March 7, 2024, 7 March 2024."
    when = dt.date(int(match["year"]), _month_number(match), int(match["day"]))
    return _found(match, when, "day", published, "absolute")


def _month_year(match: re.Match[str], published: dt.date | None, tense_past: bool) -> _Found | None:
    "March 2022, in March of 2022."
    when = dt.date(int(match["year"]), _month_number(match), 1)
    return _found(match, when, "month", published, "absolute")


def _year(match: re.Match[str], published: dt.date | None, tense_past: bool) -> _Found | None:
    "in 2010, since 2018, by 2030, 2014's."
    return _found(match, dt.date(int(match["year"]), 1, 1), "year", published, "absolute")


def _month_day(match: re.Match[str], published: dt.date | None, tense_past: bool) -> _Found | None:
    "March 7, 24 February, the 7th of March: the year is the publication's, or one either side."
    if published is None:
        return None
    month, day = _month_number(match), int(match["day"])
    backwards = tense_past or _is_since(match)
    step = -1 if backwards else 1
    for offset in range(9):  # February 29 may be four (or eight) years away
        try:
            when = dt.date(published.year + step * offset, month, day)
        except ValueError:
            if day > 29 or month != 2:
                raise  # April 31 never exists: skip the mention
            continue
        if (when <= published) if backwards else (when >= published):
            return _found(match, when, "day", published, "partial")
    return None


def _month(match: re.Match[str], published: dt.date | None, tense_past: bool) -> _Found | None:
    "in March, since March, mid-March; last March, next March, this March."
    if published is None:
        return None
    month = _MONTHS[match["month"]]
    which = (match.groupdict().get("which") or "").lower()
    here = (published.year, published.month)
    if which == "last":
        year = published.year if month < published.month else published.year - 1
    elif which == "next":
        year = published.year if month > published.month else published.year + 1
    elif which == "this":
        year = published.year
    elif tense_past or _is_since(match):
        year = published.year if (published.year, month) <= here else published.year - 1
    else:
        year = published.year if (published.year, month) >= here else published.year + 1
    when = dt.date(year, month, 1)
    return _found(match, when, "month", published, "partial", True if which == "next" else None)


def _weekday(match: re.Match[str], published: dt.date | None, tense_past: bool) -> _Found | None:
    "on Wednesday, Sunday night, last Monday, next Tuesday."
    if published is None:
        return None
    before = match.string[: match.start("weekday")]
    if _HOLIDAY_BEFORE.search(before) or _PAPER_AFTER.match(match.string, match.end("weekday")):
        return None
    target = _WEEKDAYS.index(match["weekday"])
    which = (match["which"] or "").lower()
    back = (published.weekday() - target) % 7  # days back to the most recent one, 0 = today
    ahead = (target - published.weekday()) % 7
    if which in ("last", "past"):
        when = published - dt.timedelta(days=back or 7)
    elif which in ("next", "coming"):
        when = published + dt.timedelta(days=ahead or 7)
    elif tense_past or _is_since(match):
        when = published - dt.timedelta(days=back)
    else:
        when = published + dt.timedelta(days=ahead)
    return _found(match, when, "day", published, "weekday")


_DAY_WORDS = {
    "today": 0, "tonight": 0, "this morning": 0, "this afternoon": 0, "this evening": 0,
    "earlier today": 0, "later today": 0, "yesterday": -1, "last night": -1,
    "the day before yesterday": -2, "tomorrow": 1, "the day after tomorrow": 2,
}


def _day_word(match: re.Match[str], published: dt.date | None, tense_past: bool) -> _Found | None:
    "today, yesterday, last night, tomorrow."
    if published is None:
        return None
    phrase = " ".join(match["word"].lower().split())
    offset = _DAY_WORDS[phrase]
    when = published + dt.timedelta(days=offset)
    return _found(match, when, "day", published, "relative", offset > 0 or phrase == "later today")


def _period(match: re.Match[str], published: dt.date | None, tense_past: bool) -> _Found | None:
    "last/this/next week|weekend|month|year, earlier/later this month, over the weekend."
    if published is None:
        return None
    which = " ".join(match["which"].lower().split())
    unit = match["period"].lower()
    shift = {"last": -1, "next": 1, "coming": 1}.get(which, 0)
    later = which == "later this"
    precision: Precision = "day"
    if unit == "year":
        when, precision = dt.date(published.year + shift, 1, 1), "year"
    elif unit == "month":
        month = published.year * 12 + published.month - 1 + shift
        when, precision = dt.date(month // 12, month % 12 + 1, 1), "month"
    elif unit == "week":
        monday = published - dt.timedelta(days=published.weekday())
        if shift:
            when = published + dt.timedelta(days=7 * shift)
        elif which == "earlier this":
            when = monday
        elif later:
            when = min(published + dt.timedelta(days=1), monday + dt.timedelta(days=6))
        else:
            when = published
    else:  # weekend: its Saturday
        saturday = published - dt.timedelta(days=published.weekday()) + dt.timedelta(days=5)
        if shift:
            when = saturday + dt.timedelta(days=7 * shift)
        elif tense_past and saturday > published:  # "over the weekend" in a Thursday paper
            when = saturday - dt.timedelta(days=7)
        else:
            when = saturday
    future = shift > 0 or later or (not tense_past and _after(when, precision, published))
    return _found(match, when, precision, published, "relative", future and not _is_since(match))


def _ago(match: re.Match[str], published: dt.date | None, tense_past: bool) -> _Found | None:
    "two days ago, three weeks ago, a year ago; in two weeks (future)."
    if published is None:
        return None
    number = match["n"]
    count = int(number) if number.isdigit() else _NUMBERS[" ".join(number.lower().split())]
    unit = match["unit"].lower().rstrip("s")
    sign = 1 if match.groupdict().get("ahead") else -1
    precision: Precision = "day"
    if unit == "day":
        when = published + dt.timedelta(days=sign * count)
    elif unit == "week":
        when = published + dt.timedelta(weeks=sign * count)
    elif unit == "month":
        month = published.year * 12 + published.month - 1 + sign * count
        when, precision = dt.date(month // 12, month % 12 + 1, 1), "month"
    else:
        when, precision = dt.date(published.year + sign * count, 1, 1), "year"
    return _found(match, when, precision, published, "relative", sign > 0)


def _compile(pattern: str) -> re.Pattern[str]:
    return re.compile(rf"(?<![\w-]){pattern}(?![\w-])")


_WEEKDAY = rf"(?P<weekday>{'|'.join(_WEEKDAYS)})(?:\s+(?i:morning|afternoon|evening|night))?"
_DAY_WORD = (
    r"(?P<word>(?i:the\s+day\s+before\s+yesterday|the\s+day\s+after\s+tomorrow|today|tonight"
    r"|this\s+(?:morning|afternoon|evening)|earlier\s+today|later\s+today|yesterday|last\s+night|tomorrow))"
)
_WHICH_PERIOD = r"(?P<which>(?i:last|this|next|coming|earlier\s+this|later\s+this))"
_PART_OF = r"(?i:the\s+(?:end|beginning|start|middle)\s+of\s+)"  # "by the end of March"

_PATTERNS: list[tuple[re.Pattern[str], _Handler]] = [
    (_compile(rf"{_CUE}?(?P<year>\d{{4}})-(?P<month>\d{{2}})-(?P<day>\d{{2}})(?P<abbr>)"), _full_date),
    (_compile(rf"{_CUE}?{_MONTH}\s*{_DAY}{_SEP}{_YEAR}"), _full_date),
    (_compile(rf"{_CUE}?(?i:the\s+)?{_DAY}(?:\s+of)?\s+{_MONTH}{_SEP}{_YEAR}"), _full_date),
    (_compile(rf"{_CUE}?{_PHASE}?{_MONTH}\s+(?:of\s+)?{_YEAR}"), _month_year),
    (_compile(rf"{_CUE}{_PHASE}?{_YEAR}"), _year),
    (_compile(rf"{_YEAR}(?='s\b)"), _year),
    (_compile(rf"{_CUE}?{_MONTH}\s*{_DAY}(?!\s*[-,:]?\s*\d)"), _month_day),
    (_compile(rf"{_CUE}?(?i:the\s+)?{_DAY}(?:\s+of)?\s+{_MONTH}"), _month_day),
    (_compile(rf"(?:{_CUE}|(?P<which>(?i:last|next|this))\s+){_PART_OF}?{_PHASE}?{_FULL_MONTH}"), _month),
    (_compile(rf"{_PHASE}{_FULL_MONTH}"), _month),
    (_compile(rf"(?:(?P<which>(?i:last|next|this|past|coming))\s+|{_CUE})?{_WEEKDAY}"), _weekday),
    (_compile(_DAY_WORD), _day_word),
    (_compile(rf"{_CUE}?(?P<which>(?i:over|at|during))\s+the\s+(?P<period>(?i:weekend))"), _period),
    (_compile(rf"{_CUE}?{_WHICH_PERIOD}\s+(?P<period>(?i:week|weekend|month|year))"), _period),
    (_compile(rf"{_CUE}?{_NUMBER}\s+{_UNIT}\s+(?i:ago)"), _ago),
    (_compile(rf"(?P<ahead>(?i:in|within))\s+{_NUMBER}\s+{_UNIT}(?!\s+(?i:ago))"), _ago),
]
