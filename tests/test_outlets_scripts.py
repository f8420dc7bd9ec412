"""The outlet a page names in a script without capitals (Hindi, Bengali, Thai), with a year in its
own digits (Bengali, Persian), or written as Russian and Ukrainian write names, as a sentence
("Новости дня"). Each page is hand-written: the site's name, a menu, the headline, the article,
the footer's copyright line."""

from __future__ import annotations

import pytest

from index.clean.cleaner import clean
from test_cleaner_languages import PAGES

OTHERS = {
    "bengali": ("আজকের খবর", "প্রথম পাতা\nরাজনীতি\nঅর্থনীতি\nখেলা", "সরকার কৃষকদের জন্য নতুন পরিকল্পনা ঘোষণা করেছে", (
        "সরকার সোমবার খরায় ক্ষতিগ্রস্ত কৃষকদের সাহায্য করার জন্য একটি নতুন পরিকল্পনা ঘোষণা করেছে।",
        "কৃষিমন্ত্রী বলেছেন যে এই পরিকল্পনায় কম সুদের ঋণ এবং বীজ বিতরণ অন্তর্ভুক্ত থাকবে।",
        "কৃষকরা এই সিদ্ধান্তকে স্বাগত জানিয়েছেন কিন্তু দ্রুত সাহায্য চেয়েছেন।",
    )),
    "ukrainian": ("Новини дня", "Головна\nПолітика\nЕкономіка\nСпорт", "Уряд оголосив новий план підтримки фермерів", (
        "У понеділок уряд оголосив новий план підтримки фермерів, які постраждали від посухи цього року.",
        "Міністр аграрної політики сказав, що план передбачає безвідсоткові кредити та розподіл насіння серед дрібних фермерів.",
        "Фермери привітали рішення, але вимагають, щоб допомога якнайшвидше дійшла до віддалених сіл.",
    )),
    "persian": ("اخبار امروز", "صفحه اصلی\nسیاست\nاقتصاد\nورزش", "دولت طرح جدیدی برای حمایت از کشاورزان اعلام کرد", (
        "دولت روز دوشنبه طرح جدیدی را برای حمایت از کشاورزانی که از خشکسالی امسال آسیب دیده اند اعلام کرد.",
        "وزیر کشاورزی گفت این طرح شامل وام های بدون بهره و توزیع بذر میان کشاورزان کوچک است.",
        "کشاورزان از این تصمیم استقبال کردند اما خواستند که کمک ها هر چه زودتر به روستاها برسد.",
    )),
}


def page(name: str, site: str, footer: str) -> str:
    _, menu, headline, body = (PAGES[name][:4] if name in PAGES else OTHERS[name])
    return "\n\n".join([site, menu, headline, *body, footer]) + "\n"


@pytest.mark.parametrize("name, site, footer", [
    ("hindi", "आज की खबर", "© 2024 आज की खबर. सर्वाधिकार सुरक्षित."),
    ("bengali", "আজকের খবর", "© ২০২৪ আজকের খবর। সর্বস্বত্ব সংরক্ষিত।"),
    ("thai", "ข่าววันนี้", "© 2025 ข่าววันนี้ สงวนลิขสิทธิ์"),
    ("persian", "اخبار امروز", "© ۱۴۰۲ اخبار امروز. تمامی حقوق محفوظ است."),
])
def test_an_outlet_in_a_script_without_capitals_or_with_its_own_digits(name, site, footer):
    assert clean(page(name, site, footer)).source == site


@pytest.mark.parametrize("name, site, footer", [
    ("russian", "Новости дня", "© 2024 Новости дня. Все права защищены."),
    ("russian", "Российская газета", "© 1990–2024 Российская газета"),
    ("russian", "Российская газета", "© Российская газета, 2024"),
    ("russian", "Новости дня", "Новости дня. Все права защищены."),
    ("ukrainian", "Новини дня", "© 2024 Новини дня. Усі права захищені."),
])
def test_a_cyrillic_name_written_as_a_sentence_seconded_by_the_logo(name, site, footer):
    assert clean(page(name, site, footer)).source == site


def test_a_sentence_cased_owner_no_other_line_names_is_not_taken():
    # (it may be a sentence: "Сайт о здоровье" would be a description, not a name)
    assert clean(page("russian", "Главная", "© 2024 Сайт о здоровье. Все права защищены.")).source is None
