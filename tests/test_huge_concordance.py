"""The concordance of a query hitting a huge one-line file: its lines come as the file is read,
and closing the concordance stops the reading at once."""

from __future__ import annotations

import threading
import time

from click.testing import CliRunner
from conftest import HUGE_REPEATS as REPEATS

from index import Corpus, SearchCancelled
from tui.cli import main


def test_kwic_prints_a_huge_files_first_lines_without_reading_all_of_it(huge):
    # Every hit of the 13 MB line was found before its first line was printed: `kwic --limit 10`
    # took as long as the whole concordance.
    folder, data = huge
    started = time.monotonic()
    result = CliRunner().invoke(main, ["--corpus", str(folder), "--data-dir", str(data), "kwic", "harvest", "--limit", "10"])
    assert result.exit_code == 0, result.output
    lines = result.stdout.strip().splitlines()
    assert len(lines) == 10 and sum("huge.txt" in line for line in lines) >= 8
    assert time.monotonic() - started < 4


def test_a_concordance_given_up_inside_a_huge_file_stops_at_once(huge):
    # The app's concordance screen sets `cancel` when it closes; the worker went on tokenising
    # the whole 13 MB line before it looked at it again.
    folder, data = huge
    with Corpus(folder, data) as corpus:
        cancel, started = threading.Event(), threading.Event()
        outcome = []

        def stream() -> None:
            try:
                for _ in corpus.concordance("harvest", cancel=cancel):
                    started.set()
                outcome.append("finished")
            except SearchCancelled:
                outcome.append("cancelled")

        worker = threading.Thread(target=stream)
        worker.start()
        assert started.wait(10)
        time.sleep(0.3)  # well inside the huge article
        cancel.set()
        given_up = time.monotonic()
        worker.join(30)
        assert outcome == ["cancelled"] and time.monotonic() - given_up < 1


def test_hits_found_a_window_at_a_time_are_the_hits_found_at_once():
    """Words, phrases running across a window's end, overlapping hits: the same spans."""
    import random

    from index import HitTerms
    from index.search.highlight import iter_spans, spans

    rng = random.Random(7)
    words = "the storm killed three people a storm kills storms record wheat harvests rain end.kill U.S. storm-hit".split()
    phrases = [("storm", "kill"), ("record", "wheat", "harvest"), ("kill", "three", "peopl"), ("storm", "storm")]
    for _ in range(300):
        text = " ".join(rng.choice(words) + rng.choice(["", "", "\n", ","]) for _ in range(rng.randrange(1, 300)))
        terms = HitTerms(frozenset(rng.sample(["storm", "kill", "harvest", "rain"], rng.randrange(3))),
                         tuple(rng.sample(phrases, rng.randrange(3))))
        assert list(iter_spans(text, terms, window=rng.randrange(1, 80))) == spans(text, terms), (text, terms)
