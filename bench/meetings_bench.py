"""Time the meeting agenda and the memo's «Seguimiento de acuerdos» with 3 years of weekly
meetings and 2,000 agreements (targets: ≤ 150 ms each).

    .venv/bin/python bench/meetings_bench.py [--runs 5]
    BENCH_DATABASE_URL=postgresql+psycopg://postgres@127.0.0.1:5432/DB \
        .venv/bin/python bench/meetings_bench.py

Builds its own data in a fresh schema (DROPS every table of that database; a temporary SQLite
file by default), then prints the median and the slowest run (after one warm-up) of: the agenda
proposed from the data for a new meeting, and the memo section for the last complete week.
"""
import random
import sys
from datetime import datetime, time as dtime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from timing import seeded_app, timed  # noqa: E402

WEEKS = 156
AGREEMENTS = 2000
UNITS = 20


def _seed(now: datetime) -> None:
    from app.extensions import db
    from app.meetings import workflow as wf
    from app.meetings.models import Agreement, AgreementEvent, Meeting, agreement_units
    from app.units.models import Unit

    rng = random.Random(18)
    units = [Unit(name=f"Unidad {n:02d}", code=f"U{n:02d}", active=True, created_at=now)
             for n in range(UNITS)]
    db.session.add_all(units)
    first = now - timedelta(weeks=WEEKS)
    meetings = [Meeting(held_at=first + timedelta(weeks=w), kind="ordinaria", created_at=now)
                for w in range(WEEKS)]
    db.session.add_all(meetings)
    db.session.flush()
    finals = [wf.PENDING, wf.IN_PROGRESS, wf.PROPOSED, wf.DONE, wf.DONE, wf.DONE, wf.CANCELLED]
    links, events = [], []
    for n in range(AGREEMENTS):
        meeting = meetings[n * WEEKS // AGREEMENTS]
        due = (meeting.held_at + timedelta(days=rng.randint(3, 40))).date()
        status = rng.choice(finals)
        agreement = Agreement(meeting_id=meeting.id, text=f"Acuerdo {n}", due_date=due,
                              status=status, created_at=meeting.held_at)
        db.session.add(agreement)
        db.session.flush()
        links += [{"agreement_id": agreement.id, "unit_id": u.id}
                  for u in rng.sample(units, rng.choice((1, 1, 2)))]
        at = meeting.held_at
        path = {wf.PENDING: [wf.PENDING], wf.IN_PROGRESS: [wf.PENDING, wf.IN_PROGRESS],
                wf.PROPOSED: [wf.PENDING, wf.PROPOSED], wf.DONE: [wf.PENDING, wf.PROPOSED, wf.DONE],
                wf.CANCELLED: [wf.PENDING, wf.CANCELLED]}[status]
        previous = None
        for step in path:
            events.append({"agreement_id": agreement.id, "created_at": at,
                           "status_from": previous, "status_to": step})
            previous, at = step, min(at + timedelta(days=rng.randint(1, 30)), now)
    db.session.execute(agreement_units.insert(), links)
    db.session.execute(AgreementEvent.__table__.insert(), events)
    db.session.commit()


def main() -> None:
    from app.extensions import db
    from app.meetings import services
    from app.meetings.memo import get_memo_followup
    from app.stats.periods import last_complete_week
    from app.timeutil import local_today

    with seeded_app(__doc__, "meetings-bench", _seed) as (_, runs, url, now):
        print(f"{WEEKS} reuniones semanales, {AGREEMENTS:,} acuerdos ({url.split('://')[0]}).")

        def agenda():
            services.create_meeting(local_today(now), dtime(10, 0), "ordinaria", None, now)
            db.session.rollback()

        timed("Orden del día propuesto (reunión nueva)", agenda, runs, 150)
        week = last_complete_week(now)
        timed("Seguimiento de acuerdos (informe de gabinete)",
              lambda: get_memo_followup(week, now), runs, 150)


if __name__ == "__main__":
    main()
