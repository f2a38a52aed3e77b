"""Roles, their permissions, and object-level access checks."""
from enum import IntFlag

ADMIN = "admin"
SECRETARY = "secretary"
FRONTDESK = "frontdesk"
UNIT = "unit"

ROLE_LABELS = {
    ADMIN: "Administrador",
    SECRETARY: "Secretaría Técnica",
    FRONTDESK: "Recepción (ventanilla)",
    UNIT: "Personal de unidad",
}


class Permission(IntFlag):
    MANAGE_ADMIN = 1  # units, users, catalog, non-working days
    VIEW_ALL_TICKETS = 2
    CREATE_TICKETS = 4
    CHANNEL_TICKETS = 8
    WORK_UNIT_TICKETS = 16
    VIEW_STATS = 32  # dashboard and cabinet PDF
    VIEW_COMPLIANCE = 64
    EXCUSE_REPORTS = 128
    SUBMIT_REPORTS = 256
    MANAGE_VISITS = 512
    USE_TWO_FACTOR = 1024  # may turn on the TOTP second factor for their own account
    MANAGE_MEETINGS = 2048  # cabinet meetings, agenda, minutes; verifies every agreement
    FOLLOW_AGREEMENTS = 4096  # sees and updates agreements (a unit: only its own)
    MANAGE_COLONIAS = 8192  # maps the tickets' free-text colonias to the catalogue
    EDIT_PROGRAM = 16384  # drafts, submits and changes its own unit's work program
    REVIEW_PROGRAMS = 32768  # sees every work program and its progress; approves or returns
    MANAGE_AXES = 65536  # the catalogue of the municipal development plan's axes


ROLE_PERMISSIONS = {
    ADMIN: Permission.MANAGE_ADMIN | Permission.USE_TWO_FACTOR | Permission.MANAGE_AXES,
    SECRETARY: (
        Permission.VIEW_ALL_TICKETS
        | Permission.CHANNEL_TICKETS
        | Permission.VIEW_STATS
        | Permission.VIEW_COMPLIANCE
        | Permission.EXCUSE_REPORTS
        | Permission.MANAGE_VISITS
        | Permission.USE_TWO_FACTOR
        | Permission.MANAGE_MEETINGS
        | Permission.FOLLOW_AGREEMENTS
        | Permission.MANAGE_COLONIAS
        | Permission.REVIEW_PROGRAMS
        | Permission.MANAGE_AXES
    ),
    FRONTDESK: Permission.VIEW_ALL_TICKETS | Permission.CREATE_TICKETS | Permission.CHANNEL_TICKETS,
    UNIT: (Permission.WORK_UNIT_TICKETS | Permission.SUBMIT_REPORTS | Permission.FOLLOW_AGREEMENTS
           | Permission.EDIT_PROGRAM),
}


def has_permission(user, permission: Permission) -> bool:
    """True when an authenticated, active user's role grants the permission."""
    if not getattr(user, "is_authenticated", False) or not user.active:
        return False
    return bool(ROLE_PERMISSIONS.get(user.role, Permission(0)) & permission)


def can_view_unit_reports(user, unit_id: int | None) -> bool:
    """The secretary sees every unit's weekly reports; unit staff only their own unit's."""
    if has_permission(user, Permission.VIEW_COMPLIANCE):
        return True
    return (has_permission(user, Permission.SUBMIT_REPORTS) and unit_id is not None
            and unit_id == user.unit_id)
