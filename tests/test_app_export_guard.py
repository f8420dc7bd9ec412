"""The export dialog and the user's own data: what it must never write over."""

from __future__ import annotations

from app_fixtures import SIZE, app_corpus, burst, corpus_dir, make_app, settle, typed  # noqa: F401


async def test_the_export_dialog_never_writes_over_the_tags_database(app_corpus, tmp_path):
    """Typing the data folder's tags.sqlite as the export's file asked "Replace it?", and `y`
    wrote the CSV over the user's tags. It says so and keeps the dialog open."""
    from tui.export_dialog import ExportScreen

    app_corpus.tag(["storm.txt"], add=["keep"])
    tags_file = app_corpus.data_dir / "tags.sqlite"
    app = make_app(app_corpus)
    async with app.run_test(size=SIZE) as pilot:
        burst(pilot, *typed("storm"), "enter", "escape", "E")
        await settle(pilot)
        assert isinstance(app.screen, ExportScreen)
        app.screen.query_one("#export-path").value = str(tags_file)
        burst(pilot, "enter", "y")
        await settle(pilot)
        assert isinstance(app.screen, ExportScreen)
        assert "data folder's own file" in str(app.screen.query_one("#export-status").render())
    assert app_corpus.tags_of("storm.txt") == ("keep",)
