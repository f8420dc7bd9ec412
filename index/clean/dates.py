"""Publication dates: whatever a scraper or a page wrote, as an ISO 'YYYY-MM-DD' or None.

Two jobs. `parse_field` reads a scraper's date field (ISO 8601 through `fromisoformat` first,
then as written text). `find_date` finds the date a page prints for its article among all its
lines: a cheap scan of the whole text for year-like numbers picks the few lines worth parsing,
`parse_date` reads each (numeric forms, and month names in the languages of
`MONTH_LANGUAGES`, taken from dateparser's tables of month names; CJK dates, Japanese era and
Minguo years, Thai dates in the Buddhist era), and the candidates are
weighed by where they stand (by the headline, in the body's header, in the footer), by the word
in front of them or on the line above ("Published", "Posted" against "Updated", "Last active")
and by how much of their line they are. A date in a sentence, in a web address, in a
masthead far above the headline, a copyright year or a relative "3 hours ago" is never the
article's date (and when the header gives only such an age, the copyright year does not stand
in for one: the article is recent, and January 1 would be wrong, not vague); nor are the dates
of a list of other articles (a rail by the headline, teasers below the body, a changelog), told
from the article's own by their order: what belongs to an
article (its closing line, its comments) is as old as it or newer. A date said to be the
publication's outranks an update's, and so do comments older than the update.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from functools import lru_cache
from operator import attrgetter
from typing import NamedTuple

from index.text.words import marks, other_digits

# Languages whose month names (full and abbreviated) are read; a name two of them give to
# different months is left out.
MONTH_LANGUAGES = ("en", "fr", "de", "es", "it", "pt", "nl", "ru", "uk", "pl", "sv", "da", "nb", "fi", "tr", "ro", "id", "cs",
                   "ar", "he", "el", "hu", "bg", "sk", "sl", "lt", "lv", "et", "ca", "vi", "fa", "sr", "eu", "gl",
                   "sq", "mk", "bs", "be", "ka", "hy", "az", "kk", "uz",
                   "hi", "bn", "mr", "ne", "ur", "ta", "te", "gu", "pa", "kn", "ml", "si", "am", "sw", "ms", "tl")
_ENGLISH = {
    "jan": 1, "january": 1, "feb": 2, "february": 2, "mar": 3, "march": 3, "apr": 4, "april": 4,
    "may": 5, "jun": 6, "june": 6, "jul": 7, "july": 7, "aug": 8, "august": 8, "sep": 9,
    "sept": 9, "september": 9, "oct": 10, "october": 10, "nov": 11, "november": 11, "dec": 12,
    "december": 12,
}
_MONTH_KEYS = ("january", "february", "march", "april", "may", "june", "july", "august",
               "september", "october", "november", "december")
# Years a publication date may have
MIN_YEAR, MAX_YEAR = 1950, 2049


@lru_cache(maxsize=1)
def month_names() -> dict[str, int]:
    """Month name (lowercase, no dot) -> month number, in every language of MONTH_LANGUAGES."""
    import importlib

    names: dict[str, set[int]] = {k: {v} for k, v in _ENGLISH.items()}
    for lang in MONTH_LANGUAGES:
        try:
            info = importlib.import_module(f"dateparser.data.date_translation_data.{lang}").info
        except (ImportError, AttributeError):
            continue
        for number, key in enumerate(_MONTH_KEYS, start=1):
            for name in info.get(key, ()):
                name = name.lower().rstrip(".")
                if len(name) >= 3 and not any(ch.isdigit() for ch in name):
                    names.setdefault(name, set()).add(number)
    return {name: next(iter(months)) for name, months in names.items() if len(months) == 1}


# Every script's decimal digits as ASCII ones ("١٥ مارس ٢٠٢٤", "१५ मार्च २०२४", "۱۴۰۲"), one
# character for one: a date's place in its line stays where it was.
_DIGITS = other_digits()
# (found first with one search: a translate through that table costs ~0.1 µs a character, on
# every page with a "©" or a curly quote)
_OTHER_DIGIT = re.compile("[" + "".join(map(chr, sorted(_DIGITS))) + "]")


def ascii_digits(text: str) -> str:
    """`text` with every decimal digit written as an ASCII one."""
    if text.isascii() or not _OTHER_DIGIT.search(text):
        return text
    return text.translate(_DIGITS)


def _make(y: int, m: int, d: int) -> str | None:
    if not MIN_YEAR <= y <= MAX_YEAR:
        return None
    try:
        return date(y, m, d).isoformat()
    except ValueError:
        return None


# (a month's name in an Indic script holds vowel signs: combining marks, no letters to `\w`)
_MONTH = rf"((?:[^\W\d_]|[{marks()}]){{3,12}})\.?"
_DAY = r"(\d{1,2})(?:st|nd|rd|th|er|º|\.)?"
_YEAR = r"(\d{4})(?!\d)"
_SEP = r"\s*[,.]?\s+(?:de\s+|of\s+)?"
_NAMED = [
    # "Nov. 20, 2019", "November 6th, 2025", "December 19. 2025", "Friday December 19, 2025"
    (re.compile(r"(?<!\w)" + _MONTH + r"\s+" + _DAY + _SEP + _YEAR), "mdy"),
    # "18 November 2019", "27 de octubre de 2019", "5th of March, 2024", "Le 27 octobre 2019", "27 октября 2019", "02 Ago 2017"
    (re.compile(r"(?<![\w.])" + _DAY + r"\s*(?:de\s+|of\s+)?" + _MONTH + _SEP.replace(r"\s+", r"\s*") + _YEAR), "dmy"),
    # "04-ago-2021", "20-Dec-2025"
    (re.compile(r"(?<![\w.])(\d{1,2})-([^\W\d_]{3,12})-(\d{4})(?!\d)"), "dmy"),
    # Year first, as Hungarian and Lithuanian write it: "2025. március 3.", "2025 m. kovo 3 d."
    # (the year's dot or "m." is asked for: "in 2024 may 5 ..." is not a date)
    (re.compile(r"(?<![\w.])" + _YEAR + r"(?:\.|\s+m\.)\s*" + _MONTH + r"\s+(\d{1,2})(?!\d)"), "ymd"),
]
_ISO = re.compile(r"(?<![\d.])(\d{4})\s*([-/.–])\s*(\d{1,2})\s*\2\s*(\d{1,2})(?![\d])")
_NUMERIC = re.compile(r"(?<![\d./-])(\d{1,2})([/.-])(\d{1,2})\2(\d{4}|\d{2})(?![\d./-])")
# "2025年3月3日" (Chinese, Japanese), "2025년 3월 3일" (Korean)
_CJK = re.compile(r"(\d{4})\s*[年년]\s*(\d{1,2})\s*[月월]\s*(\d{1,2})\s*[日일]")
_COMPACT = re.compile(r"^(?:\D{0,12}\s)?((?:19|20)\d{2})(\d{2})(\d{2})$")
# A Japanese era's year or Taiwan's Minguo year ("令和6年3月5日", "平成元年4月1日", "民國113年3月5日"),
# and the Gregorian year before each era's first
_ERA = re.compile(r"(令和|平成|昭和|民國|民国)\s*(元|\d{1,3})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日")
_ERA_START = {"令和": 2018, "平成": 1988, "昭和": 1925, "民國": 1911, "民国": 1911}
# Thai months, full and abbreviated ("5 มีนาคม 2567", "5 มี.ค. 2567"), with a year of the Buddhist
# era (543 years ahead) or the Gregorian one. (Their vowel signs are no letters to `_MONTH`.)
_THAI_MONTHS = ("มกราคม", "กุมภาพันธ์", "มีนาคม", "เมษายน", "พฤษภาคม", "มิถุนายน", "กรกฎาคม", "สิงหาคม", "กันยายน",
                "ตุลาคม", "พฤศจิกายน", "ธันวาคม")
_THAI_SHORT = ("ม.ค.", "ก.พ.", "มี.ค.", "เม.ย.", "พ.ค.", "มิ.ย.", "ก.ค.", "ส.ค.", "ก.ย.", "ต.ค.", "พ.ย.", "ธ.ค.")
_THAI_MONTH = {name: n for names in (_THAI_MONTHS, _THAI_SHORT) for n, name in enumerate(names, start=1)}
_THAI = re.compile(r"(?<!\d)(\d{1,2})\s*(" + "|".join(map(re.escape, sorted(_THAI_MONTH, key=len, reverse=True)))
                   + r")\s*(?:พ\.ศ\.\s*|ค\.ศ\.\s*)?(\d{4})(?!\d)")
BUDDHIST_ERA = 543


def _named(text: str) -> tuple[int, str] | None:
    best = None
    months = None
    for rx, order in _NAMED:
        for m in rx.finditer(text):
            if best is not None and m.start() >= best[0]:
                break
            if months is None:
                months = month_names()
            if order == "mdy":
                month, day, year = months.get(m[1].lower()), int(m[2]), int(m[3])
            elif order == "ymd":
                year, month, day = int(m[1]), months.get(m[2].lower()), int(m[3])
            else:
                day, month, year = int(m[1]), months.get(m[2].lower()), int(m[3])
            if month:
                iso = _make(year, month, day)
                if iso:
                    best = (m.start(), iso)
                    break
    return best


def _numeric(text: str, month_first: bool) -> tuple[int, str] | None:
    for m in _ISO.finditer(text):
        iso = _make(int(m[1]), int(m[3]), int(m[4]))
        if iso:
            return m.start(), iso
    for m in _NUMERIC.finditer(text):
        a, sep, b, y = int(m[1]), m[2], int(m[3]), m[4]
        if len(y) == 2:
            if sep != ".":
                continue  # "3/4/19" is too often a score, a fraction or a version
            year = 2000 + int(y)
        else:
            year = int(y)
        if a > 12 or (b <= 12 and not (month_first and sep == "/")):
            day, month = a, b
        else:
            month, day = a, b
        iso = _make(year, month, day)
        if iso:
            return m.start(), iso
    return None


def parse_date_at(text: str, month_first: bool = True) -> tuple[int, str] | None:
    """(where it starts, 'YYYY-MM-DD') of the first date written in `text`, or None.

    `month_first`: read an ambiguous "03/04/2019" as March 4 (American usage, for English
    pages) rather than 3 April; dotted dates are always day first.
    """
    if not text or not isinstance(text, str):
        return None
    return _parse_date_at(text[:300], bool(month_first))


# A page's date-like lines are parsed several times (is it a date line, a byline's date, the
# article's date?), and an outlet's furniture repeats from page to page.
@lru_cache(maxsize=8192)
def _parse_date_at(text: str, month_first: bool) -> tuple[int, str] | None:
    text = ascii_digits(text)
    found = [f for f in (_numeric(text, month_first), _named(text)) if f]
    if m := _CJK.search(text):
        iso = _make(int(m[1]), int(m[2]), int(m[3]))
        if iso:
            found.append((m.start(), iso))
    if "年" in text and (m := _ERA.search(text)):
        iso = _make(_ERA_START[m[1]] + (1 if m[2] == "元" else int(m[2])), int(m[3]), int(m[4]))
        if iso:
            found.append((m.start(), iso))
    if _has_thai(text) and (m := _THAI.search(text)):
        year = int(m[3])
        iso = _make(year - BUDDHIST_ERA if year > MAX_YEAR + BUDDHIST_ERA - 100 else year, _THAI_MONTH[m[2]], int(m[1]))
        if iso:
            found.append((m.start(), iso))
    if not found and (m := _COMPACT.match(text.strip())):
        iso = _make(int(m[1]), int(m[2]), int(m[3]))
        if iso:
            found.append((0, iso))
    return min(found) if found else None


def _has_thai(text: str) -> bool:
    """Whether `text` holds a Thai letter (asked only of text that is not ASCII)."""
    return not text.isascii() and _THAI_LETTER.search(text) is not None


_THAI_LETTER = re.compile("[\u0e00-\u0e7f]")


def parse_date(text: str | None, month_first: bool = True) -> str | None:
    """The first date written in `text`, as 'YYYY-MM-DD'; None when there is none."""
    found = parse_date_at(text, month_first) if isinstance(text, str) else None
    return found[1] if found else None


def parse_field(value: object) -> str | None:
    """A scraper's date field: ISO 8601 (`fromisoformat`) first, else a date written as text."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        try:  # a Unix timestamp (seconds, or milliseconds)
            stamp = value / 1000 if value > 1e11 else value
            found = datetime.utcfromtimestamp(stamp).date()
        except (OverflowError, OSError, ValueError):
            return None
        return found.isoformat() if MIN_YEAR <= found.year <= MAX_YEAR else None
    if not isinstance(value, str):
        return None
    text = value.strip()
    try:
        found = datetime.fromisoformat(text[:-1] + "+00:00" if text.endswith("Z") else text)
    except ValueError:
        return parse_date(text)
    return found.date().isoformat() if MIN_YEAR <= found.year <= MAX_YEAR else None


def to_datetime(iso: str | None) -> datetime | None:
    if not iso:
        return None
    try:
        return datetime.strptime(iso, "%Y-%m-%d")
    except ValueError:
        return None


# -- finding the article's date among a page's lines ----------------------------------------------

# What makes a line worth parsing: a plausible year, a numeric date with a two-digit year, a CJK date
_CANDIDATE = re.compile(r"[12][09][0-9][0-9]")
_SHORT_DOTTED = re.compile(r"(?<![\d.])\d{1,2}\.\d{1,2}\.\d{2}(?![\d.])")
# What every match of it holds: a search that skips along to a digit, where its lookbehind is
# tried at every character of a paragraph
_SHORT_DOTTED_HINT = re.compile(r"\d\.\d")
# Words in front of a date that say it is the article's: in the languages most pages are in
_PUBLISHED = re.compile(
    r"\b(?:published|posted|posted on|date|dated|released|publié|publiée|le|veröffentlicht|"
    r"am|publicado|publicada|el|pubblicato|il|gepubliceerd|op|opublikowano|опубликовано|"
    r"публикация|written|created|on)\b[\s:|,]*$",
    re.IGNORECASE,
)
_UPDATED = re.compile(
    r"\b(?:updated?|modified|last|edited|revised|reviewed|aktualisiert|mis à jour|actualizado|"
    r"aggiornato|bijgewerkt|обновлено|commented|replied|writes|wrote|said)\b",
    re.IGNORECASE,
)
_NEVER = re.compile(
    r"\b(?:last (?:active|seen|login)|joined|member since|expires?|expiry|valid (?:until|through)|"
    r"deadline|ends|until|due|starts|opens|event)\b",
    re.IGNORECASE,
)
_COPYRIGHT = re.compile(r"©|\(c\)|copyright|all rights reserved", re.IGNORECASE)
_RELATIVE = re.compile(r"\b(?:ago|hours?|minutes?|yesterday|today)\b", re.IGNORECASE)
_TIME = re.compile(r"\b\d{1,2}[:.h]\d{2}\b")
# When a page says its article's age ("2 hours ago", "vor 3 Stunden", "3小时前"): the article is
# recent, and a copyright year would give it a wrong date, not a vaguer one
_AGE = re.compile(
    r"\b\d{1,2}\s*(?:min(?:ute)?s?|h(?:ours?|rs?)?|days?|weeks?|months?)\s+ago\b|\byesterday\b|"
    r"\bvor\s+\d{1,2}\s+(?:minuten|stunden|tagen|wochen)\b|\bil\s+y\s+a\s+\d{1,2}\s+(?:minutes?|heures?|jours?|semaines?)\b|"
    r"\bhace\s+\d{1,2}\s+(?:minutos?|horas?|días?|semanas?)\b|\bhá\s+\d{1,2}\s+(?:minutos?|horas?|dias?|semanas?)\b|"
    r"\b\d{1,2}\s+(?:минут[ауы]?|час(?:а|ов)?|дн(?:я|ей)|день|недел[юиь])\s+назад\b|"
    r"\d{1,2}\s*(?:分钟|小时|小時|天|分|時間|日)前|\d{1,2}\s*(?:분|시간|일)\s*전|"
    r"\b\d{1,2}\s+(?:dakika|saat|gün)\s+önce\b|\b\d{1,2}\s+(?:minut[ay]?|godzin[ay]?|dni)\s+temu\b",
    re.IGNORECASE)
AGE_LINE_WORDS = 12      # a longer line with "2 hours ago" in it is a sentence
# A news agency's dateline before the date ("NEW YORK (AP) — March 5, 2024 — ...", "PARIS, 5 mars
# 2024 (AFP) -"): the place in capitals, a state or country, the agency
_DATELINE_LEAD = re.compile(
    r"[^\W\d_a-zà-ÿа-яё]{2,}(?:[ -][^\W\d_a-zà-ÿа-яё]{2,}){0,3}\.?(?:,\s*[A-Z][\w.]*(?:\s+[A-Z][\w.]*)?)?\s*"
    r"(?:\((?:[A-Z][\w&.]*(?:\s+[A-Z][\w&.]*){0,2})\))?\s*[,:—–-]*\s*")
DATELINE_REACH = 48      # how far into a long line a date after a dateline may start

# A time in an American zone ("8:15 AM EST", "10:02 a.m. PT"): the page writes dates month first
_AMERICAN_ZONE = re.compile(r"\d:\d\d(?:\s*[aApP]\.?[mM]\.?)?\s+\(?(?:E|C|M|P|AK|H)[SD]?T\b")
# What may stand between a line's start and a date that is the line's whole point
_LEAD_PUNCT = " •·|-–—»>:[(,"
# A date that is part of a web address ("example.org/2019/10/27/story"): the linked page's
_ADDRESS = re.compile(r"(?:://|www\.|[\w-]\.[a-z]{2,}/)\S*$", re.IGNORECASE)
# A line that is nothing but the label of the date under it ("Published", "Last updated:")
_LABEL = re.compile(
    r"^(?:(?:last\s+)?(?:updated?|modified|edit|edited|revised|reviewed|aktualisiert|mis à jour|actualizado|"
    r"aggiornato|bijgewerkt|обновлено)|(?:first\s+|originally\s+)?(?:date\s+)?(?:\(re\)|re-?)?"
    r"(?:published|publish(?:ed)?\s+date|posted|released|date|publié|publiée|veröffentlicht|publicado|"
    r"publicada|pubblicato|gepubliceerd|opublikowano|опубликовано|публикация))"
    r"(?:\s+(?:on|at|am|le|el|il|op))?\s*:?$",
    re.IGNORECASE,
)
# A heading over teasers of other articles ("Related posts", "You may also like", "À lire aussi")
_TEASERS_HEADING = re.compile(
    r"^\W*(?:explore\s+|see\s+)?(?:related|recommended|more\s+(?:from|news|stories|articles|posts|in|on|like\s+this)|"
    r"you\s+(?:may|might)\s+also|read\s+(?:more|next|also)|further\s+reading|latest\s+(?:news|posts|articles|stories)|"
    r"recent\s+(?:posts|articles|stories)|popular|trending|ähnliche|mehr\s+zum\s+thema|weitere\s+artikel|"
    r"(?:à\s+)?lire\s+aussi|sur\s+le\s+même\s+sujet|artículos\s+relacionados|te\s+puede\s+interesar|"
    r"articoli\s+correlati|leggi\s+anche|gerelateerd|lees\s+ook|veja\s+também|leia\s+também)",
    re.IGNORECASE,
)
TEASERS_HEADING_WORDS = 6  # a longer line is a sentence, not a heading
# Words that say a date is the publication's, wherever they stand on its line
_SAID_PUBLISHED = re.compile(
    r"\b(?:published|publish|posted|released|publié|publiée|veröffentlicht|publicado|publicada|pubblicato|"
    r"gepubliceerd|opublikowano|опубликовано|публикация)",
    re.IGNORECASE,
)

MAX_CANDIDATES = 40       # lines parsed at most per page (the first ones with a year)
DATE_LINE_WORDS = 25      # a longer line is prose: a date in it is what the story is about
LEDE_REACH = 24           # how far into a long line (a lede) its opening date may reach
HEADER_REACH = 12         # non-blank lines around the headline that make its header
# A page that writes an unambiguous month-first date ("11/19/2019") writes them all so
_MONTH_FIRST = re.compile(r"(?<![\d/])(?:0?[1-9]|1[0-2])/(?:1[3-9]|2\d|3[01])/\d{4}(?!\d)")
_BYLINE_OPENERS = frozenset({"by", "published", "posted", "written", "von", "par", "por", "di", "door", "автор"})
_WEEKDAY_TAIL = re.compile(r"(?:\b[^\W\d_]{2,12}\.?,?\s*)$")
# "© 2025 Outlet", "Copyright 2019 The Post": the one year a page without a date line shows
_COPYRIGHT_YEAR = re.compile(r"(?:©|\(c\)|copyright)\D{0,40}?(?<!\d)((?:19|20)\d{2})(?!\d)(?!\s*[-–—/]\s*\d)", re.IGNORECASE)

# Candidate weights (points): where the date stands, what precedes it, how much else its line says
W_HEADER = 3.0            # within HEADER_REACH lines of the headline, or just above the body
W_HEADER_DISTANCE = 0.1   # per line away from the headline
W_BODY = 0.8              # a date line inside the body (a caption, an embedded post, a timeline)
W_FOOTER = 0.4            # after the body (comments, related articles)
W_ELSEWHERE = 1.0         # above the header (navigation, a site banner's date)
W_CUE = 1.0               # nothing but punctuation before it, or "Published", "Posted on", ...
W_NAME = 0.8              # a few words before it: a byline's name ("Jane Doe  Nov 20, 2019")
W_UPDATED = 1.0           # "Updated", "Last active", "commented": a later date than the article's
W_WORDY = 0.1             # per word before the date beyond the first four
W_TRAILING = 0.06         # per word after the date beyond the first four (an event listing)
MIN_SCORE = -1.0          # below this, a copyright year says more
MASTHEAD_LINES = 3        # a page's first non-blank lines: where a site prints the day's date
CARD_CUES = 3             # dated lines saying "Published"/"Posted" that are a list's cards
RUN_GAP = 4               # non-blank lines from one teaser's date to the next's, at most
TEASER_RUN = 4            # dated lines that make a list (more than a blog's closing line and
#                           its previous and next posts)


def _distance(lines, a: int, b: int) -> int:
    """Non-blank lines from line a to line b (as a reader counts them), up to HEADER_REACH + 1."""
    if a > b:
        a, b = b, a
    seen = 0
    for k in range(a + 1, b + 1):
        if not lines[k].blank:
            seen += 1
            if seen > HEADER_REACH:
                break
    return seen


class Candidate(NamedTuple):
    """A date line of the page, weighed."""
    score: float
    line: int
    date: str
    published: bool     # its words say it is the publication's ("Published", "Posted")
    updated: bool       # ...or a later change's ("Updated", "Reviewed")
    byline: bool        # it opens with a byline ("By Jane Doe, 2 May 2023")


def _in_masthead(lines, i: int) -> bool:
    """Whether line i is among the page's first MASTHEAD_LINES non-blank lines."""
    seen = 0
    for k in range(i):
        if not lines[k].blank:
            seen += 1
            if seen >= MASTHEAD_LINES:
                return False
    return True


def _in_address(before: str) -> bool:
    """Whether a date starting right after `before` is inside a web address."""
    return bool(before) and not before[-1].isspace() and _ADDRESS.search(before) is not None


def _label_above(lines, i: int) -> str:
    """The line above line i (a blank line between allowed) when it is only a date's label."""
    for k in (i - 1, i - 2):
        if k < 0:
            break
        if lines[k].blank:
            continue
        label = lines[k].stripped
        return label if len(label) <= 40 and _LABEL.match(label) else ""
    return ""


def _published_after(text: str, at: int, iso: str, month_first: bool) -> tuple[int, str, str] | None:
    """(where, date, the words before it) of a date that `text` says is the publication's,
    after the one at `at` ("Updated 5 Jan 2024 | Published 30 Dec 2023"), or None."""
    year = iso[:4]
    end = text.find(year, at)
    if end >= 0:
        end += 4
    elif (end := text.find(year[2:], at)) >= 0:  # a dotted two-digit year: "05.03.24"
        end += 2
    else:
        return None
    rest = text[end:]
    found = parse_date_at(rest, month_first)
    if found is None:
        return None
    lead = rest[:found[0]]
    if not _SAID_PUBLISHED.search(lead) or _UPDATED.search(lead):
        return None
    return end + found[0], found[1], lead


def _dateline_opens(text: str) -> bool:
    """Whether `text` opens with a dateline's place in capitals ("NEW YORK (AP) — ...")."""
    return len(text) > 2 and text[:2].isupper() and _DATELINE_LEAD.match(text) is not None


def _aged(lines, lo: int, hi: int) -> bool:
    """Whether a short line of the header (lines lo to hi) gives the article's age ("2 hours
    ago", "Yesterday"; `_AGE`) instead of its date."""
    for k in range(lo, hi):
        line = lines[k]
        if not line.blank and line.n_words <= AGE_LINE_WORDS and _AGE.search(line.stripped):
            return True
    return False


def _teasers_below(candidates, bottom: int) -> bool:
    """Whether the dates below the article are a list of other articles: TEASER_RUN or more, one
    of them older than the first. What belongs to the article (its own closing line, its
    comments) is as old as it or newer; an older date under the first says the list holds
    older articles (teasers run newest first, or as an editor or an algorithm chose)."""
    below = [c.date for c in candidates if c.line >= bottom]
    return len(below) >= TEASER_RUN and min(below) < below[0]


def _teaser_runs_above(lines, candidates, anchor: int, top: int, bottom: int) -> set[int]:
    """Lines of the dated runs above the article's end that are lists of other articles (a
    rail of "Latest" links by the headline, a changelog in the body): TEASER_RUN or more dated
    lines, each within RUN_GAP non-blank lines of the one before, one of them older than the
    first. A run stops at the headline, at the body's start and at a byline ("By Jane Doe, 2 May
    2023"): the article's own date is no teaser."""
    dropped: set[int] = set()
    run: list[Candidate] = []
    part = -1
    for c in [*candidates, Candidate(0.0, bottom, "", False, False, True)]:
        here = (c.line >= anchor) + (c.line >= top) + (c.line >= bottom)
        if c.byline or here != part or (run and _distance(lines, run[-1].line, c.line) > RUN_GAP):
            if len(run) >= TEASER_RUN and min(r.date for r in run) < run[0].date:
                dropped.update(r.line for r in run)
            run, part = [], here
        if c.line >= bottom:
            break
        if not c.byline:
            run.append(c)
    return dropped


def _run_under_teasers_heading(lines, candidates, bottom: int) -> set[int]:
    """Lines of the dated run below the article that starts right under a heading over teasers
    ("Related articles", then a date within RUN_GAP non-blank lines, and so on)."""
    below = [c.line for c in candidates if c.line >= bottom]
    if not below:
        return set()
    heading = None
    for k in range(bottom, below[-1]):
        line = lines[k]
        if not line.blank and line.n_words <= TEASERS_HEADING_WORDS and _TEASERS_HEADING.match(line.stripped):
            heading = k
            break
    if heading is None:
        return set()
    run: set[int] = set()
    last = heading
    for i in below:
        if i <= heading:
            continue
        if _distance(lines, last, i) > RUN_GAP:
            break
        run.add(i)
        last = i
    return run


def _thread_start(candidates, bottom: int) -> str | None:
    """The first date of a comment thread below the article (TEASER_RUN or more dates, none
    older than the first, as comments run), or None."""
    below = [c.date for c in candidates if c.line >= bottom]
    return below[0] if len(below) >= TEASER_RUN and min(below) == below[0] else None


# `_CANDIDATE` read on bytes: "1" and "2" become "x", "0" and "9" "y", the other ASCII digits "z",
# a newline stays, anything else is a space. (`[12][09][0-9][0-9]` matches ASCII digits only, and
# a UTF-8 byte of any other character is no ASCII byte.)
_YEAR_MARKS = bytes(10 if b == 10 else 120 if b in b"12" else 121 if b in b"09" else 122 if 48 <= b <= 57 else 32
                    for b in range(256))


def _year_lines(text: str) -> list[tuple[int, int]]:
    """(line, offset in it) of the first `_CANDIDATE` match of each line of `text` that has one.

    (A regular expression that opens with a character class is tried at every character:
    the text's bytes mapped to marks by one `bytes.translate`, a plain `find` of the first two
    marks skips to each place where a year may start.)"""
    raw = text.encode("utf-8", "surrogatepass")
    marks = raw.translate(_YEAR_MARKS)
    size = len(marks)
    ascii_text = size == len(text)
    picked: list[tuple[int, int]] = []
    i, pos = 0, 0
    at = marks.find(b"xy")
    while at >= 0:
        if at + 3 >= size or marks[at + 2] < 120 or marks[at + 3] < 120:  # (two more digits)
            at = marks.find(b"xy", at + 1)
            continue
        # (the first year of a line; the search goes on from the next line)
        i += marks.count(b"\n", pos, at)
        start = marks.rfind(b"\n", 0, at) + 1
        picked.append((i, at - start if ascii_text else len(raw[start:at].decode("utf-8", "surrogatepass"))))
        pos = marks.find(b"\n", at)
        if pos < 0:
            break
        at = marks.find(b"xy", pos)
    return picked


def find_date(lines, title_idx: int | None, body_start: int | None, body_end: int | None,
              month_first: bool = False) -> str | None:
    """The publication date the page prints for its article, or None.

    `lines` are the cleaner's `Line`s; the headline and the body's bounds (line indexes, any of
    them None when unknown) say where the article's header is. Ambiguous numeric dates are read
    day first unless `month_first` or the page writes an unambiguous month-first date. When
    no line gives a date, a copyright line's single year gives January 1 of that year (as
    htmldate does): the least precise date a page can show. See the module docstring.
    """
    n = len(lines)
    if not n:
        return None
    text = "\n".join([line.text for line in lines])
    if not all(line.ascii_letters for line in lines):  # (other digits stand only in a line of other letters)
        text = ascii_digits(text)
    anchor = title_idx if title_idx is not None else (body_start if body_start is not None else 0)
    anchor = min(max(anchor, 0), n - 1)
    top = body_start if body_start is not None else anchor
    bottom = body_end if body_end is not None else n
    # The lines worth parsing: those with a plausible year (`_year_lines`: the only step that
    # reads every character), and the header's lines with a dotted two-digit-year date ("14.11.24").
    picked = _year_lines(text)  # (line, offset of the year in it)
    lo, hi = max(0, anchor - HEADER_REACH), min(n, anchor + HEADER_REACH * 2)
    have = {i for i, _ in picked}
    for i in range(lo, hi):
        line = lines[i]
        if i in have:
            continue
        if ("年" in line.stripped and _ERA.search(line.stripped)) or (_has_thai(line.stripped) and _THAI.search(line.stripped)):
            picked.append((i, 0))  # "令和6年3月5日", "5 มีนาคม 2567": an era's year, which the scan for years misses
            continue
        if "." not in line.stripped:
            continue
        # (a long line is read only as far as LEDE_REACH: its date must open it)
        end = len(line.stripped) if line.n_words <= DATE_LINE_WORDS else LEDE_REACH + 12
        if _SHORT_DOTTED_HINT.search(line.stripped, 0, end) and _SHORT_DOTTED.search(line.stripped, 0, end):
            picked.append((i, 0))
    if not picked:
        return None
    picked.sort()
    tried = 0
    copyright_year = None
    jobs = []
    for i, offset in picked:
        line = lines[i]
        long = line.n_words > DATE_LINE_WORDS
        if long and offset > len(line.text) - len(line.text.lstrip()) + LEDE_REACH and not (
                offset <= DATELINE_REACH and _dateline_opens(line.stripped)):
            continue  # prose: its date is what the story tells of
        if _COPYRIGHT.search(line.stripped):
            if copyright_year is None and (c := _COPYRIGHT_YEAR.search(line.stripped)):
                copyright_year = c[1]
            continue
        jobs.append((i, line, long))
    month_first = month_first or any("/" in line.stripped and (_MONTH_FIRST.search(line.stripped)
                                                                or _AMERICAN_ZONE.search(line.stripped))
                                     for _, line, _ in jobs[:MAX_CANDIDATES])
    candidates: list[Candidate] = []
    for i, line, long in jobs:
        tried += 1
        if tried > MAX_CANDIDATES:
            break
        # (a long line counts only when it opens with the date: "Nov 20, 2019 — The council ...")
        found = parse_date_at(line.stripped[:DATELINE_REACH + 12] if long else line.stripped, month_first)
        if found is None or (long and found[0] > 2 and not (line.stripped[:2].isupper()
                                                             and _DATELINE_LEAD.fullmatch(line.stripped, 0, found[0]))):
            continue
        at, iso = found
        before = line.stripped[:at]
        if _NEVER.search(before):
            continue  # a member's last visit, an offer's end: never the article's date
        if _in_address(before):
            continue  # a link's date ("example.org/2019/10/27/story"): the linked page's
        if i < anchor - HEADER_REACH and _in_masthead(lines, i) and _distance(lines, i, anchor) > HEADER_REACH:
            continue  # the masthead's date, far above the headline: the day the page was served
        if not before.strip(_LEAD_PUNCT) and (label := _label_above(lines, i)):
            before = label + " "  # "Published" / "Updated" on the line above: the date's cue
        distance = _distance(lines, anchor, i)
        # the header: by the headline and above the body's first lines, or those lines themselves
        in_header = (distance <= HEADER_REACH and i <= max(top, anchor) + 3) or top <= i <= top + 3
        updated = _UPDATED.search(before)
        if updated and not long and (later := _published_after(line.stripped, at, iso, month_first)):
            at, iso, before = later  # "Updated 5 Jan 2024 | Published 30 Dec 2023"
            updated = None
        if updated and i >= bottom and not updated[0].lower().startswith(("comment", "repl", "writ", "wrote")):
            continue  # a page's last change, in its footer: not when the article was published
        if in_header:
            score = W_HEADER - W_HEADER_DISTANCE * distance
        elif top < i < bottom:
            score = W_BODY
        elif i >= bottom:
            score = W_FOOTER
        else:
            score = W_ELSEWHERE
        lead = _WEEKDAY_TAIL.sub("", before) if before.rstrip().endswith(",") or len(before) < 40 else before
        bare = not lead.strip(_LEAD_PUNCT).strip() or (lead[:1].isupper() and _DATELINE_LEAD.fullmatch(lead) is not None)
        lead_words = lead.split()
        byline = bool(lead_words) and lead_words[0].lower().rstrip(":") in _BYLINE_OPENERS
        if not (bare or byline) and line.end_punct and line.n_words > 10 and line.stop_hits >= 3:
            continue  # a sentence (a caption, a paragraph): its date is what it tells of
        if bare or byline or (_PUBLISHED.search(lead) and len(lead_words) <= 3):
            score += W_CUE
        elif len(lead_words) <= 4:
            score += W_NAME
        if updated:
            score -= W_UPDATED
        score -= W_WORDY * max(0, len(lead_words) - 4)
        score -= W_TRAILING * max(0, len(line.stripped[at:].split()) - 7)  # (the date's own ~3 words)
        candidates.append(Candidate(score, i, iso, bool(_SAID_PUBLISHED.search(before)), bool(updated), byline))
    if len(candidates) >= CARD_CUES and sum(c.published for c in candidates) >= CARD_CUES:
        # "Posted on ..." on every item of a list: each card's words, none the article's own
        candidates = [c._replace(published=False) for c in candidates]
    if len(candidates) >= TEASER_RUN and _teasers_below(candidates, bottom):
        candidates = [c for c in candidates if c.line < bottom or c.published]
    elif teasers := _run_under_teasers_heading(lines, candidates, bottom):
        candidates = [c for c in candidates if c.line not in teasers or c.published]
    if len(candidates) >= TEASER_RUN and (teasers := _teaser_runs_above(lines, candidates, anchor, top, bottom)):
        candidates = [c for c in candidates if c.line not in teasers or c.published]
    best = max(candidates, key=attrgetter("score"), default=None)  # (the first of equals)
    if best is not None and best.updated:
        # a date said to be the publication's, wherever it stands ("First published 2 May 2024" at
        # the foot), outranks an update's
        best = max((c for c in candidates if c.published and not c.updated), key=attrgetter("score"), default=best)
    if best is not None and best.updated and (thread := _thread_start(candidates, bottom)) and thread < best.date:
        return thread  # comments older than the last update: the article was there before them
    if best is not None and best.score >= MIN_SCORE:
        return best.date
    if copyright_year is None:
        for line in lines[-HEADER_REACH * 3:]:
            if (c := _COPYRIGHT_YEAR.search(line.stripped)) is not None:
                copyright_year = c[1]
                break
    if copyright_year is None or _aged(lines, lo, hi):
        return None  # ("2 hours ago" by the headline: a copyright year would be a wrong date)
    return _make(int(copyright_year), 1, 1)
