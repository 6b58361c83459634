"""The text of statements, speakers and quotes in every language (django-modeltranslation).

A quote's `text` is not translated: it is the original wording, in the quote's own
`language`. Its `translation` is, so a page shows the original and a translation
into the page's language beside it; so is the speaker's position at the time, copied
language by language from the speaker's when staff leave it empty.
"""

from modeltranslation.translator import TranslationOptions, register

from .models import JointStatement, Participation, Quote, Speaker


@register(JointStatement)
class JointStatementTranslation(TranslationOptions):
    fields = ("title", "text", "summary")


@register(Speaker)
class SpeakerTranslation(TranslationOptions):
    fields = ("position", "organisation")


@register(Quote)
class QuoteTranslation(TranslationOptions):
    fields = ("translation", "position_at_time")
    # A quote said in English needs no translation, so no language is required.
    required_languages = ()


@register(Participation)
class ParticipationTranslation(TranslationOptions):
    fields = ("position_at_time",)
    required_languages = ()
