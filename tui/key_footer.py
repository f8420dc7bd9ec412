"""The main screen's footer: Textual's Footer, redrawn only when the keys it shows changed.

Textual's Footer rebuilds every key widget each time the screen's bindings may have changed
(a focus move, `refresh_bindings`), and pressing Enter in the query changes them three times
in a row (the focus moves to the list, results arrive, an article opens): three rebuilds on
the main thread while the user waits for the article. This footer waits until the bindings
have held still for `SETTLE_S`, then compares what it would show (key, label, enabled) with
what it shows, and rebuilds only if that differs. The footer is never what the user waits for.
"""

from __future__ import annotations

from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Footer

SETTLE_S = 0.08


class KeyFooter(Footer):
    """A Footer that rebuilds once a burst of binding changes is over, and only if needed."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._settle: Timer | None = None
        self._drawn: tuple | None = None

    def bindings_changed(self, screen: Screen) -> None:
        if self._settle is not None:
            self._settle.stop()
        self._settle = self.set_timer(SETTLE_S, lambda: self._settled(screen))

    def _settled(self, screen: Screen) -> None:
        self._settle = None
        if not self.is_attached or screen is not self.screen:
            return
        shown = tuple(
            (binding.key, binding.description, enabled)
            for _node, binding, enabled, _tooltip in screen.active_bindings.values()
            if binding.show
        ) + (self.compact, self.show_command_palette)
        if shown != self._drawn:
            self._drawn = shown
            super().bindings_changed(screen)
