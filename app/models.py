"""Imports every model so metadata (and Alembic) sees the whole schema."""
from app.auth.models import RecoveryCode, User  # noqa: F401
from app.citizens.models import Citizen  # noqa: F401
from app.meetings.models import AgendaItem, Agreement, AgreementEvent, Meeting, MeetingFollowup  # noqa: F401,E501
from app.notifications.models import OutboxMessage  # noqa: F401
from app.open311.models import ApiKey  # noqa: F401
from app.colonias.models import Colonia, ColoniaChange  # noqa: F401
from app.programs.models import ActionProgress, PlanAxis, ProgramAction, ProgramEvent, WorkProgram  # noqa: F401,E501
from app.reports.models import ReportExcuse, WeeklyReport, WeeklyReportVersion  # noqa: F401
from app.stats.models import CabinetReport  # noqa: F401
from app.tickets.models import (  # noqa: F401
    Attachment,
    FolioCounter,
    Ticket,
    TicketAttributeValue,
    TicketEvent,
    TicketFeedback,
)
from app.settings import Setting  # noqa: F401
from app.units.models import Category, CategoryAttribute, NonWorkingDay, Unit  # noqa: F401
from app.visits.models import CounterDay, CounterVisitor, MonthlyVisit, VisitCorrection  # noqa: F401
