"""The event list's filters and pagination, and junk in the address: a clean page, never a 500."""

from datetime import date

import pytest
from django.urls import path, reverse

from dialogue import urls as site_urls
from events.models import Event
from tests.factories import EventFactory, MemberStateFactory, TopicFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def events_url():
    return reverse("events:event_list")


@pytest.fixture
def two_years():
    kazakhstan = MemberStateFactory(name="Kazakhstan", slug="kazakhstan", iso_code="KZ")
    kyrgyzstan = MemberStateFactory(name="Kyrgyzstan", slug="kyrgyzstan", iso_code="KG")
    violence = TopicFactory(name="Gender-based violence", slug="gender-based-violence")
    almaty = EventFactory(
        title="Almaty conference",
        starts_on=date(2023, 12, 12),
        ends_on=None,
        host_state=kazakhstan,
        kind=Event.Kind.CONFERENCE,
        status=Event.Status.HELD,
    )
    almaty.topics.add(violence)
    bishkek = EventFactory(
        title="Bishkek forum",
        starts_on=date(2024, 5, 20),
        ends_on=None,
        host_state=kyrgyzstan,
        kind=Event.Kind.FORUM,
        status=Event.Status.CANCELLED,
    )
    return almaty, bishkek


def titles(response):
    return {event.title for event in response.context["object_list"]}


def test_event_list_is_newest_first(client, events_url, two_years):
    response = client.get(events_url)
    assert [event.title for event in response.context["object_list"]] == [
        "Bishkek forum",
        "Almaty conference",
    ]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("year=2023", {"Almaty conference"}),
        ("year=2024", {"Bishkek forum"}),
        ("host_state=kazakhstan", {"Almaty conference"}),
        ("host_state=kyrgyzstan", {"Bishkek forum"}),
        ("topic=gender-based-violence", {"Almaty conference"}),
        ("kind=forum", {"Bishkek forum"}),
        ("kind=conference", {"Almaty conference"}),
        ("status=cancelled", {"Bishkek forum"}),
        ("status=held", {"Almaty conference"}),
        ("year=2023&host_state=kazakhstan&kind=conference", {"Almaty conference"}),
        ("year=2024&host_state=kazakhstan", set()),
        ("year=&host_state=&topic=&kind=&status=", {"Almaty conference", "Bishkek forum"}),
    ],
)
def test_each_filter_narrows_the_list(client, events_url, two_years, query, expected):
    response = client.get(f"{events_url}?{query}")
    assert response.status_code == 200
    assert titles(response) == expected


def test_filter_form_is_a_labelled_get_form_with_a_submit_button(client, events_url, two_years):
    html = client.get(events_url).content.decode()
    assert '<form class="filters" method="get"' in html
    for name in ("year", "host_state", "topic", "kind", "status"):
        assert f'<label for="id_{name}">' in html
        assert f'name="{name}"' in html
    assert '<button type="submit">' in html
    # Only years that have events are offered.
    assert '<option value="2023">2023</option>' in html
    assert '<option value="2024">2024</option>' in html
    assert '<option value="2022">' not in html


def test_chosen_filters_stay_selected_and_can_be_cleared(client, events_url, two_years):
    html = client.get(f"{events_url}?year=2023").content.decode()
    assert '<option value="2023" selected>2023</option>' in html
    assert "Clear filters" in html


@pytest.mark.parametrize(
    "query",
    [
        "year=abc",
        "year=99999999999999999999",
        "year=-1",
        "year=2023.5",
        "host_state=atlantis",
        "topic=%00",
        "kind=zzz",
        "status=%3Cscript%3E",
        "year=2023&year=abc",
        "page=1&kind=zzz",
        "q=" + "x" * 5000,
    ],
)
def test_junk_filter_values_give_a_clean_page_that_says_what_to_fix(
    client, events_url, two_years, query
):
    response = client.get(f"{events_url}?{query}")
    assert response.status_code == 200
    html = response.content.decode()
    assert "<script>" not in html.split("</head>")[1]
    if "q=" not in query and "year=2023&year=abc" not in query:
        assert "Some filters could not be used." in html


@pytest.fixture
def many_events():
    return [EventFactory() for _ in range(45)]


def test_event_list_is_paginated_by_links_that_keep_the_filters(client, events_url, many_events):
    response = client.get(f"{events_url}?kind=conference")
    html = response.content.decode()
    assert len(response.context["object_list"]) == 20
    assert "Page 1 of 3" in html
    assert 'href="?kind=conference&amp;page=2" rel="next"' in html
    second = client.get(f"{events_url}?kind=conference&page=2")
    assert second.status_code == 200
    assert "Page 2 of 3" in second.content.decode()
    assert "page 2" in second.content.decode().split("</title>")[0]
    last = client.get(f"{events_url}?page=last")
    assert len(last.context["object_list"]) == 5


@pytest.mark.parametrize("page_number", ["abc", "999999", "0", "-1", "1.5", "%00", "9" * 40])
@pytest.mark.parametrize(
    "name", ["events:event_list", "statements:statement_list", "statements:speaker_list"]
)
def test_junk_page_numbers_are_a_404_not_a_500(client, many_events, name, page_number):
    response = client.get(f"{reverse(name)}?page={page_number}")
    assert response.status_code == 404


@pytest.mark.parametrize(
    "url",
    [
        "/en/?page=abc",
        "/en/chairmanships/?page=abc",
        "/en/states/?q=" + "x" * 5000,
        "/en/topics/?year=abc",
        "/en/search/?page=999999",
    ],
)
def test_junk_params_on_pages_that_ignore_them_are_harmless(client, url):
    assert client.get(url).status_code == 200


# A view that fails, to see the 500 page the site serves then.


def broken_view(request):
    raise RuntimeError("boom")


urlpatterns = [
    path("broken/", broken_view),
    *site_urls.urlpatterns,  # i18n_patterns cannot be include()d
]


@pytest.mark.urls("tests.site.test_filters")
def test_server_error_shows_the_site_500_page(client):
    client.raise_request_exception = False
    response = client.get("/broken/")
    assert response.status_code == 500
    assert "Something went wrong" in response.content.decode()
