"""Records as scrapers and news APIs write them: NewsAPI's `publishedAt` and `content` with a
`source` object, schema.org's `articleBody` and `datePublished`, keys written with capitals, a
Unix timestamp for the date. Indexed, each article has the title, outlet and date its record
gives; a record's id does not change because its title is now read from "Title"."""

from __future__ import annotations

import json
from pathlib import Path

BODY = "The Tay bridge was closed on Monday morning after a lorry hit a barrier.\n\nPolice expect it to reopen by evening."


def write_jsonl(path: Path, records: list[dict]) -> None:
    path.write_text("\n".join(json.dumps(r) for r in records) + "\n", encoding="utf-8")


def test_news_api_and_schema_org_records_give_their_title_outlet_and_date(tmp_path, open_corpus):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    write_jsonl(corpus / "feed.jsonl", [
        {"source": {"id": "courier", "name": "The Courier"}, "title": "Bridge closed after crash",
         "publishedAt": "2024-03-04T09:12:00Z", "url": "https://www.example.com/bridge", "content": BODY},
        {"headline": "Rates held", "datePublished": "2024-03-07", "publisher": {"@type": "Organization", "name": "Finance Daily"},
         "articleBody": "The central bank kept its main rate unchanged on Thursday, citing slowing inflation."},
        {"Title": "Oil prices rise", "Date": 1709543520,
         "Body": "The minister said prices would climb through the winter months.\n\nTalks will resume in Vienna."},
    ])
    c = open_corpus(corpus)
    found = {a.title: a for a in (c.article(h.id) for h in c.search("*").hits)}
    assert set(found) == {"Bridge closed after crash", "Rates held", "Oil prices rise"}
    assert (found["Bridge closed after crash"].source, found["Bridge closed after crash"].date) == ("The Courier", "2024-03-04")
    assert (found["Rates held"].source, found["Rates held"].date) == ("Finance Daily", "2024-03-07")
    assert found["Oil prices rise"].date == "2024-03-04"


def test_a_records_id_stays_when_its_capitalised_title_is_read(tmp_path, open_corpus):
    # (ids of records without an id or a URL are made from their title and text: a title under
    # "Title" was not read before, and the id is made without it still)
    from index.ingest.readers import content_key, RawArticle

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    write_jsonl(corpus / "feed.jsonl", [{"Title": "Bridge closed after crash", "text": BODY}])
    c = open_corpus(corpus)
    (hit,) = c.search("*").hits
    assert hit.id == "feed.jsonl#" + content_key(RawArticle("x", "x", BODY))
    assert c.article(hit.id).title == "Bridge closed after crash"
