from django.apps import AppConfig


class DialogueConfig(AppConfig):
    """The project package: site-wide pages, open data, commands and the sign-in audit."""

    name = "dialogue"
    verbose_name = "Dialogue records"

    def ready(self):
        from chairmanships.history import build_histories

        build_histories()
        # `signin` connects the sign-in audit receivers; `pagecache` the receivers that
        # invalidate the page cache on every save, also in processes that never load the
        # middleware (management commands, a shell).
        from . import pagecache, signin  # noqa: F401
