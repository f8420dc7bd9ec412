"""The command palette (Ctrl+P): every action of the main screen by name, plus one command per tag.

Commands are built from the screen's current state each time the palette opens (the screen
answers `palette_commands()`), so they follow its bindings and the tag store.
"""

from __future__ import annotations

from collections.abc import Callable

from functools import partial

from textual.binding import Binding, BindingType
from textual.command import DiscoveryHit, Hit, Hits, Provider

from index import TagCount, one_line

Command = tuple[str, str, Callable[[], object]]


class CorpusCommands(Provider):
    """Offers the commands of whichever screen the palette was opened over."""

    def _commands(self) -> list[Command]:
        provide = getattr(self.screen, "palette_commands", None)
        return list(provide()) if provide else []

    async def discover(self) -> Hits:
        for name, help_text, callback in self._commands():
            yield DiscoveryHit(name, callback, help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for name, help_text, callback in self._commands():
            score = matcher.match(name)
            if score > 0:
                yield Hit(score, matcher.highlight(name), callback, help=help_text)


def main_commands(screen, bindings: list[BindingType], counts: list[TagCount]) -> list[Command]:
    """The main screen's commands: each binding's action by its description, help, and a
    filter per tag."""
    from .tag_pane import TagPane

    commands: list[Command] = []
    for binding in Binding.make_bindings(bindings):
        if any(c[0] == binding.description for c in commands):
            continue
        commands.append((binding.description, binding.tooltip, partial(screen.run_action, binding.action)))
    commands.append(("Help: keys", "Show every key binding", partial(screen.run_action, "help")))
    for count in counts:
        name = one_line(count.name)
        commands.append((f"Filter by tag: {name}", f"{count.count} articles", partial(screen.post_message, TagPane.Filter(count.name))))
    return commands
