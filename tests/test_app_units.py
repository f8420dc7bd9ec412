"""Pure pieces of the app: wrapping offsets, tag input parsing, completion, query clauses, rows."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from index.errors import TagError
from index.models import Hit, Snippet, Span, TagChange
from tui.article_render import cleaned_text, raw_text, tag_text
from tui.article_view import wrap_offsets
from tui.hit_list import hit_row
from tui.main_screen import describe_change, tag_clause
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
