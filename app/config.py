"""Configuration defaults; instance/config.py, the environment and tests override them."""

import os
import secrets
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

from app.clock import TIMEZONE_NAME

# Used for PUBLIC_BASE_URL when it is unset under `flask --debug run` (its default address) and in
# tests; never the Host of a request, which anyone can forge.
DEVELOPMENT_BASE_URL = "http://127.0.0.1:5000"


class ConfigurationError(RuntimeError):
    """A setting the app cannot run without, or cannot understand; the message says which."""


class DefaultConfig:
    SQLALCHEMY_TRACK_MODIFICATIONS = False
    # PostgreSQL pool per gunicorn worker process: its threads share it (GUNICORN_THREADS, 2),
    # so a small pool with a little overflow; workers × (size + overflow) must stay under the
    # server's max_connections (100 by default). Recycled before firewalls drop idle connections;
    # pinged so a restarted database costs one retry instead of an error page.
    SQLALCHEMY_ENGINE_OPTIONS: dict = {
        "pool_pre_ping": True,
        "pool_size": 5,
        "max_overflow": 5,
        "pool_recycle": 1800,
        "pool_timeout": 10,
    }
    # Compression (Flask-Compress): brotli for browsers that take it, gzip for the rest.
    COMPRESS_ALGORITHM = ["br", "gzip"]
    COMPRESS_LEVEL = 6
    COMPRESS_BR_LEVEL = 5
    COMPRESS_MIN_SIZE = 500
    COMPRESS_MIMETYPES = [
        "text/html",
        "text/css",
        "text/plain",
        "text/calendar",
        "text/javascript",
        "application/javascript",
        "application/json",
        "application/manifest+json",
        "image/svg+xml",
    ]
    # Staff UI languages; the public pages and flyers speak the languages of Ghent's largest
    # communities too (DOMAIN.md, "Languages").
    LANGUAGES = ["nl", "en"]
    PUBLIC_LANGUAGES = ["nl", "en", "fr", "tr", "bg", "ar", "uk"]
    BABEL_DEFAULT_LOCALE = "nl"
    BABEL_DEFAULT_TIMEZONE = TIMEZONE_NAME
    # The origin of every absolute address the app prints (QR codes, the open data's `url`,
    # calendar files, links to send on), e.g. https://stoepbezoek.gent. Required outside debug
    # and tests (finish() below).
    PUBLIC_BASE_URL = None
    REDIS_URL = None
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    REMEMBER_COOKIE_HTTPONLY = True
    REMEMBER_COOKIE_SAMESITE = "Lax"
    PERMANENT_SESSION_LIFETIME = timedelta(hours=12)
    # The session cookie is only sent again when the session changes. Otherwise every answer
    # re-sends it, and a late answer to a request that left earlier (the field client and its
    # service worker fetch pages in the background) can put an older copy back over a newer
    # one. The cookie's 12 hours count from its last change; the sign-in itself, kept on the
    # server (app/auth/sign_ins.py), ends 12 hours after it started.
    SESSION_REFRESH_EACH_REQUEST = False
    WTF_CSRF_TIME_LIMIT = None  # a worker's form may stay open for hours on a bad connection
    MAX_CONTENT_LENGTH = 8 * 1024 * 1024
    # Household import: largest file and most rows one upload may hold.
    HOUSEHOLD_IMPORT_MAX_BYTES = 2 * 1024 * 1024
    HOUSEHOLD_IMPORT_MAX_ROWS = 5000
    # The offer's spreadsheet and UiTdatabank files: a season's offer is well below this.
    OFFER_IMPORT_MAX_BYTES = 4 * 1024 * 1024
    OFFER_IMPORT_MAX_ROWS = 2000  # activities per spreadsheet; a season's offer is far fewer
    HOUSEHOLD_IMPORT_FOLDER = None  # where previews wait for confirmation; default instance/imports
    PASSWORD_MIN_LENGTH = 12
    # Season of the summer offer, as (month, day); the contract's default is 1 July – 31 August.
    SEASON_START = (7, 1)
    SEASON_END = (8, 31)
    HUIS_VAN_HET_KIND_PHONE = "09 323 56 00"
    HUIS_VAN_HET_KIND_EMAIL = "huisvanhetkind@stad.gent"
    UITINGENT_URL = "https://uitin.gent"
    # UiTdatabank Search API v3: with a key, coordinators can fetch the season's events directly.
    UITDATABANK_API_KEY = None
    UITDATABANK_SEARCH_URL = "https://search.uitdatabank.be/events"
    # Flanders' address register (contract §8): asked for a household's or an activity's position,
    # with at most 2 s per question before the embedded CRAB data answers instead. Empty: never
    # asked (offline). A key (sent as x-api-key) raises the register's rate limit.
    ADDRESS_REGISTER_URL = "https://api.basisregisters.vlaanderen.be/v2"
    ADDRESS_REGISTER_API_KEY = None
    # Mail (Flask-Mailman, SMTP): calls for offer are mailed to the providers. Without
    # MAIL_SERVER nothing is mailed and the call page says so (the link is shared by hand).
    MAIL_SERVER = None
    MAIL_PORT = 587
    MAIL_USERNAME = None
    MAIL_PASSWORD = None
    MAIL_USE_TLS = False
    MAIL_USE_SSL = False
    MAIL_TIMEOUT = 10
    MAIL_DEFAULT_SENDER = None
    # Blueprints whose pages are for families: they offer PUBLIC_LANGUAGES (app.i18n).
    PUBLIC_BLUEPRINTS = frozenset({"public", "shortlinks"})
    RATELIMIT_ENABLED = True
    # memory:// counts in this process only: gunicorn.conf.py then serves one process (threads).
    # REDIS_URL shares the limits and the sign-in lockout across workers (rate_limit_storage).
    RATELIMIT_STORAGE_URI = "memory://"
    # Before every key the app keeps in Redis, so that several apps (or test runs) can share one.
    REDIS_KEY_PREFIX = "stoepbezoek"
    RATELIMIT_HEADERS_ENABLED = True
    # Sign-in lockout (app/security/lockout.py): this many failures within the window lock the
    # e-mail for the lock period, whether or not an account has it.
    SIGN_IN_MAX_FAILURES = 5
    SIGN_IN_FAILURE_WINDOW = 15 * 60
    SIGN_IN_LOCK_SECONDS = 15 * 60
    # Behind a TLS-terminating proxy: how many proxies to trust for X-Forwarded-For / -Proto.
    PROXY_FIX_X_FOR = 0
    PROXY_FIX_X_PROTO = 0
    # Months after a round closes before its households are anonymised (`flask purge`).
    RETENTION_MONTHS = 12


INT_ENV_SETTINGS = ("RETENTION_MONTHS", "PROXY_FIX_X_FOR", "PROXY_FIX_X_PROTO", "MAIL_PORT")
MAIL_ENV_SETTINGS = ("MAIL_SERVER", "MAIL_USERNAME", "MAIL_PASSWORD", "MAIL_DEFAULT_SENDER")
BOOL_ENV_SETTINGS = ("MAIL_USE_TLS", "MAIL_USE_SSL")


POOL_OPTIONS = ("pool_pre_ping", "pool_size", "max_overflow", "pool_recycle", "pool_timeout")


def database_uri(url: str) -> str:
    """Pick psycopg 3 for PostgreSQL URLs written the usual way."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def apply_environment(config: dict, environ=os.environ) -> None:
    if environ.get("DATABASE_URL"):
        config["SQLALCHEMY_DATABASE_URI"] = environ["DATABASE_URL"]
    for name in (
        "SECRET_KEY",
        "PUBLIC_BASE_URL",
        "REDIS_URL",
        "REDIS_KEY_PREFIX",
        "UITDATABANK_API_KEY",
        "UITDATABANK_SEARCH_URL",
        "ADDRESS_REGISTER_API_KEY",
    ):
        if environ.get(name):
            config[name] = environ[name]
    if "ADDRESS_REGISTER_URL" in environ:  # set but empty: work offline
        config["ADDRESS_REGISTER_URL"] = environ["ADDRESS_REGISTER_URL"]
    for name in INT_ENV_SETTINGS:
        if environ.get(name):
            config[name] = int(environ[name])
    for name in MAIL_ENV_SETTINGS:
        if environ.get(name):
            config[name] = environ[name]
    for name in BOOL_ENV_SETTINGS:
        if environ.get(name):
            config[name] = environ[name].strip().lower() in ("1", "true", "yes", "on")


def read_settings(instance_path: str, environ=os.environ) -> dict:
    """The settings create_app() reads — defaults, instance/config.py, the environment — without
    building an app: for gunicorn.conf.py, which must know them before any worker starts."""
    from flask import Config

    config = Config(instance_path)
    config.from_object(DefaultConfig)
    config.from_pyfile("config.py", silent=True)
    apply_environment(config, environ)
    return config


def rate_limit_storage(config) -> str:
    """Where rate limits and the sign-in lockout are counted: Redis when REDIS_URL is set."""
    uri = config.get("RATELIMIT_STORAGE_URI") or "memory://"
    if config.get("REDIS_URL") and uri == "memory://":
        return config["REDIS_URL"]
    return uri


def shares_rate_limits(config) -> bool:
    """True when every process sees the same counters (not the in-process memory:// storage)."""
    return not rate_limit_storage(config).startswith("memory://")


def finish(config: dict, instance_path: str) -> None:
    """Fill in what depends on the instance folder, once every source has had its say."""
    instance = Path(instance_path)
    if not config.get("SQLALCHEMY_DATABASE_URI"):
        from app.private_files import private_folder

        private_folder(instance)  # the families' database goes in here
        config["SQLALCHEMY_DATABASE_URI"] = f"sqlite:///{instance / 'stoepbezoek.sqlite'}"
    config["SQLALCHEMY_DATABASE_URI"] = database_uri(config["SQLALCHEMY_DATABASE_URI"])
    if config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite"):
        # SQLite has no pool worth pinging; a busy timeout replaces it (see app/database.py).
        options = config.get("SQLALCHEMY_ENGINE_OPTIONS", {})
        config["SQLALCHEMY_ENGINE_OPTIONS"] = {
            k: v for k, v in options.items() if k not in POOL_OPTIONS
        }
    if not config.get("SECRET_KEY"):
        config["SECRET_KEY"] = _instance_secret(instance)
    config["PUBLIC_BASE_URL"] = public_base_url(config)
    config["SESSION_COOKIE_SECURE"] = config["PUBLIC_BASE_URL"].startswith("https://")
    config["REMEMBER_COOKIE_SECURE"] = config["SESSION_COOKIE_SECURE"]


def public_base_url(config: dict) -> str:
    """PUBLIC_BASE_URL as an origin without a trailing slash; refused when missing (outside
    debug and tests) or when it is not an origin."""
    value = (config.get("PUBLIC_BASE_URL") or "").strip().rstrip("/")
    if not value:
        if config.get("DEBUG") or config.get("TESTING"):
            return DEVELOPMENT_BASE_URL
        raise ConfigurationError(
            "PUBLIC_BASE_URL is not set. Set it to the address families and partners reach the "
            "app on, e.g. PUBLIC_BASE_URL=https://stoepbezoek.gent (environment or "
            "instance/config.py): QR codes, the open data and calendar files print it, and the "
            "Host of a request is never used instead."
        )
    parts = urlsplit(value)
    extra = parts.path or parts.query or parts.fragment
    if parts.scheme not in ("http", "https") or not parts.netloc or extra:
        raise ConfigurationError(
            f"PUBLIC_BASE_URL={value!r} is not an origin: give the scheme and host (and port) "
            "only, e.g. https://stoepbezoek.gent"
        )
    return value


def _instance_secret(instance: Path) -> str:
    """Generate the secret key once and keep it, so sessions survive a restart."""
    from app.private_files import FILE_MODE, narrow, private_folder

    path = instance / "secret_key"
    if path.exists():
        narrow(path, FILE_MODE)
        return path.read_text().strip()
    private_folder(instance)  # it also holds the SQLite file and the import previews
    key = secrets.token_hex(32)
    # O_EXCL: when several gunicorn workers start at once, only one writes; the others read it.
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return path.read_text().strip()
    with os.fdopen(fd, "w") as fh:
        fh.write(key)
    return key
