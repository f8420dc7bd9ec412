"""Publication dates as pages and scrapers write them, found where a reader would look."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from index.clean import dates
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
        ("Posted on the 5th of March, 2024", "2024-03-05"),
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


# -- hand-made pages that put other dates where a finder may take them -----------------------------

HEADLINE = "Council approves budget after a long night"


def test_a_label_on_the_line_above_says_what_the_date_is():
    # pages that lay their dates out as label / value pairs
    assert clean(page(HEADLINE, "Updated", "5 March 2024", "Published", "2 January 2024")).date == "2024-01-02"
    assert clean(page(HEADLINE, "Aktualisiert:", "05.03.2024", "Veröffentlicht:", "02.01.2024")).date == "2024-01-02"
    footer = ("Share this page", "Publish date", "15 May 2018", "Reviewed", "8 October 2020", "Version 1.0")
    assert clean(page(HEADLINE, footer=footer)).date == "2018-05-15"
    # a labelled date at the article's foot stands, though teasers of older articles follow it
    foot = ("(Re)Published:", "25 May 2025", "Last edit:", "18 November 2025", *RELATED)
    assert clean(page(HEADLINE, footer=foot)).date == "2025-05-25"


@pytest.mark.parametrize(
    "byline, expected",
    [
        ("Updated: Jan 5, 2024 | Originally published: Dec 30, 2023", "2023-12-30"),
        ("Mis à jour le 5 mars 2021 à 10h12 — Publié le 3 mars 2021", "2021-03-03"),
        ("Aktualisiert am 05.03.2021, veröffentlicht am 03.03.2021", "2021-03-03"),
        ("Actualizado el 5 de marzo de 2021 · Publicado el 3 de marzo de 2021", "2021-03-03"),
        ("Published 2 May 2024 · Updated 9 May 2024", "2024-05-02"),
    ],
)
def test_an_updated_date_gives_way_to_the_published_one_on_its_line(byline, expected):
    assert clean(page(HEADLINE, byline)).date == expected


def test_a_date_in_a_web_address_is_the_linked_pages():
    linked = page(HEADLINE, footer=("Sources", "https://example.org/2019/10/27/bridge-report",
                                    "www.example.org/news/2018-05-02-flood-maps"))
    assert clean(linked).date is None
    compact = page(HEADLINE, "By Jane Doe", footer=("Read more: https://example.org/archive/20191027/bridge",))
    assert clean(compact).date is None
    dated = page(HEADLINE, "By Jane Doe | 14 March 2022", footer=("https://example.org/2019/10/27/bridge-report",))
    assert clean(dated).date == "2022-03-14"


RELATED = ("Related stories", "Bridge closed for repairs", "12 June 2024", "School roof fixed at last",
           "3 March 2021", "Floods return to the valley", "21 November 2019", "Mayor opens new library",
           "30 January 2022")


def test_dated_teasers_below_the_article_are_not_its_date():
    assert clean(page(HEADLINE, "By Jane Doe", footer=RELATED)).date is None
    newest_first = ("More news", "Mar 18, 2025", "Bridge reopens", "Mar 11, 2025", "New mayor sworn in",
                    "Feb 27, 2025", "Library hours extended", "Feb 20, 2025", "Park benches replaced")
    assert clean(page(HEADLINE, footer=newest_first)).date is None
    # ...but the article's own date, said so, stands among them
    own = page(HEADLINE, footer=("Published on 2 February 2020",) + RELATED)
    assert clean(own).date == "2020-02-02"
    assert clean(page(HEADLINE, "By Jane Doe | 14 March 2022", footer=RELATED)).date == "2022-03-14"
    # a blog's closing line, then its previous and next posts: two dates are no list
    own_line = ("News Jane Doe 5 August 2024 3 Comments", "Previous", "Bridge closed for repairs",
                "Jane Doe 19 August 2024", "Next", "School roof fixed at last", "Jane Doe 24 June 2024")
    assert clean(page(HEADLINE, footer=own_line)).date == "2024-08-05"


def test_a_comment_threads_first_day_dates_an_otherwise_undated_article():
    # comments run oldest first; the first is posted when the article is new
    thread = ("3 Comments", "Ann", "March 3, 2019 at 9:12 am", "Great news for the town.", "Bob",
              "March 4, 2019 at 7:30 pm", "About time.", "Cy", "June 9, 2020 at 8:01 am", "Still waiting.")
    assert clean(page(HEADLINE, footer=thread)).date == "2019-03-03"
    # a dated article: a later comment changes nothing
    assert clean(page(HEADLINE, "Posted 1 March 2019", footer=thread)).date == "2019-03-01"


def test_a_mastheads_date_is_the_day_the_page_was_served():
    menu = ["Home", "World", "Business", "Sport", "Culture", "Travel", "Weather", "Podcasts", "Video",
            "Newsletters", "Subscribe", "Sign in", "Search"]
    text = "\n\n".join(["Saturday, March 14, 2026", *menu, HEADLINE, BODY, "© The Valley Post"]) + "\n"
    assert clean(text).date is None
    dated = text.replace(HEADLINE, HEADLINE + "\n\nBy Jane Doe | 12 February 2026")
    assert clean(dated).date == "2026-02-12"


@pytest.mark.parametrize(
    "byline, expected",
    [
        ("Posted 03/04/2024 8:15 AM EST", "2024-03-04"),   # an American zone: month first
        ("Posted 03/04/2024 8:15 a.m. PT", "2024-03-04"),
        ("Posted 03/04/2024 08:15 GMT", "2024-04-03"),     # elsewhere: day first
        ("Posted 03/04/2024", "2024-04-03"),
    ],
)
def test_an_american_time_zone_reads_numeric_dates_month_first(byline, expected):
    assert clean(page(HEADLINE, byline)).date == expected


@pytest.mark.parametrize(
    "header, footer, expected",
    [
        # a copyright year never outranks a printed date
        (("By Jane Doe", "12 March 2019"), ("© 2024 The Valley Post. All rights reserved.",), "2019-03-12"),
        # a later comment does not move the article's date
        (("Publié le 27 octobre 2019",), ("Marie a commenté", "Le 2 novembre 2019 à 10h"), "2019-10-27"),
        # a relative date says nothing; the site's year range neither
        (("Published 3 hours ago",), ("© 2005–2024 The Valley Post",), None),
        # day first on a British page
        (("By Jane Doe, 05/03/2024", "The £4m repair bill"), (), "2024-03-05"),
        # the day as the page prints it, in its own time zone (not moved to UTC)
        (("November 18, 2019 at 11:26 PM HST",), (), "2019-11-18"),
        # an event's date in the header is not the article's
        (("Event date: 12 May 2025", "Posted 2 April 2025"), (), "2025-04-02"),
    ],
)
def test_other_dates_on_the_page_do_not_displace_the_articles(header, footer, expected):
    assert clean(page(HEADLINE, *header, footer=footer)).date == expected


def test_comments_older_than_the_last_update_date_the_article_before_it():
    thread = ("12 Kommentare", "Anna", "3. März 2019 um 9:12", "Danke!", "Ben", "3. März 2019 um 19:30",
              "Sehr gut.", "Carla", "14. Juli 2020 um 8:01", "Hilfreich.", "Dirk", "2. Mai 2024 um 10:00", "Super.")
    assert clean(page(HEADLINE, "Zuletzt aktualisiert: 2. Mai 2024", footer=thread)).date == "2019-03-03"
    # an update older than every comment may still be the only date there is
    later = tuple(line.replace("2019", "2025").replace("2020", "2025").replace("2024", "2025") for line in thread)
    assert clean(page(HEADLINE, "Zuletzt aktualisiert: 2. Mai 2024", footer=later)).date == "2024-05-02"
    # teasers of older articles say nothing of when this one began
    assert clean(page(HEADLINE, "Last updated: 2 May 2024", footer=RELATED)).date == "2024-05-02"


RAIL = ("Home | News | Sport", "Latest", "Bridge closed for repairs", "12 June 2024", "School roof fixed at last",
        "3 March 2021", "Floods return to the valley", "21 November 2019", "Mayor opens new library", "30 January 2022")


def test_a_rail_of_dated_links_by_the_headline_is_not_the_articles_date():
    assert clean("\n\n".join([*RAIL, HEADLINE, BODY]) + "\n").date is None
    assert clean("\n\n".join([*RAIL, HEADLINE, "By Jane Doe, 2 May 2023", BODY]) + "\n").date == "2023-05-02"
    assert clean("\n".join([*RAIL, HEADLINE, "Von Jane Doe, 2. Mai 2023", BODY]) + "\n").date == "2023-05-02"


def test_a_changelog_in_the_body_leaves_the_bylines_date():
    changes = "\n".join(["Changes", "23 January 2026: added the bridge figures", "22 October 2025: new forecasts",
                         "5 May 2025: corrected a name", "26 February 2025: first tables"])
    text = page(HEADLINE, "By Jane Doe | 12 March 2024").replace("The mayor said", changes + "\n\nThe mayor said")
    assert clean(text).date == "2024-03-12"


def test_a_bylines_date_outranks_a_bare_date_above_the_headline():
    text = "\n\n".join(["Monday, 7 December 2026", "Home | News | Sport", HEADLINE, "By Jane Doe | 2 May 2023", BODY])
    assert clean(text).date == "2023-05-02"


@pytest.mark.parametrize(
    "header, footer, expected",
    [
        ("Updated 9 May 2024", "First published 2 May 2024", "2024-05-02"),
        ("Actualizado el 9 de mayo de 2024", "Publicado originalmente el 2 de mayo de 2024", "2024-05-02"),
        ("Last updated on: 9 May 2024", "Posted: 2 May 2024", "2024-05-02"),
    ],
)
def test_a_date_said_to_be_the_publications_outranks_an_updates_wherever_it_stands(header, footer, expected):
    assert clean(page(HEADLINE, header, footer=("Share this article", footer))).date == expected


def test_teaser_cards_that_each_say_posted_are_still_teasers():
    cards = ("You may also like", "Bridge closed for repairs", "Posted on 12 June 2023", "School roof fixed at last",
             "Posted on 3 March 2021", "Floods return to the valley", "Posted on 21 November 2019",
             "Mayor opens new library", "Posted on 30 January 2022")
    assert clean(page(HEADLINE, "Updated 9 May 2024", footer=cards)).date == "2024-05-09"
    assert clean(page(HEADLINE, "By Jane Doe", footer=cards)).date is None


@pytest.mark.parametrize("heading", ["Explore Related Articles", "À lire aussi", "Mehr zum Thema"])
def test_dates_right_under_a_related_articles_heading_are_teasers(heading):
    # oldest first, as comments run: only the heading tells them apart
    cards = (heading, "20 janvier 2026", "Bridge closed for repairs", "26 janvier 2026", "School roof fixed",
             "5 février 2026", "Floods return", "20 février 2026", "New library")
    assert clean(page(HEADLINE, "Par Jeanne Dupont", footer=cards)).date is None
    assert clean(page(HEADLINE, "Mis à jour le 27 février 2026", footer=cards)).date == "2026-02-27"


def _reference_year_lines(text: str) -> list[tuple[int, int]]:
    """The first `_CANDIDATE` match of each line, read with the pattern line by line."""
    picked = []
    for i, line in enumerate(text.split("\n")):
        if m := dates._CANDIDATE.search(line):
            picked.append((i, m.start()))
    return picked


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(["1", "2", "0", "9", "5", "19", "2024", "\n", " ", "é", "€", "٢", "a", "\ud800", "12-"]),
                max_size=30).map("".join))
def test_the_year_search_on_bytes_finds_what_the_pattern_finds(text):
    assert dates._year_lines(text) == _reference_year_lines(text)


def test_the_year_search_counts_offsets_in_characters():
    assert dates._year_lines("Publié le 3 février 2019\nnone\nß 1999 and 2001") == [(0, 20), (2, 2)]

@pytest.mark.parametrize(
    "text, expected",
    [
        ("القاهرة - 3 مارس 2025", "2025-03-03"),      # Arabic
        ("ירושלים, 3 במרץ 2025", "2025-03-03"),       # Hebrew
        ("Αθήνα, 3 Μαρτίου 2025", "2025-03-03"),      # Greek
        ("София, 3 март 2025", "2025-03-03"),          # Bulgarian
        ("Bratislava 3. marca 2025", "2025-03-03"),    # Slovak
        ("Budapest, 2025. március 3.", "2025-03-03"),  # Hungarian: the year first
        ("Vilnius, 2025 m. kovo 3 d.", "2025-03-03"),  # Lithuanian: the year first
        ("서울, 2025년 3월 3일", "2025-03-03"),          # Korean
        ("Tbilisi, 3 მარტი 2025", "2025-03-03"),       # Georgian
    ],
)
def test_dates_in_more_languages_of_the_news(text, expected):
    assert parse_date(text) == expected
    assert clean(page(text)).date == expected


@pytest.mark.parametrize("text", ["In 2024 may 5 people still say no.", "Henry VIII 1509 was crowned"])
def test_a_year_before_a_month_word_in_a_sentence_is_no_date(text):
    assert parse_date(text) is None
