"""User accounts and their second-factor recovery codes."""
import secrets
from datetime import datetime

from flask_login import UserMixin
from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship
from werkzeug.security import check_password_hash, generate_password_hash

from app.extensions import db
from app.timeutil import UTCDateTime, utcnow


def new_session_token() -> str:
    """A fresh random value; replacing a user's token ends all of their sessions."""
    return secrets.token_urlsafe(32)


class User(UserMixin, db.Model):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(String(120))
    email: Mapped[str | None] = mapped_column(String(254))
    password_hash: Mapped[str] = mapped_column(String(255))
    role: Mapped[str] = mapped_column(String(20), index=True)
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("units.id"), index=True)
    active: Mapped[bool] = mapped_column(default=True)
    last_login_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    failed_logins: Mapped[int] = mapped_column(default=0)
    locked_until: Mapped[datetime | None] = mapped_column(UTCDateTime())
    notify_digest: Mapped[bool] = mapped_column(default=True)
    notify_reminders: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    # Part of every session and remember-me cookie (get_id); rotating it logs the user out
    # everywhere.
    session_token: Mapped[str] = mapped_column(String(64), default=new_session_token)
    must_change_password: Mapped[bool] = mapped_column(default=False)
    # TOTP (RFC 6238): the base32 secret is set at enrollment and only used once confirmed.
    totp_secret: Mapped[str | None] = mapped_column(String(32))
    totp_enabled: Mapped[bool] = mapped_column(default=False)
    totp_last_step: Mapped[int | None] = mapped_column()  # a code is accepted once

    unit = relationship("Unit", back_populates="staff")

    @property
    def is_active(self) -> bool:  # Flask-Login refuses inactive users
        return self.active

    def get_id(self) -> str:
        return f"{self.id}:{self.session_token}"

    def is_locked(self, now: datetime) -> bool:
        return bool(self.locked_until and self.locked_until > now)

    def set_password(self, password: str, method: str | None = None) -> None:
        kwargs = {"method": method} if method else {}
        self.password_hash = generate_password_hash(password, **kwargs)

    def check_password(self, password: str) -> bool:
        return check_password_hash(self.password_hash, password)

    def __repr__(self) -> str:
        return f"<User {self.username}>"


class RecoveryCode(db.Model):
    """A one-time code that replaces the authenticator app; only its SHA-256 is kept."""

    __tablename__ = "user_recovery_codes"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    code_hash: Mapped[str] = mapped_column(String(64))
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
