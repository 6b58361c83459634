"""What every public page shares: its <head> (title, description, JSON-LD), the staff
preview of records not yet public, and dates for schema.org.
"""

from django.utils.cache import add_never_cache_headers, patch_cache_control, patch_vary_headers
from django.utils.functional import cached_property
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from .i18n import dialogue_name
from .models import DatePrecision


def plain_text(text, length=160):
    """Text for a meta description: one line, at most `length` characters (escaped later)."""
    return Truncator(" ".join(str(text or "").split())).chars(length)


def schema_date(value, precision=DatePrecision.DAY):
    """An ISO 8601 date no more precise than the source: 2023, 2023-12 or 2023-12-12."""
    if value is None:
        return None
    if precision == DatePrecision.YEAR:
        return f"{value.year:04d}"
    if precision == DatePrecision.MONTH:
        return f"{value.year:04d}-{value.month:02d}"
    return value.isoformat()


def dialogue_json_ld(request):
    """The dialogue itself as a schema.org Organization."""
    return {
        "@type": "Organization",
        "name": dialogue_name(),
        "url": request.build_absolute_uri("/"),
    }


class PublicPageMixin:
    """Title, description, Open Graph type and JSON-LD for a public page's <head>.

    List pages set `page_title` and `page_description`; detail pages take the title
    from the record and override `get_page_description()` and `get_json_ld()`.
    """

    page_title = None
    page_description = None
    og_type = "website"

    def get_page_title(self):
        if self.page_title:
            return self.page_title
        record = getattr(self, "object", None)
        return str(record) if record is not None else ""

    def get_page_description(self):
        return self.page_description or ""

    def get_json_ld(self):
        return None

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        title = self.get_page_title()
        page = context.get("page_obj")
        if page is not None and page.number > 1:
            title = _("%(title)s, page %(number)s") % {"title": title, "number": page.number}
        context.update(
            page_title=title,
            page_description=plain_text(self.get_page_description()),
            og_type=self.og_type,
            json_ld=self.get_json_ld(),
        )
        return context


def preview_of(record):
    """What the preview banner says of a record: whether it is public, and if not, why."""
    if not hasattr(record, "is_public") or record.is_public():
        return {"public": True, "state": ""}
    return {"public": False, "state": record.why_not_public()}


class PreviewMixin:
    """Staff open a record's page before it is public with `?preview=1`.

    The page then comes from `preview_queryset` (drafts and embargoed records included),
    carries a banner saying it is a preview, and is never cached (`private, no-store`).
    Anyone else asking for a preview gets the public page, or the same 404 as without it.
    """

    preview_queryset = None

    @cached_property
    def is_preview(self):
        if "preview" not in self.request.GET:
            return False
        user = self.request.user
        model = self.preview_queryset.model
        return (
            user.is_active
            and user.is_staff
            and user.has_perm(f"{model._meta.app_label}.view_{model._meta.model_name}")
        )

    def get_queryset(self):
        if self.is_preview:
            return self.preview_queryset.all()
        return super().get_queryset()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if self.is_preview:
            context["preview"] = preview_of(self.object)
        return context

    def render_to_response(self, context, **response_kwargs):
        response = super().render_to_response(context, **response_kwargs)
        if "preview" in self.request.GET:
            add_never_cache_headers(response)
            patch_cache_control(response, private=True, no_store=True)
            patch_vary_headers(response, ["Cookie"])
        return response
