"""The role sets of the access matrix (tests/test_access_matrix.py and tests/<feature>/access.py).

Role names come from app/auth/permissions.py; which roles reach a route is written here and in
the ROUTES tables, not derived from ROLE_PERMISSIONS, so the matrix checks the map instead of
repeating it.
"""
from app.auth import permissions as p

ANONYMOUS = "anonymous"
ROLES = (ANONYMOUS, *p.ROLE_LABELS)  # anonymous, admin, secretary, frontdesk, unit

ADMIN = frozenset({p.ADMIN})
SECRETARY = frozenset({p.SECRETARY})
FRONTDESK = frozenset({p.FRONTDESK})
UNIT = frozenset({p.UNIT})
DESK = SECRETARY | FRONTDESK  # the roles that see every ticket
ANYONE_LOGGED = frozenset(p.ROLE_LABELS)
PUBLIC = ANYONE_LOGGED | {ANONYMOUS}
