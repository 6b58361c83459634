"""The text of the base layer the public reads, in every language (django-modeltranslation).

Each field listed gets a column per language (`name_en`, `name_ru`...); the field itself
reads the visitor's language, falling back to the default language's text.
"""

from modeltranslation.translator import TranslationOptions, register

from .models import Chairmanship, Initiative, MemberState, Priority, Topic


@register(MemberState)
class MemberStateTranslation(TranslationOptions):
    fields = ("name", "official_name")


@register(Topic)
class TopicTranslation(TranslationOptions):
    fields = ("name", "description")


@register(Chairmanship)
class ChairmanshipTranslation(TranslationOptions):
    fields = ("outcomes",)


@register(Priority)
class PriorityTranslation(TranslationOptions):
    fields = ("title", "description")


@register(Initiative)
class InitiativeTranslation(TranslationOptions):
    fields = ("name", "description")
