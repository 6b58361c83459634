from django.apps import AppConfig


class DialogueConfig(AppConfig):
    """The project package: site-wide pages, open data, commands and the sign-in audit."""

    name = "dialogue"
    verbose_name = "Dialogue records"

    def ready(self):
        from chairmanships.history import build_histories

        build_histories()
        from . import signin  # noqa: F401 (connects the sign-in audit receivers)
