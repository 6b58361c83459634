"""The admin's "Translation status" page: per kind of record, how many lack each language.

Each count links to the record list filtered by "Missing <language>"
(dialogue.records.i18n.MissingTranslationFilter), so a staff member gets from the admin
index to the records still to translate in two clicks. Anyone on the staff who may view
a kind of record (every role, see dialogue/staff/roles.py) sees its line.
"""

from django.contrib import admin
from django.contrib.auth import get_permission_codename
from django.core.exceptions import PermissionDenied
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView

from dialogue.records.i18n import (
    MissingTranslationFilter,
    missing_translation,
    other_languages,
    translated_models,
)


def changelist_url(model):
    """The admin list of `model`, or None where it is edited on another record's page."""
    try:
        return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
    except NoReverseMatch:
        return None


class TranslationStatusView(TemplateView):
    template_name = "admin/translation_status.html"

    def visible_models(self):
        user = self.request.user
        return [
            model
            for model in translated_models()
            if user.has_perm(
                f"{model._meta.app_label}.{get_permission_codename('view', model._meta)}"
            )
        ]

    def get_context_data(self, **kwargs):
        models = self.visible_models()
        if not models:
            raise PermissionDenied
        languages = other_languages()
        rows = []
        for model in models:
            url = changelist_url(model)
            counts = []
            for code, _name in languages:
                count = model._default_manager.filter(missing_translation(model, code)).count()
                link = f"{url}?{MissingTranslationFilter.parameter_name}={code}" if url else None
                counts.append({"language": code, "count": count, "url": link})
            rows.append(
                {
                    "name": model._meta.verbose_name_plural,
                    "total": model._default_manager.count(),
                    "counts": counts,
                }
            )
        return {
            **super().get_context_data(**kwargs),
            **admin.site.each_context(self.request),
            "title": _("Translation status"),
            "languages": languages,
            "rows": rows,
        }
