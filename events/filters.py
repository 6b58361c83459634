"""The public event list's filters: year, host state, topic, kind and status."""

import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from chairmanships.models import MemberState, Topic
from dialogue.records.widgets import QuickSelect

from .models import Event, Organisation


class EventFilter(django_filters.FilterSet):
    """Filters as plain GET parameters; a value that is not on offer is a form error, not a 500."""

    year = django_filters.ChoiceFilter(
        label=_("Year"),
        widget=QuickSelect,
        field_name="starts_on",
        lookup_expr="year",
        empty_label=_("Any year"),
        choices=(),
    )
    host_state = django_filters.ModelChoiceFilter(
        label=_("Host state"),
        widget=QuickSelect,
        queryset=MemberState.objects.all(),
        to_field_name="slug",
        empty_label=_("Any state"),
    )
    topic = django_filters.ModelChoiceFilter(
        label=_("Topic"),
        widget=QuickSelect,
        field_name="topics",
        queryset=Topic.objects.all(),
        to_field_name="slug",
        empty_label=_("Any topic"),
    )
    kind = django_filters.ChoiceFilter(
        label=_("Kind"),
        choices=Event.Kind.choices,
        empty_label=_("Any kind"),
        widget=QuickSelect,
    )
    status = django_filters.ChoiceFilter(
        label=_("Status"),
        choices=Event.Status.choices,
        empty_label=_("Any status"),
        widget=QuickSelect,
    )
    # Where an organisation's page and a person's page lead (`?organisation=undp`,
    # `?person=<slug>`): not in the form, reached by their links.
    organisation = django_filters.ModelChoiceFilter(
        label=_("Partner organisation"),
        queryset=Organisation.objects.published(),
        to_field_name="slug",
        method="filter_organisation",
        widget=forms.HiddenInput,
    )
    person = django_filters.CharFilter(
        label=_("Person"), method="filter_person", widget=forms.HiddenInput
    )

    class Meta:
        model = Event
        fields = ["year", "host_state", "topic", "kind", "status", "organisation", "person"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Only years that have public events are offered (one query, newest first).
        years = self.queryset.order_by().dates("starts_on", "year", order="DESC")
        self.filters["year"].extra["choices"] = [(str(d.year), str(d.year)) for d in years]

    def filter_organisation(self, queryset, name, value):
        """Events it was a partner of, and those where someone represented it."""
        # `participations` is the statements layer's relation, named here by its lookup only.
        return queryset.filter(
            Q(partner_organisations=value) | Q(participations__organisation=value)
        ).distinct()

    def filter_person(self, queryset, name, value):
        """Events the person took part in (in a public event, so nothing hidden shows)."""
        return queryset.filter(participations__person__slug=value).distinct()

    @property
    def is_filtered(self):
        return self.is_bound and any(self.data.get(name) for name in self.filters)
