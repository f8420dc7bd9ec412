"""Facets, timeline and concordance of a query, through the real CLI over a real index."""

from __future__ import annotations

import csv
import io
import json

from corpus_factory import write_dated, write_planted_copies


def dated_corpus(tmp_path):
    folder = tmp_path / "corpus"
    write_dated(folder, [
        ("Storm hits the coast", "2021-03-02"),
        ("Storm again", "2021-03-20"),
        ("Storm in April", "2021-04-11"),
        ("Storm next year", "2022-01-05"),
        ("Storm undated", None),
    ])
    return folder


def test_facets_json_counts_every_match(tmp_path, cli):
    folder = dated_corpus(tmp_path)
    cli(folder, "tag", "d0.json", "d1.json", "+checked")
    result = cli(folder, "facets", "storm", "--json")
    assert result.exit_code == 0, result.output
    f = json.loads(result.stdout)
    assert set(f) == {"query", "total", "source", "year", "month", "tag", "undated"}
    assert f["query"] == "storm" and f["total"] == 5 and f["undated"] == 1
    assert f["source"] == [{"value": "Test Wire", "count": 5}]
    assert f["year"] == [{"value": "2022", "count": 1}, {"value": "2021", "count": 3}]
    assert f["month"] == [{"value": "2022-01", "count": 1}, {"value": "2021-04", "count": 1}, {"value": "2021-03", "count": 2}]
    assert f["tag"] == [{"value": "checked", "count": 2}]
    narrowed = json.loads(cli(folder, "facets", "storm AND date:2021", "--json").stdout)
    assert narrowed["total"] == 3 and narrowed["undated"] == 0 and narrowed["tag"] == [{"value": "checked", "count": 2}]
    text = cli(folder, "facets", "storm").stdout
    assert "5 hits for 'storm'" in text and "Test Wire" in text and "undated: 1" in text
    bad = cli(folder, "facets", '"oops')
    assert bad.exit_code == 2 and "bad query" in bad.stderr


def test_timeline_json_by_month_week_and_year(tmp_path, cli):
    folder = dated_corpus(tmp_path)
    t = json.loads(cli(folder, "timeline", "storm", "--json").stdout)
    assert set(t) == {"query", "by", "buckets", "undated"}
    assert t["by"] == "month" and t["undated"] == 1
    buckets = t["buckets"]
    assert buckets[0] == {"start": "2021-03-01", "count": 2} and buckets[-1] == {"start": "2022-01-01", "count": 1}
    assert len(buckets) == 11 and sum(b["count"] for b in buckets) == 4  # empty months are there too
    years = json.loads(cli(folder, "timeline", "storm", "--by", "year", "--json").stdout)["buckets"]
    assert years == [{"start": "2021-01-01", "count": 3}, {"start": "2022-01-01", "count": 1}]
    weeks = json.loads(cli(folder, "timeline", "storm", "--by", "week", "--json").stdout)["buckets"]
    assert weeks[0] == {"start": "2021-03-01", "count": 1}  # a Monday
    text = cli(folder, "timeline", "storm").stdout
    assert "2021-03-01" in text and "← peak" in text
    assert cli(folder, "timeline", "storm", "--by", "day").exit_code == 2


def test_kwic_json_and_csv_give_every_occurrence_aligned(tmp_path, cli):
    folder = tmp_path / "corpus"
    write_planted_copies(folder, originals=8)
    lines = cli(folder, "kwic", "levee", "--json", "--width", "20").stdout.splitlines()
    records = [json.loads(x) for x in lines]
    assert records and all(set(r) == {"id", "position", "left", "hit", "right"} for r in records)
    assert all(r["hit"].lower().startswith("levee") for r in records)
    assert all(len(r["left"]) <= 20 and len(r["right"]) <= 20 for r in records)
    # positions are offsets into the article text as `show` prints it
    first = records[0]
    shown = cli(folder, "show", first["id"]).stdout
    assert shown[first["position"]:first["position"] + len(first["hit"])] == first["hit"]
    # every occurrence the reader would highlight, in hit order
    hits = json.loads(cli(folder, "search", "levee", "--json", "--limit", "100").stdout)
    total = sum(cli(folder, "show", h["id"]).stdout.lower().count("levee") for h in hits["hits"])
    assert len(records) == total
    rows = list(csv.reader(io.StringIO(cli(folder, "kwic", "levee", "--csv", "--limit", "3").stdout)))
    assert rows[0] == ["id", "position", "left", "hit", "right"] and len(rows) == 4
    text = cli(folder, "kwic", "levee", "--width", "20", "--limit", "2").stdout.splitlines()
    assert len(text) == 2 and text[0].index("levee") == text[1].index("levee") == 21
    assert cli(folder, "kwic", "levee", "--json", "--csv").exit_code == 1


def test_phrase_kwic_marks_the_whole_phrase(tmp_path, cli):
    folder = dated_corpus(tmp_path)
    records = [json.loads(x) for x in cli(folder, "kwic", '"storm struck"', "--json").stdout.splitlines()]
    assert len(records) == 5 and {r["hit"] for r in records} == {"storm struck"}
    assert records[0]["left"].endswith("A ") or records[0]["left"] == "A "


def test_kwic_of_a_query_without_words_says_it_found_no_occurrence(tmp_path, cli):
    folder = dated_corpus(tmp_path)
    result = cli(folder, "kwic", "*")
    assert result.exit_code == 0 and result.stdout == ""
    assert "no occurrences of '*'" in result.stderr
    assert cli(folder, "kwic", "*", "--json").stderr == ""  # (a script reading JSON gets no lines, no prose)
