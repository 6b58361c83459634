"""The site's own pages: about, accessibility and privacy, written by staff in the admin.

A small model rather than django.contrib.flatpages: flatpages matches a page by its whole
address (which here starts with /en/ or /ru/) and needs django.contrib.sites, while this one
is found by slug under each language's prefix, translated field by field like every record
(django-modeltranslation), kept in the history, and purged from the page cache on save like
every record of the content apps.
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.urls import Resolver404, resolve, reverse
from django.utils.translation import gettext_lazy as _

from dialogue.records.concurrency import Versioned
from dialogue.records.history import RecordHistory
from dialogue.records.models import slug_field

from . import markdown

# The pages every footer links to, in this order; each always exists (migration 0002).
FOOTER_PAGES = ("about", "accessibility", "privacy")


class SitePage(Versioned):
    """A page of the site itself (about, accessibility, privacy), not a record of the dialogue."""

    slug = slug_field(
        max_length=60,
        help_text=_("The page's address: /en/<slug>/, e.g. about. Do not change it later."),
    )
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(
        _("text"),
        blank=True,
        help_text=_(
            "Markdown: a blank line between paragraphs, ## for a heading, - for a list item, "
            "[words](https://example.org) for a link, **bold**. HTML is shown as typed, "
            "not used."
        ),
    )
    updated_at = models.DateTimeField(_("last updated"), auto_now=True)

    history = RecordHistory()

    class Meta:
        ordering = ["slug"]
        verbose_name = _("site page")
        verbose_name_plural = _("site pages")

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("pages:page", kwargs={"slug": self.slug})

    def body_html(self):
        return markdown.render(self.body)

    def clean(self):
        if not self.slug:
            return
        try:
            match = resolve(f"/{self.slug}/")
        except Resolver404:
            match = None
        taken = match is not None and match.view_name != "pages:page"
        if not taken:
            try:
                match = resolve(reverse("pages:page", kwargs={"slug": self.slug}))
                taken = match.view_name != "pages:page"
            except Resolver404:
                taken = True
        if taken:
            raise ValidationError(
                {
                    "slug": _("The address /%(slug)s/ is another page of the site: choose another.")
                    % {"slug": self.slug}
                }
            )
