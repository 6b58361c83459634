"""The admin's changelists cost the same number of queries however many records they list."""

import pytest
from django.db import transaction
from django.urls import reverse

from tests.factories_public import build_world

pytestmark = pytest.mark.django_db

CHANGELISTS = [
    "events_event",
    "statements_jointstatement",
    "statements_quote",
    "statements_speaker",
]


@pytest.mark.parametrize("model", CHANGELISTS)
@pytest.mark.parametrize("query", ["", "?q=a", "?o=-1"])
def test_changelist_query_count_stays_flat_at_ten_times_the_data(
    admin_client, django_assert_max_num_queries, model, query
):
    url = reverse(f"admin:{model}_changelist") + query
    counts = []
    for scale in (1, 10):
        with transaction.atomic():
            build_world(scale)
            with django_assert_max_num_queries(15) as queries:
                response = admin_client.get(url)
            assert response.status_code == 200
            assert response.context["cl"].result_count > 0
            counts.append(len(queries))
            transaction.set_rollback(True)
    assert counts[0] == counts[1], f"{counts[0]} queries with small data, {counts[1]} with 10x"


@pytest.mark.parametrize("model", ["events_event", "statements_quote", "statements_speaker"])
def test_large_changelists_do_not_count_every_record(admin_client, model):
    """With a filter the admin shows "N results (show all)" without counting the whole table."""
    build_world(1)
    response = admin_client.get(reverse(f"admin:{model}_changelist") + "?q=a")
    assert response.context["cl"].show_full_result_count is False
