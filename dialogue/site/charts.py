"""The geometry of the site's charts, drawn on the server as inline SVG.

Pure Python: each function takes plain values (dates, counts) and returns the shapes a
template draws (`templates/includes/*_chart.svg`), in the units of the chart's viewBox, so
the SVG scales to any width without JavaScript. The templates escape every text.
"""

from dataclasses import dataclass, field
from datetime import date

# The timeline chart -----------------------------------------------------------------------

TIMELINE_WIDTH = 480
TIMELINE_LEFT = 8
TIMELINE_RIGHT = 8
TIMELINE_TOP = 8
TIMELINE_ROW = 44  # a label line over a bar
TIMELINE_BAR = 16
TIMELINE_AXIS = 28  # room below the rows for the year labels
TIMELINE_ANNOUNCED = 14  # an announced term's mark: its first day is known, not its end


@dataclass(frozen=True)
class TermInput:
    """What the timeline chart needs of one chairmanship."""

    label: str
    starts_on: date
    ends_on: date | None
    url: str = ""
    period: str = ""
    name: str = ""  # the state, for the handover marks' labels
    start_text: str = ""  # the first day as people read it
    current: bool | None = None  # holding the chair today (None: the term with no end)
    announced: bool = False  # starts after today: a handover recorded ahead of its date


@dataclass(frozen=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    label: str
    label_x: float
    label_y: float
    label_anchor: str = "start"
    url: str = ""
    period: str = ""
    current: bool = False
    announced: bool = False


@dataclass(frozen=True)
class Tick:
    x: float
    label: str


@dataclass(frozen=True)
class HandoverMark:
    """A diamond on the axis at the day the chair passed, joining two bars."""

    x: float
    y_top: float
    y_bottom: float
    points: str
    label: str


@dataclass
class TimelineChart:
    width: int
    height: int
    bars: list[Bar] = field(default_factory=list)
    ticks: list[Tick] = field(default_factory=list)
    handovers: list[HandoverMark] = field(default_factory=list)
    axis_y: float = 0


def _days(day: date) -> int:
    return day.toordinal()


def timeline_chart(terms: list[TermInput], *, today: date, handover_label=None) -> TimelineChart:
    """One row per term, oldest first, on an axis from the first term's year to the last's end.

    A current term (no end) runs to `today`; an announced one (starting after `today`) is a
    short mark at its first day, its end unknown. Consecutive terms whose first ends the day the
    next starts get a handover mark; `handover_label(outgoing, incoming)` names it.
    """
    terms = sorted(terms, key=lambda term: term.starts_on)
    height = TIMELINE_TOP + TIMELINE_ROW * len(terms) + TIMELINE_AXIS
    chart = TimelineChart(width=TIMELINE_WIDTH, height=height)
    chart.axis_y = TIMELINE_TOP + TIMELINE_ROW * len(terms) + 4
    if not terms:
        return chart
    first_year = terms[0].starts_on.year
    last_day = max(max(term.ends_on or today, term.starts_on) for term in terms)
    last_year = last_day.year + 1  # the axis ends on 1 January after the last day
    start, end = _days(date(first_year, 1, 1)), _days(date(last_year, 1, 1))
    span = TIMELINE_WIDTH - TIMELINE_LEFT - TIMELINE_RIGHT

    def x_of(day: date) -> float:
        return round(TIMELINE_LEFT + span * (_days(day) - start) / (end - start), 2)

    # At most six year labels, so they never collide on the axis, even at a phone's type size.
    years = list(range(first_year, last_year + 1))
    step = max(1, -(-len(years) // 6))
    chart.ticks = [Tick(x_of(date(year, 1, 1)), str(year)) for year in years[::step]]

    for row, term in enumerate(terms):
        y = TIMELINE_TOP + TIMELINE_ROW * row + 20
        x0, x1 = x_of(term.starts_on), x_of(term.ends_on or today)
        width = TIMELINE_ANNOUNCED if term.announced and not term.ends_on else max(x1 - x0, 2)
        # The label starts over the bar; where it would run past the right edge it ends
        # there instead (about 12 units a character: a phone's larger type, bold too).
        fits = x0 + 12 * len(term.label) <= TIMELINE_WIDTH - TIMELINE_RIGHT
        label_x = x0 if fits else TIMELINE_WIDTH - TIMELINE_RIGHT
        chart.bars.append(
            Bar(
                x=x0,
                y=y,
                width=round(width, 2),
                height=TIMELINE_BAR,
                label=term.label,
                label_x=round(label_x, 2),
                label_y=y - 5,
                label_anchor="start" if fits else "end",
                url=term.url,
                period=term.period,
                current=term.ends_on is None if term.current is None else term.current,
                announced=term.announced,
            )
        )
    for row, (outgoing, incoming) in enumerate(zip(terms, terms[1:], strict=False)):
        if outgoing.ends_on is None or outgoing.ends_on != incoming.starts_on:
            continue
        x = x_of(incoming.starts_on)
        y_top = chart.bars[row].y
        y_bottom = chart.bars[row + 1].y + TIMELINE_BAR
        mid = chart.bars[row + 1].y + TIMELINE_BAR / 2
        points = f"{x},{mid - 7} {x + 7},{mid} {x},{mid + 7} {x - 7},{mid}"
        label = handover_label(outgoing, incoming) if handover_label else ""
        chart.handovers.append(HandoverMark(x, y_top, y_bottom, points, label))
    return chart


# The activity chart -----------------------------------------------------------------------

ACTIVITY_WIDTH = 480
ACTIVITY_HEIGHT = 220
ACTIVITY_LEFT = 40
ACTIVITY_RIGHT = 8
ACTIVITY_TOP = 20
ACTIVITY_BOTTOM = 28


@dataclass(frozen=True)
class CountBar:
    x: float
    y: float
    width: float
    height: float
    count: int
    series: str
    text_x: float
    text_y: float


@dataclass(frozen=True)
class YearGroup:
    year: int
    label_x: float
    bars: list[CountBar]
    url: str = ""


@dataclass
class ActivityChart:
    width: int
    height: int
    baseline: float
    groups: list[YearGroup] = field(default_factory=list)
    gridlines: list[Tick] = field(default_factory=list)  # Tick.x holds the line's y here
    show_counts: bool = True
    left: int = ACTIVITY_LEFT  # where the bars start; the counts' scale is written left of it


def activity_chart(
    counts: dict[int, dict[str, int]], *, series: list[str], urls: dict[int, str] | None = None
) -> ActivityChart:
    """Bars per year, one per series (e.g. "events", "statements") side by side, from the
    first to the last year in `counts`, with the years between them shown empty."""
    baseline = ACTIVITY_HEIGHT - ACTIVITY_BOTTOM
    chart = ActivityChart(width=ACTIVITY_WIDTH, height=ACTIVITY_HEIGHT, baseline=baseline)
    if not counts:
        return chart
    years = list(range(min(counts), max(counts) + 1))
    highest = max((n for row in counts.values() for n in row.values()), default=0) or 1
    plot = baseline - ACTIVITY_TOP
    slot = (ACTIVITY_WIDTH - ACTIVITY_LEFT - ACTIVITY_RIGHT) / len(years)
    bar = min(24.0, slot * 0.8 / len(series))
    chart.show_counts = bar >= 10  # numbers on the bars only while they fit; the table has all
    label_every = max(1, -(-len(years) // 7))  # at most 7 years written
    for n, year in enumerate(years):
        left = ACTIVITY_LEFT + slot * n + (slot - bar * len(series)) / 2
        bars = []
        for m, name in enumerate(series):
            count = counts.get(year, {}).get(name, 0)
            height = round(plot * count / highest, 2)
            x = round(left + bar * m, 2)
            bars.append(
                CountBar(
                    x=x,
                    y=round(baseline - height, 2),
                    width=round(bar, 2),
                    height=height,
                    count=count,
                    series=name,
                    text_x=round(x + bar / 2, 2),
                    text_y=round(baseline - height - 4, 2),
                )
            )
        label_x = round(ACTIVITY_LEFT + slot * n + slot / 2, 2)
        chart.groups.append(
            YearGroup(
                year=year,
                label_x=label_x if n % label_every == 0 else -1,
                bars=bars,
                url=(urls or {}).get(year, ""),
            )
        )
    step = max(1, -(-highest // 4))
    chart.gridlines = [
        Tick(round(baseline - plot * value / highest, 2), str(value))
        for value in range(0, highest + 1, step)
    ]
    return chart
