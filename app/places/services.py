"""Writes of the colonias catalogue: the SEPOMEX import, add, rename, merge, the mapping of
free-text colonias (the checks the ticket intake calls are in app/colonias/catalogue.py).

Services add and flush; the caller commits once. Bad input raises ValidationError (Spanish,
with its field) before anything is written.
"""
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import func, select, update

from app.colonias.catalogue import UNKNOWN
from app.colonias.catalogue import surviving as _surviving
from app.colonias.models import (ADDED, IMPORTED, MAPPED, MATCHED, MERGED, RENAMED,
                                 SOURCE_MANUAL, SOURCE_SEPOMEX, Colonia, ColoniaChange)
from app.colonias.sepomex import POSTAL_CODE_RE, Settlement, name_key
from app.extensions import db
from app.stats import rollups
from app.tickets.models import Ticket
from app.validators import ValidationError, clean, db_int


def import_settlements(settlements: list[Settlement], actor, *, now: datetime) -> tuple[int, int]:
    """Add the settlements not yet in the catalogue; returns (added, already there).

    A settlement is already there when an entry has its postal code and SEPOMEX id, or its
    postal code and name: the administrator's renames are kept, not overwritten."""
    existing = set()
    for code, ident, key in db.session.execute(
            select(Colonia.postal_code, Colonia.sepomex_id, Colonia.search_name)):
        existing.update({(code, "name", key), (code, "id", ident)})
    added = 0
    for s in settlements:
        if (s.sepomex_id and (s.postal_code, "id", s.sepomex_id) in existing) or (
                (s.postal_code, "name", s.search_name) in existing):
            continue
        colonia = Colonia(name=s.name, kind=s.kind, postal_code=s.postal_code, city=s.city,
                          sepomex_id=s.sepomex_id, search_name=s.search_name,
                          source=SOURCE_SEPOMEX, created_at=now)
        db.session.add(colonia)
        db.session.flush()
        _log(colonia, IMPORTED, actor, now, detail=f"C.P. {s.postal_code}")
        existing.add((s.postal_code, "name", s.search_name))
        added += 1
    return added, len(settlements) - added


def add_colonia(name, kind, postal_code, actor, *, now: datetime) -> Colonia:
    """Add a settlement the SEPOMEX file lacks."""
    name, kind, postal_code = _checked(name, kind, postal_code)
    colonia = Colonia(name=name, kind=kind, postal_code=postal_code, search_name=name_key(name),
                      source=SOURCE_MANUAL, created_at=now)
    db.session.add(colonia)
    db.session.flush()
    _log(colonia, ADDED, actor, now, detail=colonia.label)
    return colonia


def rename_colonia(colonia: Colonia, name, kind, postal_code, actor, *,
                   now: datetime) -> Colonia:
    """Change a colonia's name, type or postal code; its tickets follow by id."""
    if not colonia.active:
        raise ValidationError("Esta colonia se fusionó con otra; edite aquella.", "name")
    before = colonia.label
    name, kind, postal_code = _checked(name, kind, postal_code, exclude_id=colonia.id)
    colonia.name, colonia.kind, colonia.postal_code = name, kind, postal_code
    colonia.search_name = name_key(name)
    if colonia.label == before:
        raise ValidationError("No hay cambios que guardar.", "name")
    db.session.flush()
    _log(colonia, RENAMED, actor, now, detail=f"«{before}» → «{colonia.label}»")
    return colonia


def merge_colonias(source: Colonia, target_id, actor, *, now: datetime) -> int:
    """Merge ``source`` into the colonia ``target_id``: its tickets (and the colonias merged
    into it before) point to the target; ``source`` stays, inactive, with its history and a
    pointer to the target. The tickets' colonia text, as recorded, is kept. Returns how many
    tickets moved."""
    target = _surviving(_get(target_id))
    if target is None:
        raise ValidationError(UNKNOWN, "target_id")
    if not source.active:
        raise ValidationError("Esta colonia ya se fusionó con otra.", "target_id")
    if target.id == source.id:
        raise ValidationError("Elija otra colonia: no se puede fusionar consigo misma.",
                              "target_id")
    moved = db.session.execute(update(Ticket).where(Ticket.colonia_id == source.id)
                               .values(colonia_id=target.id)
                               .execution_options(synchronize_session=False)).rowcount
    db.session.execute(update(Colonia).where(Colonia.merged_into_id == source.id)
                       .values(merged_into_id=target.id)
                       .execution_options(synchronize_session=False))
    rollups.move_colonia(source.id, target.id)
    source.active, source.merged_into_id = False, target.id
    db.session.flush()
    _log(source, MERGED, actor, now, target=target, tickets=moved,
         detail=f"«{source.label}» se fusionó con «{target.label}»")
    return moved


def map_free_text(text, colonia_id, actor, *, now: datetime) -> int:
    """Link the tickets whose free-text colonia is ``text`` (by ``name_key``) and that have
    no catalogue colonia to the catalogue colonia ``colonia_id``; returns how many."""
    colonia = _surviving(_get(colonia_id))
    if colonia is None:
        raise ValidationError(UNKNOWN, "colonia_id")
    texts = [t for t in _free_texts() if name_key(t) == name_key(text)]
    if not texts:
        raise ValidationError("Ningún ticket sin colonia del catálogo tiene ese texto.", "text")
    count = _link(texts, colonia)
    _log(colonia, MAPPED, actor, now, tickets=count,
         detail="Texto libre: " + ", ".join(f"«{t}»" for t in texts[:10]))
    return count


@dataclass
class MatchReport:
    matched: list[tuple[str, str, int]] = field(default_factory=list)  # text, colonia, tickets
    unmatched: list[tuple[str, int, str]] = field(default_factory=list)  # text, tickets, why


def match_free_texts(actor, *, now: datetime, dry_run: bool = False) -> MatchReport:
    """Link every free-text colonia of tickets that names exactly one catalogue colonia
    (accent- and case-insensitive, see ``name_key``); report what could not be matched.
    One grouped read of the distinct texts, one update per distinct text."""
    catalogue: dict[str, list[Colonia]] = {}
    for colonia in db.session.scalars(select(Colonia).where(Colonia.active.is_(True))):
        catalogue.setdefault(colonia.search_name, []).append(colonia)
    report, linked = MatchReport(), {}
    for text, count in _free_text_counts():
        candidates = catalogue.get(name_key(text), [])
        if len(candidates) == 1:
            report.matched.append((text, candidates[0].label, count))
            linked.setdefault(candidates[0].id, (candidates[0], []))[1].append(text)
        else:
            report.unmatched.append((text, count, "varias colonias del catálogo se llaman así"
                                     if candidates else "no está en el catálogo"))
    if not dry_run:
        for colonia, texts in linked.values():
            count = _link(texts, colonia)
            _log(colonia, MATCHED, actor, now, tickets=count,
                 detail="Texto libre: " + ", ".join(f"«{t}»" for t in texts[:10]))
    report.unmatched.sort(key=lambda row: (-row[1], row[0]))
    return report


def _free_text_counts():
    return db.session.execute(
        select(Ticket.colonia, func.count()).where(Ticket.colonia_id.is_(None),
                                                   Ticket.colonia.is_not(None))
        .group_by(Ticket.colonia).order_by(Ticket.colonia)).all()


def _free_texts() -> list[str]:
    return [text for text, _count in _free_text_counts()]


def _link(texts: list[str], colonia: Colonia) -> int:
    result = db.session.execute(
        update(Ticket).where(Ticket.colonia_id.is_(None), Ticket.colonia.in_(texts))
        .values(colonia_id=colonia.id).execution_options(synchronize_session=False))
    rollups.link_colonia_texts(texts, colonia.id)
    return result.rowcount


def _checked(name, kind, postal_code, exclude_id=None) -> tuple[str, str, str]:
    name, kind, postal_code = clean(name), clean(kind) or "Colonia", clean(postal_code) or ""
    if not name or not name_key(name):
        raise ValidationError("Escriba el nombre de la colonia.", "name")
    if len(name) > 120 or len(kind) > 60:
        raise ValidationError("Máximo 120 caracteres (60 el tipo).", "name")
    if not POSTAL_CODE_RE.match(postal_code):
        raise ValidationError("El código postal tiene 5 dígitos.", "postal_code")
    clash = db.session.scalar(select(Colonia.id).where(
        Colonia.search_name == name_key(name), Colonia.postal_code == postal_code,
        Colonia.active.is_(True), Colonia.id != (exclude_id or 0)).limit(1))
    if clash:
        raise ValidationError(f"Ya existe «{name}» con el código postal {postal_code}.", "name")
    return name, kind, postal_code


def _get(value) -> Colonia | None:
    try:
        return db.session.get(Colonia, db_int(value))
    except (TypeError, ValueError):
        return None


def _log(colonia, action, actor, now, *, target=None, tickets=0, detail=None) -> None:
    db.session.add(ColoniaChange(colonia_id=colonia.id, action=action, target=target,
                                 tickets=tickets or 0, detail=detail, created_at=now,
                                 actor_id=actor.id if actor is not None else None))
    db.session.flush()
