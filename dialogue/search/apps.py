from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    """The search page and its index: one row per public record (see index.py)."""

    name = "dialogue.search"
    label = "search"
    verbose_name = _("Search")

    def ready(self):
        # Every save, delete and topic change of a searched record refreshes its rows.
        from . import index

        index.connect_signals()
