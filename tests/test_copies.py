"""Near-copies: grouped at index time, incrementally, and shown by search --collapse and dupes."""

from __future__ import annotations

import csv
import io
import itertools
import json
import random

import numpy as np
import pytest
from corpus_factory import write_planted_copies, write_same_topic_distinct

from index.explore import copies, minhash


def pairs_of(groups: dict[str, list[str]]) -> set[frozenset]:
    return {frozenset(p) for members in groups.values() for p in itertools.combinations(sorted(members), 2)}


def predicted_groups(corpus) -> dict[str, list[str]]:
    groups: dict[str, list[str]] = {}
    for aid, g in corpus.group_of(corpus.catalog.all_ids()).items():
        groups.setdefault(g, []).append(aid)
    return {g: sorted(m) for g, m in groups.items()}


def true_groups(truth: dict[str, str]) -> dict[str, list[str]]:
    groups: dict[str, list[str]] = {}
    for aid, story in truth.items():
        groups.setdefault(story, []).append(aid)
    return groups


@pytest.fixture
def planted(tmp_path):
    folder = tmp_path / "corpus"
    truth = write_planted_copies(folder)
    return folder, truth


def test_planted_copies_are_found_and_same_topic_stories_are_not_merged(planted, open_corpus):
    folder, truth = planted
    corpus = open_corpus(folder)
    predicted = pairs_of(predicted_groups(corpus))
    actual = pairs_of(true_groups(truth))
    assert len(actual) == 8 * 6  # 8 stories re-published three ways: 4 articles, 6 pairs each
    hits = len(predicted & actual)
    assert hits / len(predicted) >= 0.95, sorted(map(sorted, predicted - actual))[:5]
    assert hits / len(actual) >= 0.95, sorted(map(sorted, actual - predicted))[:5]
    # each kind of copy joins its original's group
    for kind in ("changed", "wrapped", "half"):
        copy_id = f"copies/{kind}-flood-0.txt"
        assert corpus.group_of([copy_id, "wire/flood-0.txt"]) == {
            copy_id: "copies/changed-flood-0.txt", "wire/flood-0.txt": "copies/changed-flood-0.txt"}


def test_distinct_articles_sharing_a_quote_a_background_paragraph_or_a_disclaimer_are_not_merged(tmp_path, open_corpus):
    """Same event, same statement quoted, near-identical headlines; follow-ups opening on the
    same background paragraph; briefs ending on their outlet's long disclaimer: none of them is
    a copy of another, and the planted copies beside them are still all found."""
    folder = tmp_path / "corpus"
    truth = write_planted_copies(folder)
    distinct = write_same_topic_distinct(folder)
    truth.update({rel: rel for rel in distinct})
    corpus = open_corpus(folder)
    predicted = pairs_of(predicted_groups(corpus))
    actual = pairs_of(true_groups(truth))
    assert corpus.group_of(distinct) == {}
    assert predicted == actual  # precision and recall 1.0 (48 pairs)


DISCLAIMER = (
    "This report is provided for general information only and does not constitute legal, financial or "
    "investment advice. The Harbour Ledger makes no representation or warranty, express or implied, as to "
    "the accuracy, completeness or timeliness of the information it contains, and accepts no liability for "
    "any loss arising from reliance on it. Readers should seek independent professional advice before acting "
    "on anything published here. Opinions expressed by contributors are their own and do not necessarily "
    "reflect the views of the editors, the publisher or its advertisers. All rights reserved; no part of this "
    "page may be reproduced without written permission."
)


def test_two_distinct_briefs_ending_on_the_same_long_disclaimer_are_not_merged(tmp_path, open_corpus):
    """An outlet with only two articles in the corpus: the cleaner cannot learn its disclaimer (it
    needs several of the outlet's pages), so it stays in both bodies, four fifths of each. The two
    briefs agree on all of their ending and none of their opening: not copies. A copy of one of
    them cut to its first half, and one with a sentence changed, still join it."""
    folder = tmp_path / "corpus"
    truth = write_planted_copies(folder)
    ledger = folder / "ledger"
    ledger.mkdir()
    harbour = ("The harbour board voted on Tuesday to close the north quay to cargo ships for six weeks while "
               "divers inspect the sea wall.")
    school = ("Parents at Millbrook primary school have collected two thousand signatures asking the council to "
              "reopen the railway footbridge.")
    for name, title, body in (("quay", "North quay to close for repairs", harbour),
                              ("bridge", "Parents petition for footbridge", school)):
        (ledger / f"{name}.txt").write_text(f"{title}\n\n- Harbour Ledger\n\nPublished: 2024-03-05\n\n{body}\n\n{DISCLAIMER}\n",
                                            encoding="utf-8")
    corpus = open_corpus(folder)
    assert corpus.group_of(["ledger/quay.txt", "ledger/bridge.txt"]) == {}
    # what made them look alike: the disclaimer is in both cleaned bodies, most of each, enough
    # for the whole-text rule alone
    quay, bridge = (corpus.article(f"ledger/{name}.txt").text for name in ("quay", "bridge"))
    assert DISCLAIMER in quay and DISCLAIMER in bridge
    a, b = set(minhash.shingle_hashes(quay).tolist()), set(minhash.shingle_hashes(bridge).tolist())
    assert len(a & b) / min(len(a), len(b)) >= copies.OVERLAP_MIN
    # the planted copies are all still found, and nothing else is grouped
    assert pairs_of(predicted_groups(corpus)) == pairs_of(true_groups(truth))


def test_copies_of_an_article_ending_on_an_unlearned_disclaimer_are_still_found(tmp_path, open_corpus):
    """The opening rule does not cost recall where the shared ending is beside a real copy: the
    brief re-published with a sentence changed, and cut to its first half, join it."""
    folder = tmp_path / "corpus"
    folder.mkdir()
    sentences = [
        "The harbour board voted on Tuesday to close the north quay to cargo ships for six weeks.",
        "Divers will inspect the sea wall after cracks were found along its oldest section last month.",
        "Shipping firms said the closure would push traffic to the southern terminal and delay deliveries.",
        "The board's chair said safety came first and that the work had been planned for years.",
        "Fishing boats will still be allowed to moor at the inner basin during the repairs.",
        "A public meeting on the works is set for next Thursday evening at the town hall.",
    ]
    def page(title, body):
        return f"{title}\n\n- Harbour Ledger\n\nPublished: 2024-03-05\n\n{body}\n\n{DISCLAIMER}\n"
    (folder / "quay.txt").write_text(page("North quay to close", " ".join(sentences)), encoding="utf-8")
    changed = list(sentences)
    changed[3] = "A spokesman for the board declined to say how much the repairs would cost the port."
    (folder / "quay-changed.txt").write_text(page("North quay to close", " ".join(changed)), encoding="utf-8")
    (folder / "quay-half.txt").write_text(f"North quay to close\n\n- Harbour Ledger\n\n{' '.join(sentences[:3])}\n",
                                          encoding="utf-8")
    corpus = open_corpus(folder)
    assert corpus.group_of(["quay.txt", "quay-changed.txt", "quay-half.txt"]) == {
        "quay.txt": "quay-changed.txt", "quay-changed.txt": "quay-changed.txt", "quay-half.txt": "quay-changed.txt"}


def test_sketch_estimates_jaccard():
    rng = random.Random(3)
    vocab = [f"w{i}" for i in range(5000)]
    words = [rng.choice(vocab) for _ in range(800)]
    half = words[:400]
    other = [rng.choice(vocab) for _ in range(800)]
    (a, na), (b, nb), (c, nc) = (minhash.sketch(" ".join(x)) for x in (words, half, other))
    sigs = minhash.as_matrix([a, b, c])
    j_half = float(minhash.jaccard(sigs[0], sigs[1]))
    assert abs(j_half - nb / na) < 0.15  # the half's shingles are (nearly) a subset
    assert float(minhash.overlap(np.asarray(j_half), np.asarray([na]), np.asarray([nb]))[0]) > 0.85
    assert float(minhash.jaccard(sigs[0], sigs[2])) < 0.05
    assert minhash.sketch("") == (bytes(minhash.SKETCH_BYTES), 0)


def test_add_change_and_delete_regroup_incrementally_as_a_rebuild_would(planted, open_corpus, tmp_path):
    folder, truth = planted
    corpus = open_corpus(folder)
    before = predicted_groups(corpus)
    assert "copies/changed-flood-0.txt" in before
    # a new copy of election-1's story (which had none), the half copy of flood-0 deleted,
    # and flood-12's original rewritten so it no longer matches its copies
    original = folder / "daily" / "election-1.txt"
    (folder / "copies" / "again-election-1.txt").write_text(original.read_text(encoding="utf-8"), encoding="utf-8")
    (folder / "copies" / "half-flood-0.txt").unlink()
    flood12 = folder / "wire" / "flood-12.txt"
    flood12.write_text("Flood report rewritten\n\n" + " ".join(f"entirely new words number {i}." for i in range(80)) + "\n", encoding="utf-8")
    report = corpus.update()
    assert report.added == 1 and report.removed == 1 and report.updated == 1
    after = predicted_groups(corpus)
    assert after[min("copies/again-election-1.txt", "daily/election-1.txt")] == ["copies/again-election-1.txt", "daily/election-1.txt"]
    assert "copies/half-flood-0.txt" not in {a for m in after.values() for a in m}
    assert all("wire/flood-12.txt" not in m for m in after.values())
    assert any("copies/changed-flood-12.txt" in m and "copies/wrapped-flood-12.txt" in m for m in after.values())
    corpus.update(rebuild=True)
    assert predicted_groups(corpus) == after


def test_a_regrouping_killed_after_the_commit_is_redone_in_full(planted, open_corpus):
    folder, _truth = planted
    corpus = open_corpus(folder)
    groups = predicted_groups(corpus)
    conn = corpus.catalog._conn()
    conn.execute("DELETE FROM copies")
    conn.execute("UPDATE meta SET value='pending' WHERE key='copies_state'")
    corpus.update()
    assert predicted_groups(corpus) == groups


def test_search_collapse_json_and_dupes(planted, open_corpus, cli):
    folder, _truth = planted
    plain = json.loads(cli(folder, "search", "flood", "--limit", "100", "--json").stdout)
    result = cli(folder, "search", "flood", "--collapse", "--limit", "100", "--json")
    assert result.exit_code == 0, result.output
    payload = json.loads(result.stdout)
    assert payload["total"] == plain["total"]
    assert payload["rows"] == len(payload["hits"]) < plain["total"]
    assert sum(1 + h["copies"] for h in payload["hits"]) == plain["total"]
    grouped = [h for h in payload["hits"] if h["copies"]]
    assert grouped and all(h["group"] and len(h["copy_ids"]) == h["copies"] for h in grouped)
    assert all(h["group"] is None and h["copies"] == 0 for h in payload["hits"] if not h["copy_ids"])
    # the row is the best-ranked copy: none of its copies come before it in the plain list
    order = [h["id"] for h in plain["hits"]]
    for h in grouped:
        assert all(order.index(h["id"]) < order.index(c) for c in h["copy_ids"])
    # --expand GROUP: that group's copies listed under its row
    head = grouped[0]
    unfolded = json.loads(cli(folder, "search", "flood", "--collapse", "--expand", head["group"], "--limit", "100", "--json").stdout)
    assert unfolded["rows"] == payload["rows"] + head["copies"]
    at = [h["id"] for h in unfolded["hits"]].index(head["id"])
    assert unfolded["hits"][at]["unfolded"] is True
    assert [h["id"] for h in unfolded["hits"][at + 1:at + 1 + head["copies"]]] == head["copy_ids"]
    assert all(h["copy_of"] == head["id"] for h in unfolded["hits"][at + 1:at + 1 + head["copies"]])
    text = cli(folder, "search", "flood", "--collapse", "--expand", head["group"], "--limit", "100").stdout
    assert text.count("↳ ") == head["copies"]
    assert cli(folder, "search", "flood", "--expand", head["group"]).exit_code != 0
    by_date = json.loads(cli(folder, "search", "flood", "--collapse", "--sort", "newest", "--limit", "100", "--json").stdout)
    assert by_date["rows"] == payload["rows"] and all(h["score"] is None for h in by_date["hits"])
    dates = [h["date"] for h in by_date["hits"]]
    assert dates == sorted(dates, reverse=True)
    text = cli(folder, "search", "flood", "--collapse").stdout
    assert "+3 copies · " in text

    dupes = json.loads(cli(folder, "dupes", "wire/flood-0.txt", "--json").stdout)
    assert dupes["id"] == "wire/flood-0.txt" and dupes["group"] == "copies/changed-flood-0.txt"
    found = {c["id"]: c for c in dupes["copies"]}
    assert set(found) == {"copies/changed-flood-0.txt", "copies/wrapped-flood-0.txt", "copies/half-flood-0.txt"}
    assert found["copies/changed-flood-0.txt"]["similarity"] > 0.8
    assert found["copies/half-flood-0.txt"]["overlap"] > 0.85 > found["copies/half-flood-0.txt"]["similarity"]
    assert "3 copies of wire/flood-0.txt" in cli(folder, "dupes", "wire/flood-0.txt").stdout
    assert "no near-copies" in cli(folder, "dupes", "wire/flood-4.txt").stdout
    missing = cli(folder, "dupes", "nope.txt")
    assert missing.exit_code == 1 and "no article with id" in missing.stderr


def test_tag_every_copy_and_export_carries_the_group(planted, cli):
    folder, _truth = planted
    out = cli(folder, "tag", "wire/flood-0.txt", "+wire", "--copies")
    assert out.exit_code == 0 and "4 articles changed" in out.stdout
    tagged = json.loads(cli(folder, "search", "tag:wire", "--json").stdout)
    assert tagged["total"] == 4
    rows = list(csv.DictReader(io.StringIO(cli(folder, "export", "--format", "csv", "--tag", "wire").stdout)))
    assert {r["group"] for r in rows} == {"copies/changed-flood-0.txt"}
    lines = cli(folder, "export", "--format", "jsonl", "--query", "title:report").stdout.splitlines()
    groups = {json.loads(x)["id"]: json.loads(x)["group"] for x in lines}
    assert groups["wire/flood-4.txt"] is None and groups["wire/flood-0.txt"] == "copies/changed-flood-0.txt"


def test_copy_diff_shows_the_changed_sentence(planted, open_corpus):
    folder, _truth = planted
    corpus = open_corpus(folder)
    diff = corpus.copy_diff("copies/changed-flood-0.txt", "wire/flood-0.txt")
    assert diff.added and diff.sentences and 0.8 < diff.same_share < 1.0
    changed = (folder / "copies" / "changed-flood-0.txt").read_text(encoding="utf-8")
    original = (folder / "wire" / "flood-0.txt").read_text(encoding="utf-8")
    new_sentences = set(changed.replace("\n", " ").split(". ")) - set(original.replace("\n", " ").split(". "))
    shown = " ".join(diff.text[s.start:s.end] for s in diff.sentences)
    assert any(s.strip(". ")[:40] in shown for s in new_sentences if "Evening Ledger" not in s)
    half = corpus.copy_diff("copies/half-flood-0.txt", "wire/flood-0.txt")
    assert not half.added and half.removed  # only cut: nothing new, the second half gone


@pytest.mark.parametrize("text", ["Plain ASCII, with punctuation: and CAPS.", "Curly “quotes” — and dashes…",
                                  "Ünïcode wörds and ASCII mixed", "", "日本語 text", "under_score 3.5 u.s"])
def test_word_hashes_are_the_words_crc32_on_both_paths(text):
    import zlib

    from index.text.words import words

    expected = [zlib.crc32(w.encode("utf-8")) for w in words(text.lower())]
    assert minhash.word_hashes(text).tolist() == expected


@pytest.mark.parametrize("sort", ["relevance", "newest"])
def test_search_unfolds_a_folded_row_into_its_copies_page_by_page(planted, open_corpus, sort):
    """`expand` lists a group's copies right under its row, in the list's order; offsets count
    those rows, so pages put together give the whole list, and next_unread counts them too."""
    folder, _truth = planted
    corpus = open_corpus(folder)
    folded = corpus.search("flood OR levee", collapse=True, sort=sort, limit=500)
    plain = corpus.search("flood OR levee", sort=sort, limit=500)
    order = [h.id for h in plain.hits]
    heads = [h for h in folded.hits if h.copies]
    assert len(heads) >= 2
    opened = [heads[0].group, heads[-1].group]
    result = corpus.search("flood OR levee", collapse=True, sort=sort, limit=500, expand=opened)
    assert result.rows == folded.rows + heads[0].copies + heads[-1].copies == len(result.hits)
    ids = [h.id for h in result.hits]
    for head in (heads[0], heads[-1]):
        at = ids.index(head.id)
        row = result.hits[at]
        assert row.unfolded and row.copy_ids == head.copy_ids
        under = result.hits[at + 1:at + 1 + head.copies]
        assert [h.id for h in under] == list(head.copy_ids)
        assert sorted(under, key=lambda h: order.index(h.id)) == list(under)  # the list's order
        assert all(h.copy_of == head.id and h.group == head.group and h.rank == row.rank and not h.copies for h in under)
    # the other rows are the folded list's, ranked as before
    assert [(h.id, h.rank) for h in result.hits if h.copy_of is None] == [(h.id, h.rank) for h in folded.hits]
    assert not any(h.unfolded for h in result.hits if h.group not in opened)
    # pages of 3 rows give the same list
    paged = [h.id for o in range(0, result.rows, 3)
             for h in corpus.search("flood OR levee", collapse=True, sort=sort, limit=3, offset=o, expand=opened).hits]
    assert paged == ids
    # next unread counts the unfolded rows: the first copy under the first unfolded group
    at = ids.index(heads[0].id)
    corpus.mark_read(ids[:at + 1])
    assert corpus.next_unread("flood OR levee", sort=sort, collapse=True, expand=opened) == at + 1
    folded_at = [h.id for h in folded.hits].index(heads[0].id)  # (= at: no copies listed above it)
    assert folded_at == at and at + 1 < folded.rows
    assert corpus.next_unread("flood OR levee", sort=sort, collapse=True) == at + 1  # the next folded row
    assert folded.hits[at + 1].id == result.hits[at + 1 + heads[0].copies].id


def test_sketches_of_the_earlier_layout_are_recomputed(planted, open_corpus):
    """A catalog whose sketches predate the openings' (COPIES_VERSION 1: the whole text's
    values only) is regrouped in full with fresh sketches on its next update."""
    folder, _truth = planted
    corpus = open_corpus(folder)
    groups = predicted_groups(corpus)
    conn = corpus.catalog._conn()
    conn.execute("UPDATE sketches SET sig = substr(sig, 1, ?)", (minhash.SIG_BYTES,))
    conn.execute("DELETE FROM copies")
    conn.execute("UPDATE meta SET value='1' WHERE key='copies_state'")
    corpus.update()
    assert {len(sig) for (sig,) in conn.execute("SELECT sig FROM sketches")} == {minhash.SKETCH_BYTES}
    assert predicted_groups(corpus) == groups
