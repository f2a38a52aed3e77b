"""Fixtures: an app per test on a schema built once per session.

SQLite (a temporary file) by default; PostgreSQL when TEST_DATABASE_URL is set.
Tests never read DATABASE_URL: they drop tables.
"""
import os
from contextlib import contextmanager
from typing import NamedTuple

import pytest
from flask import g, request_started
from sqlalchemy import event, text

from app import create_app
from app.extensions import db, limiter
from config import TestConfig
from tests import factories



@pytest.fixture(scope="session")
def database_url(tmp_path_factory):
    return os.environ.get("TEST_DATABASE_URL") or (
        f"sqlite:///{tmp_path_factory.mktemp('db') / 'test.db'}"
    )


@pytest.fixture(scope="session")
def _schema(database_url, tmp_path_factory):
    app = create_app(_config(database_url, tmp_path_factory.mktemp("uploads")))
    with app.app_context():
        drop_everything()
        db.create_all()
    yield
    with app.app_context():
        drop_everything()
        db.engine.dispose()


def _config(database_url, upload_dir, **overrides):
    attrs = {"SQLALCHEMY_DATABASE_URI": database_url, "UPLOAD_DIR": str(upload_dir), **overrides}
    return type("PerTestConfig", (TestConfig,), attrs)


def drop_everything() -> None:
    """Drop the app's tables and Alembic's version table."""
    db.drop_all()
    with db.engine.begin() as conn:
        conn.execute(text("DROP TABLE IF EXISTS alembic_version"))


def empty_tables() -> None:
    db.session.remove()
    with db.engine.begin() as conn:
        for table in reversed(db.metadata.sorted_tables):
            conn.execute(table.delete())


@pytest.fixture
def app(request, _schema, database_url, tmp_path):
    marker = request.node.get_closest_marker("config")
    overrides = marker.kwargs if marker else {}
    app = create_app(_config(database_url, tmp_path / "uploads", **overrides))
    ctx = app.app_context()
    ctx.push()
    limiter.reset()
    yield app
    db.session.rollback()
    empty_tables()
    db.engine.dispose()
    ctx.pop()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def separate_requests(app):
    """Load the user again on each request, as in production where every request has its own
    app context; the tests share one, so Flask-Login's user cached in ``g`` would carry over
    from one client to the next."""

    def forget_user(sender, **extra):
        g.pop("_login_user", None)

    request_started.connect(forget_user, app)
    yield
    request_started.disconnect(forget_user, app)


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture
def login_as(client):
    """Log a user in through the real login form; returns the client."""

    def _login(user, password=factories.PASSWORD):
        client.post("/cuenta/salir")
        response = client.post("/cuenta/entrar", data={"username": user.username, "password": password})
        assert response.status_code == 302, "login failed"
        return client

    return _login


class Statement(NamedTuple):
    sql: str
    parameters: object


@pytest.fixture
def count_queries(app):
    """``with count_queries() as statements:`` records each SQL statement the block sends to
    the database, as a ``Statement(sql, parameters)``, so a test can count or explain them."""

    @contextmanager
    def _record():
        statements = []

        def before(_conn, _cursor, sql, parameters, _context, _executemany):
            statements.append(Statement(sql, parameters))

        event.listen(db.engine, "before_cursor_execute", before)
        try:
            yield statements
        finally:
            event.remove(db.engine, "before_cursor_execute", before)

    return _record
