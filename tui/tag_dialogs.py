"""Modal dialogs for tagging: type tags (with completion), pick a tag to remove, confirm a bulk change.

Dialogs only collect the user's decision and `dismiss` with it; the screen applies it through
the engine, so every write still goes through one place.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.suggester import Suggester
from textual.widgets import Button, Input, OptionList, Static
from textual.widgets.option_list import Option

from index import TagError, normalize_tag, one_line

from .article_render import tag_text


class TagSuggester(Suggester):
    """Completes the word being typed (after a space or a leading '-') from known tag names.

    `SuggestFromList` completes the whole input; here several tags are typed in one go.
    """

    def __init__(self, names: Sequence[str]):
        super().__init__(use_cache=False, case_sensitive=True)
        self.names = sorted(set(names))

    async def get_suggestion(self, value: str) -> str | None:
        return self.complete(value)

    def complete(self, value: str) -> str | None:
        """`value` with its last word completed to the first known tag it begins, if any."""
        head, _, word = value.rpartition(" ")
        sign = ""
        if word and word[0] in "-+":
            sign, word = word[0], word[1:]
        if not word:
            return None
        low = word.lower()
        for name in self.names:
            if name.startswith(low) and name != low:
                return f"{head} {sign}{name}" if head else f"{sign}{name}"
        return None


@dataclass(frozen=True)
class TagEdit:
    """What the user asked for: tags to add and tags to remove (normalised)."""

    add: tuple[str, ...]
    remove: tuple[str, ...]

    def describe(self) -> str:
        parts = [f"+{t}" for t in self.add] + [f"-{t}" for t in self.remove]
        return " ".join(parts)


def parse_tag_edit(value: str) -> TagEdit:
    """"a b -c +d" (or comma separated) -> add a, b, d; remove c. TagError if a name is unusable."""
    add: list[str] = []
    remove: list[str] = []
    for word in value.replace(",", " ").split():
        target = add
        if word[0] == "-":
            target, word = remove, word[1:]
        elif word[0] == "+":
            word = word[1:]
        if not word:
            continue
        name = normalize_tag(word)
        if name not in target:
            target.append(name)
    return TagEdit(tuple(add), tuple(remove))


class TagInput(Input):
    """The tag input: Tab (or → at the end) takes the completion, Enter applies.

    Both act while their key is handled (see `keyboard`), on the value typed so far: Tab
    completes from the known names itself rather than waiting for the suggestion to arrive,
    and Enter closes the dialog before the next key is read.
    """

    BINDINGS = [
        Binding("tab", "complete", "Complete", show=False),
        Binding("enter", "screen.apply", "Apply", show=False),
    ]

    def action_complete(self) -> None:
        suggester = self.suggester
        completed = suggester.complete(self.value) if isinstance(suggester, TagSuggester) else None
        if completed is None:
            self.app.bell()
            return
        self.value = completed
        self.cursor_position = len(completed)


class TagEditScreen(ModalScreen[TagEdit | None]):
    """Type tags to add (and -tags to remove); Tab or → accepts the completion."""

    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, title: str, names: Sequence[str], current: Sequence[str] = (), note: str = ""):
        super().__init__()
        self.title_text = title
        self.names = names
        self.current = tuple(current)
        self.note = note

    def compose(self) -> ComposeResult:
        with Vertical(id="tag-dialog", classes="dialog"):
            yield Static(Text(one_line(self.title_text), style="bold"), classes="dialog-title")
            if self.current:
                line = Text("now: ", style="dim")
                line.append_text(tag_text(self.current))
                yield Static(line)
            if self.note:
                yield Static(Text(self.note))
            yield TagInput(
                placeholder="tags to add, -tag to remove (space separated)",
                suggester=TagSuggester(self.names),
                id="tag-input",
            )
            yield Static(Text("Enter applies · Tab/→ completes · Esc cancels", style="dim"), id="tag-error")

    AUTO_FOCUS = "#tag-input"

    def action_apply(self) -> None:
        try:
            edit = parse_tag_edit(self.query_one(TagInput).value)
        except TagError as exc:
            self.query_one("#tag-error", Static).update(Text(str(exc), style="bold red"))
            return
        self.dismiss(edit if (edit.add or edit.remove) else None)

    def action_cancel(self) -> None:
        self.dismiss(None)


class RemoveTagScreen(ModalScreen[str | None]):
    """Pick one of the article's tags to remove."""

    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, tags: Sequence[str]):
        super().__init__()
        self.tags = tuple(tags)

    def compose(self) -> ComposeResult:
        with Vertical(id="remove-dialog", classes="dialog"):
            yield Static(Text("Remove which tag?", style="bold"), classes="dialog-title")
            yield OptionList(*[Option(Text("#" + one_line(t)), id=t) for t in self.tags], id="remove-list", markup=False)
            yield Static(Text("Enter removes · Esc cancels", style="dim"))

    AUTO_FOCUS = "#remove-list"

    def on_mount(self) -> None:
        self.query_one("#remove-list", OptionList).highlighted = 0

    @on(OptionList.OptionSelected, "#remove-list")
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(event.option.id)

    def action_cancel(self) -> None:
        self.dismiss(None)


class ConfirmScreen(ModalScreen[bool]):
    """A yes/no question; y or Enter confirms, n or Escape declines."""

    BINDINGS = [
        Binding("y", "answer(True)", "Yes"),
        Binding("n,escape", "answer(False)", "No"),
    ]

    def __init__(self, question: Text | str):
        super().__init__()
        self.question = question if isinstance(question, Text) else Text(question)

    def compose(self) -> ComposeResult:
        with Vertical(id="confirm-dialog", classes="dialog"):
            yield Static(self.question, classes="dialog-title")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Yes (y)", id="yes", variant="warning")
                yield Button("No (n)", id="no")

    AUTO_FOCUS = "#no"

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "yes")

    def action_answer(self, yes: bool) -> None:
        self.dismiss(yes)
