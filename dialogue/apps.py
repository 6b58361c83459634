from django.apps import AppConfig


class DialogueConfig(AppConfig):
    """The project package: the site layer (pages gathering every app, search, open data,
    the page cache, staff tools) and the management commands."""

    name = "dialogue"
    verbose_name = "Dialogue records"

    def ready(self):
        from . import pagecache
        from .records.history import build_histories
        from .staff import signin

        build_histories()
        # The sign-in audit; the page cache's receivers invalidate it on every save, also
        # in processes that never load the middleware (management commands, a shell).
        signin.connect_signals()
        pagecache.connect_signals()
