"""The 0023 migration on a database holding today's JSON planned actions: each report and each
earlier version keeps them as legacy text, readable in its history; the JSON column goes.
The 0024 migration keeps every approved action's terms from its approval."""
from datetime import datetime, timezone

import pytest
from flask_migrate import downgrade, upgrade
from sqlalchemy import inspect, text

from app.extensions import db
from tests.conftest import drop_everything

AT = "2026-03-06 20:00:00+00:00"


@pytest.fixture
def empty_database(app):
    drop_everything()
    yield
    drop_everything()
    db.create_all()


def _seed_old_rows():
    with db.engine.begin() as conn:
        conn.execute(text("INSERT INTO units (id, name, code, active, created_at) "
                          "VALUES (1, 'Obras', 'OBRAS', true, :at)"), {"at": AT})
        for report_id, week, planned in (
                (1, 10, '[{"action": "Bacheo en calles", "progress": 50}, '
                        '{"action": "Alumbrado", "progress": 100}]'),
                (2, 11, "[]")):
            conn.execute(text(
                "INSERT INTO weekly_reports (id, unit_id, iso_year, iso_week, deadline_at, "
                "submitted_at, updated_at, summary, planned_actions, version) VALUES "
                "(:id, 1, 2026, :week, :at, :at, :at, 'Resumen', :planned, 1)"),
                {"id": report_id, "week": week, "at": AT, "planned": planned})
        conn.execute(text(
            "INSERT INTO weekly_report_versions (report_id, version, submitted_at, summary, "
            "planned_actions) VALUES (1, 1, :at, 'Antes', "
            "'[{\"action\": \"Bacheo\", \"progress\": 10}]')"), {"at": AT})


def test_json_planned_actions_become_legacy_text_and_come_back_on_downgrade(
        app, empty_database, login_as):
    upgrade(directory="migrations", revision="0022_places")
    _seed_old_rows()
    upgrade(directory="migrations", revision="0023_work_programs")
    columns = {c["name"] for c in inspect(db.engine).get_columns("weekly_reports")}
    assert "planned_actions" not in columns and "legacy_actions" in columns
    with db.engine.connect() as conn:
        reports = conn.execute(text("SELECT id, legacy_actions FROM weekly_reports "
                                    "ORDER BY id")).all()
        versions = conn.execute(text("SELECT legacy_actions FROM weekly_report_versions")).all()
    assert [tuple(r) for r in reports] == [(1, "Bacheo en calles: 50 %\nAlumbrado: 100 %"),
                                           (2, None)]
    assert versions[0][0] == "Bacheo: 10 %"
    downgrade(directory="migrations", revision="0022_places")
    with db.engine.connect() as conn:
        planned = conn.execute(text("SELECT planned_actions FROM weekly_reports "
                                    "ORDER BY id")).scalars().all()
    assert planned == ['[{"action": "Bacheo en calles", "progress": 50}, '
                       '{"action": "Alumbrado", "progress": 100}]', "[]"]


def test_the_legacy_text_is_shown_in_the_reports_history(app, login_as):
    from tests.factories import make_user
    from tests.reports.factories import make_report, make_reporting_unit, make_version

    unit = make_reporting_unit()
    report = make_report(unit, 2026, 10, legacy_actions="Bacheo en calles: 50 %")
    version = make_version(report)
    version.legacy_actions = "Bacheo: 10 %"
    db.session.commit()
    page = login_as(make_user(role="secretary")).get(f"/informes/{report.id}")
    html = page.get_data(as_text=True)
    assert "Bacheo en calles: 50 %" in html and "Bacheo: 10 %" in html
    assert "texto anterior a los programas de trabajo" in html


def _seed_programs():
    with db.engine.begin() as conn:
        conn.execute(text("INSERT INTO units (id, name, code, active, created_at) "
                          "VALUES (1, 'Obras', 'OBRAS', true, :at)"), {"at": AT})
        conn.execute(text("INSERT INTO plan_axes (id, code, name, active) "
                          "VALUES (1, 'E1', 'Eje', true)"))
        for program_id, year, approved, version in ((1, 2026, AT, 3), (2, 2025, None, 0)):
            conn.execute(text(
                "INSERT INTO work_programs (id, unit_id, year, status, version, created_at, "
                "approved_at) VALUES (:id, 1, :year, 'aprobado', :version, :at, :approved)"),
                {"id": program_id, "year": year, "version": version, "at": AT,
                 "approved": approved})
        for action_id, program_id, created in ((1, 1, AT), (2, 1, LATER), (3, 2, AT)):
            conn.execute(text(
                "INSERT INTO program_actions (id, program_id, key, name, axis_id, goal_kind, "
                "goal, measure, starts_on, ends_on, curve, created_at) VALUES (:id, :program, "
                ":key, 'Bacheo', 1, 'cantidad', 120, 'm²', '2026-01-05', '2026-12-27', "
                "'lineal', :created)"),
                {"id": action_id, "program": program_id, "key": f"OP-{action_id}",
                 "created": created})


LATER = "2026-06-10 17:00:00+00:00"


def test_the_terms_migration_keeps_each_approved_action_from_its_approval_and_downgrades(
        app, empty_database):
    upgrade(directory="migrations", revision="0023_work_programs")
    _seed_programs()
    upgrade(directory="migrations", revision="0024_program_versions")
    with db.engine.connect() as conn:
        rows = conn.execute(text("SELECT action_id, version, valid_from, goal, measure "
                                 "FROM program_action_terms ORDER BY action_id")).all()
    assert [(r[0], r[1], r[3], r[4]) for r in rows] == [(1, 3, 120.0, "m²"), (2, 3, 120.0, "m²")]
    # From the approval, or from the action's creation when it came after it.
    assert [str(r[2])[:16] for r in rows] == ["2026-03-06 20:00", "2026-06-10 17:00"]
    downgrade(directory="migrations", revision="0023_work_programs")
    assert "program_action_terms" not in inspect(db.engine).get_table_names()
