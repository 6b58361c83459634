"""The messages: confirmation and alerts, each in the subscriber's language, plain text and
HTML, with the headers mail programs use to offer one-click unsubscribe (RFC 8058)."""

from urllib.parse import urlsplit

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from dialogue.records.i18n import dialogue_name


def absolute(path: str) -> str:
    return settings.ALERTS_SITE_URL.rstrip("/") + path


def domain() -> str:
    return urlsplit(settings.ALERTS_SITE_URL).hostname or "localhost"


def _message(*, to: str, subject: str, template: str, context: dict, headers: dict):
    context = {"dialogue_name": dialogue_name(), **context}
    message = EmailMultiAlternatives(
        subject=subject,
        body=render_to_string(f"alerts/email/{template}.txt", context),
        to=[to],
        headers={"Auto-Submitted": "auto-generated", **headers},
    )
    message.attach_alternative(
        render_to_string(f"alerts/email/{template}.html", context), "text/html"
    )
    return message


def links(subscriber) -> dict:
    from .services import manage_token, unsubscribe_token

    return {
        "manage_url": absolute(
            reverse("alerts:manage", args=[manage_token(subscriber=subscriber)])
        ),
        "unsubscribe_url": absolute(
            reverse("alerts:unsubscribe", args=[unsubscribe_token(subscriber=subscriber)])
        ),
    }


def confirmation_message(*, subscriber, token: str, already: bool):
    with translation.override(subscriber.language):
        context = {
            "confirm_url": absolute(reverse("alerts:confirm", args=[token])),
            "already": already,
            "days": getattr(settings, "ALERTS_CONFIRM_DAYS", 3),
            **(links(subscriber) if already else {}),
        }
        subject = _("Please confirm your email alerts: %(dialogue)s") % {
            "dialogue": dialogue_name()
        }
        return _message(
            to=subscriber.email, subject=subject, template="confirm", context=context, headers={}
        )


def record_item(delivery, record) -> dict:
    """What a message says about one record: kind, title, date and address."""
    if delivery.record_type == "event":
        kind, date = _("Event"), record.dates
    else:
        kind, date = _("Joint statement"), record.adopted
    return {
        "kind": kind,
        "title": record.title,
        "date": date,
        "url": absolute(record.get_absolute_url()),
        "summary": record.summary,
    }


def alert_message(*, subscriber, items: list, digest: bool):
    """One alert (one record) or one daily digest (several), to `subscriber`."""
    with translation.override(subscriber.language):
        records = [record_item(delivery, record) for delivery, record in items]
        context = {"records": records, "digest": digest, **links(subscriber)}
        if digest:
            subject = ngettext(
                "%(count)d new record: %(dialogue)s",
                "%(count)d new records: %(dialogue)s",
                len(records),
            ) % {"count": len(records), "dialogue": dialogue_name()}
        elif items[0][0].record_type == "event":
            subject = _("New event: %(title)s") % {"title": records[0]["title"]}
        else:
            subject = _("New joint statement: %(title)s") % {"title": records[0]["title"]}
        first = items[0][0]
        headers = {
            # The same for every attempt, so a message sent twice is recognised as one.
            "Message-ID": f"<alert-{first.pk}{'-digest' if digest else ''}@{domain()}>",
            "List-Id": f"<alerts.{domain()}>",
            "List-Unsubscribe": f"<{context['unsubscribe_url']}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        }
        return _message(
            to=subscriber.email, subject=subject, template="alert", context=context, headers=headers
        )
