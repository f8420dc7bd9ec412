"""The real `corpus-tui` in a real terminal (tmux), keys sent at typing speed, the screen read back.

Pilot delivers keys to the app from inside it; a terminal delivers them as bytes, in bursts,
whenever they are typed. This session is what a person does: type a query and press Enter at
once, tag with `t` + name + Enter in one go, leave the article with Esc.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
from app_fixtures import write_corpus

from index import Corpus

ROOT = Path(__file__).resolve().parent.parent
pytestmark = pytest.mark.skipif(shutil.which("tmux") is None, reason="needs tmux")


class Terminal:
    def __init__(self, name: str):
        self.name = name

    def tmux(self, *args: str) -> str:
        # A server of its own (-L): a shared one starts the app with the environment of
        # whoever started it (another test's config folder), not this test's.
        return subprocess.run(["tmux", "-L", self.name, *args], capture_output=True, text=True, timeout=10).stdout

    def type(self, text: str, every: float = 0.06) -> None:
        """One key at a time, as a brisk typist does."""
        for char in text:
            self.tmux("send-keys", "-t", self.name, "-l", char)
            time.sleep(every)

    def keys(self, *keys: str) -> None:
        """Several keys written to the terminal at once."""
        self.tmux("send-keys", "-t", self.name, *keys)

    def screen(self) -> str:
        return self.tmux("capture-pane", "-t", self.name, "-p")

    def wait_for(self, predicate, timeout: float = 10.0) -> str:
        deadline = time.monotonic() + timeout
        while True:
            text = self.screen()
            if predicate(text):
                return text
            if time.monotonic() > deadline:
                raise AssertionError("the screen never showed what was expected:\n" + text)
            time.sleep(0.02)


def reading_header(screen: str) -> str:
    """The reading pane's first two lines (title, then tags), right of the left column."""
    lines = screen.splitlines()
    return " ".join(line.split("││")[-1] for line in lines[1:3] if "││" in line)


def footer(screen: str) -> str:
    return screen.rstrip("\n").splitlines()[-1]


@pytest.fixture
def terminal(tmp_path: Path):
    folder = write_corpus(tmp_path / "corpus")
    data = tmp_path / "data"
    with Corpus(folder, data) as corpus:
        corpus.update()
    name = f"corpus-tui-test-{uuid.uuid4().hex[:8]}"
    env = f"PYTHONPATH={ROOT} TERM=xterm-256color CORPUS_TUI_SETTINGS={tmp_path / 'settings.toml'}"
    # -u COLUMNS/LINES: an exported size (the test runner sets one) would override the terminal's.
    command = f"cd {ROOT} && env -u COLUMNS -u LINES {env} {sys.executable} -m tui.cli --corpus {folder} --data-dir {data}"
    term = Terminal(name)
    term.tmux("new-session", "-d", "-s", name, "-x", "120", "-y", "36", command)
    try:
        term.wait_for(lambda s: "6 articles" in s, timeout=30)
        yield term, folder, data
    finally:
        term.tmux("kill-server")


def test_a_session_at_typing_speed(terminal):
    term, folder, data = terminal
    term.type("harvest")
    term.keys("Enter")  # at once after the last letter
    screen = term.wait_for(lambda s: "Farmers report record harvest" in reading_header(s))
    assert "1 hit" in screen

    term.keys("t", "s", "y", "r", "i", "a", "Enter")  # one burst
    term.wait_for(lambda s: "#syria" in reading_header(s))
    with Corpus(folder, data) as other:
        assert other.tags_of("harvest.txt") == ("syria",)

    term.keys("Enter")  # into the article: the footer no longer offers "Read"
    term.wait_for(lambda s: "Read" not in footer(s))
    term.keys("Escape")  # back to the list
    term.wait_for(lambda s: "⏎ Read" in footer(s))
    assert "Farmers report record harvest" in reading_header(term.screen())  # still open

    term.keys("/", "C-u")
    term.type("storm")
    term.keys("Enter", "Down")  # Down right after Enter: the second hit of the new list
    term.wait_for(lambda s: "Election results delayed" in reading_header(s))
    assert os.path.exists(data / "tags.sqlite")


def test_escape_and_the_keys_after_it_sent_at_once(terminal):
    """A terminal sends Esc and a letter typed at once as Alt+letter (`ESC j`): it must act as
    Esc, then j. `storm Esc j Enter` in one burst reads the second hit of "storm"."""
    term, _folder, _data = terminal
    term.type("storm")
    term.keys("Escape", "j", "Enter")
    screen = term.wait_for(lambda s: "Election results delayed" in reading_header(s))
    assert "storm" in screen.splitlines()[1] and "stormj" not in screen
    term.keys("Escape", "k", "Enter")  # from the article: to the list, up, open
    screen = term.wait_for(lambda s: "Election results delayed" not in reading_header(s))
    assert "storm" in reading_header(screen).lower()


def test_a_paste_carrying_an_escape(terminal):
    """Text copied from a terminal can carry an ESC (a colour sequence): pasted into the query,
    Textual's parser took it for a key and typed `^` and the letters after it ahead of the
    paste (`^edharvt`). The paste types its text only, and Esc j after it still acts."""
    term, _folder, _data = terminal
    term.tmux("set-buffer", "-b", "clip", "\x1b[1mharv\x1b[0mest\x1bed")
    term.tmux("paste-buffer", "-p", "-b", "clip", "-t", term.name)  # as a terminal pastes: bracketed
    screen = term.wait_for(lambda s: "1 hit" in s)
    query_line = screen.splitlines()[1]
    assert "harvested" in query_line and "^" not in query_line
    term.keys("Escape", "j")
    term.wait_for(lambda s: "⏎ Read" in footer(s))


def test_escape_and_a_key_that_is_not_a_letter_sent_at_once(terminal):
    """A terminal sends Esc and `?` (or `/`, a digit, Enter) typed at once as ESC and that key,
    which Textual's parser read as the key alone: `Esc ?` in the query typed `?` there instead
    of leaving the query and showing the help; `Esc Esc /` in a dialog closed one screen, not
    two. Both keys act, in order."""
    term, _folder, _data = terminal
    term.type("storm")
    term.wait_for(lambda s: "3 hits" in s)
    term.keys("Escape", "?")  # one burst: leave the query, show the help
    screen = term.wait_for(lambda s: "corpus-tui — keys" in s or "storm?" in s)
    assert "corpus-tui — keys" in screen and "storm?" not in screen
    term.keys("Escape", "/")  # close the help and go back to the query, at once
    term.wait_for(lambda s: "corpus-tui — keys" not in s and "esc To hits" in footer(s))
    term.type("y")
    term.wait_for(lambda s: "stormy" in s.splitlines()[1])


def test_escape_letter_pairs_sent_back_to_back(terminal):
    """Esc and a letter typed at once, then another Esc at once (`Esc c Esc j`: leave the query,
    open the concordance, close it, move down): Textual's parser took `ESC c` followed by ESC for
    a sequence cut short and typed `^c` into the query. Every key acts, in order."""
    term, _folder, _data = terminal
    term.type("storm")
    term.wait_for(lambda s: "3 hits" in s)
    term.keys("Escape", "c", "Escape", "j", "Enter")  # one burst
    screen = term.wait_for(lambda s: "Election results delayed" in reading_header(s) or "^" in s.splitlines()[1])
    query_line = screen.splitlines()[1]
    assert "storm" in query_line and "^" not in query_line
    assert "Election results delayed" in reading_header(screen)


def test_sigterm_quits_and_gives_the_terminal_back(terminal):
    """`kill` (SIGTERM) ended the app at once, leaving its terminal on the alternate screen with
    mouse reports on (what the user typed next went nowhere visible). It quits as `q` does."""
    term, folder, data = terminal
    term.tmux("set-option", "-t", term.name, "remain-on-exit", "on")  # to read the modes it left
    term.type("storm")
    term.wait_for(lambda s: "3 hits" in s)
    pid = int(term.tmux("display", "-p", "-t", term.name, "#{pane_pid}"))
    os.kill(pid, signal.SIGTERM)
    deadline = time.monotonic() + 10
    while term.tmux("display", "-p", "-t", term.name, "#{pane_dead}").strip() != "1":
        assert time.monotonic() < deadline, "the app did not quit on SIGTERM"
        time.sleep(0.05)
    modes = term.tmux("display", "-p", "-t", term.name, "#{alternate_on} #{mouse_any_flag}").split()
    assert modes == ["0", "0"]
    with Corpus(folder, data) as corpus:  # and the data folder is left as a quit leaves it
        assert corpus.search("storm").total == 3
