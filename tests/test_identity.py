"""Which article a tag is on: a JSONL record keeps its identity when its file changes order,
and an article edited and renamed at once (a re-scrape) finds its tags again; tags that wait
for an article are shown, with what they wait for."""

from __future__ import annotations

import json
import sqlite3

from conftest import search_ids

RIVER = (
    "The river council met on Tuesday to discuss the spring floods that damaged the lower town. "
    "Residents asked for new embankments along the eastern bank, and the mayor promised a report "
    "on costs before the summer. Engineers said the old walls had been neglected for decades and "
    "that the water had risen faster than at any time since records began in the valley."
)
HILLS = (
    "Shepherds in the northern hills reported the earliest lambing season in memory this year. "
    "Farmers blamed the mild winter and said grazing had been good, though some worried about "
    "late frosts. The regional office promised to survey the pastures and publish figures on "
    "flock sizes, feed prices and the number of young farmers taking over family holdings."
)


def jsonl(path, *records) -> None:
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")


def titles(cli, corpus, query: str) -> list[str]:
    return [h["title"] for h in json.loads(cli(corpus, "search", query, "--json").stdout)["hits"]]


def test_a_tag_stays_on_its_record_when_a_jsonl_changes_order(tmp_path, cli):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    alpha, bravo, charlie = ({"title": t, "text": f"{t} text about the river."} for t in ("Alpha", "Bravo", "Charlie"))
    jsonl(corpus / "a.jsonl", alpha, bravo)
    assert cli(corpus, "index", "--quiet").exit_code == 0
    result = cli(corpus, "tag", "a.jsonl#2", "+keep")  # line 2: Bravo
    assert result.stdout.strip() == "1 article changed (1 tag added)"

    jsonl(corpus / "a.jsonl", charlie, alpha, bravo)  # a line inserted at the top
    cli(corpus, "index", "--quiet")
    assert titles(cli, corpus, "tag:keep") == ["Bravo"]
    jsonl(corpus / "a.jsonl", bravo, charlie)  # re-scraped in another order, Alpha gone
    cli(corpus, "index", "--quiet")
    assert titles(cli, corpus, "tag:keep") == ["Bravo"]
    assert cli(corpus, "tags").stdout.splitlines() == ["keep  1"]
    # the line number still points at what is on that line now
    assert json.loads(cli(corpus, "show", "a.jsonl#2", "--json").stdout)["title"] == "Charlie"


def test_records_are_known_by_their_own_id_then_their_url(tmp_path, cli):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    one = {"id": 17, "title": "One", "text": "First text, about wheat."}
    two = {"url": "https://news.example.com/two", "title": "Two", "text": "Second text, about barley."}
    jsonl(corpus / "feed.jsonl", one, two)
    cli(corpus, "index", "--quiet")
    ids = sorted(search_ids(cli(corpus, "search", "*", "--json")))
    assert ids[0] == "feed.jsonl#id:17" and ids[1].startswith("feed.jsonl#url:")
    cli(corpus, "tag", *ids, "+seen")
    # both records edited (a corrected text) and swapped: the keys hold, so do the tags
    jsonl(corpus / "feed.jsonl", dict(two, text="Second text, about barley and oats."), dict(one, text="First text, on wheat."))
    cli(corpus, "index", "--quiet")
    assert sorted(titles(cli, corpus, "tag:seen")) == ["One", "Two"]
    assert sorted(search_ids(cli(corpus, "search", "*", "--json"))) == ids


def test_a_file_edited_and_renamed_keeps_its_tags_and_waiting_tags_are_shown(tmp_path, cli):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "floods.txt").write_text("Floods in the lower town\n\n" + RIVER + "\n", encoding="utf-8")
    (corpus / "lambs.txt").write_text("Early lambs in the hills\n\n" + HILLS + "\n", encoding="utf-8")
    cli(corpus, "index", "--quiet")
    cli(corpus, "tag", "floods.txt", "+flood")
    cli(corpus, "tag", "lambs.txt", "+farm")

    # a re-scrape: a sentence corrected and the file renamed, in one go
    (corpus / "floods.txt").unlink()
    edited = RIVER.replace("on Tuesday", "on Wednesday").replace("the mayor", "the new mayor")
    (corpus / "2019-floods.txt").write_text("Floods in the lower town\n\n" + edited + "\n", encoding="utf-8")
    (corpus / "lambs.txt").unlink()  # gone for good: its tag waits
    result = cli(corpus, "index")
    assert "1 tagged article found again" in result.output
    assert search_ids(cli(corpus, "search", "tag:flood", "--json")) == ["2019-floods.txt"]
    out = cli(corpus, "tags").stdout.splitlines()
    assert out[0] == "flood  1"
    assert out[2].startswith("waiting for 1 article not in the corpus now")
    assert out[3] == "farm   1"
    assert out[4].split() == ["lambs.txt", '"Early', "lambs", "in", "the", 'hills"']

    # the lost article comes back: its tag is no longer waiting
    (corpus / "lambs.txt").write_text("Early lambs in the hills\n\n" + HILLS + "\n", encoding="utf-8")
    cli(corpus, "index", "--quiet")
    assert cli(corpus, "tags").stdout.splitlines() == ["farm   1", "flood  1"]


def test_a_rescrape_is_recognised_by_url_or_by_title_and_date(tmp_path, cli):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    page = {"url": "http://www.example.org/a/1", "title": "Budget passed", "text": "The budget passed by two votes."}
    (corpus / "p1.json").write_text(json.dumps(page), encoding="utf-8")
    (corpus / "dated.txt").write_text("Harvest festival opens\n\nPublished 3 May 2021\n\n" + RIVER + "\n", encoding="utf-8")
    cli(corpus, "index", "--quiet")
    cli(corpus, "tag", "p1.json", "dated.txt", "+keep")
    (corpus / "p1.json").unlink()
    rescraped = dict(page, url="https://example.org/a/1/", text="Parliament passed the budget late on Friday.")
    (corpus / "budget.json").write_text(json.dumps(rescraped), encoding="utf-8")
    (corpus / "dated.txt").unlink()
    # rewritten past recognition, but the same headline on the same day
    (corpus / "festival.txt").write_text("Harvest festival opens\n\nPublished 3 May 2021\n\n" + HILLS + "\n", encoding="utf-8")
    cli(corpus, "index", "--quiet")
    assert sorted(search_ids(cli(corpus, "search", "tag:keep", "--json"))) == ["budget.json", "festival.txt"]


def test_a_tag_never_goes_to_one_of_two_lookalikes(tmp_path, cli):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "floods.txt").write_text("Floods\n\n" + RIVER + "\n", encoding="utf-8")
    cli(corpus, "index", "--quiet")
    cli(corpus, "tag", "floods.txt", "+flood")
    (corpus / "floods.txt").unlink()
    for name in ("copy1.txt", "copy2.txt"):
        (corpus / name).write_text("Floods today\n\n" + RIVER.replace("Tuesday", "Monday") + "\n", encoding="utf-8")
    cli(corpus, "index", "--quiet")
    assert search_ids(cli(corpus, "search", "tag:flood", "--json")) == []
    assert "waiting for 1 article" in cli(corpus, "tags").stdout


def test_a_data_folder_of_the_previous_version_keeps_its_tags(tmp_path, cli):
    """Tags put on line-numbered records (`a.jsonl#2`) by the previous version migrate with the
    rebuild the new schema forces."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    jsonl(corpus / "a.jsonl", {"title": "Alpha", "text": "Alpha text."}, {"title": "Bravo", "text": "Bravo text."})
    cli(corpus, "index", "--quiet")
    data = tmp_path / "data"
    with sqlite3.connect(data / "catalog.sqlite") as db:
        (bravo_id, bravo_hash), = db.execute("SELECT id, hash FROM articles WHERE title='Bravo'")
        db.execute("UPDATE meta SET value='8' WHERE key='schema_version'")
        db.execute("UPDATE articles SET id='a.jsonl#2' WHERE id=?", (bravo_id,))
    with sqlite3.connect(data / "tags.sqlite") as db:  # a tags file as the previous version wrote it
        db.execute("DROP TABLE tagged")
        db.execute("INSERT INTO tags VALUES ('a.jsonl#2', 'keep', ?, 1.0)", (bravo_hash,))
    result = cli(corpus, "index")
    assert result.output.startswith("rebuilt")
    assert titles(cli, corpus, "tag:keep") == ["Bravo"]
    assert cli(corpus, "tags").stdout.splitlines() == ["keep  1"]
    with sqlite3.connect(data / "tags.sqlite") as db:
        assert db.execute("SELECT article_id, tag FROM tags").fetchall() == [(bravo_id, "keep")]


def test_an_index_cleaned_by_another_version_of_the_cleaner_is_cleaned_again(tmp_path, cli):
    """After an upgrade whose cleaner differs, the next update cleans every article again (a
    better cleaner reaches what is already indexed), says why, and keeps the tags; the update
    after it has nothing to do."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    jsonl(corpus / "a.jsonl", {"title": "Alpha", "text": "Alpha text."}, {"title": "Bravo", "text": "Bravo text."})
    cli(corpus, "index", "--quiet")
    cli(corpus, "tag", "a.jsonl#2", "+keep")
    assert cli(corpus, "index").output.startswith("0 added")
    data = tmp_path / "data"
    with sqlite3.connect(data / "catalog.sqlite") as db:
        db.execute("UPDATE meta SET value='an-earlier-cleaner' WHERE key='cleaner'")
    result = cli(corpus, "index")
    assert result.output.startswith("rebuilt (the old index was not used: its articles were cleaned by another version")
    assert titles(cli, corpus, "tag:keep") == ["Bravo"]
    assert cli(corpus, "index").output.startswith("0 added, 0 updated, 0 removed, 2 unchanged")
    # a search is the first command after the upgrade: it cleans them again before it answers
    with sqlite3.connect(data / "catalog.sqlite") as db:
        db.execute("UPDATE meta SET value='an-earlier-cleaner' WHERE key='cleaner'")
    assert titles(cli, corpus, "tag:keep") == ["Bravo"]
    with sqlite3.connect(data / "catalog.sqlite") as db:
        assert db.execute("SELECT value FROM meta WHERE key='cleaner'").fetchone() != ("an-earlier-cleaner",)
    assert cli(corpus, "index").output.startswith("0 added, 0 updated, 0 removed, 2 unchanged")
