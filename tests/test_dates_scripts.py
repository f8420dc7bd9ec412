"""Dates as pages in other scripts print them: with their own digits (Arabic-Indic, Persian,
Devanagari, full-width) and with month names whose letters carry vowel signs (Hindi, Bengali,
Tamil). Each page is hand-written: a site name, a menu, the headline, the date line, the article."""

from __future__ import annotations

import pytest

from index.clean.cleaner import clean
from index.clean.dates import parse_date

HEADLINE = "Council approves new cycle lanes for city centre"
BODY = (
    "The city council voted on Tuesday to build six kilometres of protected cycle lanes through the centre.",
    "Work will start in the spring and should take about eighteen months, the council said.",
    "Shop owners on the high street said they feared losing parking spaces during the works.",
)


@pytest.mark.parametrize("line, day", [
    ("١٥ مارس ٢٠٢٤", "2024-03-15"),           # Arabic-Indic digits
    ("१५ मार्च २०२४", "2024-03-15"),            # Devanagari digits, a Hindi month
    ("15 मार्च 2024", "2024-03-15"),            # a Hindi month
    ("১৫ মার্চ ২০২৪", "2024-03-15"),            # Bengali
    ("15 மார்ச் 2024", "2024-03-15"),            # Tamil
    ("２０２４年３月１５日", "2024-03-15"),          # full-width digits
    ("Published ۲۰۲۴-۰۳-۱۵", "2024-03-15"),     # Persian digits, ISO order
])
def test_a_date_in_another_scripts_digits_or_months_is_read(line, day):
    assert parse_date(line) == day
    for header in ([HEADLINE, line], [line, HEADLINE]):
        page = "\n\n".join(["The Evening Post", "News\nSport", *header, *BODY]) + "\n"
        cleaned = clean(page)
        assert cleaned.date == day
        assert cleaned.title == HEADLINE and cleaned.paragraphs == BODY


def test_a_year_of_another_calendar_is_no_date():
    # 1402 of the Solar Hijri calendar is not a Gregorian year a page is published in
    assert parse_date("۱۵ اسفند ۱۴۰۲") is None
