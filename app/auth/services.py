"""Account operations: authentication with lockout, creation and edits."""
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import func, select

from app.auth.models import User
from app.auth.permissions import ROLE_LABELS, UNIT
from app.extensions import db
from app.validators import ValidationError

MIN_PASSWORD_LENGTH = 8


class LoginError(Exception):
    """Login refused, with a Spanish message for the user."""


def get_user_by_username(username: str) -> User | None:
    """The user with that username, case-insensitively."""
    return db.session.scalar(
        select(User).where(func.lower(User.username) == (username or "").strip().lower())
    )


def authenticate(username: str, password: str, now: datetime) -> User:
    """Return the user, or raise LoginError; counts failures and locks the account."""
    generic = "Usuario o contraseña incorrectos."
    user = get_user_by_username(username)
    if user is None:
        raise LoginError(generic)
    if user.locked_until and user.locked_until > now:
        raise LoginError(
            "Demasiados intentos fallidos. Espere unos minutos antes de volver a intentar."
        )
    if not user.check_password(password):
        user.failed_logins += 1
        if user.failed_logins >= current_app.config["LOGIN_MAX_FAILURES"]:
            minutes = current_app.config["LOGIN_LOCK_MINUTES"]
            user.locked_until = now + timedelta(minutes=minutes)
            user.failed_logins = 0
        raise LoginError(generic)
    if not user.active:
        raise LoginError("Su cuenta está desactivada. Consulte al administrador.")
    user.failed_logins = 0
    user.locked_until = None
    user.last_login_at = now
    return user


def validate_password(password: str) -> None:
    if len(password or "") < MIN_PASSWORD_LENGTH:
        raise ValidationError(
            f"La contraseña debe tener al menos {MIN_PASSWORD_LENGTH} caracteres.", "password"
        )


def set_user_password(user: User, password: str) -> None:
    """Validate and store a new password hash."""
    validate_password(password)
    user.set_password(password, current_app.config.get("PASSWORD_HASH_METHOD"))
    user.failed_logins = 0
    user.locked_until = None


def change_own_password(user: User, current: str, new: str) -> None:
    """A user changes their own password after proving the current one."""
    if not user.check_password(current):
        raise ValidationError("La contraseña actual no es correcta.", "current")
    set_user_password(user, new)


def _check_user_fields(username: str, role: str, unit_id: int | None, user_id: int | None):
    if role not in ROLE_LABELS:
        raise ValidationError("Seleccione un rol válido.", "role")
    if role == UNIT and not unit_id:
        raise ValidationError("El personal de unidad debe pertenecer a una unidad.", "unit_id")
    existing = get_user_by_username(username)
    if existing is not None and existing.id != user_id:
        raise ValidationError("Ya existe un usuario con ese nombre de usuario.", "username")


def create_user(*, username, name, email, role, unit_id, password, active=True) -> User:
    """Create an account; raises ValidationError on bad input."""
    username = (username or "").strip()
    _check_user_fields(username, role, unit_id, None)
    user = User(username=username, name=name.strip(), email=email, role=role,
                unit_id=unit_id if role == UNIT else None, active=active)
    set_user_password(user, password)
    db.session.add(user)
    db.session.flush()
    return user


def update_user(user: User, *, username, name, email, role, unit_id, active) -> User:
    """Edit an account; raises ValidationError on bad input."""
    username = (username or "").strip()
    _check_user_fields(username, role, unit_id, user.id)
    user.username = username
    user.name = name.strip()
    user.email = email
    user.role = role
    user.unit_id = unit_id if role == UNIT else None
    user.active = active
    db.session.flush()
    return user


def list_users(page: int, per_page: int = 50):
    """Users ordered by name, paginated."""
    return db.paginate(select(User).order_by(User.name), page=page, per_page=per_page,
                       error_out=False)
