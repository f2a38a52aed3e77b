"""Optional TOTP second factor (RFC 6238, pyotp) with single-use recovery codes."""
import hashlib
import hmac
import secrets
from datetime import datetime

import pyotp
from sqlalchemy import delete, func, select

from app.auth.models import RecoveryCode, User
from app.auth.services import (LoginError, check_not_locked, end_sessions, record_failed_login,
                               record_login)
from app.extensions import db
from app.validators import ValidationError

ISSUER = "Secretaría Técnica Fresnillo"
RECOVERY_CODE_COUNT = 10
# No 0/o, 1/l/i: the codes are copied by hand from paper. 12 of 31 symbols ≈ 59 bits, so a
# plain SHA-256 is enough (as for API keys): nobody can enumerate them offline.
RECOVERY_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"
RECOVERY_LENGTH = 12
WRONG_CODE = "El código no es correcto o ya se usó. Intente con el código actual."


def provisioning_uri(user: User) -> str:
    """The otpauth:// URI an authenticator app reads (also shown as a QR code)."""
    return pyotp.TOTP(user.totp_secret).provisioning_uri(name=user.username, issuer_name=ISSUER)


def begin_enrollment(user: User) -> None:
    """Give the user a new, not yet active secret to load into their app."""
    if user.totp_enabled:
        raise ValidationError("La verificación en dos pasos ya está activa.")
    user.totp_secret = pyotp.random_base32()
    user.totp_last_step = None
    db.session.flush()


def confirm_enrollment(user: User, code: str, now: datetime) -> list[str]:
    """Turn the second factor on once a code from the app matches; returns the recovery
    codes, the only time they exist in clear. Other sessions end."""
    if user.totp_enabled or not user.totp_secret:
        raise ValidationError("Primero genere una clave nueva.")
    if not _verify_totp(user, code, now):
        raise ValidationError(WRONG_CODE, "code")
    user.totp_enabled = True
    end_sessions(user)
    return _new_recovery_codes(user)


def disable(user: User, code: str, now: datetime) -> None:
    """Turn the second factor off after a current code or a recovery code."""
    if not user.totp_enabled:
        raise ValidationError("La verificación en dos pasos no está activa.")
    if not (_verify_totp(user, code, now) or _use_recovery_code(user, code, now)):
        raise ValidationError(WRONG_CODE, "code")
    user.totp_enabled = False
    user.totp_secret = None
    user.totp_last_step = None
    db.session.execute(delete(RecoveryCode).where(RecoveryCode.user_id == user.id))
    db.session.flush()


def verify_login_code(user: User, code: str, now: datetime) -> None:
    """The login's second step: a current code or an unused recovery code, else LoginError
    (counted like a wrong password, so guessing codes locks the account)."""
    check_not_locked(user, now)
    if not (_verify_totp(user, code, now) or _use_recovery_code(user, code, now)):
        record_failed_login(user, now)
        raise LoginError(WRONG_CODE)
    record_login(user, now)


def count_unused_recovery_codes(user: User) -> int:
    """How many recovery codes the user has left."""
    return db.session.scalar(select(func.count(RecoveryCode.id)).where(
        RecoveryCode.user_id == user.id, RecoveryCode.used_at.is_(None)))


def _verify_totp(user: User, code: str, now: datetime) -> bool:
    """A code of this 30-second step or the neighbouring ones, each accepted only once."""
    code = "".join((code or "").split())
    if not user.totp_secret or len(code) != 6 or not code.isdigit():
        return False
    totp = pyotp.TOTP(user.totp_secret)
    current = totp.timecode(now)
    for step in (current - 1, current, current + 1):
        if step > (user.totp_last_step or -1) and hmac.compare_digest(
                totp.generate_otp(step), code):
            user.totp_last_step = step
            return True
    return False


def _hash_code(code: str) -> str:
    normalized = "".join(c for c in (code or "").lower() if c.isalnum())
    return hashlib.sha256(normalized.encode("utf-8")).hexdigest()


def _new_recovery_codes(user: User) -> list[str]:
    db.session.execute(delete(RecoveryCode).where(RecoveryCode.user_id == user.id))
    codes = []
    for _ in range(RECOVERY_CODE_COUNT):
        raw = "".join(secrets.choice(RECOVERY_ALPHABET) for _ in range(RECOVERY_LENGTH))
        codes.append("-".join(raw[i:i + 4] for i in range(0, RECOVERY_LENGTH, 4)))
        db.session.add(RecoveryCode(user_id=user.id, code_hash=_hash_code(raw)))
    db.session.flush()
    return codes


def _use_recovery_code(user: User, code: str, now: datetime) -> bool:
    row = db.session.scalar(select(RecoveryCode).where(
        RecoveryCode.user_id == user.id, RecoveryCode.code_hash == _hash_code(code),
        RecoveryCode.used_at.is_(None)).with_for_update())
    if row is None:
        return False
    row.used_at = now
    db.session.flush()
    return True
