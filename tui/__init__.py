"""corpus-tui's faces: the Textual app (`tui.app`) and the command line (`tui.cli`)."""

__version__ = "0.1.0"
