"""Keys typed together reach the widget that is ready for them, however slow a binding is.

A tiny app on the same key wiring as corpus-tui's (`tui.keyboard.KeysInTurn`): its first pane
is slow to handle a key (a busy widget on a loaded machine), and that key's binding then moves
focus to the second pane. A key typed right behind it belongs to the second pane, however long
the first one took.
"""

from __future__ import annotations

import asyncio

from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import ModalScreen
from textual.widget import Widget
from textual.widgets import Static

from tests.app_fixtures import burst
from tui.keyboard import IN_FLIGHT_TIMEOUT_S, KeysInTurn

SLOW_S = 0.8  # longer than a key once was allowed to stay in flight, well under the safety limit


class Pane(Widget, can_focus=True):
    BINDINGS = [
        Binding("s", "slow", "Slow, then focus the next pane"),
        Binding("m", "modal", "Open a dialog"),
    ]

    async def on_key(self, event) -> None:
        self.app.seen.append(f"{self.id}:{event.key}")
        if event.key == "s":
            await asyncio.sleep(SLOW_S)  # this widget's queue is busy; the app's is not

    def action_slow(self) -> None:
        self.screen.set_focus(self.app.query_one("#second"))

    def action_modal(self) -> None:
        self.app.push_screen(Dialog())


class Dialog(ModalScreen):
    BINDINGS = [Binding("escape", "close", "Close")]

    def compose(self) -> ComposeResult:
        yield Static("a dialog")

    def on_key(self, event) -> None:
        self.app.seen.append(f"dialog:{event.key}")

    def action_close(self) -> None:
        self.app.pop_screen()


class TwoPanes(KeysInTurn):
    def __init__(self):
        super().__init__()
        self.seen: list[str] = []

    def compose(self) -> ComposeResult:
        yield Pane(id="first")
        yield Pane(id="second")

    def on_mount(self) -> None:
        self.query_one("#first").focus()


async def wait_for(pilot, condition, limit_s: float = 5.0) -> None:
    waited = 0.0
    while not condition() and waited < limit_s:
        await pilot.pause(0.05)
        waited += 0.05


async def test_a_key_typed_behind_a_slow_binding_goes_where_the_binding_sent_focus():
    assert SLOW_S < IN_FLIGHT_TIMEOUT_S
    app = TwoPanes()
    async with app.run_test() as pilot:
        burst(pilot, "s", "x", "y")
        await wait_for(pilot, lambda: len(app.seen) == 3)
        assert app.seen == ["first:s", "second:x", "second:y"]


async def test_keys_typed_while_a_dialog_opens_and_closes_keep_their_order():
    app = TwoPanes()
    async with app.run_test() as pilot:
        burst(pilot, "m", "a", "escape", "b")
        await wait_for(pilot, lambda: len(app.seen) == 4)
        await pilot.pause(0.1)
        assert app.seen == ["first:m", "dialog:a", "dialog:escape", "first:b"]
        assert not isinstance(app.screen, Dialog)
        assert not app.keys.busy  # the key that closed the dialog is not left in flight
