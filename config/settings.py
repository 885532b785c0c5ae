"""Settings, all from the environment (see .env.example).

With nothing set, the project runs on an embedded default: an SQLite file, a file-system Celery
broker and a file cache under ./var, so one machine with Python and nothing else can run the whole
system. PRODUCTION=1 switches on the hardened settings that `check --deploy` asks for.
"""

import secrets
from datetime import timedelta
from pathlib import Path

import environ
from csp.constants import NONE, SELF
from kombu import Exchange, Queue

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(environ.Env().str("VAR_DIR", default=str(BASE_DIR / "var")))

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

PRODUCTION = env.bool("PRODUCTION", default=False)
DEBUG = env.bool("DEBUG", default=False)
TESTING = env.bool("TESTING", default=False)


def _local_secret_key() -> str:
    # Generated once and kept beside the embedded database; never used in production.
    path = VAR_DIR / "secret_key"
    if not path.exists():
        VAR_DIR.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_urlsafe(64))
        path.chmod(0o600)
    return path.read_text().strip()


if PRODUCTION:
    SECRET_KEY = env.str("SECRET_KEY")
else:
    SECRET_KEY = env.str("SECRET_KEY", default="") or _local_secret_key()

ALLOWED_HOSTS = env.list(
    "ALLOWED_HOSTS", default=[] if PRODUCTION else ["localhost", "127.0.0.1", "[::1]", "testserver"]
)
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_celery_beat",
    "django_htmx",
    "axes",
    "council",
    "comms",
    "moderation",
    "records",
    "website",
    "reports",
    "dbbackup",
    "backups",
    "social",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "council.middleware.CurrentCouncilMiddleware",
    "council.middleware.SignedInPrivacyMiddleware",
    "council.middleware.SessionTimeoutMiddleware",
    # Last, as django-axes asks.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "council.context_processors.current_council",
            ],
        },
    },
]

DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'db.sqlite3'}"),
}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL and a busy timeout let the web process, worker and beat share one SQLite file. Transactions
    # begin IMMEDIATE (take the write lock at BEGIN): a deferred transaction that reads and then
    # writes cannot wait for the lock, so SQLite answers "database is locked" at once instead of
    # honouring the timeout.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "timeout": 20,
            "transaction_mode": "IMMEDIATE",
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=20000;",
        }
    )
    # A file, not memory, so a real Celery worker started by the tests can open the test database.
    DATABASES["default"]["TEST"] = {"NAME": env.str("SQLITE_TEST_NAME", default=str(VAR_DIR / "test-db.sqlite3"))}
else:
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
    # JIT compilation costs seconds on a bad plan and saves nothing on short queries like ours;
    # a statement timeout (e.g. 30000 ms for the web processes) stops a runaway query.
    _pg_options = "-c jit=off"
    if env.int("DB_STATEMENT_TIMEOUT_MS", default=0):
        _pg_options += f" -c statement_timeout={env.int('DB_STATEMENT_TIMEOUT_MS')}"
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = _pg_options
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "council.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
# Sessions: each council sets its staff idle timeout (Council.staff_idle_timeout_minutes); this is the
# default for accounts with no council. SESSION_COOKIE_AGE (two weeks) is the absolute lifetime.
SESSION_IDLE_TIMEOUT_MINUTES = env.int("SESSION_IDLE_TIMEOUT_MINUTES", default=240)
SESSION_COOKIE_AGE = env.int("SESSION_COOKIE_AGE", default=14 * 24 * 3600)
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "landing"  # the Clerk to Today, a councillor to the portal (council.views.landing)
LOGOUT_REDIRECT_URL = "home"

# django-axes: lock a username+address pair after repeated failures, for a cool-off period.
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("AXES_COOLOFF_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_ENABLED = env.bool("AXES_ENABLED", default=True)
# How many reverse proxies we run in front of gunicorn (0: none, the client is REMOTE_ADDR). The
# lockout and the public forms' rate limit take the client address from X-Forwarded-For through them.
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)
# Whose Authentication-Results vouch for councillors' own mail (README "Councillors writing from their
# own mail"): the receiving server's authserv-id(s); empty = only the topmost such header counts.
MAIL_AUTHSERV_IDS = env.list("MAIL_AUTHSERV_IDS", default=[])
AXES_CLIENT_IP_CALLABLE = "council.client_ip.client_address"

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = env.str("STATIC_ROOT", default=str(VAR_DIR / "staticfiles"))
MEDIA_ROOT = env.str("MEDIA_ROOT", default=str(VAR_DIR / "media"))
MEDIA_URL = "/media-not-served/"  # attachments are served only through permission-checked views
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
# Backups (backups app, django-dbbackup): the database and MEDIA_ROOT, encrypted with GPG to the public key
# BACKUP_GPG_RECIPIENT (its private key is kept off this machine; README "Backups"), written to the storage
# target below: a folder by default, any Django storage (django-storages: SFTP, S3...) when configured.
BACKUP_DIR = env.str("BACKUP_DIR", default=str(VAR_DIR / "backups"))
STORAGES["dbbackup"] = {
    "BACKEND": env.str("BACKUP_STORAGE_BACKEND", default="django.core.files.storage.FileSystemStorage"),
    "OPTIONS": env.json("BACKUP_STORAGE_OPTIONS", default={"location": BACKUP_DIR}),
}
BACKUP_GPG_RECIPIENT = env.str("BACKUP_GPG_RECIPIENT", default="")
BACKUP_KEEP_COUNT = env.int("BACKUP_KEEP_COUNT", default=30)  # at most this many backups are kept
BACKUP_KEEP_DAYS = env.int("BACKUP_KEEP_DAYS", default=90)  # and none older than this (the newest is always kept)
BACKUP_STALE_AFTER_HOURS = 48  # the Clerk's settings page warns when the last good backup is older
# The operator's copy of a failure notice (besides each council's Clerk).
BACKUP_OPERATOR_EMAILS = env.list("BACKUP_OPERATOR_EMAILS", default=[])
DBBACKUP_GPG_RECIPIENT = BACKUP_GPG_RECIPIENT or None
DBBACKUP_GPG_ALWAYS_TRUST = True  # the imported public key is the operator's own; there is no web of trust
DBBACKUP_SEND_EMAIL = False  # failures are told through the Council's mail door (backups.services)
# SQLite is dumped as SQL by the library's SQLite connector and restored statement by statement inside
# one transaction, so it restores into a live, empty database file (the file-copy connector cannot).
DBBACKUP_CONNECTOR_MAPPING = {"django.db.backends.sqlite3": "dbbackup.db.sqlite.SqliteConnector"}
DBBACKUP_TMP_DIR = env.str("BACKUP_TMP_DIR", default=str(VAR_DIR / "tmp"))
Path(DBBACKUP_TMP_DIR).mkdir(parents=True, exist_ok=True)

FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# Recovery from a dead worker (tests/mail/test_reliability_settings.py checks these relations).
# Outbox: the lease on a row being sent outlasts the send task's hard limit, so when it runs out the
# claimant is dead (killed at the limit, or with its worker) and the relay, every
# OUTBOX_RELAY_SECONDS, queues the row again: a dead worker's rows wait at most about 4 minutes.
OUTBOX_SEND_SOFT_TIME_LIMIT, OUTBOX_SEND_TIME_LIMIT = 120, 180
OUTBOX_SENDING_LEASE_SECONDS = OUTBOX_SEND_TIME_LIMIT + 30
OUTBOX_RELAY_SECONDS = 30
OUTBOX_RETRY_COUNTDOWN_MAX = 300  # a later retry is left to the relay, not held by a worker
# Redis hands out again a message not acknowledged within this (acks_late: when the task ends). It
# outlasts every task's time limit plus countdown (outbox retries; account emails: 480 s + 90 s; the
# Page's rate-limited retries), except the nightly backup and retention run, which hold locks of their own.
REDIS_VISIBILITY_TIMEOUT = 600
# The Page's items (social.tasks.page_item_process): a retry waits in a worker, unacknowledged, for its
# countdown and then runs for up to the hard limit, so the countdown is at most what is left of the
# visibility timeout (less a margin); Facebook asking for a longer wait is waited out in such steps.
SOCIAL_ITEM_SOFT_TIME_LIMIT, SOCIAL_ITEM_TIME_LIMIT = 60, 90
SOCIAL_RETRY_COUNTDOWN_MAX = REDIS_VISIBILITY_TIMEOUT - SOCIAL_ITEM_TIME_LIMIT - 30
# The mailbox lease, renewed after every message: longer than one IMAP wait plus recording a message.
IMAP_TIMEOUT = 60
IMAP_LOCK_SECONDS = 2 * IMAP_TIMEOUT
# Reading many mailboxes (comms.mail.schedule and .watch, docs/scaling.md): the sweep queues the due reads
# (at most SWEEP_MAX); the next read is POLL_SECONDS after mail, half as long again per empty read up to
# QUIET_MAX, doubling while failing up to FAILING_MAX (+-10%); `manage.py mailbox_watch` holds IDLE on the
# IDLE_MAX most active (then polled every WATCHED_POLL s); a read not started in QUEUED_GRACE is requeued.
MAILBOX_SWEEP_SECONDS = env.int("MAILBOX_SWEEP_SECONDS", default=30)
MAILBOX_SWEEP_MAX = env.int("MAILBOX_SWEEP_MAX", default=2000)
MAILBOX_POLL_SECONDS = env.int("MAILBOX_POLL_SECONDS", default=120)
MAILBOX_POLL_QUIET_MAX_SECONDS = env.int("MAILBOX_POLL_QUIET_MAX_SECONDS", default=600)
MAILBOX_POLL_FAILING_MAX_SECONDS = env.int("MAILBOX_POLL_FAILING_MAX_SECONDS", default=3600)
MAILBOX_WATCHED_POLL_SECONDS = env.int("MAILBOX_WATCHED_POLL_SECONDS", default=900)
MAILBOX_QUEUED_GRACE_SECONDS = env.int("MAILBOX_QUEUED_GRACE_SECONDS", default=300)
MAILBOX_IDLE_MAX = env.int("MAILBOX_IDLE_MAX", default=100)
MAILBOX_WATCH_LEASE_SECONDS = 90  # renewed every third of it

# Redis when configured; otherwise a file-system broker and cache so the embedded run needs no server.
REDIS_URL = env.str("REDIS_URL", default="")
CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default="") or REDIS_URL or "filesystem://"
if CELERY_BROKER_URL == "filesystem://":
    _broker_dir = VAR_DIR / "celery" / "broker"
    _broker_dir.mkdir(parents=True, exist_ok=True)
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(_broker_dir),
        "data_folder_out": str(_broker_dir),
        "processed_folder": str(VAR_DIR / "celery" / "processed"),
        "control_folder": str(VAR_DIR / "celery" / "control"),
        "store_processed": False,
    }
else:
    CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": REDIS_VISIBILITY_TIMEOUT}
# A queue per kind of work, each scaled by its own workers (`celery -A config worker -Q mail_out`); a
# worker without -Q (bin/run's) consumes them all. CELERY_QUEUE_PREFIX keeps apart test runs (or
# installations) sharing one Redis database.
_QUEUE_PREFIX = env.str("CELERY_QUEUE_PREFIX", default="")
QUEUE_MAIL_IN, QUEUE_MAIL_OUT, QUEUE_MODERATION, QUEUE_REPORTS, QUEUE_MAINTENANCE = (
    _QUEUE_PREFIX + name for name in ("mail_in", "mail_out", "moderation", "reports", "maintenance")
)
CELERY_TASK_QUEUES = [  # each on an exchange of its own name, as Celery makes a queue it has not been told of
    Queue(q, Exchange(q), routing_key=q)
    for q in (QUEUE_MAIL_IN, QUEUE_MAIL_OUT, QUEUE_MODERATION, QUEUE_REPORTS, QUEUE_MAINTENANCE)
]
CELERY_TASK_DEFAULT_QUEUE = QUEUE_MAINTENANCE
CELERY_TASK_ROUTES = {
    "comms.tasks.mailboxes_poll": {"queue": QUEUE_MAIL_IN},
    "comms.tasks.mailbox_poll": {"queue": QUEUE_MAIL_IN},
    "social.tasks.pages_poll": {"queue": QUEUE_MAIL_IN},  # the Facebook Page: what comes in, like mail
    "social.tasks.page_poll_task": {"queue": QUEUE_MAIL_IN},
    "social.tasks.page_item_process": {"queue": QUEUE_MODERATION},
    "social.tasks.page_item_decide": {"queue": QUEUE_MODERATION},
    "social.tasks.page_post_send_task": {"queue": QUEUE_MAIL_OUT},
    "comms.mail.outbox.outbound_email_send": {"queue": QUEUE_MAIL_OUT},
    "comms.tasks.outbox_relay": {"queue": QUEUE_MAIL_OUT},
    "comms.tasks.case_acknowledge_automatically": {"queue": QUEUE_MAIL_OUT},
    "council.tasks.password_reset_send": {"queue": QUEUE_MAIL_OUT},
    "council.tasks.member_invitation_send": {"queue": QUEUE_MAIL_OUT},
    "moderation.*": {"queue": QUEUE_MODERATION},
    "reports.*": {"queue": QUEUE_REPORTS},
    "records.tasks.statutory_reminders_send": {"queue": QUEUE_REPORTS},
    "records.tasks.policy_review_remind": {"queue": QUEUE_REPORTS},
    "records.tasks.retention_apply": {"queue": QUEUE_MAINTENANCE},
    "backups.*": {"queue": QUEUE_MAINTENANCE},
    "council.tasks.worker_heartbeat": {"queue": QUEUE_MAINTENANCE},
}
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=False)
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_TIME_LIMIT = 300
CELERY_TASK_SOFT_TIME_LIMIT = 240
CELERY_TASK_IGNORE_RESULT = True
CELERY_WORKER_CANCEL_LONG_RUNNING_TASKS_ON_CONNECTION_LOSS = False
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
from celery.schedules import crontab as _crontab  # noqa: E402

CELERY_BEAT_SCHEDULE: dict = {
    "worker-heartbeat": {"task": "council.tasks.worker_heartbeat", "schedule": 60.0},
    "mailboxes-poll": {"task": "comms.tasks.mailboxes_poll", "schedule": float(MAILBOX_SWEEP_SECONDS)},
    "outbox-relay": {"task": "comms.tasks.outbox_relay", "schedule": float(OUTBOX_RELAY_SECONDS)},
    "facebook-pages-poll": {"task": "social.tasks.pages_poll", "schedule": 300.0},
    "records-statutory-reminders": {
        "task": "records.tasks.statutory_reminders_send",
        "schedule": _crontab(hour=7, minute=0),
    },
    "records-policy-review": {"task": "records.tasks.policy_review_remind", "schedule": _crontab(hour=7, minute=5)},
    "records-retention": {"task": "records.tasks.retention_apply", "schedule": _crontab(hour=2, minute=30)},
    "reports-digests": {"task": "reports.tasks.digests_send", "schedule": _crontab(minute=15)},
    "backups-nightly": {"task": "backups.tasks.backup_scheduled", "schedule": _crontab(hour=1, minute=40)},
}
CELERY_WORKER_HIJACK_ROOT_LOGGER = False

if REDIS_URL:
    CACHES = {"default": {"BACKEND": "council.cache.RedisCache", "LOCATION": REDIS_URL}}
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(VAR_DIR / "cache"),
        }
    }

# Mail: SMTP when EMAIL_URL is set; otherwise every outgoing message is caught in var/sent-mail.
_email_url = env.str("EMAIL_URL", default="")
if _email_url:
    vars().update(env.email_url("EMAIL_URL"))
else:
    EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    EMAIL_FILE_PATH = str(VAR_DIR / "sent-mail")
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="council-comms@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
EMAIL_TIMEOUT = 30

# Content Security Policy (django-csp 4): no inline scripts or styles anywhere.
_SELF_ONLY = ("default-src", "script-src", "style-src", "font-src", "connect-src", "base-uri", "form-action")
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        **{directive: [SELF] for directive in _SELF_ONLY},
        "img-src": [SELF, "data:"],
        "object-src": [NONE],
        "frame-ancestors": [NONE],
    }
}
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SESSION_COOKIE_HTTPONLY = True

if PRODUCTION:
    DEBUG = False
    SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    # __Host-: the browser accepts these only over HTTPS, for this exact host, with path / (no
    # Domain attribute), so a sibling subdomain cannot set or overwrite them.
    SESSION_COOKIE_NAME = "__Host-sessionid"
    CSRF_COOKIE_NAME = "__Host-csrftoken"
    SESSION_COOKIE_PATH = "/"
    CSRF_COOKIE_PATH = "/"
    SESSION_COOKIE_DOMAIN = None
    CSRF_COOKIE_DOMAIN = None

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}, "axes": {"level": "WARNING"}},
}

# Attachments (P14): what the register accepts and keeps.
ATTACHMENT_MAX_BYTES = env.int("ATTACHMENT_MAX_BYTES", default=15 * 1024 * 1024)

# The council's Facebook Page (social app): the Graph API's address (tests point it at loopback) and the key
# that seals Page tokens and app secrets at rest (else derived from SECRET_KEY; changing it means entering them again).
FACEBOOK_GRAPH_URL = env.str("FACEBOOK_GRAPH_URL", default="https://graph.facebook.com/v21.0")
SOCIAL_SECRETS_KEY = env.str("SOCIAL_SECRETS_KEY", default="")
