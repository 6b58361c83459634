"""Event documents served by the site itself, so that a draft's files stay private.

Nothing serves the uploaded files' folder (`MEDIA_ROOT`, or a bucket) to the public:
every document is fetched through `event_document`, which streams it from the default
storage (local disk or object storage alike) once it knows who may have it. The public
gets the documents of public events; staff who may view events get every document. Anyone
else gets the same 404 as for an address that never existed.
"""

from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, HttpResponseNotModified
from django.shortcuts import get_object_or_404
from django.utils.cache import add_never_cache_headers, patch_cache_control
from django.utils.http import quote_etag
from django.views.decorators.http import require_safe

from .models import EventDocument, EventPhoto


def may_see_drafts(user) -> bool:
    """Staff allowed to view events see the documents of drafts and embargoed events too."""
    return user.is_active and user.is_staff and user.has_perm("events.view_event")


@require_safe
def event_document(request, pk, filename):
    """/documents/<pk>/<file name>: the file of one event document."""
    document = get_object_or_404(EventDocument.objects.select_related("event"), pk=pk)
    if filename != document.filename:
        raise Http404
    public = document.event.is_public()
    if not public and not may_see_drafts(request.user):
        raise Http404
    try:
        stream = default_storage.open(document.file.name, "rb")
    except FileNotFoundError as missing:
        raise Http404 from missing
    response = FileResponse(stream, content_type=document.content_type or None, filename=filename)
    if public:
        # Checked again on every request, so that a document withdrawn with its event is
        # not served on from a cache.
        patch_cache_control(response, public=True, no_cache=True)
    else:
        add_never_cache_headers(response)
        patch_cache_control(response, private=True)
    return response


@require_safe
def event_photo(request, pk, filename):
    """/photos/<pk>/<file name>: a photo of an event, or one of its renditions.

    The same gate as the documents: the public gets the photos of public events, staff
    who may view events every photo, anyone else a 404. A file's name never changes its
    content (each is made under a new name), so the name is its ETag: a browser asking
    again with it gets 304, after the gate has said yes.
    """
    photo = get_object_or_404(EventPhoto.objects.select_related("event"), pk=pk)
    stored_name = photo.stored_name(filename)
    if stored_name is None:
        raise Http404
    public = photo.event.is_public()
    if not public and not may_see_drafts(request.user):
        raise Http404
    etag = quote_etag(filename)
    if public and etag in request.headers.get("If-None-Match", ""):
        response = HttpResponseNotModified()
    else:
        try:
            stream = default_storage.open(stored_name, "rb")
        except FileNotFoundError as missing:
            raise Http404 from missing
        response = FileResponse(stream, content_type=photo.content_type_of(filename))
    if public:
        response["ETag"] = etag
        patch_cache_control(response, public=True, no_cache=True)
    else:
        add_never_cache_headers(response)
        patch_cache_control(response, private=True)
    return response
