"""Settings for every environment, read from environment variables (twelve-factor).

``TANDEM_ENV=production`` switches on the production defaults; everything else is a laptop or CI
set-up with an embedded SQLite database unless ``DATABASE_URL`` says otherwise.
"""

from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

SRC_DIR = Path(__file__).resolve().parent.parent
REPO_DIR = SRC_DIR.parent.parent


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


TANDEM_ENV = os.environ.get("TANDEM_ENV", "development")
PRODUCTION = TANDEM_ENV == "production"

DEBUG = env_bool("DEBUG", default=False)

_DEV_SECRET = "dev-only-insecure-key-never-used-in-production-2f7c9a"  # noqa: S105
SECRET_KEY = os.environ.get("TANDEM_SECRET_KEY", "" if PRODUCTION else _DEV_SECRET)
if PRODUCTION and not SECRET_KEY:
    raise ImproperlyConfigured("TANDEM_SECRET_KEY must be set when TANDEM_ENV=production")

ALLOWED_HOSTS = env_list(
    "TANDEM_ALLOWED_HOSTS", "" if PRODUCTION else "127.0.0.1,localhost,testserver"
)
if PRODUCTION and not ALLOWED_HOSTS:
    raise ImproperlyConfigured("TANDEM_ALLOWED_HOSTS must be set when TANDEM_ENV=production")
CSRF_TRUSTED_ORIGINS = env_list("TANDEM_CSRF_TRUSTED_ORIGINS")

VAR_DIR = Path(os.environ.get("TANDEM_VAR_DIR", REPO_DIR / "var"))

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{VAR_DIR / 'tandem.sqlite3'}",
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "60")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    Path(DATABASES["default"]["NAME"]).parent.mkdir(parents=True, exist_ok=True)
    # WAL and a busy timeout let the demo server and a worker share the file.
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.forms",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "django_tasks",
    "django_tasks_db",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "axes",
    "tandem.core",
    "tandem.accounts",
    "tandem.geography",
    "tandem.people",
    "tandem.incidents",
    "tandem.risk",
    "tandem.cases",
    "tandem.evidence",
    "tandem.supervision",
    "tandem.powers",
    "tandem.referrals",
    "tandem.casework",
    "tandem.sharing",
    "tandem.alerts",
    "tandem.standards",
    "tandem.audit",
    "tandem.dataprotection",
    "tandem.notify",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "tandem.accounts.middleware.SessionExpiryMiddleware",
    "tandem.accounts.permissions.RolePermissionsMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "tandem.accounts.middleware.SecondFactorMiddleware",
    "tandem.audit.middleware.AuditMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "tandem.core.middleware.SecurityHeadersMiddleware",
    # Last, as django-axes asks: turns a lockout into Tandem's "you cannot sign in" page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "tandem.config.urls"
WSGI_APPLICATION = "tandem.config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [SRC_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "tandem.core.context_processors.tandem",
                "tandem.alerts.context_processors.alerts",
            ],
        },
    }
]

# Widgets render with the project's templates, so GOV.UK markup can replace Django's.
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"

AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "accounts:sign-in"
LOGIN_REDIRECT_URL = "cases:queue"
LOGOUT_REDIRECT_URL = "accounts:sign-in"

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]

# Length, not composition (NCSC password guidance): at least 12 characters, up to 256, nothing
# on Django's list of common passwords, and none of the words people could guess from where the
# user works (tandem.accounts.validators.LocalWordsValidator).
AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {
        "NAME": "tandem.accounts.validators.MaximumLengthValidator",
        "OPTIONS": {"max_length": 256},
    },
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "tandem.accounts.validators.LocalWordsValidator"},
]
TANDEM_PASSWORD_LOCAL_WORDS = env_list("TANDEM_PASSWORD_LOCAL_WORDS")

# Sign-in (docs/information-governance/sign-in-and-security.md). Axes goes first: it refuses a
# locked-out username and address before any password is checked.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# A second factor (an authenticator app) for everyone: on by default in production. Without it,
# people who have set one up are still asked for a code.
TANDEM_REQUIRE_2FA = env_bool("TANDEM_REQUIRE_2FA", default=PRODUCTION)
OTP_ADMIN_HIDE_SENSITIVE_DATA = True  # no authenticator keys or recovery codes in Settings
OTP_TOTP_ISSUER = "Tandem " + os.environ.get("TANDEM_PARTNERSHIP_NAME", "Kent & Medway")
# Signed out after this long without a request, and after TANDEM_SESSION_SECONDS in any case.
TANDEM_IDLE_TIMEOUT_SECONDS = int(os.environ.get("TANDEM_IDLE_TIMEOUT_SECONDS", str(30 * 60)))
# Reverse proxies in front of Tandem that append to X-Forwarded-For; 0 trusts REMOTE_ADDR only.
TANDEM_TRUSTED_PROXY_COUNT = int(os.environ.get("TANDEM_TRUSTED_PROXY_COUNT", "0"))
# Lockout: 5 failed passwords or codes for one username from one address lock that pair for 30
# minutes (`tandem axes_reset_username <name>` unlocks). By pair, so nobody can lock a colleague
# out from elsewhere and one person's typing does not lock a whole office behind one address.
AXES_FAILURE_LIMIT = int(os.environ.get("TANDEM_LOCKOUT_FAILURES", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("TANDEM_LOCKOUT_MINUTES", "30")))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = False  # reset after the second factor instead (tandem.accounts.signin)
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_LOCKOUT_CALLABLE = "tandem.accounts.views.locked_out"
AXES_CLIENT_IP_CALLABLE = "tandem.accounts.signin.client_ip"
AXES_DISABLE_ACCESS_LOG = True  # sign-ins are in Tandem's own audit
# Masked in the failed-attempt records (passwords always are).
AXES_SENSITIVE_PARAMETERS = ["username", "ip_address", "code", "csrfmiddlewaretoken"]
AXES_VERBOSE = False

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("TANDEM_STATIC_ROOT", REPO_DIR / "staticfiles"))
NODE_MODULES = Path(os.environ.get("TANDEM_NODE_MODULES", REPO_DIR / "node_modules"))
STATICFILES_DIRS = [
    SRC_DIR / "static",
    ("govuk", NODE_MODULES / "govuk-frontend" / "dist" / "govuk"),
    ("swagger-ui", NODE_MODULES / "swagger-ui-dist"),
]
# Serving straight from the finders keeps `make demo` and the tests free of a collectstatic step;
# production collects and serves hashed, compressed files.
WHITENOISE_USE_FINDERS = not PRODUCTION
WHITENOISE_AUTOREFRESH = not PRODUCTION
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

# The absolute session lifetime, enforced server-side by tandem.accounts.middleware.
SESSION_COOKIE_AGE = int(os.environ.get("TANDEM_SESSION_SECONDS", str(8 * 60 * 60)))
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_SECURE = PRODUCTION
CSRF_COOKIE_SECURE = PRODUCTION
CSRF_COOKIE_HTTPONLY = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"  # no referrer at all to other sites
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if PRODUCTION:
    # __Host- cookies are sent only over HTTPS, to this exact host, and cannot be set by a
    # subdomain.
    SESSION_COOKIE_NAME = "__Host-tandem_session"
    CSRF_COOKIE_NAME = "__Host-tandem_csrf"
    SECURE_SSL_REDIRECT = env_bool("TANDEM_SSL_REDIRECT", default=True)
    SECURE_HSTS_SECONDS = 31536000
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

API_RENDERERS = ["rest_framework.renderers.JSONRenderer"]
if DEBUG:
    API_RENDERERS.append("rest_framework.renderers.BrowsableAPIRenderer")

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        # Tokens are for client systems, not people: no second factor (docs/information-
        # governance/sign-in-and-security.md). A browser session must have given one.
        "tandem.core.authentication.TokenAuthentication",
        "tandem.accounts.authentication.VerifiedSessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_RENDERER_CLASSES": API_RENDERERS,
    "EXCEPTION_HANDLER": "tandem.core.api.exception_handler",
}

SPECTACULAR_SETTINGS = {
    "TITLE": "Tandem API",
    "DESCRIPTION": "Multi-agency ASB and hate incident case management.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
    # Not public: schema and docs need a signed-in user (session or token).
    "SERVE_PERMISSIONS": ["rest_framework.permissions.IsAuthenticated"],
    # Swagger UI from the npm package swagger-ui-dist, served by us: no CDN, fits our CSP.
    "SWAGGER_UI_DIST": STATIC_URL + "swagger-ui",
    "SWAGGER_UI_FAVICON_HREF": STATIC_URL + "swagger-ui/favicon-32x32.png",
    "SWAGGER_UI_SETTINGS": {"deepLinking": True, "validatorUrl": None},
    # One name for each choice set used by several fields.
    "ENUM_NAME_OVERRIDES": {
        "RiskAnswerEnum": "tandem.risk.models.Answer",
        "RiskBandEnum": "tandem.risk.models.RiskBand",
        "CaseStatusEnum": "tandem.cases.models.CaseStatus",
        "ShareStatusEnum": "tandem.sharing.models.ShareStatus",
    },
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("TANDEM_LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "INFO"},
        "axes": {"level": "WARNING"},  # failures and lockouts, not every sign-in
    },
}

# Evidence files (tandem.evidence) live outside the web root, under random names, and are served
# only by the download view after the visibility check. The types and sizes allowed are a table
# (AllowedFileType); put the same overall limit (50 MB by default) on the reverse proxy.
TANDEM_EVIDENCE_DIR = Path(os.environ.get("TANDEM_EVIDENCE_DIR", VAR_DIR / "evidence"))
# Uploads larger than this go to a temporary file rather than memory; ordinary form fields
# (everything but files) may total at most DATA_UPLOAD_MAX_MEMORY_SIZE.
FILE_UPLOAD_MAX_MEMORY_SIZE = int(os.environ.get("TANDEM_FILE_UPLOAD_MEMORY_BYTES", 2_621_440))
DATA_UPLOAD_MAX_MEMORY_SIZE = int(os.environ.get("TANDEM_DATA_UPLOAD_MEMORY_BYTES", 2_621_440))
FILE_UPLOAD_PERMISSIONS = 0o600
FILE_UPLOAD_DIRECTORY_PERMISSIONS = 0o700

# Small configuration tables read on every report are kept in each process this long
# (tandem.core.config_cache); a change in the admin screens clears the saving process at once.
TANDEM_CONFIG_CACHE_SECONDS = int(os.environ.get("TANDEM_CONFIG_CACHE_SECONDS", "60"))

# Audit (tandem.audit): behind a reverse proxy, the header it puts the client's address in (e.g.
# X-Forwarded-For; its last address is used). Empty: the connection's own address.
TANDEM_AUDIT_CLIENT_IP_HEADER = os.environ.get("TANDEM_AUDIT_CLIENT_IP_HEADER", "")

# Local policy knobs that are not yet tables of their own.
TANDEM_PARTNERSHIP_NAME = os.environ.get("TANDEM_PARTNERSHIP_NAME", "Kent & Medway")
TANDEM_WORK_QUEUE_PAGE_SIZE = int(os.environ.get("TANDEM_WORK_QUEUE_PAGE_SIZE", "25"))

# Background work: the Django Tasks API (django-tasks). "database" queues tasks in the database for
# `tandem db_worker`; "immediate" runs them at once in the same process (tests, simple set-ups).
_TASK_BACKENDS = {
    "database": "django_tasks_db.DatabaseBackend",
    "immediate": "django_tasks.backends.immediate.ImmediateBackend",
    "dummy": "django_tasks.backends.dummy.DummyBackend",
}
_task_backend = os.environ.get("TANDEM_TASKS_BACKEND", "database")
TASKS = {"default": {"BACKEND": _TASK_BACKENDS.get(_task_backend, _task_backend)}}

# Notifications (tandem.notify): "file" (default; JSON lines in TANDEM_NOTIFY_DIR), "email"
# (Django's email, EMAIL_* settings) or "notify" (GOV.UK Notify).
TANDEM_NOTIFY_BACKEND = os.environ.get("TANDEM_NOTIFY_BACKEND", "file")
TANDEM_NOTIFY_DIR = Path(os.environ.get("TANDEM_NOTIFY_DIR", VAR_DIR / "notifications"))
TANDEM_NOTIFY_API_KEY = os.environ.get("TANDEM_NOTIFY_API_KEY", "")
TANDEM_NOTIFY_TEMPLATES = {
    "email": os.environ.get("TANDEM_NOTIFY_EMAIL_TEMPLATE_ID", ""),
    "sms": os.environ.get("TANDEM_NOTIFY_SMS_TEMPLATE_ID", ""),
    "letter": os.environ.get("TANDEM_NOTIFY_LETTER_TEMPLATE_ID", ""),
}
TANDEM_NOTIFY_MAX_ATTEMPTS = int(os.environ.get("TANDEM_NOTIFY_MAX_ATTEMPTS", "5"))
TANDEM_NOTIFY_RETRY_SECONDS = int(os.environ.get("TANDEM_NOTIFY_RETRY_SECONDS", "60"))
DEFAULT_FROM_EMAIL = os.environ.get("TANDEM_FROM_EMAIL", "tandem@localhost")
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS")
