"""The built-in, privacy-first page-view counter (the rules and the writes of a hit).

No cookies, no IP address stored. A visitor is ``sha256(daily salt + IP + user agent + site)``;
the salt is random per local day and deleted once the day is over, so yesterday's hashes can
neither be recomputed nor linked to today's (as Plausible and GoatCounter do). Only the hash of
today's visitors is kept (CounterVisitor), to count each one once a day; it is purged with the
salt. Per day the database holds one CounterDay row, updated with atomic upserts so that
concurrent gunicorn workers never lose a hit.
"""
import hashlib
import re
import secrets
from functools import lru_cache
from datetime import date, datetime
from urllib.parse import urlsplit

import psycopg
from sqlalchemy import Engine, create_engine, delete, select
from sqlalchemy.dialects import postgresql, sqlite

from app.extensions import db
from app.settings import COUNTER_SALT_PREFIX, Setting
from app.timeutil import local_today
from app.visits.models import CounterDay, CounterVisitor

# User agents that are not people: crawlers, monitors, link previews, HTTP libraries, headless
# browsers. The one list the counter checks; matched case-insensitively anywhere in the string.
BOT_PATTERNS = (
    r"(?<!cu)bot\b", r"bot/", r"crawl", r"spider", r"slurp", r"archiver", r"scraper", r"fetch",
    r"facebookexternalhit", r"facebookcatalog", r"whatsapp", r"telegram", r"discord", r"skype",
    r"embedly", r"preview", r"pinterest", r"bingpreview", r"google-read-aloud", r"lighthouse",
    r"pagespeed", r"gtmetrix", r"pingdom", r"uptime", r"monitor", r"statuscake", r"site24x7",
    r"headlesschrome", r"phantomjs", r"puppeteer", r"playwright", r"selenium",
    r"curl", r"wget", r"python", r"httpclient", r"http-client", r"okhttp", r"go-http", r"java/",
    r"libwww", r"perl", r"ruby", r"node-fetch", r"axios", r"postman", r"insomnia", r"httpie",
    r"guzzle", r"apache-httpclient", r"scrapy", r"ahrefs", r"semrush", r"mj12", r"dotbot",
    r"petalbot", r"yandex", r"baiduspider", r"bytespider", r"gptbot", r"claudebot", r"ccbot",
    r"applebot", r"duckduckbot", r"mediapartners", r"adsbot", r"feedfetcher", r"validator",
)
BOT_RE = re.compile("|".join(BOT_PATTERNS), re.IGNORECASE)


def is_bot(user_agent: str | None) -> bool:
    """True for an empty user agent or one that matches BOT_PATTERNS."""
    return not (user_agent or "").strip() or bool(BOT_RE.search(user_agent))


def normalize_origin(value: str | None) -> str | None:
    """``scheme://host[:port]`` of an Origin or Referer header, lower-cased; None if unusable."""
    if not value or value == "null":
        return None
    try:
        parts = urlsplit(value.strip())
        port = parts.port
    except ValueError:
        return None
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return None
    default = {"http": 80, "https": 443}[parts.scheme]
    host = parts.hostname.lower() + (f":{port}" if port and port != default else "")
    return f"{parts.scheme}://{host}"


def allowed_origin(origin_header: str | None, referer_header: str | None,
                   allowed: list[str]) -> str | None:
    """The site a hit comes from when it is one of the configured origins, else None.

    The Origin header is used when the browser sends one, else the Referer's origin.
    """
    site = normalize_origin(origin_header) or normalize_origin(referer_header)
    return site if site is not None and site in _accepted(tuple(allowed)) else None


@lru_cache(maxsize=8)
def _accepted(allowed: tuple[str, ...]) -> frozenset:
    return frozenset(normalize_origin(o) for o in allowed)


def visitor_hash(salt: str, ip: str, user_agent: str, site: str) -> str:
    """The day's anonymous visitor id; meaningless once the salt is deleted."""
    return hashlib.sha256(f"{salt}\n{ip}\n{user_agent}\n{site}".encode()).hexdigest()


def _insert(model):
    """INSERT with ON CONFLICT support for the running database."""
    dialect = postgresql if db.engine.dialect.name == "postgresql" else sqlite
    return dialect.insert(model.__table__)


def daily_salt(day: date) -> str:
    """The salt of a local day, created by the first hit of the day (race-safe, committed).

    The worker whose insert wins also deletes older salts and visitor hashes. A salt never
    changes once stored, so each process keeps the current day's in memory.
    """
    cache_key = (str(db.engine.url), day)
    if _salt_cache.get("key") == cache_key:
        return _salt_cache["salt"]
    key = f"{COUNTER_SALT_PREFIX}{day.isoformat()}"
    created = db.session.execute(
        _insert(Setting).values(key=key, value=secrets.token_hex(32))
        .on_conflict_do_nothing().returning(Setting.__table__.c.key)).first()
    if created is not None:
        purge_before(day)
    salt = db.session.scalar(select(Setting.value).where(Setting.key == key))
    db.session.commit()
    _salt_cache.update(key=cache_key, salt=salt)
    return salt


_salt_cache: dict = {}


def purge_before(day: date) -> int:
    """Delete visitor hashes and salts of days before ``day``; returns hashes deleted."""
    deleted = db.session.execute(delete(CounterVisitor).where(CounterVisitor.day < day)).rowcount
    db.session.execute(delete(Setting).where(
        Setting.key.like(f"{COUNTER_SALT_PREFIX}%"),
        Setting.key < f"{COUNTER_SALT_PREFIX}{day.isoformat()}"))
    return deleted


# PostgreSQL: one statement, run in autocommit, so the day row's lock is held only inside the
# server (never across a round trip to the worker). Its commit does not wait for the WAL flush
# (set_config(..., true) is SET LOCAL): a server crash may lose the last instant of hits, a race
# between workers never loses one. Sent through the driver directly: this is the hot path.
PG_HIT = """
WITH async_commit AS (SELECT set_config('synchronous_commit', 'off', true)),
new_visitor AS (
    INSERT INTO counter_visitors (day, visitor_hash) VALUES (%(day)s, %(digest)s)
    ON CONFLICT DO NOTHING RETURNING 1
)
INSERT INTO counter_days AS d (day, page_views, unique_visitors)
SELECT %(day)s, 1, count(*) FROM new_visitor, async_commit
ON CONFLICT (day) DO UPDATE SET page_views = d.page_views + 1,
    unique_visitors = d.unique_visitors + excluded.unique_visitors
RETURNING (SELECT count(*) FROM new_visitor)
"""

_hit_engines: dict[str, Engine] = {}


def _hit_engine() -> Engine:
    """This process's autocommit engine for hits: no pre-ping, so a hit is one round trip."""
    key = str(db.engine.url)
    engine = _hit_engines.get(key)
    if engine is None:
        engine = _hit_engines[key] = create_engine(
            db.engine.url, isolation_level="AUTOCOMMIT", pool_size=2, max_overflow=4,
            pool_pre_ping=False)
    return engine


def _run_pg_hit(params: dict) -> bool:
    for attempt in (1, 2):
        conn = _hit_engine().raw_connection()
        try:
            with conn.cursor() as cursor:
                cursor.execute(PG_HIT, params, prepare=True)
                return cursor.fetchone()[0] == 1
        except psycopg.OperationalError:  # a connection dropped while idle: retry once
            conn.invalidate()
            if attempt == 2:
                raise
        finally:
            conn.close()
    return False  # unreachable


def record_hit(*, ip: str, user_agent: str, site: str, now: datetime) -> bool:
    """Count one page view on the local day of ``now``; True when the visitor is new today.

    Unlike other services this commits by itself: it is the hot path of a public endpoint, and
    on PostgreSQL the hit is a single autocommitted statement outside the request's session.
    """
    day = local_today(now)
    digest = visitor_hash(daily_salt(day), ip, user_agent, site)
    if db.engine.dialect.name == "postgresql":
        return _run_pg_hit({"day": day, "digest": digest})
    visitors = CounterVisitor.__table__.c
    new = db.session.execute(
        _insert(CounterVisitor).values(day=day, visitor_hash=digest)
        .on_conflict_do_nothing().returning(visitors.day)).first() is not None
    days = CounterDay.__table__.c
    upsert = _insert(CounterDay).values(day=day, page_views=1, unique_visitors=int(new))
    db.session.execute(upsert.on_conflict_do_update(
        index_elements=[days.day],
        set_={"page_views": days.page_views + 1,
              "unique_visitors": days.unique_visitors + upsert.excluded.unique_visitors}))
    db.session.commit()
    return new
