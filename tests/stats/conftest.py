"""The hand-built week every statistics test reads (ISO week 10 of 2026: Monday 2 to Sunday
8 March, America/Mexico_City, UTC-6). Known answers are spelled out in test_queries.py."""
from datetime import date, timedelta

import pytest

from app.extensions import db
from app.stats.periods import week_period
from tests.factories import make_category, make_unit
from tests.reports.factories import make_excuse, make_report
from tests.stats.fixtures import add_citizen, add_ticket, local

NOW = local(2026, 3, 10, 12, 0)  # Tuesday of week 11
W10 = week_period(2026, 10)


@pytest.fixture
def week(app):
    """Units A and B with tickets, C active with nothing, D inactive with nothing."""
    since = local(2025, 1, 1)  # the units owe every weekly report of 2026
    a = make_unit(name="A Obras", code="A", created_at=since)
    b = make_unit(name="B Servicios", code="B", created_at=since)
    c = make_unit(name="C Vacía", code="C", created_at=since)
    make_unit(name="D Inactiva", code="D", active=False, created_at=since)
    cat_a, cat_b = make_category(unit=a, name="Alumbrado"), make_category(unit=b, name="Baches")
    p1, p2 = add_citizen("Ana"), add_citizen("Beto")
    t = {}
    # Sunday 23:59 local belongs to week 9; Monday 00:00 to week 10.
    t[1] = add_ticket(cat_a, local(2026, 3, 1, 23, 59), citizen=p1, status="en_proceso",
                      channeled=local(2026, 3, 2, 0, 30), due=date(2026, 3, 5))
    t[2] = add_ticket(cat_a, local(2026, 3, 2, 0, 0), citizen=p1, colonia="Centro",
                      status="atendida", channeled=local(2026, 3, 2, 0, 10),
                      resolved=local(2026, 3, 4, 0, 0))
    t[3] = add_ticket(cat_b, local(2026, 3, 2, 10), channel="telefonica", kind="queja",
                      citizen=p1, colonia="Centro", status="cerrada",
                      channeled=local(2026, 3, 2, 11), resolved=local(2026, 3, 3, 10),
                      closed=local(2026, 3, 5, 9))
    t[4] = add_ticket(cat_b, local(2026, 3, 3, 9), channel="web", kind="denuncia",
                      status="improcedente", channeled=local(2026, 3, 3, 10),
                      closed=local(2026, 3, 3, 12))
    # Re-channeled from A to B on Wednesday: counts once, for B.
    t[5] = add_ticket(cat_a, local(2026, 3, 3, 10), unit=b, channel="escrito", kind="tramite",
                      citizen=p2, colonia="Las Américas", channeled=local(2026, 3, 4, 9),
                      due=date(2026, 3, 6))
    t[6] = add_ticket(cat_a, local(2026, 3, 4, 10), channel="api", kind="denuncia",
                      status="atendida", channeled=local(2026, 3, 4, 11),
                      resolved=local(2026, 3, 8, 22))
    t[7] = add_ticket(cat_a, local(2026, 3, 8, 23, 59), unit=None, channel="web",
                      kind="denuncia", status="recibida")
    t[8] = add_ticket(cat_a, local(2026, 3, 9, 0, 0), unit=None, citizen=p2, status="recibida")
    t[9] = add_ticket(cat_a, local(2026, 2, 10, 12), citizen=p1, status="atendida",
                      channeled=local(2026, 2, 10, 13), resolved=local(2026, 3, 5, 12))
    t[10] = add_ticket(cat_b, local(2026, 2, 10, 12), citizen=p1, status="cerrada",
                       channeled=local(2026, 2, 10, 13), closed=local(2026, 3, 9, 10))
    t[11] = add_ticket(cat_a, local(2026, 2, 1, 9), citizen=p2, status="en_proceso",
                       channeled=local(2026, 2, 1, 10), due=date(2026, 2, 20))
    # Reopened: the workflow cleared its resolution; it is backlog again.
    t[12] = add_ticket(cat_a, local(2026, 2, 2, 9), status="en_proceso",
                       channeled=local(2026, 2, 2, 10), due=date(2026, 3, 20))
    # 23:30 local on 31 January is 05:30 UTC on 1 February: January's.
    t[13] = add_ticket(cat_a, local(2026, 1, 31, 23, 30), unit=None, channel="web",
                       kind="denuncia", status="improcedente", closed=local(2026, 2, 1, 9))
    db.session.commit()
    # Weekly reports of week 10 (deadline Friday 6 March 15:00): A at the deadline instant
    # (on time), B one second later (late), C none (missing). Week 9: none, C excused.
    deadline = local(2026, 3, 6, 15, 0)
    make_report(a, 2026, 10, submitted_at=deadline)
    make_report(b, 2026, 10, submitted_at=deadline + timedelta(seconds=1))
    make_excuse(c, 2026, 9)
    db.session.commit()
    return {"a": a, "b": b, "c": c, "tickets": t}


