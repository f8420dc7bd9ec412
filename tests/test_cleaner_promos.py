"""The page's own advertising inside an article: ad slots and calls to action are dropped, and
neither costs the article a paragraph, wherever it stands."""

from __future__ import annotations

import pytest

from index.clean.cleaner import RULES, clean
from index.clean.lines import Line
from index.clean.promos import is_ad_slot, is_call_to_action

TITLE = "Harbour bridge to close for six weeks of repairs"
BODY = (
    "The harbour bridge will close for six weeks from March while engineers replace the worn steel cables.",
    "Buses will run every ten minutes across the old river crossing, and the ferry adds two evening sailings.",
    "The council expects the repairs to cost four million pounds, most of it paid from the regional road fund.",
    "Engineers found the cables had worn faster than expected after two winters of heavy storms on the estuary.",
    "Residents who drive to work should allow an extra half hour each way until the bridge opens again in April.",
)
MENU = ("Portside Gazette", "News\nSport\nWeather\nContact")
FOOTER = ("More from Portside Gazette", "Ferry fares to rise in the new year", "Council names new harbour master",
          "© 2024 Portside Gazette\nPrivacy\nTerms")


def _article(insert: str, at: int) -> str:
    body = [*BODY[:at], insert, *BODY[at:]]
    return "\n\n".join([*MENU, TITLE, "By Tom Reed", "March 3, 2024", *body, *FOOTER]) + "\n"


AD_SLOTS = ["Advertisement", "ADVERTISEMENT", "Story continues below advertisement",
            "Advertisement - Continue Reading Below", "Sponsored content", "Anzeige", "Publicité"]


@pytest.mark.parametrize("slot", AD_SLOTS)
@pytest.mark.parametrize("at", [1, 3, 4])
def test_an_ad_slot_between_paragraphs_is_dropped_and_no_paragraph_with_it(slot, at):
    # An ad is placed between any two paragraphs, the last one too: the paragraph under it is
    # still the article's, however much the slot looks like the furniture that ends one.
    cleaned = clean(_article(slot, at))
    assert cleaned.title == TITLE
    assert cleaned.paragraphs == BODY
    assert cleaned.labels[cleaned.raw_lines.index(slot)] == "B"


CALLS = [
    "Subscribe to our newsletter to get the latest news delivered to your inbox every morning.",
    "Sign up for our morning briefing and get the day's top stories in your inbox",
    "Get the best of our journalism in your inbox. Sign up now",
    "Download our app for breaking news alerts",
    "Follow us on Facebook and Instagram for the latest updates",
    "Enjoy this article? Support our journalism with a subscription from just $1 a week.",
    "This article is available to subscribers only.",
    "Get our free newsletter",
    "Sign up",
    "Abonnez-vous à notre newsletter pour recevoir l'essentiel de l'actualité.",
    "Inscrivez-vous à nos alertes pour ne rien manquer.",
    "Melden Sie sich für unseren Newsletter an.",
    "Suscríbete a nuestro boletín para recibir las noticias más importantes.",
]


@pytest.mark.parametrize("call", CALLS)
def test_a_call_to_action_inside_the_article_is_dropped(call):
    # A newsletter box or a plea to subscribe reads like a sentence, but it asks something of
    # the reader instead of telling the news: never the article's text.
    for at in (2, 4):
        cleaned = clean(_article(call, at))
        assert cleaned.title == TITLE
        assert call not in cleaned.paragraphs
        assert cleaned.paragraphs == BODY


def test_the_rules_alone_drop_them_too():
    page = _article("Advertisement", 2).replace(BODY[3], "Download our app for breaking news alerts\n\n" + BODY[3])
    paragraphs = clean(page, line_model=RULES).paragraphs
    assert "Advertisement" not in paragraphs
    assert "Download our app for breaking news alerts" not in paragraphs
    assert paragraphs[-len(BODY):] == BODY


NEWS_ABOUT_IT = [
    # Sentences of news about subscriptions, apps and advertising: what they tell is news.
    "Digital subscriptions to the newspaper rose by a fifth last year, its publisher said on Monday.",
    "He urged viewers to subscribe to his channel and to download the app, prosecutors said.",
    "Advertisement spending fell sharply in the second quarter as brands cut their budgets.",
    "The app, which has been downloaded two million times, lets users follow their bus in real time.",
    "Readers who donate to the charity this month will see their gift matched by a local firm.",
    "Sponsored by the city, the festival runs for three days in August.",
]


@pytest.mark.parametrize("sentence", NEWS_ABOUT_IT)
def test_news_about_subscriptions_and_ads_is_not_taken_for_one(sentence):
    line = Line(0, sentence)
    assert not is_ad_slot(line)
    assert not is_call_to_action(line)
    paragraphs = clean(_article(sentence, 2)).paragraphs
    assert sentence in paragraphs


def test_a_newsletter_heading_under_the_article_still_closes_it():
    # "Subscribe to our newsletter" as a heading over a sign-up form is where the article ends:
    # the prose of the page's other sections below it is not the article's.
    page = "\n\n".join([*MENU, TITLE, "By Tom Reed", "March 3, 2024", *BODY,
                        "Subscribe to our newsletter",
                        "Our reporters cover the harbour, the council and the courts every day of the week.",
                        "Email address", "Sign up", *FOOTER]) + "\n"
    paragraphs = clean(page).paragraphs
    assert paragraphs == BODY
