from django.views.generic import DetailView, ListView

from .models import Chairmanship, MemberState, Topic


class TimelineView(ListView):
    queryset = Chairmanship.objects.with_handovers()
    template_name = "chairmanships/timeline.html"


class ChairmanshipDetailView(DetailView):
    queryset = Chairmanship.objects.with_handovers().prefetch_related("priorities", "initiatives")


class MemberStateListView(ListView):
    model = MemberState


class MemberStateDetailView(DetailView):
    model = MemberState


class TopicListView(ListView):
    model = Topic


class TopicDetailView(DetailView):
    model = Topic
