"""Configuration classes: the only module that reads the environment."""
import os
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent
INSTANCE_DIR = BASE_DIR / "instance"
DEVELOPMENT_SECRET_KEY = "dev-insecure-change-me"


class Config:
    APP_ENV = "development"
    SECRET_KEY = os.environ.get("SECRET_KEY", DEVELOPMENT_SECRET_KEY)
    SQLALCHEMY_DATABASE_URI = os.environ.get(
        "DATABASE_URL", f"sqlite:///{INSTANCE_DIR / 'fresnillo.db'}"
    )
    SQLALCHEMY_ENGINE_OPTIONS = {"pool_pre_ping": True}
    # A PostgreSQL read replica for the statistics and the cabinet memo (app/replica.py).
    DATABASE_REPLICA_URL = os.environ.get("DATABASE_REPLICA_URL") or None
    SQLALCHEMY_BINDS = {"replica": DATABASE_REPLICA_URL} if DATABASE_REPLICA_URL else {}
    UPLOAD_DIR = os.environ.get("UPLOAD_DIR", str(INSTANCE_DIR / "uploads"))
    MAX_CONTENT_LENGTH = 25 * 1024 * 1024
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    REMEMBER_COOKIE_HTTPONLY = True
    REMEMBER_COOKIE_SAMESITE = "Lax"
    WTF_CSRF_TIME_LIMIT = None
    WTF_I18N_ENABLED = False  # use the form Meta locales (Spanish) instead of Flask-Babel
    BOOTSTRAP_SERVE_LOCAL = True
    # Shared rate-limit counters between workers; /salud checks it when set.
    REDIS_URL = os.environ.get("REDIS_URL") or None
    RATELIMIT_STORAGE_URI = REDIS_URL or "memory://"
    # Several installations (or a production check) may share one Redis: one prefix each.
    RATELIMIT_KEY_PREFIX = os.environ.get("RATELIMIT_KEY_PREFIX", "")
    RATELIMIT_HEADERS_ENABLED = True
    LOGIN_MAX_FAILURES = 5
    # Refused login attempts (successes do not count). Per address the ceiling is high: the
    # whole city hall shares one NAT address; per account, and per account and address, low.
    LOGIN_IP_RATE_LIMIT = "300/minute"
    LOGIN_ACCOUNT_RATE_LIMIT = "30/minute"
    LOGIN_ACCOUNT_IP_RATE_LIMIT = "10/minute"
    # Open311: reads per IP; POST requests per api_key and per IP.
    OPEN311_READ_LIMIT = "120/minute"
    OPEN311_POST_LIMIT = "30/minute;1000/day"
    OPEN311_POST_IP_LIMIT = "60/minute"
    LOGIN_LOCK_MINUTES = 15
    PUBLIC_BASE_URL = os.environ.get("PUBLIC_BASE_URL", "http://127.0.0.1:5000")
    FRAME_ANCESTORS = os.environ.get("FRAME_ANCESTORS", "'self'")
    LOG_LEVEL = os.environ.get("LOG_LEVEL", "INFO").upper()
    # Strict-Transport-Security max-age in seconds; 0 = no header (development serves HTTP).
    HSTS_MAX_AGE = 0
    # Number of reverse proxies (nginx) in front of gunicorn whose X-Forwarded-For/-Proto we
    # trust; per-IP rate limits need the visitor's real address. 0 = no proxy.
    PROXY_COUNT = int(os.environ.get("PROXY_COUNT", "0"))
    # Public portal anti-spam: per-IP limits (Flask-Limiter syntax) and minimum fill time.
    PORTAL_SUBMIT_RATE_LIMIT = "5 per 10 minutes;20 per day"
    PORTAL_LOOKUP_RATE_LIMIT = "10 per minute;60 per hour"
    PORTAL_MIN_FILL_SECONDS = 3
    MAIL_SERVER = os.environ.get("MAIL_SERVER", "127.0.0.1")
    MAIL_PORT = int(os.environ.get("MAIL_PORT", "25"))
    MAIL_USERNAME = os.environ.get("MAIL_USERNAME")
    MAIL_PASSWORD = os.environ.get("MAIL_PASSWORD")
    MAIL_USE_TLS = os.environ.get("MAIL_USE_TLS", "0") == "1"
    MAIL_DEFAULT_SENDER = os.environ.get(
        "MAIL_DEFAULT_SENDER", "Secretaría Técnica <no-responder@fresnillo.gob.mx>"
    )
    # Unhandled errors mail this address through the outbox, one per error type per window.
    ERROR_MAIL_TO = os.environ.get("ERROR_MAIL_TO", "").strip() or None
    ERROR_MAIL_WINDOW_MINUTES = 15
    # Places (app/places): the municipality whose SEPOMEX settlements form the colonias
    # catalogue, its bounding box (south, west, north, east; pins outside are refused) and the
    # map tiles (a URL template such as https://tile.openstreetmap.org/{z}/{x}/{y}.png; with
    # none the maps are hidden and the forms work without them).
    PLACES_MUNICIPALITY = os.environ.get("PLACES_MUNICIPALITY", "Fresnillo")
    PLACES_STATE = os.environ.get("PLACES_STATE", "Zacatecas")
    PLACES_BBOX = os.environ.get("PLACES_BBOX", "22.85,-103.45,23.65,-102.50")
    MAP_TILE_URL = os.environ.get("MAP_TILE_URL", "").strip() or None
    MAP_TILE_ATTRIBUTION = os.environ.get(
        "MAP_TILE_ATTRIBUTION", "© colaboradores de OpenStreetMap")
    COUNTER_ALLOWED_ORIGINS = [
        o.strip()
        for o in os.environ.get("COUNTER_ALLOWED_ORIGINS", "https://fresnillo.gob.mx").split(",")
        if o.strip()
    ]


class TestConfig(Config):
    TESTING = True
    SECRET_KEY = "test-secret"
    # Tests read TEST_DATABASE_URL only, never DATABASE_URL: they drop tables.
    SQLALCHEMY_DATABASE_URI = os.environ.get("TEST_DATABASE_URL", "sqlite://")
    DATABASE_REPLICA_URL = None
    SQLALCHEMY_BINDS = {}
    WTF_CSRF_ENABLED = False
    RATELIMIT_STORAGE_URI = "memory://"
    REDIS_URL = None
    RATELIMIT_ENABLED = True
    PASSWORD_HASH_METHOD = "pbkdf2:sha256:1000"
    MAP_TILE_URL = None  # tests that need a map set it (pytest.mark.config)


class ProductionConfig(Config):
    APP_ENV = "production"
    # No SQLite fallback: without DATABASE_URL the app refuses to start (check_settings).
    SQLALCHEMY_DATABASE_URI = os.environ.get("DATABASE_URL") or None
    # Tracebacks and error mails must not carry citizens' data from bound parameters.
    SQLALCHEMY_ENGINE_OPTIONS = {**Config.SQLALCHEMY_ENGINE_OPTIONS, "hide_parameters": True}
    SESSION_COOKIE_SECURE = True
    REMEMBER_COOKIE_SECURE = True
    PREFERRED_URL_SCHEME = "https"
    HSTS_MAX_AGE = 365 * 24 * 3600


class UnsafeConfigurationError(RuntimeError):
    """The configuration must not run: the message, in Spanish, names what to set."""


def config_for_environment() -> type[Config]:
    """The configuration class APP_ENV chooses (wsgi.py and the flask command use it)."""
    name = os.environ.get("APP_ENV", "").strip().lower()
    if name == "production":
        return ProductionConfig
    if name in ("", "development"):
        return Config
    raise UnsafeConfigurationError(
        f"APP_ENV={name!r} no es un valor reconocido: use APP_ENV=production en el servidor "
        "o no la defina en desarrollo.")


def check_settings(settings) -> None:
    """Refuse to start production on settings that are only safe on a laptop."""
    if settings.get("APP_ENV") != "production":
        return
    problems = []
    if not settings.get("SQLALCHEMY_DATABASE_URI"):
        problems.append("falta la variable DATABASE_URL (p. ej. "
                        "postgresql+psycopg://usuario:clave@servidor:5432/fresnillo); sin ella "
                        "se usaría una base SQLite local")
    if settings.get("SECRET_KEY") in (None, "", DEVELOPMENT_SECRET_KEY):
        problems.append("la variable SECRET_KEY falta o tiene la clave de desarrollo, con la que "
                        "cualquiera puede falsificar sesiones; genere una con "
                        "python3 -c 'import secrets; print(secrets.token_hex(32))'")
    if problems:
        raise UnsafeConfigurationError(
            "La aplicación no arranca en producción (APP_ENV=production): "
            + "; ".join(problems) + ".")
