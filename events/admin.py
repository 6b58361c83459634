"""The staff's admin for events and partner organisations.

The statements app adds its inlines (joint statements, quotes) to the event page
from statements/admin.py, so this layer never imports the one above it.
"""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from chairmanships.admin import StableSlugMixin
from chairmanships.models import Chairmanship, Handover

from .models import Event, Organisation


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "acronym", "url"]
    search_fields = ["name", "acronym"]
    fieldsets = [(None, {"fields": ["name", "acronym", "url"]})]


@admin.register(Event)
class EventAdmin(StableSlugMixin, admin.ModelAdmin):
    slug_from = ("title",)
    list_display = ["title", "dates", "kind", "status", "city", "host_state", "chairmanship"]
    list_filter = ["kind", "status", "host_state", "date_precision"]
    list_select_related = ["host_state", "chairmanship__state"]
    search_fields = ["title", "theme", "city", "venue", "summary"]
    date_hierarchy = "starts_on"
    autocomplete_fields = [
        "host_state",
        "chairmanship",
        "announced_handover",
        "topics",
        "participating_states",
        "partner_organisations",
    ]
    fieldsets = [
        (None, {"fields": ["title", "slug", ("kind", "status"), "theme"]}),
        (
            _("When and where"),
            {
                "fields": [
                    ("starts_on", "ends_on"),
                    "date_precision",
                    ("city", "venue"),
                    "host_state",
                ]
            },
        ),
        (_("The dialogue"), {"fields": ["chairmanship", "announced_handover"]}),
        (_("Who took part"), {"fields": ["participating_states", "partner_organisations"]}),
        (_("What it was about"), {"fields": ["summary", "topics"]}),
        (_("Source"), {"fields": ["source_url", "source_title"]}),
    ]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        # The chosen chairmanship and handover are shown by name, which includes their states.
        if db_field.name == "chairmanship":
            kwargs["queryset"] = Chairmanship.objects.select_related("state")
        elif db_field.name == "announced_handover":
            kwargs["queryset"] = Handover.objects.with_states()
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    @admin.display(description=_("dates"), ordering="starts_on")
    def dates(self, event):
        return event.dates
