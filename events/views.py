from django.views.generic import DetailView, ListView

from .models import Event


class EventListView(ListView):
    queryset = Event.objects.published().for_listing()
    paginate_by = 20


class EventDetailView(DetailView):
    queryset = Event.objects.published().for_detail()
