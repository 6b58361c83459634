"""Text without control characters: refused when a record is saved, stripped from what is served.

Tab, line feed and carriage return (a browser sends a text area's lines with CR LF) are
text; every other C0 control character, DEL and the C1 controls are not. XML 1.0 cannot
carry them (every feed fails to render), PostgreSQL refuses NUL outright, and in HTML,
iCalendar or CSV they are at best invisible and at worst cut a value short.

- `refuse_control_characters` is the validator; `PlainTextFields` runs it on every text
  field of a record (translated columns included) from `clean_fields()`, so the admin's
  forms, the services (which call `full_clean()`) and imports built on them all refuse
  such text with a message beside the field.
- Text that reached the database another way (`QuerySet.update()`, the shell, a raw
  import) is stripped on the way out: `StripControlCharactersMiddleware` for every text
  response (HTML, XML sitemaps, iCalendar, CSV, JSON, plain text), `PlainTextFeed` for
  RSS and Atom (Django's feed writer raises on them before any middleware runs), and
  `without_control_characters` wherever text is written elsewhere (the CSV files in the zip).
"""

import re

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
TEXT_RESPONSES = (
    "text/",
    "application/xml",
    "application/json",
    "application/ld+json",
    "application/rss+xml",
    "application/atom+xml",
)


def without_control_characters(value: str) -> str:
    """`value` with every control character but tab, line feed and carriage return removed."""
    return CONTROL_CHARACTERS.sub("", value)


def refuse_control_characters(value) -> None:
    """Refuse text holding control characters, naming the first one found."""
    if not isinstance(value, str):
        return
    found = CONTROL_CHARACTERS.search(value)
    if found:
        raise ValidationError(
            _(
                "This text contains an invisible control character (%(code)s) at position "
                "%(position)s, often left by copying from another program. Delete it or "
                "retype the text around it."
            ),
            code="control_character",
            params={"code": f"U+{ord(found.group()):04X}", "position": found.start() + 1},
        )


def text_fields(model):
    """Every stored text field of `model`: CharField and TextField (slugs, addresses and
    each language's column of a translated field included)."""
    return [
        field
        for field in model._meta.concrete_fields
        if isinstance(field, (models.CharField, models.TextField))
    ]


class PlainTextFields:
    """Model mixin: `clean_fields()` also refuses control characters in every text field."""

    def clean_fields(self, exclude=None):
        errors = {}
        try:
            super().clean_fields(exclude=exclude)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        for field in text_fields(type(self)):
            if (exclude and field.name in exclude) or field.name in errors:
                continue
            try:
                refuse_control_characters(getattr(self, field.attname))
            except ValidationError as error:
                errors[field.name] = error.error_list
        if errors:
            raise ValidationError(errors)


def _plain(value):
    if isinstance(value, str):
        return without_control_characters(value)
    if isinstance(value, (list, tuple)):
        return type(value)(_plain(item) for item in value)
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    return value


class PlainTextFeed:
    """Mixin for a `django.contrib.syndication.views.Feed`: the feed and every item are
    written without control characters, so a stored one never makes the feed fail."""

    def get_feed(self, obj, request):
        feed = super().get_feed(obj, request)
        feed.feed = _plain(feed.feed)
        feed.items = [_plain(item) for item in feed.items]
        return feed


class StripControlCharactersMiddleware:
    """Removes control characters from every text response the site sends."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        content_type = response.get("Content-Type", "")
        if response.streaming or not content_type.startswith(TEXT_RESPONSES):
            return response
        charset = response.charset or "utf-8"
        try:
            text = response.content.decode(charset)
        except UnicodeDecodeError:
            return response
        if CONTROL_CHARACTERS.search(text):
            response.content = without_control_characters(text).encode(charset)
            if response.has_header("Content-Length"):
                response["Content-Length"] = str(len(response.content))
        return response
