"""Settings shared by every environment; per-environment modules override them."""

import os
from pathlib import Path

import dj_database_url
from csp.constants import NONE as CSP_NONE
from csp.constants import SELF as CSP_SELF
from csp.constants import UNSAFE_INLINE as CSP_UNSAFE_INLINE
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent

INSTALLED_APPS = [
    "betrieb",
    "outbox",
    "accounts",
    "home",
    "orte",
    "barrierefreiheit",
    "beteiligung",
    "ideen",
    "transparenz",
    "benachrichtigungen",
    "diskussion",
    "vorhaben",
    "demo",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.sitemaps",
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
    "csp",
    "django_tasks",
    "django_tasks_db",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "allauth.socialaccount",
    "allauth.socialaccount.providers.openid_connect",
    "django_comments_xtd",
    "django_comments",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sites",
    "django.contrib.sitemaps",
]

MIDDLEWARE = [
    # A request id for the logs, then the probes: answered before the host check and the
    # HTTPS redirect (config.health).
    "config.request_id.RequestIdMiddleware",
    "config.health.HealthCheckMiddleware",
    # Whole pages for anonymous readers, answered before all other middleware on a hit
    # (home.pagecache explains what and when).
    "home.pagecache.PageCacheMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # ETag on every page and 304 answers to conditional GETs (logged-in users too).
    "django.middleware.http.ConditionalGetMiddleware",
    "config.security.SecurityHeadersMiddleware",
    "config.security.SiteCSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "accounts.admin_access.AdminAccessMiddleware",
    "accounts.consent.ConsentMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # Pages shared by plain citizens, their account links and CSRF token put in per request
    # (home.citizen_pages); last, so that user, session, consent and CSRF are settled.
    "home.citizen_pages.CitizenPageMiddleware",
]

ROOT_URLCONF = "config.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
                "home.context_processors.site_navigation",
                "benachrichtigungen.context_processors.news",
            ],
        },
    },
]

WSGI_APPLICATION = "config.wsgi.application"

# SQLite is the embedded default; production and CI pass DATABASE_URL (PostgreSQL).
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "0")),
        conn_health_checks=True,
    )
}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"

AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]

# Passwords along BSI IT-Grundschutz (ORP.4): length over composition. At least 12 characters,
# not a commonly used password, not close to the user's name or e-mail address; no rules about
# digits or special characters. accounts.passwords explains the rules next to every field.
AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator",
        "OPTIONS": {
            "user_attributes": ("username", "first_name", "last_name", "email", "display_name")
        },
    },
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]

# Internationalisation: German only, times in Kleve's zone.
LANGUAGE_CODE = "de"
LANGUAGES = [("de", _("German"))]
TIME_ZONE = "Europe/Berlin"
USE_I18N = True
USE_TZ = True
LOCALE_PATHS = [BASE_DIR / "locale"]

STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.FileSystemFinder",
    "django.contrib.staticfiles.finders.AppDirectoriesFinder",
]
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = BASE_DIR / "staticfiles"
STATIC_URL = "/static/"
MEDIA_ROOT = BASE_DIR / "media"
MEDIA_URL = "/media/"

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# "Meine Daten" (accounts.exports): people with more than PERSONAL_DATA_EXPORT_THRESHOLD rows
# get their JSON file built in the background into PERSONAL_DATA_EXPORT_ROOT (private: outside
# MEDIA_ROOT, never served by the web server) and an e-mail with a signed link that works for
# PERSONAL_DATA_EXPORT_DAYS days; retention deletes the file afterwards.
PERSONAL_DATA_EXPORT_THRESHOLD = int(os.environ.get("PERSONAL_DATA_EXPORT_THRESHOLD", "2000"))
PERSONAL_DATA_EXPORT_DAYS = int(os.environ.get("PERSONAL_DATA_EXPORT_DAYS", "7"))
# A file not ready this long after it was asked for counts as lost; the person may ask again.
PERSONAL_DATA_EXPORT_PENDING_MINUTES = 60
PERSONAL_DATA_EXPORT_ROOT = Path(
    os.environ.get("PERSONAL_DATA_EXPORT_ROOT", str(BASE_DIR / "private" / "personal-data"))
)

DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

# django.contrib.sites is required by django-comments-xtd; Wagtail has its own sites.
SITE_ID = 1

# Background work (notifications) goes through django-tasks; environments pick the backend.
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}

# Periodic jobs, run by `manage.py run_periodic --loop` (entrypoint.sh scheduler) once per
# interval however many schedulers run: name -> management command, its arguments, interval and
# offset in seconds (slots count from the Unix epoch in UTC; the offset moves a daily job to 03:00).
# check_accessibility is not here: it needs Playwright and Chromium, which the image lacks.
PERIODIC_JOBS = {
    "send_queued_mail": {"command": "send_queued_mail", "interval": 60},
    "apply_retention": {"command": "apply_retention", "interval": 24 * 3600, "offset": 3 * 3600},
    # Notifications: phases that start today (00:30 UTC), daily digests at 06:00 UTC, weekly
    # ones on Mondays at 06:00 UTC (the epoch began on a Thursday: 4 days on).
    "announce_phases": {"command": "announce_phases", "interval": 24 * 3600, "offset": 1800},
    "daily_digest": {
        "command": "send_digests",
        "args": ["daily"],
        "interval": 24 * 3600,
        "offset": 6 * 3600,
    },
    "weekly_digest": {
        "command": "send_digests",
        "args": ["weekly"],
        "interval": 7 * 24 * 3600,
        "offset": 4 * 24 * 3600 + 6 * 3600,
    },
}
PERIODIC_RUNS_KEEP_DAYS = 30

# Notifications (benachrichtigungen): how long the unsubscribe link of an e-mail works.
NOTIFICATION_UNSUBSCRIBE_DAYS = int(os.environ.get("NOTIFICATION_UNSUBSCRIBE_DAYS", "365"))

# E-mail
DEFAULT_FROM_EMAIL = os.environ.get(
    "DEFAULT_FROM_EMAIL", "Beteiligungsplattform Kleve <beteiligung@kleve.de>"
)
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# A mail server that does not answer must not hold a request or a worker forever.
EMAIL_TIMEOUT = int(os.environ.get("EMAIL_TIMEOUT", "30"))
# Every e-mail goes through the outbox (outbox.services.queue_message): written with the data it
# is about, sent by a task after the commit, retried by `manage.py send_queued_mail` with
# delays doubling from first_delay up to max_delay for at least retry_for seconds, then flagged
# as failed in the admin ("E-Mail-Zustellung"). Sent e-mails are deleted after keep_sent_days.
MAIL_OUTBOX = {
    "first_delay": int(os.environ.get("MAIL_RETRY_FIRST_DELAY", "60")),
    "max_delay": 4 * 60 * 60,
    "retry_for": 24 * 60 * 60,
    # A worker that stopped while sending gives the e-mail back after this (> EMAIL_TIMEOUT).
    "lease": int(os.environ.get("MAIL_LEASE_SECONDS", "600")),
    "keep_sent_days": int(os.environ.get("MAIL_KEEP_SENT_DAYS", "30")),
    "keep_failed_days": int(os.environ.get("MAIL_KEEP_FAILED_DAYS", "90")),
    "batch": 100,
}

# Messages live in the session: no extra cookie beyond session and CSRF.
MESSAGE_STORAGE = "django.contrib.messages.storage.session.SessionStorage"

# Accounts (django-allauth): e-mail login, verified addresses only.
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "/"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_SIGNUP_FORM_CLASS = "accounts.forms.SignupForm"
ACCOUNT_FORMS = {
    "signup": "accounts.password_forms.SignupForm",
    "change_password": "accounts.password_forms.ChangePasswordForm",
    "set_password": "accounts.password_forms.SetPasswordForm",
    "reset_password_from_key": "accounts.password_forms.ResetPasswordKeyForm",
}
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_CHANGE_EMAIL = True
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_LOGOUT_REDIRECT_URL = "/"
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Beteiligung Kleve] "
# allauth names users in its messages and e-mails by this: the display name, never the e-mail.
ACCOUNT_USER_DISPLAY = "accounts.allauth_support.user_display"
ACCOUNT_ADAPTER = "accounts.adapter.AccountAdapter"
# Rate limits count per client address; behind a reverse proxy that address comes from
# X-Forwarded-For, counted from the right past TRUSTED_PROXY_COUNT proxies (0: no proxy, use
# the connecting address). accounts.ratelimit.client_ip serves allauth's limits and ours.
ALLAUTH_TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", "0"))
# Failed logins: allauth counts them per address (no limit per account: that would let anyone
# lock a known account); accounts.adapter adds a growing delay per address and account and a
# ceiling per account (LOGIN_THROTTLE).
ACCOUNT_RATE_LIMITS = {
    "login": "30/m/ip",
    "login_failed": "10/m/ip,60/h/ip",
    "signup": "20/m/ip",
    "confirm_email": "1/3m/key",
    "reset_password": "20/m/ip,5/m/key",
    "reset_password_from_key": "20/m/ip",
    "change_password": "5/m/user",
    "manage_email": "10/m/user",
    "reauthenticate": "10/m/user",
}
LOGIN_THROTTLE = {
    # per address and account: 3 failures free, then 15 s, 30 s, 1 min, ... up to 15 min
    "free_failures": 3,
    "first_delay": 15,
    "max_delay": 15 * 60,
    "memory": 24 * 60 * 60,  # failures in a row are forgotten after a quiet day
    # per account, from all addresses: beyond 20 failures in an hour the password alone is not
    # enough; a second factor or a password reset link is
    "account_ceiling": 20,
    "account_window": 60 * 60,
}

# Single sign-on for the city's staff over OpenID Connect (allauth.socialaccount; Keycloak,
# Entra ID, ADFS), configured entirely from the environment. Without OIDC_SERVER_URL and
# OIDC_CLIENT_ID there is no provider and no button. Each provider is one entry of
# SOCIALACCOUNT_PROVIDERS; a second one (SAML for BundID) is added as its own entry.
# README "Single sign-on for staff" explains how a city connects its identity provider.
OIDC_PROVIDER_ID = os.environ.get("OIDC_PROVIDER_ID", "stadt")
OIDC_SERVER_URL = os.environ.get("OIDC_SERVER_URL", "")
OIDC_CLIENT_ID = os.environ.get("OIDC_CLIENT_ID", "")
OIDC_CLIENT_SECRET = os.environ.get("OIDC_CLIENT_SECRET", "")
OIDC_BUTTON_LABEL = os.environ.get("OIDC_BUTTON_LABEL", "Anmeldung für Mitarbeitende")
OIDC_SCOPES = os.environ.get("OIDC_SCOPES", "openid profile email").split()
# Staff ("Mitarbeitende") by a claim of the identity provider, e.g. OIDC_STAFF_CLAIM=groups and
# OIDC_STAFF_VALUE=beteiligung-mitarbeitende; otherwise (and also) by a verified address at
# STAFF_EMAIL_DOMAINS, as for everybody (ideen.staff).
OIDC_STAFF_CLAIM = os.environ.get("OIDC_STAFF_CLAIM", "")
OIDC_STAFF_VALUE = os.environ.get("OIDC_STAFF_VALUE", "")
# Take the provider's e-mail address as verified although it sends no email_verified claim
# (Entra ID, ADFS): only for the city's own directory, where nobody picks their own address.
OIDC_TRUST_EMAIL = os.environ.get("OIDC_TRUST_EMAIL", "").lower() == "true"


def oidc_provider_settings(
    *, provider_id: str, server_url: str, client_id: str, secret: str, label: str, scopes
) -> dict:
    """allauth's settings for one OpenID Connect provider (authorization code flow with PKCE)."""
    return {
        "OAUTH_PKCE_ENABLED": True,
        "SCOPE": list(scopes),
        "APPS": [
            {
                "provider_id": provider_id,
                "name": label,
                "client_id": client_id,
                "secret": secret,
                "settings": {"server_url": server_url, "token_auth_method": "client_secret_basic"},
            }
        ],
    }


SOCIALACCOUNT_PROVIDERS = {}
if OIDC_SERVER_URL and OIDC_CLIENT_ID:
    SOCIALACCOUNT_PROVIDERS["openid_connect"] = oidc_provider_settings(
        provider_id=OIDC_PROVIDER_ID,
        server_url=OIDC_SERVER_URL,
        client_id=OIDC_CLIENT_ID,
        secret=OIDC_CLIENT_SECRET,
        label=OIDC_BUTTON_LABEL,
        scopes=OIDC_SCOPES,
    )
SOCIALACCOUNT_ADAPTER = "accounts.sso.SocialAccountAdapter"
# Accounts come from the provider without a sign-up form; an existing account with the same
# (verified) address is used and linked, so staff keep their contributions.
SOCIALACCOUNT_AUTO_SIGNUP = True
SOCIALACCOUNT_EMAIL_AUTHENTICATION = True
SOCIALACCOUNT_EMAIL_AUTHENTICATION_AUTO_CONNECT = True
SOCIALACCOUNT_EMAIL_REQUIRED = True
SOCIALACCOUNT_LOGIN_ON_GET = False  # the button posts a form (CSRF-protected)
# Tokens are not kept: the site only needs to know who signed in.
SOCIALACCOUNT_STORE_TOKENS = False

# Posting: per user (logged in) and per client address (accounts.ratelimit.client_ip), in
# allauth's format "amount/period/per". Counted in the shared cache; a post beyond a limit is
# refused with status 429, the time to try again and the text kept to copy. The limits per
# address are wider: staff in the town hall share one address.
POSTING_RATE_LIMITS = {
    "idea": "5/10m/user,20/d/user,30/h/ip",
    "comment": "5/m/user,60/h/user,30/m/ip",
    "reply": "10/m/user,120/h/user,60/m/ip",
    "report": "10/10m/user,50/d/user,60/h/ip",
    "support": "30/m/user,300/h/user,120/m/ip",
    # per address: ACCESSIBILITY_FEEDBACK_RATE_LIMIT (the form needs no account)
    "barrier_report": "5/h/user",
    "participation_request": "5/10m/user,20/d/user,30/h/ip",
}

# "Beteiligung anregen" on the Vorhabenliste: when this many citizens asked for participation on
# a planned Vorhaben, the city answers within this many days, in the Vorhaben's public trail.
VORHABEN_PARTICIPATION_THRESHOLD = 25
VORHABEN_PARTICIPATION_ANSWER_DAYS = 30

# Second factor (allauth.mfa): an authenticator app (TOTP, works without JavaScript) with
# recovery codes, and security keys / passkeys (WebAuthn, needs JavaScript). Required for
# everybody who can reach the Wagtail admin (accounts.admin_access), optional for everyone else.
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes", "webauthn"]
MFA_PASSKEY_LOGIN_ENABLED = True
MFA_TOTP_ISSUER = "Beteiligung Kleve"
# One step of clock drift either way: phones are not always exact.
MFA_TOTP_TOLERANCE = 1
MFA_ADAPTER = "accounts.mfa_adapter.MFAAdapter"
MFA_FORMS = {
    "activate_totp": "accounts.mfa_forms.ActivateTOTPForm",
    "authenticate": "accounts.mfa_forms.AuthenticateForm",
    "reauthenticate": "accounts.mfa_forms.ReauthenticateForm",
}

# Comments (django-comments-xtd)
COMMENTS_APP = "django_comments_xtd"
COMMENTS_XTD_MAX_THREAD_LEVEL = 2  # three levels: comment, reply, reply to reply
COMMENTS_XTD_FORM_CLASS = "diskussion.forms.CommentForm"
COMMENTS_XTD_CONFIRM_EMAIL = False  # only logged-in users post; nobody is e-mailed a link
COMMENTS_XTD_DEFAULT_FOLLOWUP = False
COMMENTS_XTD_APP_MODEL_OPTIONS = {
    "default": {
        "who_can_post": "users",
        "allow_flagging": True,
        "allow_feedback": True,
        "show_feedback": True,
    }
}
COMMENT_MAX_LENGTH = 3000
COMMENTS_TIMEOUT = 8 * 60 * 60  # a long comment may take a while to write

# Wagtail
WAGTAIL_SITE_NAME = "Beteiligungs- und Ideenplattform Kleve"
# The admin does not ask releases.wagtail.org for new versions: no third-party requests from
# the city's admin (and none the Content-Security-Policy would have to allow). Updates are
# planned through pyproject.toml.
WAGTAIL_ENABLE_UPDATE_CHECK = False
# Restricted pages send people to our login, not Wagtail's.
WAGTAIL_FRONTEND_LOGIN_URL = "/konto/login/"
# One login for site and admin: the admin sends people to allauth's login (rate limits, second
# factor); /cms/login/ and /cms/logout/ are redirected in config.urls. Passwords and e-mail
# addresses are managed through allauth only (its rules, limits and verification).
WAGTAILADMIN_LOGIN_URL = "account_login"
WAGTAIL_PASSWORD_MANAGEMENT_ENABLED = False
WAGTAIL_PASSWORD_RESET_ENABLED = False
WAGTAIL_EMAIL_MANAGEMENT_ENABLED = False
# No avatars from an external service (privacy; the Datenschutz page promises no third parties).
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAILADMIN_BASE_URL = os.environ.get("WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000")
WAGTAIL_I18N_ENABLED = False
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
WAGTAILSEARCH_BACKENDS = {
    "default": {"BACKEND": "wagtail.search.backends.database", "SEARCH_CONFIG": "german"}
}
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "odt", "ods", "pdf", "pptx", "rtf", "txt", "xlsx", "zip"]
# Videos in sign language and their captions (barrierefreiheit.blocks.VideoBlock).
WAGTAILDOCS_EXTENSIONS += ["mp4", "webm", "vtt"]
WAGTAILDOCS_MAX_UPLOAD_SIZE = 20 * 1024 * 1024
# Documents always pass through the app, whatever the storage: Wagtail's collection privacy is
# checked on every download, and a private document never leaves as a bucket URL (Wagtail's
# default for remote storages would redirect to one).
WAGTAILDOCS_SERVE_METHOD = "serve_view"
WAGTAILIMAGES_EXTENSIONS = ["gif", "jpg", "jpeg", "png", "webp", "avif"]

# Internal idea platform: verified addresses at these domains make a user staff.
STAFF_EMAIL_DOMAINS = [
    d.strip() for d in os.environ.get("STAFF_EMAIL_DOMAINS", "kleve.de").split(",") if d.strip()
]

# Accessibility (BITV NRW): where barrier reports go, and how many one client may send.
ACCESSIBILITY_FEEDBACK_EMAIL = os.environ.get(
    "ACCESSIBILITY_FEEDBACK_EMAIL", "barrierefreiheit@kleve.de"
)
ACCESSIBILITY_FEEDBACK_RATE_LIMIT = (5, 60 * 60)  # reports per client and window (seconds)

# The inbox on the admin dashboard (home.inbox): days the city gives itself to answer, by kind,
# counted from the day an item came in. Ideas: the first answer (the statistics page publishes
# the share answered in time). Barrier reports carry their legal reply date themselves
# (barrierefreiheit.feedback.REPLY_WITHIN). A kind missing here falls back to "default".
INBOX_DUE_DAYS = {"idea": 14, "idea_report": 2, "comment_report": 2, "default": 14}

CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Sessions are read from the cache and written through to the database (Django's cached_db,
# served by the database alone while the cache is unreachable: config.sessions).
SESSION_ENGINE = "config.sessions"

# Whole pages for anonymous readers (home.pagecache): the views whose answers are cached, how
# long an entry lives at most (a change makes it unreachable at once; this only frees memory),
# and the longest URL (with query) worth an entry.
PAGE_CACHE_ENABLED = True
PAGE_CACHE_VIEWS = ["wagtail_serve", "ideen:detail", "transparenz:feed"]
PAGE_CACHE_TIMEOUT = int(os.environ.get("PAGE_CACHE_TIMEOUT", "300"))
PAGE_CACHE_MAX_URL_LENGTH = 300
# Logged-in citizens' pages, kept per session for this many seconds (0: not at all); a change of
# content, of the user or of the session makes them unreachable at once (home.pagecache).
PAGE_CACHE_PERSONAL_TIMEOUT = int(os.environ.get("PAGE_CACHE_PERSONAL_TIMEOUT", "120"))
# Bytes that may be stored per window for pages under URLs with a query string (per 10 minutes,
# kept at most 10 minutes) and for logged-in citizens' pages (per PAGE_CACHE_PERSONAL_TIMEOUT):
# a visitor who multiplies URLs or pages cannot fill Redis (home.pagecache.within_budget).
PAGE_CACHE_VARIANT_BUDGET = int(os.environ.get("PAGE_CACHE_VARIANT_BUDGET", str(32 * 1024 * 1024)))
PAGE_CACHE_PERSONAL_BUDGET = int(
    os.environ.get("PAGE_CACHE_PERSONAL_BUDGET", str(128 * 1024 * 1024))
)
# Bytes of comments rendered once for all thread pages that may be stored per 10 minutes (kept
# at most 10 minutes; diskussion.fragments.render_comments).
PAGE_CACHE_COMMENT_BUDGET = int(os.environ.get("PAGE_CACHE_COMMENT_BUDGET", str(32 * 1024 * 1024)))
# Each process keeps copies of the pages it served lately, up to this many bytes (0: none), and
# uses one while its generation is current: a hit then reads a few bytes from the shared cache.
PAGE_CACHE_LOCAL_BYTES = int(os.environ.get("PAGE_CACHE_LOCAL_BYTES", str(8 * 1024 * 1024)))
# Thread pages rendered once per kind of viewer and content generation, for logged-in readers
# too (diskussion.fragments); off with the page cache.
THREAD_FRAGMENT_CACHE_ENABLED = True
# Idea cards rendered once per content generation (ideen.cards); off with the page cache.
IDEA_CARD_CACHE_ENABLED = True
# Project and idea pages rendered once for all plain citizens, their account links, CSRF token
# and own marks put in per request (home.citizen_pages); off with the page cache.
CITIZEN_PAGES_ENABLED = True
# What templates/components/account_nav_items.html reads (user, request, unread_news), put into
# such a page per request: these context processors only, not all of TEMPLATES.
CITIZEN_PAGES_NAV_CONTEXT = [
    "django.template.context_processors.request",
    "django.contrib.auth.context_processors.auth",
    "benachrichtigungen.context_processors.news",
]

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "config.request_id.RequestIdFilter"}},
    "formatters": {
        "text": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"}
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "filters": ["request_id"],
            "formatter": "text",
        }
    },
    "root": {"handlers": ["console"], "level": "WARNING"},
}


# Maps (orte): the tile server the browser loads map images from, with the attribution its
# licence asks for, and the city area that points must lie in. The tile server's origin is
# allowed in the policy's img-src (config.security); the privacy page names it.
MAP_TILE_URL = os.environ.get("MAP_TILE_URL", "https://tile.openstreetmap.org/{z}/{x}/{y}.png")
MAP_TILE_ATTRIBUTION = os.environ.get("MAP_TILE_ATTRIBUTION", "© OpenStreetMap-Mitwirkende")
MAP_TILE_ATTRIBUTION_URL = os.environ.get(
    "MAP_TILE_ATTRIBUTION_URL", "https://www.openstreetmap.org/copyright"
)
MAP_CITY_AREA_FILE = os.environ.get(
    "MAP_CITY_AREA_FILE", str(BASE_DIR / "orte" / "data" / "kleve.geojson")
)


# Content-Security-Policy (django-csp, config.security): the public site without 'unsafe-inline'.
# Every script and style is a static file; JSON data blocks (type="application/json") are not
# executed and need no exception. Extra origins come from the environment, e.g. an identity
# provider's login page that a form posts to (CSP_FORM_ACTION_EXTRA) or an object storage that
# serves images and media (CSP_MEDIA_ORIGINS), each a comma-separated list.
def _origins(name: str) -> list[str]:
    return [origin.strip() for origin in os.environ.get(name, "").split(",") if origin.strip()]


_MEDIA_ORIGINS = _origins("CSP_MEDIA_ORIGINS")
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [CSP_SELF],
        "script-src": [CSP_SELF],
        "style-src": [CSP_SELF],
        "img-src": [CSP_SELF, "data:", *_MEDIA_ORIGINS],
        "media-src": [CSP_SELF, *_MEDIA_ORIGINS],
        "font-src": [CSP_SELF],
        "connect-src": [CSP_SELF],
        "object-src": [CSP_NONE],
        "base-uri": [CSP_SELF],
        "form-action": [CSP_SELF, *_origins("CSP_FORM_ACTION_EXTRA")],
        "frame-ancestors": [CSP_SELF],
        "report-uri": "/csp-report/",
    }
}
# The Wagtail admin renders inline scripts (date/time widgets, inline panels) and inline styles,
# so it gets its own policy on these paths; everything else stays as strict as the public site.
CSP_ADMIN_PATH_PREFIXES = ["/cms/", "/django-admin/"]
CSP_ADMIN_DIRECTIVES = {
    **CONTENT_SECURITY_POLICY["DIRECTIVES"],
    "script-src": [CSP_SELF, CSP_UNSAFE_INLINE],
    "style-src": [CSP_SELF, CSP_UNSAFE_INLINE],
    "img-src": [CSP_SELF, "data:", "blob:", *_MEDIA_ORIGINS],
}
# Features no page of the platform uses are switched off for every page and embedded frame.
# WebAuthn (passkeys, security keys) stays allowed for the site itself.
PERMISSIONS_POLICY = {
    "accelerometer": [],
    "camera": [],
    "geolocation": [],
    "gyroscope": [],
    "magnetometer": [],
    "microphone": [],
    "payment": [],
    "usb": [],
    "publickey-credentials-get": ["self"],
    "publickey-credentials-create": ["self"],
}
CROSS_ORIGIN_RESOURCE_POLICY = "same-origin"

# Privacy (GDPR). The versions of the legal texts people agree to at sign-up; raise a version
# when the text changes and every logged-in user is asked to agree again (accounts.consent).
LEGAL_TEXT_VERSIONS = {
    "privacy": os.environ.get("PRIVACY_TEXT_VERSION", "2026-12-01"),
    "netiquette": os.environ.get("NETIQUETTE_TEXT_VERSION", "2026-12-01"),
}
# Retention, applied by `manage.py apply_retention` (run daily by the worker's scheduler):
# comment IP addresses are deleted after RETENTION_COMMENT_IP_DAYS; accounts nobody signed in
# to for RETENTION_INACTIVE_ACCOUNT_MONTHS are warned by e-mail RETENTION_WARNING_DAYS before
# and then deleted (administrators and staff of the admin are never); sign-ups whose e-mail
# address was never confirmed are removed after RETENTION_UNCONFIRMED_SIGNUP_DAYS.
RETENTION_COMMENT_IP_DAYS = int(os.environ.get("RETENTION_COMMENT_IP_DAYS", "7"))
RETENTION_INACTIVE_ACCOUNT_MONTHS = int(os.environ.get("RETENTION_INACTIVE_ACCOUNT_MONTHS", "24"))
RETENTION_WARNING_DAYS = (30, 7)
RETENTION_UNCONFIRMED_SIGNUP_DAYS = int(os.environ.get("RETENTION_UNCONFIRMED_SIGNUP_DAYS", "7"))
