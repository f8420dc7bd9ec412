"""The headline search's shortcuts answer exactly as the plain readings they replace: the body's
words counted only where the search asks, the digit checks before the date regexes, the echo
search that skips lines which neither start nor end with the candidate."""

from __future__ import annotations

from collections import Counter
from itertools import chain

from hypothesis import given, settings
from hypothesis import strategies as st

from index.clean import header
from index.clean.dates import parse_date
from index.clean.lines import Line
from index.clean.stopwords import stoplist

STOPS = stoplist("English")

# Hand-written lines of the kinds a page's header and body hold.
POOL = [
    "Daily Ledger", "Home", "World", "Business", "Sport", "Subscribe Sign in", "Share this article",
    "Oil prices rise as winter nears", "Oil prices rise as winter nears | Daily Ledger",
    "Home › Business › Oil prices rise as winter nears", "By Jane Doe", "By", "13/06/2014 Tony Carter",
    "Updated 10:31 pm, Nov 19 2019", "March 3, 2021", "Published ٢٠٢٤", "What is a data feed? Read more",
    "How to read a data feed? Read more", "Economists expect prices to rise.",
    "The minister said prices would climb through the winter months, and oil would lead them.",
    "Talks will resume in Vienna next week, officials said on Monday after a long meeting.",
    "Prices: oil, gas and coal", "Tested by: Jane Doe RRP: £24 Info: online", "iPhone 12 review",
    "Why winter prices rise", "Oil", "Winter prices", "", "", "",
]


def _reference_is_dateline(line: Line) -> bool:
    return line.n_words <= 12 and bool(header._TIMEISH.search(line.stripped)) and parse_date(line.stripped) is not None


DIGITISH = st.lists(st.sampled_from(list("0123456789٠١٢٣٤٥٦٧٨٩:/.- aZ") + ["Nov ", "2019", "pm", "10:31"]),
                    max_size=20).map("".join)


@settings(max_examples=300, deadline=None)
@given(DIGITISH)
def test_the_dateline_test_is_the_one_regex_reading(text):
    line = Line(0, text)
    assert header.is_dateline(line) == _reference_is_dateline(line)


@settings(max_examples=300, deadline=None)
@given(DIGITISH)
def test_a_numeric_date_start_is_what_the_regex_matches(text):
    s = text.strip()
    assert header._numeric_date_start(s) == bool(header._NUMERIC_DATE_START_RE.match(s))


def test_digits_of_other_scripts_still_reach_the_date_regexes():
    assert header._numeric_date_start("١٣/٠٦/٢٠١٤ Tony Carter")
    assert header._DIGIT_RE.search("Published ٢٠٢٤")


def _reference_echoed(s: str, page_text: str) -> bool:
    for t in page_text.split("\n"):
        if s in t and t != s and t.count(" ") < header.ECHO_MAX_WORDS and header._TITLE_PARTS_RE.search(t):
            parts = [p.strip() for p in header._TITLE_PARTS_RE.split(t)]
            if (parts[0] == s and all(len(p.split()) <= header.ECHO_REST_WORDS for p in parts[1:])) or (
                    parts[-1] == s and all(len(p.split()) <= header.ECHO_REST_WORDS for p in parts[:-1])):
                return True
    return False


PIECES = st.sampled_from(["Oil prices rise", "Daily Ledger", "Home", " | ", " › ", " - ", "|", "  ", "News", "oil"])


@settings(max_examples=300, deadline=None)
@given(st.lists(st.lists(PIECES, max_size=6).map("".join), min_size=1, max_size=8), st.sampled_from(
    ["Oil prices rise", "Home", "Daily Ledger", "News"]))
def test_the_echo_search_is_the_line_by_line_reading(texts, s):
    # (lines as the page gives them, unstripped too: the shortcut may not lean on the stripping)
    page_text = "\n".join(texts)
    assert header.echoed_on_page(s, page_text, []) == _reference_echoed(s, page_text)


def _reference_title_score(line: Line, body_words, stops, repeats) -> float:
    topic = [w for w in line.words if w not in stops and len(w) > 2 and not w.isdigit()]
    score = 1.0
    if topic:
        score += header.W_TOPIC * sum(min(1.0, body_words.get(w, 0) / header.TOPIC_TF) for w in topic) / (len(topic) + 1)
    score += header.W_LENGTH * (min(line.n_words, 12) - 4)
    score -= header.W_LENGTH * max(0, line.n_words - header.LONG_WORDS)
    if repeats[line.stripped] > 1:
        score += header.W_REPEATED
    if line.stripped.endswith(":"):
        score -= 1.0
    if line.stripped.endswith("?"):
        score -= header.W_QUESTION
    capitals = sum(1 for w in line.stripped.split() if w[:1].isupper())
    score += header.W_CAPITALS * capitals / max(1, line.n_words)
    return score


@settings(max_examples=200, deadline=None)
@given(st.sampled_from([t for t in POOL if t]), st.dictionaries(
    st.sampled_from(["oil", "prices", "winter", "rise", "data", "feed", "review", "ledger"]),
    st.one_of(st.integers(-2, 70), st.floats(-3, 9, allow_nan=False)), max_size=6), st.integers(1, 3))
def test_the_title_score_is_the_plain_sum_to_the_last_bit(text, counts, repeated):
    line = Line(0, text)
    body_words = Counter(counts)
    repeats = Counter({line.stripped: repeated})
    assert header.title_score(line, body_words, STOPS, repeats) == _reference_title_score(line, body_words, STOPS, repeats)


@settings(max_examples=500, deadline=None)
@given(st.one_of(st.text(alphabet=st.sampled_from(list("aAzZ 1\t\x1c\x1f\x0b\x85.Éé'")), max_size=30), st.text(max_size=30)))
def test_capitals_are_the_words_that_start_with_one(text):
    assert header._capitals(text) == sum(1 for w in text.split() if w[:1].isupper())


def _lines(texts: list[str]) -> list[Line]:
    lines = [Line(i, t) for i, t in enumerate(texts)]
    for line in lines:
        line.count_stops(STOPS)
    return lines


def _drawn_page(texts: list[str], data) -> tuple:
    """A page of these lines with a drawn body start, body lines and furniture marks:
    (lines, body_start, in_body, prose, furniture, repeats)."""
    lines = _lines(texts)
    n = len(lines)
    body_start = data.draw(st.integers(0, n))
    in_body = [not line.blank and i >= body_start and data.draw(st.booleans()) for i, line in enumerate(lines)]
    prose = [line.n_words >= 8 and line.end_punct for line in lines]
    furniture = data.draw(st.one_of(st.none(), st.lists(st.booleans(), min_size=n, max_size=n)))
    repeats = Counter(line.stripped for line in lines if not line.blank)
    return lines, body_start, in_body, prose, furniture, repeats


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(POOL), min_size=1, max_size=40), st.data())
def test_leaving_out_candidates_that_cannot_come_near_the_best_changes_no_choice(texts, data):
    lines, body_start, in_body, prose, furniture, repeats = _drawn_page(texts, data)
    counted = Counter(chain.from_iterable(line.words for line in lines if in_body[line.index]))
    args = (lines, body_start, counted, STOPS, repeats, prose, None, frozenset(), furniture, in_body)
    pruned = header.find_title(*args)
    margin = header.PRUNE_MARGIN
    try:
        header.PRUNE_MARGIN = float("inf")  # nothing left out
        assert header.find_title(*args) == pruned
    finally:
        header.PRUNE_MARGIN = margin


def test_a_headline_is_found_above_a_body_that_shares_its_words():
    texts = ["Daily Ledger", "", "Home", "World", "Business", "", "Oil prices rise as winter nears", "",
             "By Jane Doe", "",
             "The minister said oil prices would climb through the winter months, and gas would follow.",
             "", "Talks on oil prices will resume in Vienna next week, officials said on Monday."]
    lines = _lines(texts)
    in_body = [i >= 10 and not line.blank for i, line in enumerate(lines)]
    prose = [line.n_words >= 8 and line.end_punct for line in lines]
    repeats = Counter(line.stripped for line in lines if not line.blank)
    counted = Counter(chain.from_iterable(line.words for line in lines if in_body[line.index]))
    found = header.find_title(lines, 10, counted, STOPS, repeats, prose, in_body=in_body)
    assert found == 6


def test_a_button_is_furniture_words_and_stopwords_with_one_furniture_word_at_least():
    assert header._button(Line(0, "Subscribe Sign in"), STOPS)
    assert not header._button(Line(0, "of the and"), STOPS)  # stopwords alone
    assert not header._button(Line(0, "Subscribe to oil"), STOPS)
    assert not header._button(Line(0, ""), STOPS)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(POOL), min_size=1, max_size=40), st.data())
def test_the_body_words_counted_in_the_search_are_all_it_asks_of_the_whole_count(texts, data):
    lines, body_start, in_body, prose, furniture, repeats = _drawn_page(texts, data)
    counted = Counter(chain.from_iterable(line.words for line in lines if in_body[line.index]))
    whole = header.find_title(lines, body_start, counted, STOPS, repeats, prose, None, frozenset(), furniture, in_body)
    assert header.find_title(lines, body_start, None, STOPS, repeats, prose, None, frozenset(), furniture,
                             in_body) == whole


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(POOL), min_size=1, max_size=40), st.data())
def test_searches_of_one_page_that_share_a_memo_answer_as_searches_apart(texts, data):
    # (the page's furniture and prose marks are the same for each search; the body moves)
    lines, _, _, prose, furniture, repeats = _drawn_page(texts, data)
    memo = header.TitleMemo()
    n = len(lines)
    for _ in range(3):
        body_start = data.draw(st.integers(0, n))
        in_body = [not line.blank and i >= body_start and data.draw(st.booleans()) for i, line in enumerate(lines)]
        skip = frozenset(data.draw(st.sets(st.integers(0, n), max_size=2)))
        args = (lines, body_start, None, STOPS, repeats, prose, None, skip, furniture, in_body)
        assert header.find_title(*args, memo=memo) == header.find_title(*args)


def test_a_builds_first_pass_finds_the_source_the_cleaner_finds():
    """The first pass of a build searches the page's stripped lines before any cleaning:
    it must answer what the cleaner's own search answers."""
    from index.clean.lines import lines_of
    from index.update.workers import find_source as first_pass

    pages = [
        "- Daily Planet\n\nCity opens new library\n\nThe city opened its new library on Monday.\n",
        "Menu\n\n  Storm hits the coast  \n\nHeavy rain fell overnight, the weather service said.\n\n"
        "\u00a9 2025 Coastal Herald. All rights reserved.\n",
        "https://www.example-news.com/2025/storm\n\nStorm hits the coast\n\nRain fell.\n",
        "\n\n\n",
    ]
    for page in pages:
        lines = lines_of(page.split("\n"))
        assert first_pass(page, None) == header.find_source(lines, None)
        assert first_pass(page, "example-news.com") == header.find_source(lines, "example-news.com")
