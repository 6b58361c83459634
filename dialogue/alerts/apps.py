from django.apps import AppConfig
from django.conf import settings
from django.core import checks
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


@checks.register(checks.Tags.security, deploy=True)
def site_url_is_public(app_configs, **kwargs):
    """In production the links in alert messages must lead to the public site, over HTTPS."""
    url = getattr(settings, "ALERTS_SITE_URL", "")
    if settings.DEBUG or url.startswith("https://"):
        return []
    return [
        checks.Warning(
            f"ALERTS_SITE_URL is {url!r}: the links in alert messages (confirm, manage, "
            "one-click unsubscribe) must start with the site's public https:// address.",
            id="alerts.W001",
        )
    ]
