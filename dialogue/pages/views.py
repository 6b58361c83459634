from django.views.generic import DetailView

from dialogue.records.views import PublicPageMixin

from .models import SitePage


class SitePageView(PublicPageMixin, DetailView):
    """/<language>/<slug>/: one of the site's own pages."""

    queryset = SitePage.objects.all()
    template_name = "pages/sitepage_detail.html"
    context_object_name = "page"

    def get_page_title(self):
        return self.object.title

    def get_page_description(self):
        first = next((line for line in self.object.body.splitlines() if line.strip()), "")
        return first.lstrip("#").strip()[:200] or self.object.title
