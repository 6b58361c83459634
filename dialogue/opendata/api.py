"""The read-only JSON API at /api/v1/: every public record, for scripts and other sites.

Each app keeps its own router (`chairmanships.api`, `events.api`, `statements.api`); this
module puts them together with what holds for the whole API:

- Only published records, through the same `published()` QuerySet methods as the pages.
- Errors are JSON: 404 for a slug that names nothing, 422 for a parameter that is refused.
- Any web page may read it: `Access-Control-Allow-Origin: *` on every answer.
- Each answer carries an ETag (a hash of its body); a GET with a matching `If-None-Match`
  gets 304 Not Modified and no body. The records keep no modification time, so there is
  no Last-Modified. `Cache-Control: no-cache`: clients may keep an answer but ask again
  each time, so an edit is seen at once; with the page cache the revalidation is cheap.
- The OpenAPI 3 document is at /api/v1/openapi.json and the interactive documentation at
  /api/v1/docs, served from this site's own static files.
"""

import hashlib
from functools import wraps
from typing import Any

from django.conf import settings
from django.http import JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import quote_etag
from ninja import NinjaAPI
from ninja.openapi.docs import DocsBase
from ninja.renderers import JSONRenderer

from chairmanships.api import router as chairmanships_router
from events.api import router as events_router
from statements.api import router as statements_router

from .downloads import data_licence
from .popolo import popolo_export


def open_for_machines(request, response):
    """Add an ETag (answering 304 to a matching If-None-Match) and the open CORS header."""
    if request.method in ("GET", "HEAD") and response.status_code == 200:
        if not response.streaming and not response.has_header("ETag"):
            response["ETag"] = quote_etag(hashlib.sha256(response.content).hexdigest()[:40])
        patch_cache_control(response, no_cache=True)
        response = get_conditional_response(request, etag=response.get("ETag"), response=response)
    response["Access-Control-Allow-Origin"] = "*"
    response["Access-Control-Expose-Headers"] = "ETag"
    return response


def for_machines(view):
    """`open_for_machines` as a view decorator, for the data views outside the API."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        return open_for_machines(request, view(request, *args, **kwargs))

    return wrapped


class UnicodeJSONRenderer(JSONRenderer):
    """JSON with Cyrillic and other letters as themselves, not as \\u escapes."""

    json_dumps_params = {"ensure_ascii": False}


class DialogueAPI(NinjaAPI):
    def create_response(self, request, data, *, status=None, temporal_response=None):
        response = super().create_response(
            request, data, status=status, temporal_response=temporal_response
        )
        return open_for_machines(request, response)


class LocalSwagger(DocsBase):
    """Swagger UI from this site's own static files (static/api-docs/), never from a CDN."""

    template = "opendata/api_docs.html"

    def render_page(self, request, api, **kwargs):
        swagger_settings = {
            "url": self.get_openapi_url(api, kwargs),
            "layout": "BaseLayout",
            # Deep links put a link inside each operation's button (axe: nested-interactive).
            "deepLinking": False,
            # Swagger UI would otherwise send the document to an outside validator.
            "validatorUrl": None,
        }
        return render(request, self.template, {"api": api, "swagger_settings": swagger_settings})


def description():
    licence_name, licence_url = data_licence()
    return (
        f"The public record of the {settings.DIALOGUE_NAME}, read-only. Only published "
        "records appear.\n\n"
        "Lists are paginated: `page` (from 1) and `page_size` (1 to 100, default 20); the "
        "answer gives `count` and the addresses of the `next` and `previous` pages. The order "
        "is stable (the public pages' order, then the record's number).\n\n"
        "Records are named by their slug, as in the site's page addresses; quotes by number. "
        "A slug that names nothing is a 404; a parameter that is not accepted is a 422, with "
        "the reasons in `detail`.\n\n"
        "Every answer carries an `ETag`: send it back as `If-None-Match` to get `304 Not "
        "Modified` when nothing changed. Any web page may call the API "
        "(`Access-Control-Allow-Origin: *`).\n\n"
        f"Data licence: [{licence_name}]({licence_url}). Feeds, calendars, CSV files and the "
        "Popolo export are described on the site's [Open data page](/open-data/)."
    )


api = DialogueAPI(
    title=f"{settings.DIALOGUE_NAME}: records API",
    version="1",
    description=description(),
    urls_namespace="api-v1",
    docs=LocalSwagger(),
    docs_decorator=for_machines,
    renderer=UnicodeJSONRenderer(),
)
api.add_router("", chairmanships_router)
api.add_router("", events_router)
api.add_router("", statements_router)


@api.get(
    "/popolo",
    response={200: dict[str, Any], 304: None},
    summary="The whole public record as one Popolo JSON document",
    tags=["Open data"],
    url_name="popolo",
)
def popolo(request):
    """The same document as /open-data/popolo.json: organizations (the dialogue and its member
    states), memberships (membership and chairmanships), persons (speakers), events and
    speeches (quotes), with joint statements and topics as `+` extensions."""
    return popolo_export(request)


INDEX = {
    "member_states": "member_state_list",
    "chairmanships": "chairmanship_list",
    "handovers": "handover_list",
    "topics": "topic_list",
    "events": "event_list",
    "statements": "statement_list",
    "speakers": "speaker_list",
    "quotes": "quote_list",
    "popolo": "popolo",
    "openapi": "openapi-json",
    "documentation": "openapi-view",
}


@api.get("", include_in_schema=False, url_name="index")
def index(request):
    """/api/v1/ itself: the address of every list, of the OpenAPI document and of the docs."""
    namespace = api.urls_namespace
    return {
        key: request.build_absolute_uri(reverse(f"{namespace}:{name}"))
        for key, name in INDEX.items()
    }


def not_found(request, rest=""):
    """A JSON 404 for any address under /api/v1/ that names no endpoint."""
    response = JsonResponse(
        {"detail": "Not Found"}, status=404, content_type="application/json; charset=utf-8"
    )
    return open_for_machines(request, response)
