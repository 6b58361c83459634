"""Where every record's facts come from: chairmanships, handovers, member states and
speakers carry a source (title, link, the day it was consulted) like events, statements
and quotes, shown on their pages, edited in the admin, and given in the API, CSV and
Popolo."""

from datetime import date

import pytest
from django.urls import reverse

from chairmanships.models import Chairmanship, Handover, MemberState
from statements.models import Speaker
from tests.factories import HandoverFactory, MemberStateFactory, SpeakerFactory
from tests.opendata.test_downloads import download_csv

pytestmark = pytest.mark.django_db

ARTICLE = "Kazakhstan concludes chairmanship of Dialogue of Women of Central Asia"
LINK = "https://example.org/news/kazakhstan-concludes-chairmanship"


def cite(record):
    record.source_title = ARTICLE
    record.source_url = LINK
    record.source_accessed_on = date(2024, 1, 15)
    record.save()
    return record


@pytest.fixture
def sourced():
    handover = HandoverFactory()
    cite(handover)
    cite(handover.outgoing)
    state = cite(handover.outgoing.state)
    speaker = cite(SpeakerFactory(state=state))
    return handover, state, speaker


def assert_shows_source(html):
    assert f'<a href="{LINK}" rel="external">{ARTICLE}</a>' in html
    assert "consulted on Jan. 15, 2024" in html


def test_each_records_page_names_its_source_and_when_it_was_consulted(client, sourced):
    handover, state, speaker = sourced
    for url in (
        handover.outgoing.get_absolute_url(),
        state.get_absolute_url(),
        speaker.get_absolute_url(),
        reverse("chairmanships:timeline"),  # the handover, on the timeline
    ):
        assert_shows_source(client.get(url).content.decode())


def test_the_russian_page_gives_the_consulted_date_in_russian(client, sourced):
    _handover, state, _speaker = sourced
    html = client.get(f"/ru/states/{state.slug}/").content.decode()
    assert "дата обращения: 15 января 2024" in html


def test_a_record_without_a_source_shows_no_source_line(client):
    state = MemberStateFactory()
    assert "Source:" not in client.get(state.get_absolute_url()).content.decode()


def test_staff_edit_the_source_of_each_kind_of_record_in_the_admin(admin_client, sourced):
    handover, state, speaker = sourced
    for record in (handover, handover.outgoing, state, speaker):
        meta = record._meta
        url = reverse(f"admin:{meta.app_label}_{meta.model_name}_change", args=[record.pk])
        html = admin_client.get(url).content.decode()
        for field in ("source_url", "source_title", "source_accessed_on"):
            assert f'name="{field}"' in html, (meta.model_name, field)
        assert 'value="2024-01-15"' in html


def test_the_api_gives_each_records_source(client, sourced):
    handover, state, speaker = sourced
    expected = {"source_url": LINK, "source_title": ARTICLE, "source_accessed_on": "2024-01-15"}
    for path in (
        f"/api/v1/member-states/{state.slug}",
        f"/api/v1/chairmanships/{handover.outgoing.slug}",
        f"/api/v1/handovers/{handover.pk}",
        f"/api/v1/speakers/{speaker.slug}",
    ):
        data = client.get(path).json()
        assert {key: data[key] for key in expected} == expected, path


def test_the_csv_tables_give_each_records_source(client, sourced):
    handover, state, speaker = sourced
    for table, key, value in (
        ("member_states", "slug", state.slug),
        ("chairmanships", "slug", handover.outgoing.slug),
        ("handovers", "id", str(handover.pk)),
        ("speakers", "slug", speaker.slug),
    ):
        row = next(row for row in download_csv(client, table) if row[key] == value)
        assert row["source_url"] == LINK
        assert row["source_title"] == ARTICLE
        assert row["source_accessed_on"] == "2024-01-15"


def test_popolo_lists_the_sources_of_states_chairmanships_and_speakers(client, sourced):
    handover, state, speaker = sourced
    popolo = client.get("/en/open-data/popolo.json").json()
    source = [{"url": LINK, "note": ARTICLE}]
    assert next(o for o in popolo["organizations"] if o["name"] == state.name)["sources"] == source
    chair = next(m for m in popolo["memberships"] if m["id"].endswith(handover.outgoing.slug))
    assert chair["sources"] == source
    assert next(p for p in popolo["persons"] if p["name"] == speaker.name)["sources"] == source


def test_the_demo_data_gives_the_article_as_the_source_of_what_it_reports(db):
    from django.core.management import call_command

    call_command("load_demo_data", verbosity=0)
    assert set(Chairmanship.objects.values_list("source_title", flat=True)) == {ARTICLE}
    assert Handover.objects.get().source_title == ARTICLE
    assert set(Speaker.objects.values_list("source_title", flat=True)) == {ARTICLE}
    # The states' names and codes are not taken from the article.
    assert set(MemberState.objects.values_list("source_title", flat=True)) == {""}
