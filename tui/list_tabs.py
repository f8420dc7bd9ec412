"""The left column's lists under the hits: the tags and the saved searches, as two tabs.

One of them is shown at a time (a `ContentSwitcher`); the border title of the one shown names
both, the current one bold (`Tags │ @ Saved`), so the second tab is never hidden knowledge.
`@` (the screen's `review.saved` binding) switches to the saved searches and back; ← and →
switch while either list has the focus. The facet pane (`F`) takes the place of this whole
block, whichever tab is current, and gives it back as it was.
"""

from __future__ import annotations

from rich.text import Text
from textual.binding import Binding
from textual.widgets import ContentSwitcher

TABS = (("tags", "Tags"), ("saved", "@ Saved"))


def tab_title(current: str) -> Text:
    """The tab strip drawn in the border title: the current tab bold, the other dim."""
    title = Text()
    for n, (tab, label) in enumerate(TABS):
        if n:
            title.append(" │ ", style="dim")
        title.append(label, style="bold" if tab == current else "dim")
    return title


class ListTabs(ContentSwitcher):
    """Tag pane (`#tags`) and saved-searches pane (`#saved`), one shown at a time."""

    BINDINGS = [
        Binding("left", "switch('tags')", "Tags", id="lists.tags", tooltip="Show the tags (the first tab)", show=False),
        Binding("right", "switch('saved')", "Saved", id="lists.saved", tooltip="Show the saved searches (the second tab)", show=False),
    ]

    def __init__(self, *children, id: str | None = None):
        super().__init__(*children, id=id, initial="tags")

    def on_mount(self) -> None:
        self._titles()

    def watch_current(self, old: str | None, new: str | None) -> None:
        super().watch_current(old, new)
        self.set_class(new == "saved", "-saved")
        self._titles()

    def _titles(self) -> None:
        for tab, _label in TABS:
            self.get_child_by_id(tab).border_title = tab_title(tab)

    def show(self, tab: str, focus: bool = True) -> None:
        """Make `tab` current (and give it the focus)."""
        self.current = tab
        if focus:
            self.get_child_by_id(tab).focus()

    def action_switch(self, tab: str) -> None:
        self.show(tab)
