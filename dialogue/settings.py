"""Settings for Dialogue records, read from the environment (django-environ).

With no environment at all the site runs in development mode on a SQLite file
beside this project. Production sets at least DJANGO_DEBUG=false,
DJANGO_SECRET_KEY, DJANGO_ALLOWED_HOSTS and DATABASE_URL; `.env.example` lists
every variable.
"""

from datetime import timedelta
from pathlib import Path

import environ
from django.utils.csp import CSP
from django.utils.translation import gettext_noop

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = env.bool("DJANGO_DEBUG", default=True)

# A development key is only acceptable while DEBUG is on; production must set one.
if DEBUG:
    SECRET_KEY = env.str("DJANGO_SECRET_KEY", default="django-insecure-development-only-key")
else:
    SECRET_KEY = env.str("DJANGO_SECRET_KEY")

ALLOWED_HOSTS = env.list(
    "DJANGO_ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"] if DEBUG else []
)
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])

DATABASES = {
    "default": env.db_url("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
# Connection reuse: each worker keeps its connection for CONN_MAX_AGE seconds (a new one per
# request costs more than most pages), checked before a request reuses it. Development keeps
# no connection open, so the runserver's threads leave none behind.
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=0 if DEBUG else 60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = env.bool("CONN_HEALTH_CHECKS", default=True)
USING_POSTGRES = DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"
if USING_POSTGRES:
    # Session settings for the site's connections. PostgreSQL's JIT compiles the few big
    # queries (a search matching most of the record, a download) for 10-15 ms each, more
    # than it saves on them; the search's counts group in memory with 32 MB, not on disk.
    # POSTGRES_OPTIONS replaces these (e.g. empty, behind a pooler that refuses them).
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault(
        "options", env.str("POSTGRES_OPTIONS", default="-c jit=off -c work_mem=32MB")
    )

INSTALLED_APPS = [
    # Before the admin, as django-modeltranslation asks, so its admin classes patch it.
    "modeltranslation",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    *(["django.contrib.postgres"] if USING_POSTGRES else []),
    "django_filters",
    "simple_history",
    "axes",
    "dialogue.apps.DialogueConfig",
    "chairmanships",
    "events",
    "statements",
    "dialogue.search",
    "django_tasks_db",
    "dialogue.alerts",
    "dialogue.pages",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Whole pages for anonymous visitors (dialogue/pagecache/): after the locale and the
    # signed-in user are known, inside the middleware that adds security headers.
    "dialogue.pagecache.middleware.PageCacheMiddleware",
    # Inside the page cache, so that what it keeps is already clean (dialogue/records/text.py).
    "dialogue.records.text.StripControlCharactersMiddleware",
    # Last, as django-axes asks: it turns a locked-out sign-in into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "dialogue.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.csp",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "dialogue.site.context_processors.site",
            ],
        },
    },
]

WSGI_APPLICATION = "dialogue.wsgi.application"

AUTHENTICATION_BACKENDS = [
    # Refuses sign-ins from a locked-out user or address before checking the password.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# The site's languages (interface and page addresses), each as code=name in its own
# language; the first is the default, whose text every record must have. Adding a
# language (e.g. Kazakh: ...,kk=Қазақша) is this setting and its
# locale/<code>/LC_MESSAGES/django.po; its records' own text needs columns too
# (MODELTRANSLATION_LANGUAGES below; README, "Adding a language").
LANGUAGES = list(env.dict("DJANGO_LANGUAGES", default={"en": "English", "ru": "Русский"}).items())
LANGUAGE_CODE = LANGUAGES[0][0]
LOCALE_PATHS = [BASE_DIR / "locale"]
# Content translations (django-modeltranslation): a column per language listed here
# (`name_en`, `name_ru`); changing this list needs `makemigrations`, so it is not read
# from the environment. A site language without columns shows the default language's
# text, marked as such. The default language is required; a record without text in the
# visitor's language shows the default language's.
MODELTRANSLATION_LANGUAGES = ("en", "ru")
MODELTRANSLATION_DEFAULT_LANGUAGE = LANGUAGE_CODE
MODELTRANSLATION_FALLBACK_LANGUAGES = (LANGUAGE_CODE,)
MODELTRANSLATION_REQUIRED_LANGUAGES = (LANGUAGE_CODE,)
TIME_ZONE = env.str("DJANGO_TIME_ZONE", default="Asia/Almaty")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = env.path("DJANGO_STATIC_ROOT", default=BASE_DIR / "staticfiles")
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    # Replaced below by S3-compatible object storage when AWS_STORAGE_BUCKET_NAME is set.
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        ),
    },
}
# In development WhiteNoise serves straight from the apps' and project's static folders.
WHITENOISE_USE_FINDERS = DEBUG
WHITENOISE_AUTOREFRESH = DEBUG
MEDIA_URL = "media/"
MEDIA_ROOT = env.path("DJANGO_MEDIA_ROOT", default=BASE_DIR / "media")
# Uploads in S3-compatible object storage (django-storages), shared by every app server:
# set AWS_STORAGE_BUCKET_NAME (and AWS_S3_ENDPOINT_URL for a non-AWS server, credentials in
# AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY). Files stay private: no public ACL, and any URL
# handed out is signed and short-lived (AWS_QUERYSTRING_EXPIRE seconds; by default a little
# longer than a cached page lives, so a link on a cached page still works).
if env.str("AWS_STORAGE_BUCKET_NAME", default=""):
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": env.str("AWS_STORAGE_BUCKET_NAME"),
            "endpoint_url": env.str("AWS_S3_ENDPOINT_URL", default="") or None,
            "region_name": env.str("AWS_S3_REGION_NAME", default="") or None,
            "access_key": env.str("AWS_ACCESS_KEY_ID", default="") or None,
            "secret_key": env.str("AWS_SECRET_ACCESS_KEY", default="") or None,
            "location": env.str("AWS_LOCATION", default=""),
            "default_acl": None,
            "querystring_auth": True,
            "querystring_expire": env.int(
                "AWS_QUERYSTRING_EXPIRE", default=env.int("PAGE_CACHE_SECONDS", default=600) + 300
            ),
            "file_overwrite": False,
        },
    }
# Files staff attach to events (events/documents.py): the largest upload accepted.
DOCUMENT_MAX_UPLOAD_BYTES = env.int("DOCUMENT_MAX_UPLOAD_BYTES", default=20 * 1024 * 1024)
# Event photos (events/photos.py): the largest file, and the most pixels (width x height).
PHOTO_MAX_UPLOAD_BYTES = env.int("PHOTO_MAX_UPLOAD_BYTES", default=15 * 1024 * 1024)
PHOTO_MAX_PIXELS = env.int("PHOTO_MAX_PIXELS", default=40_000_000)
# Social cards (dialogue/site/cards.py): a folder holding DejaVuSans.ttf and DejaVuSans-Bold.ttf,
# if they are not in the system's usual font folders.
CARD_FONT_DIR = env.str("CARD_FONT_DIR", default="")

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Security. Production (DJANGO_DEBUG=false) is HTTPS-only by default; each
# switch can be set from the environment, e.g. behind a proxy that terminates TLS.
SECURE_SSL_REDIRECT = env.bool("DJANGO_SECURE_SSL_REDIRECT", default=not DEBUG)
_proxy_ssl_header = env.tuple("DJANGO_SECURE_PROXY_SSL_HEADER", default=())
SECURE_PROXY_SSL_HEADER = _proxy_ssl_header or None  # e.g. HTTP_X_FORWARDED_PROTO,https
SECURE_HSTS_SECONDS = env.int("DJANGO_SECURE_HSTS_SECONDS", default=0 if DEBUG else 31_536_000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("DJANGO_SECURE_HSTS_INCLUDE_SUBDOMAINS", default=True)
SECURE_HSTS_PRELOAD = env.bool("DJANGO_SECURE_HSTS_PRELOAD", default=True)
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_SECURE = env.bool("DJANGO_SECURE_COOKIES", default=not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
CSRF_COOKIE_HTTPONLY = True
# Only staff have sessions: they expire after an hour without activity and when
# the browser closes.
SESSION_COOKIE_AGE = env.int("DJANGO_SESSION_IDLE_SECONDS", default=60 * 60)
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True

# Content Security Policy (Django's own middleware): only this site's scripts,
# styles and images; inline scripts only with the per-request nonce.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF, CSP.NONCE],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}

# Sign-in protection (django-axes): after AXES_FAILURE_LIMIT failed sign-ins a
# username, and separately an address, is locked out for the cool-off period.
# Behind proxies, set DJANGO_PROXY_COUNT to how many append to X-Forwarded-For
# so the visitor's own address is the one counted.
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("AXES_COOLOFF_MINUTES", default=30))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "dialogue.staff.signin.locked_out"
PROXY_COUNT = env.int("DJANGO_PROXY_COUNT", default=0)
AXES_IPWARE_PROXY_COUNT = PROXY_COUNT or None
AXES_IPWARE_META_PRECEDENCE_ORDER = (
    ["HTTP_X_FORWARDED_FOR", "REMOTE_ADDR"] if PROXY_COUNT else ["REMOTE_ADDR"]
)

# Caching: local memory in each worker by default; CACHE_URL=redis://host:6379/0 shares one
# Redis between several app servers (Django's own Redis backend), with the same code.
CACHES = {"default": env.cache_url("CACHE_URL", default="locmemcache://dialogue")}
if CACHES["default"]["BACKEND"] == "django.core.cache.backends.locmem.LocMemCache":
    # Room for about a thousand pages per worker (Django's default, 300, would evict pages
    # an edit never touched); a page is some tens of kilobytes.
    CACHES["default"].setdefault("OPTIONS", {}).setdefault(
        "MAX_ENTRIES", env.int("CACHE_MAX_ENTRIES", default=1000)
    )
if CACHES["default"]["BACKEND"] == "django.core.cache.backends.redis.RedisCache":
    # A Redis that is away costs each request half a second at most, never an error page.
    CACHES["default"].setdefault("OPTIONS", {}).update(
        socket_connect_timeout=env.float("CACHE_TIMEOUT", default=0.5),
        socket_timeout=env.float("CACHE_TIMEOUT", default=0.5),
    )
# The page cache for anonymous visitors (dialogue/pagecache/); PAGE_CACHE=false turns it off.
PAGE_CACHE_ENABLED = env.bool("PAGE_CACHE", default=True)
# How long a cached page is kept at most; an edit evicts the pages showing it at once anyway.
PAGE_CACHE_SECONDS = env.int("PAGE_CACHE_SECONDS", default=600)
# HTTP caches in front (Varnish with deploy/varnish/default.vcl) to send purges to, e.g.
# http://10.0.0.5:6081/,http://10.0.0.6:6081/ ; and the header naming each page's keys.
PAGE_CACHE_PURGE_URLS = env.list("PAGE_CACHE_PURGE_URLS", default=[])
PAGE_CACHE_KEY_HEADER = env.str("PAGE_CACHE_KEY_HEADER", default="Surrogate-Key")
# Load balancers probe /healthz over plain HTTP on the internal network.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]

# Where the staff back office lives; change it to keep it off well-known paths.
ADMIN_URL = env.str("DJANGO_ADMIN_URL", default="admin/")

# Outgoing mail from one URL, e.g. smtp+tls://user:password@smtp.example.org:587
_email = env.email_url("EMAIL_URL", default="consolemail://")
_smtp_options = {
    "host": _email.get("EMAIL_HOST"),
    "port": _email.get("EMAIL_PORT"),
    "username": _email.get("EMAIL_HOST_USER"),
    "password": _email.get("EMAIL_HOST_PASSWORD"),
    "use_tls": _email.get("EMAIL_USE_TLS", False),
    "use_ssl": _email.get("EMAIL_USE_SSL", False),
}
MAILERS = {
    "default": {
        "BACKEND": _email["EMAIL_BACKEND"],
        "OPTIONS": (
            {key: value for key, value in _smtp_options.items() if value not in (None, "")}
            if _email["EMAIL_BACKEND"].endswith("smtp.EmailBackend")
            else {}
        ),
    }
}
# Background tasks (django.tasks): the database queue, worked by `manage.py db_worker`;
# TASKS_BACKEND=django.tasks.backends.immediate.ImmediateBackend runs each task at once instead.
TASKS_BACKEND = env.str("TASKS_BACKEND", default="django_tasks_db.DatabaseBackend")
TASKS = {"default": {"BACKEND": TASKS_BACKEND}}
# Email alerts (dialogue/alerts/): the public address their links start with, and how many
# days an address that left (or never confirmed) is kept before it is deleted.
ALERTS_SITE_URL = env.str("ALERTS_SITE_URL", default="http://127.0.0.1:8000")
ALERTS_RETENTION_DAYS = env.int("ALERTS_RETENTION_DAYS", default=30)
ALERTS_DIGEST_HOUR = env.int("ALERTS_DIGEST_HOUR", default=8)  # daily digests, in TIME_ZONE
# Sending: a worker holds a message for the lease, retries after a doubling delay.
ALERTS_LEASE_SECONDS = env.int("ALERTS_LEASE_SECONDS", default=300)
ALERTS_RETRY_SECONDS = env.int("ALERTS_RETRY_SECONDS", default=60)
DEFAULT_FROM_EMAIL = env.str("DJANGO_DEFAULT_FROM_EMAIL", default="records@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# Where readers report a problem (the accessibility statement and privacy note name it).
SITE_CONTACT_EMAIL = env.str("SITE_CONTACT_EMAIL", default=DEFAULT_FROM_EMAIL)

# The dialogue this site keeps the record of.
DIALOGUE_NAME = env.str("DIALOGUE_NAME", default=gettext_noop("Dialogue of Women of Central Asia"))
# The licence the open data is published under (shown on /open-data/ and in downloads).
DATA_LICENCE_NAME = env.str("DATA_LICENCE_NAME", default="CC BY 4.0")
DATA_LICENCE_URL = env.str(
    "DATA_LICENCE_URL", default="https://creativecommons.org/licenses/by/4.0/"
)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "utc": {
            "()": "dialogue.staff.signin.UTCFormatter",
            "format": "%(asctime)s %(levelname)s %(name)s %(message)s",
        }
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "utc",
            "stream": "ext://sys.stdout",
        }
    },
    "root": {"handlers": ["console"], "level": env.str("DJANGO_LOG_LEVEL", default="INFO")},
}
