"""The outlet search's cheaper forms find what the plain patterns they stand for find.

The search skips a pattern when a cheap literal test shows it cannot match, searches a name
from its first word rather than from a lookbehind tried at every position, and caches what a
line says; these tests hold each shortcut to the plain form it replaces, on hand-written text.
"""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from index.clean import outlets


def _plain_starts(text: str, key: str) -> list[int]:
    pattern = r"(?<!\w)" + r"[\W_]*".join(map(re.escape, key.split())) + r"(?!\w)"
    return [m.start() for m in re.finditer(pattern, text)]


def test_name_places_are_those_of_the_pattern_with_a_lookbehind():
    cases = [
        ("xa a a b", "a a"),  # a place inside a word, then one that overlaps it
        ("the daily bugle\nmore from the-daily_bugle\nthedailybugle daily bugle", "daily bugle"),
        ("bugles bugle bugle_ _bugle bugle.", "bugle"),
        ("acme acme acme", "acme acme"),
        ("", "acme"),
        ("café acme café-acme xcafé acme", "café acme"),
    ]
    for text, key in cases:
        assert list(outlets._naming_starts(text, key)) == _plain_starts(text, key), (text, key)


def test_mentions_and_lines_count_the_pattern_places():
    text = "sky news\nsky news radio\nwatch sky-news live\nskynews\nbluesky news\nsky news and sky news"
    assert outlets._mentions(text, "sky news", 1) == len(_plain_starts(text, "sky news")) - 1 == 5
    assert outlets._lines_naming(text, "sky news") == 5  # (not "bluesky news")


def test_copyright_lines_with_non_ascii_letters_are_still_read():
    # ignoring case, "i" matches the dotless "ı" and "s" the long "ſ": such a line skips no pattern
    assert outlets._slot_names("Copyrıght 2021 Acme Widgets") == [("Acme Widgets", outlets.COPYRIGHT)]
    assert outlets._slot_names("Acme Widgets. All rıghts reserved.") == [("Acme Widgets", outlets.COPYRIGHT)]
    assert outlets._slot_names("Acme Widgets. All rights reſerved.") == [("Acme Widgets", outlets.COPYRIGHT)]
    assert outlets._slot_names("Acme Widgets. ALL RIGHTS RESERVED") == [("Acme Widgets", outlets.COPYRIGHT)]
    assert outlets._slot_names("COPYRIGHT 2021 ACME WIDGETS CO") == outlets._slot_names("Copyright 2021 ACME WIDGETS CO")


def test_a_site_sentence_after_a_tab_is_still_read():
    line = ("Rock Garden Weekly\tis a participant in the Example Associates Program, an affiliate advertising "
            "program run by Example Holdings Inc.")
    assert ("Rock Garden Weekly", outlets.SITE_CUE) in outlets._prose_slots(line)


def test_url_in_reads_the_ends_of_short_and_long_pages():
    def plain(lines, reach=8):
        picked = [l.strip() for l in lines if l.strip()]
        for line in picked[:reach] + picked[-reach:]:
            if m := outlets._URL_LINE.match(line):
                return m.group(1)
        for line in picked[:1] + picked[-1:]:
            if m := outlets._BARE_URL.match(line):
                return m.group(1)
        return None

    body = [f"Paragraph {i} of the story." for i in range(30)]
    pages = [
        [],
        ["  ", "https://example.org/a", ""],
        ["Headline", "", "URL: https://example.org/b "] + body,
        body + ["", "Source: https://example.org/c", "  "],
        body[:3] + ["Link: https://example.org/d"] + body[:3],
        body[:10] + ["URL: https://example.org/inside"] + body[:10],  # deep inside: a link, not the page's
        body + ["https://example.org/e"],
    ]
    for page in pages:
        assert outlets.url_in(page) == plain(page), page


def test_tail_word_tests_are_the_word_lists():
    lines = ["the home page", "part of the family", "this is a blog", "we may earn", "commissions apply",
             "participates in", "our editorial team", "the newsletter", "your account", "site logo",
             "acme on x", "daily news", "nothing here", "homework", "dawn on", "is an", ""]
    for low in lines:
        assert outlets._site_tail_hinted(low) == any(w in low for w in outlets._SITE_TAIL_WORDS), low
        assert outlets._social_tail_hinted(low) == any(w in low for w in outlets._SOCIAL_TAIL_WORDS), low


def test_names_of_plain_and_punctuated_words():
    # (what the name search gave before plain words took a shorter way through it)
    assert outlets._name_at("The Daily Bugle is here") == "The Daily Bugle"
    assert outlets._name_at("“Daily Bugle”, a paper") == "Daily Bugle”"
    assert outlets._name_at("Bugle.com. More") == "Bugle.com. More"
    assert outlets._name_at("Daily Bugle, a paper") == "Daily Bugle"
    assert outlets._name_at("U.S. A.M.") is None
    assert outlets._name_at("3d23d65-ddc6-4ce5") is None
    assert outlets._name_at("J.R. Smith Media") is None


def _plain_spelled(text: str, label: str) -> list[str]:
    pattern = r"(?<!\w)" + r"[\s&'’.-]*".join(map(re.escape, label)) + r"(?!\w)"
    return [m.group() for m in re.finditer(pattern, text, re.IGNORECASE) if m.group()[:1].isupper() or m.group()[:1].isdigit()]


def test_spelled_names_are_those_of_the_pattern_with_a_lookbehind():
    cases = [
        ("Write to info@icelandphototours.com or visit Iceland Photo Tours.", "icelandphototours"),
        ("Iceland’ Photo  Tours, ICELAND-PHOTO-TOURS & Iceland&Photo Tours", "icelandphototours"),
        ("xIceland Photo Tours, Iceland Photo Toursx, _Iceland Photo Tours", "icelandphototours"),
        ("Abab-Abab Ababab AB AB AB", "abab"),  # places that overlap, and one inside a word
        ("9to5 Mac 9to5mac.com 9-to-5 Mac", "9to5mac"),
        ("Kelvın İce ſite", "kelvin"),  # (ignoring case, "ı", "İ", "ſ" and the Kelvin sign match ASCII letters)
        ("", "acme"),
        ("Ace", "acme"),
    ]
    for text, label in cases:
        assert outlets._spelled(text, label) == _plain_spelled(text, label), (text, label)


def test_brand_heads_reject_cheaply_what_the_word_tests_reject():
    def plain(key, line):
        words = key.split()
        if not 2 <= len(words) <= 5 or words[-1] not in outlets._PRODUCT_WORDS or re.search(r"[\d:]", line) \
                or len(line.split()) != len(words):
            return []
        return [n for n in range(1, min(3, len(words) - 1) + 1)
                if words[n - 1] not in outlets._CONNECTORS and not all(w in outlets.GENERIC for w in words[:n])
                and all(w in outlets._PRODUCT_WORDS for w in words[n:])]

    for line in ["Acme Shop", "Acme", "", "Acme Daily Shop", "Acme Shop Now", "Field Mag Studio", "Shop Acme",
                 "The Acme Careers", "Acme Careers 2025", "Acme Store: Deals", "News Shop", "Acme Bugle Press Radio Shop",
                 "Acme  Shop", "A B C D E F Shop"]:
        key = outlets.norm(line)
        assert outlets._brand_heads(key, line) == plain(key, line), line


def test_one_word_names_are_found_as_the_pattern_finds_them():
    cases = [
        ("bugle bugles bugle_ _bugle xbugle bugle.", "bugle"),
        ("aaa aaaa aaa-aaa aa aaa", "aaa"),  # a place inside a word, then one that overlaps it
        ("café cafés xcafé café", "café"),
        ("bugle", "bugle"),
        ("", "bugle"),
        ("bugle\nbugle\n bugle", "bugle"),
    ]
    for text, key in cases:
        assert list(outlets._naming_starts(text, key)) == _plain_starts(text, key), (text, key)
        assert outlets._mentions(text, key, 0) == len(_plain_starts(text, key)), (text, key)

_TEXTS = st.text(alphabet="abAB _-.’'&\n\té1", max_size=40)
_WORDS = st.text(alphabet="abAB_é1", min_size=1, max_size=4)


@settings(max_examples=200, deadline=None)
@given(_TEXTS, st.lists(_WORDS, min_size=1, max_size=3))
def test_name_places_match_the_plain_pattern_on_drawn_text(text, words):
    key = " ".join(words)
    assert list(outlets._naming_starts(text, key)) == _plain_starts(text, key)


@settings(max_examples=200, deadline=None)
@given(_TEXTS, st.text(alphabet="ab1", min_size=4, max_size=6))
def test_spelled_names_match_the_plain_pattern_on_drawn_text(text, label):
    assert outlets._spelled(text, label) == _plain_spelled(text, label)


def _plain_norm(name: str) -> str:
    import unicodedata
    return " ".join(re.sub(r"[^\w]+", " ", unicodedata.normalize("NFKC", name).casefold()).split())


def test_norm_of_plain_words_is_the_punctuation_blind_form():
    for name in ["The Daily Bugle", "İstanbul Times", "Straße  Zeitung", "Acme_News", "½ Price", "ﬁeld Guide",
                 "Café Society", "Daily\tBugle", " Daily Bugle ", "", "Daily—Bugle", "ＡＣＭＥ News"]:
        assert outlets.norm(name) == _plain_norm(name), name


def _plain_name_at(text: str, furniture: bool = False) -> str | None:
    """`_name_at` with every text through its general word loop."""
    plain = outlets._plain_words
    try:
        outlets._plain_words = lambda text: False
        outlets._name_at.cache_clear()
        return outlets._name_at(text, furniture)
    finally:
        outlets._plain_words = plain
        outlets._name_at.cache_clear()


def test_names_of_plain_word_lines_are_those_of_the_general_word_loop():
    for text in ["The Daily Bugle", "Daily Bugle Daily Bugle Media", "Save the Children Save the Children Federation",
                 "Acme Widgets Inc", "Jobber 2025", "News", "Privacy Policy", "Sports News Today", "of Mice and Men",
                 "Audiophile ON", "A B C D E F G", "Acme of the", "the Acme", "My6sense", "my6sense Labs",
                 "Sign In", "Privacy Guides", "2025 Acme", "Acme 2011", "ÉCOLE Normale", "X"]:
        for furniture in (False, True):
            outlets._name_at.cache_clear()
            assert outlets._name_at(text, furniture) == _plain_name_at(text, furniture), (text, furniture)


_PLAIN_LINES = st.lists(st.sampled_from(["Acme", "acme", "ACME", "of", "the", "The", "News", "Inc", "2020", "2011-2019",
                                         "Privacy", "Daily", "my6sense", "X", "Co", "ON", "Save", "Bugle"]),
                        min_size=1, max_size=9).map(" ".join)


@settings(max_examples=200, deadline=None)
@given(_PLAIN_LINES, st.booleans())
def test_names_of_drawn_plain_lines_are_those_of_the_general_word_loop(text, furniture):
    outlets._name_at.cache_clear()
    assert outlets._name_at(text, furniture) == _plain_name_at(text, furniture)


def test_evidence_of_one_kind_is_the_sum_over_kinds():
    from collections import Counter

    def plain(kinds):
        return sum(outlets.WEIGHTS[kind] + min(outlets.MAX_KIND, outlets.REPEAT_WEIGHTS[kind] * (n - 1))
                   for kind, n in kinds.items())

    for kinds in [Counter(), Counter({outlets.ALONE: 1}), Counter({outlets.COPYRIGHT: 3}), Counter({outlets.SITE_CUE: 9}),
                  Counter({outlets.ALONE: 2, outlets.SUFFIX: 1}), Counter({outlets.BRAND: 4})]:
        assert outlets._evidence(kinds) == plain(kinds) and type(outlets._evidence(kinds)) is type(plain(kinds)), kinds


def test_a_tally_counts_as_a_counter_does():
    from collections import Counter

    tally, counter = outlets._Tally({"alone": 1}), Counter()
    counter["alone"] = 1
    for kind in ["suffix", "alone", "alone"]:
        tally[kind] += 1
        counter[kind] += 1
    tally.update({"site": 2})
    counter.update({"site": 2})
    assert tally == counter and tally["missing"] == 0 and tally.most_common() == counter.most_common()
    assert isinstance(tally, Counter) and sorted(tally.items()) == sorted(counter.items())


# Lines of the kinds the round-10 shortcuts skip or search: titles with and without a suffix,
# cues, parents, sentences about a site, and letters that case folding or ignoring case treats
# apart ("ß", "İ", "ſ", the Kelvin sign, a final sigma).
_SHORTCUT_LINES = [
    "Storm hits the coast - The Daily Bugle", "Storm hits the coast | Bugle", "Storm :: Bugle", "Storm – Bugle",
    "Storm — Bugle", "Storm · Bugle", "Storm • Bugle", "Storm hits the coast", "2019-02-13", "a-b", "x |y",
    "标题_新华网", "見出し｜朝日新聞", "見出し - 朝日新聞", "Straße ‑ Zeitung", "ΟΔΟΣ - ΝΕΑ", "Follow Acme on Twitter",
    "follow acme", "ſign in to your Acme account", "\u212aeep up to date with Acme", "İstanbul Times", "Why trust Acme?",
    "Welcome to Acme", "About Acme", "Support Acme Daily", "Acme is part of Future US Inc",
    "Acme is a Red Ventures company", "Acme, a Big Media brand, was founded in 1990", "owned and operated by Big Media",
    "Acme is a participant in the Example Associates Program",
    "Acme may earn a commission on purchases", "Acme earns commissions from links", "Acme is an Example publication of Big Media",
    "Students learn in the area, which is a place of many", "The brand is a grand one", "Acme is part-time",
    "ACME IS A PARTICIPANT IN THE EXAMPLE PROGRAM", "Acme ıs part of Big Media", "Acme is a brand of Big Media",
]


def test_title_suffixes_are_those_of_the_plain_search():
    def plain(line):
        return outlets._SUFFIX.search(line) or (None if line.isascii() or line[-1] < "\u3040" else
                                                outlets._CJK_SUFFIX.search(line, max(0, len(line) - 36)))

    for line in _SHORTCUT_LINES + [""]:
        found, expected = outlets._title_suffix(line), plain(line)
        assert (found and (found.span(), found.groups())) == (expected and (expected.span(), expected.groups())), line


def test_the_pattern_tests_are_implied_by_every_match():
    for line in _SHORTCUT_LINES:
        if outlets._PARENT.search(line):
            assert outlets._parent_hinted(line), line
        if outlets._SELF.match(line):
            assert outlets._self_hinted(line), line
        if outlets._SITE_CUES.match(line) or outlets._SOCIAL_CUES.match(line):
            assert line[0] in outlets._CUE_FIRST or not line[0].isascii(), line


_DRAWN_LINES = st.lists(st.sampled_from(
    ["Acme", "acme", "is", "a", "an", "part", "of", "owned", "operated", "by", "company", "Company", "brand", "grand",
     "publication", "participant", "participates", "in", "may", "earn", "earns", "commission", "learn", ",", "-", "|",
     "–", "::", ":", "Follow", "follow", "Sign", "ſign", "to", "your", "account", "ıs", "Big", "Media", "the", "2020"]),
    min_size=1, max_size=12).map(" ".join)


@settings(max_examples=300, deadline=None)
@given(_DRAWN_LINES)
def test_the_pattern_tests_are_implied_by_every_match_on_drawn_lines(line):
    if outlets._PARENT.search(line):
        assert outlets._parent_hinted(line)
    if outlets._SELF.match(line):
        assert outlets._self_hinted(line)
    if outlets._SITE_CUES.match(line) or outlets._SOCIAL_CUES.match(line):
        assert line[0] in outlets._CUE_FIRST or not line[0].isascii()
    expected = outlets._SUFFIX.search(line)
    found = outlets._title_suffix(line)
    assert (found and found.span()) == (expected and expected.span())


def test_a_page_casefolded_line_by_line_is_the_page_casefolded():
    lines = ["Straße", "İstanbul", "ΟΔΟΣ ΝΕΑ", "\u212aelvin", "ſpelling", "ﬁeld", "Acme News", "It’s “Acme”", "ＡＣＭＥ", ""]
    assert "\n".join(outlets._casefolded(lines)) == "\n".join(lines).casefold()


@settings(max_examples=200, deadline=None)
@given(st.lists(st.text(alphabet="aAßİΣσςſ\u212aﬁ’ 1.-", max_size=12), max_size=6))
def test_drawn_lines_casefolded_one_by_one_are_the_text_casefolded(lines):
    assert "\n".join(outlets._casefolded(lines)) == "\n".join(lines).casefold()


def test_names_own_evidence_worked_out_when_asked_is_the_sum_for_every_name():
    lines = ["ACME NEWS", "Storm hits the coast - Acme News", "Follow Acme News on Twitter", "Acme News Shop",
             "Acme News Careers", "About Acme News", "Sarah Jones", "© 2024 Big Media Group Inc. All rights reserved.",
             "Contact us at desk@acmenews.com", "Privacy Policy"]
    ev = outlets._gather(lines)
    outlets._addresses(ev)
    assert len(ev.forms) >= 4
    for k in ev.forms:
        expected = (outlets._evidence(ev.kinds[k]) + ev.title_bonus[k]
                    + (outlets.W_LOGO if k == ev.logo else 0.0))
        assert ev.own[k] == expected, k


def _plain_common_places(text: str, name: str) -> bool:
    lower = name[:1].lower() + name[1:]
    for m in re.finditer(r"(?<![\w@/.-])" + re.escape(lower.lower()) + r"(?![\w@/-]|\.\w)", text):
        if text[m.start() - 1:m.start()] not in ("", "\n") or text[m.end():m.end() + 1] not in ("", "\n"):
            return True
    return False


def test_a_name_written_in_lower_case_is_found_where_the_pattern_finds_it():
    cases = [
        ("Services\nour services include", "Services"), ("Sfgate\nsfgate.com and @sfgate", "Sfgate"),
        ("Vox\nvox-mark\nvox", "Vox"), ("Vox\nvoxes vox", "Vox"), ("vox", "Vox"), ("Vox.\nvox.", "Vox"),
        ("Daily Bugle\nthe daily bugle's page", "Daily Bugle"), ("Bugle\nbugle.x", "Bugle"),
        ("Bugle\nbugle_\nxbugle bugle", "Bugle"), ("Bugle\n/bugle bugle/ bugle", "Bugle"), ("Ünal\nünal yazdı", "Ünal"),
        ("Bugle bugle", "Bugle"), ("bugle\nbugle", "Bugle"), ("aaa aaaa", "Aaa"),
    ]
    for text, name in cases:
        assert outlets._common(text, name) == _plain_common_places(text, name), (text, name)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="bBuU \n.-_/@x1", max_size=30))
def test_drawn_text_holds_a_name_in_lower_case_where_the_pattern_finds_it(text):
    for name in ("Bu", "Bub", "Bu Bu"):
        assert outlets._common(text, name) == _plain_common_places(text, name), name
