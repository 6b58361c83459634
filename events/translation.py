"""The text of events the public reads, in every language (django-modeltranslation)."""

from modeltranslation.translator import TranslationOptions, register

from .models import Event, EventPhoto


@register(Event)
class EventTranslation(TranslationOptions):
    fields = ("title", "theme", "summary", "city", "venue")


@register(EventPhoto)
class EventPhotoTranslation(TranslationOptions):
    fields = ("alt_text", "caption", "credit")
