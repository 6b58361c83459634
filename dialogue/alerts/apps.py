from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AlertsConfig(AppConfig):
    """Email alerts: readers subscribe to new events and statements (see services.py)."""

    name = "dialogue.alerts"
    label = "alerts"
    verbose_name = _("Email alerts")

    def ready(self):
        # Whenever an event or a statement is saved, look (once its transaction commits)
        # for records that became public and have not been announced yet.
        from . import signals

        signals.connect()
