"""What the uncached pages keep or skip to stay fast, and that a visitor never sees it:
the quotes list counted a few pages ahead, the year counts remembered until a write, the
citations kept under a digest of what they are made from, record addresses and dates
remembered per language, the filters' selects written without the template engine."""

import re
import time
from datetime import date, timedelta

import pytest
from django import forms
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import formats, timezone, translation

from dialogue.pagecache import purge_models
from dialogue.records import citations
from dialogue.records.pagination import CappedPaginator
from dialogue.records.widgets import QuickSelect
from events.models import Event
from statements.views import QuoteListView
from tests.conftest import ReadingClient
from tests.factories import (
    EventFactory,
    JointStatementFactory,
    MemberStateFactory,
    QuoteFactory,
    TopicFactory,
)

pytestmark = pytest.mark.django_db


def uncached_client(settings):
    """A client of a site with its page cache off: every page is made afresh."""
    settings.PAGE_CACHE_ENABLED = False
    return ReadingClient()


def current_page(html):
    return re.search(r'class="pagination-current">([^<]*)<', html).group(1)


# The quotes list, counted a few hundred pages ahead -------------------------------------


@pytest.fixture
def twelve_quotes(monkeypatch):
    """Twelve public quotes, two to a page (six pages), counted two pages ahead."""
    monkeypatch.setattr(QuoteListView, "paginate_by", 2)
    monkeypatch.setattr(CappedPaginator, "pages_ahead", 2)
    event = EventFactory()
    return [QuoteFactory(event=event) for _ in range(12)]


def test_a_long_quotes_list_says_there_are_more_pages_without_counting_them_all(
    settings, twelve_quotes
):
    client = uncached_client(settings)
    html = client.get("/en/quotes/").content.decode()
    assert current_page(html) == "Page 1 of more than 3"
    assert 'href="?page=2" rel="next"' in html
    assert ">Last<" not in html  # its number is not known
    html = client.get("/en/quotes/?page=3").content.decode()
    assert current_page(html) == "Page 3 of more than 5"
    assert 'rel="next"' in html


def test_near_its_end_the_quotes_list_is_counted_exactly(settings, twelve_quotes):
    client = uncached_client(settings)
    html = client.get("/en/quotes/?page=4").content.decode()
    assert current_page(html) == "Page 4 of 6"
    assert 'href="?page=6">Last<' in html
    html = client.get("/en/quotes/?page=6").content.decode()
    assert current_page(html) == "Page 6 of 6"
    assert 'rel="next"' not in html
    assert client.get("/en/quotes/?page=7").status_code == 404


def test_the_last_page_asked_for_by_name_is_the_real_last_page(settings, twelve_quotes):
    html = uncached_client(settings).get("/en/quotes/?page=last").content.decode()
    assert current_page(html) == "Page 6 of 6"
    assert html.count('class="quote') >= 1


def test_every_quote_is_reached_by_following_next(settings, twelve_quotes):
    client, seen, url = uncached_client(settings), [], "/en/quotes/"
    while url:
        html = client.get(url).content.decode()
        seen += re.findall(r'href="/en/quotes/(\d+)/"', html)
        found = re.search(r'href="(\?page=\d+)" rel="next"', html)
        url = "/en/quotes/" + found.group(1) if found else None
    assert sorted(set(seen), key=int) == sorted((str(q.pk) for q in twelve_quotes), key=int)


def test_a_russian_list_says_it_goes_on_in_russian(settings, twelve_quotes):
    html = uncached_client(settings).get("/ru/quotes/").content.decode()
    assert current_page(html) == "Страница 1 из более чем 3"


def test_a_short_list_is_counted_exactly(settings, monkeypatch):
    monkeypatch.setattr(QuoteListView, "paginate_by", 2)
    event = EventFactory()
    for _ in range(5):
        QuoteFactory(event=event)
    html = uncached_client(settings).get("/en/quotes/").content.decode()
    assert current_page(html) == "Page 1 of 3"
    assert 'href="?page=3">Last<' in html


def test_the_quotes_list_counts_the_same_however_many_quotes_there_are(settings, monkeypatch):
    """The count reads at most `pages_ahead` pages of rows: its query does not change."""
    monkeypatch.setattr(CappedPaginator, "pages_ahead", 1)
    monkeypatch.setattr(QuoteListView, "paginate_by", 2)
    event = EventFactory()
    client = uncached_client(settings)
    counts = []
    for total in (5, 40):
        while event.quotes.count() < total:
            QuoteFactory(event=event)
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/en/quotes/").status_code == 200
        counting = [q["sql"] for q in queries if "COUNT(" in q["sql"].upper()]
        assert len(counting) == 1 and "LIMIT 5" in counting[0]
        counts.append(len(queries))
    assert counts[0] == counts[1]


# The year counts, remembered until a write ----------------------------------------------


def year_line(html, year):
    """The years list's row of one year: "<year> ... N events ... M statements"."""
    row = re.search(rf'href="/en/years/{year}/".*?</tr>', html, re.S)
    return " ".join(re.sub(r"<[^>]+>", " ", row.group(0)).split()) if row else None


def year_description(client, year):
    html = client.get(f"/en/years/{year}/").content.decode()
    return re.search(r'<meta name="description" content="([^"]*)"', html).group(1)


@pytest.fixture
def conference():
    event = EventFactory(title="Closing conference", starts_on=date(2023, 5, 2))
    JointStatementFactory(event=event)
    return event


def test_the_year_counts_are_read_once_then_kept(settings, conference):
    client = uncached_client(settings)
    assert client.get("/en/years/").status_code == 200
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/en/years/2023/").status_code == 200
        assert client.get("/en/years/").status_code == 200
    assert not [q for q in queries if "COUNT(" in q["sql"].upper()]


def test_the_year_counts_follow_a_new_event_and_an_unpublished_one(settings, conference):
    client = uncached_client(settings)
    assert "1 event, 1 joint statement" in year_description(client, 2023)
    other = EventFactory(starts_on=date(2023, 9, 1))
    assert "2 events, 1 joint statement" in year_description(client, 2023)
    other.publication_status = "draft"
    other.save()
    assert "1 event, 1 joint statement" in year_description(client, 2023)


def test_the_year_counts_follow_an_event_moved_to_another_year(settings, conference):
    """A date is not its visibility: the save purges only the event's own page, and still
    the counts of both years change."""
    client = uncached_client(settings)
    EventFactory(starts_on=date(2019, 1, 10))
    assert "1 event" in year_description(client, 2019)
    conference.starts_on = conference.ends_on = date(2019, 6, 1)
    conference.save()
    assert "2 events" in year_description(client, 2019)
    assert client.get("/en/years/2023/").status_code == 200  # its statement is still of 2023
    assert "0 events" in year_description(client, 2023)


def test_the_year_counts_follow_a_bulk_write_that_says_so(settings, conference):
    client = uncached_client(settings)
    EventFactory(starts_on=date(2023, 8, 1))
    assert "2 events" in year_description(client, 2023)
    Event.objects.filter(starts_on__year=2023).update(publication_status="draft")
    purge_models(Event)
    # Nothing of 2023 is public now (its statement is hidden with its event's draft).
    assert client.get("/en/years/2023/").status_code == 404
    assert "/en/years/2023/" not in client.get("/en/years/").content.decode()


def test_an_embargoed_event_is_counted_when_its_embargo_ends_with_no_write(
    settings, db, django_capture_on_commit_callbacks
):
    client = uncached_client(settings)
    # The next embargo's end is looked up when the transaction commits, as the admin's does.
    with django_capture_on_commit_callbacks(execute=True):
        EventFactory(starts_on=date(2023, 5, 2))
        embargoed = EventFactory(
            starts_on=date(2023, 6, 2), publish_at=timezone.now() + timedelta(seconds=1)
        )
    assert "1 event" in year_description(client, 2023)
    assert "1 event" in year_description(client, 2023)  # kept, until the embargo ends
    deadline = embargoed.publish_at + timedelta(seconds=2.5)
    while timezone.now() < deadline and "2 events" not in year_description(client, 2023):
        time.sleep(0.1)
    assert "2 events" in year_description(client, 2023)


# Citations, kept under a digest of what they are made from ------------------------------


def test_a_citation_is_formatted_once_and_again_after_an_edit(settings, monkeypatch):
    formatted = []
    real = citations.format_reference

    def counting(item, style):
        formatted.append(item["title"])
        return real(item, style)

    monkeypatch.setattr(citations, "format_reference", counting)
    client = uncached_client(settings)
    event = EventFactory(title="Almaty forum")
    statement = JointStatementFactory(title="Almaty statement", event=event)
    url = statement.get_absolute_url()
    assert "Almaty statement" in client.get(url).content.decode()
    assert len(formatted) == len(citations.STYLES)
    client.get(url)
    assert len(formatted) == len(citations.STYLES)  # kept
    statement.title = "Bishkek statement"
    statement.save()
    html = client.get(url).content.decode()
    assert len(formatted) == 2 * len(citations.STYLES)
    references = html.split('class="references"')[1]
    assert "Bishkek statement" in references and "Almaty statement" not in references


def test_a_kept_citation_is_in_the_pages_language(settings):
    client = uncached_client(settings)
    statement = JointStatementFactory(title="Almaty statement", title_ru="Алматинское заявление")
    url = statement.get_absolute_url()
    client.get(url)
    html = client.get(url.replace("/en/", "/ru/")).content.decode()
    assert "Алматинское заявление" in html.split('class="references"')[1]


# Addresses and dates, remembered per language -------------------------------------------


def test_a_records_address_follows_the_language_and_its_slug(db):
    state = MemberStateFactory(name="Kazakhstan", slug="kazakhstan")
    assert state.get_absolute_url() == "/en/states/kazakhstan/"
    with translation.override("ru"):
        assert state.get_absolute_url() == "/ru/states/kazakhstan/"
    state.slug = "kz"
    assert state.get_absolute_url() == "/en/states/kz/"


def test_a_date_is_written_in_the_pages_language(db):
    day = date(2023, 12, 12)
    event = EventFactory(starts_on=day, ends_on=day)
    english = event.dates
    assert english == formats.date_format(day, "DATE_FORMAT")
    with translation.override("ru"):
        assert event.dates == formats.date_format(day, "DATE_FORMAT") != english
        assert "декабря 2023" in event.dates
    assert event.dates == english


# The filters' selects --------------------------------------------------------------------


CHOICES = [
    ("", "Any <state>"),
    ("a&b", "A & B"),
    ("Group", [("1", "one"), ("2", 'two "quoted"')]),
    (3, "three"),
]


@pytest.mark.parametrize("value", ["", "a&b", "2", 3, None, "not offered"])
def test_a_quick_select_is_the_same_markup_as_djangos(value):
    attrs = {"id": "id_state", "required": True, "data-note": 'say "hi"', "disabled": False}
    django_html = forms.Select(choices=CHOICES).render("state", value, attrs)
    quick_html = QuickSelect(choices=CHOICES).render("state", value, attrs)
    assert re.sub(r">\s+<", "><", django_html.strip()) == quick_html


def test_the_events_filters_keep_what_was_chosen(settings, db):
    state = MemberStateFactory(name="Kyrgyzstan", slug="kyrgyzstan")
    topic = TopicFactory(name="Water <&> peace", slug="water")
    EventFactory(host_state=state, starts_on=date(2022, 3, 1)).topics.add(topic)
    html = uncached_client(settings).get("/en/events/?host_state=kyrgyzstan&year=2022").content
    html = html.decode()
    assert '<option value="kyrgyzstan" selected>Kyrgyzstan</option>' in html
    assert '<option value="2022" selected>2022</option>' in html
    assert '<option value="water">Water &lt;&amp;&gt; peace</option>' in html
    assert '<select name="host_state" id="id_host_state">' in html
