"""Pure pieces of the app: wrapping offsets, tag input parsing, completion, query clauses, rows."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from index.errors import TagError
from index.models import Hit, Snippet, Span, TagChange
from tui.article_render import cleaned_text, raw_text, tag_text
from tui.article_view import wrap_offsets
from tui.hit_list import fit_snippet, hit_row
from tui.status_text import describe_change, tag_clause
from tui.tag_dialogs import TagSuggester, parse_tag_edit


@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=400), st.integers(1, 60))
def test_wrapped_lines_cover_the_text_in_order(text, width):
    starts, ends = wrap_offsets(text, width)
    assert len(starts) == len(ends) == max(1, len(starts))
    pieces = [text[a:b] for a, b in zip(starts, ends)]
    assert "".join(pieces) == text.replace("\n", "")
    assert all(a <= b for a, b in zip(starts, ends))
    assert starts == sorted(starts)


def test_parse_tag_edit_adds_and_removes():
    edit = parse_tag_edit("Weather, +Follow Up -old  -old")
    assert edit.add == ("weather", "follow", "up")  # words are separate tags
    assert edit.remove == ("old",)
    with pytest.raises(TagError):
        parse_tag_edit("[bold]")


async def test_suggester_completes_the_last_word():
    s = TagSuggester(["agriculture", "economy", "followup"])
    assert await s.get_suggestion("economy agr") == "economy agriculture"
    assert await s.get_suggestion("-fol") == "-followup"
    assert await s.get_suggestion("economy ") is None
    assert await s.get_suggestion("zzz") is None


def test_tag_clause_quotes_names_the_parser_would_split():
    assert tag_clause("weather") == "tag:weather"
    assert tag_clause("a-b.c") == "tag:a-b.c"
    assert tag_clause("news:local") == 'tag:"news:local"'


def test_describe_change_counts_articles():
    change = TagChange(added=(("a", "x"), ("b", "x")), removed=())
    assert describe_change(change) == "2 tags added on 2 articles"
    assert describe_change(change, undo=True) == "2 removed on 2 articles"


def test_markup_in_data_stays_literal():
    hit = Hit("[b]id", "[bold]T[/bold] [link=x]y[/link]", "[red]src", None, 1.0, ("followup", "[x]"), Snippet("s [/] t", (Span(0, 1),)))
    row = hit_row(hit, hit.tags)
    assert "[bold]T[/bold] [link=x]y[/link]" in row.plain and "[red]src" in row.plain and "⚑" in row.plain
    assert cleaned_text("[/] x", [Span(4, 5)]).plain == "[/] x"
    assert raw_text("[b]\nkept", "BC", []).plain == "[b]\nkept"
    assert tag_text(["followup", "a"]).plain == "⚑ #a"


@given(
    st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc"), max_codepoint=0x2FFF), min_size=1, max_size=300),
    st.data(),
    st.integers(8, 120),
)
def test_a_fitted_snippet_fits_its_width_and_shows_its_first_hit_whole(text, data, width):
    from rich.cells import cell_len

    start = data.draw(st.integers(0, len(text) - 1))
    end = data.draw(st.integers(start + 1, min(len(text), start + 6)))
    cut, spans = fit_snippet(text, [Span(start, end)], width)
    assert cell_len(cut) <= max(width, cell_len(text[start:end]) + 2)
    assert spans and cut[spans[0].start : spans[0].end] == text[start:end]


@pytest.mark.parametrize("text, start, end", [
    (" 00000000", 2, 8),       # the step back to a word's start left no cell for the hit's end
    ("0000000\u2e800", 2, 8),  # a hit of a wide character wider than the row less its two "…"
    ("0 0000000\u0300", 4, 10),  # the rest of the text, a combining mark at its end, fits whole
])
def test_a_fitted_snippet_found_cutting_its_hit(text, start, end):
    from rich.cells import cell_len

    cut, spans = fit_snippet(text, [Span(start, end)], 8)
    assert cell_len(cut) <= max(8, cell_len(text[start:end]) + 2)
    assert cut[spans[0].start : spans[0].end] == text[start:end]


def test_a_snippet_is_cut_around_its_hit():
    text = "Lawmakers met the Committee on Tuesday about the events at the center of the impeachment inquiry, officials said."
    hit = Span(text.index("impeachment"), text.index("impeachment") + len("impeachment"))
    cut, spans = fit_snippet(text, [hit], 50)
    assert cut.startswith("…") and cut.endswith("…") and len(cut) <= 50
    assert cut[spans[0].start : spans[0].end] == "impeachment"
    assert fit_snippet("A violent storm", [Span(10, 15)], 40) == ("A violent storm", (Span(10, 15),))
    near, _ = fit_snippet("A violent storm killed three people in a coastal town on Monday", [Span(10, 15)], 30)
    assert near.startswith("A violent storm")  # a hit near the start keeps the start


def test_status_lines_say_what_is_shown():
    from index import SearchResult
    from tui.status_text import empty_query_status, plural, search_status, toggle_clause

    assert plural(1, "hit") == "1 hit" and plural(12345, "hit") == "12,345 hits"
    result = SearchResult("storm", (), 120, 12.4, None, "newest")
    assert search_status(result, 40).plain == "120 hits · newest first · 12 ms · 40 loaded"
    assert search_status(result, 120, timings=False).plain == "120 hits · newest first"
    assert search_status(result, 40, error="unbalanced quote").plain == "⚠ unbalanced quote  (still showing storm)"
    assert "more hits may follow" in search_status(result, 40, building=True).plain
    assert empty_query_status(6).plain == "6 articles · type to search, * lists them all"
    assert empty_query_status(0, building=True).plain.startswith("the index is being built")
    assert toggle_clause("storm", "tag:x") == "storm tag:x" and toggle_clause("storm tag:x", "tag:x") == "storm"
