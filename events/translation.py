"""The text of events the public reads, in every language (django-modeltranslation)."""

from modeltranslation.translator import TranslationOptions, register

from .models import Event


@register(Event)
class EventTranslation(TranslationOptions):
    fields = ("title", "theme", "summary", "city", "venue")
