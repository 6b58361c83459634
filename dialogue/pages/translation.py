"""The site pages' text in every language (django-modeltranslation)."""

from modeltranslation.translator import TranslationOptions, register

from .models import SitePage


@register(SitePage)
class SitePageTranslation(TranslationOptions):
    fields = ("title", "body")
