"""Keys delivered one at a time, to the widget that is ready for them.

Textual routes a key to the widget focused *when the app reads the key*, and runs the key's
binding only once the key has bubbled back up through the widgets' message queues. Keys that
arrive together (a person typing `t` then a tag, or a query then Enter then Down) are all
routed before the first one's action has run: `syria` went to the hit list, not to the tag
dialog `t` opened; `j` after Enter went into the query. So the app takes keys in turn:

- one key is in flight at a time: a `KeyDone` message follows it to its widget and bubbles up
  behind it, so when `KeyDone` reaches the app the key and its binding have run; the next key
  goes one turn of the app's queue later, once the focus changes their `focus()` queued
  there are made, and the screens they pushed are in place for it;
- something not ready yet can `hold` the keyboard (a pushed screen until it is mounted; Enter
  until its search has shown its hits and opened the first one): keys wait, in order, and are
  delivered on `release`. A hold ends by itself after `HOLD_TIMEOUT_S`, so the keyboard can
  never stay stuck;
- a key whose `KeyDone` cannot arrive counts as done at once: its widget refused the message
  (closing) or left the DOM (a screen popped under it). Otherwise the key stays in flight until
  `KeyDone` arrives, however long its binding takes on a busy machine, up to the safety limit
  `IN_FLIGHT_TIMEOUT_S`: a time limit alone let a burst run ahead of a slow binding.

Textual's own pieces this relies on, and nothing else: `events.Key.is_forwarded` (a key read
from the terminal is not yet forwarded; one bubbling back is), messages bubbling from a widget
to its parents up to the app in queue order, and `App.push_screen` returning an awaitable that
completes once the screen is mounted (and focused, through `AUTO_FOCUS`); and `App._keymap`,
the keymap `set_keymap` stored (an Alt+key it names is a binding's, not Esc and a key); and
the `XTermParser` name in the driver's module, which the driver's input thread builds its
parser from (replaced by a subclass that reads the terminal's bytes through `TerminalInput`).
"""

from __future__ import annotations

import asyncio
import re
import sys
import time
from collections import deque
from collections.abc import Awaitable, Callable

from textual import constants, events
from textual.app import App, ScreenStackError
from textual.message import Message
from textual.widget import Widget

from index import terminal_safe

HOLD_TIMEOUT_S = 2.0
IN_FLIGHT_TIMEOUT_S = 3.0


class KeyDone(Message):
    """Sent to a key's widget right behind the key: reaching the app, the key was handled."""

    def __init__(self, key: events.Key) -> None:
        super().__init__()
        self.key = key


class Hold:
    """One reason keys must wait; `release()` it (twice is harmless)."""

    def __init__(self, queue: KeyQueue, reason: str):
        self.queue = queue
        self.reason = reason
        self.until = time.monotonic() + HOLD_TIMEOUT_S

    def release(self) -> None:
        self.queue._release(self)


class KeyQueue:
    """The app's keys in order: which one is in flight, which wait, and what holds them.

    `route` is the app's own routing of one key (priority bindings, then forwarding to the
    focused widget); it returns the widget the key was forwarded to, or None if it was used up
    on the way (a priority binding).
    """

    def __init__(self, route: Callable[[events.Key], Awaitable[object | None]], later: Callable[[Callable], object]):
        self._route = route
        self._later = later  # run a callback on the app's queue
        self.waiting: deque[events.Key] = deque()
        self.holds: list[Hold] = []
        self._in_flight: events.Key | None = None
        self._target: object | None = None  # the widget the key in flight went to
        self._since = 0.0

    @property
    def busy(self) -> bool:
        self._expire()
        return self._in_flight is not None or bool(self.holds)

    def hold(self, reason: str) -> Hold:
        hold = Hold(self, reason)
        self.holds.append(hold)
        return hold

    async def key(self, event: events.Key) -> None:
        """A key read from the terminal: deliver it now, or after the ones waiting."""
        if self.busy or self.waiting:
            self.waiting.append(event)
            return
        await self._deliver(event)

    async def done(self, message: KeyDone) -> None:
        if message.key is self._in_flight:
            # A binding's `widget.focus()` is a callback queued on the app while the key was
            # handled, so behind this message: the next key waits for it (`Esc j` typed at
            # once in the query moved down the hit list instead of typing `j` in the query).
            self._later(self._finish, message.key)

    async def _finish(self, key: events.Key) -> None:
        if key is self._in_flight:
            self._in_flight = None
            await self.pump()

    async def pump(self) -> None:
        """Deliver waiting keys until one is in flight or something holds them."""
        while self.waiting and not self.busy:
            await self._deliver(self.waiting.popleft())

    async def _deliver(self, event: events.Key) -> None:
        self._in_flight = event
        self._since = time.monotonic()
        target = await self._route(event)
        if target is None:
            self._in_flight = None  # used up by a priority binding: done already
        elif self._in_flight is event:
            self._target = target
            if not target.post_message(KeyDone(event)):
                self._in_flight = None  # the widget is closing: nothing will come back

    def _release(self, hold: Hold) -> None:
        if hold in self.holds:
            self.holds.remove(hold)
            if not self.holds and self.waiting:
                self._later(self.pump)

    def _expire(self) -> None:
        now = time.monotonic()
        if self._in_flight is not None and (
            now - self._since > IN_FLIGHT_TIMEOUT_S or not getattr(self._target, "is_attached", True)
        ):
            self._in_flight = None
        self.holds = [h for h in self.holds if h.until > now]

    def check(self) -> None:
        """Called now and then: deliver keys that waited on something that timed out."""
        if self.waiting and not self.busy:
            self._later(self.pump)


def escape_then_key(event: events.Key) -> list[events.Key]:
    """The keys a person typed for `event`. A terminal sends Esc as the byte that also starts
    Alt+key, so Esc and a letter typed at once (`Esc j`: leave the query, move down) arrive as
    one Alt+J. The app binds no Alt+letter: such a key is taken as Esc, then the letter (unless
    the settings' keymap gives it to a binding)."""
    char = event.character or _alt_letter(event.key)
    if not (event.key.startswith("alt+") and char and len(char) == 1 and char.isalpha()):
        return [event]
    return [events.Key("escape", "\x1b"), events.Key(char, char)]


def _alt_letter(key: str) -> str | None:
    """The letter of an Alt+letter read from its kitty form, which carries no character:
    `alt+c` is c, `alt+shift+f` is F."""
    *modifiers, name = key.split("+")
    if "alt" not in modifiers or len(name) != 1 or not name.isalpha():
        return None
    return name.upper() if "shift" in modifiers else name


PASTE_START, PASTE_END = "\x1b[200~", "\x1b[201~"
# The Esc key as the kitty keyboard protocol writes it (CSI 27 u), which the parser reads as Esc.
ESC_KEY = "\x1b[27u"
# An ESC followed by a key, not by the rest of a sequence (CSI, SS3, OSC, DCS, APC, PM, SOS, ST),
# another ESC, a letter (Alt+letter) or Backspace (Alt+Backspace).
_ESC_THEN_KEY = re.compile(r"\x1b(?=[^A-Za-z\x1b\[O\]P_^X\\\x7f])")
# ESC and a letter (Alt+letter; not O, P or X, which start SS3, DCS and SOS sequences).
_ESC_LETTER = re.compile(r"\x1b([A-NQ-WYZa-z])")
# What a pasted ESC travels as from the terminal to `pasted_text` (a control character, which
# the paste loses anyway).
PASTED_ESC = "\x1a"


def pasted_text(text: str) -> str:
    """What a paste puts in an input: the text without the escape sequences and control
    characters copied along with it; line breaks and tabs stay, for the note editor."""
    text = text.replace(PASTED_ESC, "\x1b").replace("\r\n", "\n").replace("\r", "\n")
    return terminal_safe(text)


class TerminalInput:
    """The terminal's bytes as Textual's parser should read them; two things it misreads.

    - An ESC inside a bracketed paste starts a key for it: pasting `kill<ESC>ed` typed `^`, `e`,
      `d` as keys, before the paste, and pasted `kill` plus the ESC. Between the paste's start
      and end markers each ESC travels as `PASTED_ESC`, which `pasted_text` takes out with the
      sequence it started. Inside a paste, a chunk ending in what may be the start of the end
      marker keeps it until the next chunk.
    - Esc typed at once with a key that is not a letter (`Esc /`, `Esc 1`, `Esc Enter`) arrives
      as ESC and that key, which the parser reads as that key alone (`/`), or as another one
      (`Esc 1` as `¡`): the Esc was lost. Such an ESC is passed on as the Esc key's own
      unambiguous sequence (`ESC_KEY`). Esc with a letter is Alt+letter to the parser; the app
      splits those (`escape_then_key`), unless the keymap binds them. ESC with Backspace is
      left alone (Alt+Backspace deletes a word).
    - Esc and a letter followed at once by another ESC (`Esc c Esc e`, typed in one burst) are
      read as an unknown sequence cut short, and typed as `^`, `c`: the query got `^c`. The
      parser reads Alt+letter at once only in the kitty keyboard protocol's form, so ESC and a
      letter are passed on in that form (Alt+C as `CSI 99;3u`), which reads as the same key.

    Text outside a paste passes at once (a lone Esc key is never held back).
    """

    def __init__(self) -> None:
        self.pasting = False
        self.held = ""  # inside a paste: the start of what may be the end marker
        self.recent = ""  # outside: the last characters passed, for a start marker split in two

    def feed(self, data: str) -> str:
        out = []
        data = self.held + data
        self.held = ""
        while data:
            if not self.pasting:
                seen = self.recent + data
                at = seen.find(PASTE_START)
                if at < 0:
                    out.append(_unambiguous(data))
                    self.recent = seen[-(len(PASTE_START) - 1):]
                    break
                cut = at + len(PASTE_START) - len(self.recent)
                out.append(_unambiguous(data[:cut]))
                data, self.recent, self.pasting = data[cut:], "", True
                continue
            at = data.find(PASTE_END)
            if at < 0:
                keep = _partial_end(data)
                out.append(data[:len(data) - keep].replace("\x1b", PASTED_ESC))
                self.held = data[len(data) - keep:]
                break
            out.append(data[:at].replace("\x1b", PASTED_ESC) + PASTE_END)
            data, self.pasting = data[at + len(PASTE_END):], False
        return "".join(out)


def _unambiguous(keys: str) -> str:
    """Typed keys (outside a paste) with each Esc and Alt+letter spelled so the parser cannot
    misread them (see `TerminalInput`)."""
    keys = _ESC_THEN_KEY.sub(ESC_KEY, keys)
    if constants.DISABLE_KITTY_KEY:  # (the parser would not read the kitty form)
        return keys
    return _ESC_LETTER.sub(_kitty_alt_letter, keys)


def _kitty_alt_letter(match: re.Match) -> str:
    letter = match.group(1)
    return f"\x1b[{ord(letter.lower())};{4 if letter.isupper() else 3}u"  # (modifiers: 1 + Alt 2 + Shift 1)


def _partial_end(data: str) -> int:
    """How many of `data`'s last characters could begin the paste's end marker."""
    for n in range(min(len(PASTE_END) - 1, len(data)), 0, -1):
        if PASTE_END.startswith(data[-n:]):
            return n
    return 0


def paste_safe_parser(parser_class: type) -> type:
    """`parser_class` (Textual's terminal parser) with `TerminalInput` in front of it."""

    class PasteSafeParser(parser_class):
        paste_safe = True

        def __init__(self, *args, **kwargs) -> None:
            self._input = TerminalInput()
            super().__init__(*args, **kwargs)

        def feed(self, data: str):
            if not data:  # the end of input
                return super().feed(data)
            return super().feed(self._input.feed(data))

    return PasteSafeParser


class NoHold:
    """What `hold_keys` gives in an app without a key queue: releasing it does nothing."""

    def release(self) -> None:
        pass


class KeysInTurn(App):
    """An app that takes its keys in turn through a `KeyQueue` (the wiring, kept with the queue)."""

    CHECK_EVERY_S = 0.25

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.keys = KeyQueue(self._route_key, self.call_later)

    def on_mount(self) -> None:
        # (Textual calls every class's own `on_mount`: a subclass's does not replace this one)
        self.set_interval(self.CHECK_EVERY_S, self.keys.check)

    def get_driver_class(self):
        """Textual's driver for this terminal, its parser behind `TerminalInput`."""
        driver = super().get_driver_class()
        module = sys.modules.get(driver.__module__)
        parser = getattr(module, "XTermParser", None)
        if isinstance(parser, type) and not getattr(parser, "paste_safe", False):
            module.XTermParser = paste_safe_parser(parser)
        return driver

    def _keymapped(self, event: events.Key) -> bool:
        """Does the settings' keymap give this key to a binding? (Asked of Alt+keys only.)"""
        return any(event.key == key.strip() for keys in getattr(self, "_keymap", {}).values()
                   for key in keys.split(","))

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, events.Key) and not event.is_forwarded:
            split = event.key.startswith("alt+") and not self._keymapped(event)
            for key in escape_then_key(event) if split else [event]:
                await self.keys.key(key)
        else:
            if isinstance(event, events.Paste) and not event.is_forwarded:
                event.text = pasted_text(event.text)
            await super().on_event(event)

    async def _route_key(self, event: events.Key) -> Widget | None:
        """Textual's own routing of a key read from the terminal; returns where it went."""
        try:
            target = self.focused or self.screen
        except ScreenStackError:  # closing: no screen left to take keys
            return None
        await super().on_event(event)
        return target if event.is_forwarded else None

    async def on_key_done(self, message: KeyDone) -> None:
        await self.keys.done(message)

    def push_screen(self, screen, callback=None, wait_for_dismiss: bool = False, *args, **kwargs):
        """Keys typed right after opening a screen wait for it to be mounted and focused."""
        result = super().push_screen(screen, callback, wait_for_dismiss, *args, **kwargs)
        if not wait_for_dismiss:
            hold = self.keys.hold("screen")

            async def when_mounted() -> None:
                try:
                    await result
                finally:
                    hold.release()

            asyncio.get_running_loop().create_task(when_mounted())
        return result


def hold_keys(app, reason: str) -> Hold | NoHold:
    """Make the keys typed from now on wait until the returned hold is released."""
    queue = getattr(app, "keys", None)
    return queue.hold(reason) if isinstance(queue, KeyQueue) else NoHold()
