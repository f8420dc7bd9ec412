"""Up typed as the app opens: the stored query history is read in a thread, and keys typed
before it is there wait for it instead of ringing at an empty history."""

from __future__ import annotations

import time

from app_fixtures import SIZE, burst, corpus_dir, make_app, settle  # noqa: F401

from index import Corpus


class SlowHistory(Corpus):
    """The real engine, its stored query history read from a slow disk."""

    def history(self, *args, **kwargs):
        time.sleep(0.4)
        return super().history(*args, **kwargs)


async def test_up_typed_as_the_app_opens_shows_the_last_query(corpus_dir, tmp_path):
    with Corpus(corpus_dir, tmp_path / "data") as corpus:
        corpus.update()
        corpus.remember("harbour")
        corpus.remember("storm")
    slow = SlowHistory(corpus_dir, tmp_path / "data")
    try:
        app = make_app(slow)
        async with app.run_test(size=SIZE) as pilot:
            burst(pilot, "up", "up")  # (at once, before the history is read)
            await settle(pilot)
            assert app.screen.query_input.value == "harbour"
            burst(pilot, "down")
            await settle(pilot)
            assert app.screen.query_input.value == "storm"
    finally:
        slow.close()


async def test_a_query_typed_while_the_history_loads_stays_newest(corpus_dir, tmp_path):
    with Corpus(corpus_dir, tmp_path / "data") as corpus:
        corpus.update()
        corpus.remember("harbour")
    slow = SlowHistory(corpus_dir, tmp_path / "data")
    try:
        app = make_app(slow)
        async with app.run_test(size=SIZE) as pilot:
            burst(pilot, *"storm", "enter", "slash", "up", "up")
            await settle(pilot)
            assert app.screen.query_input.value == "harbour"
            assert app.screen.query_input.history.entries[:2] == ["storm", "harbour"]
    finally:
        slow.close()
