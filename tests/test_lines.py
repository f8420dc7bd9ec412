"""`lines_of`: a page's lines measured together, each as its definitions say."""

from hypothesis import given, settings
from hypothesis import strategies as st

from index.clean.lines import (_CODE_HINTS, _NON_LETTERS_RE, _UNSPACED_RE, CODE_RE, TAG_RE, Line, _tagged_prose,
                               lines_of, looks_like_code)
from index.text.words import WORD_RE

MEASURES = ("index", "text", "stripped", "blank", "probe", "words", "n_words", "stop_hits", "end_punct", "colon_end",
            "may_open_label", "code", "truncated", "commenter", "chrome", "caption_credit", "ascii_letters", "letters",
            "capitals", "after_article", "related", "credit", "pointer", "byline", "script")


def measures(line: Line) -> tuple:
    return tuple(getattr(line, name) for name in MEASURES)


def capital_share(s: str) -> float:
    words = s.split()
    return sum(1 for w in words if w[0].isupper() and w[0] <= "\uffff") / len(words) if words else 0.0


_PIECES = list("Ab_z9 .…!?\"”“‘’«»–\u00a0©:;-—\t(){}=<>*/é\x0b") + ["Ж", "中文", "By ", " said", "window.", "..."]
_TEXT = st.lists(st.sampled_from(_PIECES), max_size=30).map("".join)


@settings(max_examples=300, deadline=None)
@given(st.lists(_TEXT, min_size=1, max_size=8))
def test_the_lines_of_a_page_are_measured_as_their_definitions_say(texts):
    lines = lines_of(texts)
    assert [line.index for line in lines] == list(range(len(texts)))
    for line, t in zip(lines, texts):
        s = t.strip()
        assert line.text == t and line.stripped == s and line.blank == (not s)
        if not s:
            assert not line.words and line.n_words == 0 and line.letters == 0.0 and line.capitals == 0.0
            assert not line.code and line.script == "" and not (line.credit or line.pointer or line.byline)
            continue
        if not _UNSPACED_RE.search(s):
            assert line.words == WORD_RE.findall(s.lower())
        p = line.probe
        assert line.letters == len(_NON_LETTERS_RE.sub("", p)) / len(p)
        assert line.capitals == capital_share(s)
        # (code is looked for only in a line with one of its hint characters: see `Line`)
        assert line.code == bool(_CODE_HINTS.search(p) and looks_like_code(p))


@settings(max_examples=200, deadline=None)
@given(st.lists(_TEXT, min_size=1, max_size=8))
def test_a_page_measures_each_line_as_the_line_alone(texts):
    # (the page's bytes are translated once; a line measured on its own reads only itself)
    assert [measures(line) for line in lines_of(texts)] == [measures(Line(i, t)) for i, t in enumerate(texts)]


def test_a_line_printed_on_an_earlier_page_is_measured_alike_and_apart():
    texts = ["Share this article", "", "By Jane Doe", "The council voted to close the old bridge on Monday.",
             "Read more: (photo) window.open()", "Share this article"]
    first, second = lines_of(texts), lines_of(texts)
    assert [measures(line) for line in first] == [measures(line) for line in second]
    # (a page's own counts stay its own)
    first[0].stop_hits = 2
    first[2].count_stops(frozenset({"by"}))
    assert second[0].stop_hits == 0 and second[2].stop_hits == 0 and first[2].stop_hits == 1
    assert first[0] is not second[0] and first[5].index == 5


def test_a_blank_line_of_a_page_is_any_blank_line():
    page = lines_of(["", "  \t", "x"])
    for line, t in zip(page[:2], ["", "  \t"]):
        assert measures(line)[2:] == measures(Line(0, t))[2:]
        assert line.words == [] and line.stop_density == 0.0


def test_a_newline_inside_a_line_measured_alone_is_whitespace():
    line = Line(3, "Old Bridge\nclosed (for) now")
    assert line.words == ["old", "bridge", "closed", "for", "now"] and line.capitals == 0.4
    assert line.letters == len(_NON_LETTERS_RE.sub("", line.probe)) / len(line.probe) and line.index == 3


_CODE_PIECES = list("ab_Z9.;}{)(= \t\n'\"‘’<>/*!") + [
    "function", "var ", "window.", "document.", "gtag(", "fbq(", "dataLayer", "!important", "=>", "<b>", "</p>",
    "x.y(", "f('", "');", "}\n", "  ", "é"]


@settings(max_examples=2000, deadline=None)
@given(st.lists(st.sampled_from(_CODE_PIECES), max_size=25).map("".join))
def test_code_is_what_the_whole_code_pattern_finds(p):
    # (its alternatives are tried one at a time, each after a cheap test of the line: the same
    # verdict as the one pattern, anywhere in the line, and a tag outside a sentence)
    assert looks_like_code(p) == bool(CODE_RE.search(p) or (TAG_RE.search(p) and not _tagged_prose(p)))


def test_a_line_of_code_is_code_and_a_sentence_with_a_semicolon_is_not():
    page = ["The minister spoke; the markets listened (briefly) and fell.", "var x = 1", "window.dataLayer = []",
            "track('page_view');", "a.push(event);", "body { color: red; }", "The results (see table 2.1) held."]
    assert [line.code for line in lines_of(page)] == [False, True, True, True, True, True, False]
