"""The year archive: a page per year with its events, statements and handovers, the years
either side, and a link to it from every dated record's page."""

import json
import re
from datetime import date

import pytest
from django.urls import reverse

from chairmanships.models import Handover
from dialogue.site.years import FIRST_ON_YEAR_PAGE
from tests.factories import (
    ChairmanshipFactory,
    EventFactory,
    JointStatementFactory,
    MemberStateFactory,
    QuoteFactory,
)

pytestmark = pytest.mark.django_db


def year_url(year, language="en"):
    return f"/{language}/years/{year}/"


def json_ld(html):
    return json.loads(
        re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1)
    )


@pytest.fixture
def record():
    """Events in 2019 and 2023 (none in between), a draft in 2021, a handover in 2023."""
    kz, kg = MemberStateFactory(name="Kazakhstan"), MemberStateFactory(name="Kyrgyzstan")
    outgoing = ChairmanshipFactory(state=kz, starts_on=date(2018, 1, 1), ends_on=date(2023, 12, 12))
    incoming = ChairmanshipFactory(state=kg, starts_on=date(2023, 12, 12), ends_on=None)
    handover = Handover.objects.create(outgoing=outgoing, incoming=incoming)
    old = EventFactory(title="Founding forum", starts_on=date(2019, 5, 2), ends_on=date(2019, 5, 3))
    draft = EventFactory(
        title="Unpublished meeting",
        starts_on=date(2021, 4, 1),
        ends_on=date(2021, 4, 1),
        publication_status="draft",
    )
    JointStatementFactory(title="Draft's statement", event=draft)
    conference = EventFactory(
        title="Closing conference", starts_on=date(2023, 12, 12), ends_on=date(2023, 12, 12)
    )
    statement = JointStatementFactory(title="Almaty statement", event=conference)
    quote = QuoteFactory(event=conference)
    return {
        "handover": handover,
        "old": old,
        "conference": conference,
        "statement": statement,
        "quote": quote,
        "outgoing": outgoing,
    }


def test_a_year_page_lists_that_years_public_events_statements_and_handovers(client, record):
    response = client.get(reverse("years:year_detail", kwargs={"year": 2023}))
    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>2023</h1>" in html
    assert "Closing conference" in html and "Almaty statement" in html
    assert "Kazakhstan" in html and "Kyrgyzstan" in html  # the handover
    assert record["handover"].get_absolute_url() in html
    assert "Founding forum" not in html and "Unpublished meeting" not in html
    assert "<title>2023" in html
    assert "1 event, 1 joint statement and 1 handover" in html  # the description


def test_a_year_links_to_the_previous_and_next_years_that_have_records(client, record):
    html = client.get(year_url(2023)).content.decode()
    # 2021 has only a draft, so the year before 2023 is 2019; nothing comes after 2023.
    assert f'href="{year_url(2019)}" rel="prev"' in html
    assert 'rel="next"' not in html
    html = client.get(year_url(2019)).content.decode()
    assert f'href="{year_url(2023)}" rel="next"' in html
    assert 'rel="prev"' not in html


@pytest.mark.parametrize("year", ["2021", "2020", "1900", "99999999", "0"])
def test_a_year_with_nothing_public_is_not_found(client, record, year):
    assert client.get(year_url(year)).status_code == 404


@pytest.mark.parametrize("junk", ["abc", "2023x", "-2023", "20%2023", "2023/extra"])
def test_a_year_that_is_not_a_number_is_not_found(client, record, junk):
    assert client.get(f"/en/years/{junk}/").status_code == 404


def test_a_long_year_shows_the_first_of_each_and_links_to_the_filtered_lists(client, db):
    for n in range(FIRST_ON_YEAR_PAGE + 3):
        day = date(2022, 1, 1 + n)
        JointStatementFactory(event=EventFactory(starts_on=day, ends_on=day))
    html = client.get(year_url(2022)).content.decode()
    events_section = html.split('id="year-events"')[1].split('id="year-statements"')[0]
    assert events_section.count('href="/en/events/conference-') == FIRST_ON_YEAR_PAGE
    assert f'href="/en/events/?year=2022">All {FIRST_ON_YEAR_PAGE + 3} events of 2022' in html
    assert (
        f'href="/en/statements/?year=2022">All {FIRST_ON_YEAR_PAGE + 3} joint statements of 2022'
        in html
    )
    # The linked lists show that year, and only it.
    events = client.get("/en/events/?year=2022").content.decode()
    assert "Conference" in events
    statements = client.get("/en/statements/?year=2022")
    assert statements.status_code == 200
    assert "Joint statements: 2022" in statements.content.decode()
    assert client.get("/en/statements/?year=2021").context["object_list"].count() == 0


@pytest.mark.parametrize("junk", ["abc", "-1", "20231", "2023.0"])
def test_statements_list_with_a_year_that_is_not_a_year_is_not_found(client, db, junk):
    assert client.get(f"/en/statements/?year={junk}").status_code == 404


def test_year_page_describes_itself_in_json_ld(client, record):
    data = json_ld(client.get(year_url(2023)).content.decode())
    assert data["@type"] == "CollectionPage"
    assert data["temporalCoverage"] == "2023"
    assert data["url"] == "http://testserver/en/years/2023/"
    names = [part["name"] for part in data["hasPart"]]
    assert names == ["Closing conference", "Almaty statement"]


def test_year_page_in_russian(client, record):
    html = client.get(year_url(2023, "ru")).content.decode()
    assert 'lang="ru"' in html
    assert "Передачи председательства" in html
    assert "Предыдущий год: 2019" in html
    assert "1 мероприятие, 1 совместное заявление и 1 передача председательства" in html


def test_year_index_lists_each_year_with_records_newest_first(client, record):
    response = client.get(reverse("years:year_list"))
    html = response.content.decode()
    assert re.findall(r'<th scope="row"><a href="/en/years/(\d+)/">', html) == ["2023", "2019"]
    assert json_ld(html)["@type"] == "CollectionPage"
    assert 'href="/en/years/"' in html  # in the main navigation


def test_year_index_without_records_says_so(client, db):
    html = client.get(reverse("years:year_list")).content.decode()
    assert "No public records yet." in html and "<svg" not in html


@pytest.mark.parametrize("page", ["event", "statement", "quote", "chairmanship", "timeline"])
def test_every_dated_records_page_links_to_its_year(client, record, page):
    url = {
        "event": record["conference"].get_absolute_url(),
        "statement": record["statement"].get_absolute_url(),
        "quote": record["quote"].get_absolute_url(),
        "chairmanship": record["outgoing"].get_absolute_url(),  # its handover out, 2023
        "timeline": reverse("chairmanships:timeline"),  # each handover
    }[page]
    html = client.get(url).content.decode()
    assert f'<a class="year-link" href="{year_url(2023)}">More from 2023</a>' in html
    # Every year a page links to exists.
    for year in set(re.findall(r'class="year-link" href="/en/years/(\d+)/"', html)):
        assert client.get(year_url(year)).status_code == 200


def test_the_old_events_page_links_to_its_own_year(client, record):
    html = client.get(record["old"].get_absolute_url()).content.decode()
    assert f'href="{year_url(2019)}">More from 2019' in html
