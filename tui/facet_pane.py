"""The facet pane: the current query's timeline and its counts by outlet, year, month and tag.

It follows the query the hit list shows (`follow`): counts are computed over every match in
a worker of its own (the newest query wins; a stale one is cancelled), and drawn when they
arrive. Choosing a row posts `FacetPane.Narrow` with the query clause that selects it
(`source:"…"`, `date:2021-03`, `tag:…`); the screen adds it to the query text, visibly.
With an outlet row under the cursor, the timeline shows that outlet's matches alone; `p`
counts by month, week or year. Under the chart an axis names the years and marks the peaks
(▲), which the line below names with their counts.
"""

from __future__ import annotations

import re
import threading

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
from textual.widget import Widget
from textual.widgets import OptionList, Sparkline, Static
from textual.widgets.option_list import Option

from index import Corpus, CorpusError, Facets, SearchCancelled, Timeline, one_line

from .keyboard import Hold, NoHold, hold_keys

# Rows shown per facet (the busiest); the CLI's `facets --json` has them all.
TOP = {"source": 12, "year": 20, "month": 12, "tag": 20}
# Outlets that get a timeline of their own when their row is under the cursor.
SERIES = TOP["source"]
_PLAIN = re.compile(r"^[\w\-.]+$", re.UNICODE)
PERIODS = ("month", "week", "year")
PEAK_MARK = "▲"


def clause(kind: str, value: str) -> str:
    """The query clause selecting one facet value."""
    if kind in ("year", "month"):
        return f"date:{value}"
    field = "source" if kind == "source" else "tag"
    if _PLAIN.match(value):
        return f"{field}:{value.lower() if field == 'source' else value}"
    return f'{field}:"{value.replace(chr(34), " ")}"'


def _cut(timeline: Timeline) -> int:
    return {"year": 4, "month": 7, "week": 10}[timeline.by]


def peaks_text(timeline: Timeline, n: int = 3) -> Text:
    """"peaks 2021-03 (12) · 2022-01 (9)": the busiest periods, by date."""
    line = Text(no_wrap=True, overflow="ellipsis")
    peaks = timeline.peaks(n)
    if not peaks:
        line.append("no dated hits", style="dim")
        return line
    line.append(f"{PEAK_MARK} peaks ", style="dim")
    line.append(" · ".join(f"{b.start[:_cut(timeline)]} ({b.count:,})" for b in peaks), style="bold")
    return line


def span_text(timeline: Timeline) -> str:
    """"2016-01…2024-12": the periods the timeline covers."""
    if not timeline.buckets:
        return ""
    cut = _cut(timeline)
    return f"{timeline.buckets[0].start[:cut]}…{timeline.buckets[-1].start[:cut]}"


def bucket_columns(n: int, width: int) -> list[int]:
    """The column of a `width`-cell sparkline where each of `n` buckets is drawn (its first
    one), as Textual's Sparkline lays them out: column c shows the data from c·n/width on."""
    if n <= 0 or width <= 0:
        return []
    first: dict[int, int] = {}
    for c in range(width):
        first.setdefault(c * n // width, c)
    out, last = [], 0
    for i in range(n):
        last = first.get(i, last)  # (more buckets than columns: the column holding it)
        out.append(last)
    return out


def axis_text(timeline: Timeline, buckets, width: int) -> Text:
    """The line under the chart: ▲ under each peak, and each year where it starts (just after
    a mark there), as room allows."""
    cells = [" "] * max(0, width)
    cols = bucket_columns(len(buckets), width)
    peaks = {p.start for p in Timeline(timeline.query, timeline.by, tuple(buckets), 0).peaks()}
    marks = {col for b, col in zip(buckets, cols) if b.start in peaks and col < width}
    free = 0
    for i, (b, col) in enumerate(zip(buckets, cols)):
        year = b.start[:4]
        starts_year = i == 0 or timeline.by == "year" or (
            b.start[5:7] == "01" and (timeline.by == "month" or b.start[8:10] <= "07"))
        at = col + 1 if col in marks else col
        if starts_year and at >= free and at + len(year) <= width and not marks & set(range(at, at + len(year))):
            cells[at:at + len(year)] = year
            free = at + len(year) + 1
    line = Text(no_wrap=True, overflow="crop")
    for col, ch in enumerate(cells):
        line.append(PEAK_MARK if col in marks else ch, style="bold #e5c07b" if col in marks else "dim")
    return line


class TimelineAxis(Widget):
    """The axis under the sparkline (see `axis_text`), drawn for the width it gets."""

    DEFAULT_CSS = "TimelineAxis { height: 1; }"

    def __init__(self, *, id: str | None = None):
        super().__init__(id=id)
        self.timeline: Timeline | None = None
        self.buckets: tuple = ()

    def show(self, timeline: Timeline | None, buckets) -> None:
        self.timeline, self.buckets = timeline, tuple(buckets)
        self.refresh()

    def render(self) -> Text:
        if self.timeline is None or not self.buckets:
            return Text("")
        return axis_text(self.timeline, self.buckets, self.content_size.width)


class FacetList(OptionList):
    """Facet rows under section headings; Enter narrows the query to the row's value."""

    BINDINGS = [
        Binding("j", "cursor_down", "Down", show=False, id="facets.down"),
        Binding("k", "cursor_up", "Up", show=False, id="facets.up"),
        Binding("enter", "select", "Narrow", id="facets.narrow", tooltip="Add this value to the query"),
    ]

    chosen_hold: Hold | NoHold = NoHold()

    def action_select(self) -> None:
        """Enter: the keys typed after it wait until the narrowed query's hits are listed
        (the choice reaches the screen only after this key is done)."""
        option = self.highlighted_option
        if option is not None and not option.disabled:
            self.chosen_hold.release()
            self.chosen_hold = hold_keys(self.app, "narrow")
        super().action_select()

    def take_hold(self) -> Hold | NoHold:
        hold, self.chosen_hold = self.chosen_hold, NoHold()
        return hold


class FacetPane(Vertical):
    """Timeline and facet counts of the query shown; it computes them itself, in a worker."""

    class Narrow(Message):
        """Narrow the query with this clause (e.g. `date:2021-03`)."""

        def __init__(self, clause: str, hold: Hold | NoHold | None = None) -> None:
            super().__init__()
            self.clause = clause
            self.hold = hold or NoHold()  # keys typed after Enter: released once the search holds them

    BINDINGS = [
        Binding("p", "cycle_period", "Period", id="facets.period", tooltip="Timeline by month, week or year"),
    ]

    def __init__(self, corpus: Corpus, *, id: str | None = None):
        super().__init__(id=id)
        self.corpus = corpus
        self.period = "month"
        self.outlet: str | None = None  # the outlet whose row is under the cursor
        self.query_text: str | None = None
        self.facets: Facets | None = None
        self.timeline: Timeline | None = None
        self._cancel = threading.Event()
        self._counting: Hold | NoHold = NoHold()  # keys typed after F, waiting for its rows
        self.border_title = "Facets"

    def compose(self) -> ComposeResult:
        yield Static(id="timeline-title")
        yield Sparkline([], id="timeline", summary_function=max)
        yield TimelineAxis(id="timeline-axis")
        yield Static(id="timeline-peaks")
        yield FacetList(id="facet-list", markup=False)

    def on_mount(self) -> None:
        self._draw()

    # -- following the query -------------------------------------------------------------------

    def follow(self, query: str | None, *, again: bool = False, hold: bool = False) -> None:
        """Count the matches of `query` (None or blank: nothing to count); `again`: even if
        they are the ones shown (the period changed); `hold`: the keys typed meanwhile wait
        for the new rows (F then j Enter typed at once choose among them, not among the rows
        of the query counted before)."""
        query = (query or "").strip() or None
        if query == self.query_text and self.facets is not None and not again:
            return
        self.query_text = query
        self._cancel.set()
        self._cancel = threading.Event()
        self._counting.release()
        if query is None:
            self.facets = self.timeline = None
            self._draw()
            return
        if hold:
            self._counting = hold_keys(self.app, "facets")
        self.query_one("#timeline-title", Static).update(Text("counting…", style="dim"))
        self._count(query, self._cancel, self.period)

    def action_cycle_period(self) -> None:
        self.period = PERIODS[(PERIODS.index(self.period) + 1) % len(PERIODS)]
        self.follow(self.query_text, again=True)

    @work(thread=True, exclusive=True, group="facets", exit_on_error=False)
    def _count(self, query: str, cancel: threading.Event, period: str) -> None:
        try:
            facets = self.corpus.facets(query, cancel=cancel, timeline=period, sources=SERIES)
            timeline = facets.timeline
        except SearchCancelled:
            return  # (a newer count, or hiding the pane, let its keys go)
        except CorpusError:
            facets = timeline = None  # the search pane says what is wrong with the query
        if not cancel.is_set():
            self.app.call_from_thread(self._counted, query, facets, timeline)

    def _counted(self, query: str, facets: Facets | None, timeline: Timeline | None) -> None:
        if query != self.query_text:
            return
        self.facets, self.timeline = facets, timeline
        self._draw()
        self._counting.release()

    def let_keys_go(self) -> None:
        """The pane is hidden: keys waiting for its rows go on."""
        self._counting.release()

    # -- drawing -------------------------------------------------------------------------------

    def _draw(self) -> None:
        title = self.query_one("#timeline-title", Static)
        spark = self.query_one("#timeline", Sparkline)
        peaks = self.query_one("#timeline-peaks", Static)
        rows = self.query_one(FacetList)
        rows.clear_options()
        f, t = self.facets, self.timeline
        if f is None or t is None:
            title.update(Text("facets of the query appear here", style="dim"))
            spark.data = []
            self.query_one(TimelineAxis).show(None, ())
            peaks.update("")
            return
        self.outlet = None  # (the rows are rebuilt: none is under the cursor yet)
        self._draw_timeline(None)
        options: list[Option] = []
        for kind, heading, values in (("source", "Outlets", f.source), ("year", "Years", f.year),
                                      ("month", "Busiest months", sorted(f.month, key=lambda v: (-v.count, v.value))),
                                      ("tag", "Tags", f.tag)):
            if not values:
                continue
            options.append(Option(Text(heading, style="bold"), disabled=True))
            for value in values[:TOP[kind]]:
                row = Text(no_wrap=True, overflow="ellipsis")
                row.append(f"  {one_line(value.value, 40)}")
                row.append(f"  {value.count:,}", style="dim")
                options.append(Option(row, id=f"{kind}\x00{value.value}"))
            if len(values) > TOP[kind]:
                options.append(Option(Text(f"  … {len(values) - TOP[kind]} more", style="dim"), disabled=True))
        if f.undated:
            options.append(Option(Text(f"undated  {f.undated:,}", style="dim"), disabled=True))
        rows.add_options(options)
        self.border_subtitle = f"{f.total:,} hits"

    def _draw_timeline(self, outlet: str | None) -> None:
        t = self.timeline
        if t is None:
            return
        buckets, label = t.buckets, "all outlets"
        if outlet is not None:
            for name, series in t.series:
                if name == outlet:
                    buckets, label = series, one_line(outlet, 40)
        counts = [b.count for b in buckets]
        # (no dated hit: no chart at all; a sparkline of nothing but zeros draws full bars)
        self.query_one("#timeline", Sparkline).data = counts if any(counts) else []
        self.query_one(TimelineAxis).show(t, buckets)
        title = Text(no_wrap=True, overflow="ellipsis")
        title.append(f"hits per {t.by}", style="bold")
        title.append(f" {span_text(t)} · {label}", style="dim")
        if outlet is None and t.series:
            title.append(" (an outlet's row: its own)", style="dim")
        self.query_one("#timeline-title", Static).update(title)
        shown = Timeline(t.query, t.by, buckets, t.undated)
        self.query_one("#timeline-peaks", Static).update(peaks_text(shown))

    @on(OptionList.OptionHighlighted, "#facet-list")
    def _highlighted(self, event: OptionList.OptionHighlighted) -> None:
        event.stop()
        kind, _, value = (event.option.id or "").partition("\x00")
        self.outlet = value if kind == "source" else None
        self._draw_timeline(self.outlet)

    @on(OptionList.OptionSelected, "#facet-list")
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        kind, _, value = (event.option.id or "").partition("\x00")
        hold = event.option_list.take_hold() if isinstance(event.option_list, FacetList) else NoHold()
        if value:
            self.post_message(self.Narrow(clause(kind, value), hold))
        else:
            hold.release()
