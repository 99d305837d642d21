"""Settings for the Controlled Delivery Handbook, read from the environment.

Every value has a safe development default except SECRET_KEY, which production
(DEBUG off) must be given: a generated key would silently invalidate sessions
and password-reset links on every restart.
"""

import datetime
import os
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from import_export.formats.base_formats import CSV

from contacts.spreadsheets import AdminXLSX

BASE_DIR = Path(__file__).resolve().parent.parent


def envbool(name, default):
    value = os.environ.get(name, "").strip().lower()
    if value == "":
        return default
    if value in ("1", "true", "yes", "on"):
        return True
    if value in ("0", "false", "no", "off"):
        return False
    raise ImproperlyConfigured(f"{name} must be a boolean (1/0, true/false), not {value!r}")


def envint(name, default):
    value = os.environ.get(name, "").strip()
    if value == "":
        return default
    try:
        return int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {value!r}") from None


def envfloat(name, default):
    value = os.environ.get(name, "").strip()
    if value == "":
        return default
    try:
        number = float(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a number of seconds, not {value!r}") from None
    if not number > 0:
        raise ImproperlyConfigured(f"{name} must be more than 0, not {value!r}")
    return number


def envlist(name, default):
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


DEBUG = envbool("DEBUG", True)

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY is not set. With DEBUG off the handbook refuses to start without "
            "SECRET_KEY; set it to a long random value (50+ characters)."
        )
    SECRET_KEY = "development-only-key-never-used-when-DEBUG-is-off"  # noqa: S105

ALLOWED_HOSTS = envlist("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = envlist("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    # Before the admin: stored translations of reference content (countries/translation.py).
    "modeltranslation",
    "accounts.apps.HandbookAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "django_filters",
    "django_countries",
    "phonenumber_field",
    "simple_history",
    "import_export",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "csp",
    "django_prometheus",
    # The domain apps, then the site's (DESIGN.md, "Layout"; the import contract in pyproject.toml).
    "countries",
    "contacts",
    "operations",
    "review",
    "handbook",
    "drafting",
    # Last: its post_migrate gives the role groups permissions that every app's post_migrate,
    # run before it in this order, has created (accounts/apps.py).
    "accounts",
]

MIDDLEWARE = [
    # First, to count and time everything below (django-prometheus; its pair is near the end).
    "django_prometheus.middleware.PrometheusBeforeMiddleware",
    # Names each request and logs it once answered (operations/observability.py).
    "operations.observability.RequestLogMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # Django's LocaleMiddleware, with the admin in the reader's chosen language and an unprefixed
    # page sent to the chosen language's address (handbook/languages.py).
    "handbook.languages.LanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    # NUL characters refused as a 400, TRACE as a 405, before any view (operations/hostile_input.py).
    "operations.hostile_input.RefuseUnusableInput",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "django_prometheus.middleware.PrometheusAfterMiddleware",
    # Last, as django-axes asks: it turns a lockout into the 429 page.
    "axes.middleware.AxesMiddleware",
]

AUTHENTICATION_BACKENDS = [
    # First: refuses every attempt while a username and address are locked out.
    "axes.backends.AxesStandaloneBackend",
    # Django's ModelBackend, reading signed-in users through a per-process copy that the shared
    # cache says is current (accounts/backends.py).
    "accounts.backends.UserBackend",
    # The same backend under the path that sessions signed in before it moved to accounts/ name:
    # they stay signed in. It signs nobody in (handbook/auth_backend.py).
    "handbook.auth_backend.UserBackend",
]

ROOT_URLCONF = "handbook.urls"

CONTEXT_PROCESSORS = [
    "django.template.context_processors.request",
    "django.contrib.auth.context_processors.auth",
    "django.contrib.messages.context_processors.messages",
    "handbook.context_processors.sample_data",
    "handbook.context_processors.language_alternates",
]

TEMPLATES = [
    # The site's own pages, e-mails and the registration pages (sign-in, password reset), all under
    # templates/, in Jinja2 (handbook/templating.py). First, so that Django's auth views render
    # our registration/*.html rather than the admin's.
    {
        "BACKEND": "django.template.backends.jinja2.Jinja2",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": False,
        "OPTIONS": {
            "environment": "handbook.templating.environment",
            "auto_reload": DEBUG,  # templates are read again when they change, while developing
            "context_processors": CONTEXT_PROCESSORS,
        },
    },
    # The admin, in the Django template language, and our admin pages in each app's
    # templates/admin/, which the Jinja2 engine never reads. None of them overrides another app's
    # template: the admin site names its own index page (handbook/admin_site.py). Overriding the
    # admin's admin/index.html from an app would need that app ahead of the admin in
    # INSTALLED_APPS, which would also run the handbook's post_migrate role sync before the other
    # apps' permissions exist.
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {"context_processors": CONTEXT_PROCESSORS},
    },
]

WSGI_APPLICATION = "handbook.wsgi.application"

DATABASES = {
    "default": dj_database_url.config(
        env="DATABASE_URL",
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=envint("DATABASE_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Several processes on one SQLite file (two nodes' timers, a command beside the server): a
    # transaction takes the write lock when it begins, so that two never deadlock upgrading a
    # read lock ("database is locked"), and waits up to 20 s for another to finish.
    DATABASES["default"].setdefault("OPTIONS", {}).update(transaction_mode="IMMEDIATE", timeout=20)

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# English at the unprefixed addresses (links shared before keep working), French under /fr/ and
# Russian under /ru/ (handbook/languages.py). Each language is named in itself in the switcher.
LANGUAGE_CODE = "en"
LANGUAGES = [("en", "English"), ("fr", "Français"), ("ru", "Русский")]

# Reference content (questions, sections, organizations, instruments, provisions, topics, channels)
# is stored in each language beside the English (django-modeltranslation): `title` reads the
# reader's language and falls back to English where no translation is stored. English is also kept
# in the original column (countries.translation.StoredInEnglish), which constraints and the
# PostgreSQL search vectors read.
MODELTRANSLATION_DEFAULT_LANGUAGE = "en"
MODELTRANSLATION_LANGUAGES = ("en", "fr", "ru")
MODELTRANSLATION_FALLBACK_LANGUAGES = ("en",)
LOCALE_PATHS = [BASE_DIR / "locale"]
LANGUAGE_COOKIE_AGE = 365 * 24 * 3600
LANGUAGE_COOKIE_SECURE = not DEBUG
LANGUAGE_COOKIE_SAMESITE = "Lax"
TIME_ZONE = os.environ.get("TIME_ZONE", "UTC")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

# Cache: Redis when REDIS_URL is set (shared by every worker process); otherwise a file cache,
# which every process on one machine shares too. Cached fragments are keyed by a data version
# that every save bumps (operations/data_version.py).
REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    # django-redis keeps one client per process (Django's own Redis backend builds a client for
    # every operation, which cost a cached page about a fifth of its time). Redis only makes pages
    # faster: when it cannot be reached, django-redis answers every read as a miss and drops every
    # write (IGNORE_EXCEPTIONS), so pages are rendered and sessions read from the database, and it
    # reconnects by itself once Redis is back. The short timeouts keep a Redis that does not answer
    # from holding requests up; the outage is logged once a minute (the "handbook.cache" logger).
    CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": REDIS_URL,
            "OPTIONS": {
                "CLIENT_CLASS": "django_redis.client.DefaultClient",
                "IGNORE_EXCEPTIONS": True,
                "SOCKET_CONNECT_TIMEOUT": envfloat("REDIS_TIMEOUT", 0.5),
                "SOCKET_TIMEOUT": envfloat("REDIS_TIMEOUT", 0.5),
            },
        }
    }
    DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS = True
    DJANGO_REDIS_LOGGER = "handbook.cache"
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": os.environ.get("CACHE_DIR", str(BASE_DIR / "var" / "cache")),
        }
    }

# Email: the console by default, SMTP when EMAIL_HOST is given.
EMAIL_HOST = os.environ.get("EMAIL_HOST", "")
EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend" if EMAIL_HOST else "django.core.mail.backends.console.EmailBackend",
)
EMAIL_PORT = envint("EMAIL_PORT", 587)
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = envbool("EMAIL_USE_TLS", True)
EMAIL_FILE_PATH = os.environ.get("EMAIL_FILE_PATH", str(BASE_DIR / "var" / "mail"))  # the file-based backend's folder
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "handbook@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Records not reviewed or verified within this many months count as stale.
HANDBOOK_STALE_AFTER_MONTHS = envint("HANDBOOK_STALE_AFTER_MONTHS", 12)

PHONENUMBER_DEFAULT_FORMAT = "INTERNATIONAL"
PHONENUMBER_DB_FORMAT = "E164"

# Logs: one JSON object per line in production (LOG_FORMAT=json, the default with DEBUG off), plain
# text while developing; every line carries the id of the request it belongs to, and each request
# is logged once it is answered (handbook.requests, LOG_REQUESTS; operations/observability.py).
LOG_FORMAT = os.environ.get("LOG_FORMAT", "text" if DEBUG else "json").strip().lower()
if LOG_FORMAT not in ("json", "text"):
    raise ImproperlyConfigured(f"LOG_FORMAT must be json or text, not {LOG_FORMAT!r}")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        "cache_outage": {
            "()": "operations.log_filters.OncePerInterval",
            "seconds": 60,
            "message": "The cache cannot be reached; pages are served without it",
        },
        "request_id": {"()": "operations.observability.RequestIdFilter"},
    },
    "formatters": {
        "json": {"()": "operations.observability.HandbookJsonFormatter"},
        "text": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": LOG_FORMAT, "filters": ["request_id"]}},
    "loggers": {
        # A cache that cannot be reached: once a minute, not once a request.
        "handbook.cache": {"handlers": ["console"], "filters": ["cache_outage"], "propagate": False},
        "handbook.requests": {
            "handlers": ["console"],
            "level": "INFO" if envbool("LOG_REQUESTS", not DEBUG) else "WARNING",
            "propagate": False,
        },
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}

# Prometheus metrics at /metrics (django-prometheus), only for these addresses or networks, and
# never through the proxy. Under gunicorn every worker's counts are added up
# (PROMETHEUS_MULTIPROC_DIR, set by deploy/gunicorn.conf.py).
METRICS_ALLOWED_IPS = envlist("METRICS_ALLOWED_IPS", ["127.0.0.1", "::1"])

# Errors reported to Sentry when SENTRY_DSN is set; no personal data is sent
# (operations/observability.py scrub_event).
SENTRY_DSN = os.environ.get("SENTRY_DSN", "").strip()
if SENTRY_DSN:
    from operations.observability import init_sentry

    init_sentry(
        SENTRY_DSN,
        environment=os.environ.get("SENTRY_ENVIRONMENT", "production"),
        traces_sample_rate=envfloat("SENTRY_TRACES_SAMPLE_RATE", None),
    )

# Security ---------------------------------------------------------------------------------------

# Staff need a second factor (TOTP) for the admin. On by default in production.
HANDBOOK_REQUIRE_2FA = envbool("HANDBOOK_REQUIRE_2FA", not DEBUG)
OTP_TOTP_ISSUER = "Controlled Delivery Handbook"
OTP_TOTP_THROTTLE_FACTOR = 1  # each wrong code doubles the wait before the next try

# Lockout (django-axes): 5 failures for one username from one address lock that pair out for
# 30 minutes. Behind a reverse proxy, set HANDBOOK_PROXY_COUNT to the number of proxies that
# append to X-Forwarded-For, so that the client's address (not the proxy's) is counted.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = datetime.timedelta(minutes=30)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "429.html"
AXES_CLIENT_IP_CALLABLE = "accounts.throttling.client_ip"
HANDBOOK_PROXY_COUNT = envint("HANDBOOK_PROXY_COUNT", 0)

# Access requests: how many a single address or email may send.
HANDBOOK_ACCESS_REQUESTS_PER_IP_PER_HOUR = envint("HANDBOOK_ACCESS_REQUESTS_PER_IP_PER_HOUR", 5)
HANDBOOK_ACCESS_REQUESTS_PER_EMAIL_PER_DAY = envint("HANDBOOK_ACCESS_REQUESTS_PER_EMAIL_PER_DAY", 3)
# The link that lets a staff member bind an authenticator app (accounts/enrolment.py): valid this
# many hours, and sent at most this many times an hour.
HANDBOOK_ENROLMENT_LINK_HOURS = envint("HANDBOOK_ENROLMENT_LINK_HOURS", 24)
HANDBOOK_ENROLMENT_LINKS_PER_HOUR = envint("HANDBOOK_ENROLMENT_LINKS_PER_HOUR", 3)
# Password reset e-mails: per client address, and per e-mail address, each per hour.
HANDBOOK_PASSWORD_RESETS_PER_IP_PER_HOUR = envint("HANDBOOK_PASSWORD_RESETS_PER_IP_PER_HOUR", 10)
HANDBOOK_PASSWORD_RESETS_PER_EMAIL_PER_HOUR = envint("HANDBOOK_PASSWORD_RESETS_PER_EMAIL_PER_HOUR", 3)

# Content Security Policy: no inline script or style anywhere.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

SECURE_SSL_REDIRECT = envbool("SECURE_SSL_REDIRECT", not DEBUG)
# Load balancers probe and Prometheus scrapes over plain HTTP.
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$", r"^metrics$"]
if envbool("HANDBOOK_BEHIND_TLS_PROXY", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = envint("SECURE_HSTS_SECONDS", 0 if DEBUG else 31_536_000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_REFERRER_POLICY = "same-origin"
# Sessions are kept in the database and read through the cache: a signed-in request reads its
# session from Redis, and a session outlives a cache flush.
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
SESSION_COOKIE_SECURE = not DEBUG
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_HTTPONLY = True
CSRF_FAILURE_VIEW = "operations.views.csrf_failure"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_AGE = envint("SESSION_COOKIE_AGE", 8 * 3600)

# Spreadsheet import and export (django-import-export) in the admin.
IMPORT_EXPORT_USE_TRANSACTIONS = True  # an import with any error writes nothing
IMPORT_EXPORT_ESCAPE_FORMULAE_ON_EXPORT = True
IMPORT_EXPORT_IMPORT_PERMISSION_CODE = "change"  # and "add": see HandbookImportExportMixin
IMPORT_EXPORT_EXPORT_PERMISSION_CODE = "view"
# XLSX written by the one spreadsheet writer of the site (contacts/spreadsheets.py), read by openpyxl.
IMPORT_EXPORT_FORMATS = [CSV, AdminXLSX]
HANDBOOK_IMPORT_MAX_BYTES = envint("HANDBOOK_IMPORT_MAX_BYTES", 5 * 1024 * 1024)

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"

# The address at which people reach the site, for links in emails and in `manage.py grant`.
HANDBOOK_BASE_URL = os.environ.get("HANDBOOK_BASE_URL", "http://127.0.0.1:8000")
