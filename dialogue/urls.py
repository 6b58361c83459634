"""The site's URLs: the public pages of each app, and the admin for staff."""

from django.contrib import admin
from django.urls import include, path

admin.site.site_header = "Dialogue records"
admin.site.site_title = "Dialogue records admin"
admin.site.index_title = "Records"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("", include("chairmanships.urls")),
    path("events/", include("events.urls")),
    path("", include("statements.urls")),
]
