"""Outlets, round 9 (issue 20): the names pages outside English print for their site. "X. All
rights reserved" in other languages, an owner set in quotes, names in Chinese, Japanese or
Korean script, a title's suffix joined without spaces, "Source: X" labels and "By X Staff"
bylines. Each with the page that must still give no source: a wrong outlet is worse than none."""

from __future__ import annotations

import pytest

from tests.test_outlets import BODY

from index.clean.cleaner import clean

HEADLINE = "Council approves budget after a long night"


def page(*lines: str) -> str:
    return "\n\n".join(lines) + "\n"


@pytest.mark.parametrize("footer", [
    "Valley Post. Alle Rechte vorbehalten.",
    "Valley Post. Todos los derechos reservados.",
    "Valley Post - Tous droits réservés",
    "Valley Post. Tutti i diritti riservati.",
    "Valley Post. Todos os direitos reservados.",
    "Valley Post. Wszelkie prawa zastrzeżone.",
    "Valley Post. Tüm hakları saklıdır.",
    "Valley Post. Alle rechten voorbehouden.",
])
def test_all_rights_reserved_in_another_language_names_the_owner(footer):
    text = page("Skip to content", "News | Sport", HEADLINE, BODY, "Privacy Policy", footer)
    assert clean(text).source == "Valley Post"


def test_the_same_words_after_no_name_give_no_source():
    for footer in ("Alle Rechte vorbehalten.", "Impressum. Alle Rechte vorbehalten.", "2024 - Todos los derechos reservados"):
        text = page("Skip to content", "News | Sport", HEADLINE, BODY, "Privacy Policy", footer)
        assert clean(text).source is None, footer


def test_an_owner_in_quotes_is_taken_with_its_lower_case_words():
    text = page("Политика | Спорт", HEADLINE, BODY, "© 2024 «Вести долины». Все права защищены.")
    assert clean(text).source == "Вести долины"
    # unquoted, a lower-case word may be prose: no source
    text = page("Политика | Спорт", HEADLINE, BODY, "Вести долины. Все права защищены.")
    assert clean(text).source is None


def test_a_chinese_or_japanese_owner_after_the_copyright_sign():
    zh = page("首页 | 新闻 | 体育", "市议会通过新预算", BODY, "Copyright © 2024 河谷日报 版权所有")
    assert clean(zh).source == "河谷日报"
    ja = page("ニュース | スポーツ", "市議会が新予算を可決", BODY, "© 2024 谷新聞社")
    assert clean(ja).source == "谷新聞社"
    # a sentence's worth of characters after the sign is a notice, not a name
    long_notice = page("首页 | 新闻", "市议会通过新预算", BODY, "© 2024 本网站所有内容未经书面授权不得转载或以其他方式使用")
    assert clean(long_notice).source is None
    # nor are "this site", "copyright" or "all rights reserved" in those scripts a name
    for footer in ("© 2024 本站 版权所有", "Copyright © 2024 All Rights Reserved 版权所有", "著作権 © 2024",
                   "© 2024 الموقع الرسمي", "© 2024 כל הזכויות שמורות"):
        assert clean(page("首页 | 新闻", "市议会通过新预算", BODY, footer)).source is None, footer


def test_an_arabic_or_hebrew_owner_of_the_rights():
    ar = page("الرئيسية | أخبار", "المجلس يقر الميزانية", BODY, "© 2024 وادي نيوز. جميع الحقوق محفوظة")
    assert clean(ar).source == "وادي نيوز"
    ar_first = page("الرئيسية | أخبار", "المجلس يقر الميزانية", BODY, "جميع الحقوق محفوظة © 2024 وادي نيوز")
    assert clean(ar_first).source == "وادي نيوز"
    he = page("ראשי | חדשות", "המועצה אישרה את התקציב", BODY, "© 2024 עמק היום. כל הזכויות שמורות")
    assert clean(he).source == "עמק היום"
    # the words alone, or a footer's links, name nothing
    for footer in ("جميع الحقوق محفوظة", "سياسة الخصوصية", "כל הזכויות שמורות"):
        assert clean(page("الرئيسية | أخبار", "المجلس يقر الميزانية", BODY, footer)).source is None, footer


def test_a_title_suffix_joined_without_spaces_with_a_source_label():
    text = page("市议会通过新预算_河谷日报", "首页 | 新闻", "市议会通过新预算", "2024年03月05日 10:30 来源：河谷日报", BODY)
    assert clean(text).source == "河谷日报"


def test_a_reprint_label_naming_another_outlet_gives_no_source():
    # a portal's reprint: its title names the portal, its label the outlet it took the story from
    text = page("市议会通过新预算_山城门户", "首页 | 新闻", "市议会通过新预算", "2024年03月05日 10:30 来源：河谷日报", BODY)
    assert clean(text).source is None


def test_a_source_label_confirms_the_logo_in_any_language():
    for label in ("Source: Valley Post", "Quelle: Valley Post", "Fuente: Valley Post", "Fonte: Valley Post",
                  "Kaynak: Valley Post", "Źródło: Valley Post", "Источник: Valley Post"):
        text = page("Valley Post", "News | Sport", HEADLINE, label, BODY, "Privacy Policy")
        assert clean(text).source == "Valley Post", label


def test_a_source_label_alone_or_among_chart_credits_names_nothing():
    alone = page("News | Sport", HEADLINE, "Source: Valley Post", BODY, "Privacy Policy")
    assert clean(alone).source is None
    credits = page("Valley Post", "News | Sport", HEADLINE, BODY, "Source: Valley Post", "Budget by department",
                   "Source: Statistics Bureau", "Privacy Policy")
    assert clean(credits).source is None
    # a wire's label does not outweigh the site's own copyright line
    wire = page("Valley Post", "News | Sport", HEADLINE, "Source: Reuters", BODY, "© 2024 Valley Post")
    assert clean(wire).source == "Valley Post"


def test_a_staff_byline_confirms_the_name_in_the_title():
    title = "Budget vote ends a long night - Harbor Ledger"  # (the page's <title>, not its heading)
    assert clean(page(title, "News | Sport", HEADLINE, "By Harbor Ledger Staff", BODY)).source == "Harbor Ledger"
    assert clean(page(title, "News | Sport", HEADLINE, "Harbor Ledger Newsroom", BODY)).source == "Harbor Ledger"
    assert clean(page(title, "News | Sport", HEADLINE, "By the Harbor Ledger editorial team", BODY)).source == "Harbor Ledger"
    # the title alone is not enough
    assert clean(page(title, "News | Sport", HEADLINE, BODY)).source is None
    # a one-word name: "By Kestrel Staff" is the desk's byline, not a person's "by Kestrel"
    assert clean(page("Budget vote ends a long night | Kestrel", "News | Sport", HEADLINE, "By Kestrel Staff",
                      BODY)).source == "Kestrel"


def test_staff_lines_that_are_menus_or_wire_bylines_name_nothing():
    # a desk's byline alone, with the story's source named in passing: a syndicated story
    wire = page("News | Sport", HEADLINE, "By Reuters Staff", BODY, "Reuters said on Monday the vote was close.",
                "Reporting by Jane Doe for Reuters")
    assert clean(wire).source is None
    # menus of a university's site: "Faculty & Staff", "Admissions Staff"
    menu = page("Academics | Admissions", "Faculty & Staff", "Admissions Staff", HEADLINE, BODY, "Privacy Policy")
    assert clean(menu).source is None
    assert clean(page("Valley Post", "News | Sport", HEADLINE, "By Sports Staff", BODY)).source is None
