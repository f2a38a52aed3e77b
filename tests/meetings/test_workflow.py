"""The agreement state table, role by role, and the derived «vencido» at day boundaries."""
from datetime import date, datetime, timezone

import pytest

from app.auth.permissions import ADMIN, FRONTDESK, SECRETARY, UNIT
from app.extensions import db
from app.meetings import workflow as wf
from app.meetings.models import AgreementEvent
from app.timeutil import LOCAL_TZ

from tests.factories import make_unit, make_user
from tests.meetings.factories import NOW, make_agreement

ALL = list(wf.STATES)


def _at(status, agreement, actor):
    """Put an agreement in ``status`` through legal moves."""
    secretary = make_user(role=SECRETARY)
    unit_user = make_user(role=UNIT, unit=agreement.units[0])
    path = {wf.PENDING: [], wf.IN_PROGRESS: [(unit_user, wf.IN_PROGRESS)],
            wf.PROPOSED: [(unit_user, wf.PROPOSED)],
            wf.DONE: [(unit_user, wf.PROPOSED), (secretary, wf.DONE)],
            wf.CANCELLED: [(secretary, wf.CANCELLED)]}[status]
    for who, to in path:
        wf.transition(agreement, to, who, now=NOW, note="nota")


@pytest.mark.parametrize("role", [SECRETARY, UNIT, FRONTDESK, ADMIN])
@pytest.mark.parametrize("source", ALL)
@pytest.mark.parametrize("target", ALL)
def test_each_move_by_each_role_follows_the_table(app, role, source, target):
    unit = make_unit()
    agreement = make_agreement(units=[unit])
    _at(source, agreement, None)
    actor = make_user(role=role, unit=unit if role == UNIT else None)
    before = db.session.query(AgreementEvent).count()
    allowed = target in wf.TRANSITIONS.get(role, {}).get(source, set())
    if allowed:
        wf.transition(agreement, target, actor, now=NOW, note="Listo.")
        assert agreement.status == target
        assert db.session.query(AgreementEvent).count() == before + 1
    else:
        with pytest.raises(wf.AgreementError):
            wf.transition(agreement, target, actor, now=NOW, note="Listo.")
        assert agreement.status == source
        assert db.session.query(AgreementEvent).count() == before


def test_a_unit_cannot_move_another_units_agreement(app):
    agreement = make_agreement()
    outsider = make_user(role=UNIT, unit=make_unit())
    with pytest.raises(wf.AgreementError, match="no corresponde a su unidad"):
        wf.transition(agreement, wf.IN_PROGRESS, outsider, now=NOW)
    assert wf.allowed_targets(agreement, outsider) == []


def test_a_second_cumplido_is_refused(app):
    agreement = make_agreement()
    _at(wf.DONE, agreement, None)
    with pytest.raises(wf.AgreementError, match="ya fue verificado"):
        wf.transition(agreement, wf.DONE, make_user(role=SECRETARY), now=NOW)


@pytest.mark.parametrize("target, message", [(wf.PROPOSED, "cómo se cumplió"),
                                             (wf.CANCELLED, "motivo")])
def test_proposing_and_cancelling_need_a_note(app, target, message):
    agreement = make_agreement()
    actor = make_user(role=UNIT if target == wf.PROPOSED else SECRETARY, unit=agreement.units[0])
    with pytest.raises(wf.AgreementError, match=message):
        wf.transition(agreement, target, actor, now=NOW, note="  ")


def test_history_records_who_when_and_the_note(app):
    agreement = make_agreement()
    worker = make_user(role=UNIT, unit=agreement.units[0])
    wf.transition(agreement, wf.PROPOSED, worker, now=NOW, note="Hecho.", evidence="oficio 12")
    event = agreement.events[-1]
    assert (event.actor, event.created_at, event.status_from, event.status_to, event.note,
            event.evidence) == (worker, NOW, wf.PENDING, wf.PROPOSED, "Hecho.", "oficio 12")


def _local(y, m, d, h, mi, s=0):
    return datetime(y, m, d, h, mi, s, tzinfo=LOCAL_TZ).astimezone(timezone.utc)


@pytest.mark.parametrize("now, status, overdue", [
    (_local(2026, 3, 10, 23, 59, 59), wf.PENDING, False),  # last second of the due day
    (_local(2026, 3, 11, 0, 0), wf.PENDING, True),  # local midnight: vencido
    (datetime(2026, 3, 11, 5, 59, tzinfo=timezone.utc), wf.IN_PROGRESS, False),  # 23:59 local
    (datetime(2026, 3, 11, 6, 0, tzinfo=timezone.utc), wf.IN_PROGRESS, True),  # 00:00 local
    (_local(2026, 3, 20, 12, 0), wf.PROPOSED, False),  # reported done: not vencido
    (_local(2026, 3, 20, 12, 0), wf.DONE, False),
    (_local(2026, 3, 20, 12, 0), wf.CANCELLED, False),
])
def test_vencido_is_derived_at_the_local_day_boundary(now, status, overdue):
    assert wf.is_overdue(status, date(2026, 3, 10), now) is overdue
