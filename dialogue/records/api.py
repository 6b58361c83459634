"""What every app's API router shares: the page-number pagination, the error bodies and
the documented responses, the slug rule for path and filter parameters, and the `url`
field that points at a record's public page.
"""

from typing import Annotated, Any
from urllib.parse import urlencode

from ninja import Field, Path, Schema
from ninja.pagination import PaginationBase, paginate

from .links import web_address

# A slug as the site makes them; anything else is refused with 422 before the database sees it.
SLUG_PATTERN = r"^[-a-zA-Z0-9_]+$"
Slug = Annotated[str, Path(pattern=SLUG_PATTERN, max_length=200, description="Web address name")]
MAX_PAGE = 10_000
DEFAULT_PAGE_SIZE = 20
MAX_PAGE_SIZE = 100


def slug_filter(description):
    """An optional query parameter naming a record by its slug."""
    return Field(None, pattern=SLUG_PATTERN, max_length=200, description=description)


def year_filter(description):
    return Field(None, ge=1, le=9999, description=description)


class ErrorOut(Schema):
    """What went wrong, e.g. `Not Found`."""

    detail: str


class ValidationErrorOut(Schema):
    """Which parameters were refused and why (pydantic's error list)."""

    detail: list[dict[str, Any]]


# Every GET may answer 304 to a matching If-None-Match (see dialogue.opendata.api).
LIST_RESPONSES = {304: None, 422: ValidationErrorOut}
DETAIL_RESPONSES = {304: None, 404: ErrorOut, 422: ValidationErrorOut}


def source_address(record):
    """The record's source address if it is an http or https one, else empty."""
    return web_address(record.source_url)


def page_url(obj, context):
    """The absolute address of a record's public page."""
    return context["request"].build_absolute_uri(obj.get_absolute_url())


class PageInput(Schema):
    page: int = Field(1, ge=1, le=MAX_PAGE, description="Page number, from 1.")
    page_size: int = Field(DEFAULT_PAGE_SIZE, ge=1, le=MAX_PAGE_SIZE, description="Records a page.")


class Page(PaginationBase):
    """Numbered pages in a stable order: `?page=2&page_size=50` (at most 100 a page)."""

    Input = PageInput

    class Output(Schema):
        count: int = Field(description="Records matching, on all pages.")
        page: int
        page_size: int
        next: str | None = Field(description="Address of the next page, if any.")
        previous: str | None = Field(description="Address of the previous page, if any.")
        items: list[Any]

    items_attribute = "items"

    def paginate_queryset(self, queryset, pagination, request, **params):
        size, number = pagination.page_size, pagination.page
        offset = (number - 1) * size
        count = queryset.count()
        items = list(queryset[offset : offset + size]) if offset < count else []
        return {
            "count": count,
            "page": number,
            "page_size": size,
            "next": _page_link(request, number + 1) if offset + size < count else None,
            "previous": _page_link(request, number - 1) if number > 1 else None,
            "items": items,
        }


def _page_link(request, number):
    query = request.GET.copy()
    query["page"] = str(number)
    return request.build_absolute_uri(f"{request.path}?{urlencode(sorted(query.items()))}")


paginated = paginate(Page)
