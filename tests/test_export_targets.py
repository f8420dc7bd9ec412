"""Where an export may be written: a file, never over a device, a pipe or a socket.

The exports write a temporary file and rename it over the name given; renamed over a FIFO
(or, for root, `/dev/null`), that replaced the special file by a regular one.
"""

from __future__ import annotations

import os
import stat

from app_fixtures import SIZE, app_corpus, burst, corpus_dir, make_app, search, settle  # noqa: F401
from textual.widgets import Static

from tui.export_dialog import ExportScreen


def is_fifo(path) -> bool:
    return stat.S_ISFIFO(os.lstat(path).st_mode)


async def test_the_export_dialog_refuses_a_pipe_and_leaves_it_a_pipe(app_corpus, tmp_path):
    pipe = tmp_path / "pipe"
    os.mkfifo(pipe)
    app = make_app(app_corpus)
    async with app.run_test(size=SIZE) as pilot:
        await search(pilot, "storm")
        await pilot.press("E")
        assert isinstance(app.screen, ExportScreen)
        app.screen.query_one("#export-path").value = str(pipe)
        await pilot.press("enter")
        await settle(pilot)
        if not isinstance(app.screen, ExportScreen):  # it asked "Replace it?": yes, as a user would
            await pilot.press("y")
            await settle(pilot)
        assert isinstance(app.screen, ExportScreen)
        assert "not a regular file" in str(app.screen.query_one("#export-status", Static).render())
    assert is_fifo(pipe)


def test_cli_exports_refuse_a_pipe_with_one_line(seed_corpus, cli, tmp_path):
    pipe = tmp_path / "pipe"
    os.mkfifo(pipe)
    assert cli(seed_corpus, "index").exit_code == 0
    for args in (["export", "--format", "csv", "-o", str(pipe), "--force"], ["tags", "--export", str(pipe), "--force"]):
        result = cli(seed_corpus, *args)
        assert result.exit_code == 1, (args, result.output)
        assert result.stderr.count("\n") == 1 and "not a regular file" in result.stderr
        assert is_fifo(pipe)


async def test_enter_and_y_typed_at_once_replace_an_existing_export(app_corpus, tmp_path):
    # Enter exported on a message that arrived after the next key: the `y` meant for
    # "Replace it?" went into the path box, and the export went to "y/…" (no such folder).
    target = tmp_path / "out.csv"
    target.write_text("old\n")
    app = make_app(app_corpus)
    async with app.run_test(size=SIZE) as pilot:
        await search(pilot, "storm")
        await pilot.press("E")
        path_box = app.screen.query_one("#export-path")
        path_box.value = str(target)
        path_box.cursor_position = len(path_box.value)
        burst(pilot, "enter", "y")
        await settle(pilot)
        assert not isinstance(app.screen, ExportScreen)
    assert target.read_text().startswith("id,")
