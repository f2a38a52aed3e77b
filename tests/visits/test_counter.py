"""The built-in counter: daily uniques, bots, origins, Do Not Track, local days, privacy."""
from datetime import date, datetime, timezone

import pytest
from sqlalchemy import select

from app.extensions import db
from app.settings import Setting
from app.visits import counter
from app.visits.counter import (allowed_origin, daily_salt, is_bot, normalize_origin,
                                record_hit)
from app.visits.models import CounterDay, CounterVisitor
from app.visits.queries import get_monthly_series

SITE = "https://fresnillo.gob.mx"
CHROME = ("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
          "Chrome/131.0.0.0 Safari/537.36")
IPHONE = ("Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 "
          "(KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1")
CUBOT = ("Mozilla/5.0 (Linux; Android 12; CUBOT KINGKONG 7) AppleWebKit/537.36 (KHTML, like "
         "Gecko) Chrome/120.0.0.0 Mobile Safari/537.36")
NOON = datetime(2026, 11, 10, 18, 0, tzinfo=timezone.utc)  # 12:00 in Mexico City
NEXT_NOON = datetime(2026, 11, 11, 18, 0, tzinfo=timezone.utc)
pytestmark = pytest.mark.config(COUNTER_ALLOWED_ORIGINS=[SITE, "https://www.fresnillo.gob.mx"])


@pytest.fixture(autouse=True)
def _fresh_salt_cache():
    """Each test starts as a new process would: the salt comes from the database."""
    counter._salt_cache.clear()


def day_row(day: date) -> tuple[int, int] | None:
    db.session.expire_all()
    row = db.session.get(CounterDay, day)
    return (row.page_views, row.unique_visitors) if row else None


def hit(ip="189.203.1.10", ua=CHROME, now=NOON, site=SITE) -> bool:
    new = record_hit(ip=ip, user_agent=ua, site=site, now=now)
    db.session.commit()
    return new


def test_same_visitor_twice_a_day_is_one_unique_and_two_page_views(app):
    assert hit() is True
    assert hit() is False
    assert day_row(date(2026, 11, 10)) == (2, 1)


def test_other_ip_or_browser_is_another_visitor(app):
    hit(), hit(ip="189.203.1.11"), hit(ua=IPHONE)
    assert day_row(date(2026, 11, 10)) == (3, 3)


def test_same_visitor_next_day_counts_again(app):
    hit(), hit()
    assert hit(now=NEXT_NOON) is True
    assert day_row(date(2026, 11, 10)) == (2, 1)
    assert day_row(date(2026, 11, 11)) == (1, 1)


def test_first_hit_of_a_day_rotates_the_salt_and_purges_yesterday(app):
    hit()
    yesterday_salt = daily_salt(date(2026, 11, 10))
    hit(now=NEXT_NOON)
    keys = set(db.session.scalars(select(Setting.key)))
    assert keys == {"counter_salt:2026-11-11"}
    assert daily_salt(date(2026, 11, 11)) != yesterday_salt
    assert {v.day for v in db.session.scalars(select(CounterVisitor))} == {date(2026, 11, 11)}
    assert day_row(date(2026, 11, 10)) == (1, 1)  # the day's totals stay


def test_no_ip_or_user_agent_is_stored(app):
    hit(ip="201.150.33.77")
    (visitor,) = db.session.scalars(select(CounterVisitor))
    assert len(visitor.visitor_hash) == 64 and "201.150" not in visitor.visitor_hash
    stored = " ".join(s.value for s in db.session.scalars(select(Setting)))
    assert "201.150.33.77" not in stored and "Chrome" not in stored


def test_day_and_month_follow_mexico_city_time(app):
    # 1 Dec 2026 03:30 UTC is 30 Nov 21:30 in Mexico City.
    hit(now=datetime(2026, 12, 1, 3, 30, tzinfo=timezone.utc))
    hit(now=datetime(2026, 12, 1, 6, 30, tzinfo=timezone.utc), ip="10.0.0.2")  # 1 Dec 00:30
    assert day_row(date(2026, 11, 30)) == (1, 1) and day_row(date(2026, 12, 1)) == (1, 1)
    november, december = get_monthly_series((2026, 11), (2026, 12))
    assert (november.page_views, december.page_views) == (1, 1)


@pytest.mark.parametrize("ua", [
    "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
    "Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)",
    "facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)",
    "WhatsApp/2.23.20.0", "curl/8.5.0", "python-requests/2.32.3", "Wget/1.21",
    "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/120.0 Safari/537.36",
    "Mozilla/5.0 (compatible; AhrefsBot/7.0; +http://ahrefs.com/robot/)", "GPTBot/1.0", "", "   ",
])
def test_bots_are_recognised(ua):
    assert is_bot(ua)


@pytest.mark.parametrize("ua", [CHROME, IPHONE, CUBOT,
                                "Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0"])
def test_people_are_not_bots(ua):
    assert not is_bot(ua)


@pytest.mark.parametrize("origin,referer,expected", [
    (SITE, None, SITE),
    (None, "https://fresnillo.gob.mx/tramites/predial?x=1", SITE),
    ("https://WWW.Fresnillo.gob.mx", None, "https://www.fresnillo.gob.mx"),
    ("https://fresnillo.gob.mx:443", None, SITE),
    ("https://evil.example", "https://fresnillo.gob.mx/", None),  # Origin wins over Referer
    ("https://fresnillo.gob.mx.evil.example", None, None),
    ("http://fresnillo.gob.mx", None, None),
    ("https://fresnillo.gob.mx:8443", None, None),
    ("null", None, None), (None, None, None), ("javascript:alert(1)", None, None),
    (None, "not a url", None), (None, "https://[bad", None),
])
def test_only_configured_origins_are_accepted(origin, referer, expected):
    assert allowed_origin(origin, referer, [SITE, "https://www.fresnillo.gob.mx/"]) == expected


def test_normalize_origin_drops_path_and_default_port():
    assert normalize_origin("https://fresnillo.gob.mx:443/a/b") == SITE
    assert normalize_origin("ftp://fresnillo.gob.mx") is None


def get_pixel(client, **headers):
    return client.get("/contador/pixel.gif", headers={"User-Agent": CHROME, **headers})


def test_pixel_counts_a_hit_from_the_site_without_cookies(client):
    response = get_pixel(client, Referer="https://fresnillo.gob.mx/noticias")
    assert response.status_code == 200 and response.mimetype == "image/gif"
    assert response.headers["X-Counter"] == "counted"
    assert "Set-Cookie" not in response.headers
    assert "no-store" in response.headers["Cache-Control"]
    assert response.data.startswith(b"GIF89a")
    assert db.session.scalar(select(CounterDay.page_views)) == 1


@pytest.mark.parametrize("headers,status", [
    ({"Origin": "https://otro-sitio.example"}, "refused-origin"),
    ({"Referer": "https://otro-sitio.example/pagina"}, "refused-origin"),
    ({}, "refused-origin"),
    ({"Referer": SITE + "/", "User-Agent": "Googlebot/2.1"}, "ignored-bot"),
    ({"Referer": SITE + "/", "User-Agent": ""}, "ignored-bot"),
    ({"Referer": SITE + "/", "DNT": "1"}, "ignored-dnt"),
    ({"Referer": SITE + "/", "Sec-Purpose": "prefetch;prerender"}, "ignored-prefetch"),
])
def test_pixel_ignores_foreign_origins_bots_dnt_and_prefetch(client, headers, status):
    response = get_pixel(client, **headers)
    assert response.status_code == 200 and response.headers["X-Counter"] == status
    assert db.session.scalar(select(CounterDay.page_views)) is None
    assert db.session.scalar(select(CounterVisitor.day)) is None


def test_pixel_is_exempt_from_csrf_and_login(client):
    assert get_pixel(client, Origin=SITE).headers["X-Counter"] == "counted"


def test_script_requests_the_pixel_with_the_origin_as_referrer(client):
    response = client.get("/contador.js")
    body = response.get_data(as_text=True)
    assert response.status_code == 200 and response.mimetype == "text/javascript"
    assert "contador/pixel.gif" in body and 'referrerPolicy="origin"' in body
    assert "cookie" not in body.lower() and "Set-Cookie" not in response.headers


def test_purge_command_deletes_past_visitor_hashes_only(app, runner):
    db.session.add_all([CounterVisitor(day=date(2020, 1, 1), visitor_hash="a" * 64),
                        Setting(key="counter_salt:2020-01-01", value="x"),
                        CounterDay(day=date(2020, 1, 1), page_views=5, unique_visitors=1)])
    db.session.commit()
    result = runner.invoke(args=["purge-counter"])
    assert result.exit_code == 0 and "se borraron 1 huellas" in result.output
    assert db.session.scalar(select(CounterVisitor.day)) is None
    assert db.session.get(Setting, "counter_salt:2020-01-01") is None
    assert db.session.get(CounterDay, date(2020, 1, 1)).page_views == 5
