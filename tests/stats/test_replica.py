"""DATABASE_REPLICA_URL: the statistics and the cabinet memo read from the replica; the
archived memo and everything else are written to the primary (app/replica.py)."""
from contextlib import contextmanager

import pytest
from sqlalchemy import event, select

from app.extensions import db
from app.replica import REPLICA, replica_reads
from app.stats import cabinet
from app.tickets.models import Ticket
from tests.factories import make_user
from tests.stats.conftest import NOW


@pytest.fixture
def replica(request, database_url):
    """The test database again as the bind "replica" (asked for before ``app``, which reads
    the config marker): a replica that is never behind."""
    request.node.add_marker(pytest.mark.config(SQLALCHEMY_BINDS={REPLICA: database_url}))
    yield
    db.metadatas.pop(REPLICA, None)  # Flask-SQLAlchemy keeps one per bind on the global db


@pytest.fixture
def secretary(app):
    return make_user(role="secretary")


@contextmanager
def statements():
    """The SQL each engine receives in the block: {"primary": [...], "replica": [...]}."""
    seen = {"primary": [], "replica": []}
    engines = {"primary": db.engines[None], "replica": db.engines[REPLICA]}
    listeners = {name: (lambda name: lambda conn, cursor, sql, *a: seen[name].append(sql))(name)
                 for name in engines}
    for name, engine in engines.items():
        event.listen(engine, "before_cursor_execute", listeners[name])
    try:
        yield seen
    finally:
        for name, engine in engines.items():
            event.remove(engine, "before_cursor_execute", listeners[name])


def _touching(sqls, table):
    return [sql for sql in sqls if table in sql]


def test_the_memo_reads_its_figures_from_the_replica_and_archives_on_the_primary(
        replica, week, secretary):
    db.session.commit()
    try:
        with statements() as seen:
            report = cabinet.generate_cabinet_report("2026-W10", "", secretary, NOW)
            db.session.commit()
        assert _touching(seen["replica"], "FROM tickets")
        assert not _touching(seen["primary"], "FROM tickets")
        assert _touching(seen["primary"], "INSERT INTO cabinet_reports")
        assert not [sql for sql in seen["replica"] if not sql.lstrip().upper().startswith(
            ("SELECT", "WITH"))]
        assert db.session.get(type(report), report.id).sha256 == report.sha256
    finally:
        db.engines[REPLICA].dispose()


def test_the_dashboard_page_reads_from_the_replica(replica, week, secretary, login_as):
    db.session.commit()
    client = login_as(secretary)
    try:
        with statements() as seen:
            response = client.get("/estadisticas/?semana=2026-W10")
        assert response.status_code == 200
        assert _touching(seen["replica"], "FROM tickets")
        assert not _touching(seen["primary"], "FROM tickets")
    finally:
        db.engines[REPLICA].dispose()


def test_locking_reads_and_reads_outside_the_block_stay_on_the_primary(replica, week):
    db.session.commit()
    try:
        with statements() as seen:
            with replica_reads():
                db.session.execute(select(Ticket.id).with_for_update()).all()
            db.session.execute(select(Ticket.id)).all()
        assert len(_touching(seen["primary"], "FROM tickets")) == 2
        assert seen["replica"] == []
    finally:
        db.engines[REPLICA].dispose()


def test_without_a_replica_every_read_goes_to_the_primary(week):
    with replica_reads():
        assert db.session.execute(select(Ticket.id)).all()
    assert REPLICA not in db.engines
