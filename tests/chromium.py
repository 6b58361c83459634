"""Debian's Chromium, and the flags it needs on a machine with no network (tests and docs)."""

import os
import shutil

CHROMIUM = os.environ.get("CHROMIUM_PATH") or (
    shutil.which("chromium") or shutil.which("chromium-browser") or "/usr/bin/chromium"
)
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
