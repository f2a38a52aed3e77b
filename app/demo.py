"""Idempotent demo data: units, catalog, accounts, a year of tickets, reports and visits, work
programs with a year of weekly progress, and three past cabinet meetings with agreements in
every status."""
import calendar
import random
import secrets
from datetime import date, datetime, time, timedelta, timezone

from flask import current_app
from sqlalchemy import func, select

from app import demo_data as data
from app.auth.models import User
from app.citizens.models import Citizen
from app.extensions import db
from app.meetings.demo import seed_meetings
from app.meetings.models import Meeting
from app.notifications import events
from app.open311.demo import seed_api_requests, seed_service_attributes
from app.places.demo import demo_pin, seed_demo_catalogue
from app.portal.services import record_feedback
from app.programs import figures as program_figures
from app.programs import lifecycle
from app.programs import services as program_services
from app.programs.models import PlanAxis, WorkProgram
from app.reports.progress import ProgressInput
from app.reports import compliance
from app.reports import queries as report_queries
from app.reports import services as report_services
from app.reports.models import WeeklyReport
from app.settings import (DEMO_DATA, REPORT_DEADLINE_TIME, REPORT_DEADLINE_WEEKDAY, Contact,
                          get_contact, get_setting, set_contact, set_setting)
from app.tickets import constants as c
from app.tickets.models import Ticket
from app.tickets import workflow
from app.tickets.services import TicketInput, channel_ticket, create_ticket
from app.timeutil import LOCAL_TZ, to_local
from app.units.models import Category, Unit, UnitActivityPeriod
from app.units.queries import list_activity_periods
from app.units.services import add_period_from_columns
from app.validators import normalize_text
from app.visits.models import CounterDay, MonthlyVisit
from app.visits.queries import add_months
from app.visits.services import MonthInput, save_month

DEMO_TICKETS = 1800


def seed_demo(now: datetime) -> dict[str, int]:
    """Create whatever demo rows are missing; running it twice adds nothing."""
    rng = random.Random(2024)
    start = now - timedelta(days=380)
    units = _seed_units(start)
    _seed_settings()
    categories = _seed_categories(units)
    seed_service_attributes(categories)
    users = _seed_accounts(units)
    staff = _unit_staff(users, units.values())
    created = {"tickets": 0, "reports": 0, "visits": 0}
    created["colonias"] = seed_demo_catalogue(now)  # before the tickets, which name them
    if not db.session.scalar(select(func.count(Ticket.id))):
        # A year of history is not news: no mails for it. One batch: the municipal days are
        # read once and the session is flushed every 300 tickets, not after every move.
        with events.muted(), workflow.batch():
            created["tickets"] = _seed_tickets(rng, now, categories, users, staff)
            created["tickets"] += seed_api_requests(now, categories, users["admin"])
    plans = {}
    if not db.session.scalar(select(func.count(WorkProgram.id))):
        plans = _seed_programs(now, units, users["secretaria"], staff)
        created["programs"] = len(plans)
    if not db.session.scalar(select(func.count(WeeklyReport.id))):
        created["reports"] = _seed_reports(rng, now, units, users, staff, plans)
    if not db.session.scalar(select(func.count(MonthlyVisit.id))):
        created["visits"] = _seed_visits(rng, now, users["secretaria"])
    if not db.session.scalar(select(func.count(Meeting.id))):
        created["agreements"] = seed_meetings(now, units, users, staff)
    db.session.flush()
    return created


def _seed_units(created_at: datetime) -> dict[str, Unit]:
    """The demo units, each with an activity period (also a demo unit left without one by a
    schema built before the periods existed)."""
    existing = {u.code: u for u in db.session.scalars(select(Unit))}
    with_periods = set(db.session.scalars(select(UnitActivityPeriod.unit_id).distinct()))
    for name, code, head in data.UNITS:
        if code not in existing:
            email = f"{code.lower()}@fresnillo.gob.mx"
            existing[code] = Unit(name=name, code=code, head_name=head, email=email,
                                  active=True, created_at=created_at)
            db.session.add(existing[code])
        if existing[code].id not in with_periods:
            add_period_from_columns(existing[code])
    db.session.flush()
    return existing


def _seed_settings() -> None:
    defaults = {REPORT_DEADLINE_WEEKDAY: "4", REPORT_DEADLINE_TIME: "15:00"}
    for key, value in defaults.items():
        if get_setting(key) is None:
            set_setting(key, value)
    if not get_contact():
        set_contact(Contact(phone="493 932 0000", email="atencion@fresnillo.gob.mx",
                            address="Presidencia Municipal, Av. Juárez s/n, Zona Centro",
                            hours="Lunes a viernes de 8:00 a 15:00"))
    set_setting(DEMO_DATA, "1")  # the login page tells the demo accounts


def _seed_categories(units: dict[str, Unit]) -> list[Category]:
    existing = {cat.code: cat for cat in db.session.scalars(select(Category))}
    for code, name, unit_code, due_days, public, description in data.CATEGORIES:
        if code not in existing:
            existing[code] = Category(code=code, name=name, default_unit=units[unit_code],
                                      due_days=due_days, public=public, description=description)
            db.session.add(existing[code])
    db.session.flush()
    return list(existing.values())


def _seed_accounts(units: dict[str, Unit]) -> dict[str, User]:
    method = current_app.config.get("PASSWORD_HASH_METHOD")
    users = {}
    for username, name, role, unit_code in data.ACCOUNTS:
        user = db.session.scalar(select(User).where(User.username == username))
        if user is None:
            user = User(username=username, name=name, role=role,
                        unit=units[unit_code] if unit_code else None,
                        email=f"{username}@fresnillo.gob.mx")
            user.set_password(data.DEMO_PASSWORD, method)
            db.session.add(user)
        users[username] = user
    db.session.flush()
    return users


def _random_citizen(rng: random.Random) -> Citizen:
    name = f"{rng.choice(data.FIRST_NAMES)} {rng.choice(data.LAST_NAMES)} {rng.choice(data.LAST_NAMES)}"
    return Citizen(name=name, search_name=normalize_text(name),
                   phone=f"493{rng.randint(1000000, 9999999)}",
                   colonia=rng.choice(data.COLONIAS), localidad="Fresnillo")


def _office_time(rng: random.Random, day_utc: datetime) -> datetime:
    local = to_local(day_utc).date()
    hour = time(rng.randint(8, 15), rng.randint(0, 59), rng.randint(0, 59))
    return datetime.combine(local, hour, tzinfo=LOCAL_TZ).astimezone(timezone.utc)


def _seed_tickets(rng, now, categories, users, staff) -> int:
    """A year of tickets opened and moved through the real services and workflow."""
    citizens = [_random_citizen(rng) for _ in range(700)]
    db.session.add_all(citizens)
    moments = sorted(_office_time(rng, now - timedelta(days=rng.uniform(0, 365)))
                     for _ in range(DEMO_TICKETS))
    pins = random.Random(21)  # its own sequence: the rest of the demo does not change
    for number, created in enumerate(moments, 1):
        created = min(created, now - timedelta(minutes=5))
        web = rng.random() < 0.35
        category = rng.choice([cat for cat in categories if cat.public] if web else categories)
        ticket = _demo_ticket(rng, created, category, None if web else users["recepcion"],
                              citizens, web, demo_pin(pins))
        age_days = (now - created).days
        if age_days >= 1 or not web or rng.random() < 0.5:
            _demo_progress(rng, now, ticket, users, staff, age_days)
        if number % 300 == 0:
            db.session.flush()
    db.session.flush()
    return DEMO_TICKETS


def _unit_staff(users, units) -> dict[int, User]:
    """{unit id: the staff account acting in the unit's demo history}: its demo login where
    it has one, else an «Enlace de …» account nobody logs in with. The tickets, programs,
    reports and meetings of the demo all read this one map."""
    staff = {u.unit_id: u for u in users.values() if u.role == "unit"}
    method = current_app.config.get("PASSWORD_HASH_METHOD") or "pbkdf2:sha256:1000"
    for unit in sorted(units, key=lambda u: u.code):
        if unit.id not in staff:
            username = f"enlace-{unit.code.lower()}"
            user = db.session.scalar(select(User).where(User.username == username))
            if user is None:
                user = User(username=username, name=f"Enlace de {unit.name}", role="unit",
                            unit=unit, email=f"{username}@fresnillo.gob.mx")
                user.set_password(secrets.token_urlsafe(24), method)  # nobody logs in with it
                db.session.add(user)
            staff[unit.id] = user
    db.session.flush()
    return staff


def _move(ticket, to_status, actor, at, note) -> None:
    """One step of a demo ticket's history, through the real workflow, at the time given."""
    workflow.transition(ticket, to_status, actor, now=at, note=note)


def _demo_ticket(rng, created, category, desk, citizens, web, pin=(None, None)) -> Ticket:
    channel = c.CHANNEL_WEB if web else rng.choice(c.DESK_CHANNELS)
    kind = "denuncia" if web else rng.choice(list(c.KIND_LABELS))
    citizen = None if web and rng.random() < 0.4 else rng.choice(citizens)
    text = data.DESCRIPTIONS.get(category.code, "Solicitud ciudadana sobre {cat}, número {n}.")
    return create_ticket(
        TicketInput(channel=channel, kind=kind, category=category, citizen=citizen,
                    auto_channel=False,
                    description=text.format(n=rng.randint(1, 999), cat=category.name.lower()),
                    address=f"{rng.choice(data.STREETS)} {rng.randint(1, 999)}",
                    colonia=citizen.colonia if citizen else rng.choice(data.COLONIAS),
                    localidad=rng.choice(data.LOCALIDADES), latitude=pin[0], longitude=pin[1]),
        now=created, creator=desk, actor_label=c.ACTOR_CITIZEN if web else None)


def _demo_progress(rng, now, ticket, users, staff, age_days) -> None:
    unit = ticket.category.default_unit
    at = ticket.created_at + timedelta(minutes=rng.randint(5, 240 if ticket.channel == c.CHANNEL_WEB else 20))
    at = min(at, now)  # no history row after the seed's "now"
    channel_ticket(ticket, unit, users["recepcion"], now=at)
    roll = rng.random()
    if age_days < 2 or roll < 0.08:
        return
    worker = staff[unit.id]
    at += timedelta(hours=rng.randint(2, 60))
    if at >= now:
        return
    _move(ticket, c.IN_PROGRESS, worker, at, "La unidad atiende la solicitud.")
    if rng.random() < 0.04 and at + timedelta(hours=30) < now:
        at += timedelta(hours=rng.randint(2, 30))
        _move(ticket, c.WAITING_CITIZEN, worker, at,
              "Se requiere que el ciudadano confirme el domicilio exacto.")
        if at + timedelta(days=3) >= now:
            return
        at += timedelta(days=rng.randint(1, 3))
        _move(ticket, c.IN_PROGRESS, worker, at, "El ciudadano proporcionó la información.")
    closing = min(0.93, 0.45 + age_days / 120)
    if roll > closing:
        return
    at += timedelta(days=rng.expovariate(1 / (ticket.category.due_days * 1.1)))
    if at >= now:
        return
    if rng.random() < 0.05:
        _move(ticket, c.REJECTED, users["secretaria"], at, "No es competencia municipal.")
        return
    _move(ticket, c.RESOLVED, worker, at, "Se atendió el reporte en sitio.")
    if age_days > 20:
        _demo_feedback(rng, now, ticket, worker, at)


def _demo_feedback(rng, now, ticket, worker, at) -> None:
    """Half the citizens answer on the portal (mostly satisfied, a few reopen); the rest of
    the resolved tickets close by themselves."""
    at = min(now, at + timedelta(days=rng.randint(1, 6)))
    if rng.random() < 0.5:
        _move(ticket, c.CLOSED, None, min(now, at + timedelta(days=8)),
              "Cerrada automáticamente: el ciudadano no respondió.")
        return
    solved = rng.random() < 0.85
    record_feedback(ticket, solved=solved, rating=rng.choice((4, 5, 5, 3)) if solved else
                    rng.choice((1, 2, 2, 3)), now=at,
                    comment=None if solved else "El problema volvió a presentarse.")
    if not solved and at + timedelta(days=4) < now:
        _move(ticket, c.RESOLVED, worker, at + timedelta(days=3), "Se volvió a atender en sitio.")


def _seed_programs(now, units, secretary, staff) -> dict[int, list]:
    """Approved programs of this year for the active units of ``data.PROGRAMS`` (every demo
    unit), through the lifecycle: {unit id: [(action, pace)]}, the pace shaping the demo
    progress."""
    for code, name, objective in data.PLAN_AXES:
        if db.session.scalar(select(PlanAxis.id).where(PlanAxis.code == code)) is None:
            program_services.save_axis(None, code, name, objective, True)
    year = to_local(now).year
    approved = min(datetime.combine(date(year, 1, 6), time(10, 0), tzinfo=LOCAL_TZ),
                   now - timedelta(hours=1))
    plans = {}
    for code, rows in data.PROGRAMS.items():
        unit = units[code]
        if not unit.active:
            continue
        author = staff[unit.id]
        program = lifecycle.get_or_create_program(unit, year, approved - timedelta(days=3))
        for key, name, axis, goal, measure, curve, targets, first, last, pace in rows:
            ends = date(year, last, calendar.monthrange(year, last)[1])
            raw = {"key": key, "name": name, "axis": axis, "goal": goal, "measure": measure,
                   "goal_kind": "hito" if measure == "%" else "cantidad", "curve": curve,
                   "starts_on": date(year, first, 1), "ends_on": ends,
                   **dict(zip(lifecycle.TARGETS, targets or ()))}
            action = lifecycle.add_action(program, raw, author, approved - timedelta(days=3))
            plans.setdefault(unit.id, []).append((action, pace))
        lifecycle.submit_program(program, author, approved - timedelta(days=2))
        lifecycle.approve_program(program, secretary, approved)
    return plans


def _demo_progress_rows(plans, unit_id, monday, this_monday) -> list:
    """The unit's cumulative progress in the week of ``monday``, from each action's pace."""
    rows = []
    for action, pace in plans.get(unit_id, ()):
        if not action.starts_on <= monday + timedelta(days=6) or monday > action.ends_on:
            continue
        day = monday + timedelta(days=6)
        if pace == "stalled":
            pace, day = 0.9, min(day, this_monday - timedelta(weeks=5))
        value = min(action.goal, round(pace * program_figures.expected_value(action, day), 1))
        rows.append(ProgressInput(action.id, str(value), "Avance según bitácora de obra."))
    return rows


def _seed_reports(rng, now, units, users, staff, plans) -> int:
    """A year of weekly reports through the report services and deadline rules: most on time,
    some late, a few missing (some of them excused) and a few resubmitted."""
    rule = report_queries.get_global_rule()
    periods = list_activity_periods()
    this_monday = compliance.week_monday(*compliance.current_week(now))
    count = 0
    for weeks_back in range(52, -1, -1):
        iso_year, iso_week = compliance.week_of(this_monday - timedelta(weeks=weeks_back))
        for unit in units.values():
            if not compliance.unit_owes_week(periods.get(unit.id, ()), iso_year, iso_week):
                continue
            deadline = compliance.unit_deadline(unit, iso_year, iso_week, rule)
            roll = rng.random()
            if roll < 0.07:
                if roll < 0.02:
                    report_services.excuse_week(unit, iso_year, iso_week, "Periodo vacacional.",
                                                actor=users["secretaria"], now=deadline)
                continue
            late = roll > 0.85
            submitted = deadline + (timedelta(hours=rng.randint(1, 70)) if late
                                    else -timedelta(hours=rng.randint(1, 30)))
            if submitted > now:
                continue
            summary = f"Actividades de la semana {iso_week} de {unit.name}."
            progress = _demo_progress_rows(plans, unit.id,
                                           compliance.week_monday(iso_year, iso_week),
                                           this_monday)
            report_services.submit_report(unit, iso_year, iso_week, summary=summary,
                                          progress=progress, actor=staff.get(unit.id),
                                          now=submitted)
            resubmitted = submitted + timedelta(hours=rng.randint(1, 20))
            if rng.random() < 0.05 and resubmitted < now:
                report_services.submit_report(
                    unit, iso_year, iso_week, summary=summary + " Se corrigieron cifras.",
                    progress=progress, actor=staff.get(unit.id), now=resubmitted)
            count += 1
    return count


def _seed_visits(rng, now, secretary) -> int:
    """23 months typed by the secretary, then the built-in counter's days up to today.

    The month before last has both (the typed figure overrides the counter), so the visits
    screen shows every kind of source.
    """
    local = to_local(now)
    current = (local.year, local.month)
    for back in range(24, 1, -1):
        year, month = add_months(current, -back)
        visits = rng.randint(18000, 42000)
        save_month(MonthInput(year, month, visits, int(visits * rng.uniform(0.55, 0.7)),
                              int(visits * rng.uniform(2.1, 3.4))),
                   source="manual", user=secretary, now=now)
    day = date(*add_months(current, -2), 1)
    existing = set(db.session.scalars(select(CounterDay.day).where(CounterDay.day >= day)))
    while day <= local.date():
        if day in existing:
            day += timedelta(days=1)
            continue
        uniques = rng.randint(600, 1400)
        db.session.add(CounterDay(day=day, unique_visitors=uniques,
                                  page_views=int(uniques * rng.uniform(2.0, 3.5))))
        day += timedelta(days=1)
    return 23

