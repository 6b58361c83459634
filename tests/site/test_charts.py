"""The server-drawn SVG charts: the chairmanship timeline and the activity per year.

Each chart is parsed as XML the way any SVG reader would; a chart is only useful if it is
well formed, names itself for screen readers, and has a table with the same facts beside it.
"""

import re
import xml.etree.ElementTree as ET
from datetime import date

import pytest
from django.urls import reverse

from chairmanships.models import Handover
from dialogue.records.models import format_date
from dialogue.site.charts import TermInput, activity_chart, timeline_chart
from tests.factories import (
    ChairmanshipFactory,
    EventFactory,
    JointStatementFactory,
    MemberStateFactory,
)

SVG = "{http://www.w3.org/2000/svg}"


def svgs_in(html):
    """Every inline <svg> of a page, parsed (a parse error fails the test)."""
    return [ET.fromstring(match) for match in re.findall(r"<svg\b.*?</svg>", html, re.S)]


def classes(element):
    return element.get("class", "").split()


def by_class(root, tag, name):
    return [el for el in root.iter(f"{SVG}{tag}") if name in classes(el)]


def text_of(element):
    return " ".join("".join(element.itertext()).split())


# The geometry, without a database ---------------------------------------------------------


def terms_2019_to_now():
    return [
        TermInput("A", date(2019, 3, 1), date(2020, 3, 1), name="A", start_text="1 March 2019"),
        TermInput("B", date(2020, 3, 1), date(2021, 6, 1), name="B", start_text="1 March 2020"),
        TermInput("C (current chair)", date(2021, 6, 1), None, name="C", start_text="1 June 2021"),
    ]


def test_timeline_geometry_has_a_bar_per_term_in_date_order_inside_the_view_box():
    chart = timeline_chart(list(reversed(terms_2019_to_now())), today=date(2022, 5, 1))
    assert [bar.label for bar in chart.bars] == ["A", "B", "C (current chair)"]
    assert [bar.current for bar in chart.bars] == [False, False, True]
    for bar in chart.bars:
        assert bar.x >= 0 and bar.x + bar.width <= chart.width
        assert 0 <= bar.label_x <= chart.width - 8
    assert [bar.label_anchor for bar in chart.bars][:2] == ["start", "start"]


def test_a_label_that_would_run_past_the_right_edge_ends_at_it():
    late = TermInput("Turkmenistan (current chair)", date(2022, 3, 1), None)
    early = timeline_chart(terms_2019_to_now()[:1], today=date(2022, 5, 1))
    assert early.bars[0].label_anchor == "start" and early.bars[0].label_x == early.bars[0].x
    chart = timeline_chart([*terms_2019_to_now()[:2], late], today=date(2022, 5, 1))
    assert [bar.label_anchor for bar in chart.bars] == ["start", "start", "end"]
    assert chart.bars[2].label_x == chart.width - 8
    # Bars follow each other: one ends where the next starts.
    assert chart.bars[0].x + chart.bars[0].width == pytest.approx(chart.bars[1].x, abs=0.02)
    assert [tick.label for tick in chart.ticks] == ["2019", "2020", "2021", "2022", "2023"]
    assert chart.ticks[0].x == 8 and chart.ticks[-1].x == chart.width - 8


def test_timeline_marks_a_handover_only_where_one_term_ends_as_the_next_starts():
    terms = terms_2019_to_now()
    gap = TermInput("D", date(2024, 1, 1), None, name="D")
    terms[2] = TermInput("C", date(2021, 6, 1), date(2023, 1, 1), name="C")
    chart = timeline_chart(
        [*terms, gap], today=date(2025, 1, 1), handover_label=lambda a, b: f"{a.name}>{b.name}"
    )
    assert [mark.label for mark in chart.handovers] == ["A>B", "B>C"]
    assert chart.handovers[0].x == chart.bars[1].x


def test_timeline_of_forty_years_labels_at_most_about_eight_years():
    terms = [
        TermInput(str(year), date(year, 1, 1), date(year + 1, 1, 1)) for year in range(1980, 2020)
    ]
    chart = timeline_chart(terms, today=date(2020, 1, 1))
    assert len(chart.bars) == 40
    assert 2 <= len(chart.ticks) <= 9


def test_activity_geometry_has_a_bar_per_series_and_year_the_empty_years_included():
    chart = activity_chart(
        {2019: {"events": 2, "statements": 1}, 2021: {"events": 4, "statements": 0}},
        series=["events", "statements"],
    )
    assert [group.year for group in chart.groups] == [2019, 2020, 2021]
    counts = [[bar.count for bar in group.bars] for group in chart.groups]
    assert counts == [[2, 1], [0, 0], [4, 0]]
    tallest = chart.groups[2].bars[0]
    assert tallest.y + tallest.height == chart.baseline
    assert chart.groups[0].bars[0].height == pytest.approx(tallest.height / 2)
    assert activity_chart({}, series=["events"]).groups == []


# The pages ---------------------------------------------------------------------------------


@pytest.fixture
def three_terms(db):
    """Two handovers: the state "<Alpha & Co>" (a name to escape), then Beta, then Gamma now."""
    alpha = MemberStateFactory(name="<Alpha & Co>", slug="alpha")
    beta, gamma = MemberStateFactory(name="Beta"), MemberStateFactory(name="Gamma")
    first = ChairmanshipFactory(state=alpha, starts_on=date(2021, 1, 1), ends_on=date(2022, 1, 1))
    second = ChairmanshipFactory(state=beta, starts_on=date(2022, 1, 1), ends_on=date(2023, 7, 1))
    third = ChairmanshipFactory(state=gamma, starts_on=date(2023, 7, 1), ends_on=None)
    Handover.objects.create(outgoing=first, incoming=second)
    Handover.objects.create(outgoing=second, incoming=third)
    return first, second, third


@pytest.mark.django_db
def test_timeline_chart_is_valid_svg_with_a_bar_per_term_the_current_one_marked(
    client, three_terms
):
    html = client.get(reverse("chairmanships:timeline")).content.decode()
    (svg,) = svgs_in(html)
    assert svg.get("role") == "img"
    title_id, desc_id = svg.get("aria-labelledby").split()
    assert svg.find(f"{SVG}title").get("id") == title_id
    assert "handover" in svg.find(f"{SVG}desc").text
    assert svg.find(f"{SVG}desc").get("id") == desc_id
    assert svg.get("viewBox").startswith("0 0 ")
    assert svg.get("width") is None  # scales to the page, never wider than the screen
    bars = by_class(svg, "rect", "term-bar")
    assert len(bars) == 3
    current = by_class(svg, "g", "term-current")
    assert len(current) == 1
    assert "Gamma (current chair)" in text_of(current[0])  # said in words, not only colour
    labels = [text_of(label) for label in by_class(svg, "text", "term-label")]
    assert labels == ["<Alpha & Co>", "Beta", "Gamma (current chair)"]
    marks = by_class(svg, "g", "handover-mark")
    assert [text_of(mark) for mark in marks] == [
        f"Handover: <Alpha & Co> to Beta, {format_date(date(2022, 1, 1))}",
        f"Handover: Beta to Gamma, {format_date(date(2023, 7, 1))}",
    ]
    assert "&lt;Alpha &amp; Co&gt;" in html and "<Alpha" not in html
    assert [tick.text for tick in by_class(svg, "text", "chart-axis-label")][0] == "2021"


@pytest.mark.django_db
def test_timeline_has_a_table_with_each_term_and_who_it_was_handed_to(client, three_terms):
    html = client.get(reverse("chairmanships:timeline")).content.decode()
    table = re.search(r"<table class=\"data-table\">.*?</table>", html, re.S).group(0)
    rows = re.findall(r"<tr\b.*?</tr>", table.split("<tbody>")[1], re.S)
    cells = [
        [
            " ".join(re.sub(r"<[^>]+>", " ", c).split())
            for c in re.findall(r"<t[hd]\b.*?</t[hd]>", row, re.S)
        ]
        for row in rows
    ]
    jan_2021, jan_2022, jul_2023 = (
        format_date(day) for day in (date(2021, 1, 1), date(2022, 1, 1), date(2023, 7, 1))
    )
    assert cells == [
        ["&lt;Alpha &amp; Co&gt;", jan_2021, jan_2022, "Beta"],
        ["Beta", jan_2022, jul_2023, "Gamma"],
        ["Gamma Current chair", jul_2023, "now", "not yet"],
    ]
    assert 'scope="col"' in table and "<caption id=" in table


@pytest.mark.django_db
def test_timeline_chart_in_russian_names_the_current_chair_in_russian(client, three_terms):
    html = client.get("/ru/chairmanships/").content.decode()
    (svg,) = svgs_in(html)
    assert "действующий председатель" in text_of(by_class(svg, "g", "term-current")[0])
    assert_coordinates_are_numbers(svg)


def assert_coordinates_are_numbers(svg):
    """One number per coordinate: a Russian decimal comma ("12,5") would be read as two."""
    for element in svg.iter():
        for name in ("x", "y", "x1", "x2", "y1", "y2", "width", "height"):
            if name in element.attrib:
                float(element.get(name))
        for point in element.get("points", "").split():
            x, y = point.split(",")
            float(x), float(y)


@pytest.mark.django_db
def test_activity_chart_on_the_years_page_counts_public_events_and_statements(client):
    for day in (date(2019, 5, 1), date(2019, 6, 1), date(2021, 5, 1)):
        JointStatementFactory(event=EventFactory(starts_on=day, ends_on=day))
    EventFactory(starts_on=date(2021, 9, 1), ends_on=date(2021, 9, 1), publication_status="draft")
    html = client.get(reverse("years:year_list")).content.decode()
    (svg,) = svgs_in(html)
    assert svg.get("role") == "img" and svg.find(f"{SVG}desc").text
    groups = by_class(svg, "g", "chart-year")
    assert len(groups) == 3  # 2019, 2020 (empty) and 2021
    events = [int(bar.get("height") != "0.0") for bar in by_class(svg, "rect", "bar-events")]
    assert events == [1, 0, 1]
    titles = [text_of(bar) for bar in svg.iter(f"{SVG}rect")]
    assert "2019: 2 events" in titles and "2021: 1 event" in titles
    assert "2019: 2 joint statements" in titles and "2020: 0 events" in titles
    # The same numbers as a table, the newest year first, each linking to its page.
    table = re.search(r"<table class=\"data-table\">.*?</table>", html, re.S).group(0)
    assert re.findall(r'<th scope="row"><a href="/en/years/(\d+)/">', table) == ["2021", "2019"]
    russian = client.get("/ru/years/").content.decode()
    (svg,) = svgs_in(russian)
    assert_coordinates_are_numbers(svg)
    assert "<td>2</td><td>2</td><td>0</td>" in re.sub(r"\s+", "", table).replace("td><td", "td><td")
