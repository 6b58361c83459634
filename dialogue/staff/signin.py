"""An audit line for every staff sign-in, success or failure, in UTC with the user and address."""

import logging
import time

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed

logger = logging.getLogger("dialogue.signin")


class UTCFormatter(logging.Formatter):
    """Log times in UTC, marked as such, whatever the server's time zone."""

    converter = time.gmtime

    def formatTime(self, record, datefmt=None):  # noqa: N802 (logging's own name)
        return super().formatTime(record, datefmt or "%Y-%m-%dT%H:%M:%SZ")


def client_address(request):
    """The visitor's address as django-axes counts it (proxies included), else REMOTE_ADDR."""
    if request is None:
        return "-"
    address = getattr(request, "axes_ip_address", None)
    return address or request.META.get("REMOTE_ADDR", "-")


def signed_in(sender, request, user, **kwargs):
    logger.info("sign-in succeeded user=%s ip=%s", user.get_username(), client_address(request))


def sign_in_failed(sender, credentials, request=None, **kwargs):
    username = credentials.get("username", "-")
    logger.warning("sign-in failed user=%s ip=%s", username, client_address(request))


def signed_out(sender, request, user, **kwargs):
    name = user.get_username() if user else "-"
    logger.info("signed out user=%s ip=%s", name, client_address(request))


def connect_signals():
    """Write the audit lines (called once, from DialogueConfig.ready)."""
    user_logged_in.connect(signed_in, dispatch_uid="dialogue.signin.succeeded")
    user_login_failed.connect(sign_in_failed, dispatch_uid="dialogue.signin.failed")
    user_logged_out.connect(signed_out, dispatch_uid="dialogue.signin.signed_out")


def locked_out(request, original_response=None, credentials=None):
    """The page a locked-out sign-in gets (django-axes calls this), logged like any sign-in."""
    from django.conf import settings
    from django.shortcuts import render

    username = (credentials or {}).get("username", "-")
    logger.warning("sign-in locked out user=%s ip=%s", username, client_address(request))
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    return render(
        request,
        "admin/locked_out.html",
        {"cooloff_minutes": minutes, "title": "Sign-in locked"},
        status=429,
    )
