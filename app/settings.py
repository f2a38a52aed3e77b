"""Key/value settings: the ``settings`` table, its keys and the one pair that reads and writes it.

A new setting is a constant here and calls to ``get_setting`` / ``set_setting``; nothing else
writes the table by hand (the counter's daily salts, stored under ``COUNTER_SALT_PREFIX``, are
the exception: they need a race-safe insert, see ``app/visits/counter.py``). Values are text;
callers parse them.
"""
from dataclasses import dataclass

from sqlalchemy import String, Text, select
from sqlalchemy.orm import Mapped, mapped_column

from app.extensions import db

REPORT_DEADLINE_WEEKDAY = "report_deadline_weekday"  # global weekly-report deadline, 0 = Monday
REPORT_DEADLINE_TIME = "report_deadline_time"  # "HH:MM", local time
MAIL_SENDER = "mail_sender"  # the From header of every mail
CABINET_DISTRIBUTION = "cabinet_distribution"  # cabinet memo recipients, one address a line
DEMO_DATA = "demo_data"  # "1" once `flask seed-demo` ran: the login page lists the demo accounts
# The municipality's contact details, on every portal page and on both acuses.
CONTACT_PHONE = "contact_phone"
CONTACT_EMAIL = "contact_email"
CONTACT_ADDRESS = "contact_address"
CONTACT_HOURS = "contact_hours"
CONTACT_KEYS = (CONTACT_PHONE, CONTACT_EMAIL, CONTACT_ADDRESS, CONTACT_HOURS)
COUNTER_SALT_PREFIX = "counter_salt:"  # + ISO day: the built-in counter's salt of that day


class Setting(db.Model):
    """Key/value settings the administrator edits (report deadline, mail sender)."""

    __tablename__ = "settings"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


def get_setting(key: str, default: str | None = None) -> str | None:
    """The stored value of ``key``, else ``default``."""
    row = db.session.get(Setting, key)
    return row.value if row is not None else default


def get_settings(*keys: str) -> dict[str, str]:
    """The stored values of ``keys`` in one query (keys not stored are absent)."""
    return dict(db.session.execute(
        select(Setting.key, Setting.value).where(Setting.key.in_(keys))).all())


def set_setting(key: str, value: str) -> None:
    """Store ``value`` under ``key``, replacing any previous value; flushes."""
    row = db.session.get(Setting, key)
    if row is None:
        db.session.add(Setting(key=key, value=value))
    else:
        row.value = value
    db.session.flush()


@dataclass(frozen=True)
class Contact:
    """How citizens reach the municipality (blank until the administrator sets it)."""

    phone: str = ""
    email: str = ""
    address: str = ""
    hours: str = ""

    def __bool__(self) -> bool:
        return any((self.phone, self.email, self.address, self.hours))


def get_contact() -> Contact:
    """The municipal contact details and office hours, in one query."""
    values = get_settings(*CONTACT_KEYS)
    return Contact(phone=values.get(CONTACT_PHONE, ""), email=values.get(CONTACT_EMAIL, ""),
                   address=values.get(CONTACT_ADDRESS, ""), hours=values.get(CONTACT_HOURS, ""))


def set_contact(contact: Contact) -> None:
    """Store the municipal contact details; flushes."""
    for key, value in zip(CONTACT_KEYS, (contact.phone, contact.email, contact.address,
                                         contact.hours)):
        set_setting(key, (value or "").strip())
