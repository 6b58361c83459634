"""The site's URLs: the public pages of each app, and the admin for staff.

Pages that gather records from several layers have their views in `dialogue.views`; the
timeline and the chairmanship, state and topic pages among them join the "chairmanships"
namespace here, beside that app's own pages, so `chairmanships:state_detail` and the rest
keep their names without the base layer importing the layers above it.
"""

from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import include, path

from chairmanships import urls as chairmanship_urls

from . import views
from .health import healthz

admin.site.site_header = "Dialogue records"
admin.site.site_title = "Dialogue records admin"
admin.site.index_title = "Records"

chairmanship_pages = [
    path("chairmanships/", views.TimelineView.as_view(), name="timeline"),
    path(
        "chairmanships/<slug:slug>/",
        views.ChairmanshipDetailView.as_view(),
        name="chairmanship_detail",
    ),
    *chairmanship_urls.urlpatterns,
    path("states/<slug:slug>/", views.MemberStateDetailView.as_view(), name="state_detail"),
    path("topics/<slug:slug>/", views.TopicDetailView.as_view(), name="topic_detail"),
]

urlpatterns = [
    # For load balancers: no language prefix, no database (see dialogue/health.py).
    path("healthz", healthz, name="healthz"),
    path(getattr(settings, "ADMIN_URL", "admin/"), admin.site.urls),
    path("", views.HomeView.as_view(), name="home"),
    path("search/", views.SearchView.as_view(), name="search"),
    path("", include((chairmanship_pages, chairmanship_urls.app_name))),
    path("events/", include("events.urls")),
    path("", include("statements.urls")),
    path("", include("dialogue.opendata_urls")),
]
if settings.DEBUG:  # uploaded event documents; in production the web server serves MEDIA_ROOT
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
handler500 = "dialogue.errors.server_error"
