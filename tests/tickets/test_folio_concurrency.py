"""Folios stay unique when tickets are created at the same time (PostgreSQL only)."""
import threading
from datetime import datetime, timezone

import pytest
from sqlalchemy import select

from app.extensions import db
from app.tickets.models import Ticket
from app.tickets.services import TicketInput, create_ticket
from tests.factories import make_category

NOW = datetime(2026, 11, 20, 17, 0, tzinfo=timezone.utc)


def test_simultaneous_creations_never_share_a_folio(app):
    if db.engine.dialect.name != "postgresql":
        pytest.skip("row locks are only meaningful on PostgreSQL (TEST_DATABASE_URL)")
    category_id = make_category().id
    threads, per_thread, errors = 4, 8, []
    barrier = threading.Barrier(threads)

    def worker():
        with app.app_context():
            try:
                barrier.wait()
                for _ in range(per_thread):
                    create_ticket(TicketInput(channel="telefonica", kind="queja",
                                              category=category_id, description="Simultáneo"),
                                  now=NOW, actor_label="Prueba")
                    db.session.commit()
            except Exception as exc:  # reported below; a thread cannot fail the test itself
                errors.append(exc)
            finally:
                db.session.remove()

    pool = [threading.Thread(target=worker) for _ in range(threads)]
    for thread in pool:
        thread.start()
    for thread in pool:
        thread.join(timeout=60)
    assert errors == []
    folios = list(db.session.scalars(select(Ticket.folio)))
    assert len(folios) == len(set(folios)) == threads * per_thread
    assert sorted(folios) == [f"AC-2026-{n:06d}" for n in range(1, threads * per_thread + 1)]
