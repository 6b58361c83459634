"""Small makers for the alerts' tests."""

from django.utils import timezone

from dialogue.alerts.models import Follow, Subscriber


def confirmed(email, *, follows=("everything",), language="en", frequency="immediate", **subjects):
    """A confirmed subscriber following `follows` (kinds) and any topic= or state= given."""
    subscriber = Subscriber.objects.create(
        email=email,
        language=language,
        frequency=frequency,
        status=Subscriber.Status.CONFIRMED,
        confirmed_at=timezone.now(),
    )
    for kind in follows:
        Follow.objects.create(subscriber=subscriber, kind=kind)
    if "topic" in subjects:
        Follow.objects.create(subscriber=subscriber, kind="topic", topic=subjects["topic"])
    if "state" in subjects:
        Follow.objects.create(subscriber=subscriber, kind="state", state=subjects["state"])
    return subscriber


def text_part(message) -> str:
    return message.get_body(preferencelist=("plain",)).get_content()


def html_part(message) -> str:
    return message.get_body(preferencelist=("html",)).get_content()
