from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PagesConfig(AppConfig):
    """The site's own pages: about, accessibility and privacy (see models.py)."""

    name = "dialogue.pages"
    label = "pages"
    verbose_name = _("Site pages")
    default_auto_field = "django.db.models.BigAutoField"
