"""Tag keys in bursts: `t`, `f`, `x` and `u` typed faster than the tag writes commit.

A tag write runs in a thread (SQLite commits it before it returns); on a busy or slow disk it
takes a while, and the keys typed meanwhile must act as if each write had finished before the
next key: `u` undoes the change typed last, and writes land in the order they were typed.
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from app_fixtures import SIZE, app_corpus, burst, corpus_dir, make_app, settle, typed  # noqa: F401

from index import FOLLOWUP, Corpus


class SlowDisk(Corpus):
    """The real engine, each tag write as slow as a commit on a busy disk."""

    def __init__(self, *args, delay: float = 0.2, **kwargs):
        super().__init__(*args, **kwargs)
        self.delay = delay

    def tag(self, *args, **kwargs):
        time.sleep(self.delay)
        return super().tag(*args, **kwargs)

    def toggle_followup(self, *args, **kwargs):
        time.sleep(self.delay)
        return super().toggle_followup(*args, **kwargs)


@pytest.fixture
def slow_disk(corpus_dir: Path, tmp_path: Path):
    corpus = SlowDisk(corpus_dir, tmp_path / "data")
    corpus.update()
    yield corpus
    corpus.close()


def hits_of(app) -> list[str]:
    return [hit.id for hit in app.screen.result.hits]


async def test_undo_typed_right_after_a_flag_undoes_that_flag(slow_disk):
    """`t alpha Enter j f u` in one burst: `u` came before the flag's write was done and undid
    the tag typed before it (alpha gone, the flag kept)."""
    app = make_app(slow_disk)
    async with app.run_test(size=SIZE) as pilot:
        burst(pilot, *typed("storm"), "enter")
        await settle(pilot)
        first, second = hits_of(app)[:2]
        burst(pilot, "escape", "t", *typed("alpha"), "enter", "j", "f", "u")
        await settle(pilot)
        assert slow_disk.tags_of(first) == ("alpha",)
        assert slow_disk.tags_of(second) == ()


async def test_a_burst_of_flags_and_undos_lands_in_the_order_typed(slow_disk):
    """Flag, unflag, flag the same article, then undo once: the article ends unflagged (the
    last change, the second flag, undone), whatever order the writes' threads woke in."""
    app = make_app(slow_disk)
    async with app.run_test(size=SIZE) as pilot:
        burst(pilot, *typed("storm"), "enter")
        await settle(pilot)
        first = hits_of(app)[0]
        burst(pilot, "escape", "f", "f", "f", "u", "u")
        await settle(pilot)
        assert FOLLOWUP in slow_disk.tags_of(first)
        burst(pilot, "u")
        await settle(pilot)
        assert slow_disk.tags_of(first) == ()
        burst(pilot, "u")  # nothing left to undo: no change
        await settle(pilot)
        assert slow_disk.tags_of(first) == ()


@pytest.mark.parametrize("disk", ["app_corpus", "slow_disk"])
async def test_untag_typed_right_after_tagging_removes_the_new_tag(disk, request):
    """`t zeta Enter x` in one burst (a real terminal, a real disk or a slow one): `x` came
    before the tag was shown and said "This article has no tags."; it removes the tag just
    added."""
    corpus = request.getfixturevalue(disk)
    app = make_app(corpus)
    async with app.run_test(size=SIZE) as pilot:
        burst(pilot, *typed("storm"), "enter")
        await settle(pilot)
        first = hits_of(app)[0]
        burst(pilot, "escape", "t", *typed("zeta"), "enter", "x")
        await settle(pilot)
        assert corpus.tags_of(first) == ()
        assert app.screen.reading.article.tags == ()
