"""The site's URLs: the public pages of each app, and the admin for staff.

Every public page carries its language first (/en/events/, /ru/events/; `i18n_patterns`,
the default language prefixed too, so each address names one language); an address
without one, `/` included, redirects to the visitor's language (LocaleMiddleware). The
admin, the JSON API, sitemap.xml, robots.txt, the static files and the event documents
have no prefix.

Pages that gather records from several layers have their views in `dialogue.site.views`; the
timeline and the chairmanship, state and topic pages among them join the "chairmanships"
namespace here, beside that app's own pages, so `chairmanships:state_detail` and the rest
keep their names without the base layer importing the layers above it.
"""

from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from chairmanships import urls as chairmanship_urls
from events.files import event_document, event_photo
from statements.urls import organisation_urlpatterns

from .opendata import urls as opendata_urls
from .search.views import SearchView
from .site import cards, views, years
from .site.favicon import favicon
from .site.health import healthz
from .staff import translation_status

admin.site.site_header = _("Dialogue records")
admin.site.site_title = _("Dialogue records admin")
admin.site.index_title = _("Records")

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

year_pages = [
    path("", years.YearListView.as_view(), name="year_list"),
    path("<int:year>/", years.YearDetailView.as_view(), name="year_detail"),
]

admin_url = getattr(settings, "ADMIN_URL", "admin/")
urlpatterns = [
    # For load balancers: no language prefix, no database (see dialogue/site/health.py).
    path("healthz", healthz, name="healthz"),
    path("favicon.ico", favicon, name="favicon"),
    path(
        f"{admin_url}translation-status/",
        admin.site.admin_view(translation_status.TranslationStatusView.as_view()),
        name="translation_status",
    ),
    path(admin_url, admin.site.urls),
    # Event documents, through a view that keeps a draft's files to staff (events/files.py);
    # nothing serves MEDIA_ROOT itself.
    path("documents/<int:pk>/<str:filename>", event_document, name="event_document"),
    path("photos/<int:pk>/<str:filename>", event_photo, name="event_photo"),
    *opendata_urls.machine_urlpatterns,
    *i18n_patterns(
        path("", views.HomeView.as_view(), name="home"),
        path("search/", SearchView.as_view(), name="search"),
        path("", include((chairmanship_pages, chairmanship_urls.app_name))),
        path("events/", include("events.urls")),
        path("years/", include((year_pages, "years"))),
        path("organisations/", include((organisation_urlpatterns, "organisations"))),
        path("", include("statements.urls")),
        path("", include("dialogue.opendata.urls")),
        path("alerts/", include("dialogue.alerts.urls")),
        path("cards/<slug:kind>/<str:key>/<str:digest>.png", cards.card_image, name="card"),
        # Last: /en/<slug>/ for the site's own pages (about, accessibility, privacy).
        path("", include("dialogue.pages.urls")),
    ),
]
handler500 = "dialogue.site.errors.server_error"
