"""The help screen: every key binding, read from the widgets' own BINDINGS so it never goes stale."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from rich.table import Table
from rich.text import Text
from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static


def binding_rows(app: App, bindings: Iterable[BindingType]) -> list[tuple[str, str, str]]:
    """(keys, description, tooltip) rows, one per action: keys of one action are joined."""
    rows: dict[str, list] = {}
    for binding in Binding.make_bindings(bindings):
        if binding.system:
            continue
        key = app.get_key_display(binding)
        description = binding.description or binding.action.replace("_", " ")
        row = rows.setdefault(binding.action, [[], description, binding.tooltip or ""])
        if key not in row[0]:
            row[0].append(key)
        if not row[2] and binding.tooltip:
            row[2] = binding.tooltip
    return [(" ".join(keys), description, tooltip) for keys, description, tooltip in rows.values()]


def help_table(app: App, sections: Sequence[tuple[str, Iterable[BindingType]]]) -> Table:
    table = Table.grid(padding=(0, 2))
    table.add_column(justify="right", style="bold #e5c07b", no_wrap=True)
    table.add_column(style="bold")
    table.add_column(style="dim")
    for n, (title, bindings) in enumerate(sections):
        if n:
            table.add_row("", "", "")
        table.add_row("", Text(title, style="underline #61afef"), "")
        for keys, description, tooltip in binding_rows(app, bindings):
            table.add_row(Text(keys), Text(description), Text(tooltip))
    return table


class HelpScreen(ModalScreen[None]):
    """Lists the bindings of each part of the app, in the order the user meets them."""

    BINDINGS = [Binding("escape,q,question_mark", "dismiss", "Close help")]

    def __init__(self, sections: Sequence[tuple[str, Iterable[BindingType]]], notes: Text | None = None):
        super().__init__()
        self.sections = [(title, list(bindings)) for title, bindings in sections]
        self.notes = notes

    def compose(self) -> ComposeResult:
        with Vertical(id="help-dialog", classes="dialog"):
            yield Static(Text("corpus-tui — keys", style="bold"), classes="dialog-title")
            with VerticalScroll(id="help-body"):
                self.table = help_table(self.app, self.sections)
                yield Static(self.table, id="help-table")
                if self.notes is not None:
                    yield Static(self.notes, id="help-notes")
            yield Static(Text("Esc, q or ? closes", style="dim"))

    def action_dismiss(self) -> None:
        self.dismiss(None)


def binding_sections(app: App, screen_bindings: Sequence[BindingType] = (),
                     review_bindings: Sequence[BindingType] = ()) -> list[tuple[str, list[BindingType]]]:
    """Every part of the main screen with its BINDINGS, where the actions live: what the help
    lists, and the binding ids the settings' keymap may name."""
    from textual.screen import Screen
    from textual.widgets import OptionList

    from .article_view import ArticleView
    from .concordance_screen import ConcordanceScreen
    from .copies_screen import CopiesScreen, CopyDiffScreen
    from .bulk_tag import BulkTagScreen
    from .facet_pane import FacetList, FacetPane
    from .kwic_lines import KwicLines
    from .hit_list import HitList
    from .list_tabs import ListTabs
    from .saved_pane import SavedPane
    from .search_pane import QueryInput
    from .tag_pane import TagPane

    palette = Binding(app.COMMAND_PALETTE_BINDING, "command_palette", "Commands", tooltip="Every action by name")
    return [
        ("Anywhere", [*type(app).BINDINGS, *Screen.BINDINGS[:2], palette]),
        ("Main screen (outside the query)", list(screen_bindings)),
        ("Reviewing: notes, read marks, triage, saved searches, export", list(review_bindings)),
        ("Query", list(QueryInput.BINDINGS)),
        ("Hit list", [*HitList.BINDINGS, *OptionList.BINDINGS]),
        ("Tag pane", [*TagPane.BINDINGS, *ListTabs.BINDINGS, *OptionList.BINDINGS]),
        ("Saved searches (@: the tags' second tab)", [*SavedPane.BINDINGS, *ListTabs.BINDINGS]),
        ("Article", list(ArticleView.BINDINGS)),
        ("Tagging every hit (B), once the tags are typed", list(BulkTagScreen.BINDINGS)),
        ("Facet pane (F)", [*FacetPane.BINDINGS, *FacetList.BINDINGS, *OptionList.BINDINGS]),
        ("Concordance (c)", [*ConcordanceScreen.BINDINGS, *KwicLines.BINDINGS]),
        ("Near-copies (e)", [*CopiesScreen.BINDINGS, *CopyDiffScreen.BINDINGS]),
    ]


def main_help(app: App, screen_bindings: Sequence[BindingType], review_bindings: Sequence[BindingType] = ()) -> HelpScreen:
    """The main screen's help: each part's BINDINGS (`binding_sections`) and query notes."""
    sections = binding_sections(app, screen_bindings, review_bindings)
    notes = Text()
    notes.append("\nIn the query: ", style="bold")
    notes.append("results follow your typing; Enter goes to the first hit, Esc to the list.")
    notes.append("\nQueries: ", style="bold")
    notes.append(
        'words (stemmed: kill finds killed), "a phrase", title:x, source:y, date:2019-10, '
        "tag:name, tag:follow*, note:word, has:note, is:read, is:unread, @saved, AND / OR / NOT, ( ). "
        "* lists every article."
    )
    return HelpScreen(sections, notes)
