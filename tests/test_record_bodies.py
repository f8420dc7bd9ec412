"""A record that gives its title apart gives its body apart: a one-line body that reads as no
sentence is still the article's, and stays searchable."""

from __future__ import annotations

import json


def test_a_records_one_line_body_is_kept_and_found(tmp_path, cli):
    corpus = tmp_path / "c"
    corpus.mkdir()
    records = [
        {"title": "Stocks end the week up", "text": "Markets closed higher", "date": "2024-03-08"},
        {"title": "Cabinet news", "text": "Breaking: minister resigns\n\nSubscribe\n\nShare this", "date": "2024-03-09"},
    ]
    (corpus / "wire.jsonl").write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    assert cli(corpus, "index").exit_code == 0
    found = cli(corpus, "search", "markets OR resigns")
    assert found.exit_code == 0 and "2 hits" in found.output
    assert "Markets closed higher" in found.output and "Breaking: minister resigns" in found.output
    # (the lines the rules know for furniture stay out)
    assert cli(corpus, "search", "subscribe").output.startswith("0 hits")
