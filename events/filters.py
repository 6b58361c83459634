"""The public event list's filters: year, host state, topic, kind and status."""

import django_filters
from django.utils.translation import gettext_lazy as _

from chairmanships.models import MemberState, Topic

from .models import Event


class EventFilter(django_filters.FilterSet):
    """Filters as plain GET parameters; a value that is not on offer is a form error, not a 500."""

    year = django_filters.ChoiceFilter(
        label=_("Year"),
        field_name="starts_on",
        lookup_expr="year",
        empty_label=_("Any year"),
        choices=(),
    )
    host_state = django_filters.ModelChoiceFilter(
        label=_("Host state"),
        queryset=MemberState.objects.all(),
        to_field_name="slug",
        empty_label=_("Any state"),
    )
    topic = django_filters.ModelChoiceFilter(
        label=_("Topic"),
        field_name="topics",
        queryset=Topic.objects.all(),
        to_field_name="slug",
        empty_label=_("Any topic"),
    )
    kind = django_filters.ChoiceFilter(
        label=_("Kind"), choices=Event.Kind.choices, empty_label=_("Any kind")
    )
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=Event.Status.choices, empty_label=_("Any status")
    )

    class Meta:
        model = Event
        fields = ["year", "host_state", "topic", "kind", "status"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Only years that have public events are offered (one query, newest first).
        years = self.queryset.order_by().dates("starts_on", "year", order="DESC")
        self.filters["year"].extra["choices"] = [(str(d.year), str(d.year)) for d in years]

    @property
    def is_filtered(self):
        return self.is_bound and any(self.data.get(name) for name in self.filters)
