"""Publication dates: whatever a scraper or a page wrote, as an ISO 'YYYY-MM-DD' or None."""

from __future__ import annotations

import re
from datetime import date, datetime

_MONTHS = {
    m: i
    for i, names in enumerate(
        [
            ("jan", "january"), ("feb", "february"), ("mar", "march"), ("apr", "april"),
            ("may",), ("jun", "june"), ("jul", "july"), ("aug", "august"),
            ("sep", "sept", "september"), ("oct", "october"), ("nov", "november"), ("dec", "december"),
        ],
        start=1,
    )
    for m in names
}
_ISO = re.compile(r"\b(\d{4})-(\d{1,2})-(\d{1,2})")
_SLASH_YMD = re.compile(r"\b(\d{4})/(\d{1,2})/(\d{1,2})\b")
_DMY_DOTS = re.compile(r"\b(\d{1,2})\.(\d{1,2})\.(\d{4})\b")
_MDY_NAME = re.compile(r"\b([A-Za-z]{3,9})\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})\b")
_DMY_NAME = re.compile(r"\b(\d{1,2})(?:st|nd|rd|th)?\s+([A-Za-z]{3,9})\.?,?\s+(\d{4})\b")


def _make(y: int, m: int, d: int) -> str | None:
    try:
        value = date(y, m, d)
    except ValueError:
        return None
    if not 1900 <= value.year <= 2100:
        return None
    return value.isoformat()


def parse_date(text: str | None) -> str | None:
    """The first date found in `text`, as 'YYYY-MM-DD'; None when there is none."""
    if not text or not isinstance(text, str):
        return None
    text = text.strip()[:200]
    if m := _ISO.search(text):
        return _make(int(m[1]), int(m[2]), int(m[3]))
    if m := _SLASH_YMD.search(text):
        return _make(int(m[1]), int(m[2]), int(m[3]))
    if m := _MDY_NAME.search(text):
        month = _MONTHS.get(m[1].lower())
        if month:
            return _make(int(m[3]), month, int(m[2]))
    if m := _DMY_NAME.search(text):
        month = _MONTHS.get(m[2].lower())
        if month:
            return _make(int(m[3]), month, int(m[1]))
    if m := _DMY_DOTS.search(text):
        return _make(int(m[3]), int(m[2]), int(m[1]))
    return None


def to_datetime(iso: str | None) -> datetime | None:
    if not iso:
        return None
    try:
        return datetime.strptime(iso, "%Y-%m-%d")
    except ValueError:
        return None
