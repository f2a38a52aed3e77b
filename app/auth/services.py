"""Account operations: authentication with lockout, sessions, passwords, creation and edits."""
import hmac
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import func, select

from app.auth.models import User, new_session_token
from app.auth.passwords import check_password_policy
from app.auth.permissions import ROLE_LABELS, UNIT
from app.extensions import db
from app.validators import ValidationError, collect_errors, in_db_range, raise_errors


class LoginError(Exception):
    """Login refused, with a Spanish message for the user."""


def get_user_by_username(username: str) -> User | None:
    """The user with that username, case-insensitively."""
    return db.session.scalar(
        select(User).where(func.lower(User.username) == (username or "").strip().lower())
    )


def load_user(user_id: str) -> User | None:
    """The user of a session or remember-me cookie ("id:token"); None once the token changed."""
    ident, _, token = (user_id or "").partition(":")
    if not (ident.isascii() and ident.isdigit()) or not token or not in_db_range(int(ident)):
        return None
    user = db.session.get(User, int(ident))
    if user is None or not hmac.compare_digest(user.session_token, token):
        return None
    return user


def end_sessions(user: User) -> None:
    """End every session and remember-me cookie of the user (a new session token)."""
    user.session_token = new_session_token()
    db.session.flush()


def check_not_locked(user: User, now: datetime) -> None:
    """Raise LoginError while the account is locked after repeated failures."""
    if user.is_locked(now):
        raise LoginError(
            "Demasiados intentos fallidos. Espere unos minutos antes de volver a intentar."
        )


def record_failed_login(user: User, now: datetime) -> None:
    """Count a wrong password or code; enough of them lock the account for a while."""
    user.failed_logins += 1
    if user.failed_logins >= current_app.config["LOGIN_MAX_FAILURES"]:
        user.locked_until = now + timedelta(minutes=current_app.config["LOGIN_LOCK_MINUTES"])
        user.failed_logins = 0


def record_login(user: User, now: datetime) -> None:
    """The user proved every factor: clear the failures and note the time."""
    user.failed_logins = 0
    user.locked_until = None
    user.last_login_at = now


def authenticate(username: str, password: str, now: datetime) -> User:
    """Return the user, or raise LoginError; counts failures and locks the account.

    With a second factor enabled the login is not recorded yet (nor the failures cleared):
    the caller asks for the code and calls ``two_factor.verify_login_code``."""
    generic = "Usuario o contraseña incorrectos."
    user = get_user_by_username(username)
    if user is None:
        raise LoginError(generic)
    check_not_locked(user, now)
    if not user.check_password(password):
        record_failed_login(user, now)
        raise LoginError(generic)
    if not user.active:
        raise LoginError("Su cuenta está desactivada. Consulte al administrador.")
    if not user.totp_enabled:
        record_login(user, now)
    return user


def set_user_password(user: User, password: str, *, must_change: bool = False) -> None:
    """Check the policy, store the new hash and end the user's sessions."""
    check_password_policy(password, username=user.username, name=user.name)
    user.set_password(password, current_app.config.get("PASSWORD_HASH_METHOD"))
    user.must_change_password = must_change
    user.failed_logins = 0
    user.locked_until = None
    if user.id is not None:
        end_sessions(user)


def reset_password(user: User, password: str) -> None:
    """An administrator sets a password the user must replace at the next login."""
    set_user_password(user, password, must_change=True)


def change_own_password(user: User, current: str, new: str) -> None:
    """A user changes their own password after proving the current one; this ends their
    other sessions (the caller logs the current one in again)."""
    if not user.check_password(current):
        raise ValidationError("La contraseña actual no es correcta.", "current")
    if user.check_password(new):
        raise ValidationError("La nueva contraseña debe ser distinta de la actual.", "password")
    set_user_password(user, new)


def unlock_user(user: User) -> None:
    """An administrator lifts the lock left by repeated failed logins."""
    user.failed_logins = 0
    user.locked_until = None
    db.session.flush()


def user_problems(*, username, role, unit_id, user_id=None, name=None,
                  password=None) -> list[ValidationError]:
    """Every rule an account's data breaks (role, unit, unique username and, on creation,
    the password policy), all at once so the form shows them in one round."""
    errors = []
    if role not in ROLE_LABELS:
        errors.append(ValidationError("Seleccione un rol válido.", "role"))
    if role == UNIT and not unit_id:
        errors.append(ValidationError("El personal de unidad debe pertenecer a una unidad.",
                                      "unit_id"))
    existing = get_user_by_username((username or "").strip()) if username else None
    if existing is not None and existing.id != user_id:
        errors.append(ValidationError("Ya existe un usuario con ese nombre de usuario.",
                                      "username"))
    if password is not None:
        errors += collect_errors(lambda: check_password_policy(
            password, username=username, name=name))
    return errors


def create_user(*, username, name, email, role, unit_id, password, active=True,
                must_change_password=False) -> User:
    """Create an account; raises ValidationError on bad input. An administrator creating it
    for someone else sets ``must_change_password`` (the password is changed at first login)."""
    username = (username or "").strip()
    raise_errors(user_problems(username=username, role=role, unit_id=unit_id, name=name,
                               password=password))
    user = User(username=username, name=name.strip(), email=email, role=role,
                unit_id=unit_id if role == UNIT else None, active=active)
    set_user_password(user, password, must_change=must_change_password)
    db.session.add(user)
    db.session.flush()
    return user


def update_user(user: User, *, username, name, email, role, unit_id, active) -> User:
    """Edit an account; raises ValidationError on bad input."""
    username = (username or "").strip()
    raise_errors(user_problems(username=username, role=role, unit_id=unit_id, user_id=user.id))
    user.username = username
    user.name = name.strip()
    user.email = email
    user.role = role
    user.unit_id = unit_id if role == UNIT else None
    if user.active and not active:
        end_sessions(user)
    user.active = active
    db.session.flush()
    return user


def list_users(page: int, per_page: int = 50):
    """Users ordered by name, paginated."""
    return db.paginate(select(User).order_by(User.name), page=page, per_page=per_page,
                       error_out=False)
