"""A draft's or an embargoed event's documents go to staff only, whatever address leaks.

The files are never served from MEDIA_ROOT itself, in debug or not: every document is
fetched through the site's own view, which asks the event whether it is public.
"""

import importlib
from datetime import timedelta

import pytest
from django.contrib.auth.models import Permission
from django.urls import clear_url_caches, reverse
from django.utils import timezone

from dialogue.records.models import PublicationStatus
from tests.factories import PDF_BYTES, EventDocumentFactory, EventFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    return settings.MEDIA_ROOT


@pytest.fixture(params=[False, True], ids=["production", "debug"])
def urlconf(request, settings):
    """The URLs as built under production settings (DEBUG off), and under debug."""
    import dialogue.urls

    settings.DEBUG = request.param
    importlib.reload(dialogue.urls)
    clear_url_caches()
    yield request.param
    settings.DEBUG = False
    importlib.reload(dialogue.urls)
    clear_url_caches()


def draft_document():
    event = EventFactory(publication_status=PublicationStatus.DRAFT)
    return EventDocumentFactory(event=event, title="Draft programme")


def embargoed_document():
    event = EventFactory(publish_at=timezone.now() + timedelta(days=2))
    return EventDocumentFactory(event=event, title="Embargoed programme")


def leaked_addresses(document):
    """Every address the file could be asked for: the site's own and MEDIA_ROOT's."""
    return [document.url, f"/media/{document.file.name}", f"/{document.file.name}"]


@pytest.mark.parametrize("make", [draft_document, embargoed_document])
def test_anonymous_visitors_cannot_download_a_non_public_events_document(client, urlconf, make):
    document = make()
    assert not document.event.is_public()
    for address in leaked_addresses(document):
        response = client.get(address)
        assert response.status_code == 404, address


@pytest.mark.parametrize("make", [draft_document, embargoed_document])
def test_staff_download_a_non_public_events_document_never_cached(admin_client, urlconf, make):
    document = make()
    response = admin_client.get(document.url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF_BYTES
    assert response["Content-Type"] == "application/pdf"
    assert "private" in response["Cache-Control"] and "no-store" in response["Cache-Control"]


def test_staff_without_the_right_to_view_events_cannot_download_a_draft(client, django_user_model):
    document = draft_document()
    user = django_user_model.objects.create_user("clerk", password="pw-clerk-1234", is_staff=True)
    client.force_login(user)
    assert client.get(document.url).status_code == 404
    user.user_permissions.add(Permission.objects.get(codename="view_event"))
    client.force_login(django_user_model.objects.get(pk=user.pk))
    assert client.get(document.url).status_code == 200


def test_a_public_events_document_is_downloaded_by_anyone_from_the_address_on_its_page(client):
    document = EventDocumentFactory(title="Conference programme")
    html = client.get(document.event.get_absolute_url()).content.decode()
    assert f'href="{document.url}"' in html
    response = client.get(document.url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF_BYTES
    assert "no-cache" in response["Cache-Control"]


def test_a_document_withdrawn_with_its_event_is_no_longer_served(client):
    document = EventDocumentFactory()
    assert client.get(document.url).status_code == 200
    document.event.publication_status = PublicationStatus.DRAFT
    document.event.save()
    assert client.get(document.url).status_code == 404


def test_a_wrong_file_name_in_the_address_is_not_found(client):
    document = EventDocumentFactory()
    assert client.get(reverse("event_document", args=[document.pk, "other.pdf"])).status_code == 404
