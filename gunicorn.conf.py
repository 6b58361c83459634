"""gunicorn settings for Dialogue records; every value can be set from the environment.

    gunicorn dialogue.wsgi -c gunicorn.conf.py

GUNICORN_BIND          address to listen on (default 127.0.0.1:8000; a proxy sits in front)
WEB_CONCURRENCY        worker processes (default 2 x CPU cores + 1)
GUNICORN_THREADS       threads per worker (default 2): a thread waiting on the database
                       lets another serve a cached page
GUNICORN_TIMEOUT       seconds a request may take before its worker is replaced (30)
GUNICORN_MAX_REQUESTS  requests after which a worker is replaced, against slow leaks
                       (default 100000, plus up to a tenth more at random so workers do
                       not all restart together; 0 turns it off). A replaced worker starts
                       with an empty local-memory page cache, hence not more often.
GUNICORN_ACCESS_LOG    where the access log goes (default "-", standard output; empty: none)
FORWARDED_ALLOW_IPS    proxies trusted for X-Forwarded-* headers (default 127.0.0.1)

Each worker keeps its own local-memory page cache unless CACHE_URL names a shared one
(Redis), and its own database connections (CONN_MAX_AGE): WEB_CONCURRENCY x
GUNICORN_THREADS connections in all.
"""

import os


def _int(name, default):
    value = os.environ.get(name, "").strip()
    return int(value) if value else default


def _cores():
    try:
        return len(os.sched_getaffinity(0))  # the cores this process may run on
    except AttributeError:
        return os.cpu_count() or 1


bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000").split(",")
workers = _int("WEB_CONCURRENCY", 2 * _cores() + 1)
threads = _int("GUNICORN_THREADS", 2)
worker_class = "gthread"

# Heartbeat files in memory: a slow or full disk must not make workers look dead.
if os.path.isdir("/dev/shm"):
    worker_tmp_dir = "/dev/shm"

timeout = _int("GUNICORN_TIMEOUT", 30)
graceful_timeout = _int("GUNICORN_GRACEFUL_TIMEOUT", 30)
keepalive = _int("GUNICORN_KEEPALIVE", 5)  # longer than a proxy's idle reuse, shorter than 60

max_requests = _int("GUNICORN_MAX_REQUESTS", 100_000)
max_requests_jitter = _int("GUNICORN_MAX_REQUESTS_JITTER", max_requests // 10)

accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-") or None
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
proc_name = "dialogue-records"
