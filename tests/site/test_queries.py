"""Each public page and API list costs a fixed number of queries, however much it shows.

Every page is fetched with a small record and with one ten times larger; the same budget
must hold for both. A page that ran a query per row would blow it at the larger scale.
"""

import pytest
from django.db import transaction

from dialogue.pagecache import content_changed
from tests.factories_public import build_world, page_urls

pytestmark = pytest.mark.django_db

# The most queries each page may run, whatever the amount of data.
BUDGETS = {
    "home": 5,
    "search": 8,  # states, topics, counts + page (one on PostgreSQL), each kind shown
    "timeline": 2,
    "chairmanship_detail": 7,
    "state_list": 3,
    "state_detail": 5,
    "topic_list": 1,
    "topic_detail": 4,
    "event_list": 5,
    "event_list_filtered": 7,
    "event_detail": 9,  # participants, the change notes (and, once per process, their content type)
    "statement_list": 2,
    "statement_list_by_state": 3,
    "statement_list_by_topic": 3,
    "statement_detail": 7,  # + signing people and their states, change notes
    "speaker_list": 2,
    "speaker_list_by_state": 3,
    "speaker_detail": 4,  # the person, events attended, quotes, statements signed
    "speaker_detail_page_2": 4,
    "quote_detail": 3,  # + the change notes (and, once per process, their content type)
    "year_list": 3,
    "year_detail": 6,
    "api_events": 3,
    "api_statements": 4,
    "api_speakers": 2,
    "api_quotes": 2,
    "api_member_states": 2,
    "api_chairmanships": 5,  # with each term's priorities (and their topics) and initiatives
    "api_topics": 2,
}


@pytest.mark.parametrize("page_name", list(BUDGETS))
def test_page_keeps_its_query_budget_at_ten_times_the_data(
    client, django_assert_max_num_queries, settings, page_name
):
    settings.PAGE_CACHE_ENABLED = False  # every request renders the page
    counts = []
    for scale in (1, 10):
        # Each world is rolled back before the next, so both can have a current chairmanship.
        with transaction.atomic():
            url = page_urls(build_world(scale))[page_name]
            client.get(url)  # once per process: content types, translations
            content_changed()  # as after an edit: what pages remember (year counts) is gone
            with django_assert_max_num_queries(BUDGETS[page_name]) as queries:
                response = client.get(url)
                assert response.status_code == 200
            assert len(queries), "rendered, not served from a cache"
            # The search reads the records of each kind the page shows, one query a kind.
            hits = response.context.get("hits") if response.context else None
            kinds_shown = len({hit.kind for hit in hits or []})
            counts.append(len(queries) - kinds_shown)
            transaction.set_rollback(True)
    assert counts[0] == counts[1], f"{counts[0]} queries with small data, {counts[1]} with 10x"


@pytest.mark.parametrize("scale", [1, 10])
def test_the_larger_record_really_shows_more(client, scale):
    html = client.get(build_world(scale).event.get_absolute_url()).content.decode()
    assert html.count('<figure class="quote">') == 2 * scale
