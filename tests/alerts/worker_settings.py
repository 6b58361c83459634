"""Settings for the `manage.py db_worker` processes the alerts' tests start: the site's own,
with short leases and delays so a dead worker's messages are taken over within seconds."""

from dialogue.settings import *  # noqa: F403

ALERTS_LEASE_SECONDS = 2
ALERTS_RETRY_SECONDS = 1
ALERTS_SWEEP_SECONDS = 1
ALERTS_SITE_URL = "https://records.example.org"
