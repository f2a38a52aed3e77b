"""The memo's and the dashboard's «Avance de programas de trabajo» and the meetings' agenda:
per unit physical against expected, counts by status, the actions behind schedule named."""
from datetime import date, datetime, timezone
from io import BytesIO

from pypdf import PdfReader

from app.extensions import db
from app.meetings.queries import list_actions_behind_schedule
from app.programs.memo import get_memo_programs
from app.programs.models import ActionProgress
from app.reports import compliance as cm
from app.stats.cabinet import generate_cabinet_report
from app.stats.periods import week_period
from tests.factories import make_unit, make_user
from tests.meetings.factories import make_meeting
from tests.programs.factories import make_action, make_program
from tests.reports.factories import make_report

LATER = datetime(2026, 7, 1, 18, tzinfo=timezone.utc)


def _obras_behind():
    """Obras: one action behind (20 of 100 by mid June, 45 expected), one on schedule, one
    stalled since week 20; Catastro: one on schedule."""
    obras, catastro = make_unit(name="Obras Públicas"), make_unit(name="Catastro")
    program = make_program(obras)
    behind = make_action(program, key="OP-02", name="Rehabilitación de calles")
    fine = make_action(program, key="OP-01", name="Bacheo", goal=10.0)
    stalled = make_action(program, key="OP-04", name="Colector pluvial")
    padron = make_action(make_program(catastro), key="CA-01", name="Padrón", goal=10.0)
    monday = cm.week_monday(2026, 24)
    report = make_report(obras, 2026, 24)
    early = make_report(obras, 2026, 20)
    other = make_report(catastro, 2026, 24)
    db.session.add_all([
        ActionProgress(report_id=report.id, version=1, action_id=behind.id, week_start=monday,
                       value=20.0),
        ActionProgress(report_id=report.id, version=1, action_id=fine.id, week_start=monday,
                       value=5.0),
        ActionProgress(report_id=early.id, version=1, action_id=stalled.id,
                       week_start=cm.week_monday(2026, 20), value=40.0),
        ActionProgress(report_id=report.id, version=1, action_id=stalled.id, week_start=monday,
                       value=40.0),
        ActionProgress(report_id=other.id, version=1, action_id=padron.id, week_start=monday,
                       value=5.0)])
    db.session.commit()


def test_the_section_gives_per_unit_figures_and_names_the_actions_behind(app):
    _obras_behind()
    data = get_memo_programs(week_period(2026, 24), LATER)
    assert data["as_of"] == "14/06/2026" and data["year"] == 2026
    assert data["units"][0] == ("Catastro", "1", "50.0 %", "45.2 %", "0", "0", "1", "0", "0")
    assert data["units"][1][:2] == ("Obras Públicas", "3")
    assert data["units"][1][4:] == ("1", "1", "1", "0", "0")
    [(unit, lines)] = data["attention"]
    assert unit == "Obras Públicas" and data["behind_count"] == "2"
    assert lines[0] == ("OP-02 Rehabilitación de calles: 20.0 % de la meta, se esperaba 45.2 %")
    assert lines[1].startswith("OP-04 Colector pluvial: 40.0 %")
    assert lines[1].endswith("(sin avance en 3 semanas)")


def test_a_running_week_reads_today(app):
    _obras_behind()
    now = datetime(2026, 6, 10, 18, tzinfo=timezone.utc)
    assert get_memo_programs(week_period(2026, 24), now)["as_of"] == "10/06/2026"


def test_the_memo_pdf_carries_the_section(app):
    _obras_behind()
    secretary = make_user(role="secretary")
    pdf = generate_cabinet_report("2026-W24", None, secretary, LATER).pdf
    text = " ".join(page.extract_text() for page in PdfReader(BytesIO(pdf)).pages)
    text = " ".join(text.split())
    assert "Avance de programas de trabajo" in text
    assert "Acciones atrasadas o sin avance (2)" in text
    assert "Obras Públicas: OP-02 Rehabilitación de calles: 20.0 % de la meta" in text


def test_the_agenda_proposes_the_actions_behind_schedule_per_unit(app):
    _obras_behind()
    now = datetime(2026, 6, 16, 16, tzinfo=timezone.utc)
    [line] = list_actions_behind_schedule(now)
    assert line.startswith("Acciones atrasadas o sin avance de Obras Públicas: OP-02")
    meeting = make_meeting(held_on=date(2026, 6, 16), now=now)  # proposes on creation
    assert [i.text for i in meeting.agenda if i.source == "actions"] == [line]


def test_the_dashboard_shows_the_card(app, login_as):
    _obras_behind()
    page = login_as(make_user(role="secretary")).get(
        "/estadisticas/?desde=2026-06-08&hasta=2026-06-14")
    text = page.get_data(as_text=True)
    assert 'data-testid="programs-section"' in text and "OP-02 Rehabilitación de calles" in text
