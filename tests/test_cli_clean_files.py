"""`corpus-tui clean` on an HTML page, a JSON record and a JSONL file: each is read as the index
reads it (the page's text, title, site and date; a record's fields), not as lines of markup."""

from __future__ import annotations

import json
from pathlib import Path

PAGE = """<!DOCTYPE html>
<html lang="en"><head>
<meta charset="utf-8">
<title>Council approves new cycle lanes | The Evening Post</title>
<meta property="og:site_name" content="The Evening Post">
<meta property="article:published_time" content="2024-03-12T08:30:00Z">
</head><body>
<nav><a href="/">Home</a> <a href="/news">News</a> <a href="/sport">Sport</a></nav>
<article>
<h1>Council approves new cycle lanes for city centre</h1>
<p>The city council voted on Tuesday to build six kilometres of protected cycle lanes through the centre.</p>
<p>Work will start in the spring and should take about eighteen months, the council said.</p>
<p>Shop owners on the high street said they feared losing parking spaces during the works.</p>
</article>
<footer>© 2024 Evening Post Media Ltd. All rights reserved.</footer>
</body></html>
"""
BODY = [
    "The city council voted on Tuesday to build six kilometres of protected cycle lanes through the centre.",
    "Work will start in the spring and should take about eighteen months, the council said.",
    "Shop owners on the high street said they feared losing parking spaces during the works.",
]


def test_an_html_page_is_cleaned_as_the_index_reads_it(cli, tmp_path: Path):
    page = tmp_path / "cycle.html"
    page.write_text(PAGE, encoding="utf-8")
    result = cli(tmp_path, "clean", "--json", str(page))
    assert result.exit_code == 0
    cleaned = json.loads(result.stdout)
    assert cleaned["title"] == "Council approves new cycle lanes for city centre"
    assert cleaned["source"] == "The Evening Post"
    assert cleaned["date"] == "2024-03-12"
    assert cleaned["paragraphs"] == BODY
    assert not any("<" in line for line in cleaned["paragraphs"])
    # and as text: the headline, a blank line, the paragraphs
    text = cli(tmp_path, "clean", str(page)).stdout
    assert text.startswith("Council approves new cycle lanes for city centre\n\n" + BODY[0])


def test_each_record_of_a_jsonl_file_is_printed_under_its_id(cli, tmp_path: Path):
    records = tmp_path / "wire.jsonl"
    records.write_text("\n".join([
        json.dumps({"id": "a1", "title": "Bridge closed after crash", "source": "The Courier", "date": "2024-03-04",
                    "text": "The Tay bridge was closed on Monday morning after a lorry hit a barrier.\n\n"
                            "Police expect it to reopen by evening."}),
        "not json at all",
        json.dumps({"id": "a2", "title": "Oil prices rise",
                    "text": "The minister said prices would climb through the winter months.\n\nTalks will resume in Vienna."}),
    ]) + "\n", encoding="utf-8")
    result = cli(tmp_path, "clean", "--json", str(records))
    assert result.exit_code == 0
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert [row["id"] for row in rows] == ["wire.jsonl#id:a1", "wire.jsonl#id:a2"]
    assert rows[0]["title"] == "Bridge closed after crash" and rows[0]["source"] == "The Courier"
    assert rows[0]["date"] == "2024-03-04"
    assert rows[1]["paragraphs"] == ["The minister said prices would climb through the winter months.",
                                     "Talks will resume in Vienna."]
    assert "skipped wire.jsonl#2: malformed JSON" in result.stderr
    text = cli(tmp_path, "clean", str(records)).stdout
    assert text.startswith("== wire.jsonl#id:a1 ==\nBridge closed after crash\n\n")
    assert "\n\n== wire.jsonl#id:a2 ==\nOil prices rise\n" in text


def test_a_json_file_without_an_article_is_a_one_line_error(cli, tmp_path: Path):
    record = tmp_path / "empty.json"
    record.write_text('{"x": 1}', encoding="utf-8")
    result = cli(tmp_path, "clean", str(record))
    assert result.exit_code != 0
    assert result.stderr.strip().count("\n") == 0 and "no article" in result.stderr
    assert "Traceback" not in result.output


def test_a_page_piped_in_is_read_as_html(cli, tmp_path: Path):
    result = cli(tmp_path, "clean", "--json", "-", input=PAGE.encode("utf-8"))
    assert result.exit_code == 0
    cleaned = json.loads(result.stdout)
    assert cleaned["title"] == "Council approves new cycle lanes for city centre"
    assert cleaned["paragraphs"] == BODY
