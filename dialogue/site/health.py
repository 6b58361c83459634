"""A health check for load balancers, and the baseline of the benchmark (`bench/run`).

It answers "ok" as plain text and touches no database, cache or template: it says the
application server is up and answering, nothing more, so a database outage does not make a
load balancer take every app server out of service at once.
"""

from django.http import HttpResponse
from django.views.decorators.cache import never_cache


@never_cache
def healthz(request):
    return HttpResponse("ok", content_type="text/plain; charset=utf-8")
