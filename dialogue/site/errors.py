"""The site's error pages."""

import sys

from django.db import InterfaceError, OperationalError
from django.template.response import TemplateResponse
from django.views.decorators.csrf import requires_csrf_token


@requires_csrf_token
def server_error(request):
    """A 503 "back in a moment" page while the database is unreachable, else the 500 page.

    Connection health checks (CONN_HEALTH_CHECKS) drop a broken connection before
    the next request, so pages serve normally again as soon as the database is back.
    """
    error = sys.exc_info()[1]
    if isinstance(error, OperationalError | InterfaceError):
        response = TemplateResponse(request, "503.html", status=503)
        response["Retry-After"] = "10"
    else:
        response = TemplateResponse(request, "500.html", status=500)
    response["Cache-Control"] = "no-store"
    return response.render()
