"""The site pages' addresses: /<language>/<slug>/. Included last in the root URLconf, so every
other page keeps its address; a page's slug cannot take one (SitePage.clean)."""

from django.urls import path

from .views import SitePageView

app_name = "pages"
urlpatterns = [path("<slug:slug>/", SitePageView.as_view(), name="page")]
