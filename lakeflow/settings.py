"""Lakeflow settings.

With no environment at all Lakeflow runs on the *embedded default*: SQLite (WAL) under
LAKEFLOW_HOME, Celery on an in-process broker, the in-memory channel layer. Production swaps each
of these through the environment (DATABASE_URL, CELERY_BROKER_URL, REDIS_URL, ...); the code is
the same. Every variable is read here and nowhere else.
"""

from __future__ import annotations

import os
import secrets
import tempfile
from pathlib import Path

import dj_database_url


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    return int(value) if value not in (None, "") else default


def env_list(name: str, default: list[str]) -> list[str]:
    value = os.environ.get(name)
    if value is None:
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


BASE_DIR = Path(__file__).resolve().parent.parent

# --- Where Lakeflow keeps its state -------------------------------------------------------------
# Everything of the embedded default (database, workspace files, logs, environments) lives under
# LAKEFLOW_HOME: a `.lakeflow` folder in the working directory unless set.
LAKEFLOW_HOME = Path(env_str("LAKEFLOW_HOME", str(Path.cwd() / ".lakeflow"))).resolve()
LAKEFLOW_HOME.mkdir(parents=True, exist_ok=True)

# The URL users reach this installation at; used in run_page_url and notification links.
LAKEFLOW_URL = env_str("LAKEFLOW_URL", "http://127.0.0.1:8000").rstrip("/")
# What {{workspace.id}} reports (Lakeflow is one workspace; Databricks clients may expect a number).
LAKEFLOW_WORKSPACE_ID = env_int("LAKEFLOW_WORKSPACE_ID", 0)

# --- Security ------------------------------------------------------------------------------------
DEBUG = env_bool("DEBUG", default=False)


def _secret_key() -> str:
    """SECRET_KEY from the environment; else one generated once and kept under LAKEFLOW_HOME."""
    if key := env_str("SECRET_KEY"):
        return key
    path = LAKEFLOW_HOME / "secret_key"
    if not path.exists():
        path.write_text(secrets.token_urlsafe(50))
        path.chmod(0o600)
    return path.read_text().strip()


SECRET_KEY = _secret_key()


def _secrets_key() -> str:
    """LAKEFLOW_SECRETS_KEY (encrypts secret values at rest); else generated once under LAKEFLOW_HOME."""
    if key := env_str("LAKEFLOW_SECRETS_KEY"):
        return key
    path = LAKEFLOW_HOME / "secrets_key"
    if not path.exists():
        path.write_text(secrets.token_urlsafe(32))
        path.chmod(0o600)
    return path.read_text().strip()


LAKEFLOW_SECRETS_KEY = _secrets_key()
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]", "testserver"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

# Behind TLS (production) cookies are secure and HSTS is on; the embedded default serves plain
# HTTP on the loopback, where these would lock the user out.
SECURE = env_bool("LAKEFLOW_SECURE", default=False)
SESSION_COOKIE_SECURE = SECURE
CSRF_COOKIE_SECURE = SECURE
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=SECURE)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000 if SECURE else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = SECURE
SECURE_HSTS_PRELOAD = SECURE
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if SECURE else None
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True

# --- Applications -------------------------------------------------------------------------------
INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "rest_framework",
    "drf_spectacular",
    "channels",
    "django_celery_beat",
    "lakeflow",
    "lakeflow.accounts",
    "lakeflow.workspace",
    "jobs",
    "jobs.schedules",
    "runs",
    "compute",
    "lakeflow.pipelines",
    *("lakeflow.audit", "lakeflow.secrets", "lakeflow.notifications"),  # issue 9
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "lakeflow.audit.middleware.AuditSourceMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "lakeflow.security.ContentSecurityPolicyMiddleware",
]

ROOT_URLCONF = "lakeflow.urls"
ASGI_APPLICATION = "lakeflow.asgi.application"
WSGI_APPLICATION = None

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "lakeflow" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

# --- Database -----------------------------------------------------------------------------------
# SQLite in WAL mode by default; IMMEDIATE transactions make concurrent writers queue on the
# database lock instead of failing mid-transaction ("database is locked"), which is what
# select_for_update gives us on PostgreSQL.
# A file (not :memory:) so worker threads and child processes see the test data.
SQLITE = {
    "ENGINE": "django.db.backends.sqlite3",
    "OPTIONS": {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 30,
    },
    "TEST": {"NAME": str(Path(tempfile.gettempdir()) / f"lakeflow-test-{os.getpid()}.sqlite3")},
}
DATABASE_URL = env_str("DATABASE_URL")
if not DATABASE_URL:
    DATABASES = {"default": {**SQLITE, "NAME": LAKEFLOW_HOME / "lakeflow.sqlite3"}}
elif DATABASE_URL.startswith("sqlite:"):
    # A SQLite file elsewhere than LAKEFLOW_HOME behaves as the default one does.
    DATABASES = {"default": {**SQLITE, "NAME": dj_database_url.parse(DATABASE_URL)["NAME"]}}
else:
    DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=60, conn_health_checks=True)}
    # One test database per test process, so parallel runs on one server do not collide.
    DATABASES["default"]["TEST"] = {"NAME": f"test_lakeflow_{os.getpid()}"}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Auth ---------------------------------------------------------------------------------------
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
]
LOGIN_URL = "/login/"
LOGIN_REDIRECT_URL = "/"
# Failed logins and bad tokens are counted per client IP and per user name; past the limit within
# the window the caller gets 429 REQUEST_LIMIT_EXCEEDED (lakeflow/accounts/ratelimit.py).
AUTHENTICATION_BACKENDS = ["lakeflow.accounts.backends.RateLimitedModelBackend"]
LAKEFLOW_AUTH_FAILURE_LIMIT = env_int("LAKEFLOW_AUTH_FAILURE_LIMIT", 20)
LAKEFLOW_AUTH_FAILURE_WINDOW_SECONDS = env_int("LAKEFLOW_AUTH_FAILURE_WINDOW_SECONDS", 300)
# The counters live in the cache: shared through Redis when there is one (several web processes),
# process memory in the embedded default (one process).
REDIS_URL = env_str("REDIS_URL")
# Several installations (or test clusters) sharing one Redis keep apart with a key prefix, used by
# the broker, the websocket channel layer and the cache alike.
REDIS_KEY_PREFIX = env_str("LAKEFLOW_REDIS_KEY_PREFIX")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": REDIS_KEY_PREFIX,
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# --- REST API (Databricks wire format) ------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "lakeflow.accounts.authentication.BearerTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": [
        "rest_framework.parsers.JSONParser",
        "lakeflow.api.parsers.UnlabelledJSONParser",
    ],
    "EXCEPTION_HANDLER": "lakeflow.api.errors.exception_handler",
    "DEFAULT_SCHEMA_CLASS": "lakeflow.api.schema.AutoSchema",
    "UNAUTHENTICATED_USER": None,
    # `format` is a real Databricks parameter (workspace/export), not DRF's renderer override.
    "URL_FORMAT_OVERRIDE": None,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Lakeflow API",
    "DESCRIPTION": "Databricks Jobs 2.2 / Clusters 2.1 / Workspace / SQL compatible API of Lakeflow.",
    "VERSION": "0.1.0",
    "SERVE_INCLUDE_SCHEMA": False,
    # Like everything under /api/, the schema and its docs page need a session or a token.
    "SERVE_PERMISSIONS": ["rest_framework.permissions.IsAuthenticated"],
    "COMPONENT_SPLIT_REQUEST": True,
    # The schema documents JSON bodies (and the workspace import's upload forms); curl's unlabelled
    # JSON (lakeflow.api.parsers) is accepted but not advertised.
    "PARSER_WHITELIST": [
        "rest_framework.parsers.JSONParser",
        "rest_framework.parsers.MultiPartParser",
        "rest_framework.parsers.FormParser",
    ],
}

# --- Celery -------------------------------------------------------------------------------------
# The broker only carries "please execute TaskRun 42"; the database is the source of truth.
# Embedded default: the in-process memory transport, consumed by worker threads of `lakeflow dev`.
CELERY_BROKER_URL = env_str("CELERY_BROKER_URL", "memory://")
CELERY_EMBEDDED = CELERY_BROKER_URL.startswith("memory://")
CELERY_RESULT_BACKEND = None
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BROKER_TRANSPORT_OPTIONS = {"polling_interval": 0.005} if CELERY_EMBEDDED else {}
if CELERY_BROKER_URL.startswith(("redis://", "rediss://")) and REDIS_KEY_PREFIX:
    CELERY_BROKER_TRANSPORT_OPTIONS["global_keyprefix"] = REDIS_KEY_PREFIX
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
CELERY_TIMEZONE = "UTC"

# --- Channels (websockets) ----------------------------------------------------------------------
if REDIS_URL:
    CHANNEL_LAYERS = {
        "default": {
            "BACKEND": "channels_redis.core.RedisChannelLayer",
            "CONFIG": {"hosts": [REDIS_URL], "prefix": f"{REDIS_KEY_PREFIX}asgi"},
        }
    }
else:
    CHANNEL_LAYERS = {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}

# --- Engine -------------------------------------------------------------------------------------
# A running task run heartbeats every LAKEFLOW_HEARTBEAT_SECONDS; the reconciler fails (and
# retries per policy) one whose heartbeat is older than LAKEFLOW_HEARTBEAT_TIMEOUT_SECONDS.
LAKEFLOW_HEARTBEAT_SECONDS = env_int("LAKEFLOW_HEARTBEAT_SECONDS", 5)
LAKEFLOW_HEARTBEAT_TIMEOUT_SECONDS = env_int("LAKEFLOW_HEARTBEAT_TIMEOUT_SECONDS", 60)
LAKEFLOW_RECONCILE_SECONDS = env_int("LAKEFLOW_RECONCILE_SECONDS", 10)
# A QUEUED task run no worker claimed within this long is re-dispatched (its message was lost).
LAKEFLOW_DISPATCH_GRACE_SECONDS = env_int("LAKEFLOW_DISPATCH_GRACE_SECONDS", 30)
# Production: beat runs the reconciler (embedded: a thread of `lakeflow dev`).
CELERY_BEAT_SCHEDULE = {
    "lakeflow-reconcile": {
        "task": "runs.reconcile",
        "schedule": float(LAKEFLOW_RECONCILE_SECONDS),
        "options": {"queue": "lakeflow.control", "expires": float(LAKEFLOW_RECONCILE_SECONDS)},
    },
}
# Worker threads of the embedded default (each runs one task's child process at a time).
LAKEFLOW_EMBEDDED_WORKERS = env_int("LAKEFLOW_EMBEDDED_WORKERS", 8)

# --- Compute (clusters) ---------------------------------------------------------------------------
# The supervisor checks every cluster this often (workers up? autoscale? idle?).
LAKEFLOW_CLUSTER_SUPERVISE_SECONDS = env_int("LAKEFLOW_CLUSTER_SUPERVISE_SECONDS", 2)
# A cluster whose workers do not all consume its queue within this time goes to ERROR.
LAKEFLOW_CLUSTER_START_TIMEOUT_SECONDS = env_int("LAKEFLOW_CLUSTER_START_TIMEOUT_SECONDS", 120)
# A worker asked to stop gets this long to finish its task before it is killed.
LAKEFLOW_WORKER_STOP_GRACE_SECONDS = env_int("LAKEFLOW_WORKER_STOP_GRACE_SECONDS", 30)
# Upper bound of num_workers / autoscale.max_workers (the local provider runs them on one machine).
LAKEFLOW_MAX_CLUSTER_WORKERS = env_int("LAKEFLOW_MAX_CLUSTER_WORKERS", 32)
# How long "a minute" of autotermination_minutes is (tests shorten it), and how long a worker of an
# autoscaling cluster stays idle before the autoscaler removes it.
LAKEFLOW_AUTOTERMINATION_UNIT_SECONDS = float(env_str("LAKEFLOW_AUTOTERMINATION_UNIT_SECONDS", "60"))
LAKEFLOW_AUTOSCALE_DOWN_IDLE_SECONDS = env_int("LAKEFLOW_AUTOSCALE_DOWN_IDLE_SECONDS", 30)
# Production: extra serverless worker processes the supervisor may add under demand (0: none).
LAKEFLOW_SERVERLESS_MAX_WORKERS = env_int("LAKEFLOW_SERVERLESS_MAX_WORKERS", 4)
# Production: the supervisor step runs on the control queue (`lakeflow dev` runs it as a thread).
CELERY_BEAT_SCHEDULE["lakeflow-supervise-clusters"] = {
    "task": "compute.supervise_clusters",
    "schedule": float(LAKEFLOW_CLUSTER_SUPERVISE_SECONDS),
    "options": {"queue": "lakeflow.control", "expires": float(LAKEFLOW_CLUSTER_SUPERVISE_SECONDS)},
}

# --- Schedules and triggers (jobs/schedules) ----------------------------------------------------
# Databricks starts at most one scheduled run per 10 s of a job, whatever the cron's seconds say.
LAKEFLOW_SCHEDULE_MIN_INTERVAL_SECONDS = env_int("LAKEFLOW_SCHEDULE_MIN_INTERVAL_SECONDS", 10)
# How often file-arrival, table-update, job-completion and continuous triggers are checked.
LAKEFLOW_TRIGGER_POLL_SECONDS = env_int("LAKEFLOW_TRIGGER_POLL_SECONDS", 5)
# A continuous job whose runs fail waits base * 2^(failures-1) seconds, at most the max.
LAKEFLOW_CONTINUOUS_BACKOFF_SECONDS = env_int("LAKEFLOW_CONTINUOUS_BACKOFF_SECONDS", 10)
LAKEFLOW_CONTINUOUS_BACKOFF_MAX_SECONDS = env_int("LAKEFLOW_CONTINUOUS_BACKOFF_MAX_SECONDS", 3600)

# --- Static files and the browser app -------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = LAKEFLOW_HOME / "static"
STATIC_ROOT.mkdir(exist_ok=True)
FRONTEND_DIST = BASE_DIR / "frontend" / "dist"
STATICFILES_DIRS = [FRONTEND_DIST] if FRONTEND_DIST.is_dir() else []
WHITENOISE_USE_FINDERS = True
DATA_UPLOAD_MAX_MEMORY_SIZE = env_int("LAKEFLOW_MAX_UPLOAD_BYTES", 50 * 1024 * 1024)

# --- Email --------------------------------------------------------------------------------------
EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.filebased.EmailBackend")
EMAIL_FILE_PATH = LAKEFLOW_HOME / "mail"
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS")
# Seconds an SMTP connection may wait for the server: without it a server that accepts and never
# answers holds the sending worker thread forever (Django's default is no timeout).
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 10)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "lakeflow@localhost")

# --- Locale -------------------------------------------------------------------------------------
LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = False
USE_TZ = True

# --- Logging ------------------------------------------------------------------------------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        "celery": {"level": "WARNING"},
    },
}
if CELERY_EMBEDDED:
    # The in-process broker (memory://) has no host name, and kombu warns about that on connect.
    LOGGING["loggers"]["kombu.connection"] = {"level": "ERROR"}
