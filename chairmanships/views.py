"""Public pages of the base layer alone: the member states and topics lists.

The pages that gather events and statements too (the timeline, a chairmanship, a state,
a topic) live in `dialogue.site.views`: this layer never imports the layers above it.
"""

from django.utils.translation import gettext_lazy
from django.views.generic import ListView

from dialogue.records.views import PublicPageMixin, dialogue_json_ld

from .models import Chairmanship, MemberState, Topic


def state_json_ld(state, request):
    """A member state as a schema.org Organization."""
    data = {
        "@context": "https://schema.org",
        "@type": "Organization",
        "name": state.official_name or state.name,
        "alternateName": state.name,
        "url": request.build_absolute_uri(state.get_absolute_url()),
        "address": {"@type": "PostalAddress", "addressCountry": state.iso_code},
        "memberOf": dialogue_json_ld(request),
    }
    if state.official_name == state.name or not state.official_name:
        del data["alternateName"]
    return data


class MemberStateListView(PublicPageMixin, ListView):
    queryset = MemberState.objects.prefetch_related("chairmanships")
    page_title = gettext_lazy("Member states")
    page_description = gettext_lazy(
        "The states taking part in the dialogue, with the chairmanships each has held."
    )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["current_chair"] = Chairmanship.objects.current().first()
        return context


class TopicListView(PublicPageMixin, ListView):
    queryset = Topic.objects.all()
    page_title = gettext_lazy("Topics")
    page_description = gettext_lazy(
        "The subjects the dialogue works on: each gathers its events, statements and priorities."
    )
