"""Settings for Pontes: one module, values from the environment.

PONTES_ENV=development (the default) gives safe local defaults: SQLite in var/, DEBUG on,
a development secret key. PONTES_ENV=production refuses to start with the development key,
with DEBUG on, or without ALLOWED_HOSTS.
"""

from datetime import timedelta
from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = BASE_DIR / "var"

env = environ.Env()
PONTES_ENV = env.str("PONTES_ENV", default="development")
if PONTES_ENV not in {"development", "production"}:
    raise ImproperlyConfigured("PONTES_ENV must be 'development' or 'production'.")
PRODUCTION = PONTES_ENV == "production"

DEVELOPMENT_SECRET_KEY = "development-only-key-never-use-in-production-pontes"
SECRET_KEY = env.str("SECRET_KEY", default=DEVELOPMENT_SECRET_KEY)
DEBUG = env.bool("DEBUG", default=not PRODUCTION)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=[] if PRODUCTION else ["127.0.0.1", "localhost", "[::1]"])

# Personal fields are encrypted at rest with a key derived from SECRET_KEY and this salt
# (a list rotates: the first encrypts, all decrypt).
DEVELOPMENT_SALT_KEY = "development-only-salt-pontes"
SALT_KEY = env.list("PONTES_ENCRYPTION_SALT", default=[DEVELOPMENT_SALT_KEY])

if PRODUCTION:
    if SECRET_KEY == DEVELOPMENT_SECRET_KEY or len(SECRET_KEY) < 40:
        raise ImproperlyConfigured("Production needs SECRET_KEY set to a long random value.")
    if DEBUG:
        raise ImproperlyConfigured("Production refuses to start with DEBUG on.")
    if not ALLOWED_HOSTS:
        raise ImproperlyConfigured("Production needs ALLOWED_HOSTS.")
    if DEVELOPMENT_SALT_KEY in SALT_KEY or min(len(key) for key in SALT_KEY) < 16:
        raise ImproperlyConfigured("Production needs PONTES_ENCRYPTION_SALT set to a random value.")

# Capability apps are listed here and register themselves with core; core never imports them.
PONTES_CAPABILITY_APPS: list[str] = [
    "pontes.directory",
    "pontes.profiles",
    "pontes.diaspora",
    "pontes.participation",
    "pontes.elections",
    "pontes.calls",
]

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "axes",
    "treebeard",
    "pontes.core",
    *PONTES_CAPABILITY_APPS,
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "pontes.core.middleware.extra_security_headers",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "pontes.core.middleware.remember_language",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "pontes.core.middleware.require_second_factor",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",
    "django_ratelimit.middleware.RatelimitMiddleware",
]

ROOT_URLCONF = "pontes.urls"
WSGI_APPLICATION = "pontes.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "pontes.core.context_processors.shell",
            ],
        },
    },
]

# Database: SQLite (WAL) in var/ by default; DATABASE_URL selects PostgreSQL in production.
VAR_DIR.mkdir(exist_ok=True)
DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'pontes.sqlite3'}")}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            # A 64 MiB page cache and memory-mapped reads keep the search index in memory.
            "init_command": (
                "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON; "
                "PRAGMA cache_size=-65536; PRAGMA mmap_size=268435456; PRAGMA temp_store=MEMORY;"
            ),
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
        }
    )
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # The few queries run through `pontes.core.db.prepared_cursor()` become prepared statements after
    # this many runs on a connection (planned once, not every time). "off" where a connection pooler
    # cannot keep prepared statements (PgBouncer in transaction mode before 1.21).
    _prepare_threshold = env.str("DATABASE_PREPARE_THRESHOLD", default="1")
    DATABASES["default"].setdefault("OPTIONS", {})["prepare_threshold"] = (
        None if _prepare_threshold == "off" else int(_prepare_threshold)
    )
# Connections are kept between requests (on SQLite too: a new connection per request would run the
# pragmas again and start with an empty page cache, several milliseconds per request).
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# A cache shared by every app process (rate limits, lockouts): the database by default.
CACHES = {
    "default": env.cache("CACHE_URL", default="dbcache://pontes_cache"),
}

AUTH_USER_MODEL = "core.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "pontes.core.permissions.ScopedRoleBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "core:login"
LOGIN_REDIRECT_URL = "core:staff_dashboard"
LOGOUT_REDIRECT_URL = "core:home"
SESSION_COOKIE_AGE = 60 * 60 * 8
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
CSRF_FAILURE_VIEW = "pontes.core.views.errors.csrf_failure"

# Login lockout (django-axes): 5 failures per username and address lock for 15 minutes.
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_TEMPLATE = "core/accounts/locked_out.html"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
AXES_HTTP_RESPONSE_CODE = 429
# Per-address ceiling on login attempts (django-ratelimit), below the lockout.
PONTES_LOGIN_RATE = env.str("PONTES_LOGIN_RATE", default="20/m")
RATELIMIT_VIEW = "pontes.core.views.errors.rate_limited"

OTP_TOTP_ISSUER = "Pontes"

# Internationalisation: the UI languages; content can be in any ISO 639 language.
LANGUAGE_CODE = "en"
LANGUAGES = [
    ("en", _("English")),
    ("fr", _("French")),
    ("es", _("Spanish")),
    ("ar", _("Arabic")),
]
LANGUAGES_BIDI = ["ar", "fa", "he", "ur", "ps", "ckb"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = "UTC"
LANGUAGE_COOKIE_AGE = 60 * 60 * 24 * 365
LANGUAGE_COOKIE_SAMESITE = "Lax"

STATIC_URL = "/static/"
STATIC_ROOT = env.path("STATIC_ROOT", default=VAR_DIR / "static")
Path(STATIC_ROOT).mkdir(parents=True, exist_ok=True)
# Outside production, serve straight from the apps' static/ folders (no collectstatic needed).
WHITENOISE_USE_FINDERS = not PRODUCTION
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if PRODUCTION
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}

_tile_url = env.str("PONTES_MAP_TILE_URL", default="")
_tile_origins = (
    ["https://" + _tile_url.split("/")[2].replace("{s}", "*")] if _tile_url.startswith("https://") else []
)

# Security headers. CSP: no inline script or style anywhere.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:", *_tile_origins],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
if PRODUCTION:
    SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=60 * 60 * 24 * 365)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    LANGUAGE_COOKIE_SECURE = True
    SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$"]

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {"axes": {"level": "WARNING"}},
}

# Outgoing email (reminders): printed to the console unless EMAIL_URL names an SMTP server,
# e.g. smtp+tls://user:password@mail.example:587 or smtps://user:password@mail.example:465.
_email = env.url("EMAIL_URL", default="console://")
if _email.scheme.startswith("smtp"):
    MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {
                "host": _email.hostname or "localhost",
                "port": _email.port or (465 if _email.scheme == "smtps" else 587),
                "username": _email.username or "",
                "password": _email.password or "",
                "use_tls": _email.scheme == "smtp+tls",
                "use_ssl": _email.scheme == "smtps",
            },
        }
    }
else:
    MAILERS = {"default": {"BACKEND": "django.core.mail.backends.console.EmailBackend"}}
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="pontes@localhost")

# Pontes' own settings.
PONTES_DEMO = env.bool("PONTES_DEMO", default=not PRODUCTION)
PONTES_SITE_NAME = env.str("PONTES_SITE_NAME", default="Pontes")
# Directory: listings not verified for this many months are flagged and their providers reminded.
PONTES_DIRECTORY_STALE_MONTHS = env.int("PONTES_DIRECTORY_STALE_MONTHS", default=12)
# Directory API: list items kept encoded per process, under the rows they were built from
# (about 1.5 KB each; 0 keeps none). See `directory/hsds.py`, "Encoded list items".
PONTES_API_ITEM_CACHE = env.int("PONTES_API_ITEM_CACHE", default=10000)
# Counts below this are hidden in anything public (disclosure control of migration profiles).
PONTES_PROFILES_DISCLOSURE_THRESHOLD = env.int("PONTES_PROFILES_DISCLOSURE_THRESHOLD", default=10)
# Counts of people below this are hidden in the "know your diaspora" figures.
PONTES_DIASPORA_DISCLOSURE_THRESHOLD = env.int("PONTES_DIASPORA_DISCLOSURE_THRESHOLD", default=5)
# Elections: seat groups with fewer voters are flagged (results could reveal how people voted);
# voter registers are purged this many days after the close; votes per address and hour.
PONTES_ELECTION_SMALL_GROUP = env.int("PONTES_ELECTION_SMALL_GROUP", default=10)
PONTES_ELECTION_RETENTION_DAYS = env.int("PONTES_ELECTION_RETENTION_DAYS", default=180)
PONTES_ELECTION_VOTE_RATE = env.str("PONTES_ELECTION_VOTE_RATE", default="100/h")
# Map tiles: a URL template ({z}/{x}/{y}); empty means no tiles, and the map page shows the list only.
# The HSDS JSON Schemas used to validate imports and the API (shipped with the directory app).
PONTES_HSDS_SCHEMA_DIR = env.path(
    "PONTES_HSDS_SCHEMA_DIR", default=BASE_DIR / "pontes" / "directory" / "hsds_schema"
)
PONTES_MAP_TILE_URL = env.str("PONTES_MAP_TILE_URL", default="")
PONTES_MAP_ATTRIBUTION = env.str("PONTES_MAP_ATTRIBUTION", default="")
# Public form submissions (reports of wrong information) per address.
PONTES_PUBLIC_FORM_RATE = env.str("PONTES_PUBLIC_FORM_RATE", default="5/h")
