"""Small helpers shared by views."""
from flask import Response, abort, flash, request

from app.extensions import db
from app.forms import clamp_page
from app.validators import ValidationError, ValidationErrors, db_int, strip_controls


def show_error(form, exc: ValidationError, field_alias: dict | None = None,
               category: str = "danger") -> None:
    """Put a domain error next to its field, or flash it when it has none (or no form)."""
    if isinstance(exc, ValidationErrors):
        for error in exc.errors:
            show_error(form, error, field_alias, category)
        return
    name = (field_alias or {}).get(exc.field, exc.field)
    field = _find_field(form, name) if name and form is not None else None
    if field is not None and hasattr(field, "errors"):
        field.errors = list(field.errors) + [str(exc)]
    else:
        flash(str(exc), category)


def _find_field(form, name: str):
    """A form's field by name, or a field of a FieldList's row: ``progress-3-value``."""
    field = getattr(form, name, None)
    if field is None and name.count("-") >= 2:
        head, index, tail = name.split("-", 2)
        rows = getattr(form, head, None)
        if rows is not None and index.isdigit() and int(index) < len(getattr(rows, "entries", ())):
            field = getattr(rows.entries[int(index)].form, tail, None)
    return field


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


def validate_all(form, check) -> bool:
    """Validate ``form`` and, in the same round, the service's own rules: ``check()`` returns
    the ValidationErrors the service would raise, shown beside their fields. True when a
    submitted form passed both (the user sees every problem at once, not one per submit)."""
    if not form.is_submitted():
        return False
    valid = form.validate()
    problems = check()
    for problem in problems:
        show_error(form, problem)
    return valid and not problems


def pdf_response(body: bytes, filename: str, *, inline: bool = False) -> Response:
    """A PDF answer named ``filename``: downloaded, or shown in the browser with ``inline``."""
    disposition = "inline" if inline else "attachment"
    return Response(body, mimetype="application/pdf",
                    headers={"Content-Disposition": f'{disposition}; filename="{filename}"'})


def get_or_404(model, ident):
    """Load a row by primary key; unknown or malformed ids answer 404."""
    try:
        ident = db_int(ident)
    except (TypeError, ValueError):
        abort(404)
    obj = db.session.get(model, ident)
    if obj is None:
        abort(404)
    return obj


def text_arg(name: str, default: str = "") -> str:
    """A text argument of the query string without control characters (stripped, as the
    forms do: a NUL byte would otherwise reach the database, which refuses it)."""
    return strip_controls(request.args.get(name, default))


def page_arg() -> int:
    """The ?page= argument as a positive integer (1 on bad input, clamped to the database's
    range when huge)."""
    try:
        return clamp_page(int(request.args.get("page", 1)))
    except (TypeError, ValueError):
        return 1


def link_args(*exclude: str) -> dict:
    """The query string to repeat in a page's links (``url_for(endpoint, **link_args())``):
    non-empty values, without ``exclude`` and without the names url_for reserves for itself
    (``_external``, ``_scheme``…), which a visitor could otherwise set."""
    return {key: value for key, value in request.args.items()
            if value and not key.startswith("_") and key not in exclude}
