"""Where the problems are: per colonia × category for any period (recounted from the rows),
its CSV, and the memo's colonias of the month against the same days of 3 months before."""
import csv
import io
import random
from collections import Counter
from datetime import date, datetime, timedelta, timezone
from io import BytesIO

from reportlab.platypus import SimpleDocTemplate
from sqlalchemy import select

from app.extensions import db
from app.places import queries
from app.places.memo import get_memo_colonias
from app.places.pdf import colonias_section
from app.stats.periods import Period
from app.tickets import constants as c
from app.tickets.models import Ticket
from app.timeutil import local_midnight_utc, to_local
from tests.factories import make_category, make_ticket, make_user
from tests.places.helpers import make_colonia

NOW = datetime(2026, 3, 20, 18, tzinfo=timezone.utc)


def _at(day: date, hour: int = 12) -> datetime:
    return local_midnight_utc(day) + timedelta(hours=hour)


def test_the_figures_recount_the_rows_of_the_period(app):
    rng = random.Random(7)
    colonias = [make_colonia(f"Colonia {n}", postal_code=f"990{n:02d}") for n in range(4)]
    categories = [make_category() for _ in range(3)]
    period = Period(date(2026, 3, 2), date(2026, 3, 8))
    for _ in range(60):
        day = date(2026, 2, 28) + timedelta(days=rng.randint(0, 10))
        colonia = rng.choice(colonias + [None])
        make_ticket(rng.choice(categories), now=_at(day, rng.choice([0, 6, 12, 23])),
                    colonia_id=colonia.id if colonia else None,
                    colonia="Texto libre" if colonia is None else None,
                    channel=rng.choice(["web", "presencial"]), auto_channel=False)
    expected = Counter()
    names = {col.id: col.name for col in colonias}
    for ticket in db.session.scalars(select(Ticket)):
        if period.start_utc <= ticket.created_at < period.end_utc:
            key = (names.get(ticket.colonia_id, queries.NO_COLONIA), ticket.category.name)
            expected[key + ("web" if ticket.channel in c.WEB_CHANNELS else "desk",)] += 1
    rows = queries.get_colonia_figures(period)
    got = Counter()
    for name, _code, category, web, desk, total in rows:
        assert web + desk == total
        got[(name, category, "web")] += web
        got[(name, category, "desk")] += desk
    assert +got == +expected and sum(expected.values()) > 0
    assert [row[5] for row in rows] == sorted((row[5] for row in rows), reverse=True)


def test_the_csv_has_every_row_and_refuses_a_bad_period(client, login_as):
    login_as(make_user(role="secretary"))
    colonia = make_colonia("Esparza", postal_code="99040")
    category = make_category(name="Bacheo")
    for _ in range(3):
        make_ticket(category, now=_at(date(2026, 3, 3)), colonia_id=colonia.id)
    make_ticket(category, now=_at(date(2026, 3, 4)), channel="web", colonia_id=colonia.id,
                kind="denuncia", auto_channel=False)
    response = client.get("/estadisticas/colonias.csv?desde=2026-03-02&hasta=2026-03-08")
    assert response.status_code == 200
    assert "colonias-2026-03-02-2026-03-08.csv" in response.headers["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff"))))
    assert rows == [list(queries.FIGURE_HEADERS), ["Esparza", "99040", "Bacheo", "1", "3", "4"]]
    bad = client.get("/estadisticas/colonias.csv?desde=2026-03-09&hasta=2026-03-02")
    assert bad.status_code == 400 and "No se generó el CSV" in bad.get_data(as_text=True)


def test_the_month_window_compares_the_same_days_of_the_three_months_before():
    window = queries.month_window(Period(date(2026, 3, 16), date(2026, 3, 22)), NOW)
    assert (window.first, window.days) == (date(2026, 3, 1), 20)  # to today, not the 22nd
    starts = [p.first for p in window.periods()]
    ends = [p.last for p in window.periods()]
    assert starts == [date(2026, 3, 1), date(2026, 2, 1), date(2026, 1, 1), date(2025, 12, 1)]
    assert ends == [date(2026, 3, 20), date(2026, 2, 20), date(2026, 1, 20), date(2025, 12, 20)]
    # On the 31st, April's window is April and February's ends with February.
    late = queries.MonthWindow(date(2026, 5, 1), 31).periods()
    assert late[1].last == date(2026, 4, 30)
    assert late[3].last == date(2026, 2, 28)


def test_the_memo_lists_the_top_colonias_against_their_average(app):
    category = make_category()
    busy, quiet = make_colonia("Esparza", postal_code="99040"), make_colonia("Obrera")
    for day in (date(2026, 3, 2), date(2026, 3, 10), date(2026, 3, 19)):
        make_ticket(category, now=_at(day), colonia_id=busy.id)
    make_ticket(category, now=_at(date(2026, 3, 21)), colonia_id=busy.id)  # after today
    for day in (date(2026, 2, 5), date(2026, 1, 6), date(2025, 12, 7)):
        make_ticket(category, now=_at(day), colonia_id=busy.id)
    make_ticket(category, now=_at(date(2026, 2, 25)), colonia_id=busy.id)  # not the same days
    make_ticket(category, now=_at(date(2026, 3, 5)), colonia_id=quiet.id)
    for day in (date(2026, 2, 3), date(2026, 2, 4), date(2026, 1, 3), date(2026, 1, 4),
                date(2025, 12, 3), date(2025, 12, 4)):
        make_ticket(category, now=_at(day), colonia_id=quiet.id)
    data = get_memo_colonias(Period(date(2026, 3, 16), date(2026, 3, 22)), NOW)
    assert data["top"] == [(1, "Esparza", "99040", "3", "1", "▲ sube"),
                           (2, "Obrera", "99000", "1", "2", "▼ baja")]
    assert "del 1 al 20 de marzo de 2026" in data["intro"]
    story = colonias_section(data)
    SimpleDocTemplate(BytesIO()).build(story)  # the flowables lay out
    assert colonias_section(None) == []


def test_the_dashboard_shows_the_section_with_the_csv_link(client, login_as):
    login_as(make_user(role="secretary"))
    make_ticket(make_category(), colonia_id=make_colonia("Esparza").id)
    page = client.get("/estadisticas/?desde=2026-03-02&hasta=2026-03-08").get_data(as_text=True)
    assert 'data-testid="colonias-section"' in page
    assert "/estadisticas/colonias.csv?desde=2026-03-02&amp;hasta=2026-03-08" in page
