"""The home page each role lands on after login: what needs doing, then its sections."""
from dataclasses import dataclass
from datetime import datetime

from flask import Blueprint, redirect, render_template, url_for
from flask_login import current_user

from app.auth.decorators import public
from app.auth.permissions import Permission, has_permission
from app.meetings import queries as meeting_queries
from app.meetings import workflow as wf
from app.navigation import nav_for
from app.reports import compliance as cm
from app.reports import queries as report_queries
from app.tickets import queries as ticket_queries
from app.timeutil import format_weekday_time, local_today, utcnow

bp = Blueprint("main", __name__)


@dataclass
class HomeTask:
    """One line of «what needs doing»: a count (None for a status line), its text and link."""

    count: int | None
    text: str
    url: str
    tone: str = "secondary"  # a Bootstrap colour: danger, warning, success, secondary
    capped: bool = False  # the count stopped at its cap: shown as «10,000+»


@bp.route("/")
@public
def index():
    if not current_user.is_authenticated:
        return redirect(url_for("auth.login"))
    return render_template("main/index.html", tasks=list_home_tasks(current_user, utcnow()),
                           items=nav_for(current_user))


def list_home_tasks(user, now: datetime) -> list[HomeTask]:
    """The counts the user's permissions make theirs, each linking to its filtered list."""
    tasks = []
    if has_permission(user, Permission.VIEW_ALL_TICKETS):
        tasks += _desk_tasks(user, now)
    if has_permission(user, Permission.WORK_UNIT_TICKETS):
        tasks += _unit_ticket_tasks(user, now)
    if has_permission(user, Permission.SUBMIT_REPORTS) and user.unit_id:
        tasks += _own_report_task(user.unit_id, now)
    if has_permission(user, Permission.VIEW_COMPLIANCE):
        tasks += _missing_reports_task(now)
    if has_permission(user, Permission.MANAGE_MEETINGS):
        tasks += _agreement_tasks(user, now, (meeting_queries.OVERDUE, wf.PROPOSED))
    elif has_permission(user, Permission.FOLLOW_AGREEMENTS) and user.unit_id:
        tasks += _agreement_tasks(user, now, (meeting_queries.DUE_SOON, meeting_queries.OVERDUE))
    return tasks


def _counted(count: int, cap: int, one: str, many: str, url: str, tone: str) -> HomeTask:
    return HomeTask(min(count, cap), one if count == 1 else many, url,
                    tone if count else "secondary", count > cap)


def _desk_tasks(user, now) -> list[HomeTask]:
    counts = ticket_queries.count_desk_work(local_today(now))
    cap = ticket_queries.COUNT_CAP
    tasks = [_counted(counts["vencidos"], cap, "ticket vencido", "tickets vencidos",
                      url_for("tickets.index", overdue="y", sort="vencimiento"), "danger")]
    if has_permission(user, Permission.CHANNEL_TICKETS):
        tasks.insert(0, _counted(counts["por_canalizar"], cap, "denuncia por canalizar",
                                 "denuncias por canalizar", url_for("tickets.triage"), "warning"))
    return tasks


def _unit_ticket_tasks(user, now) -> list[HomeTask]:
    counts = ticket_queries.count_inbox_tabs(user, local_today(now))
    cap = ticket_queries.TAB_COUNT_CAP
    return [
        _counted(counts["vencidos"], cap, "vencido", "vencidos",
                 url_for("tickets.inbox", tab="vencidos"), "danger"),
        _counted(counts["por_vencer"], cap, "vence pronto", "vencen pronto",
                 url_for("tickets.inbox", tab="por_vencer"), "warning"),
        _counted(counts["nuevos"], cap, "nuevo por atender", "nuevos por atender",
                 url_for("tickets.inbox", tab="nuevos"), "primary"),
    ]


def _own_report_task(unit_id: int, now) -> list[HomeTask]:
    year, week = cm.current_week(now)
    cell = report_queries.get_unit_week(unit_id, year, week, now)
    deadline = format_weekday_time(cell.deadline_at)
    submit = url_for("reports.submit", iso_year=year, iso_week=week)
    if cell.status == cm.PENDIENTE:
        return [HomeTask(None, f"Informe semanal pendiente, vence {deadline}", submit, "warning")]
    if cell.status == cm.NO_ENTREGADO:
        return [HomeTask(None, f"Informe semanal no entregado: venció {deadline}", submit,
                         "danger")]
    if cell.report_id:
        return [HomeTask(None, "Informe de esta semana entregado",
                         url_for("reports.detail", report_id=cell.report_id), "success")]
    return []


def _missing_reports_task(now) -> list[HomeTask]:
    year, week = cm.current_week(now)
    deadline = cm.deadline_for_week(year, week, report_queries.get_global_rule())
    missing = len(report_queries.list_missing_units(now))
    text = "unidad sin informe semanal" if missing == 1 else "unidades sin informe semanal"
    when = "venció" if now > deadline else "vence"
    return [HomeTask(missing, f"{text} ({when} {format_weekday_time(deadline)})",
                     url_for("reports.missing"), "warning" if missing else "secondary")]


# filter -> (singular, plural, tone) of the agreements' lines.
_AGREEMENT_TEXTS = {
    meeting_queries.DUE_SOON: ("acuerdo de gabinete vence pronto",
                               "acuerdos de gabinete vencen pronto", "warning"),
    meeting_queries.OVERDUE: ("acuerdo vencido", "acuerdos vencidos", "danger"),
    wf.PROPOSED: ("acuerdo por verificar", "acuerdos por verificar", "primary"),
}


def _agreement_tasks(user, now, filters: tuple[str, ...]) -> list[HomeTask]:
    counts = meeting_queries.count_agreement_work(user, now, filters)
    return [_counted(counts[status], meeting_queries.COUNT_CAP, *_AGREEMENT_TEXTS[status][:2],
                     url_for("meetings.agreements", estado=status), _AGREEMENT_TEXTS[status][2])
            for status in filters]
