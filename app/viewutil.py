"""Small helpers shared by views."""
from flask import abort, flash, request

from app.extensions import db
from app.validators import ValidationError


def show_error(form, exc: ValidationError, field_alias: dict | None = None,
               category: str = "danger") -> None:
    """Put a domain error next to its field, or flash it when it has none (or no form)."""
    name = (field_alias or {}).get(exc.field, exc.field)
    field = getattr(form, name, None) if name else None
    if field is not None and hasattr(field, "errors"):
        field.errors = list(field.errors) + [str(exc)]
    else:
        flash(str(exc), category)


def commit_or_explain(action, form=None, *, errors=(ValidationError,), category: str = "danger",
                      field_alias: dict | None = None) -> tuple[bool, object]:
    """Call one service and commit: ``(True, its result)``. On a domain error (``errors``)
    roll back, show the Spanish message (``show_error``) and return ``(False, None)``."""
    try:
        result = action()
    except errors as exc:
        db.session.rollback()
        show_error(form, exc, field_alias, category)
        return False, None
    db.session.commit()
    return True, result


def get_or_404(model, ident):
    """Load a row by primary key; unknown or malformed ids answer 404."""
    try:
        ident = int(ident)
    except (TypeError, ValueError):
        abort(404)
    obj = db.session.get(model, ident)
    if obj is None:
        abort(404)
    return obj


def page_arg() -> int:
    """The ?page= argument as a positive integer (1 on bad input)."""
    try:
        return max(1, int(request.args.get("page", 1)))
    except (TypeError, ValueError):
        return 1
