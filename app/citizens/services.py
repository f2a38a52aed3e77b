"""Writes for citizens: find the one on file or register a new one."""
from datetime import datetime

from email_validator import EmailNotValidError, validate_email
from sqlalchemy import select

from app.citizens.models import Citizen
from app.extensions import db
from app.validators import ValidationError, clean, normalize_phone, normalize_text


def check_citizen_data(data: dict) -> dict:
    """Validate and normalise citizen fields; raises ValidationError (Spanish)."""
    name = clean(data.get("name"))
    if not name:
        raise ValidationError("El nombre del ciudadano es obligatorio.", "citizen_name")
    if len(name) > 150:
        raise ValidationError("El nombre admite como máximo 150 caracteres.", "citizen_name")
    try:
        phone = normalize_phone(data.get("phone"))
    except ValidationError as exc:
        raise ValidationError(str(exc), "citizen_phone") from exc
    email = clean(data.get("email"))
    if email:
        try:
            email = validate_email(email, check_deliverability=False).normalized
        except EmailNotValidError as exc:
            raise ValidationError("Correo electrónico no válido.", "citizen_email") from exc
    fields = {"name": name, "phone": phone, "email": email}
    for key, limit in (("address", 255), ("colonia", 120), ("localidad", 120)):
        value = clean(data.get(key))
        if value and len(value) > limit:
            raise ValidationError(f"Máximo {limit} caracteres.", f"citizen_{key}")
        fields[key] = value
    citizen_id = data.get("id")
    if citizen_id not in (None, "", 0, "0"):
        try:
            fields["id"] = int(citizen_id)
        except (TypeError, ValueError):
            raise ValidationError("Ciudadano no válido.", "citizen_name") from None
    return fields


def find_or_create_citizen(data: dict, *, now: datetime) -> Citizen:
    """The citizen chosen from the suggestions, the one with the same phone and name, or a new one.

    ``data`` holds name, phone, email, address, colonia, localidad and optionally ``id``;
    fields typed now fill in (or update) what is on file.
    """
    fields = check_citizen_data(data)
    citizen = _existing(fields)
    if citizen is None:
        citizen = Citizen(created_at=now, name=fields["name"],
                          search_name=normalize_text(fields["name"]))
        db.session.add(citizen)
    for key in ("phone", "email", "address", "colonia", "localidad"):
        if fields[key]:
            setattr(citizen, key, fields[key])
    return citizen


def create_citizen(data: dict, *, now: datetime) -> Citizen:
    """Register a new citizen record, never matching one on file.

    For unverified sources (the public portal): whoever types a known name and phone must
    not update that person's record (e.g. the e-mail their notifications go to).
    """
    fields = check_citizen_data({k: v for k, v in data.items() if k != "id"})
    citizen = Citizen(created_at=now, search_name=normalize_text(fields["name"]), **fields)
    db.session.add(citizen)
    return citizen


def _existing(fields: dict) -> Citizen | None:
    if "id" in fields:
        citizen = db.session.get(Citizen, fields["id"])
        if citizen is None:
            raise ValidationError("El ciudadano seleccionado no existe.", "citizen_name")
        return citizen
    if not fields["phone"]:
        return None
    return db.session.scalar(
        select(Citizen).where(Citizen.phone == fields["phone"],
                              Citizen.search_name == normalize_text(fields["name"]))
        .order_by(Citizen.id).limit(1))
