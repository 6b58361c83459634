"""Which records lack a version in a language, for staff (list filter, status page).

A record lacks language L when a translated field has text in the default language
but none in L. A quote's words are the original and never translated; it lacks L when
it was not said in L and has no translation into L (`Quote.missing_translation`).
"""

from django.conf import settings
from django.contrib import admin
from django.db.models import Q
from django.utils.translation import get_language_info, gettext
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin, TranslationStackedInline
from modeltranslation.translator import NotRegistered, translator
from modeltranslation.utils import build_localized_fieldname


def dialogue_name():
    """The dialogue's name in the active language (the default name is in the catalogue;
    one set with DIALOGUE_NAME shows as given unless the catalogue has it)."""
    return gettext(settings.DIALOGUE_NAME)


def default_language():
    return settings.MODELTRANSLATION_DEFAULT_LANGUAGE


def other_languages():
    """The languages records are translated into but the default one, as (code, name in
    the interface language)."""
    return [
        (code, get_language_info(code)["name_translated"])
        for code in settings.MODELTRANSLATION_LANGUAGES
        if code != default_language()
    ]


def is_translated(model, name):
    """Whether `model`'s field `name` has a column per language (django-modeltranslation)."""
    try:
        return name in translator.get_options_for_model(model).all_fields
    except NotRegistered:
        return False


def default_language_field(model, name):
    """The column staff fill in for `name`: `name_en` if the field is translated."""
    return (
        build_localized_fieldname(name, default_language()) if is_translated(model, name) else name
    )


def empty(field_name):
    return Q(**{f"{field_name}__isnull": True}) | Q(**{field_name: ""})


def missing_translation(model, language):
    """The condition for records of `model` that lack a version in `language`."""
    custom = getattr(model, "missing_translation", None)
    if custom is not None:
        return custom(language)
    condition = Q(pk__in=[])
    for field in translator.get_options_for_model(model).fields:
        source = build_localized_fieldname(field, default_language())
        condition |= ~empty(source) & empty(build_localized_fieldname(field, language))
    return condition


def translated_models():
    """Every model with translated fields, in a stable order (app, then name)."""
    return sorted(
        translator.get_registered_models(abstract=False),
        key=lambda model: (model._meta.app_label, model._meta.verbose_name_plural.lower()),
    )


class MissingTranslationFilter(admin.SimpleListFilter):
    """ "Missing Russian" (and any other language but the default) on a changelist."""

    title = _("translation")
    parameter_name = "missing"

    def lookups(self, request, model_admin):
        return [
            (code, _("Missing %(language)s") % {"language": name})
            for code, name in other_languages()
        ]

    def queryset(self, request, queryset):
        codes = dict(other_languages())
        if self.value() not in codes:
            return queryset
        return queryset.filter(missing_translation(queryset.model, self.value()))


class TranslatedAdmin(TranslationAdmin):
    """A translated record's admin: a field per language, side by side (no scripts, so
    the admin's strict Content Security Policy holds), and the "missing" filter."""

    def get_list_filter(self, request):
        return [*super().get_list_filter(request), MissingTranslationFilter]

    def get_form(self, request, obj=None, change=False, **kwargs):
        # TranslationAdmin.get_form has no `change` argument, which Django passes; do what
        # it does (add the translation fields), keeping `change` for the admins after it.
        kwargs = self._get_form_or_formset(request, obj, **kwargs)
        return super(TranslationAdmin, self).get_form(request, obj, change, **kwargs)


class TranslatedStackedInline(TranslationStackedInline):
    """An inline of translated records (a chairmanship's priorities, an event's quotes)."""
