"""Django settings for Commonplace, read from the environment only.

`COMMONPLACE_ENV` picks the profile:

* ``local`` (default, what `make run` uses): DEBUG off, plain http on
  loopback, a secret key generated into the data directory.
* ``development`` (`make dev`): DEBUG on, autoreload.
* ``production``: DEBUG off, a real SECRET_KEY and ALLOWED_HOSTS required,
  secure cookies, HSTS and an https redirect.
* ``test``: set by `settings_test`, which tunes a few things for speed.

Every variable is listed in the README's configuration table; a test keeps
that table complete.
"""

from __future__ import annotations

import contextlib
import secrets
from pathlib import Path

import dj_database_url
from csp.constants import NONCE, NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from commonplace.config.env import Env

env = Env()

PACKAGE_DIR = Path(__file__).resolve().parent.parent
ENVIRONMENTS = ("local", "development", "production", "test")
ENV = env.get("COMMONPLACE_ENV", "local")
if ENV not in ENVIRONMENTS:
    raise ImproperlyConfigured(
        f"COMMONPLACE_ENV must be one of {', '.join(ENVIRONMENTS)}, not {ENV!r}"
    )
PRODUCTION = ENV == "production"
DEBUG = ENV == "development"

# Local state (SQLite file, generated secret key, uploads, collected static
# files) lives in one directory so a checkout stays clean.
DATA_DIR = Path(env.get("COMMONPLACE_DATA_DIR", str(Path.cwd() / "var"))).resolve()
SHARED_DATA_DIR = Path(
    env.get("COMMONPLACE_SHARED_DATA", str(Path.cwd().parent / "shared" / "data"))
).resolve()


def _local_secret_key(data_dir: Path) -> str:
    """Return the key kept in the data directory, creating it on first use.

    Generated rather than hard-coded, so no two installations share a key
    even when nobody configures one. Written aside and linked into place:
    processes starting together (Granian's workers, a task worker) each
    try, the first link wins, and all of them read that one key.
    """
    key_file = data_dir / "secret_key"
    if not key_file.exists():
        data_dir.mkdir(parents=True, exist_ok=True)
        draft = data_dir / f"secret_key.{secrets.token_hex(8)}"
        draft.touch(mode=0o600)
        draft.write_text(secrets.token_urlsafe(64))
        with contextlib.suppress(FileExistsError):
            key_file.hardlink_to(draft)
        draft.unlink()
    return key_file.read_text().strip()


if PRODUCTION:
    SECRET_KEY = env.required(
        "SECRET_KEY", "production sessions and signed links depend on it"
    )
else:
    SECRET_KEY = env.get("SECRET_KEY") or _local_secret_key(DATA_DIR)

ALLOWED_HOSTS = env.get_list(
    "ALLOWED_HOSTS", "" if PRODUCTION else "127.0.0.1,localhost,[::1]"
)
if PRODUCTION and not ALLOWED_HOSTS:
    raise ImproperlyConfigured("ALLOWED_HOSTS must name the site's host names")
CSRF_TRUSTED_ORIGINS = env.get_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "csp",
    "ninja",
    "template_partials",
    "django_tasks",
    "django_tasks_db",
    "commonplace.core",
    "commonplace.people",
    "commonplace.topics",
    "commonplace.accounts",
    "commonplace.communities",
    "commonplace.knowledge",
    "commonplace.notifications",
    "commonplace.feeds",
    "commonplace.search",
    "commonplace.expertise",
    "commonplace.ideas",
    "commonplace.integrations",
    "commonplace.demo",
    "commonplace.web",
    "commonplace.api",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Before anything that reads the session or the database: a refused
    # request must cost next to nothing.
    "commonplace.web.shedding.LoadSheddingMiddleware",
    "csp.middleware.CSPMiddleware",
    "commonplace.web.middleware.RejectNulMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "commonplace.web.middleware.ViewerTimeZoneMiddleware",
    "commonplace.web.middleware.DomainErrorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "commonplace.config.urls"
WSGI_APPLICATION = "commonplace.config.wsgi.application"

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
                "csp.context_processors.nonce",
                "commonplace.web.context_processors.site",
                "commonplace.notifications.context_processors.unread",
            ],
        },
    },
]

# --- Data -------------------------------------------------------------------

SQLITE_OPTIONS = {
    # WAL lets readers work while a writer commits; IMMEDIATE takes the
    # write lock at BEGIN so concurrent writers queue instead of failing.
    "init_command": (
        "PRAGMA journal_mode=WAL;PRAGMA synchronous=NORMAL;PRAGMA foreign_keys=ON;"
    ),
    "transaction_mode": "IMMEDIATE",
    "timeout": 20,
}


# Load shedding, per web process (commonplace.web.shedding): requests at
# work at once; the next is answered 503 at once when the head of the line
# has waited longer than MAX_WAIT_MS, or when MAX_QUEUE already wait.
# Granian needs a thread for each request at work or waiting, and one more.
SHEDDING_CONCURRENCY = env.get_int("COMMONPLACE_CONCURRENCY", 2)
SHEDDING_MAX_QUEUE = env.get_int("COMMONPLACE_MAX_QUEUE", 32)
SHEDDING_MAX_WAIT_MS = env.get_int("COMMONPLACE_MAX_WAIT_MS", 1000)
if SHEDDING_CONCURRENCY < 1 or SHEDDING_MAX_QUEUE < 0 or SHEDDING_MAX_WAIT_MS < 0:
    raise ImproperlyConfigured(
        "COMMONPLACE_CONCURRENCY must be at least 1, COMMONPLACE_MAX_QUEUE "
        "and COMMONPLACE_MAX_WAIT_MS at least 0"
    )


def _database(url: str) -> dict[str, object]:
    config: dict[str, object] = dict(
        dj_database_url.parse(url, conn_max_age=60, conn_health_checks=True)
    )
    if config["ENGINE"] == "django.db.backends.sqlite3":
        # A long-lived SQLite connection per thread is cheap and keeps the
        # page cache warm.
        config["CONN_MAX_AGE"] = None
        config["OPTIONS"] = dict(SQLITE_OPTIONS)
    elif config["ENGINE"] == "django.db.backends.postgresql":
        # PostgreSQL compiles queries it estimates to be costly (JIT), which
        # took 230 ms for a 40 ms statement here: short queries, as every
        # page makes, never gain from it.
        options = dict(config.get("OPTIONS") or {})  # type: ignore[call-overload]
        options.setdefault("options", "-c jit=off")
        # A web process keeps a thread per request waiting in line, and
        # Django a connection per thread: a pool of a few, shared by the
        # threads, serves the requests at work (CONCURRENCY) without
        # holding a server connection for every thread.
        options.setdefault(
            "pool", {"min_size": 1, "max_size": SHEDDING_CONCURRENCY + 1, "timeout": 10}
        )
        config["OPTIONS"] = options
        config["CONN_MAX_AGE"] = 0  # the pool keeps them instead
    return config


DATABASE_URL = (
    env.get("DATABASE_URL") or f"sqlite:///{DATA_DIR / 'commonplace.sqlite3'}"
)
DATABASES = {"default": _database(DATABASE_URL)}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache, sessions, tasks ---------------------------------------------------

REDIS_URL = env.get("REDIS_URL")

if REDIS_URL:
    CACHES: dict[str, dict[str, object]] = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "commonplace",
        }
    }
    SESSION_ENGINE = "django.contrib.sessions.backends.cache"
    INSTALLED_APPS.append("django_rq")
    RQ_QUEUES = {"default": {"URL": REDIS_URL, "DEFAULT_TIMEOUT": 600}}
    TASKS = {
        # Services enqueue into the outbox, in their own transaction; the
        # relay moves committed rows to RQ (architecture.md, side effects).
        "default": {"BACKEND": "commonplace.core.outbox.OutboxBackend"},
        "rq": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default"]},
    }
else:
    # In the database, so every web process (and every machine on the same
    # database) counts the same rate limits; see commonplace.core.cache.
    CACHES = {
        "default": {
            "BACKEND": "commonplace.core.cache.SharedDatabaseCache",
            "LOCATION": "commonplace_cache",
            # Django culls a third of the entries past 300, which would reset
            # rate counters; expired entries go first.
            "OPTIONS": {"MAX_ENTRIES": 100_000},
        }
    }
    SESSION_ENGINE = "django.contrib.sessions.backends.db"
    TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

# Jobs the scheduler enqueues on a fixed rhythm (see commonplace.core.schedule):
# (name, task path, period in minutes).
PERIODIC_TASKS = [
    (
        "prune-finished-task-results",
        "commonplace.core.tasks.prune_finished_task_results",
        24 * 60,
    ),
    (
        "expire-trending-posts",
        "commonplace.knowledge.tasks.expire_trending",
        60,
    ),
    (
        "digest-waiting-ideas",
        "commonplace.ideas.tasks.digest_waiting_ideas",
        7 * 24 * 60,
    ),
    (
        "tell-overdue-steps",
        "commonplace.ideas.tasks.tell_overdue_steps",
        24 * 60,
    ),
]

# --- People -----------------------------------------------------------------

AUTH_USER_MODEL = "people.User"
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "django.contrib.auth.password_validation."
        "UserAttributeSimilarityValidator"
    },
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# The address people reach Commonplace at, for links in e-mails.
SITE_URL = env.get("COMMONPLACE_SITE_URL", "http://127.0.0.1:8000").rstrip("/")
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "feeds:home"
LOGOUT_REDIRECT_URL = "feeds:home"

# --- E-mail -------------------------------------------------------------------

EMAIL_HOST = env.get("EMAIL_HOST")
EMAIL_PORT = env.get_int("EMAIL_PORT", 587)
EMAIL_HOST_USER = env.get("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env.get("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env.get_bool("EMAIL_USE_TLS", default=True)
EMAIL_TIMEOUT = 20
# Without an SMTP host, mails are printed on the console (and kept in memory
# by the test runner), so a laptop install needs no mail server.
EMAIL_BACKEND = (
    "django.core.mail.backends.smtp.EmailBackend"
    if EMAIL_HOST
    else "django.core.mail.backends.console.EmailBackend"
)
DEFAULT_FROM_EMAIL = env.get(
    "DEFAULT_FROM_EMAIL", "Commonplace <commonplace@localhost>"
)
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- Language and time ----------------------------------------------------------

LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English"))]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
USE_I18N = True
USE_TZ = True
# The organisation's zone: used for people who have not chosen their own.
TIME_ZONE = env.get("COMMONPLACE_TIME_ZONE", "UTC")

# --- Static files and uploads ---------------------------------------------------

STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
# Front-end packages come from the npm registry; `make assets` copies the
# files the pages use here (never committed).
STATICFILES_DIRS = [DATA_DIR / "assets"]
MEDIA_ROOT = DATA_DIR / "media"
MEDIA_URL = "/media/"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG or ENV == "test"
            else "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"
        )
    },
}
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# --- Security -------------------------------------------------------------------

SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = PRODUCTION
CSRF_COOKIE_SECURE = PRODUCTION
SECURE_SSL_REDIRECT = PRODUCTION
SECURE_HSTS_SECONDS = 60 * 60 * 24 * 365 if PRODUCTION else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = PRODUCTION
SECURE_HSTS_PRELOAD = PRODUCTION
BEHIND_PROXY = env.get_bool("COMMONPLACE_BEHIND_PROXY")
# The benchmark's floor pages (web/floors.py); never in production.
BENCH_FLOORS = env.get_bool("COMMONPLACE_BENCH_FLOORS") and not PRODUCTION
if BEHIND_PROXY:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# Rate limits: name -> (attempts, window in seconds). Counted per subject
# (an address or an IP) in the shared cache; see commonplace.core.ratelimit.
RATE_LIMITS = {
    "login:account": (5, 15 * 60),
    "login:ip": (30, 15 * 60),
    "signup:address": (3, 60 * 60),
    "signup:ip": (10, 60 * 60),
    "password-reset:address": (3, 60 * 60),
    "password-reset:ip": (10, 60 * 60),
}

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF, NONCE],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

# --- Logging ----------------------------------------------------------------------

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {
        "handlers": ["console"],
        "level": env.get("COMMONPLACE_LOG_LEVEL", "INFO"),
    },
    "loggers": {
        # Tracebacks of 5xx responses go to the console in every profile.
        "django.request": {"level": "ERROR", "propagate": True},
    },
}
