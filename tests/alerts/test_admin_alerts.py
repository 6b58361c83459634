"""The staff's side of the alerts in the admin."""

import pytest
from django.urls import reverse

from dialogue.alerts import services
from dialogue.alerts.models import Delivery, SendingSwitch

from .helpers import confirmed

pytestmark = pytest.mark.django_db


def test_staff_find_subscribers_with_what_they_follow_but_never_their_links(admin_client):
    subscriber = confirmed("reader@example.org", follows=("events",))
    confirmed("other@example.org")
    page = admin_client.get(
        reverse("admin:alerts_subscriber_changelist"), {"q": "reader"}
    ).content.decode()
    assert "reader@example.org" in page and "other@example.org" not in page
    assert "New events" in page and "Confirmed" in page
    change = admin_client.get(
        reverse("admin:alerts_subscriber_change", args=[subscriber.pk])
    ).content.decode()
    for secret in [
        subscriber.key,
        services.manage_token(subscriber=subscriber),
        services.unsubscribe_token(subscriber=subscriber),
    ]:
        assert secret not in page and secret not in change
    # Consent is the reader's: staff cannot add or confirm an address.
    assert admin_client.get(reverse("admin:alerts_subscriber_add")).status_code == 403
    assert 'name="status"' not in change


def test_staff_see_sent_and_failed_messages(admin_client):
    subscriber = confirmed("reader@example.org")
    Delivery.objects.create(
        subscriber=subscriber, record_type="event", record_id=1, title="Sent one", state="sent"
    )
    Delivery.objects.create(
        subscriber=subscriber, record_type="event", record_id=2, title="Failed one",
        state="failed", last_error="SMTPRecipientsRefused",
    )  # fmt: skip
    url = reverse("admin:alerts_delivery_changelist")
    failed = admin_client.get(url, {"state__exact": "failed"}).content.decode()
    assert "Failed one" in failed and "Sent one" not in failed
    assert "Sent one" in admin_client.get(url, {"state__exact": "sent"}).content.decode()


def test_staff_pause_and_resume_sending(admin_client):
    url = reverse("admin:alerts_sendingswitch_changelist")
    assert admin_client.get(url).status_code == 200
    switch = SendingSwitch.objects.get()
    data = {
        "form-TOTAL_FORMS": "1",
        "form-INITIAL_FORMS": "1",
        "form-0-id": str(switch.pk),
        "form-0-paused": "on",
        "_save": "Save",
    }
    assert admin_client.post(url, data).status_code == 302
    assert SendingSwitch.is_paused()
    del data["form-0-paused"]
    admin_client.post(url, data)
    assert not SendingSwitch.is_paused()
