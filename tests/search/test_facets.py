"""Search filters (kind, year or years, member state, topic, language) with their counts,
on SQLite and PostgreSQL: each facet counted with the other filters applied."""

from datetime import date

import pytest
from django.urls import reverse
from django.utils import translation

from tests.factories import (
    EventFactory,
    JointStatementFactory,
    MemberStateFactory,
    QuoteFactory,
    SpeakerFactory,
    TopicFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def archive():
    uz = MemberStateFactory(name="Uzbekistan", slug="uzbekistan", iso_code="UZ")
    kz = MemberStateFactory(name="Kazakhstan", slug="kazakhstan", iso_code="KZ")
    water = TopicFactory(name="Water", slug="water")
    youth = TopicFactory(name="Youth", slug="youth")
    e2019 = EventFactory(title="Water forum", host_state=uz, starts_on=date(2019, 5, 1))
    e2019.topics.set([water])
    e2020 = EventFactory(
        title="Youth water summit",
        title_ru="Молодёжный саммит",
        host_state=uz,
        starts_on=date(2020, 3, 1),
    )
    e2020.topics.set([water, youth])
    e2021 = EventFactory(title="Water council", host_state=kz, starts_on=date(2021, 6, 1))
    statement = JointStatementFactory(event=e2019, title="Declaration on water")
    statement.topics.set([water])
    speaker = SpeakerFactory(name="Aziza Water", state=kz)
    quote = QuoteFactory(event=e2020, speaker=speaker, text="Water is life.", language="en")
    return locals()


def get(client, **params):
    response = client.get(reverse("search"), params)
    assert response.status_code == 200, response.content[:500]
    return response


def facet(response, name):
    """{value: count} as the page offers them."""
    return {o["value"]: o["count"] for o in response.context["facets"][name]}


def records(response):
    return {(hit.kind, hit.record.pk) for hit in response.context["hits"]}


def test_text_search_counts_every_kind(client, archive):
    response = get(client, q="water")
    # Events: 3; the statement; the quote; the speaker (by name).
    assert facet(response, "kind") == {"event": 3, "statement": 1, "quote": 1, "speaker": 1}
    assert response.context["total"] == 6


def test_each_facet_is_counted_with_the_other_filters_applied(client, archive):
    response = get(client, q="water", state="uzbekistan", kind="event")
    a = archive
    assert records(response) == {("event", a["e2019"].pk), ("event", a["e2020"].pk)}
    assert response.context["total"] == 2
    # Kinds within Uzbekistan (the kind filter itself not applied).
    assert facet(response, "kind") == {"event": 2, "statement": 1, "quote": 1}
    # States among events (the state filter itself not applied); the selected one is first.
    states = facet(response, "state")
    assert states == {"uzbekistan": 2, "kazakhstan": 1}
    # Years and topics: events in Uzbekistan.
    years = {o["year"]: o["count"] for o in response.context["facets"]["years"]}
    assert years == {2019: 1, 2020: 1}
    assert facet(response, "topic") == {"water": 2, "youth": 1}


def test_a_year_range_and_a_topic_combine(client, archive):
    response = get(client, q="water", year_from=2020, year_to=2021, topic="water")
    a = archive
    assert records(response) == {
        ("event", a["e2020"].pk),
        ("quote", a["quote"].pk),
    }
    years = {o["year"]: o["count"] for o in response.context["facets"]["years"]}
    # Years counted with the topic filter but not the year range; 2021, chosen, at zero.
    assert years == {2019: 2, 2020: 2, 2021: 0}
    # Topics counted within the years: e2021 has no topic.
    assert facet(response, "topic") == {"water": 2, "youth": 2}


def test_an_empty_text_with_filters_lists_everything_a_state_hosted_that_year(client, archive):
    response = get(client, state="uzbekistan", year=2019)
    a = archive
    assert records(response) == {("event", a["e2019"].pk), ("statement", a["statement"].pk)}
    assert "2 records match these filters." in response.content.decode()


def test_the_language_facet_counts_records_readable_in_each_language(client, archive):
    response = get(client, q="water", language="ru")
    assert records(response) == {("event", archive["e2020"].pk)}
    assert facet(response, "language")["en"] == 6
    assert facet(response, "language")["ru"] == 1


def test_a_selected_value_with_no_match_is_still_shown_at_zero(client, archive):
    response = get(client, q="council", state="uzbekistan")
    assert response.context["total"] == 0
    assert facet(response, "state") == {"uzbekistan": 0, "kazakhstan": 1}


def test_sorted_by_date_newest_or_oldest(client, archive):
    newest = get(client, q="water", kind="event", sort="newest").context["hits"]
    oldest = get(client, q="water", kind="event", sort="oldest").context["hits"]
    assert [h.record.starts_on.year for h in newest] == [2021, 2020, 2019]
    assert [h.record.starts_on.year for h in oldest] == [2019, 2020, 2021]


def test_each_active_filter_has_a_link_that_removes_it(client, archive):
    response = get(client, q="water", state="uzbekistan", year=2019)
    html = response.content.decode()
    active = {a["label"]: a["url"] for a in response.context["active_filters"]}
    assert set(active) == {"Uzbekistan", "2019"}
    assert "state" not in active["Uzbekistan"] and "year=2019" in active["Uzbekistan"]
    assert "year" not in active["2019"] and "state=uzbekistan" in active["2019"]
    assert "Remove filter Member state: Uzbekistan" in html
    assert get(client, **dict(p.split("=") for p in active["2019"][1:].split("&"))).status_code


def test_the_form_works_without_javascript_with_labels_and_legends(client, archive):
    html = get(client, q="water").content.decode()
    assert '<form class="search-form filters" action="/en/search/" method="get"' in html
    assert "<legend>Member state</legend>" in html
    assert '<input type="checkbox" name="state" value="uzbekistan">' in html
    assert '<span class="count">(3 results)</span>' in html  # read aloud with the value
    assert '<label for="id_year_from">From year</label>' in html
    assert '<button type="submit">Apply filters</button>' in html


def test_the_filters_in_russian(client, archive):
    with translation.override("ru"):
        url = reverse("search")
    html = client.get(url, {"q": "water", "kind": "event"}).content.decode()
    assert "Тип записи" in html and "Государство-участник" in html


@pytest.mark.parametrize(
    "params",
    [
        {"year": "abc"},
        {"year_from": "2021", "year_to": "2019"},
        {"state": "atlantis"},
        {"topic": "nothing"},
        {"kind": "planet"},
        {"language": "xx"},
        {"sort": "random"},
        {"page": "zz"},
        {"page": "99999999999999999999"},
        {"year": "99999999999"},
    ],
)
def test_junk_filters_get_a_clear_message_and_a_400(client, archive, params):
    response = client.get(reverse("search"), {"q": "water", **params})
    assert response.status_code == 400
    assert 'class="form-error"' in response.content.decode()


def test_a_page_past_the_last_is_not_found_with_a_link_to_the_first(client, archive):
    response = client.get(reverse("search"), {"q": "water", "page": 5})
    assert response.status_code == 404
    assert "There is only 1 page of results." in response.content.decode()


def test_results_are_paginated_with_the_filters_kept(client, db):
    state = MemberStateFactory(slug="kyrgyzstan")
    for n in range(25):
        EventFactory(title=f"Forum {n}", host_state=state)
    first = get(client, q="forum", state="kyrgyzstan")
    assert first.context["total"] == 25 and len(first.context["hits"]) == 20
    second = get(client, q="forum", state="kyrgyzstan", page=2)
    assert len(second.context["hits"]) == 5
    assert "state=kyrgyzstan" in first.content.decode().split('rel="next"')[0].rsplit("href", 1)[1]


def test_counts_cost_a_fixed_number_of_queries(client, archive, django_assert_max_num_queries):
    with django_assert_max_num_queries(12):
        get(client, q="water", state="uzbekistan", topic="water")
    for n in range(10):
        EventFactory(title=f"Water {n}", host_state=archive["uz"]).topics.set([archive["water"]])
    with django_assert_max_num_queries(12):
        get(client, q="water", state="uzbekistan", topic="water")
