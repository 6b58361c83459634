"""What the site's own settings give at archive scale: cached pages, a health check, and
pages that show a bounded part of a large record with a way to the rest."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import JointStatementFactory, MemberStateFactory, QuoteFactory, SpeakerFactory

pytestmark = pytest.mark.django_db


def test_the_site_serves_anonymous_visitors_from_its_page_cache(client):
    state = MemberStateFactory()
    first = client.get(state.get_absolute_url())
    second = client.get(state.get_absolute_url())
    assert (first["X-Cache"], second["X-Cache"]) == ("MISS", "HIT")
    assert second.content == first.content


def test_the_health_check_answers_without_the_database_and_over_plain_http(client, settings):
    settings.SECURE_SSL_REDIRECT = True
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("healthz"))
    assert response.status_code == 200
    assert response.content == b"ok"
    assert len(queries) == 0


def test_a_state_page_shows_the_first_statements_and_speakers_and_links_to_all(client):
    state = MemberStateFactory(name="Kazakhstan")
    for _ in range(21):
        JointStatementFactory().signatories.add(state)
    SpeakerFactory.create_batch(21, state=state)
    page = client.get(state.get_absolute_url())
    assert len(page.context["statements"]) == 20 and len(page.context["speakers"]) == 20
    html = page.content.decode()
    assert "All joint statements signed by Kazakhstan" in html
    assert "All speakers from Kazakhstan" in html


def test_the_statement_list_narrowed_to_a_state_shows_only_its_statements(client):
    state = MemberStateFactory(name="Kyrgyzstan")
    signed = JointStatementFactory(title="Signed by Kyrgyzstan")
    signed.signatories.add(state)
    JointStatementFactory(title="Signed by others")
    page = client.get(reverse("statements:statement_list"), {"state": state.slug})
    assert [s.title for s in page.context["object_list"]] == ["Signed by Kyrgyzstan"]
    assert "Kyrgyzstan" in page.context["page_title"]


@pytest.mark.parametrize("parameter", ["state", "topic"])
def test_a_list_narrowed_to_something_that_does_not_exist_is_not_found(client, parameter):
    response = client.get(reverse("statements:statement_list"), {parameter: "no-such-thing"})
    assert response.status_code == 404


def test_the_speaker_list_narrowed_to_a_state(client):
    state = MemberStateFactory()
    ours = SpeakerFactory(state=state)
    SpeakerFactory()
    page = client.get(reverse("statements:speaker_list"), {"state": state.slug})
    assert list(page.context["object_list"]) == [ours]


def test_a_prolific_speaker_s_quotes_come_a_page_at_a_time(client):
    speaker = SpeakerFactory()
    QuoteFactory.create_batch(25, speaker=speaker)
    # Their page shows the first ten and leads to all of them, twenty a page.
    page = client.get(speaker.get_absolute_url())
    assert len(page.context["quotes"]) == 10
    every_quote = f"/en/quotes/?speaker={speaker.slug}"
    assert f'href="{every_quote}"' in page.content.decode()
    first = client.get(every_quote)
    second = client.get(every_quote + "&page=2")
    assert len(first.context["object_list"]) == 20 and len(second.context["object_list"]) == 5
    assert 'rel="next"' in first.content.decode()
    assert client.get(speaker.get_absolute_url(), {"page": "junk"}).status_code == 200
