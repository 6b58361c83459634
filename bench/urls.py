"""The site's URLs, with /healthz in front in case the project does not route it yet."""

from django.urls import path

import dialogue.urls as site
from dialogue.health import healthz

urlpatterns = [path("healthz", healthz, name="bench_healthz"), *site.urlpatterns]
handler500 = getattr(site, "handler500", "django.views.defaults.server_error")
