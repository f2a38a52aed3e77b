"""The status facts table: every status set the app uses is read from its rows.

A new status is one row of ``STATUS_FACTS``; these tests pin what each set holds today, so
a change to a row shows here as the sets it moves.
"""
from app.notifications import events
from app.stats import overdue as stats_overdue
from app.stats import queries as stats_queries
from app.tickets import constants as c
from app.tickets import queries, workflow
from app.tickets.models import OVERDUE_WHERE, TRIAGE_WHERE
from app.tickets.views import NOTE_LABELS

OPEN = {c.RECEIVED, c.CHANNELED, c.IN_PROGRESS, c.WAITING_CITIZEN, c.RETURNED}
FINISHED = {c.RESOLVED, c.CLOSED, c.REJECTED, c.DUPLICATE}


def test_every_status_has_one_row_with_its_label_and_badge():
    assert list(c.STATUS_FACTS) == [c.RECEIVED, c.CHANNELED, c.IN_PROGRESS, c.WAITING_CITIZEN,
                                    c.RETURNED, c.RESOLVED, c.CLOSED, c.REJECTED, c.DUPLICATE]
    assert all(code == row.code for code, row in c.STATUS_FACTS.items())
    assert c.STATUS_LABELS[c.WAITING_CITIZEN] == "En espera del ciudadano"
    assert c.STATUS_BADGES == {
        c.RECEIVED: "secondary", c.CHANNELED: "primary", c.IN_PROGRESS: "info",
        c.WAITING_CITIZEN: "warning", c.RETURNED: "dark", c.RESOLVED: "success",
        c.CLOSED: "success", c.REJECTED: "danger", c.DUPLICATE: "light"}


def test_the_status_sets_derive_from_the_table():
    assert set(c.OPEN_STATUSES) == OPEN and set(c.FINISHED_STATUSES) == FINISHED
    assert set(c.OVERDUE_STATUSES) == {c.CHANNELED, c.IN_PROGRESS}
    assert set(c.TRIAGE_STATUSES) == {c.RECEIVED, c.RETURNED}
    assert set(c.UNIT_STATUSES) == {c.CHANNELED, c.IN_PROGRESS, c.WAITING_CITIZEN}
    assert set(c.DESK_ACTIONS) == {c.CHANNELED, c.REJECTED, c.DUPLICATE}
    assert set(c.SOLVED_STATUSES) == {c.RESOLVED, c.CLOSED}
    assert stats_queries.SOLVED_STATUSES == c.SOLVED_STATUSES
    assert stats_overdue.OVERDUE_STATUSES == c.OVERDUE_STATUSES


def test_the_transition_table_notes_and_actions_derive_from_the_table():
    desk = workflow.TRANSITIONS["secretary"]
    assert workflow.TRANSITIONS["frontdesk"] is desk
    assert {s: desk[s] for s in OPEN} == {s: {c.CHANNELED, c.REJECTED, c.DUPLICATE} for s in OPEN}
    assert {s: desk[s] for s in FINISHED} == {c.RESOLVED: {c.CLOSED, c.CHANNELED},
                                              c.CLOSED: {c.CHANNELED}, c.REJECTED: {c.CHANNELED},
                                              c.DUPLICATE: {c.CHANNELED}}
    assert set(workflow.TRANSITIONS["unit"]) == set(c.UNIT_STATUSES)
    assert set(workflow.NOTE_REQUIRED) == {c.RETURNED, c.REJECTED, c.RESOLVED,
                                           c.WAITING_CITIZEN, c.DUPLICATE}
    assert set(workflow.ACTION_LABELS) == set(c.STATUS_LABELS) - {c.RECEIVED}
    assert NOTE_LABELS[c.CHANNELED] == "Nota (opcional; obligatoria al reabrir)"
    assert NOTE_LABELS[c.RETURNED] == "Indique el motivo de la devolución."
    assert NOTE_LABELS[c.IN_PROGRESS] == "Nota (opcional)"


def test_the_inbox_tabs_and_the_citizen_mails_derive_from_the_table():
    assert {tab: set(statuses) for tab, (_label, statuses) in queries.INBOX_TABS.items()} == {
        "nuevos": {c.CHANNELED}, "en_proceso": {c.IN_PROGRESS, c.WAITING_CITIZEN},
        "vencidos": {c.CHANNELED, c.IN_PROGRESS}, "por_vencer": {c.CHANNELED, c.IN_PROGRESS},
        "cerrados": FINISHED}
    mails = {code: row.citizen_mail for code, row in c.STATUS_FACTS.items() if row.citizen_mail}
    assert mails == {c.CHANNELED: "channeled", c.RESOLVED: "resolved", c.CLOSED: "closed",
                     c.REJECTED: "closed", c.DUPLICATE: "closed"}  # the others: if public
    assert not hasattr(events, "CITIZEN_CLOSING")


def test_the_citizen_is_told_except_where_the_note_is_internal_by_nature():
    assert set(c.CITIZEN_TOLD_STATUSES) == {c.CHANNELED, c.WAITING_CITIZEN, c.RESOLVED, c.CLOSED,
                                           c.REJECTED, c.DUPLICATE}
    internal = set(workflow.ACTION_LABELS) - set(c.CITIZEN_TOLD_STATUSES)
    assert internal == {c.IN_PROGRESS, c.RETURNED}  # taking it, returning it


def test_the_partial_index_predicates_derive_from_the_table():
    assert OVERDUE_WHERE == "status IN ('canalizada', 'en_proceso')"
    assert TRIAGE_WHERE == "status IN ('recibida', 'devuelta') AND channel IN ('web', 'api')"
