"""Settings shared by every environment. Safe for production on its own:
DEBUG is off and nothing secret has a default. Every value that differs
between machines comes from the environment through ``env``.

Sections as in cookiecutter-django's base settings: Django's own (general,
apps, middleware, URLs, templates, databases, caches, authentication,
internationalisation, static and media), the libraries' (allauth, axes),
then each app's. An app's knobs and their defaults live in its own
``conf.py``; here they are only wired to the environment."""

from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = BASE_DIR / "var"

env = environ.Env()


def env_overrides(**casts):
    """``{setting: value}`` for each setting whose environment variable (of
    the same name) is set, read with its cast (``env.int``...). An app's
    default lives in its own ``conf.py`` only; the environment overrides it
    here without copying it."""
    return {name: cast(name) for name, cast in casts.items() if name in env}


# GENERAL
# ------------------------------------------------------------------------------
DEBUG = env.bool("DEBUG", default=False)
# Empty unless given: Django refuses to sign anything with an empty key, and
# production.py refuses to start without one.
SECRET_KEY = env.str("SECRET_KEY", default="")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=[])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

# APPS
# ------------------------------------------------------------------------------
INSTALLED_APPS = [
    # Our apps, lowest floor first (see DESIGN.md, "Which app may import which").
    "home",
    "privacy",
    "backups",
    "events",
    "accounts",
    "tickets",
    "newsletter",
    # Comments: django-comments-xtd, the framework it extends, and our app on
    # them. The library comes first: comments' ready() removes a signal
    # handler that the library's ready() connects.
    "django_comments_xtd",
    "django_comments",
    "comments",
    # Content in Norwegian and English: wagtail-localize's translation editor
    # and its locale admin (in place of wagtail.locales).
    "wagtail_localize",
    "wagtail_localize.locales",
    # Wagtail
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.routable_page",
    "wagtail_modeladmin",
    "wagtail.contrib.search_promotions",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    # Accounts: sign-up, login, email verification, sessions; login security log
    "allauth",
    "allauth.account",
    "allauth.usersessions",
    "axes",
    # Background work
    "django_tasks",
    "django_tasks_db",
    # Django
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    # Needed by django_comments (a comment belongs to a sites.Site).
    "django.contrib.sites",
]

# MIDDLEWARE
# ------------------------------------------------------------------------------
MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # 503 while a restore waits for its erasure journal to be replayed.
    "backups.middleware.MaintenanceMiddleware",
    # Outside the page cache, so pages served from it get the headers too.
    "home.security.ContentSecurityPolicyMiddleware",
    "home.security.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # Django's LocaleMiddleware, obeying the front proxy's choice of language
    # (PROXY_LANGUAGE_HEADER) when there is one (home/frontend_cache.py).
    "home.frontend_cache.ProxyLocaleMiddleware",
    "home.cache.AnonymousPageCacheMiddleware",
    "home.routing.CachedSiteMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Tells the page's scripts whether the visitor is signed in (cookie).
    "home.cache.SignedInCookieMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    # Writes refused requests to the admin to the account's security log.
    "accounts.middleware.RefusedAdminRequestMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # A request without a field a view reads by name is a 400, not a 500.
    "home.errors.MissingFieldMiddleware",
    # Last, as axes asks: turns a lockout flagged during the request into the
    # lockout page.
    "axes.middleware.AxesMiddleware",
]

# URLS
# ------------------------------------------------------------------------------
ROOT_URLCONF = "venue.urls"
WSGI_APPLICATION = "venue.wsgi.application"

# TEMPLATES
# ------------------------------------------------------------------------------
TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
                "home.context_processors.venue",
            ],
        },
    },
]

# DATABASES
# ------------------------------------------------------------------------------
DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'db.sqlite3'}"),
}
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers go on while the task worker writes; a busy timeout
    # makes a writer wait for the lock instead of failing at once. Connections
    # stay open (CONN_MAX_AGE): opening one costs more than most page views.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "timeout": 20,
            "transaction_mode": "IMMEDIATE",
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        }
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# CACHES
# ------------------------------------------------------------------------------
REDIS_URL = env.str("REDIS_URL", default="")
if REDIS_URL:
    # Django's RedisCache, degrading to misses while Redis is down
    # (home/cache_backends.py). Sessions are read from Redis and written to
    # the database too, so an outage signs nobody out.
    CACHES = {
        "default": {
            "BACKEND": "home.cache_backends.ResilientRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "venue",
            "OPTIONS": {
                "socket_connect_timeout": 0.5,
                "socket_timeout": 0.5,
                "RETRY_AFTER": 3,
            },
        },
    }
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "venue",
            "OPTIONS": {"MAX_ENTRIES": 5000},
        },
    }
# Wagtail remembers image renditions here each time an image is shown; a
# process-local cache keeps that off the disk and the network. Renditions
# never change once made, so no process can hold a stale one.
CACHES["renditions"] = {
    "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
    "LOCATION": "venue-renditions",
    "TIMEOUT": 24 * 60 * 60,
    "OPTIONS": {"MAX_ENTRIES": 10000},
}

# Anonymous page views are served from the cache for this long at most;
# publishing a page or changing a snippet invalidates them at once.
PAGE_CACHE_SECONDS = env.int("PAGE_CACHE_SECONDS", default=600)
# The same pages may be kept by a front proxy (nginx, site/): this long before
# it asks again (a 304 while nothing changed); 0 keeps them out of shared
# caches. Publishing purges a page and its listings from the proxy at once
# when FRONTEND_CACHE_PURGE_URL is set: nginx's purge location, e.g.
# http://127.0.0.1:8080/__purge (home/frontend_cache.py).
PROXY_CACHE_SECONDS = env.int("PROXY_CACHE_SECONDS", default=10)
# The request header in which the proxy passes the language it keyed the
# page under; empty when no proxy sets it.
PROXY_LANGUAGE_HEADER = env.str("PROXY_LANGUAGE_HEADER", default="")
FRONTEND_CACHE_PURGE_URL = env.str("FRONTEND_CACHE_PURGE_URL", default="")
if FRONTEND_CACHE_PURGE_URL:
    WAGTAILFRONTENDCACHE = {
        "nginx": {
            "BACKEND": "home.frontend_cache.NginxPurgeBackend",
            "LOCATION": FRONTEND_CACHE_PURGE_URL,
            # The host names visitors use: each is a key of its own.
            "HOSTS": env.list("FRONTEND_CACHE_HOSTS", default=ALLOWED_HOSTS),
        },
    }

# AUTHENTICATION
# ------------------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "django.contrib.auth.password_validation."
        "UserAttributeSimilarityValidator"
    },
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    # First: refuses a locked-out username and address before any password is
    # checked.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
LOGIN_URL = "account_login"
# Pages an editor restricts to signed-in visitors send them to the same login
# (Wagtail would otherwise use its own bare form at /_util/login/).
WAGTAIL_FRONTEND_LOGIN_URL = LOGIN_URL
LOGIN_REDIRECT_URL = "accounts:my_page"

# Sessions. A sign-in without "remember me" ends when the browser closes, and
# the server forgets it two days after it was last saved; with "remember me"
# it lasts two weeks (accounts.forms.LoginForm sets ACCOUNTS_REMEMBER_ME_AGE,
# accounts/conf.py).
SESSION_COOKIE_AGE = 2 * 24 * 60 * 60

# Proxies in front of the site that append to X-Forwarded-For (1 behind
# site/nginx.conf.example). The client's address is then read from that
# header, for the sign-in log and the lockout; 0 reads REMOTE_ADDR only.
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)

# DJANGO-ALLAUTH
# ------------------------------------------------------------------------------
# django-allauth: sign-up and login by email and password, under /konto/.
ACCOUNT_ADAPTER = "accounts.adapter.AccountAdapter"
ACCOUNT_FORMS = {
    "login": "accounts.forms.LoginForm",
    "signup": "accounts.forms.SignupForm",
}
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
# How allauth names a person to them (str(user) is a number: accounts.models).
ACCOUNT_USER_DISPLAY = "accounts.adapter.user_display"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
# A link rather than a code: it works from any device the mail is read on.
ACCOUNT_EMAIL_VERIFICATION_BY_CODE_ENABLED = False
ACCOUNT_CHANGE_EMAIL = True
# Ask "remember me?" (see SESSION_COOKIE_AGE above).
ACCOUNT_SESSION_REMEMBER = None
# Email change, export and account deletion ask for the password again unless
# the user signed in or confirmed it within the last ten minutes.
ACCOUNT_REAUTHENTICATION_REQUIRED = True
ACCOUNT_REAUTHENTICATION_TIMEOUT = 10 * 60
# Tell the owner by mail when the password or the email address changes.
ACCOUNT_EMAIL_NOTIFICATIONS = True
ACCOUNT_LOGOUT_REDIRECT_URL = "/"
# Failed logins are limited per username and address by axes (below); allauth
# keeps only its per-address limit, so that nobody can lock a stranger out of
# their account from another network.
ACCOUNT_RATE_LIMITS = {"login_failed": "10/m/ip"}
ALLAUTH_TRUSTED_PROXY_COUNT = TRUSTED_PROXY_COUNT
# Sessions are listed from the sign-in; tracking every request would write to
# the database on each page view.
USERSESSIONS_TRACK_ACTIVITY = False

# DJANGO-AXES
# ------------------------------------------------------------------------------
# django-axes: every sign-in attempt is logged (AccessLog for successes,
# AccessFailureLog for each failure), and five failures lock that username
# from that address for 30 minutes (HTTP 429, accounts/lockout.html).
#
# What axes can express: it counts failures per username+address in one row
# whose clock restarts at each failure, and forgets the row when no failure
# came within the cool-off time. It cannot count "five in any 15 minutes" as
# a sliding window, and it has one cool-off time for both forgetting and
# locking. accounts.lockout.cool_off answers 15 minutes while the row has
# fewer than five failures and 30 minutes once it has five, and
# AXES_USE_ATTEMPT_EXPIRATION gives each row its own expiry, so: five
# failures with less than 15 minutes between each lock for 30 minutes after
# the fifth. Failures spread more thinly than that never lock.
AXES_FAILURE_LIMIT = 5
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_COOLOFF_TIME = "accounts.lockout.cool_off"
AXES_USE_ATTEMPT_EXPIRATION = True
# Attempts during a lockout do not extend it: it ends 30 minutes after the
# fifth failure.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_RESET_ON_SUCCESS = True
AXES_ENABLE_ACCESS_FAILURE_LOG = True
# allauth's login form posts the address as "login"; the callable also reads
# Wagtail's admin login and allauth's credentials, and lower-cases.
AXES_USERNAME_FORM_FIELD = "login"
AXES_USERNAME_CALLABLE = "accounts.lockout.attempted_username"
AXES_LOCKOUT_CALLABLE = "accounts.lockout.lockout_response"
# The address is in the username column already; keep it out of the stored
# copy of the form. Masked in axes' log lines too, with the browser's user
# agent: log files outlive any erasure (tests/privacy/test_lifetime.py).
AXES_SENSITIVE_PARAMETERS = ["username", "ip_address", "login", "email", "user_agent"]
# The client's address as every part of the site reads it (TRUSTED_PROXY_COUNT;
# allauth's adapter reads it the same way), so the sign-in log, the lockout
# and the session list agree.
AXES_CLIENT_IP_CALLABLE = "home.client_ip.client_ip"

# INTERNATIONALISATION
# ------------------------------------------------------------------------------
LANGUAGE_CODE = "nb"
LANGUAGES = [("nb", _("Norwegian Bokmål")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
LANGUAGE_COOKIE_NAME = "sprak"
LANGUAGE_COOKIE_AGE = 365 * 24 * 60 * 60
LANGUAGE_COOKIE_SAMESITE = "Lax"
TIME_ZONE = "Europe/Oslo"
USE_I18N = True
USE_TZ = True

# STATIC AND MEDIA
# ------------------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = env.path("STATIC_ROOT", default=VAR_DIR / "static")
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = env.path("MEDIA_ROOT", default=VAR_DIR / "media")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
# Media on S3-compatible storage through django-storages when a bucket is
# named; the credentials are read by boto3 from
# AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY. Images get plain URLs (a
# public bucket or prefix), which cached pages can keep; documents, some of
# them restricted, are always served through the site.
AWS_STORAGE_BUCKET_NAME = env.str("AWS_STORAGE_BUCKET_NAME", default="")
if AWS_STORAGE_BUCKET_NAME:
    AWS_S3_ENDPOINT_URL = env.str("AWS_S3_ENDPOINT_URL", default="")
    AWS_S3_CUSTOM_DOMAIN = env.str("AWS_S3_CUSTOM_DOMAIN", default="")
    AWS_LOCATION = env.str("AWS_LOCATION", default="media")
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": AWS_STORAGE_BUCKET_NAME,
            "endpoint_url": AWS_S3_ENDPOINT_URL or None,
            "region_name": env.str("AWS_S3_REGION_NAME", default="") or None,
            "custom_domain": AWS_S3_CUSTOM_DOMAIN or None,
            "location": AWS_LOCATION,
            "file_overwrite": False,
            "querystring_auth": env.bool("AWS_QUERYSTRING_AUTH", default=False),
        },
    }
    # Where the files are, for the Content-Security-Policy (home/security.py).
    MEDIA_URL = env.str(
        "MEDIA_URL",
        default=f"https://{AWS_S3_CUSTOM_DOMAIN}/{AWS_LOCATION}/"
        if AWS_S3_CUSTOM_DOMAIN
        else f"{AWS_S3_ENDPOINT_URL or 'https://s3.amazonaws.com'}/"
        f"{AWS_STORAGE_BUCKET_NAME}/{AWS_LOCATION}/",
    )
    WAGTAILDOCS_SERVE_METHOD = "serve_view"

# Private files: export ZIPs (the "private" storage) and backups with the
# erasure journal's copy ("backups"). By default folders on this machine that
# are never served (PRIVACY_EXPORT_STORAGE_DIR, below, and BACKUP_DIR); with
# more than one web machine, set AWS_PRIVATE_BUCKET_NAME: both go to that
# private S3-compatible bucket (the same endpoint and credentials as media;
# objects written with the private ACL, nothing publicly listed or linked),
# so an export built by one machine's worker downloads through any other.
# Downloads always stream through the site's token-checked view.
BACKUP_DIR = env.path("BACKUP_DIR", default=VAR_DIR / "backups")
STORAGES["private"] = {"BACKEND": "privacy.storage.PrivateExportStorage"}
STORAGES["backups"] = {
    "BACKEND": "privacy.storage.PrivateFileStorage",
    "OPTIONS": {"location": str(BACKUP_DIR)},
}
AWS_PRIVATE_BUCKET_NAME = env.str("AWS_PRIVATE_BUCKET_NAME", default="")
if AWS_PRIVATE_BUCKET_NAME:
    for _alias, _folder in (("private", "exports"), ("backups", "backups")):
        STORAGES[_alias] = {
            "BACKEND": "privacy.s3.PrivateS3Storage",
            "OPTIONS": {
                "bucket_name": AWS_PRIVATE_BUCKET_NAME,
                "endpoint_url": env.str("AWS_S3_ENDPOINT_URL", default="") or None,
                "region_name": env.str("AWS_S3_REGION_NAME", default="") or None,
                "location": _folder,
            },
        }

# BACKUPS (backups/conf.py)
# ------------------------------------------------------------------------------
# Backups (backups/, manage.py backup and restore; site/README.md): archives
# are encrypted with BACKUP_KEY (32 random bytes, base64; make one with
# ``manage.py backup --new-key``) and kept by this schedule: the newest of
# each day, ISO week and month, as many of each as given. Without a good
# backup for BACKUP_WARN_HOURS the admin dashboard warns.
# The defaults are in backups/conf.py; BACKUP_KEEP_DAILY, _WEEKLY and
# _MONTHLY override one period each. BACKUP_MAINTENANCE_FILE is present while
# a restore could not replay the erasure journal: every page answers 503
# until it has (manage.py restore --replay-only).
BACKUP_KEY = env.str("BACKUP_KEY", default="")
BACKUP_KEEP = {
    period: env.int(f"BACKUP_KEEP_{period.upper()}")
    for period in ("daily", "weekly", "monthly")
    if f"BACKUP_KEEP_{period.upper()}" in env
}
vars().update(
    env_overrides(BACKUP_WARN_HOURS=env.int, BACKUP_MAINTENANCE_FILE=env.path)
)
# The erasure journal's key (privacy/journal.py): keyed hashes of what was
# erased, so a restored backup erases it again. Kept apart from the backups
# and from SECRET_KEY; production.py refuses to start without it.
ERASURE_JOURNAL_KEY = env.str("ERASURE_JOURNAL_KEY", default="")

# EMAIL
# ------------------------------------------------------------------------------
EMAIL_CONFIG = env.email_url("EMAIL_URL", default="consolemail://")
# Mail by SMTP names the mail provider in the processor register first.
if EMAIL_CONFIG.get("EMAIL_BACKEND") == "django.core.mail.backends.smtp.EmailBackend":
    EMAIL_CONFIG["EMAIL_BACKEND"] = "privacy.mail_backend.DeclaredSMTPBackend"
vars().update(EMAIL_CONFIG)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="post@kulturhus.example")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# TASKS
# ------------------------------------------------------------------------------
# Background tasks: the database queue of django-tasks-db (worker:
# manage.py db_worker) by default; RQ through django-tasks-rq (workers:
# manage.py rqworker --job-class django_tasks_rq.Job) when Redis is
# configured, with the database queue taking tasks while Redis is down
# (home/task_backends.py; one db_worker --backend database runs beside the
# RQ workers). TASKS_BACKEND=database or rq chooses explicitly.
TASKS_BACKEND = env.str("TASKS_BACKEND", default="rq" if REDIS_URL else "database")
TASKS = {
    "default": {
        "BACKEND": "django_tasks_db.DatabaseBackend",
        "QUEUES": ["default"],
    }
}
if TASKS_BACKEND == "rq":
    INSTALLED_APPS.append("django_rq")
    # Timeouts go in the URL: ?socket_connect_timeout=1&socket_timeout=5.
    RQ_QUEUES = {
        "default": {
            "URL": env.str("RQ_REDIS_URL", default=REDIS_URL),
            "DEFAULT_TIMEOUT": env.int("RQ_JOB_TIMEOUT", default=15 * 60),
        },
    }
    if not RQ_QUEUES["default"]["URL"]:
        raise ImproperlyConfigured("TASKS_BACKEND=rq needs REDIS_URL or RQ_REDIS_URL.")
    TASKS = {
        "default": {
            "BACKEND": "home.task_backends.RQBackend",
            "QUEUES": ["default"],
            "OPTIONS": {"FALLBACK": "database"},
        },
        "database": TASKS["default"],
    }
elif TASKS_BACKEND != "database":
    raise ImproperlyConfigured(
        f"TASKS_BACKEND must be database or rq, not {TASKS_BACKEND!r}."
    )

# Periodic work, in one place: (task path, interval in seconds). The
# scheduler process (``manage.py run_scheduler``) enqueues each task when its
# interval has passed; the task worker runs it.
PERIODIC_TASKS = [
    ("home.tasks.clear_expired_sessions", 24 * 60 * 60),
    ("privacy.tasks.delete_expired_exports_task", 60 * 60),
    ("privacy.tasks.send_pending_export_mails_task", 15 * 60),
    ("privacy.tasks.resume_stale_exports_task", 15 * 60),
    # The retention purge (PRIVACY_RETENTION below); it also applies the
    # accounts app's rules (sign-in log, ended sessions).
    ("privacy.tasks.purge_personal_data_task", 24 * 60 * 60),
    # Backups older than the BACKUP_KEEP schedule go (the backup itself runs
    # nightly from a systemd timer, site/systemd/venue-backup.timer).
    ("backups.tasks.rotate_backups_task", 60 * 60),
    ("privacy.tasks.resume_notices_task", 5 * 60),
    # Holds that ran out and offers not used go back within a minute.
    ("tickets.tasks.release_expired_holds_task", 30),
    ("tickets.tasks.send_pending_receipts_task", 15 * 60),
    ("tickets.tasks.purge_expired_orders_task", 24 * 60 * 60),
    ("tickets.tasks.pass_expired_offers_task", 30),
    ("tickets.tasks.purge_waiting_lists_task", 60 * 60),
    ("comments.tasks.recheck_comments_task", 20 * 60),
    ("comments.tasks.send_pending_author_mails_task", 15 * 60),
    ("comments.tasks.retry_akismet_reports_task", 20 * 60),
    ("comments.tasks.send_moderation_digest_task", 24 * 60 * 60),
    ("newsletter.tasks.send_reconsent_mails_task", 24 * 60 * 60),
    # Confirmation links the mail server refused when the sign-up came.
    ("newsletter.tasks.send_pending_confirmations_task", 15 * 60),
    # Newsletter issues scheduled for now go out; sending a crash
    # interrupted resumes and refused mails and SMS are retried.
    ("newsletter.tasks.send_scheduled_issues_task", 60),
    ("newsletter.tasks.resume_sending_task", 5 * 60),
]

# PRIVACY (privacy/conf.py)
# ------------------------------------------------------------------------------
# Data exports: the signed download link lives this many days, after which the
# file is deleted; a confirmation link for a request without an account lives
# this many hours. Export files are kept outside MEDIA_ROOT and never served
# directly. Defaults in privacy/conf.py.
vars().update(
    env_overrides(
        PRIVACY_EXPORT_LINK_DAYS=env.int,
        PRIVACY_REQUEST_LINK_HOURS=env.int,
        PRIVACY_EXPORT_STORAGE_DIR=env.path,
    )
)

# The retention table: days each kind of personal data is kept, by the key of
# the retention rule its app declares in <app>/retention_rules.py. The daily
# purge (manage.py purge_personal_data) applies it; a key whose app is not
# installed yet waits for it. Export files go when their link expires.
PRIVACY_RETENTION = {
    "comments.ip_address": 60,  # IP address and browser of comments
    "comments.spam": 30,  # comments marked as spam
    "accounts.security_log": 180,  # sign-in log (axes)
    "accounts.ended_sessions": 0,  # address and browser of ended sessions
    "accounts.form_submissions": 365,  # messages sent through the contact form
    "newsletter.unconfirmed": 7,  # sign-ups never confirmed
    "newsletter.consent_ip": 60,  # IP address of newsletter consents
    "newsletter.deliveries": 365,  # which newsletters and SMS went to whom
    "privacy.unconfirmed_requests": 7,  # rights requests never confirmed
    "privacy.closed_requests": 3 * 365,  # answered rights requests
    "privacy.consent_records": 3 * 365,  # proof of cookie choices
    "privacy.notice_deliveries": 365,  # who was told of a change
    "privacy.admin_log": 180,  # the admin's history (Wagtail's log entries)
}
# Every cookie the site sets: the cookie declaration on the privacy page and
# the cookie settings page are generated from this list. Lifetime in seconds,
# None until the browser closes; an empty provider is the venue itself.
PRIVACY_COOKIES = [
    {
        "name": "sessionid",
        "category": "necessary",
        "purpose": _(
            "Keeps you signed in. Ends when you close the browser, or after "
            "two weeks if you tick “remember me”."
        ),
        # ACCOUNTS_REMEMBER_ME_AGE (accounts/conf.py): two weeks.
        "lifetime": 14 * 24 * 60 * 60,
        "provider": "",
    },
    {
        "name": "csrftoken",
        "category": "necessary",
        "purpose": _("Protects forms against being sent from other sites."),
        "lifetime": 365 * 24 * 60 * 60,
        "provider": "",
    },
    {
        "name": LANGUAGE_COOKIE_NAME,
        "category": "necessary",
        "purpose": _("Remembers the language you chose."),
        "lifetime": LANGUAGE_COOKIE_AGE,
        "provider": "",
    },
    {
        "name": "messages",
        "category": "necessary",
        "purpose": _("Carries a short message (“Saved”) to the next page."),
        "lifetime": None,
        "provider": "",
    },
    {
        "name": "samtykke",
        "category": "necessary",
        "purpose": _("Remembers your cookie choice, so we do not ask every time."),
        "lifetime": 365 * 24 * 60 * 60,
        "provider": "",
    },
    {
        "name": "innlogget",
        "category": "necessary",
        "purpose": _(
            "Shows “My page” instead of “Log in” while you are signed in. "
            "Holds nothing else and lasts as long as your sign-in."
        ),
        # ACCOUNTS_REMEMBER_ME_AGE (accounts/conf.py): two weeks.
        "lifetime": 14 * 24 * 60 * 60,
        "provider": "",
    },
    {
        "name": "comment_remember",
        "category": "necessary",
        "purpose": _(
            "Remembers the name and email you typed in a comment, if you ask us to."
        ),
        "lifetime": 365 * 24 * 60 * 60,
        "provider": "",
    },
    {
        "name": "billettko<ID>",
        "category": "necessary",
        "purpose": _(
            "Keeps your place in the queue for tickets when many buy at once."
        ),
        "lifetime": 2 * 60 * 60,
        "provider": "",
    },
    {
        "name": "_ga, _ga_<ID>",
        "category": "statistics",
        "purpose": _("Counts visits and pages seen, with the IP address shortened."),
        "lifetime": 2 * 365 * 24 * 60 * 60,
        "provider": "Google Analytics",
    },
    {
        "name": "_fbp",
        "category": "marketing",
        "purpose": _("Measures whether our adverts on Facebook and Instagram work."),
        "lifetime": 90 * 24 * 60 * 60,
        "provider": "Meta",
    },
]

# NEWSLETTER AND SMS (newsletter/conf.py)
# ------------------------------------------------------------------------------
# Newsletter (newsletter/conf.py has every knob and its default): mails (or
# SMS) per background task, and the sender of the newsletter.
vars().update(
    env_overrides(NEWSLETTER_BATCH_SIZE=env.int, NEWSLETTER_FROM_EMAIL=env.str)
)
# SMS announcements go through a backend like mail: Twilio's Messages API
# when its account, token and sender are set, else files in var/sms/ (and
# the admin says that nothing is really sent). Replies come to
# /nyhetsbrev/sms/twilio/, checked against the auth token.
SMS_TWILIO_ACCOUNT_SID = env.str("TWILIO_ACCOUNT_SID", default="")
SMS_TWILIO_AUTH_TOKEN = env.str("TWILIO_AUTH_TOKEN", default="")
SMS_TWILIO_FROM = env.str("TWILIO_FROM", default="")
SMS_TWILIO_API_BASE = env.str("TWILIO_API_BASE", default="")
SMS_BACKEND = env.str(
    "SMS_BACKEND",
    default="newsletter.sms.backends.twilio.SmsBackend"
    if SMS_TWILIO_ACCOUNT_SID and SMS_TWILIO_AUTH_TOKEN and SMS_TWILIO_FROM
    else "newsletter.sms.backends.filebased.SmsBackend",
)
SMS_FILE_PATH = env.path("SMS_FILE_PATH", default=VAR_DIR / "sms")
SMS_TIMEOUT = env.int("SMS_TIMEOUT", default=10)

# TICKETS (tickets/conf.py)
# ------------------------------------------------------------------------------
# Ticket sales with Stripe Checkout. Without the secret key and the webhook
# signing secret, events show "sales open soon" and the admin names what is
# missing. STRIPE_API_BASE points the client elsewhere (a local stand-in in
# tests); empty means Stripe's own API.
STRIPE_SECRET_KEY = env.str("STRIPE_SECRET_KEY", default="")
STRIPE_PUBLISHABLE_KEY = env.str("STRIPE_PUBLISHABLE_KEY", default="")
STRIPE_WEBHOOK_SECRET = env.str("STRIPE_WEBHOOK_SECRET", default="")
# The queue in front of a buy page when a popular show goes on sale
# (tickets/queue.py; in Redis when REDIS_URL is set).
vars().update(
    env_overrides(
        STRIPE_API_BASE=env.str,
        STRIPE_PAYMENT_METHODS=env.list,
        STRIPE_TIMEOUT_SECONDS=env.float,
        TICKETS_QUEUE_RATE=env.float,
        TICKETS_QUEUE_BURST=env.int,
    )
)

# COMMENTS (comments/conf.py)
# ------------------------------------------------------------------------------
# Comments (comments/, on django-comments-xtd). Knobs with their defaults are
# in comments/conf.py. Without AKISMET_API_KEY every comment waits for
# moderation. The library's own views are not routed: comments are posted,
# confirmed and deleted through comments/urls.py.
COMMENTS_APP = "django_comments_xtd"
COMMENTS_XTD_MODEL = "comments.models.Comment"
# Two levels: comments and replies to them.
COMMENTS_XTD_MAX_THREAD_LEVEL = 1
COMMENTS_XTD_THREADED_EMAILS = False
COMMENT_MAX_LENGTH = 3000
SITE_ID = 1
COMMENTS_AKISMET_API_KEY = env.str("AKISMET_API_KEY", default="")
# How long IP address and browser of a comment, and spam, are kept: the
# retention table (PRIVACY_RETENTION, "comments.ip_address" and
# "comments.spam"); COMMENTS_IP_RETENTION_DAYS and COMMENTS_SPAM_RETENTION_DAYS
# override it for comments alone.
# Whether an account may comment (a child needs a guardian's consent first):
# accounts provides the check; comments, on the same floor, does not import it.
COMMENTS_PARTICIPATION_CHECK = "accounts.services.participation_block_reason"
# A form sent from a cached page without its token (comments, newsletter)
# gets its form back, filled in, with a fresh token; every other CSRF
# failure gets Django's page (home/csrf.py).
CSRF_FAILURE_VIEW = "home.views.csrf_failure"

# SECURITY
# ------------------------------------------------------------------------------
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
# Wagtail marks its preview views SAMEORIGIN itself; nothing else is framed.
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"

# Content-Security-Policy (home/security.py). The public pages run only
# scripts and styles from our own static files: no inline script, style
# element or style attribute, no nonce (the HTML is cached and shared, a
# nonce would be stale). Third-party embeds wait for consent and then load
# in frames from these origins.
CSP_EMBED_ORIGINS = env.list(
    "CSP_EMBED_ORIGINS",
    default=[
        "https://www.youtube-nocookie.com",
        "https://player.vimeo.com",
        "https://open.spotify.com",
        "https://w.soundcloud.com",
    ],
)
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "media-src": ["'self'"],
        "connect-src": ["'self'"],
        "frame-src": ["'self'", *CSP_EMBED_ORIGINS],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    },
}
# Wagtail's admin still has inline scripts (inline panels, date pickers) and
# style attributes, so it gets them, and nothing else: no foreign scripts,
# no eval, no plugins, forms only to the site. Its preview is framed by the
# admin itself.
SECURITY_ADMIN_CSP = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'", "'unsafe-inline'"],
        "style-src": ["'self'", "'unsafe-inline'"],
        # Image uploads show previews from blob: URLs.
        "img-src": ["'self'", "data:", "blob:"],
        "font-src": ["'self'"],
        "media-src": ["'self'"],
        "connect-src": ["'self'"],
        "frame-src": ["'self'", *CSP_EMBED_ORIGINS],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    },
}
# Origins apps add for services they are configured for.
SECURITY_CSP_SOURCES = [
    "privacy.csp.consented_services",
    "tickets.csp.checkout_sources",
    "comments.csp.avatar_sources",
]
# Features no page of ours uses, off for the pages and all they embed.
# Payment stays off: tickets are paid on Stripe's own page, not through the
# Payment Request API on ours.
SECURITY_PERMISSIONS_POLICY = {
    "accelerometer": [],
    "camera": [],
    "geolocation": [],
    "gyroscope": [],
    "magnetometer": [],
    "microphone": [],
    "payment": [],
    "usb": [],
}
# No gravatar images in the admin: they would tell a third party which
# editors are signed in, and the admin policy allows no foreign images.
WAGTAIL_GRAVATAR_PROVIDER_URL = None

# WAGTAIL
# ------------------------------------------------------------------------------
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

WAGTAIL_SITE_NAME = env.str("WAGTAIL_SITE_NAME", default="Kulturhuset")
WAGTAILADMIN_BASE_URL = env.str(
    "WAGTAILADMIN_BASE_URL", default="http://127.0.0.1:8000"
)
# One page tree per language: Norwegian at the root, English under /en/
# (venue/urls.py); wagtail-localize translates pages and snippets.
WAGTAIL_I18N_ENABLED = True
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
WAGTAILADMIN_PERMITTED_LANGUAGES = [("nb", "Norsk bokmål"), ("en", "English")]
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAILIMAGES_IMAGE_MODEL = "wagtailimages.Image"
WAGTAILDOCS_EXTENSIONS = [
    "csv",
    "docx",
    "odt",
    "pdf",
    "pptx",
    "rtf",
    "txt",
    "xlsx",
    "zip",
]
WAGTAILEMBEDS_RESPONSIVE_HTML = True
WAGTAIL_ENABLE_UPDATE_CHECK = False
WAGTAIL_DATE_FORMAT = "%d.%m.%Y"
WAGTAIL_DATETIME_FORMAT = "%d.%m.%Y %H:%M"
# English reads those formats too (venue/formats/en/formats.py).
FORMAT_MODULE_PATH = ["venue.formats"]

# LOGGING
# ------------------------------------------------------------------------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {
        "django.db.backends": {"level": "INFO"},
        # axes logs the username and IP of every failed login at WARNING;
        # the security log in the database is where those belong.
        "axes": {"level": "ERROR"},
    },
}

# ACCESSIBILITY
# ------------------------------------------------------------------------------
# The accessibility statement reports the site's own automated checks: the
# browser tests record axe-core's results per run (tests/e2e/axe_results.py)
# and `manage.py record_accessibility_checks DIR` merges them into this file,
# which the statement page reads (deploy it with the site, see README).
ACCESSIBILITY_REPORT = env.path(
    "ACCESSIBILITY_REPORT", default=VAR_DIR / "accessibility" / "report.json"
)
