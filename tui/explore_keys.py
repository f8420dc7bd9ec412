"""Exploring from the main screen: the concordance, the facet pane, folded near-copies and
an article's copies.

`ExploreScreen` is one of the main screen's base classes: it holds these keys and what they
open. The views themselves are their own screens and panes (`ConcordanceScreen`, `FacetPane`,
`CopiesScreen`); this class only hands them the shown query and brings their choice back into
the list and the reading pane. It relies on what MainScreen provides: `corpus`, `reading`,
`hit_list`, `tag_pane`, `search_pane`, `query_input`, `terms`, `shown_query`, `_place` and `say`.
"""

from __future__ import annotations

from textual import on
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import OptionList

from .article_view import ArticleView
from .concordance_screen import Chosen, ConcordanceScreen
from .copies_screen import CopiesScreen
from .facet_pane import FacetPane
from .list_tabs import ListTabs
from .status_text import toggle_clause

EXPLORE_ARTICLE_ACTIONS = {"copies"}
EXPLORE_LIST_ACTIONS = {"concordance", "toggle_facets", "toggle_collapse"}


class ExploreScreen(Screen):
    """Keys of the exploring views (see the module docstring)."""

    BINDINGS = [
        Binding("c", "concordance", "Concordance", id="main.concordance",
                tooltip="Every occurrence of the query in context (KWIC); Enter opens one"),
        Binding("F", "toggle_facets", "Facets", id="main.facets",
                tooltip="The query's timeline and counts by outlet, year, month and tag, in place of the tags"),
        Binding("C", "toggle_collapse", "Fold copies", id="main.collapse",
                tooltip="One row per group of near-copies (+N copies · outlets), or every copy"),
        Binding("e", "copies", "Copies", id="main.copies",
                tooltip="The open article's near-copies; d there shows what it changed"),
    ]

    @on(FacetPane.Narrow)
    def _narrow(self, message: FacetPane.Narrow) -> None:
        """A facet value chosen: add its clause to the query (or take it out), visibly; the
        keys typed after Enter act on the narrowed list."""
        try:
            self.search_pane.set_query(toggle_clause(self.query_input.value, message.clause), hold="narrow")
        finally:
            message.hold.release()

    def action_concordance(self) -> None:
        query = (self.shown_query or "").strip()
        if not query:
            self.say("Search first: the concordance lists the query's hits in context.", timeout=3)
            return
        shown = self.search_pane.shown
        if shown is not None and shown.error is None and not (shown.result and shown.result.total):
            # an empty concordance screen would only say what the status line already does
            self.say(f"No hits for {query}: no occurrences to list in context.", timeout=3)
            return
        terms = self.terms

        def chosen(where: Chosen | None) -> None:
            if where is None:
                return
            hits = self.hit_list
            with hits.prevent(OptionList.OptionHighlighted):
                in_list = hits.select_id(where.id)
            self.reading.place = self._place() if in_list else None
            self.reading.open(where.id, query, terms, at=where.position, hold=where.hold)
            self.query_one(ArticleView).focus()

        self.app.push_screen(ConcordanceScreen(self.corpus, query, sort=self.search_pane.sort), chosen)

    def action_toggle_facets(self) -> None:
        facets, tags = self.query_one(FacetPane), self.query_one(ListTabs)  # (the tags and saved searches)
        facets.display = not facets.display
        tags.display = not facets.display
        self.set_class(facets.display, "-facets")  # (narrow: the facets take room from the article)
        if facets.display:
            facets.follow(self.shown_query, hold=True)
            facets.query_one("#facet-list").focus()
        else:
            facets.let_keys_go()
            if facets.has_focus_within:
                self.hit_list.focus()

    def action_toggle_collapse(self) -> None:
        pane = self.search_pane
        pane.collapse = not pane.collapse
        pane.expanded = frozenset()  # folding again folds every group
        self.say("Near-copies folded: one row per group" if pane.collapse else "Every copy listed", timeout=2)
        article = self.reading.article
        pane.search(force=True, keep=article.id if article is not None else None, hold="fold")

    def action_unfold_copies(self) -> None:
        """→ in the hit list, on a row standing for near-copies (C): its copies listed under
        it; again, folded back. Run here, while the key is handled, so the keys typed after it
        wait for the new rows."""
        hit = self.hit_list.current_hit
        if not self.search_pane.collapse and hit is not None:
            self.say("Every copy is listed: C folds near-copies into one row per group, → unfolds one", timeout=3)
            return
        if hit is None or hit.group is None or not hit.copies:
            self.app.bell()  # not a folded row
            return
        self.search_pane.unfold(hit.group, not hit.unfolded, hit.id)

    def action_fold_copies(self) -> None:
        """← in the hit list, on an unfolded row or one of its copies: the group folded back."""
        hit = self.hit_list.current_hit
        if hit is None or hit.group is None or not (hit.unfolded or hit.copy_of is not None):
            self.app.bell()
            return
        self.search_pane.unfold(hit.group, False, hit.copy_of or hit.id)

    def action_copies(self) -> None:
        article = self.reading.article
        if article is None:
            return
        query, terms = self.shown_query or "", self.terms

        def picked(copy_id: str | None) -> None:
            if copy_id:
                hits = self.hit_list
                with hits.prevent(OptionList.OptionHighlighted):
                    in_list = hits.select_id(copy_id)
                self.reading.place = self._place() if in_list else None
                self.reading.open(copy_id, query, terms)

        self.app.push_screen(CopiesScreen(self.corpus, article.id, article.title or article.id), picked)
