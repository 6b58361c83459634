from django.contrib import admin

from dialogue.records.editorial import RecordAdmin, StableSlugMixin
from dialogue.records.i18n import TranslatedAdmin

from .models import FOOTER_PAGES, SitePage


@admin.register(SitePage)
class SitePageAdmin(StableSlugMixin, TranslatedAdmin, RecordAdmin):
    """About, accessibility, privacy: the footer's pages can be edited, not removed."""

    list_display = ["title", "slug", "updated_at"]
    search_fields = ["title", "body", "slug"]
    fieldsets = [(None, {"fields": ["title", "slug", "body"]})]
    slug_from = ("title",)

    def has_delete_permission(self, request, obj=None):
        if obj is not None and obj.slug in FOOTER_PAGES:
            return False  # every page's footer links to it
        return super().has_delete_permission(request, obj)
