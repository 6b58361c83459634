from django.views.generic import DetailView, ListView

from .models import JointStatement, Quote, Speaker


class StatementListView(ListView):
    queryset = JointStatement.objects.published().for_listing()
    paginate_by = 20


class StatementDetailView(DetailView):
    queryset = JointStatement.objects.published().for_detail()


class SpeakerListView(ListView):
    queryset = Speaker.objects.published()


class SpeakerDetailView(DetailView):
    queryset = Speaker.objects.published()


class QuoteDetailView(DetailView):
    queryset = Quote.objects.published().for_listing()
