"""Page furniture the cleaner tells from the article: comment threads opened or closed under it,
pointers to other stories in the page's language."""

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


POINTED_BODY = {
    "fr": ("La mairie ouvre une nouvelle bibliothèque dans le centre",
           ["La mairie a inauguré lundi une nouvelle bibliothèque de trois étages dans le centre de la ville.",
            "Le bâtiment accueille plus de cent mille livres et un jardin de lecture sur le toit.",
            "Les bibliothécaires ont compté plus de quatre mille visiteurs le premier jour."]),
    "de": ("Stadt eröffnet neue Bibliothek im Zentrum",
           ["Die Stadt hat am Montag eine neue Bibliothek mit drei Stockwerken im Zentrum eröffnet.",
            "Das Gebäude beherbergt mehr als hunderttausend Bücher und einen Lesegarten auf dem Dach.",
            "Am ersten Tag kamen nach Angaben der Bibliothekare mehr als viertausend Besucher."]),
    "es": ("La ciudad abre una nueva biblioteca en el centro",
           ["El ayuntamiento inauguró el lunes una nueva biblioteca de tres plantas en el centro de la ciudad.",
            "El edificio alberga más de cien mil libros y un jardín de lectura en la azotea.",
            "Los bibliotecarios contaron más de cuatro mil visitantes el primer día."]),
    "it": ("La città apre una nuova biblioteca in centro",
           ["Il comune ha inaugurato lunedì una nuova biblioteca di tre piani nel centro della città.",
            "L'edificio ospita più di centomila libri e un giardino di lettura sul tetto.",
            "I bibliotecari hanno contato più di quattromila visitatori il primo giorno."]),
    "ru": ("Город открыл новую библиотеку в центре",
           ["В понедельник в центре города открылась новая трёхэтажная библиотека.",
            "В здании хранится более ста тысяч книг, а на крыше разбит сад для чтения.",
            "По словам библиотекарей, в первый день её посетили более четырёх тысяч человек."]),
}


@pytest.mark.parametrize("language, pointer", [
    ("fr", "Lire aussi : Le musée rouvre ses portes après deux ans de travaux"),
    ("fr", "À lire aussi : Le musée rouvre ses portes"),
    ("de", "Lesen Sie auch: Das Museum öffnet nach zwei Jahren wieder"),
    ("es", "Te puede interesar: El museo reabre sus puertas tras dos años de obras"),
    ("it", "Leggi anche: Il museo riapre dopo due anni di lavori"),
    ("ru", "Читайте также: Музей открылся после двух лет ремонта"),
])
def test_a_pointer_to_another_story_in_the_pages_language_is_not_the_article(language, pointer):
    title, paragraphs = POINTED_BODY[language]
    page = "\n\n".join(["Menu", title, paragraphs[0], pointer, *paragraphs[1:], "Newsletter"]) + "\n"
    cleaned = clean(page)
    assert cleaned.title == title
    assert list(cleaned.paragraphs) == paragraphs


@pytest.mark.parametrize("marker", ["Story continues below advertisement", "Article continues below",
                                    "Advertisement. Scroll to continue reading.", "ADVERTISEMENT"])
def test_an_advertisement_marker_between_paragraphs_is_dropped(marker):
    headline = "Council approves new cycle lanes for city centre"
    body = ("The city council voted on Tuesday to build six kilometres of protected cycle lanes through the centre.",
            "Work will start in the spring and should take about eighteen months, the council said.",
            "Shop owners on the high street said they feared losing parking spaces during the works.",
            "A public meeting on the final route will be held at the town hall next month.")
    page = "\n\n".join(["The Evening Post", "News\nSport", headline, body[0], body[1], marker, body[2], body[3]]) + "\n"
    cleaned = clean(page)
    assert cleaned.title == headline
    assert cleaned.paragraphs == body


@pytest.mark.parametrize("menu", ["Home | News | Sport | Weather", "Home › World › Europe", "News • Local • Transport"])
def test_a_menu_row_or_a_breadcrumb_is_no_headline(menu):
    # a page whose headline the scraper lost: no title rather than the menu
    page = _page(menu, *BODY, "© Portside Gazette")
    cleaned = clean(page)
    assert cleaned.title != menu
    assert cleaned.paragraphs == BODY
    # and above a headline, the headline is the title
    assert clean(_page(menu, "Harbour bridge to close for six weeks of repairs", *BODY)).title == \
        "Harbour bridge to close for six weeks of repairs"


@pytest.mark.parametrize("name", ["Portside Gazette", "ข่าววันนี้", "Новости дня"])
def test_the_outlets_name_alone_on_a_line_is_no_paragraph(name):
    # The logo over the headline, and again between two paragraphs (a banner the page breaks
    # its article with): the page names its outlet there (the copyright line says which it
    # is), never in the article's text.
    page = _page(name, "Harbour bridge to close for six weeks of repairs", *BODY[:2], name, *BODY[2:],
                 f"© 2024 {name}. All rights reserved.")
    cleaned = clean(page)
    assert cleaned.source == name
    assert name not in cleaned.paragraphs
    assert cleaned.paragraphs == BODY
