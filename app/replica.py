"""Reads sent to a PostgreSQL read replica (``DATABASE_REPLICA_URL``, the bind "replica").

Only the statistics use it: ``app/stats/queries.get_dashboard`` (the dashboard, its CSVs and
the cabinet memo) runs inside ``replica_reads()``. Within that block the session sends plain
SELECTs to the replica (UNION queries too); flushes, writes and ``SELECT ... FOR UPDATE`` stay on
the primary.
Without the setting everything goes to the primary, as before. The replica lags the primary
by moments: an archived memo keeps what it printed, so it stays consistent.
"""
from contextlib import contextmanager

from flask import current_app, g, has_app_context
from flask_sqlalchemy.session import Session
from sqlalchemy import event

REPLICA = "replica"


@contextmanager
def replica_reads():
    """Send the block's SELECTs to the replica when one is configured."""
    if REPLICA not in current_app.config.get("SQLALCHEMY_BINDS", {}):
        yield
        return
    previous = g.get("replica_reads", False)
    g.replica_reads = True
    try:
        yield
    finally:
        g.replica_reads = previous


class RoutingSession(Session):
    """Flask-SQLAlchemy's session, which sends the reads of ``replica_reads()`` blocks to the
    replica's engine."""

    def get_bind(self, mapper=None, clause=None, bind=None, **kwargs):
        if (bind is None and not self._flushing and getattr(clause, "is_select", False)
                and getattr(clause, "_for_update_arg", None) is None
                and has_app_context() and g.get("replica_reads", False)):
            return self._db.engines[REPLICA]
        return super().get_bind(mapper=mapper, clause=clause, bind=bind, **kwargs)


@event.listens_for(RoutingSession, "do_orm_execute")
def _name_the_statement(state) -> None:
    """SQLAlchemy leaves out the statement when it asks for the bind of an ORM UNION; give it,
    so get_bind sees that it is a read."""
    state.bind_arguments.setdefault("clause", state.statement)
