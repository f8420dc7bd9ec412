"""Publication dates as pages and scrapers write them, found where a reader would look."""

from __future__ import annotations

import json

import pytest

from index.clean.cleaner import clean
from index.clean.dates import parse_date, parse_field

BODY = (
    "The council approved the new budget on Monday after a debate that lasted well into the night, "
    "with members arguing over the cost of the bridge repairs and the schools programme.\n\n"
    "The mayor said the vote showed the city could agree on hard choices, and promised that the first "
    "repairs would start before the winter, when the river is usually at its lowest.\n\n"
    "Opposition members said the plan leaned on optimistic forecasts of tax income and asked for a "
    "review of the spending in the spring, when the first figures of the year are published.\n"
)


def page(*header: str, footer: tuple[str, ...] = ()) -> str:
    return "\n\n".join(["Home | News | Sport", *header, BODY, *footer]) + "\n"


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Nov. 20, 2019 5:52 AM EST", "2019-11-20"),
        ("Published 18 November 2019", "2019-11-18"),
        ("11/19/2019", "2019-11-19"),
        ("27 октября 2019", "2019-10-27"),
        ("27 de octubre de 2019", "2019-10-27"),
        ("Le 27 octobre 2019", "2019-10-27"),
        ("20191027", "2019-10-27"),
        ("am 3. März 2021", "2021-03-03"),
        ("14.11.24", "2024-11-14"),
        ("2025.12.17 | essays", "2025-12-17"),
        ("2019年10月27日", "2019-10-27"),
        ("Posted on November 6th, 2025", "2025-11-06"),
        ("Sat, 20 Dec, 2025 - 06:36", "2025-12-20"),
        ("$24,500", None),
        ("Updated 14 hours ago", None),
        ("31/02/2019", None),
        ("3/4/19", None),  # a two-digit year with slashes: a score, a fraction, a version
    ],
)
def test_date_expressions(text, expected):
    assert parse_date(text) == expected


def test_scraper_fields_are_iso_first():
    assert parse_field("2019-11-20T05:52:00+00:00") == "2019-11-20"
    assert parse_field("2019-11-20T23:52:00Z") == "2019-11-20"
    assert parse_field("2023-05-02 10:00:00") == "2023-05-02"
    assert parse_field("Wed, 20 Nov 2019 05:52:00 GMT") == "2019-11-20"
    assert parse_field(1574229120) == "2019-11-20"
    assert parse_field("soon") is None and parse_field(None) is None


def test_the_headers_date_wins_over_dates_elsewhere():
    text = page(
        "Council approves budget after a long night",
        "By Jane Doe | Published Nov 18, 2019 at 4:07 PM | Updated at 5:36 PM on Nov 19, 2019",
        footer=("Related: Bridge closed for repairs", "March 3, 2017", "Comments", "Bob commented Nov 19, 2019"),
    )
    assert clean(text).date == "2019-11-18"


def test_an_updated_date_is_taken_only_when_there_is_nothing_better():
    assert clean(page("Council approves budget after a long night", "Updated: Dec 17, 2025, 21:47 IST")).date == "2025-12-17"
    both = page("Council approves budget after a long night", "Updated Dec 17, 2025", "Published 2 May 2024")
    assert clean(both).date == "2024-05-02"


def test_a_date_told_in_a_sentence_is_not_the_articles():
    text = page("Council approves budget after a long night").replace(
        "The mayor said", "On March 3, 2017, when the bridge first closed, the mayor said"
    )
    assert clean(text).date is None


def test_numeric_dates_follow_the_pages_own_order():
    day_first = page("Council approves budget after a long night", "10/12/2023")
    assert clean(day_first).date == "2023-12-10"
    month_first = page("Council approves budget after a long night", "10/12/2023", footer=("Archive: 12/18/2025",))
    assert clean(month_first).date == "2023-10-12"


def test_a_copyright_year_dates_a_page_that_shows_no_other():
    assert clean(page("Council approves budget after a long night", footer=("© 2019 The Valley Post",))).date == "2019-01-01"
    ranged = page("Council approves budget after a long night", footer=("© 1998–2025 Valley Post",))
    assert clean(ranged).date is None  # a range says when the site began, not the article


def test_clean_json_prints_what_the_cleaner_found(tmp_path, cli):
    raw = page("Council approves budget after a long night", "Published 18 November 2019", footer=("Subscribe",))
    result = cli(tmp_path, "clean", "--json", "-", input=raw.encode())
    assert result.exit_code == 0, result.output
    out = json.loads(result.stdout)
    assert set(out) == {"title", "source", "date", "paragraphs", "removed"}
    assert out["title"] == "Council approves budget after a long night"
    assert out["date"] == "2019-11-18"
    assert out["paragraphs"][0].startswith("The council approved")
    assert "Subscribe" in out["removed"] and "Home | News | Sport" in out["removed"]


def test_a_date_filter_says_how_many_undated_articles_it_hides(tmp_path, cli):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    records = [
        {"id": 1, "title": "Dated flood", "text": "The river flooded the town.", "date": "2019-03-01"},
        {"id": 2, "title": "Undated flood", "text": "The river flooded the valley."},
        {"id": 3, "title": "Undated fire", "text": "A fire closed the mill."},
    ]
    (corpus / "a.jsonl").write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    payload = json.loads(cli(corpus, "search", "flood AND date:2019", "--json").stdout)
    assert (payload["total"], payload["undated_not_shown"]) == (1, 1)
    assert json.loads(cli(corpus, "search", "date:2019", "--json").stdout)["undated_not_shown"] == 2
    assert json.loads(cli(corpus, "search", "flood", "--json").stdout)["undated_not_shown"] == 0
    assert json.loads(cli(corpus, "search", "NOT date:2019", "--json").stdout)["undated_not_shown"] == 0
    assert "1 undated not shown" in cli(corpus, "search", "flood date:2019").stdout
