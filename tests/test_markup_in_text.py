"""Text that still carries some of its page's HTML: a sentence with a bold word or a link left in
is the article's, and a JSON record whose body is the page's markup is read as an HTML page's."""

from __future__ import annotations

import json

from index.clean.cleaner import clean

BRIEF = (
    "Talks resume in Vienna\n\n"
    "The minister said on Monday that the talks on the nuclear deal will resume in Vienna on <b>Tuesday</b>.\n\n"
    "Delegations from <a href=\"/countries/iran\">six countries</a> are expected to attend the first session.\n\n"
    "Economists expect oil prices to rise.\n"
)


def test_a_sentence_with_a_tag_left_in_is_kept():
    cleaned = clean(BRIEF)
    assert cleaned.title == "Talks resume in Vienna"
    assert len(cleaned.paragraphs) == 3
    assert "<b>Tuesday</b>" in cleaned.paragraphs[0]


def test_markup_that_is_not_a_sentence_is_still_dropped():
    page = BRIEF.replace("Economists expect oil prices to rise.\n",
                         "Economists expect oil prices to rise.\n\n<div class=\"ad-slot\" data-id=\"42\"></div>\n")
    assert not any("ad-slot" in p for p in clean(page).paragraphs)


def test_a_json_body_holding_the_pages_html_is_read_as_text(tmp_path, cli):
    corpus = tmp_path / "c"
    corpus.mkdir()
    record = {
        "title": "Port strike ends",
        "content": "<div class=\"story\"><p>Dock workers ended a week-long strike on Friday after the port "
                   "authority agreed to raise wages by six percent.</p><p>Shipping lines said the backlog "
                   "would take <b>two weeks</b> to clear.</p></div>",
        "date": "2024-03-08",
    }
    (corpus / "feed.jsonl").write_text(json.dumps(record) + "\n", encoding="utf-8")
    assert cli(corpus, "index").exit_code == 0
    found = cli(corpus, "search", "backlog")
    assert found.exit_code == 0 and "1 hit" in found.output
    assert "the backlog would take two weeks to clear" in found.output
    assert "<b>" not in found.output and "<p>" not in found.output
