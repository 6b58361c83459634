"""Settings for `bench/alerts-outage`: the site's own, with short retry delays and leases so
an outage of half a minute plays out in about a minute."""

from dialogue.settings import *  # noqa: F403

ALERTS_LEASE_SECONDS = 10
ALERTS_RETRY_SECONDS = 2
ALERTS_SWEEP_SECONDS = 2
ALERTS_SITE_URL = "https://records.example.org"
