"""The demo's meetings show the whole loop: every status, the minutes and follow-ups archived,
and evidence on what a unit reported done."""
from pathlib import Path

from sqlalchemy import func, select

from app.extensions import db
from app.meetings import queries, workflow as wf
from app.meetings.models import Agreement, AgreementEvent, Meeting
from app.timeutil import utcnow


def test_the_demo_meetings_show_every_status_minutes_follow_ups_and_evidence(app, runner):
    result = runner.invoke(args=["seed-demo"])
    assert result.exit_code == 0, result.output
    statuses = set(db.session.scalars(select(Agreement.status)))
    assert statuses == set(wf.STATES)
    for meeting in db.session.scalars(select(Meeting)):
        assert meeting.minutes is not None
        assert [f.unit_id for f in queries.list_followups(meeting.id)] == [
            u.id for u in queries.list_responsible_units(meeting.id)]
    with_file = db.session.scalars(select(AgreementEvent).where(
        AgreementEvent.evidence_stored_name.is_not(None))).all()
    assert with_file and all(e.agreement.status == wf.PROPOSED for e in with_file)
    stored = Path(app.config["UPLOAD_DIR"]) / with_file[0].evidence_stored_name
    assert stored.read_bytes().startswith(b"%PDF-")
    assert db.session.scalar(select(func.max(AgreementEvent.created_at))) <= utcnow()
