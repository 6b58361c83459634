from django.urls import path

from . import views

app_name = "statements"
urlpatterns = [
    path("statements/", views.StatementListView.as_view(), name="statement_list"),
    path("statements/<slug:slug>/", views.StatementDetailView.as_view(), name="statement_detail"),
    path(
        "statements/<slug:slug>/cite.<str:format>",
        views.StatementCitationView.as_view(),
        name="statement_cite",
    ),
    path(
        "statements/<slug:slug>/statement.pdf",
        views.StatementPdfView.as_view(),
        name="statement_pdf",
    ),
    path("speakers/", views.SpeakerListView.as_view(), name="speaker_list"),
    path("speakers/<slug:slug>/", views.SpeakerDetailView.as_view(), name="speaker_detail"),
    path("quotes/", views.QuoteListView.as_view(), name="quote_list"),
    path("quotes/<int:pk>/", views.QuoteDetailView.as_view(), name="quote_detail"),
    path("quotes/<int:pk>/cite.<str:format>", views.QuoteCitationView.as_view(), name="quote_cite"),
]

# Partner organisations' pages, in their own namespace ("organisations"; dialogue/urls.py):
# the organisation is the events layer's record, its page gathers this layer's participants.
organisation_urlpatterns = [
    path("", views.OrganisationListView.as_view(), name="organisation_list"),
    path("<slug:slug>/", views.OrganisationDetailView.as_view(), name="organisation_detail"),
]
