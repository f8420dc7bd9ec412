"""Dates, round 9 (issue 20): forms of a publication date that pages of sites we never saw
write. A Japanese era's or Taiwan's Minguo year, a date after a news agency's dateline, and a
page that gives only the article's age ("6 hours ago"), whose copyright year must not stand in
for a date. The forms earlier rounds read (weekdays and time zones, ordinals, CJK dates) are
pinned too."""

from __future__ import annotations

import pytest

from tests.test_dates import BODY, page

from index.clean.cleaner import clean
from index.clean.dates import parse_date

HEADLINE = "Council approves budget after a long night"
LEDE_TAIL = ("The council approved the new budget on Monday after a debate that lasted well into the night, "
             "with members arguing over the cost of the bridge repairs and the schools programme.")


def dated(line: str) -> str | None:
    return clean(page(HEADLINE, line)).date


@pytest.mark.parametrize("text, expected", [
    ("令和6年3月5日", "2024-03-05"),
    ("令和元年5月1日", "2019-05-01"),
    ("平成31年4月1日 10:30", "2019-04-01"),
    ("昭和64年1月7日", "1989-01-07"),
    ("民國113年3月5日", "2024-03-05"),
    ("公開日：令和6年3月5日", "2024-03-05"),
    ("令和6年2月30日", None),     # no such day
    ("6年3月5日", None),          # a year without its era says nothing
])
def test_era_years(text, expected):
    assert parse_date(text) == expected
    assert dated(text) == expected


@pytest.mark.parametrize("text, expected", [
    ("5 มีนาคม 2567", "2024-03-05"),                            # the Buddhist era's year
    ("วันอังคารที่ 5 มีนาคม พ.ศ. 2567 เวลา 10:30 น.", "2024-03-05"),
    ("5 มี.ค. 2567 10:30", "2024-03-05"),                       # the month abbreviated
    ("5 มีนาคม 2024", "2024-03-05"),                            # a Gregorian year with a Thai month
    ("5 มีนาคม", None),
    ("5 มีนาคม 2300", None),                                    # in neither era's range
])
def test_thai_dates(text, expected):
    assert parse_date(text) == expected
    assert dated(text) == expected


def test_an_era_date_by_a_japanese_headline_is_the_articles():
    assert clean(page("市議会が新予算を可決", "公開日：令和6年3月5日")).date == "2024-03-05"


@pytest.mark.parametrize("lede", [
    f"NEW YORK (AP) — March 5, 2024 — {LEDE_TAIL}",
    f"SAN FRANCISCO, Calif. (Reuters) - March 5, 2024 - {LEDE_TAIL}",
    f"PARIS (AFP) — 5 mars 2024 — {LEDE_TAIL}",
])
def test_a_date_after_an_agency_dateline_opens_the_lede(lede):
    assert len(lede.split()) > 25  # (a paragraph, not a date line)
    assert clean(page(HEADLINE, lede)).date == "2024-03-05"


def test_a_date_inside_a_lede_that_opens_in_capitals_is_not_a_dateline():
    # capitals that are the sentence's own words, the date what the story tells of
    lede = f"THE COUNCIL, which first met on March 5, 2024, approved the budget. {LEDE_TAIL}"
    assert clean(page(HEADLINE, lede)).date is None


@pytest.mark.parametrize("age", ["Published 6 hours ago", "2 hours ago", "Updated yesterday at 10:30",
                                 "vor 3 Stunden", "il y a 2 heures", "hace 5 horas", "3 часа назад", "2小时前",
                                 "5時間前", "3시간 전"])
def test_an_age_by_the_headline_gives_no_date_rather_than_the_copyright_year(age):
    text = page(HEADLINE, "By Jane Doe", age, footer=("© 2024 Valley Post. All rights reserved.",))
    assert clean(text).date is None
    # the copyright year is still the page's date when nothing else is said
    assert clean(page(HEADLINE, "By Jane Doe", footer=("© 2024 Valley Post. All rights reserved.",))).date == "2024-01-01"
    # and a date by the headline wins over the age
    assert clean(page(HEADLINE, "March 5, 2024", age)).date == "2024-03-05"


@pytest.mark.parametrize("text, expected", [
    ("Tuesday, March 5, 2024 10:30 AM EST", "2024-03-05"),
    ("Tue 5 Mar 2024 14.30 GMT", "2024-03-05"),
    ("Mon, 04 Mar 2024 09:00:00 +0000", "2024-03-04"),
    ("Published: Tuesday 5 March 2024, 10:30 CET", "2024-03-05"),
    ("Dienstag, 5. März 2024, 10:30 Uhr MEZ", "2024-03-05"),
    ("martes, 5 de marzo de 2024 - 10:30 CET", "2024-03-05"),
    ("Вторник, 5 марта 2024, 10:30 МСК", "2024-03-05"),
    ("5th March 2024", "2024-03-05"),
    ("March 5th 2024", "2024-03-05"),
    ("2024年3月5日 10:30", "2024-03-05"),
    ("2024. 3. 5. 오전 10:30", "2024-03-05"),
])
def test_weekdays_time_zones_ordinals_and_cjk_forms(text, expected):
    assert dated(text) == expected
