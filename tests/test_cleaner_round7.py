"""Cleaning quality, round 7 (issue #20): page furniture the cleaner learned to tell apart."""

from __future__ import annotations

import pytest

from index.clean.cleaner import RULES, clean

BODY = (
    "The harbour bridge will close for six weeks from March while engineers replace the worn steel cables.",
    "Buses will run every ten minutes across the old river crossing, and the ferry adds two evening sailings.",
    "The council expects the repairs to cost four million pounds, most of it paid from the regional road fund.",
    "Residents who drive to work should allow an extra half hour each way until the bridge opens again in April.",
)
MENU = ("Portside Gazette", "News\nSport\nWeather\nContact")
FOOTER = "© Portside Gazette\nPrivacy\nTerms"


def _page(*blocks: str) -> str:
    return "\n\n".join(blocks) + "\n"


def _article(*after: str) -> str:
    return _page(*MENU, "Harbour bridge to close for six weeks of repairs", "By Tom Reed", "March 3, 2024",
                 *BODY, *after, FOOTER)


@pytest.mark.parametrize("heading", ["Discussion about this post", "Comments on this article",
                                     "Conversation on this story"])
def test_a_heading_over_the_discussion_of_the_post_closes_the_article(heading):
    # Readers' comments under their section heading are no part of the article, however much
    # they read like its prose.
    comments = ("Alice Hart", "I drive across that bridge every morning and the extra half hour will be hard on my family.",
                "Ben Ward", "The ferry was always the better way to town, I am glad they are adding the evening sailings.")
    for model in (None, RULES):
        paragraphs = clean(_article(heading, *comments), **({} if model is None else {"line_model": model})).paragraphs
        assert paragraphs[-len(BODY):] == BODY
        assert heading not in paragraphs


def test_a_sentence_discussing_this_post_inside_the_article_is_kept():
    line = "Discussion on this post's topic went on for hours at the council meeting, with twenty residents speaking."
    paragraphs = clean(_page(*MENU, "Harbour bridge to close for six weeks of repairs", "By Tom Reed",
                             "March 3, 2024", *BODY[:2], line, *BODY[2:], FOOTER)).paragraphs
    assert line in paragraphs
    assert paragraphs[-1] == BODY[-1]


@pytest.mark.parametrize("button", ["Reply", "Reply ↓", "Reply to comment"])
def test_a_reply_button_opens_the_comment_thread(button):
    # A reader's comment reads like prose; the "Reply" button under it says it is one, and the
    # rest of the thread follows it. (The first comment stands above the first button: what
    # closes the article is the button, so that one may stay.)
    second = "The ferry was always the better way to town, I am glad they are adding the evening sailings."
    thread = ("Alice Hart", "March 4, 2024",
              "I drive across that bridge every morning and the extra half hour will be hard on my family.",
              button, "Ben Ward", "March 5, 2024", second, button)
    for model in (None, RULES):
        paragraphs = clean(_article(*thread), **({} if model is None else {"line_model": model})).paragraphs
        assert paragraphs[:len(BODY)] == BODY
        assert second not in paragraphs


@pytest.mark.parametrize("line", ["Comments are closed.", "Comments are now closed", "Commenting is closed for this article."])
def test_a_closed_comment_thread_is_not_the_articles_last_sentence(line):
    page = (
        "City opens new library after three years of work\n\n"
        "The city opened its new central library on Monday, three years after construction began on the site.\n\n"
        "The building holds more than 200,000 books and a rooftop reading garden open until ten at night.\n\n"
        "Librarians said more than 4,000 people visited on the first day, many of them families.\n\n"
        f"{line}\n\nPrivacy | Terms\n"
    )
    cleaned = clean(page)
    assert cleaned.title == "City opens new library after three years of work"
    assert len(cleaned.paragraphs) == 3
    assert line not in cleaned.paragraphs
